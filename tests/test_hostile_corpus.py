"""The hostile corpus in one call (issue 28, Measures): a few hundred hostile and malformed inputs
of every kind with valid articles hidden among them, ingested by one `newsweave ingest`: exit 0,
no traceback, every valid article stored, peak memory under 2 GB, bounded time."""

from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys
import time

from .hostile_corpus import write_corpus


def test_one_ingest_of_the_hostile_corpus_stores_every_valid_article(tmp_path):
    corpus = write_corpus(tmp_path / "in", seed=7, copies=3)
    assert corpus.inputs >= 200 and len(corpus.valid) >= 40
    db = tmp_path / "n.db"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "newsweave.cli", "--db", str(db), "ingest", str(tmp_path / "in")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and seconds < 120
    assert peak_mb < 2048
    assert len(result.stderr.splitlines()) <= 55  # 50 warnings, the count of the rest, the summary
    with sqlite3.connect(db) as conn:
        stored = " ".join(row[0] for row in conn.execute("SELECT raw_text FROM articles"))
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert sorted(m for m in corpus.valid if m not in stored) == []
