"""Claim grouping and disagreements on ClaimDiff (issue 23): real claims of two outlets on one topic.

Data: ``../shared/data/external/claimdiff-train.jsonl.gz`` (Ko et al. 2022, train split): 1,857
pairs of sentences (claim A, claim B) from two articles of different outlets about one topic, each
labelled by annotators with whether B *strengthens* A (supports it), *weakens* A (contradicts or
undermines it), or neither. Halves by a hash of the topic (a topic's pairs stay together): A for
development, B held out.

What is scored, pair by pair: each claim is the one body sentence of its own article (the two
articles of different outlets, dated by the pair's date) in one story, and newsweave's coverage
stage runs on it as in the pipeline: :func:`newsweave.synthesize.coverage.group_claims` (clause
splitting and the parse on, sentence embedder and thresholds of :class:`newsweave.config.Config`) and the claim
disagreements of :mod:`newsweave.synthesize.disagreements` (numbers: ``number_conflicts``; dates of
grouped claims: ``date_conflicts``). Titles of actors and attributions of quotes need a story's
actors and quotes and are not scored here.

- *grouped*: some claim (or clause) of A and some of B fall in one group.
- *flagged*: a number or date disagreement cites both articles.

ClaimDiff does not label "the same fact"; it labels support and contradiction. So:

- grouping precision = share of grouped pairs labelled related (strengthens or weakens): a grouped
  pair labelled neither is a grouping by topic, not by fact. It is an upper bound of the precision
  "by fact" (a related pair is not always one fact).
- grouping recall = share of *strengthens* pairs grouped: a lower bound, since many pairs that
  support each other state different facts ("X was convicted" / "the jury deliberated for two
  days"); read with the precision, not alone. The rate of grouped pairs per label is printed too.
- disagreement precision = share of flagged pairs labelled *weakens*; recall = share of *weakens*
  pairs flagged; flagged *strengthens* pairs are flags where the outlets agree.

Labels by fact (``benchmarks/data/claimdiff_same_fact.jsonl``: pair id and whether the two claims
state one fact, not only one topic or event; a pair and its ``_rev`` copy, A and B swapped, share
the label). Two sets:

- rows without ``set``: 66 distinct pairs (A 36, B 30; 20 and 16 of one fact) read from what the
  groupings of session 12 grouped (33 rows of A and 31 of B with its default settings; a pair
  counts once however many of its copies were grouped), read after that grouping code was final
  (a census of what that grouping grouped, not a sample).
- ``set: sample15``: a stratified random sample of *distinct* pairs (a pair and its ``_rev`` copy
  are one), drawn before any code ran on them and read blind of any grouping (session 15):
  :func:`draw_sample`, seed ``SAMPLE_SEED`` = 15, per half (halves as below) 80 *strengthens*, 25
  *weakens* and 45 *neither* pairs, from the sorted ids with ``random.Random(15).sample``, halves A
  then B, strata in that order. A distinct pair's stratum is *weakens* if one of its copies is
  labelled weakens, else *strengthens* if one is, else *neither* (:func:`strata`). The rows carry
  ``stratum`` and ``half``. Same fact: both claims state the same happening, claim, number or
  quote, perhaps worded differently or one adding detail, or the same happening with a detail
  given differently (a disagreement to flag); not two facts of one event or topic. 300 pairs: A 21
  of one fact (20 strengthens, 1 weakens, 0 neither), B 22 (19, 0, 3). Where a pair was read in
  both sets the sample's reading is used (one of 20 differs).
- ``set: sample15b``: 100 more *strengthens* pairs of half A (where pairs of one fact are), to
  train and choose on: :func:`draw_extra`, seed ``EXTRA_SEED`` = 16, from the sorted ids of the
  stratum that the first draw left; with it a simple random sample of 180 of the stratum's 407
  pairs. 19 of one fact. Read the same way, before any code ran on them.

Precision and recall by fact are estimated on the sample: each sampled pair stands for
N / n distinct pairs of its half and stratum (N pairs there, n drawn), and each of its copies in
the data is scored, so the figures estimate the whole half as the data has it (copies counted
twice). Raw counts are printed too. The census gives the share of grouped pairs read as one fact
when the grouping grouped only read pairs; pairs grouped under other settings may be unread, their
count is printed. Most pairs come twice in the data, once swapped; both are scored.

The figures by fact (precision and recall) are the issue's measure; the figures by label
(related, strengthens) are kept as read before.

With ``--sweep`` the grouping precision/recall at other cosine thresholds is printed for half A
(where a threshold may be chosen). Claims shorter than 6 words or longer than 60 are never claims
(as in the pipeline), so such pairs can never be grouped; their count is printed.

    python benchmarks/claimdiff.py [--half A|B|both] [--sweep] [--limit N] [--set KEY=VALUE ...]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, require, settings  # noqa: E402

CLAIMDIFF = DATA / "external" / "claimdiff-train.jsonl.gz"
SAME_FACT = Path(__file__).resolve().parent / "data" / "claimdiff_same_fact.jsonl"


SAMPLE_SEED = 15
SAMPLE_SIZES = {"strengthens": 80, "weakens": 25, "neither": 45}  # distinct pairs per half


def base_id(pair_id: str) -> str:
    """A pair's id without ``_rev`` (a pair and its swapped copy are one distinct pair)."""
    return pair_id.removesuffix("_rev")


def strata(rows: list[dict]) -> dict[str, tuple[str, str]]:
    """Distinct pair -> (half, stratum): *weakens* if some copy is labelled weakens, else
    *strengthens* if some copy is, else *neither* (47 pairs' two copies carry different labels)."""
    labels: dict[str, set[str]] = {}
    halves: dict[str, str] = {}
    for row in rows:
        key = base_id(row["pair_id"])
        labels.setdefault(key, set()).add(label(row))
        halves[key] = half(row["topic"])
    order = ("weakens", "strengthens", "neither")
    return {k: (halves[k], next(s for s in order if s in v)) for k, v in labels.items()}


def draw_sample(rows: list[dict], seed: int = SAMPLE_SEED) -> dict[str, tuple[str, str]]:
    """The stratified random sample of distinct pairs read by hand for recall (set ``sample15``):
    per half and stratum, ``SAMPLE_SIZES[stratum]`` pair ids drawn with ``random.Random(seed)``
    from the sorted ids, halves A then B, strata in the order of ``SAMPLE_SIZES``."""
    import random

    rng = random.Random(seed)
    by_stratum = strata(rows)
    chosen = {}
    for name in ("A", "B"):
        for stratum, size in SAMPLE_SIZES.items():
            ids = sorted(k for k, v in by_stratum.items() if v == (name, stratum))
            for k in rng.sample(ids, min(size, len(ids))):
                chosen[k] = (name, stratum)
    return chosen


def label_rows() -> list[dict]:
    """The rows of ``claimdiff_same_fact.jsonl`` (see the module's docstring)."""
    with SAME_FACT.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


EXTRA_SEED = 16
EXTRA_SIZES = {("A", "strengthens"): 100}  # drawn after the first sample, from the pairs it left


def draw_extra(rows: list[dict], seed: int = EXTRA_SEED) -> dict[str, tuple[str, str]]:
    """A second draw (set ``sample15b``): per (half, stratum) of ``EXTRA_SIZES``, pair ids drawn
    with ``random.Random(seed)`` from the sorted ids that :func:`draw_sample` left; with the first
    draw, a simple random sample of the stratum again."""
    import random

    rng = random.Random(seed)
    by_stratum = strata(rows)
    first = draw_sample(rows)
    chosen = {}
    for key, size in EXTRA_SIZES.items():
        ids = sorted(k for k, v in by_stratum.items() if v == key and k not in first)
        for k in rng.sample(ids, min(size, len(ids))):
            chosen[k] = key
    return chosen


def same_fact_labels() -> dict[str, bool]:
    """Pair id (without ``_rev``) -> whether the two claims state one fact, read by hand (the
    sample's reading where a pair was read twice)."""
    rows = sorted(label_rows(), key=lambda row: "set" in row)
    return {row["pair_id"]: bool(row["same_fact"]) for row in rows}


def sample_labels() -> dict[str, bool]:
    """The sampled pairs' labels (``set``: ``sample15``, the stratified sample, and ``sample15b``,
    the second draw of A's strengthens pairs), by pair id without ``_rev``."""
    sets = ("sample15", "sample15b")
    return {row["pair_id"]: bool(row["same_fact"]) for row in label_rows() if row.get("set") in sets}


def half(topic: str) -> str:
    """'A' (development) or 'B' (held out), by a hash of the topic."""
    return "A" if hashlib.sha1(topic.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def label(row: dict) -> str:
    """'strengthens', 'weakens' or 'neither' (no pair has both)."""
    if row["weakens"]:
        return "weakens"
    return "strengthens" if row["strengthens"] else "neither"


def pair_material(row: dict):
    """The pair as a story of two one-sentence articles of two outlets."""
    from newsweave.records import Article, Line, Sentence, StoryMaterial

    articles, sentences = [], {}
    for side in ("a", "b"):
        text = row[f"claim_{side}"].strip()
        aid = f"{row['pair_id']}-{side}"
        articles.append(
            Article(aid, aid, text, [Line(1, text, "body")], outlet=f"outlet-{side}", published=row.get("date"))
        )
        sentences[aid] = [Sentence(aid, 0, text, "body", 0, len(text))]
    return StoryMaterial(row["pair_id"], articles, sentences, {a.id: [] for a in articles})


def score(rows: list[dict], annotator, config, sweep: bool = False) -> dict:
    """Grouping and disagreement counts of ``rows`` (see the module's docstring)."""
    from newsweave.synthesize.coverage import claims_of, group_claims, word_match
    from newsweave.synthesize.disagreements import date_conflicts, number_conflicts
    from newsweave.synthesize.similarity import SentenceVectors
    from newsweave.text.words import content_words

    settings_ = config.synthesize
    split = annotator.clauses.split if settings_.claim_clauses else None
    parse = annotator.clauses.parse if settings_.quote_parse else None  # as the story writer
    vectors = SentenceVectors(annotator.sentence_embedder.encode)
    grouped: Counter[str] = Counter()
    facts = same_fact_labels()
    by_fact: Counter[str] = Counter()  # grouped pairs read by hand: "same", "other", "unread"
    flagged: Counter[str] = Counter()
    total: Counter[str] = Counter()
    unclaimed = 0
    best_scores = []  # (best cosine, best word match, label) over the two claims' clause pairs
    records = []  # (pair id, grouped) of every row
    for row in rows:
        material = pair_material(row)
        gold = label(row)
        total[gold] += 1
        claims = claims_of(material, settings_.claim_sentences, split)
        sides = {c.article_id for c in claims}
        if len(sides) < 2:
            unclaimed += 1
            best_scores.append((-1.0, 0.0, gold))
            records.append((row["pair_id"], False))
            continue
        groups = group_claims(material, vectors, settings_, split, parse)
        together = any(len({m.article_id for m in g.members}) == 2 for g in groups)
        records.append((row["pair_id"], together))
        if together:
            grouped[gold] += 1
            fact = facts.get(row["pair_id"].removesuffix("_rev"))
            by_fact["unread" if fact is None else "same" if fact else "other"] += 1
        matrix = vectors.matrix(claims)
        conflicts = number_conflicts(claims, matrix) + date_conflicts(
            [g.members for g in groups if len(g.members) > 1], material
        )
        if any(len({c.article for side in d.sides for c in side.citations}) == 2 for d in conflicts):
            flagged[gold] += 1
        a = [i for i, c in enumerate(claims) if c.article_id.endswith("-a")]
        b = [i for i, c in enumerate(claims) if c.article_id.endswith("-b")]
        cos = float(max(matrix[i] @ matrix[j] for i in a for j in b))
        words = max(word_match(content_words(claims[i].text), content_words(claims[j].text)) for i in a for j in b)
        best_scores.append((cos, words, gold))
    out = {
        "total": total,
        "grouped": grouped,
        "flagged": flagged,
        "unclaimed": unclaimed,
        "by_fact": by_fact,
        "records": records,
    }
    if sweep:
        out["sweep"] = best_scores
    return out


def _pr(tp: int, predicted: int, actual: int) -> str:
    p = tp / predicted if predicted else 0.0
    r = tp / actual if actual else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {f:.3f}"


def fact_estimate(
    records: list[tuple[str, bool]], sample: dict[str, bool], by_stratum: dict[str, tuple[str, str]]
) -> dict:
    """Precision and recall by fact of ``records`` ((pair id, grouped) per scored row) estimated on
    the stratified sample: a sampled pair's rows weigh N / n (pairs of its half and stratum in the
    data / drawn); with the raw counts (rows of sampled pairs)."""
    population = Counter(by_stratum.values())
    drawn = Counter(by_stratum[k] for k in sample)
    weighted: Counter[str] = Counter()
    raw: Counter[str] = Counter()
    for pair_id, grouped in records:
        key = base_id(pair_id)
        if key not in sample:
            continue
        weight = population[by_stratum[key]] / drawn[by_stratum[key]]
        same = sample[key]
        for name, hit in (("rows", True), ("same", same), ("grouped", grouped), ("both", same and grouped)):
            if hit:
                weighted[name] += weight
                raw[name] += 1
    return {
        "precision": weighted["both"] / weighted["grouped"] if weighted["grouped"] else 0.0,
        "recall": weighted["both"] / weighted["same"] if weighted["same"] else 0.0,
        "raw": raw,
    }


def report(name: str, result: dict, word_threshold: float, estimate: dict | None = None) -> None:
    total, grouped, flagged = result["total"], result["grouped"], result["flagged"]
    n = sum(total.values())
    print(f"half {name}: {n} pairs ({dict(total)}); {result['unclaimed']} with a side too short or long to be a claim")
    related = grouped["strengthens"] + grouped["weakens"]
    print(
        f"  grouping: {_pr(related, sum(grouped.values()), total['strengthens'] + total['weakens'])} "
        f"(related); recall of strengthens {grouped['strengthens'] / (total['strengthens'] or 1):.3f}"
    )
    print(
        "  grouped rate by label: "
        + ", ".join(f"{k} {grouped[k]}/{total[k]} = {grouped[k] / (total[k] or 1):.3f}" for k in sorted(total))
    )
    facts = result["by_fact"]
    read = facts["same"] + facts["other"]
    if read:
        print(
            f"  grouped pairs read by hand: {read} of {read + facts['unread']}, "
            f"one fact {facts['same']} (precision by fact {facts['same'] / read:.3f})"
        )
    if estimate is not None:
        p, r, raw = estimate["precision"], estimate["recall"], estimate["raw"]
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(
            f"  by fact (sample15 + 15b, weighted to the half): P {p:.3f} R {r:.3f} F1 {f:.3f}; raw: "
            f"{raw['rows']} rows of sampled pairs, {raw['same']} of one fact, {raw['grouped']} grouped, "
            f"{raw['both']} both"
        )
    print(f"  disagreements: {_pr(flagged['weakens'], sum(flagged.values()), total['weakens'])}")
    print(
        "  flagged rate by label: "
        + ", ".join(f"{k} {flagged[k]}/{total[k]} = {flagged[k] / (total[k] or 1):.3f}" for k in sorted(total))
    )
    if "sweep" in result:
        scores = result["sweep"]
        cos = np.array([s[0] for s in scores])
        words = np.array([s[1] for s in scores])
        gold = np.array([s[2] for s in scores])
        related = gold != "neither"
        print(f"  sweep (cosine threshold, word match >= {word_threshold:.2f}): grouped, P(related), R(strengthens)")
        for t in np.arange(0.50, 0.96, 0.05):
            pred = (cos >= t) | (words >= word_threshold)
            p = (pred & related).sum() / (pred.sum() or 1)
            r = (pred & (gold == "strengthens")).sum() / ((gold == "strengthens").sum() or 1)
            print(f"    {t:.2f}: {int(pred.sum()):4d}  P {p:.3f}  R {r:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=["A", "B", "both"], default="both")
    parser.add_argument("--sweep", action="store_true", help="grouping at other cosine thresholds")
    parser.add_argument("--limit", type=int, default=None, help="at most N pairs per half")
    parser.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE", help="Config overrides")
    args = parser.parse_args()
    require(CLAIMDIFF)

    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    config = Config(**settings(args.set))
    annotator = Annotator(config)
    with gzip.open(CLAIMDIFF, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    halves = ["A", "B"] if args.half == "both" else [args.half]
    by_stratum = strata(rows)
    sample = sample_labels()
    for name in halves:
        chosen = [r for r in rows if half(r["topic"]) == name][: args.limit]
        sweep = args.sweep and name == "A"  # thresholds are looked at on the development half only
        result = score(chosen, annotator, config, sweep=sweep)
        estimate = fact_estimate(result["records"], sample, by_stratum) if args.limit is None else None
        report(name, result, config.synthesize.claim_word_match, estimate)


if __name__ == "__main__":
    main()
