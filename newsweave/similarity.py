"""Sentence similarity shared by the synthesis stages: embeddings with a cache, and TF-IDF."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .records import Sentence

EncodeFn = Callable[[Sequence[str]], np.ndarray]


class SentenceVectors:
    """Embeddings of sentences, computed once and kept (``cache`` may come from the store)."""

    def __init__(self, encode: EncodeFn, cache: dict[tuple[str, int], np.ndarray] | None = None):
        self.encode = encode
        self.cache: dict[tuple[str, int], np.ndarray] = dict(cache or {})
        self.new: dict[tuple[str, int], np.ndarray] = {}

    def matrix(self, sentences: Sequence[Sentence]) -> np.ndarray:
        """Stacked vectors of ``sentences``, encoding those not seen before in one batch."""
        missing = [s for s in sentences if (s.article_id, s.index) not in self.cache]
        if missing:
            vectors = self.encode([s.text for s in missing])
            for sent, vec in zip(missing, vectors, strict=True):
                key = (sent.article_id, sent.index)
                self.cache[key] = vec
                self.new[key] = vec
        if not sentences:
            return np.zeros((0, 1), dtype=np.float32)
        return np.vstack([self.cache[(s.article_id, s.index)] for s in sentences])


def tfidf_matrix(texts: Sequence[str]) -> Any:
    """L2-normalised TF-IDF rows of ``texts`` (English stop words removed)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)
    try:
        return vectorizer.fit_transform(texts)
    except ValueError:  # only stop words
        from scipy import sparse

        return sparse.csr_matrix((len(texts), 1))
