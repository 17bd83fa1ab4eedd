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
