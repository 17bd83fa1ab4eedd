"""What adding articles costs as one developing story grows (issue 25: cost must not grow with the store).

Timeline17's five folders on the BP oil spill (1,461 articles of five outlets, one developing
story) are fed in date order, in ``--parts`` parts (default 10), one build a part in one process
with the models loaded once and the store opened anew for each part, as successive commands do.
For each part it prints the articles added, the size of the largest story after it, and the
seconds of each stage. Grouping and synthesis re-read the grown story; their seconds per part
should not grow with it.

    python benchmarks/story_growth.py [--parts 10] [--keep DIR]
    python benchmarks/story_growth.py --last DIR   # the last part again, into a copy of the kept store before it

``--keep DIR`` keeps the parts and a copy of the store before the last part; ``--last DIR`` times
only that last part into a fresh copy of it, so two versions of the code can be compared on the
same grown story, one after the other in one session. The comparison is fair only when both
versions find quotes with the same code: the quotes a store keeps are versioned by that code and
found again under another.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, peak_rss_mb, require, settings  # noqa: E402

from newsweave.config import Config  # noqa: E402
from newsweave.pipeline.runner import Newsweave  # noqa: E402

TOPICS = ("bpoil_bbc", "bpoil_foxnews", "bpoil_guardian", "bpoil_reuters", "bpoil_washingtonpost")
STAGES = ("ingest", "annotate", "group", "synthesize")


def write_parts(folder: Path, parts: int) -> list[Path]:
    """The topics' articles in date order (the record's date), cut into ``parts`` files in ``folder``."""
    rows = []
    for topic in TOPICS:
        source = DATA / "timeline17" / topic / "articles.jsonl"
        require(source)
        for line in source.read_text(encoding="utf-8").splitlines():
            rows.append((json.loads(line).get("time") or "", line))
    rows.sort(key=lambda r: r[0])
    paths = []
    for k in range(parts):
        path = folder / f"part{k}.jsonl"
        chunk = rows[k * len(rows) // parts : (k + 1) * len(rows) // parts]
        path.write_text("\n".join(line for _, line in chunk) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def build_part(nw: Newsweave, part: Path) -> tuple[int, list[float]]:
    """Ingest and build one part; (articles added, seconds of each stage)."""
    marks = [time.perf_counter()]
    added = nw.ingest([part]).added
    marks.append(time.perf_counter())
    nw.annotate()
    marks.append(time.perf_counter())
    nw.cluster()
    nw.date_from_stories()
    marks.append(time.perf_counter())
    nw.synthesize()
    marks.append(time.perf_counter())
    return added, [b - a for a, b in zip(marks, marks[1:], strict=False)]


def largest_story(nw: Newsweave) -> int:
    return max((len(s.article_ids) for s in nw.stories()), default=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--parts", type=int, default=10, help="feed the story in this many date-ordered parts (at least 2)"
    )
    parser.add_argument("--keep", type=Path, help="keep the parts and the store before the last part here")
    parser.add_argument("--last", type=Path, help="time only the last part into a copy of the store kept in DIR")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a Config setting")
    args = parser.parse_args()
    if args.parts < 2:
        parser.error("--parts must be at least 2: the story has to grow")
    with tempfile.TemporaryDirectory() as scratch:
        run(args, Path(scratch))


def run(args: argparse.Namespace, work: Path) -> None:
    """Feed the parts (or only the last) into a store in ``work`` and print a row a part."""
    config = Config().with_options(**settings(args.set))
    print(f"{'part':>4} {'added':>6} {'story':>6} " + " ".join(f"{s:>10}" for s in STAGES) + f" {'s/article':>9}")
    if args.last:
        db = work / "t.db"
        shutil.copy(args.last / "before_last.db", db)
        last = sorted(args.last.glob("part*.jsonl"), key=lambda p: int(p.stem[4:]))[-1]
        nw = Newsweave(db, config)
        nw.annotator.ner  # noqa: B018 - the models loaded before the clock starts
        nw.embedder.model  # noqa: B018
        added, seconds = build_part(nw, last)
        _row(last.stem[4:], added, largest_story(nw), seconds)
        nw.close()
        print(f"peak RSS: {peak_rss_mb():.0f} MB")
        return
    folder = args.keep or work
    folder.mkdir(parents=True, exist_ok=True)
    parts = write_parts(folder, args.parts)
    db = work / "t.db"
    nw = Newsweave(db, config)
    nw.annotator.ner  # noqa: B018
    nw.embedder.model  # noqa: B018
    for k, part in enumerate(parts):
        if k:
            nw.close()
            nw = Newsweave(db, config, annotator=nw.annotator)
        if args.keep and k == len(parts) - 1:
            nw.store.backup(args.keep / "before_last.db")
        added, seconds = build_part(nw, part)
        _row(str(k), added, largest_story(nw), seconds)
    nw.close()
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


def _row(name: str, added: int, story: int, seconds: list[float]) -> None:
    per = (seconds[2] + seconds[3]) / max(added, 1)
    print(f"{name:>4} {added:6d} {story:6d} " + " ".join(f"{s:10.1f}" for s in seconds) + f" {per:9.3f}", flush=True)


if __name__ == "__main__":
    main()
