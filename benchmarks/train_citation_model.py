"""Train the citation model of summaries (newsweave/rules/citation_model.json) on half A of the
DUC (summary sentence, article) pairs read by hand.

Every labelled pair of half A (``benchmarks/data/summary_support_real.jsonl``) gives one example:
its cluster summarised as ``benchmarks/citations.py`` does (:func:`citations.prepare`), the
summary sentence against the judged article's candidate sentences, described by
:func:`newsweave.synthesize.citation_model.support_features` (the parse's subjects of the summary
sentence and of the article's closest sentence included), labelled 1 when the article
``supports`` it (``partly`` and ``no``: 0, as the precision of ``citations.py`` counts). A
logistic regression (scikit-learn, L2) is fitted, each pair weighing the pairs of its stratum it
stands for (``citations.labels``), or 1 (``--unweighted``). A pair whose closest sentence gives
another figure or names another subject (``VETOES``) is refused by the summary's rules before the
model: never cited, not fitted on.

Chosen by cross-validation on A grouped by cluster (``--folds`` folds, ``--repeats`` shuffles of
the clusters): the regularisation C (``--cs``), the cosine floor (``--floors``: an article whose
closest sentence is below it is never cited) and the probability threshold (0.20 to 0.90), by
the best out-of-fold recall among the settings whose out-of-fold precision (weighted as
``citations.py`` weighs) reaches ``--min-precision``. The out-of-fold figure of the best of many
settings is optimistic; half B (``citations.py --half B``) is the check, and is never read here.
Prints the rule of the time on the same pairs, the best settings out of fold, and the chosen one
fitted on all of A; ``--write`` writes its weights, floor and threshold.

    python benchmarks/train_citation_model.py [--write] [--examples PATH] [--features NAME,NAME]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import ROOT, gated_model, write_rule_file  # noqa: E402

OUT = ROOT / "newsweave" / "rules" / "citation_model.json"
MIN_FLOOR = 0.3  # no floor tried is lower
# the features fitted by default: out of fold on A (10 shuffles, C 1 and 3, floors 0.6 to 0.7),
# adding the second closest sentence, the centroid, names, numbers or the sentence's own words
# (specific_found) to these gave no more recall at precision 0.8, and all of them together less
FEATURES = ("cosine", "window", "article_words", "word_match", "subject_shared")
# an article whose closest sentence counts one thing differently or names another subject is
# refused before the model (the summary's rules, :func:`newsweave.synthesize.summary.counts_differ`
# and ``subjects_differ``): never cited, not fitted on
VETOES = ("counts_differ", "subject_other")


def examples(rows: list[dict], annotator, config) -> list[dict]:
    """One example per labelled row of ``rows``: its cluster, label, weight, the best cosine and
    the features (:func:`support_features`; None when the article has no candidate sentence)."""
    from citations import clusters, digest, prepare

    from newsweave.synthesize.citation_model import StoryReading, read_article
    from newsweave.synthesize.summary import counts_differ, subject_names
    from newsweave.text.dates import parse_iso

    recs = clusters()
    parse = annotator.clauses.parse
    by_cluster: dict[str, list[dict]] = {}
    for row in rows:
        by_cluster.setdefault(row["cluster"], []).append(row)
    out = []
    for cid, mine in sorted(by_cluster.items()):
        prep = prepare(cid, recs[cid], annotator, config)
        pool = prep.pool
        story = StoryReading(pool, prep.dense)  # what the summary's citer reads
        dated = {a.id: parse_iso(a.published) for a in prep.material.articles}
        row_of = {(s.article_id, s.index): i for i, s in enumerate(pool)}
        pending = []
        for row in mine:
            i = row_of[(row["source"], row["sentence"])]
            assert digest(pool[i].text) == row["sha"], f"{cid} {row['source']}: not the sentence read"
            rows_a = story.rows.get(row["doc"], [])
            example = {"cluster": cid, "label": int(row["label"] == "supports"), "weight": row["weight"]}
            if not rows_a:
                out.append({**example, "cosine": 0.0, "features": None})
                continue
            reading = read_article(
                prep.dense[i], prep.dense[rows_a], [pool[j].index for j in rows_a], [story.facts[j] for j in rows_a]
            )
            best = rows_a[int(np.argmax(reading.cosines))]
            pending.append((example, i, best, reading))
        texts = list(dict.fromkeys(t for _, i, b, _ in pending for t in (pool[i].text, pool[b].text)))
        names = dict(zip(texts, map(subject_names, parse(texts)), strict=True))
        for example, i, best, reading in pending:
            a, b = pool[i], pool[best]
            differ = counts_differ(a.text, b.text, dated.get(a.article_id), dated.get(b.article_id))
            feats = story.features(i, reading, differ, (names[a.text], names[b.text]))
            out.append({**example, "cosine": feats["cosine"], "features": feats})
    return out


def weighted_pr(pred: np.ndarray, gold: np.ndarray, weight: np.ndarray) -> tuple[float, float]:
    """Weighted precision and recall (of supports), as ``citations.measure`` counts."""
    both = float(np.sum(weight * (pred & gold)))
    return both / (float(np.sum(weight * pred)) or 1.0), both / (float(np.sum(weight * gold)) or 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--floors", default="0.55,0.6,0.65,0.7")
    parser.add_argument("--min-precision", type=float, default=0.8)
    parser.add_argument("--cs", default="0.3,1,3")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--unweighted", action="store_true", help="fit each pair with weight 1")
    parser.add_argument("--features", default=",".join(FEATURES), help="the features fitted (comma-separated names)")
    parser.add_argument("--examples", default="", help="a file to keep the examples in between runs (JSON)")
    args = parser.parse_args()
    from citations import labels
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    config = Config()
    cache = Path(args.examples) if args.examples else None
    if cache is not None and cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
    else:
        data = examples([r for r in labels() if r["half"] == "A"], Annotator(config), config)
        if cache is not None:
            cache.write_text(json.dumps(data), encoding="utf-8")
    keep = {f for f in args.features.split(",") if f}
    gold = np.array([e["label"] for e in data], dtype=bool)
    weight = np.array([e["weight"] for e in data])
    has = np.array([e["features"] is not None and not any(e["features"].get(v) for v in VETOES) for e in data])
    cosine = np.array([e["cosine"] for e in data])
    clusters = sorted({e["cluster"] for e in data})
    print(f"{len(data)} pairs of half A ({int(gold.sum())} supports), {len(clusters)} clusters")
    p, r = weighted_pr(has & (cosine >= 0.75), gold, weight)
    print(f"the rule of the time (closest sentence >= 0.75, same figures and subject): P {p:.3f} R {r:.3f}")

    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform([{k: v for k, v in (e["features"] or {}).items() if k in keep} for e in data])
    fit_w = np.ones(len(data)) if args.unweighted else weight

    def decided(probs: np.ndarray, floor: float, t: float) -> np.ndarray:
        return has & (cosine >= floor) & (probs >= t)

    thresholds = np.round(np.arange(0.2, 0.91, 0.05), 2)
    floors = [float(v) for v in args.floors.split(",")]
    assert min(floors) >= MIN_FLOOR
    results = {}
    for c in [float(v) for v in args.cs.split(",")]:
        for floor in floors:
            scores = np.zeros((args.repeats, len(data)))
            for rep in range(args.repeats):
                order = np.random.default_rng(rep).permutation(clusters)
                fold_of = {cid: n % args.folds for n, cid in enumerate(order)}
                folds = np.array([fold_of[e["cluster"]] for e in data])
                for k in range(args.folds):
                    test = folds == k
                    train = ~test & has & (cosine >= floor)  # the model only sees articles above the floor
                    model = LogisticRegression(C=c, max_iter=5000)
                    model.fit(x[train], gold[train], sample_weight=fit_w[train])
                    scores[rep, test] = model.predict_proba(x[test])[:, 1]
            for t in thresholds:
                pr = np.array(
                    [weighted_pr(decided(scores[rep], floor, t), gold, weight) for rep in range(args.repeats)]
                )
                results[(c, floor, float(t))] = pr.mean(axis=0)
    ranked = sorted(results.items(), key=lambda kv: (kv[1][0] >= args.min_precision, kv[1][1]), reverse=True)
    print(f"best out-of-fold recall with precision >= {args.min_precision}, of {len(results)} settings:")
    for (c, floor, t), (p, r) in ranked[:12]:
        print(f"  C {c:5}  floor {floor:.2f}  threshold {t:.2f}: out of fold P {p:.3f} R {r:.3f}")
    (c, floor, t), _ = ranked[0]
    fit = has & (cosine >= floor)
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x[fit], gold[fit], sample_weight=fit_w[fit])
    p, r = weighted_pr(decided(model.predict_proba(x)[:, 1], floor, t), gold, weight)
    print(f"chosen, fitted on all of A and scored on A (in sample): P {p:.3f} R {r:.3f}")
    out = gated_model(
        vec,
        model,
        floor,
        t,
        f"DUC summary support half A, {int(fit.sum())} pairs read by hand above the floor; C {c}"
        + (", unweighted" if args.unweighted else ", weighted by stratum"),
    )
    if args.write:
        write_rule_file(OUT, out)


if __name__ == "__main__":
    main()
