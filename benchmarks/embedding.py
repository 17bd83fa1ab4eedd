"""Embedding backends: speed and agreement with torch on news text.

Texts: the body sentences (6-60 words) of the first articles of a Timeline17 topic, and the
same articles' document inputs (title and about 200 lead words, what story clustering embeds).
Each backend encodes them in the same process, interleaved over ``--runs`` rounds; the
median rate is printed, with the cosine of every vector to torch's (mean and minimum; not for
``static``, whose vectors are of another space and length) and how often a text's nearest other
text is the same as under torch.

    python benchmarks/embedding.py [--topic bpoil_reuters] [--sentences 800] [--leads 150] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from _common import DATA, read_jsonl, require  # noqa: E402

from newsweave.models.embed import BACKENDS, Embedder  # noqa: E402


def texts(topic: str, n_sentences: int, n_leads: int) -> tuple[list[str], list[str]]:
    """Body sentences and 200-word leads of the topic's articles, split as newsweave splits them."""
    from newsweave.annotate.annotator import Annotator, lead_text
    from newsweave.clean.article import clean_article
    from newsweave.config import Config
    from newsweave.records import RawArticle

    source = DATA / "timeline17" / topic / "articles.jsonl"
    require(source)
    annotator = Annotator(Config())
    sentences: list[str] = []
    leads: list[str] = []
    for row in read_jsonl(source):
        article = clean_article(RawArticle(source=str(source), text=row["text"], id=str(row.get("id"))))
        split = annotator.split(article)
        leads.append(lead_text(article, split, 200))
        sentences += [s.text for s in split if s.kind == "body" and 6 <= len(s.text.split()) <= 60]
        if len(sentences) >= n_sentences and len(leads) >= n_leads:
            break
    return sentences[:n_sentences], leads[:n_leads]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topic", default="bpoil_reuters")
    parser.add_argument("--sentences", type=int, default=800)
    parser.add_argument("--leads", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sentences, leads = texts(args.topic, args.sentences, args.leads)
    embedders = {}
    for backend in BACKENDS:
        started = time.perf_counter()
        embedders[backend] = Embedder(backend=backend)
        embedders[backend].encode(["warm up"])
        print(f"{backend:>9}: loaded (and exported if new) in {time.perf_counter() - started:.1f} s")
    print(
        f"texts: {len(sentences)} sentences ({statistics.mean(len(s.split()) for s in sentences):.0f} words),"
        f" {len(leads)} leads ({statistics.mean(len(s.split()) for s in leads):.0f} words)"
    )
    print(f"{'backend':>9} {'set':>9} {'texts/s':>8} {'speed-up':>8} {'cos mean':>8} {'cos min':>8} {'same NN':>8}")
    for name, items in (("sentences", sentences), ("leads", leads)):
        rates: dict[str, list[float]] = {b: [] for b in BACKENDS}
        vectors: dict[str, np.ndarray] = {}
        for _ in range(args.runs):
            for backend, embedder in embedders.items():
                started = time.perf_counter()
                vectors[backend] = embedder.encode(items)
                rates[backend].append(len(items) / (time.perf_counter() - started))
        reference = vectors["torch"]
        nearest = np.argmax(reference @ reference.T - 2 * np.eye(len(items)), axis=1)
        base = statistics.median(rates["torch"])
        for backend in BACKENDS:
            got = vectors[backend]
            same = np.mean(np.argmax(got @ got.T - 2 * np.eye(len(items)), axis=1) == nearest)
            rate = statistics.median(rates[backend])
            if got.shape == reference.shape:
                cos = (got * reference).sum(axis=1)
                agree = f"{cos.mean():8.4f} {cos.min():8.4f}"
            else:
                agree = f"{'-':>8} {'-':>8}"
            figures = f"{rate:8.1f} {rate / base:8.2f} {agree} {same:8.3f}"
            print(f"{backend:>9} {name:>9} {figures}")


if __name__ == "__main__":
    main()
