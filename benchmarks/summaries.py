"""Summary quality against established extractive methods, side by side (issue 7).

Data: ``../shared/data/duc2003-task2.jsonl`` (30 clusters, four 100-word human summaries each).
Every system reads the same input: each article cleaned by newsweave (datelines, bylines and
other non-body lines dropped) and split into sentences by the splitter newsweave uses; sumy's
summarisers get a tokenizer object built on that splitter. Every output is cut to 100 words
and scored with rouge-score (Porter stemming) against the four references: the best-matching
reference per cluster, and the mean over references.

    python benchmarks/summaries.py                 # all 30 clusters
    python benchmarks/summaries.py --clusters 5    # the first five (what the CI gate runs)
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, duc_record, read_jsonl, require  # noqa: E402

DUC2003 = DATA / "duc2003-task2.jsonl"
METRICS = ("rouge1", "rouge2", "rougeL")
_WORD = re.compile(r"\w+(?:[-']\w+)*", re.UNICODE)


def cut_words(text: str, limit: int) -> str:
    """The first ``limit`` whitespace-separated words of ``text``."""
    return " ".join(text.split()[:limit])


class SplitterTokenizer:
    """sumy's tokenizer interface (``to_sentences``, ``to_words``) on newsweave's sentence splitter."""

    def __init__(self, splitter: Any) -> None:
        self.splitter = splitter

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.text.strip() for s in self.splitter(paragraph).sents if s.text.strip())

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


def word_budget(limit: int) -> Callable[[Sequence[Any]], list[Any]]:
    """A sumy ``sentences_count``: the best-rated sentences until ``limit`` words are reached."""

    def take(infos: Sequence[Any]) -> list[Any]:
        chosen, total = [], 0
        for info in infos:
            if total >= limit:
                break
            chosen.append(info)
            total += len(info.sentence.words)
        return chosen

    return take


@dataclass
class Cluster:
    id: str
    records: list[Any]
    references: list[str]
    body: list[list[str]] = field(default_factory=list)  # body sentences per article, oldest first


def load_clusters(limit: int | None) -> list[Cluster]:

    rows = read_jsonl(DUC2003)[:limit]
    clusters = []
    for row in rows:
        records = [duc_record(d, f"{row['id']}/{d['id']}") for d in row["docs"]]
        clusters.append(Cluster(row["id"], records, row["summaries"]))
    return clusters


def prepare(clusters: list[Cluster], annotator: Any, config: Any) -> None:
    """Clean and split every article once; the peers read these sentences."""
    from newsweave.clean.article import clean_article

    for cluster in clusters:
        articles = [clean_article(r, config.max_article_chars) for r in cluster.records]
        articles = sorted((a for a in articles if a.body), key=lambda a: (a.published or "9999", a.id))
        cluster.body = [[s.text for s in annotator.split(a) if s.kind == "body"] for a in articles]


def run_sumy(name: str, cluster: Cluster, tokenizer: SplitterTokenizer, words: int) -> str:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {
        "LexRank": LexRankSummarizer,
        "TextRank": TextRankSummarizer,
        "LSA": LsaSummarizer,
        "SumBasic": SumBasicSummarizer,
        "KL-Sum": KLSummarizer,
    }
    # One paragraph per article, one line per sentence: sumy re-splits with the same splitter.
    text = "\n\n".join("\n".join(sents) for sents in cluster.body)
    parser = PlaintextParser.from_string(text, tokenizer)
    summarizer = classes[name](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    sentences = summarizer(parser.document, word_budget(words))
    return " ".join(str(s) for s in sentences)


def run_lead(cluster: Cluster, words: int) -> str:
    return " ".join(cluster.body[0]) if cluster.body else ""


def run_random(cluster: Cluster, words: int, seed: int) -> str:
    pool = [s for sents in cluster.body for s in sents]
    random.Random(f"{seed}:{cluster.id}").shuffle(pool)
    return " ".join(pool)


def run_newsweave(cluster: Cluster, annotator: Any, config: Any, words: int) -> str:
    from newsweave.pipeline.inspect import summarize_articles

    summary, _ = summarize_articles(cluster.records, config, annotator=annotator, words=words)
    return " ".join(s.text for s in summary)


def score(output: str, references: list[str], scorer: Any, words: int) -> dict[str, float]:
    """Per metric: F1 and recall, against the best reference and averaged over references."""
    text = cut_words(output, words)
    rows = [scorer.score(ref, text) for ref in references]
    out: dict[str, float] = {}
    for metric in METRICS:
        fs = [r[metric].fmeasure for r in rows]
        rs = [r[metric].recall for r in rows]
        out[f"{metric}_f_mean"] = sum(fs) / len(fs)
        out[f"{metric}_r_mean"] = sum(rs) / len(rs)
        best = max(range(len(rows)), key=lambda i: fs[i])
        out[f"{metric}_f_best"] = fs[best]
        out[f"{metric}_r_best"] = rs[best]
    return out


SYSTEMS = ("newsweave", "LexRank", "TextRank", "LSA", "SumBasic", "KL-Sum", "Lead", "Random")


def evaluate(
    clusters: list[Cluster], annotator: Any, config: Any, words: int, seed: int = 13, systems: Sequence[str] = SYSTEMS
) -> dict[str, dict[str, float]]:
    """Mean scores and seconds per cluster of each system over ``clusters``."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    tokenizer = SplitterTokenizer(annotator.splitter)
    prepare(clusters, annotator, config)
    totals: dict[str, dict[str, float]] = {name: {} for name in systems}
    for cluster in clusters:
        for name in systems:
            started = time.perf_counter()
            if name == "newsweave":
                output = run_newsweave(cluster, annotator, config, words)
            elif name == "Lead":
                output = run_lead(cluster, words)
            elif name == "Random":
                output = run_random(cluster, words, seed)
            else:
                output = run_sumy(name, cluster, tokenizer, words)
            elapsed = time.perf_counter() - started
            row = score(output, cluster.references, scorer, words)
            row["seconds"] = elapsed
            for key, value in row.items():
                totals[name][key] = totals[name].get(key, 0.0) + value
    return {name: {k: v / len(clusters) for k, v in row.items()} for name, row in totals.items()}


def table(results: dict[str, dict[str, float]], variant: str) -> str:
    cols = [(m, kind) for m in METRICS for kind in ("f", "r")]
    head = f"{'system':10}" + "".join(f"{m.replace('rouge', 'R-')}-{k.upper():<1}".rjust(9) for m, k in cols)
    lines = [head + "  s/cluster"]
    for name, row in results.items():
        cells = "".join(f"{100 * row[f'{m}_{k}_{variant}']:9.2f}" for m, k in cols)
        lines.append(f"{name:10}{cells}  {row['seconds']:9.2f}")
    peers = {n: r for n, r in results.items() if n != "newsweave"}
    if "newsweave" in results and peers:
        ratio = []
        for m, k in cols:
            key = f"{m}_{k}_{variant}"
            best = max(r[key] for r in peers.values())
            ratio.append(f"{results['newsweave'][key] / best:9.3f}" if best else f"{'-':>9}")
        lines.append(f"{'nw/best':10}" + "".join(ratio))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clusters", type=int, default=None, help="only the first N clusters")
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13, help="seed of the random baseline")
    parser.add_argument("--backend", default=None, help="summary candidates' backend: torch, onnx, onnx-int8 or static")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of: " + ", ".join(SYSTEMS))
    parser.add_argument(
        "--embedding-backend", default=None, help="document and sentence vectors' backend (default: a new store's)"
    )
    args = parser.parse_args()
    require(DUC2003)

    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    config = Config().with_options(summary_backend=args.backend, embedding_backend=args.embedding_backend)
    annotator = Annotator(config)
    clusters = load_clusters(args.clusters)
    started = time.perf_counter()
    systems = [name.strip() for name in args.systems.split(",") if name.strip()]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown system(s): {', '.join(sorted(unknown))}")
    results = evaluate(clusters, annotator, config, args.words, args.seed, systems)
    print(
        f"DUC 2003 task 2: {len(clusters)} clusters, outputs cut to {args.words} words, "
        f"rouge-score with Porter stemming ({time.perf_counter() - started:.0f} s)"
    )
    print("\nagainst the best-matching reference per cluster (F1 / recall, x100):")
    print(table(results, "best"))
    print("\nmean over the four references (F1 / recall, x100):")
    print(table(results, "mean"))


if __name__ == "__main__":
    main()
