"""The out-of-fold score on sentence vectors that ``benchmarks/train_event_dates.py --vectors``
measures: no sentence may be scored by a regression that saw its document."""

from __future__ import annotations

import numpy as np

from newsweave.text.eventdate_model import Candidate

from ..conftest import load_benchmark


def _invented(n_docs: int = 10, per_doc: int = 4) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectors of invented sentences: two shared dimensions that tell background from news
    loosely, and one dimension per document that only that document's sentences use."""
    rng = np.random.default_rng(7)
    docs = np.repeat([f"doc{d}" for d in range(n_docs)], per_doc)
    target = np.array([i % 2 == 0 for i in range(len(docs))])
    vectors = np.zeros((len(docs), 2 + n_docs))
    vectors[:, 0] = np.where(target, 1.0, -1.0) + rng.normal(0, 1.0, len(docs))
    vectors[:, 1] = rng.normal(0, 1.0, len(docs))
    for i, d in enumerate(docs):
        vectors[i, 2 + int(d[3:])] = 3.0 if target[i] else -3.0  # the document's own signal
    return vectors, target, docs


def test_a_training_sentence_is_scored_without_its_document():
    bench = load_benchmark("train_event_dates")
    vectors, target, docs = _invented()
    fit_on = np.ones(len(docs), dtype=bool)
    train, test = np.arange(32), np.arange(32, 40)
    scores = bench.vector_scores(vectors, target, fit_on, docs, train, test, seed=0)
    # a document's own dimension is unseen by the regression that scores its sentences: zeroing it
    # changes none of their scores (it changes the regressions fitted on them, which score the others)
    for d in (0, 3, 5):  # documents of the training rows
        turned = vectors.copy()
        turned[:, 2 + d] = 0.0
        again = bench.vector_scores(turned, target, fit_on, docs, train, test, seed=0)
        own = docs == f"doc{d}"
        assert np.allclose(scores[own], again[own])
        assert not np.allclose(scores[~own], again[~own])  # the others' regressions saw it
    turned = vectors.copy()
    turned[:, 2 + 9] = 0.0  # a test document's: no regression saw it
    assert np.allclose(scores, bench.vector_scores(turned, target, fit_on, docs, train, test, seed=0))
    assert ((scores > 0) == target).mean() >= 0.7  # the shared dimension tells background from news


def test_only_the_chosen_sentences_fit_the_regression():
    bench = load_benchmark("train_event_dates")
    vectors, target, docs = _invented()
    train, test = np.arange(32), np.arange(32, 40)
    everything = bench.vector_scores(vectors, target, np.ones(len(docs), dtype=bool), docs, train, test, seed=0)
    half = np.arange(len(docs)) % 4 < 2  # one background and one news sentence of each document
    fewer = bench.vector_scores(vectors, target, half, docs, train, test, seed=0)
    assert not np.allclose(everything[test], fewer[test])


def test_the_score_goes_to_the_none_candidate_only():
    bench = load_benchmark("train_event_dates")
    cands = [
        Candidate("2031-03-14", "published", {"p:bias": 1.0}),
        Candidate(None, "none", {"n:bias": 1.0}),
    ]
    ((_, scored, _),) = bench._with_scores([("doc0", cands, None)], np.array([2.0]))
    assert scored[0].features == {"p:bias": 1.0}
    assert scored[1].features == {"n:bias": 1.0, "n:vec_none": 2.0 / bench.VECTOR_SCALE}


def test_a_learning_curve_keeps_whole_documents_and_the_share_asked():
    bench = load_benchmark("train_event_dates")
    docs = [f"doc{i // 3}" for i in range(60)]  # 20 invented documents of 3 sentences
    train = list(range(45))  # the first 15 documents
    for fraction, expected in ((0.5, 8), (0.75, 11), (1.0, 15)):
        kept = bench.fewer_documents(train, docs, fraction, seed=3)
        names = {docs[i] for i in kept}
        assert len(names) == expected
        assert kept == [i for i in train if docs[i] in names]  # whole documents, in order
        assert names <= {docs[i] for i in train}  # never a test document
    assert bench.fewer_documents(train, docs, 0.5, seed=3) != bench.fewer_documents(train, docs, 0.5, seed=4)
    assert bench.fewer_documents(train, docs, 0.01, seed=3)  # at least one document


def test_a_smaller_share_trains_on_fewer_rows_and_tests_on_the_same(monkeypatch):
    bench = load_benchmark("train_event_dates")
    items = [
        (
            f"doc{i // 2}",
            [
                Candidate("2031-03-14", "published", {"p:bias": 1.0, "p:rule": float(i % 3 != 0)}),
                Candidate(None, "none", {"n:bias": 1.0, "n:rule": float(i % 3 == 0)}),
            ],
            None if i % 3 == 0 else "2031-03-14",
        )
        for i in range(40)
    ]
    sizes: list[int] = []
    fit = bench._fit
    monkeypatch.setattr(bench, "_fit", lambda rows, variant, c: (sizes.append(len(rows)), fit(rows, variant, c))[1])
    whole = bench.cross_validate(items, "both", 1.0, repeats=1)
    full = list(sizes)
    sizes.clear()
    half = bench.cross_validate(items, "both", 1.0, repeats=1, fraction=0.5)
    assert len(whole) == len(half) == len(items)  # every sentence scored out of fold either way
    assert all(h < f for h, f in zip(sizes, full, strict=True))
    assert whole == [1.0] * len(items)  # the rule's choice is learned from either share
    assert half == [1.0] * len(items)


def _ruled(n: int, wrong_every: int) -> list:
    """Invented sentences of two candidates whose label follows the rules' choice, but for every
    ``wrong_every``-th sentence (labelled none where the rules choose the publication date)."""
    items = []
    for i in range(n):
        rule_none = i % 3 == 0
        label = None if rule_none or i % wrong_every == 1 else "2031-03-14"
        cands = [
            Candidate("2031-03-14", "published", {"p:bias": 1.0, "p:rule": float(not rule_none)}),
            Candidate(None, "none", {"n:bias": 1.0, "n:rule": float(rule_none)}),
        ]
        items.append((f"doc{i // 2}", cands, label))
    return items


def test_out_of_fold_answers_are_the_folds_majority_and_agree_with_the_accuracy():
    bench = load_benchmark("train_event_dates")
    items = _ruled(60, wrong_every=7)
    answers = bench.out_of_fold_answers(items, "both", 1.0, repeats=3)
    right = bench.cross_validate(items, "both", 1.0, repeats=3)
    assert len(answers) == len(items)
    # every shuffle agrees here (the rule decides), so the majority is right where each fold was
    assert [float(a == label) for a, (_, _, label) in zip(answers, items, strict=True)] == right
    assert answers.count(None) == sum(i % 3 == 0 for i in range(60))  # the rules' none, learned


def test_errors_are_grouped_by_what_the_answer_and_the_label_are():
    bench = load_benchmark("train_event_dates")
    items = _ruled(60, wrong_every=7)
    answers = bench.out_of_fold_answers(items, "both", 1.0, repeats=2)
    kinds = bench.error_kinds(answers, items)
    wrong = [i for i, (a, (_, _, label)) in enumerate(zip(answers, items, strict=True)) if a != label]
    assert set(kinds) == {"published -> none"}  # the publication date given where the label is none
    assert kinds["published -> none"] == wrong
    extra = items + [("docX", items[1][1], "2031-03-10")]  # a date label the model cannot reach
    more = bench.error_kinds([*answers, "2031-03-14"], extra)
    assert more["published -> a date"] == [len(items)]
    assert bench.error_kinds(["2031-03-09"], [("d", items[1][1], "2031-03-10")]) == {"a date -> another date": [0]}
    assert bench.answer_kind(None, "2031-03-14") == "none"
    assert bench.answer_kind("2031-03-14", "2031-03-14") == "published"
    assert bench.answer_kind("2031-03", "2031-03-14") == "a date"
