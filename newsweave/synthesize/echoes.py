"""Echoes: another outlet's sentence, anywhere in its article, that words a claim nearly alike.

Claims are compared among the early sentences of the story's articles, at most ``max_claims``
of them (:func:`newsweave.synthesize.coverage.claims_of`); an outlet that gives the same fact
later in its article, or in an article past that limit, is not among them. Before a claim is
listed as the one outlet's own, :class:`Echoes` looks through every body sentence of the other
outlets' articles: those that share at least ``share`` of the shorter one's content words are
encoded (only they: a long story holds tens of thousands of sentences) and one within cosine
``ceiling`` of the claim is its echo.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse

from newsweave.records import Sentence, StoryMaterial
from newsweave.text.words import content_words


class Echoes:
    """The body sentences of a story's articles with their content words (indexed on first use),
    for :meth:`of`.

    ``outlet_of``: each article's outlet key; ``share``: the least share of the shorter text's
    content words two texts must have in common to be compared by meaning; ``limit``: at most so
    many sentences are compared per claim (those sharing the most words)."""

    def __init__(
        self, material: StoryMaterial, outlet_of: dict[str, str], *, share: float = 0.5, limit: int = 20
    ) -> None:
        self.share = share
        self.limit = limit
        self.material = material
        self.outlet_of = outlet_of
        self.sentences: list[Sentence] = []
        self.vocabulary: dict[str, int] = {}
        self.words: sparse.csr_matrix | None = None  # sentences x vocabulary, built on first use
        self.outlets = np.array([], dtype=object)
        self.sizes = np.array([], dtype=np.float32)

    def _index(self) -> sparse.csr_matrix:
        if self.words is not None:
            return self.words
        self.sentences = [
            s for a in self.material.articles for s in self.material.sentences.get(a.id, []) if s.kind == "body"
        ]
        self.outlets = np.array([self.outlet_of.get(s.article_id, s.article_id) for s in self.sentences], dtype=object)
        words = [content_words(s.text) for s in self.sentences]
        rows, cols = [], []
        for row, found in enumerate(words):
            for word in found:
                rows.append(row)
                cols.append(self.vocabulary.setdefault(word, len(self.vocabulary)))
        self.words = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(self.sentences), max(1, len(self.vocabulary))),
        )
        self.sizes = np.array([len(w) for w in words], dtype=np.float32)
        return self.words

    def candidates(self, text: str, outlet: str) -> list[Sentence]:
        """Body sentences of outlets other than ``outlet`` sharing at least ``share`` of the
        shorter text's content words with ``text``, the most shared first, at most ``limit``."""
        index = self._index()
        own = content_words(text)
        columns = [self.vocabulary[w] for w in own if w in self.vocabulary]
        if not columns or not self.sentences:
            return []
        shared = np.asarray(index[:, columns].sum(axis=1)).ravel()
        shorter = np.maximum(1.0, np.minimum(float(len(own)), self.sizes))
        keep = (shared > 0) & (shared / shorter >= self.share) & (self.outlets != outlet)
        found = np.flatnonzero(keep)
        found = found[np.argsort(-shared[found], kind="stable")][: self.limit]
        return [self.sentences[i] for i in found]

    def of(
        self,
        text: str,
        outlet: str,
        own: np.ndarray,
        encode: Callable[[Sequence[Sentence]], np.ndarray],
        ceiling: float,
    ) -> Sentence | None:
        """Another outlet's sentence within embedding cosine ``ceiling`` of the claim (``own``: the
        claim's vectors, one row each, L2-normalised; ``encode``: vectors of sentences, such as
        :meth:`SentenceVectors.matrix`), the closest; None when there is none."""
        found = self.candidates(text, outlet)
        if not found:
            return None
        cosines = (encode(found) @ own.T).max(axis=1)
        best = int(np.argmax(cosines))
        return found[best] if cosines[best] >= ceiling else None
