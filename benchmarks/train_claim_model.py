"""Train the same-fact model of claims (newsweave/rules/claim_model.json) on half A of ClaimDiff.

Every distinct pair of ClaimDiff's half A read by hand for one fact (``benchmarks/data/
claimdiff_same_fact.jsonl``: the stratified samples ``sample15`` and ``sample15b`` and the census
of the pairs the grouping of session 12 grouped) gives one training example: of the two claims'
clauses (as the coverage stage splits them), the pair of clauses with the highest embedding
cosine, described by :func:`newsweave.synthesize.claim_model.pair_features` (the parse's subjects
included), labelled with the pair's reading. A logistic regression (scikit-learn,
L2) is fitted; a sampled pair weighs N / n of its half and stratum times its rows (a pair and its
``_rev`` copy), as ``claimdiff.py`` counts it (``--census-weight``: the weight of a row read only
in the census, 0 leaves them out).

Scored as the stage groups and as ``claimdiff.py`` counts: a pair is grouped when some pair of its
clauses (one of each side) matches by words (``claim_word_match``) or by a cosine from
``claim_sure``, or has a cosine between the floor and ``claim_sure`` and a probability from the
threshold (every such clause pair is scored, not only the closest); a pair with a side too
short or long to be a claim is never grouped but counts; precision and recall by fact on the
sample, each row weighing N / n. What still differs from ``claimdiff.py``: the model is fitted on
the closest clause pair only (a pair's label is not a label of each of its clause pairs), and the
stage parses each clause alone here as there.

Chosen by cross-validation on A grouped by topic (``--folds`` folds, repeated ``--repeats`` times
with other shuffles of the topics): the regularisation C (``--cs``), the cosine floor
(``--floors``) and the probability threshold (0.20 to 0.90), by the best out-of-fold F1 by fact
among the choices whose precision reaches ``--min-precision`` (0.75: the grouping is to put
together one fact, not one topic, and a story has many more pairs of two facts than ClaimDiff's
chosen pairs). The out-of-fold figure of the best of ~45 settings is optimistic (the choice is
made on the same folds); half B is the unbiased check. Prints the stage without the model on the
same pairs, the best settings out of fold, and the chosen one fitted on all of A and scored in
sample; with ``--write`` writes its weights, floor and threshold (which
``Config.synthesize.claim_model_threshold`` None takes). Half B is never read.

    python benchmarks/train_claim_model.py [--write] [--floors 0.45,0.5,0.55] [--cs 0.3,1,3]
        [--census-weight 1] [--drop NAME,NAME] [--examples PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import ROOT, gated_model, write_rule_file  # noqa: E402
from claimdiff import CLAIMDIFF, base_id, half, pair_material, same_fact_labels, sample_labels, strata  # noqa: E402

OUT = ROOT / "newsweave" / "rules" / "claim_model.json"
MIN_FLOOR = 0.4  # clause pairs below it are not kept (no floor tried is lower)


def examples(rows: list[dict], annotator, config) -> list[dict]:
    """One example per distinct pair of ``rows`` read by hand, with the number of its rows
    (``copies``: the pair and its ``_rev`` copy, as ``claimdiff.py`` counts rows), its label and
    topic; ``features``: those of its closest clause pair (what the model is fitted on);
    ``band``: those of every pair of its clauses (one of each side) between ``floor`` (the
    lowest of ``--floors``) and ``claim_sure``, which the stage may score; ``sure``: whether a
    clause pair matches by words or by a cosine from ``claim_sure`` (grouped whatever the
    model says); ``default``: whether the stage without the model grouped it. A pair with a side
    too short or too long to be a claim has no features and is never grouped (as in
    ``claimdiff.py``)."""
    from newsweave.synthesize.claim_model import claim_facts, pair_features
    from newsweave.synthesize.coverage import claims_of, group_claims, subject_words, word_match
    from newsweave.synthesize.similarity import SentenceVectors

    settings_ = config.synthesize
    split = annotator.clauses.split if settings_.claim_clauses else None
    parse = annotator.clauses.parse
    vectors = SentenceVectors(annotator.sentence_embedder.encode)
    facts = same_fact_labels()
    copies = Counter(base_id(row["pair_id"]) for row in rows)
    seen, out = set(), []
    for row in rows:
        key = base_id(row["pair_id"])
        if key in seen or key not in facts:
            continue
        seen.add(key)
        material = pair_material(row)
        claims = claims_of(material, settings_.claim_sentences, split)
        a = [c for c in claims if c.article_id.endswith("-a")]
        b = [c for c in claims if c.article_id.endswith("-b")]
        example = {"pair": key, "topic": row["topic"], "label": facts[key], "copies": copies[key]}
        if not a or not b:
            out.append({**example, "features": None, "band": [], "sure": False, "default": False})
            continue
        matrix = vectors.matrix(a + b)
        sims = matrix[: len(a)] @ matrix[len(a) :].T
        read = [claim_facts(c.text) for c in a + b]
        parsed = [subject_words(toks) for toks in parse([c.text for c in a + b])]

        def features(i: int, j: int) -> dict[str, float]:
            return pair_features(float(sims[i, j]), read[i], read[len(a) + j], (parsed[i], parsed[len(a) + j]))  # noqa: B023

        pairs = [(i, j) for i in range(len(a)) for j in range(len(b))]
        sure = any(
            word_match(read[i].words, read[len(a) + j].words) >= settings_.claim_word_match
            or sims[i, j] >= settings_.claim_sure
            for i, j in pairs
        )
        band = [features(i, j) for i, j in pairs if MIN_FLOOR <= sims[i, j] < settings_.claim_sure]
        i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
        plain = replace_model(settings_, False)
        groups = group_claims(material, vectors, plain, split, parse)
        out.append(
            {
                **example,
                "features": features(int(i), int(j)),
                "band": band,
                "sure": sure,
                "default": any(len({m.article_id for m in g.members}) == 2 for g in groups),
            }
        )
    return out


def replace_model(settings_, on: bool):
    """The settings with the model on or off."""
    from dataclasses import replace

    return replace(settings_, claim_model=on)


def weighted_prf(pred, gold, weight) -> tuple[float, float, float]:
    both = float(np.sum(weight * (pred & gold)))
    p = both / (float(np.sum(weight * pred)) or 1.0)
    r = both / (float(np.sum(weight * gold)) or 1.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--floors", default="0.45,0.5,0.55")
    parser.add_argument("--min-precision", type=float, default=0.75)
    parser.add_argument("--cs", default="0.3,1,3")
    parser.add_argument("--census-weight", type=float, default=1.0)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--drop", default="", help="features left out (comma-separated names)")
    parser.add_argument("--examples", default="", help="a file to keep the examples in between runs (JSON)")
    args = parser.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    config = Config()
    with gzip.open(CLAIMDIFF, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    by_stratum = strata(rows)
    sample = sample_labels()
    population = Counter(by_stratum.values())
    drawn = Counter(by_stratum[k] for k in sample)
    cache = Path(args.examples) if args.examples else None
    if cache is not None and cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
    else:
        data = examples([r for r in rows if half(r["topic"]) == "A"], Annotator(config), config)
        if cache is not None:
            cache.write_text(json.dumps(data), encoding="utf-8")
    drop = {d for d in args.drop.split(",") if d}
    floors = [float(v) for v in args.floors.split(",")]
    assert min(floors) >= MIN_FLOOR, f"floors from {MIN_FLOOR}"
    gold = np.array([e["label"] for e in data])
    in_sample = np.array([e["pair"] in sample for e in data])
    # a sampled pair weighs N / n of its stratum per row, as claimdiff.py counts rows
    eval_w = np.array(
        [
            population[by_stratum[e["pair"]]] / drawn[by_stratum[e["pair"]]] * e["copies"] if s else 0.0
            for e, s in zip(data, in_sample, strict=True)
        ]
    )
    has = np.array([e["features"] is not None for e in data])
    train_w = np.where(in_sample, eval_w, args.census_weight * np.array([e["copies"] for e in data])) * has
    sure = np.array([e["sure"] for e in data])
    default = np.array([e["default"] for e in data])
    topics = sorted({e["topic"] for e in data})
    print(
        f"{len(data)} pairs of half A ({int(in_sample.sum())} sampled, {int(gold.sum())} of one fact, "
        f"{int((~has).sum())} with a side that is no claim); {len(topics)} topics"
    )
    p, r, f = weighted_prf(default[in_sample], gold[in_sample], eval_w[in_sample])
    print(f"the stage without the model (the gate) on the sample: P {p:.3f} R {r:.3f} F1 {f:.3f}")

    def keep(features: dict[str, float]) -> dict[str, float]:
        return {k: v for k, v in features.items() if k not in drop}

    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform([keep(e["features"] or {}) for e in data])
    owner = np.array([n for n, e in enumerate(data) for _ in e["band"]], dtype=int)
    band = [keep(f) for e in data for f in e["band"]]
    xb = vec.transform(band)
    band_cos = np.array([f["cosine"] for f in band])

    def grouped(probs: np.ndarray, floor: float, t: float) -> np.ndarray:
        """Pairs grouped as the stage groups them: sure, or some clause pair in the band from
        ``floor`` with a probability from ``t``."""
        hit = (probs >= t) & (band_cos >= floor)
        out = sure.copy()
        out[owner[hit]] = True
        return out

    thresholds = np.arange(0.2, 0.91, 0.05)
    results = {}
    for c in [float(v) for v in args.cs.split(",")]:
        scores = np.zeros((args.repeats, len(band)))
        for rep in range(args.repeats):
            order = np.random.default_rng(rep).permutation(topics)
            fold_of = {t: n % args.folds for n, t in enumerate(order)}
            folds = np.array([fold_of[e["topic"]] for e in data])
            for k in range(args.folds):
                test = folds == k
                train = ~test & (train_w > 0)
                model = LogisticRegression(C=c, max_iter=2000)
                model.fit(x[train], gold[train], sample_weight=train_w[train])
                rows_b = test[owner]
                if rows_b.any():
                    scores[rep, rows_b] = model.predict_proba(xb[rows_b])[:, 1]
        for floor in floors:
            for t in thresholds:
                prf = np.array(
                    [
                        weighted_prf(grouped(scores[rep], floor, t)[in_sample], gold[in_sample], eval_w[in_sample])
                        for rep in range(args.repeats)
                    ]
                )
                results[(c, floor, round(float(t), 2))] = prf.mean(axis=0)
    ranked = sorted(results.items(), key=lambda kv: (kv[1][0] >= args.min_precision, kv[1][2]), reverse=True)
    print(
        f"best out-of-fold F1 with precision >= {args.min_precision} first, of {len(results)} settings "
        "(the best of many is optimistic: the chosen setting's out-of-fold figure is not a held-out one):"
    )
    for (c, floor, t), (p, r, f) in ranked[:15]:
        print(f"  C {c:5}  floor {floor:.2f}  threshold {t:.2f}: out of fold P {p:.3f} R {r:.3f} F1 {f:.3f}")
    (c, floor, t), _ = ranked[0]
    model = LogisticRegression(C=c, max_iter=2000)
    fit = train_w > 0
    model.fit(x[fit], gold[fit], sample_weight=train_w[fit])
    p, r, f = weighted_prf(
        grouped(model.predict_proba(xb)[:, 1], floor, t)[in_sample], gold[in_sample], eval_w[in_sample]
    )
    print(f"chosen, fitted on all of A and scored on A (in sample): P {p:.3f} R {r:.3f} F1 {f:.3f}")
    out = gated_model(
        vec,
        model,
        floor,
        t,
        f"ClaimDiff half A, {int(fit.sum())} pairs read by hand; C {c}",
    )
    if args.write:
        write_rule_file(OUT, out)


if __name__ == "__main__":
    main()
