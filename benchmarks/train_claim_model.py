"""Train the same-fact model of claims (newsweave/rules/claim_model.json) on half A of ClaimDiff.

Every pair of ClaimDiff's half A read by hand for one fact (``benchmarks/data/
claimdiff_same_fact.jsonl``: the stratified sample ``sample15`` and the pairs the grouping of
session 12 grouped) gives one example: of the two claims' clauses (as the coverage stage splits
them), the pair of clauses with the highest embedding cosine, described by
:func:`newsweave.synthesize.claim_model.pair_features` (the parse's subjects and main verbs
included), labelled with the pair's reading. A logistic regression (scikit-learn, L2) is fitted;
sampled pairs weigh N / n as in ``claimdiff.py`` (``--census-weight``: the weight of a pair read
only in the census, 0 leaves them out).

Chosen by cross-validation on A grouped by topic (``--folds`` folds, repeated ``--repeats`` times
with other shuffles of the topics): the regularisation C and the probability threshold, by the
out-of-fold F1 by fact on the sample (weighted as in ``claimdiff.py``; a pair counts as grouped
when its best clause pair reaches the threshold, the claims match by words or their cosine
reaches ``claim_sure``, as in the stage).
and the cosine floor (clause pairs below it are neither scored nor parsed; ``--floors``), by
the best F1 among the choices whose precision reaches ``--min-precision`` (0.75: the grouping is
to put together one fact, not one topic, and a story has many more pairs of two facts than
ClaimDiff's chosen pairs). Prints the out-of-fold
precision, recall and F1 of each choice next to the default grouping's on the same pairs, then,
with ``--write``, fits the best on all of A and writes the weights and the threshold (which
``Config.synthesize.claim_model_threshold`` takes). Half B is never read.

    python benchmarks/train_claim_model.py [--write] [--floors 0.45,0.5,0.55] [--cs 0.1,0.3,1,3]
                                           [--census-weight 1] [--drop NAME,NAME]
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

from _common import ROOT  # noqa: E402
from claimdiff import CLAIMDIFF, base_id, half, pair_material, same_fact_labels, sample_labels, strata  # noqa: E402

OUT = ROOT / "newsweave" / "rules" / "claim_model.json"


def examples(rows: list[dict], annotator, config) -> list[dict]:
    """One example per distinct pair of ``rows`` read by hand: the features of its closest clause
    pair, whether the default grouping grouped it, its label and topic."""
    from newsweave.synthesize.claim_model import heads, pair_features
    from newsweave.synthesize.coverage import claims_of, group_claims
    from newsweave.synthesize.similarity import SentenceVectors
    from newsweave.text.words import content_words

    settings_ = config.synthesize
    split = annotator.clauses.split if settings_.claim_clauses else None
    parse = annotator.clauses.parse
    vectors = SentenceVectors(annotator.sentence_embedder.encode)
    facts = same_fact_labels()
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
        if not a or not b:
            continue
        matrix = vectors.matrix(a + b)
        sims = matrix[: len(a)] @ matrix[len(a) :].T
        i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
        ta, tb = a[i].text, b[j].text
        pa, pb = parse([ta, tb])
        wa, wb = content_words(ta), content_words(tb)
        lexical = max(
            len(content_words(x.text) & content_words(y.text))
            / (min(len(content_words(x.text)), len(content_words(y.text))) or 1)
            for x in a
            for y in b
        )
        plain = replace_model(settings_, False)
        groups = group_claims(material, vectors, plain, split, annotator.clauses.parse)
        out.append(
            {
                "pair": key,
                "topic": row["topic"],
                "label": facts[key],
                "features": pair_features(float(sims[i, j]), (ta, tb), (wa, wb), (heads(pa), heads(pb))),
                "lexical": lexical,
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
    data = examples([r for r in rows if half(r["topic"]) == "A"], Annotator(config), config)
    drop = {d for d in args.drop.split(",") if d}
    feats = [{k: v for k, v in e["features"].items() if k not in drop} for e in data]
    gold = np.array([e["label"] for e in data])
    in_sample = np.array([e["pair"] in sample for e in data])
    eval_w = np.array(
        [
            population[by_stratum[e["pair"]]] / drawn[by_stratum[e["pair"]]] if s else 0.0
            for e, s in zip(data, in_sample, strict=True)
        ]
    )
    train_w = np.where(in_sample, eval_w, args.census_weight)
    cos = np.array([e["features"]["cosine"] for e in data])
    lexical = np.array([e["lexical"] for e in data]) >= config.synthesize.claim_word_match
    lexical |= cos >= config.synthesize.claim_sure  # sure by meaning alone, as in the stage
    default = np.array([e["default"] for e in data])
    topics = sorted({e["topic"] for e in data})
    print(
        f"{len(data)} pairs of half A ({int(in_sample.sum())} sampled, {int(gold.sum())} of one fact); "
        f"{len(topics)} topics"
    )
    p, r, f = weighted_prf(default[in_sample], gold[in_sample], eval_w[in_sample])
    print(f"default grouping on the sample: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform(feats)
    thresholds = np.arange(0.2, 0.91, 0.05)
    results = {}
    for c in [float(v) for v in args.cs.split(",")]:
        scores = np.zeros((args.repeats, len(data)))
        for rep in range(args.repeats):
            order = np.random.default_rng(rep).permutation(topics)
            fold_of = {t: n % args.folds for n, t in enumerate(order)}
            folds = np.array([fold_of[e["topic"]] for e in data])
            for k in range(args.folds):
                test = folds == k
                train = ~test & (train_w > 0)
                model = LogisticRegression(C=c, max_iter=2000)
                model.fit(x[train], gold[train], sample_weight=train_w[train])
                scores[rep, test] = model.predict_proba(x[test])[:, 1]
        for floor in [float(v) for v in args.floors.split(",")]:
            for t in thresholds:
                prf = np.array(
                    [
                        weighted_prf(
                            ((scores[rep] >= t) & (cos >= floor) | lexical)[in_sample],
                            gold[in_sample],
                            eval_w[in_sample],
                        )
                        for rep in range(args.repeats)
                    ]
                )
                results[(c, floor, round(float(t), 2))] = prf.mean(axis=0)
    ranked = sorted(results.items(), key=lambda kv: (kv[1][0] >= args.min_precision, kv[1][2]), reverse=True)
    print(f"best out-of-fold F1 with precision >= {args.min_precision} first:")
    for (c, floor, t), (p, r, f) in ranked[:15]:
        print(f"  C {c:5}  floor {floor:.2f}  threshold {t:.2f}: out of fold P {p:.3f} R {r:.3f} F1 {f:.3f}")
    (c, floor, t), _ = ranked[0]
    if args.write:
        model = LogisticRegression(C=c, max_iter=2000)
        keep = train_w > 0
        model.fit(x[keep], gold[keep], sample_weight=train_w[keep])
        weights = {name: round(float(w), 4) for name, w in zip(vec.feature_names_, model.coef_[0], strict=True)}
        out = {
            "weights": weights,
            "bias": round(float(model.intercept_[0]), 4),
            "floor": floor,
            "threshold": t,
            "trained_on": f"ClaimDiff half A, {int(keep.sum())} pairs read by hand; C {c}",
        }
        OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT} (C {c}, floor {floor}, threshold {t})")
        print(json.dumps(weights, indent=1))


if __name__ == "__main__":
    main()
