"""Whether an article supports a summary sentence, scored by a learned model over what the
summary stage reads of the two.

The transformer cosine of the sentence to the article's closest sentence alone misses most
supporting articles (another wording, a longer sentence that adds a clause) unless its bar lets in
the same verb of another actor. A logistic regression weighs it with what the stage reads of the
two without a new model call: the best window of two adjacent sentences (their vectors' mean), the
share of the sentence's content words found in the closest sentence and in the article's
candidates, and, with the parse, whether the closest sentence's subject names the same actor
(:func:`support_features` computes more, measured and left out: the second closest sentence, the
article's centroid, names, numbers, the sentence's words few other articles hold). An article whose
closest sentence gives another figure or names another subject is refused before the model (the
summary's rules). The weights, the cosine floor below which an article is not scored (nor parsed)
and the chosen probability are ``rules/citation_model.json``, made by
``benchmarks/train_citation_model.py`` from the DUC pairs of half A read by hand;
:func:`load_citation_model` reads them, :class:`CitationModel` only computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.records import Sentence
from newsweave.synthesize.claim_model import ClaimFacts, claim_facts
from newsweave.synthesize.logistic_rule import LogisticRule, load_logistic_rule

MODEL_FILE = "citation_model.json"


@dataclass(frozen=True)
class ArticleReading:
    """One article as the model reads it against one summary sentence: the cosines of its
    candidate sentences to the summary sentence (in the article's order), the best of each two
    adjacent ones read together, the cosine of its centroid, and the facts of its closest
    sentence and of all its candidates together."""

    cosines: Sequence[float]
    window: float
    centroid: float
    best: ClaimFacts
    words: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[str]


def read_article(
    vector: np.ndarray, rows: np.ndarray, indices: Sequence[int], facts: Sequence[ClaimFacts]
) -> ArticleReading:
    """:class:`ArticleReading` of an article whose candidate sentences have the vectors ``rows``
    (unit length, in the article's order), sentence ``indices`` and ``facts``, against a summary
    sentence of unit ``vector``; two sentences are adjacent when their indices follow."""
    cosines = rows @ vector
    best = int(np.argmax(cosines))
    window = float(cosines[best])
    for k in range(len(indices) - 1):
        if indices[k + 1] == indices[k] + 1:
            pair = rows[k] + rows[k + 1]
            window = max(window, float(pair @ vector) / (float(np.linalg.norm(pair)) or 1.0))
    mean = rows.mean(axis=0)
    centroid = float(mean @ vector) / (float(np.linalg.norm(mean)) or 1.0)
    return ArticleReading(
        [float(c) for c in cosines],
        window,
        centroid,
        facts[best],
        frozenset().union(*(f.words for f in facts)),
        frozenset().union(*(f.names for f in facts)),
        frozenset().union(*(f.numbers for f in facts)),
    )


def support_features(
    sentence: ClaimFacts,
    article: ArticleReading,
    counts_differ: bool,
    subjects: tuple[frozenset[str], frozenset[str]] | None = None,
    specific: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """The features of (summary sentence, article): see the module's docstring. ``counts_differ``:
    the closest sentence counts one thing differently; ``subjects``: the subject names of the
    summary sentence and of the closest sentence, when parsed (a feature only when both name
    someone); ``specific``: the sentence's words few other articles hold (:func:`specific_words`)."""
    ranked = sorted(article.cosines, reverse=True)
    words = sentence.words or frozenset({""})
    feats = {
        "cosine": ranked[0],
        "second": ranked[1] if len(ranked) > 1 else 0.0,
        "window": article.window,
        "centroid": article.centroid,
        "word_match": len(sentence.words & article.best.words) / len(words),
        "article_words": len(sentence.words & article.words) / len(words),
    }
    if sentence.names:
        feats["names_found"] = len(sentence.names & article.names) / len(sentence.names)
    if sentence.numbers:
        feats["numbers_found"] = len(sentence.numbers & article.numbers) / len(sentence.numbers)
    if specific:
        feats["specific_found"] = len(specific & article.words) / len(specific)
    if counts_differ:
        feats["counts_differ"] = 1.0
    if subjects is not None and subjects[0] and subjects[1]:
        feats["subject_shared" if subjects[0] & subjects[1] else "subject_other"] = 1.0
    return feats


def specific_words(words: frozenset[str], others: Sequence[frozenset[str]]) -> frozenset[str]:
    """Of a summary sentence's content ``words``, those that at most half of the story's other
    articles hold (``others``: each one's candidates' words): what the sentence says of its own,
    beyond the words every report of the event shares."""
    return frozenset(w for w in words if 2 * sum(w in other for other in others) <= len(others))


def sentence_facts(text: str) -> ClaimFacts:
    """What the model reads of one sentence alone (:func:`newsweave.synthesize.claim_model.claim_facts`)."""
    return claim_facts(text)


CitationModel = LogisticRule  # over the features of this module's functions


def load_citation_model() -> LogisticRule:
    """The shipped weights (``rules/citation_model.json``)."""
    return load_logistic_rule(MODEL_FILE)


class StoryReading:
    """What the model reads of a story's candidate ``pool`` once (its unit sentence vectors
    ``matrix``): each sentence's facts, each article's rows (in the pool's order) and words."""

    def __init__(self, pool: Sequence[Sentence], matrix: np.ndarray) -> None:
        self.pool, self.matrix = pool, matrix
        self.facts = [sentence_facts(s.text) for s in pool]
        self.rows: dict[str, list[int]] = {}
        for j, sent in enumerate(pool):
            self.rows.setdefault(sent.article_id, []).append(j)
        self.words = {a: frozenset().union(*(self.facts[j].words for j in rows)) for a, rows in self.rows.items()}
        self._specific: dict[int, frozenset[str]] = {}  # pool row -> its specific words, read once per sentence

    def closest(self, i: int, floor: float) -> list[tuple[int, ArticleReading]]:
        """For each other article whose closest candidate to ``pool[i]`` reaches ``floor``: that
        candidate's row and the article's reading (:func:`read_article`), closest first."""
        own = self.pool[i].article_id
        out = []
        for article, rows in self.rows.items():
            if article == own:
                continue
            if float(np.max(self.matrix[rows] @ self.matrix[i])) < floor:
                continue
            reading = read_article(
                self.matrix[i], self.matrix[rows], [self.pool[j].index for j in rows], [self.facts[j] for j in rows]
            )
            out.append((rows[int(np.argmax(reading.cosines))], reading))
        return sorted(out, key=lambda rr: -max(rr[1].cosines))

    def features(
        self,
        i: int,
        reading: ArticleReading,
        counts_differ: bool,
        subjects: tuple[frozenset[str], frozenset[str]] | None = None,
    ) -> dict[str, float]:
        """:func:`support_features` of ``pool[i]`` and an article it was read against."""
        if i not in self._specific:  # the same for every article the sentence is read against
            own = self.pool[i].article_id
            others = [words for article, words in self.words.items() if article != own]
            self._specific[i] = specific_words(self.facts[i].words, others)
        return support_features(self.facts[i], reading, counts_differ, subjects, self._specific[i])
