"""The Ray engine (``--engine ray``) gives what the local engine gives, on a local Ray of 2 CPUs.

Skipped only where Ray is not installed (``make test`` installs it: ``.[test,ray]``).
"""

from __future__ import annotations

import json
import logging
import sys

import pytest

from newsweave.cli import main
from newsweave.errors import Errors
from newsweave.pipeline.engine import make_engine
from newsweave.pipeline.runner import Newsweave
from newsweave.runtime.logs import limit_warnings

from ..conftest import SAMPLE


@pytest.fixture(scope="module")
def local_ray():
    """One Ray of 2 CPUs on this machine for the module's tests (each engine reuses it), shut down after."""
    pytest.importorskip("ray")
    import ray

    from newsweave.pipeline.ray_engine import start_ray

    started = start_ray(cpus=2)
    yield
    if started:
        ray.shutdown()


@pytest.mark.slow
def test_the_sample_corpus_gives_the_same_stories_json_on_ray_as_locally(tmp_path, local_ray):
    for engine in ("local", "ray"):
        argv = ["--db", str(tmp_path / f"{engine}.db"), "-q", "run", str(SAMPLE), "--out", str(tmp_path / engine)]
        assert main([*argv, "--engine", engine, *(["--workers", "2"] if engine == "ray" else [])]) == 0
    local = (tmp_path / "local" / "stories.json").read_bytes()
    assert (tmp_path / "ray" / "stories.json").read_bytes() == local
    data = json.loads(local)
    assert len(data["stories"]) == 3 and all(s["summary"] and s["timeline"] for s in data["stories"])


def _inputs(folder):
    """Good and bad items of every kind the readers and the cleaner skip, with their line numbers."""
    folder.mkdir()
    (folder / "a.txt").write_text("Harbour cranes stopped work on Monday as the strike began.\n", encoding="utf-8")
    records = [
        {"id": "r1", "title": "Vote", "text": "Dock workers voted to end the strike after nine days of talks."},
        "{not json",
        {"id": "r3", "text": ["a list, not text"]},
        {"id": "r4", "text": "Advertisement"},  # read, then cleaned to nothing
        {"id": "r5", "text": "The port reopened on Friday; the first ships were unloaded.", "published": "0001-01-01"},
    ]
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    (folder / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "c.pdf").write_bytes(b"%PDF-1.4")
    return [folder, folder / "missing.txt"]


def test_skipped_items_are_reported_with_file_and_line_as_locally(tmp_path, local_ray, caplog):
    limit_warnings(None)  # every warning logged (a command run before may have held some back)
    caplog.set_level(logging.WARNING)
    reports, logs = {}, {}
    for engine in ("local", "ray"):
        caplog.clear()
        paths = _inputs(tmp_path / engine)
        with Newsweave(tmp_path / f"{engine}.db", engine=make_engine(engine, workers=2)) as nw:
            report = nw.ingest(paths)
        reports[engine] = report
        where = str(tmp_path / engine)
        logs[engine] = sorted(r.getMessage().replace(where, "DIR") for r in caplog.records if r.levelname == "WARNING")
        skips = [(s.source.replace(where, "DIR"), s.line, s.error) for s in report.skipped]
        reports[engine] = (report.read, report.added, sorted(skips, key=str))
    assert reports["ray"] == reports["local"]
    read, added, skips = reports["local"]
    assert (read, added) == (4, 3)
    assert skips == sorted(
        [
            ("DIR/missing.txt", None, Errors.W101),
            ("DIR/b.jsonl", 2, Errors.W106),
            ("DIR/b.jsonl", 3, Errors.W107),
            ("DIR/b.jsonl", 4, Errors.W104),
            ("DIR/c.pdf", None, Errors.W108),
        ],
        key=str,
    )
    assert logs["ray"] == logs["local"]
    assert any("DIR/b.jsonl:5" in line and "[W119]" in line for line in logs["ray"])  # a warning from a worker


def test_without_ray_the_engine_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray fails
    monkeypatch.delitem(sys.modules, "newsweave.pipeline.ray_engine", raising=False)
    (tmp_path / "a.txt").write_text("Harbour cranes stopped work on Monday.\n", encoding="utf-8")
    code = main(["--db", str(tmp_path / "n.db"), "ingest", str(tmp_path / "a.txt"), "--engine", "ray"])
    err = capsys.readouterr().err
    assert code == 1
    assert "[E014]" in err and "pip install 'newsweave[ray]'" in err
    assert "Traceback" not in err


def test_ray_options_need_the_ray_engine(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Harbour cranes stopped work on Monday.\n", encoding="utf-8")
    code = main(["--db", str(tmp_path / "n.db"), "ingest", str(tmp_path / "a.txt"), "--workers", "2"])
    assert code == 2
    assert "--engine ray" in capsys.readouterr().err
