"""Memory over a long stream: does RSS stay flat as articles accumulate in the store?

Feeds Timeline17 topics one after another, in increments of ``--batch`` articles, through
ingest → annotate → cluster → synthesise (the whole pipeline but the report), and prints after
each increment the articles stored so far, the process's RSS, the live Python memory blocks,
the store's size on disk, and what the long-lived objects hold: the strings of the spaCy
vocabularies, the entries of the memoising caches, the embedding cache. The last line fits RSS
against articles over the second half of the run (after warm-up), in MB per 1,000 articles.
Target (issue 2): RSS not growing with the number of articles beyond the store.

    python benchmarks/memory.py [--articles 1500] [--batch 100] [--set KEY=VALUE ...] [--empty-caches]

With ``--empty-caches`` and a small ``vocab_growth`` every bounded structure reaches its bound
early, so what still grows is what no bound covers.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, peak_rss_mb, read_jsonl, require, rss_mb, settings  # noqa: E402

from newsweave.config import Config  # noqa: E402
from newsweave.pipeline.runner import Newsweave  # noqa: E402
from newsweave.records import RawArticle  # noqa: E402
from newsweave.text.clauses import CLAUSE_CACHE  # noqa: E402


def cached_entries(nw: Newsweave) -> tuple[int, int]:
    """Entries held by every ``functools.lru_cache`` of the newsweave modules and by the clause
    splitter's cache, and their bound."""
    clauses = nw.annotator._clauses
    held = len(clauses._cache) if clauses else 0
    bound = CLAUSE_CACHE
    for name, module in list(sys.modules.items()):
        if not name.startswith("newsweave"):
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if callable(info):
                held += info().currsize
                bound += info().maxsize or 0
    return held, bound


def clear_caches(nw: Newsweave) -> None:
    """Empty what :func:`cached_entries` counts, and the pipeline's embedding cache."""
    for name, module in list(sys.modules.items()):
        if name.startswith("newsweave"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)) and callable(getattr(value, "cache_info", None)):
                    value.cache_clear()
    nw._text_vectors.clear()
    if nw.annotator._clauses is not None:
        nw.annotator._clauses._cache.clear()


def vocab_strings(nw: Newsweave) -> int:
    """Strings held by the spaCy pipelines loaded so far (they grow with every new word seen)."""
    total = 0
    annotator = nw.annotator
    for nlp in (annotator._ner, annotator._splitter, getattr(annotator._clauses, "_nlp", None)):
        if nlp is not None:
            total += len(nlp.vocab.strings)
    return total


def release_rss() -> float:
    """RSS after returning freed heap pages to the system (glibc), to tell garbage from live data."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return rss_mb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1500, help="articles to feed in all (default 1500)")
    parser.add_argument("--batch", type=int, default=100, help="articles per increment (default 100)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a Config setting")
    parser.add_argument(
        "--reverse",
        action="store_true",
        help="feed the topics in reverse order (the largest stories first), to tell the memory a large "
        "story needs from growth with the number of articles",
    )
    parser.add_argument(
        "--empty-caches",
        action="store_true",
        help="after each increment's readings, empty the memoising and embedding caches and read RSS again "
        "(column 'bare'): what is left once the bounded caches are set aside",
    )
    args = parser.parse_args()
    root = DATA / "timeline17"
    require(root)
    records: list[RawArticle] = []
    topics = sorted((p for p in root.iterdir() if (p / "articles.jsonl").exists()), reverse=args.reverse)
    for topic in topics:
        for line, row in enumerate(read_jsonl(topic / "articles.jsonl"), start=1):
            records.append(
                RawArticle(
                    source=f"{topic.name}/articles.jsonl",
                    text=row["text"],
                    id=f"{topic.name}/{row['id']}",
                    published=str(row.get("time", ""))[:10] or None,
                    line=line,
                )
            )
        if len(records) >= args.articles:
            break
    records = records[: args.articles]
    work = Path(tempfile.mkdtemp())
    nw = Newsweave(work / "m.db", Config().with_options(**settings(args.set)))
    print(
        f"{'articles':>8} {'RSS MB':>7} {'trimmed':>7} {'blocks k':>8} {'store MB':>8} "
        f"{'strings':>8} {'cached':>7} {'vectors':>7} {'s':>5}" + (f" {'bare':>5}" if args.empty_caches else "")
    )
    points = []
    for start in range(0, len(records), args.batch):
        t = time.perf_counter()
        nw.add(records[start : start + args.batch])
        nw.annotate()
        nw.cluster()
        nw.date_from_stories()
        nw.synthesize()
        seconds = time.perf_counter() - t
        rss, trimmed = rss_mb(), release_rss()
        done = min(start + args.batch, len(records))
        cached, vectors = cached_entries(nw)[0], len(nw._text_vectors)
        bare = math.nan
        if args.empty_caches:
            clear_caches(nw)
            bare = release_rss()
        points.append((done, rss, trimmed, bare))
        print(
            f"{done:8d} {rss:7.0f} {trimmed:7.0f} {sys.getallocatedblocks() / 1000:8.0f} "
            f"{(work / 'm.db').stat().st_size / 2**20:8.1f} {vocab_strings(nw):8d} {cached:7d} "
            f"{vectors:7d} {seconds:5.0f}" + (f" {bare:5.0f}" if args.empty_caches else ""),
            flush=True,
        )
    half = points[len(points) // 2 :]
    if len(half) >= 2:
        x = np.array([p[0] for p in half], dtype=float)
        columns = [("RSS", 1), ("RSS after trimming", 2)]
        if args.empty_caches:
            columns.append(("RSS with the caches emptied, after trimming", 3))
        for label, column in columns:
            slope = np.polyfit(x, np.array([p[column] for p in half]), 1)[0] * 1000
            print(f"{label}: {slope:+.1f} MB per 1,000 articles over the second half ({int(x[0])}-{int(x[-1])})")
    print(f"memoising caches: {cached_entries(nw)[1]} entries at most; peak RSS: {peak_rss_mb():.0f} MB")
    clear_caches(nw)
    print(f"RSS with the memoising and embedding caches emptied, after trimming: {release_rss():.0f} MB")
    print(f"stories: {len(nw.stories())}")
    nw.close()


if __name__ == "__main__":
    main()
