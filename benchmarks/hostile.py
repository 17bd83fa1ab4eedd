"""Hostile input: how newsweave fares on a generated corpus of hostile and malformed inputs
(issue 28). Prints inputs tried, crashes (a non-zero exit or a traceback), hangs (over the time
limit), valid articles lost and the peak memory of the ingest process.

    python benchmarks/hostile.py [--copies 3] [--seed 0] [--limit 600]
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_corpus import write_corpus  # noqa: E402


def main() -> None:
    """Generate the corpus, ingest it in one call and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3, help="sets of inputs to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=float, default=600.0, help="seconds before the ingest counts as a hang")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = write_corpus(folder / "in", seed=args.seed, copies=args.copies)
        started = time.monotonic()
        crashes = hangs = 0
        try:
            result = subprocess.run(
                [sys.executable, "-m", "newsweave.cli", "--db", str(folder / "n.db"), "ingest", str(folder / "in")],
                capture_output=True,
                text=True,
                timeout=args.limit,
                cwd=ROOT,
            )
            crashes = int(result.returncode != 0 or "Traceback" in result.stderr)
            summary = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
        except subprocess.TimeoutExpired:
            hangs, summary = 1, "(timed out)"
        seconds = time.monotonic() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        stored = ""
        if (folder / "n.db").exists():
            with sqlite3.connect(folder / "n.db") as conn:
                stored = " ".join(row[0] for row in conn.execute("SELECT raw_text FROM articles"))
        lost = sorted(m for m in corpus.valid if m not in stored)
    print(f"inputs tried      {corpus.inputs}")
    print(f"valid articles    {len(corpus.valid)}")
    print(f"crashes           {crashes}")
    print(f"hangs             {hangs}")
    print(f"lost articles     {len(lost)}")
    print(f"peak memory       {peak:.0f} MB")
    print(f"time              {seconds:.1f} s")
    print(f"summary           {summary}")


if __name__ == "__main__":
    main()
