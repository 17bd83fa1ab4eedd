"""An interrupted run resumes: `newsweave run` killed with SIGKILL at random points, then run
again, ends with the store an uninterrupted run gives (issue 28's kill -9 trial as a test)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import SAMPLE

pytestmark = pytest.mark.slow

_ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


def _run(db: Path, out: Path, kill_after: float | None = None) -> int | None:
    """Run `newsweave run` on the sample corpus; with ``kill_after``, SIGKILL it after that many
    seconds (None if it ended before)."""
    command = [sys.executable, "-m", "newsweave.cli", "-q", "run", str(SAMPLE), "--db", str(db), "--out", str(out)]
    process = subprocess.Popen(command, env=_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is None:
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err.decode(errors="replace")[-2000:]
        return process.returncode
    deadline = time.monotonic() + kill_after
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    return None


def _what_a_reader_sees(out: Path) -> dict:
    """The report's stories as sets: membership of stories and events, titles, summaries."""
    data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    stories = []
    for story in data["stories"]:
        stories.append(
            (
                story["title"],
                tuple(sorted(story["articles"])),
                tuple(sorted(tuple(sorted(e["articles"])) for e in story["events"])),
                tuple(s["text"] for s in story["summary"]),
                len(story["copies"]),
            )
        )
    return {"stories": sorted(stories), "articles": sorted(a["id"] for a in data["articles"])}


def test_a_run_killed_at_random_points_resumes_to_the_uninterrupted_store(tmp_path):
    whole = tmp_path / "whole"
    started = time.monotonic()
    _run(tmp_path / "whole.db", whole)
    duration = time.monotonic() - started
    expected = _what_a_reader_sees(whole)
    rng = random.Random(20261206)
    for k in range(2):
        db, out = tmp_path / f"killed{k}.db", tmp_path / f"killed{k}"
        _run(db, out, kill_after=rng.uniform(0.3, 0.9) * duration)  # killed somewhere in the run
        _run(db, out)  # the same command again
        assert _what_a_reader_sees(out) == expected
