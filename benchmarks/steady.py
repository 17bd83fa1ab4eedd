"""Does adding articles cost more when the store is large? (issue 25, "cost must not grow with the store")

The same new articles (DUC 2003 and 2004, 798 real articles on other subjects than the base's)
are fed by ``newsweave run`` into an empty store and into a copy of a large store (``--base``,
e.g. the Timeline17 development store, 4,602 articles, made by ``benchmarks/story_sets.py``), in
``--parts`` successive commands each, every command a whole process (model loading included).
Both runs use the base store's embedding backend. The runs alternate, empty store first, for
``--rounds`` rounds; it prints seconds per part, the totals, their ratio (target: the large store
at most 1.2 times the empty one) and each run's peak RSS (target: at most 2 GB).

    python benchmarks/steady.py --base STORE.db [--parts 1] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, require  # noqa: E402

from newsweave.config import DEFAULT_EMBEDDING_BACKEND, Config  # noqa: E402
from newsweave.pipeline.runner import EMBEDDING_SETTING  # noqa: E402
from newsweave.pipeline.steps import with_stored_backends  # noqa: E402

SOURCES = ("duc2003-task2.jsonl", "duc2004-clusters.jsonl")


def new_articles(work: Path, parts: int, limit: int | None = None) -> list[Path]:
    """The DUC documents (the first ``limit``) as JSON Lines articles, split into ``parts`` files."""
    rows = []
    for name in SOURCES:
        require(DATA / name)
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            for doc in json.loads(line)["docs"]:
                rows.append({k: doc.get(k) for k in ("id", "outlet", "published", "text")})
    rows = rows[:limit]
    files = []
    for k in range(parts):
        path = work / f"part{k}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows[k::parts]), encoding="utf-8")
        files.append(path)
    return files


def timed_run(db: Path, part: Path, out: Path, backend: str) -> tuple[float, float, int]:
    """Seconds, peak RSS (MB) and stories written of one ``newsweave run`` process."""
    command = [sys.executable, "-m", "newsweave.cli", "-q", "--db", str(db), "--embedding-backend", backend]
    command += ["run", str(part), "--out", str(out), "--force"]
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"newsweave run failed ({process.returncode}): {errors.read().decode()[-2000:]}")
        errors.seek(0)
        written = re.findall(r"\((\d+) written\)", errors.read().decode("utf-8", "replace"))
    return seconds, usage.ru_maxrss / 1024, int(written[-1]) if written else -1


def stored(db: Path) -> tuple[int, str | None]:
    """Articles in a store and the record of its vectors' maker (read-only)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        count = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        row = con.execute("SELECT value FROM settings WHERE key = ?", (EMBEDDING_SETTING,)).fetchone()
    return int(count), row[0] if row else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, required=True, help="the large store (copied, never changed)")
    parser.add_argument("--parts", type=int, default=1, help="feed the new articles in this many commands")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="only the first N new articles (a quick check)")
    args = parser.parse_args()
    require(args.base)
    base_articles, record = stored(args.base)
    backend = with_stored_backends(Config(), record).annotate.embedding_backend or DEFAULT_EMBEDDING_BACKEND
    work = Path(tempfile.mkdtemp())
    files = new_articles(work, max(args.parts, 1), args.limit)
    results: dict[str, list[tuple[list[float], float]]] = {"empty": [], "large": []}
    written: dict[str, list[int]] = {"empty": [], "large": []}
    for r in range(max(args.rounds, 1)):
        for name in ("empty", "large"):
            db = work / f"{name}{r}.db"
            if name == "large":
                shutil.copyfile(args.base, db)
            runs = [timed_run(db, part, work / f"out_{name}{r}", backend) for part in files]
            results[name].append(([s for s, _, _ in runs], max(m for _, m, _ in runs)))
            written[name] = [w for _, _, w in runs]
    new = sum(1 for f in files for _ in f.open(encoding="utf-8"))
    print(f"{new} new articles in {len(files)} command(s); large store: {base_articles} articles; backend {backend}")
    totals = {}
    for name, rounds in results.items():
        totals[name] = statistics.median(sum(seconds) for seconds, _ in rounds)
        per_part = [round(statistics.median(col), 1) for col in zip(*(s for s, _ in rounds), strict=True)]
        peak = max(m for _, m in rounds)
        print(f"{name:>6}: {totals[name]:7.1f} s  ({new / totals[name]:.2f} articles/s)  peak RSS {peak:.0f} MB")
        print(f"        per part: {per_part}; stories written per part: {written[name]}")
    print(f"large / empty: {totals['large'] / totals['empty']:.2f} (target <= 1.20)")


if __name__ == "__main__":
    main()
