"""Summary citations against support read by hand: does each cited article state the sentence's fact?

Data: ``../shared/data/duc2003-task2.jsonl`` and ``duc2004-clusters.jsonl``; one DUC cluster id
is one event (the 21 ids of both sets name the same event: their 20 articles are one event here),
split into halves by a hash of the id (:func:`story_sets.half`): A to choose on, B held out.

Each cluster is summarised as ``newsweave summarize`` does (:func:`newsweave.pipeline.inspect.summarize_articles`,
default settings: 100 words). Every summary sentence and every *other* article of its cluster is
a pair; the summary cites the article or not (the *current* rule, static vectors at
``support_threshold`` 0.72 or TF-IDF overlap 0.5, when the pairs were drawn). Labels
(``benchmarks/data/summary_support_real.jsonl``) were read by hand on a stratified random sample of
the pairs, drawn before any new rule was written (:func:`draw`, seed ``SEED``): per half, by the
current decision (cited or not) and by the transformer cosine of the sentence to the article's
nearest candidate (bins ``BINS``), ``SIZES`` pairs of each stratum. Each row is a reference only:
cluster, the summary sentence's article, index, character offsets and a hash of its text, the
judged article, the stratum and its weight (pairs in the stratum / pairs drawn), and the reading:

- ``supports``: the article states the sentence's main fact (same happening or claim, same actor,
  the same figures, perhaps worded otherwise or with more or less detail);
- ``partly``: it states part of it (one of its clauses, or the happening without what the sentence
  adds), or the same fact with a detail given differently;
- ``no``: it does not (another fact of the event, the same verb of another actor, a contradiction);

and ``evidence``: the article's sentence indices that state it (for ``supports`` and ``partly``).
The whole article was read for each pair (its body sentences, numbered: ``show``).

Scores per half, each pair weighted by its stratum's weight (an estimate for all pairs of the
half; raw counts are printed too):

- precision: of the articles a rule cites, the share that state the fact (``supports``; with
  ``partly`` counted as half in the second figure), and *sentence precision*: the cited sentence
  is among the evidence;
- recall: of the articles labelled ``supports``, the share the rule cites.

Rules compared (``RULES``): the static rule as it was, and those :func:`newsweave.synthesize.summary.support_judge`
builds from the settings (transformer cosine at a threshold, the same-subject check, counts).
Seconds per story: the rule's time on each cluster's summary (in process, this machine; a peer
comparison, not a benchmark of speed).

    python benchmarks/citations.py                        # precision / recall per half, each rule
    python benchmarks/citations.py --half A --sweep       # transformer thresholds on A
    python benchmarks/citations.py draw --out FILE        # the sample (references only) to read
    python benchmarks/citations.py show FILE              # print the texts of a drawn sample
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, duc_record, read_jsonl, require  # noqa: E402
from story_sets import half  # noqa: E402

LABELS = Path(__file__).resolve().parent / "data" / "summary_support_real.jsonl"
SEED = 17
BINS = (0.4, 0.55, 0.7)  # transformer cosine bins of a pair: < 0.4, < 0.55, < 0.7, >= 0.7
SIZES = {
    "A": {True: (20, 20, 20, 20), False: (15, 25, 30, 24)},
    "B": {True: (14, 14, 14, 14), False: (10, 15, 20, 20)},
}


def clusters() -> dict[str, list[Any]]:
    """Cluster id -> its records (DUC 2003 task 2 and DUC 2004; one id in both is one event)."""
    out: dict[str, dict[str, Any]] = {}
    for name in ("duc2003-task2.jsonl", "duc2004-clusters.jsonl"):
        require(DATA / name)
        for cluster in read_jsonl(DATA / name):
            for doc in cluster["docs"]:
                out.setdefault(cluster["id"], {})[doc["id"]] = duc_record(
                    doc, f"{name}#{cluster['id']}/{doc['id']}", doc["id"]
                )
    return {cid: list(docs.values()) for cid, docs in sorted(out.items())}


def digest(text: str) -> str:
    """A short hash of a sentence's text: a reference checks it is still the sentence read."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


@dataclass
class Prepared:
    """One cluster summarised: its material, summary, candidate pool and the pool's vectors."""

    cluster: str
    material: Any
    summary: list[Any]
    pool: list[Any]
    static: np.ndarray  # summary vectors (summary_backend)
    dense: np.ndarray  # sentence vectors (the transformer the store keeps)


def prepare(cid: str, records: list[Any], annotator: Any, config: Any) -> Prepared:
    from newsweave.pipeline.inspect import summarize_articles
    from newsweave.synthesize.summary import candidates, prefilter

    summary, material = summarize_articles(records, config, annotator=annotator)
    syn = config.synthesize
    pool = prefilter(material, candidates(material, syn.candidate_sentences), syn.max_candidates)
    texts = [s.text for s in pool]
    static = annotator.summary_embedder.encode(texts) if texts else np.zeros((0, 1))
    dense = annotator.sentence_embedder.encode(texts) if texts else np.zeros((0, 1))
    return Prepared(cid, material, summary, pool, static, dense)


def bin_of(cosine: float) -> int:
    return sum(cosine >= b for b in BINS)


def pairs_of(prep: Prepared) -> list[dict]:
    """Every (summary sentence, other article) pair of a cluster, with the current decision and
    the transformer cosine to the article's nearest candidate."""
    row_of = {(s.article_id, s.index): i for i, s in enumerate(prep.pool)}
    out = []
    for sent in prep.summary:
        own = sent.citations[0]
        i = row_of[(own.article, own.sentence)]
        picked = prep.pool[i]
        cited = {c.article for c in sent.citations[1:]}
        for article in prep.material.articles:
            if article.id == own.article:
                continue
            rows = [j for j, s in enumerate(prep.pool) if s.article_id == article.id]
            cosine = max((float(prep.dense[j] @ prep.dense[i]) for j in rows), default=0.0)
            out.append(
                {
                    "cluster": prep.cluster,
                    "source": own.article,
                    "sentence": own.sentence,
                    "start": picked.start,
                    "end": picked.end,
                    "sha": digest(picked.text),
                    "doc": article.id,
                    "cited": article.id in cited,
                    "bin": bin_of(cosine),
                }
            )
    return out


def draw(annotator: Any, config: Any, seed: int = SEED) -> list[dict]:
    """The stratified random sample of pairs to read (see the module's docstring): per half, A
    then B, strata (cited first, then bins upward) in order, drawn with ``random.Random(seed)``
    from the pairs sorted by (cluster, source, sentence, doc)."""
    rng = random.Random(seed)
    by_half: dict[str, list[dict]] = {"A": [], "B": []}
    for cid, records in clusters().items():
        by_half[half(cid)] += pairs_of(prepare(cid, records, annotator, config))
    chosen = []
    for name in ("A", "B"):
        for cited in (True, False):
            for b, size in enumerate(SIZES[name][cited]):
                stratum = sorted(
                    (p for p in by_half[name] if p["cited"] == cited and p["bin"] == b),
                    key=lambda p: (p["cluster"], p["source"], p["sentence"], p["doc"]),
                )
                taken = rng.sample(stratum, min(size, len(stratum)))
                for p in sorted(taken, key=lambda p: (p["cluster"], p["source"], p["sentence"], p["doc"])):
                    chosen.append(
                        {
                            "half": name,
                            **{k: v for k, v in p.items() if k not in ("cited", "bin")},
                            "stratum": f"{'cited' if cited else 'uncited'}/{b}",
                            "weight": round(len(stratum) / len(taken), 4),
                        }
                    )
    return chosen


def show(rows: list[dict], annotator: Any, config: Any, lead: int = 12, whole: int = 20) -> None:
    """Print the drawn pairs for reading, blind to the rule's decision: per judged article, its
    body sentences numbered, then the summary sentences to judge against it (with the pair's row
    number). An article of more than ``whole`` body sentences shows its first ``lead`` and, after
    them, those any judged sentence comes near (transformer cosine 0.4 or TF-IDF 0.13), the rest
    marked as left out."""
    from newsweave.pipeline.cleaning import clean_with
    from newsweave.text.tfidf import tfidf_rows

    recs = clusters()
    by_doc: dict[tuple[str, str], list[int]] = {}
    for n, row in enumerate(rows):
        by_doc.setdefault((row["cluster"], row["doc"]), []).append(n)
    split: dict[str, list[Any]] = {}

    def sentences(cid: str, doc: str) -> list[Any]:
        if doc not in split:
            raw = next(r for r in recs[cid] if r.id == doc)
            split[doc] = annotator.split(clean_with(raw, config))
        return split[doc]

    for (cid, doc), numbers in by_doc.items():
        print(f"=== {cid} {doc}")
        body = [s for s in sentences(cid, doc) if s.kind == "body"]
        judged = []
        for n in numbers:
            row = rows[n]
            (text,) = [s.text for s in sentences(cid, row["source"]) if s.index == row["sentence"]]
            assert digest(text) == row["sha"], row
            judged.append((n, row, text))
        keep = set(range(len(body)))
        if len(body) > whole:
            texts = [t for _, _, t in judged]
            dense = annotator.sentence_embedder.encode([s.text for s in body] + texts)
            lex = tfidf_rows([s.text for s in body] + texts)
            near = np.maximum(
                (dense[: len(body)] @ dense[len(body) :].T).max(axis=1),
                (lex[: len(body)] @ lex[len(body) :].T).toarray().max(axis=1) * 3,
            )
            keep = {k for k in range(len(body)) if k < lead or near[k] >= 0.4}
        gap = False
        for k, s in enumerate(body):
            if k in keep:
                print(f"  [{s.index}] {s.text}")
                gap = False
            elif not gap:
                print("  [...]")
                gap = True
        for n, row, text in judged:
            print(f"  >> #{n} ({row['source']} s{row['sentence']}): {text}")
        print()


def main() -> None:
    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    d = sub.add_parser("draw")
    d.add_argument("--out", required=True)
    s = sub.add_parser("show")
    s.add_argument("file")
    s.add_argument("--half", choices=("A", "B"))
    args = parser.parse_args()
    config = Config()
    annotator = Annotator(config)
    if args.command == "draw":
        rows = draw(annotator, config)
        with open(args.out, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row) + "\n")
        print(f"{len(rows)} pairs drawn -> {args.out}")
    elif args.command == "show":
        rows = read_jsonl(Path(args.file))
        show([r for r in rows if not args.half or r["half"] == args.half], annotator, config)


if __name__ == "__main__":
    main()
