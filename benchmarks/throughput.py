"""End-to-end throughput and memory on a Timeline17 topic (~300 articles).

Runs ingest → annotate → cluster → synthesise → report on one topic of
../shared/data/timeline17, in three increments of a third each (``--increments``), printing articles per second
(with and without model loading), peak RSS, and RSS after each increment (it should not
grow with the number of articles; the store on disk does). Targets (issue 2): ≥ 10
articles/s on the 2-core machine, peak RSS ≤ 2 GB.

    python benchmarks/throughput.py [--topic bpoil_reuters] [--increments 3] [--separate-runs] [--set KEY=VALUE ...]

More increments mean more re-synthesis of stories that grow: a stream ingested every hour is
closer to ``--increments 10`` than to 3. ``--separate-runs`` opens the store anew for each
increment, as one command a time does, so that only what the store keeps carries over.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, peak_rss_mb, require, rss_mb, settings  # noqa: E402

from newsweave.config import Config  # noqa: E402
from newsweave.pipeline.runner import Newsweave  # noqa: E402
from newsweave.report import write_report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topic", default="bpoil_reuters", help="a folder of ../shared/data/timeline17")
    parser.add_argument("--increments", type=int, default=3, help="feed the topic in this many parts (default 3)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Config setting for this run, e.g. --set lead_words=40 (repeatable; default: the defaults)",
    )
    parser.add_argument(
        "--separate-runs",
        action="store_true",
        help="open the store anew for each increment (the loaded models kept), as successive"
        " `newsweave run` or `build` commands do: nothing but the store carries over",
    )
    args = parser.parse_args()
    overrides = settings(args.set)
    source = DATA / "timeline17" / args.topic / "articles.jsonl"
    require(source)
    lines = source.read_text(encoding="utf-8").splitlines()
    words = sum(len(json.loads(x)["text"].split()) for x in lines)
    work = Path(tempfile.mkdtemp())
    parts = []
    for k in range(max(args.increments, 1)):
        part = work / f"part{k}.jsonl"
        part.write_text("\n".join(lines[k :: max(args.increments, 1)]) + "\n", encoding="utf-8")
        parts.append(part)

    t0 = time.perf_counter()
    nw = Newsweave(work / "t.db", Config().with_options(**overrides))
    nw.annotator.ner  # noqa: B018 - load the models first, to time them apart
    nw.embedder.model  # noqa: B018
    t_models = time.perf_counter() - t0
    rows = []
    stages = {"ingest": 0.0, "annotate": 0.0, "cluster": 0.0, "synthesize": 0.0, "report": 0.0}
    for k, part in enumerate(parts, start=1):
        if args.separate_runs and k > 1:
            nw.close()
            nw = Newsweave(work / "t.db", nw.config, annotator=nw.annotator)
        t = time.perf_counter()
        marks = [t]
        report = nw.ingest([part])
        marks.append(time.perf_counter())
        nw.annotate()
        marks.append(time.perf_counter())
        nw.cluster()
        marks.append(time.perf_counter())
        nw.synthesize()
        marks.append(time.perf_counter())
        write_report(nw.store, work / "report")
        marks.append(time.perf_counter())
        for name, start, end in zip(stages, marks, marks[1:], strict=False):
            stages[name] += end - start
        rows.append((k, report.added, time.perf_counter() - t, rss_mb()))
    total = time.perf_counter() - t0
    n = sum(r[1] for r in rows)
    work_seconds = sum(r[2] for r in rows)
    print(f"topic: {args.topic}  articles: {n}  words/article: {words // max(len(lines), 1)}")
    if args.separate_runs:
        print("the store opened anew for each increment (--separate-runs)")
    if overrides:
        print("settings: " + ", ".join(f"{k}={v}" for k, v in overrides.items()))
    print(f"{'increment':>9} {'articles':>8} {'seconds':>8} {'art/s':>6} {'RSS MB':>7}")
    for k, added, seconds, rss in rows:
        print(f"{k:9d} {added:8d} {seconds:8.1f} {added / seconds:6.1f} {rss:7.0f}")
    print("seconds by stage: " + ", ".join(f"{name} {secs:.1f}" for name, secs in stages.items()))
    print(f"model loading: {t_models:.1f} s")
    print(f"articles/s without model loading: {n / work_seconds:.2f}")
    print(f"articles/s end to end (incl. loading): {n / total:.2f}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB; store: {(work / 't.db').stat().st_size / 2**20:.1f} MB")
    print(f"stories: {len(nw.stories())}")
    nw.close()


if __name__ == "__main__":
    main()
