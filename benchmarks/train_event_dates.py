"""Train the event-date model (newsweave/rules/eventdate_model.json) on half A of the labelled sentences.

Each labelled sentence of ``benchmarks/data/event_dates_real.jsonl`` in half A gives candidates
(:func:`newsweave.text.eventdate_model.candidates`: every valued temporal expression, the
publication date, none), each labelled right when its value is the sentence's label. A logistic
regression (scikit-learn) scores candidates; a sentence takes its best candidate's value.
Chosen by cross-validation on A grouped by document (5 folds, repeated with several shuffles):
the regularisation C and the feature set ("rules": the rules' choice alone; "features": the parse
features without the rules' choice; "both": all; "both@S": all, the rules' choice scaled to S so
that its weight costs more under the penalty). The rules were written on most of A, so their
choice looks better there than it is: ``--choose-on-marked`` chooses by the out-of-fold accuracy
on the rows labelled after the rules (``--mark``), as the shipped weights were. Prints the
out-of-fold accuracy of each, then, with ``--write``, fits the best on all of A and writes the
weights. Half B is never read. Each sentence is given its position in its article as the
pipeline counts it (``_event_context.position_of``: the document cleaned and split as the
pipeline does), and the temporal expressions of the body sentence before it
(``_event_context.previous_timexes``); ``--no-context`` leaves both out, to compare; ``--leave-out``
keeps the rows of some marks out of all of it (unseen, to score the weights on afterwards).

    python benchmarks/train_event_dates.py [--choose-on-marked] [--write] [--repeats 5] [--fresh MARK]
                                           [--variants both@0.4] [--cs 0.3,1.0] [--no-context]
                                           [--leave-out MARK,MARK] [--drop NAME,NAME]

``--drop`` leaves out the features whose names (after the candidate kind's prefix) start with
the given strings, on every candidate (a timex's sentence features carry ``s_``): to measure a
group of features by ablation (``--drop far,s_far`` is the model without the ``far`` feature).

``--vectors static`` (or ``onnx``: MiniLM) measures the sentence's meaning as one more feature of
the none candidate, ``vec_none``: a logistic regression on the sentence's vector, fitted on the
sentences labelled none or the publication date (background against news), gives a score; within
each outer fold the training sentences get scores out of an inner 5-fold split by document and the
test sentences from a fit on all the training ones, so no sentence is scored by a model that saw
it. Measurement only: the shipped model has no such feature (``--write`` refuses it).

``--fractions 0.5,0.75,1`` prints a learning curve: out of fold with each fold trained on that
share of its training documents (the test folds unchanged), on all rows, the marked rows and the
sentences labelled none that the rules date by the publication date. Measurement only.

``--oof-errors`` lists the errors out of fold by kind (the answer against the label: the
publication date, none or a date; the majority answer of ``--repeats`` shuffles, the first of
``--variants`` and ``--cs``), each with its reference, the rules' answer and its text, read from
``../shared``: the error analysis of a session, made again by anyone. Measurement only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import ROOT, read_jsonl  # noqa: E402
from _event_context import position_of, previous_timexes  # noqa: E402
from _real_text import as_cleaned, document  # noqa: E402

LABELS = ROOT / "benchmarks" / "data" / "event_dates_real.jsonl"
OUT = ROOT / "newsweave" / "rules" / "eventdate_model.json"
NO_CONTEXT = "--no-context" in sys.argv  # the model without the position and the sentence before
# features left out (``--drop``): names after the kind's prefix ("s_question" on a timex, "question")
DROP: tuple[str, ...] = ()
CS = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
VECTOR_C = 10.0  # the regularisation of the regression on sentence vectors (chosen on A's folds)
VECTOR_SCALE = 4.0  # its score (log-odds) divided by this, to the range of the other features


def _vectors(rows: list[dict], backend: str) -> np.ndarray:
    """The project's sentence vectors of the rows' sentences (``static``: the distilled model2vec
    model; ``onnx``: MiniLM), the text as the training reads it."""
    from newsweave.models.embed import Embedder

    texts = [as_cleaned(r["doc"], document(r["doc"])[0][r["start"] : r["end"]])[0].replace("\n", " ") for r in rows]
    return Embedder(backend=backend).encode(texts)


def vector_scores(
    vectors: np.ndarray, target: np.ndarray, fit_on: np.ndarray, docs: np.ndarray, train, test, seed: int
):  # type: ignore[no-untyped-def]
    """A score per sentence from a logistic regression on ``vectors`` predicting ``target``, fitted
    only on the sentences where ``fit_on`` holds: for ``train`` (indices) out of an inner 5-fold
    split by document, for ``test`` from a fit on all of ``train``; other sentences get 0."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    def fitted(rows):  # type: ignore[no-untyped-def]
        rows = rows[fit_on[rows]]
        return LogisticRegression(C=VECTOR_C, max_iter=5000).fit(vectors[rows], target[rows])

    scores = np.zeros(len(vectors))
    train, test = np.asarray(train), np.asarray(test)
    inner = GroupKFold(n_splits=min(5, len(set(docs[train]))), shuffle=True, random_state=100 + seed)
    for fit, held in inner.split(train, groups=docs[train]):
        scores[train[held]] = fitted(train[fit]).decision_function(vectors[train[held]])
    if len(test):
        scores[test] = fitted(train).decision_function(vectors[test])
    return scores


def _with_scores(items, scores):  # type: ignore[no-untyped-def]
    """The items with each sentence's vector score as the feature ``vec_none`` of its none candidate."""
    from dataclasses import replace

    return [
        (
            doc,
            [
                replace(c, features={**c.features, "n:vec_none": float(s) / VECTOR_SCALE}) if c.kind == "none" else c
                for c in cands
            ],
            label,
        )
        for (doc, cands, label), s in zip(items, scores, strict=True)
    ]


def _items(rows: list[dict]) -> list[tuple[str, list, str | None]]:
    """(document id, candidates, label) of each sentence."""
    from newsweave.config import Config
    from newsweave.text.clauses import ClauseSplitter
    from newsweave.text.dates import parse_iso
    from newsweave.text.eventdate_model import candidates
    from newsweave.text.timexes import find_timexes

    splitter = ClauseSplitter(Config().annotate.spacy_model)
    # as the clean stage gives it: Timeline17's tokenised text joined back
    texts = [as_cleaned(r["doc"], document(r["doc"])[0][r["start"] : r["end"]])[0].replace("\n", " ") for r in rows]
    parses = splitter.parse(texts)
    items = []
    for row, text, toks in zip(rows, texts, parses, strict=True):
        timexes = list(find_timexes(text, parse_iso(row["published"])))
        position = None if NO_CONTEXT else position_of(row)
        previous = None if NO_CONTEXT else previous_timexes(row)
        found = candidates(text, timexes, row["published"], toks, position, previous)
        items.append((row["doc"], found, row["event_date"]))
    return items


def _keep(name: str, variant: str) -> bool:
    if DROP and name.split(":", 1)[1].startswith(DROP):
        return False
    rule = name.endswith(":rule")
    if variant == "rules":
        return rule or name.endswith(":bias")
    if variant == "features":
        return not rule
    return True


def _scale(variant: str) -> float:
    """The value the rules' choice takes in "both@S": a smaller S makes its weight cost more
    under the L2 penalty (less trust in rules written on the same sentences)."""
    return float(variant.split("@")[1]) if "@" in variant else 1.0


def _matrix(items, vectorizer, variant: str):  # type: ignore[no-untyped-def]
    scale = _scale(variant)
    base = variant.split("@")[0]
    feats = [
        {k: v * scale if k.endswith(":rule") else v for k, v in c.features.items() if _keep(k, base)}
        for _, cands, _ in items
        for c in cands
    ]
    return vectorizer.transform(feats) if hasattr(vectorizer, "vocabulary_") else vectorizer.fit_transform(feats)


def _fit(items, variant: str, c: float):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = _matrix(items, vectorizer, variant)
    y = [cand.value == label for _, cands, label in items for cand in cands]
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    return vectorizer, model


def _predict(items, vectorizer, model, variant: str) -> list[str | None]:  # type: ignore[no-untyped-def]
    scores = model.decision_function(_matrix(items, vectorizer, variant))
    found, at = [], 0
    for _, cands, _ in items:
        part = scores[at : at + len(cands)]
        found.append(cands[int(np.argmax(part))].value)
        at += len(cands)
    return found


def fewer_documents(train, docs: list[str], fraction: float, seed: int):  # type: ignore[no-untyped-def]
    """The training rows of a fold kept when only ``fraction`` of its documents are (drawn by
    ``seed``; whole documents, at least one), for a learning curve: the test fold is untouched."""
    if fraction >= 1.0:
        return list(train)
    import random

    names = sorted({docs[i] for i in train})
    kept = set(random.Random(seed).sample(names, max(1, round(fraction * len(names)))))
    return [i for i in train if docs[i] in kept]


def cross_validate(  # type: ignore[no-untyped-def]
    items, variant: str, c: float, repeats: int, vectors=None, fraction: float = 1.0, votes=None
) -> list[float]:
    """Each sentence's out-of-fold accuracy, 5 folds grouped by document, averaged over ``repeats``
    shuffles; with ``vectors`` (one per sentence) the none candidate gets ``vec_none`` (see
    :func:`vector_scores`), made within each fold; with ``fraction`` < 1 each fold trains on that
    share of its training documents only (:func:`fewer_documents`). ``votes`` (one Counter per
    sentence), when given, counts each shuffle's out-of-fold answer."""
    from sklearn.model_selection import GroupKFold

    docs = [doc for doc, _, _ in items]
    right = [0.0] * len(items)
    if vectors is not None:
        labels = [label for _, _, label in items]
        published = [next((c.value for c in cands if c.kind == "published"), None) for _, cands, _ in items]
        target = np.array([label is None for label in labels])
        fit_on = np.array([label is None or label == p for label, p in zip(labels, published, strict=True)])
    for seed in range(repeats):
        for fold, (train, test) in enumerate(
            GroupKFold(n_splits=5, shuffle=True, random_state=seed).split(items, groups=docs)
        ):
            train = fewer_documents(train, docs, fraction, 1000 * seed + fold)
            scored = items
            if vectors is not None:
                scores = vector_scores(vectors, target, fit_on, np.array(docs), train, test, seed)
                scored = _with_scores(items, scores)
            vectorizer, model = _fit([scored[i] for i in train], variant, c)
            found = _predict([scored[i] for i in test], vectorizer, model, variant)
            for i, value in zip(test, found, strict=True):
                right[i] += (value == items[i][2]) / repeats
                if votes is not None:
                    votes[i][value] += 1
    return right


def out_of_fold_answers(items, variant: str, c: float, repeats: int) -> list[str | None]:  # type: ignore[no-untyped-def]
    """Each sentence's answer out of fold: the value its folds chose most often over ``repeats``
    shuffles (of equals, the one chosen first)."""
    from collections import Counter

    votes: list[Counter] = [Counter() for _ in items]
    cross_validate(items, variant, c, repeats, votes=votes)
    return [count.most_common(1)[0][0] for count in votes]


def answer_kind(value: str | None, published: str | None) -> str:
    """What an answer or label is against the publication date: "none", "published" or "a date"."""
    if value is None:
        return "none"
    return "published" if value == published else "a date"


def error_kinds(answers, items) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """The wrong answers grouped by kind ("published -> none": the publication date where the label
    is none; "a date -> another date": a date, the label another), most frequent first."""
    kinds: dict[str, list[int]] = {}
    for i, (value, (_, cands, label)) in enumerate(zip(answers, items, strict=True)):
        if value == label:
            continue
        published = next((c.value for c in cands if c.kind == "published"), None)
        said, meant = answer_kind(value, published), answer_kind(label, published)
        kinds.setdefault(f"{said} -> {'another date' if said == meant else meant}", []).append(i)
    return dict(sorted(kinds.items(), key=lambda kv: -len(kv[1])))


def _print_errors(rows: list[dict], items, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    """Print the out-of-fold errors by kind, each with its reference and the rules' answer."""
    variant, c = args.variants.split(",")[0], float(args.cs.split(",")[0])
    answers = out_of_fold_answers(items, variant, c, args.repeats)
    kinds = error_kinds(answers, items)
    wrong = sum(len(found) for found in kinds.values())
    print(
        f"{variant} C={c}: out of fold (the majority answer of {args.repeats} shuffles) {wrong} wrong of {len(items)}"
    )
    for kind, found in kinds.items():
        print(f"{kind}: {len(found)}")
    for kind, found in kinds.items():
        for i in found:
            row = rows[i]
            rule = _rule_choice(items[i][1])
            text = as_cleaned(row["doc"], document(row["doc"])[0][row["start"] : row["end"]])[0].replace("\n", " ")
            print(
                f"  [{kind}] {row['doc']} {row['start']}-{row['end']} pub {row['published']}: found {answers[i]}"
                f" (rules {rule}) gold {row['event_date']} | {text[:150]}"
            )


def _rule_choice(cands) -> str | None:  # type: ignore[no-untyped-def]
    return next(c.value for c in cands if c.features.get(f"{c.kind[0]}:rule"))


def _fresh(rows: list[dict], mark: str, variants: list[str], repeats: int) -> None:
    """Choose C per feature set by cross-validation on A's rows without ``mark``, fit there, and
    score on A's rows with ``mark`` (labelled after the rules were written: fresh to both)."""
    old = _items([r for r in rows if r.get("added") != mark])
    new = _items([r for r in rows if r.get("added") == mark])
    rule = sum(_rule_choice(cands) == label for _, cands, label in new) / len(new)
    print(f"fresh A rows ({mark}): {len(new)}; trained on {len(old)}; rules {rule:.3f}")
    for variant in variants:
        score, c = max((float(np.mean(cross_validate(old, variant, c, repeats))), c) for c in CS)
        vectorizer, model = _fit(old, variant, c)
        found = _predict(new, vectorizer, model, variant)
        right = sum(f == label for f, (_, _, label) in zip(found, new, strict=True)) / len(new)
        print(f"{variant:<9} C={c:<5} out of fold on the rest {score:.3f}  fresh {right:.3f}")


def _curve(items, fresh: list[int], args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    """Print out-of-fold accuracy (all rows, the marked rows, and the sentences labelled none that
    the rules date by the publication date: the largest error kind) per variant, C and share of the
    training documents."""
    published = [next((c.value for c in cands if c.kind == "published"), None) for _, cands, _ in items]
    hard = [
        i
        for i, (_, cands, label) in enumerate(items)
        if label is None and published[i] is not None and _rule_choice(cands) == published[i]
    ]
    for variant in args.variants.split(","):
        for c in map(float, args.cs.split(",")):
            for fraction in map(float, args.fractions.split(",")):
                right = cross_validate(items, variant, c, args.repeats, fraction=fraction)
                marked = f"  marked {np.mean([right[i] for i in fresh]):.3f}" if fresh else ""
                told = f"  dated by the rules, label none {np.mean([right[i] for i in hard]):.3f}" if hard else ""
                share = f"training documents {fraction:.2f}"
                print(f"{variant:<9} C={c:<5} {share}: out of fold {np.mean(right):.4f}{marked}{told}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-context", action="store_true", help="leave out the position features")
    parser.add_argument("--write", action="store_true", help="fit the best on all of A and write the weights")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cs", default=",".join(map(str, CS)), help="the regularisation values tried")
    parser.add_argument("--variants", default="rules,features,both@0.2,both@0.4,both")
    parser.add_argument(
        "--fresh", help="an 'added' mark: choose on A's other rows, then score each choice and the rules on these"
    )
    parser.add_argument("--mark", default="2026-12-06b", help="the 'added' mark of the rows labelled after the rules")
    parser.add_argument(
        "--choose-on-marked", action="store_true", help="choose by the out-of-fold accuracy on the marked rows"
    )
    parser.add_argument(
        "--leave-out", default="", help="'added' marks (comma-separated) whose rows are left out (kept unseen)"
    )
    parser.add_argument(
        "--drop", default="", help="features left out, by the start of their name after the kind (comma-separated)"
    )
    parser.add_argument(
        "--fractions",
        help="a learning curve: out of fold with these shares of each fold's training documents (e.g. 0.5,0.75,1)",
    )
    parser.add_argument(
        "--vectors",
        choices=("static", "onnx"),
        help="measure a score on the sentence's vector as a feature (no --write)",
    )
    parser.add_argument(
        "--oof-errors",
        action="store_true",
        help="list the out-of-fold errors by kind (the first of --variants and --cs; measurement only)",
    )
    args = parser.parse_args()
    if args.oof_errors and (args.write or args.fresh or args.vectors or args.fractions):
        parser.error("--oof-errors lists out-of-fold errors only")
    if args.fractions and (args.write or args.fresh or args.vectors):
        parser.error("--fractions measures out of fold only")
    if args.vectors and (args.write or args.fresh):
        parser.error("--vectors measures out of fold only: the shipped model has no vector feature")
    global DROP
    DROP = tuple(filter(None, args.drop.split(",")))
    left_out = set(filter(None, args.leave_out.split(",")))
    rows = [r for r in read_jsonl(LABELS) if r["half"] == "A" and r.get("added") not in left_out]
    if args.fresh:
        _fresh(rows, args.fresh, args.variants.split(","), args.repeats)
        return
    items = _items(rows)
    vectors = _vectors(rows, args.vectors) if args.vectors else None
    reachable = sum(any(c.value == label for c in cands) for _, cands, label in items) / len(items)
    rule = sum(_rule_choice(cands) == label for _, cands, label in items)
    n_docs = len({d for d, _, _ in items})
    print(f"A: {len(items)} sentences, {n_docs} documents; label among the candidates {reachable:.3f}")
    print(f"rules on A (in sample: the rules were written on A) {rule / len(items):.3f}")
    fresh = [i for i, r in enumerate(rows) if r.get("added") == args.mark]
    if fresh:
        rule_fresh = sum(_rule_choice(items[i][1]) == items[i][2] for i in fresh) / len(fresh)
        told = f"rules on the {len(fresh)} rows marked {args.mark} (labelled after the rules were written)"
        print(f"{told} {rule_fresh:.3f}")
    if args.fractions:
        _curve(items, fresh, args)
        return
    if args.oof_errors:
        _print_errors(rows, items, args)
        return
    best = (-1.0, "", 0.0, 0.0)
    for variant in args.variants.split(","):
        for c in map(float, args.cs.split(",")):
            right = cross_validate(items, variant, c, args.repeats, vectors)
            score = float(np.mean(right))
            on_marked = float(np.mean([right[i] for i in fresh])) if fresh else 0.0
            marked = f"  on the marked rows {on_marked:.3f}" if fresh else ""
            print(f"{variant:<9} C={c:<5} out of fold {score:.3f}{marked}")
            chosen = on_marked if fresh and args.choose_on_marked else score
            best = max(best, (chosen, variant, c, score), key=lambda b: b[0])
    chosen, variant, c, score = best
    on = f", on the marked rows {chosen:.3f}" if args.choose_on_marked else ""
    print(f"best: {variant} C={c} out of fold {score:.3f}{on}")
    if args.write:
        vectorizer, model = _fit(items, variant, c)
        names = vectorizer.get_feature_names_out()
        scale = _scale(variant)
        weights = {
            str(n): round(float(w) * (scale if str(n).endswith(":rule") else 1.0), 5)
            for n, w in zip(names, model.coef_[0], strict=True)
            if abs(w) > 1e-6
        }
        from newsweave.text.eventdate_model import FEATURE_VERSION

        data = {
            "about": "Event-date model (newsweave/text/eventdate_model.py), made by benchmarks/train_event_dates.py "
            f"from half A of benchmarks/data/event_dates_real.jsonl: logistic regression over candidate features, "
            f"feature set '{variant}', C={c}, out-of-fold accuracy on A {score:.3f}{on} (5 folds by document, "
            f"{args.repeats} shuffles). Weights only.",
            "feature_version": FEATURE_VERSION,
            "intercept": round(float(model.intercept_[0]), 5),
            "weights": dict(sorted(weights.items())),
        }
        OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
