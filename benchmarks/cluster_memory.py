"""Clustering's memory against a store of undated stories: read a block at a time, or whole.

An undated article can belong to any story, so clustering compares it with every stored story.
This builds stores of synthetic annotated articles (no models: random 384-d vectors, 200
content words and 10 entity keys each, in stories of 10), all undated, then places 20 new
undated articles against each store twice in one process, alternating: once through
:class:`newsweave.pipeline.story_source.StoredStories` (stories read in blocks of ``cluster_chunk``
articles, as the pipeline does) and once with every story loaded first (as before). It prints
the peak of Python's traced allocations during each and the seconds taken, and checks the two
place the articles alike.

    python benchmarks/cluster_memory.py [--sizes 2000,8000,20000] [--block 2000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsweave.clean.article import clean_article  # noqa: E402
from newsweave.cluster.stories import (  # noqa: E402
    ArticleFeatures,
    MemoryStories,
    StoryState,
    Weights,
    entity_keys,
    idf_weights,
    place,
)
from newsweave.config import Config  # noqa: E402
from newsweave.pipeline.story_source import StoredStories, StoredWeights, article_features  # noqa: E402
from newsweave.records import Annotation, Entity, RawArticle, Sentence  # noqa: E402
from newsweave.store.store import Store  # noqa: E402

DIM = 384
VOCAB = [f"word{i}" for i in range(20_000)]
NAMES = [f"Name{i}" for i in range(3_000)]


def _article(rng: random.Random, key: str, topic: np.ndarray) -> tuple[Annotation, frozenset[str], object]:
    vector = topic + np.array([rng.gauss(0, 0.6) for _ in range(DIM)], dtype=np.float32)
    vector /= np.linalg.norm(vector)
    terms = {VOCAB[min(int(rng.paretovariate(1.1)), len(VOCAB) - 1)]: rng.randint(1, 5) for _ in range(260)}
    terms = dict(list(terms.items())[:200])
    names = rng.sample(NAMES, 10)
    text = f"Report {key}: " + ", ".join(names) + "."
    article = clean_article(RawArticle(source=f"{key}.txt", text=text, id=key))
    entities = [Entity(article.id, 0, n, "ORG", text.index(n), text.index(n) + len(n)) for n in names]
    sentence = Sentence(article.id, 0, text, "body", 0, len(text))
    annotation = Annotation(article.id, [sentence], entities, [float(x) for x in vector], terms)
    return annotation, entity_keys((n, "ORG") for n in names), article


def build(path: Path, n: int, seed: int = 7) -> list[str]:
    """A store of ``n`` undated annotated articles in stories of 10; returns the story ids."""
    rng = random.Random(seed)
    story_ids = []
    with Store(path) as store:
        for start in range(0, n, 10):
            topic = np.array([rng.gauss(0, 1) for _ in range(DIM)], dtype=np.float32)
            rows = [_article(rng, f"a{i}", topic) for i in range(start, min(start + 10, n))]
            store.add_articles([r[2] for r in rows])  # type: ignore[misc]
            store.save_annotations([r[0] for r in rows], {r[0].article_id: r[1] for r in rows})
            story = f"s{start // 10:06d}"
            store.assign({r[0].article_id: story for r in rows})
            story_ids.append(story)
    return story_ids


def new_articles(n: int, seed: int = 11) -> list[ArticleFeatures]:
    """``n`` undated articles on topics of their own."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        ann, keys, _ = _article(rng, f"new{i}", np.array([rng.gauss(0, 1) for _ in range(DIM)], dtype=np.float32))
        out.append(ArticleFeatures(ann.article_id, np.array(ann.vector, dtype=np.float32), keys, None, ann.terms))
    return out


def run(how: str, store: Store, story_ids: list[str], new: list[ArticleFeatures], block: int):  # type: ignore[no-untyped-def]
    """Place ``new`` against the stored stories and word weights read in blocks, or loaded whole first."""
    config = Config()
    if how == "blocks":
        return place(new, StoredStories(store, story_ids, DIM, block), StoredWeights(store), config)
    df, total = store.entity_df()
    weights = Weights(idf_weights(df, total), idf_weights(store.term_df(), total))
    stories = [StoryState(s, [article_features(store, a, p, DIM) for a, p in store.member_dates(s)]) for s in story_ids]
    return place(new, MemoryStories(stories), weights, config)


def measure(function, *args) -> tuple[float, float, dict]:  # type: ignore[no-untyped-def]
    """Peak traced allocations (MB), seconds and result of ``function(*args)``."""
    tracemalloc.start()
    t = time.perf_counter()
    result = function(*args)
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak, seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,8000,20000", help="stored articles per store (comma-separated)")
    parser.add_argument("--block", type=int, default=Config().cluster_chunk, help="articles per block of stories")
    args = parser.parse_args()
    config = Config()
    work = Path(tempfile.mkdtemp())
    place(new_articles(3), [], Weights(), config)  # imports and first calls, outside the measurements
    print(f"{'stored':>7} {'stories':>7} {'how':>8} {'peak MB':>8} {'seconds':>8}")
    for n in (int(x) for x in args.sizes.split(",")):
        path = work / f"s{n}.db"
        t = time.perf_counter()
        story_ids = build(path, n)
        build_s = time.perf_counter() - t
        with Store(path) as store:
            new = new_articles(20)

            results = {}
            for how in ("blocks", "whole"):
                peak, seconds, results[how] = measure(run, how, store, story_ids, new, args.block)
                print(f"{n:7d} {len(story_ids):7d} {how:>8} {peak:8.1f} {seconds:8.1f}", flush=True)
            same = "same" if results["blocks"] == results["whole"] else "DIFFERENT"
            print(f"{'':7} {'':7} {'':>8} placements: {same} (store built in {build_s:.0f} s)")


if __name__ == "__main__":
    main()
