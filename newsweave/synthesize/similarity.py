"""Sentence similarity shared by the synthesis stages: embeddings with a cache, and TF-IDF."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from newsweave.records import Sentence

EncodeFn = Callable[[Sequence[str]], np.ndarray]


class SentenceVectors:
    """Embeddings of sentences, computed once and kept (``cache`` may come from the store).

    Whole sentences are keyed by (article, index) and those computed here are in ``new``, for
    the store to keep; clauses of a sentence (``part`` ≥ 1) are encoded with ``encode_texts``
    when given (a cache by text, such as the pipeline's), else with ``encode``.
    """

    def __init__(
        self,
        encode: EncodeFn,
        cache: dict[tuple[str, int], np.ndarray] | None = None,
        encode_texts: EncodeFn | None = None,
    ):
        self.encode = encode
        self.encode_texts = encode_texts or encode
        self.cache: dict[tuple[str, int], np.ndarray] = dict(cache or {})
        self.new: dict[tuple[str, int], np.ndarray] = {}
        self.parts: dict[tuple[str, int, int], np.ndarray] = {}

    def _known(self, sent: Sentence) -> bool:
        if sent.part:
            return (sent.article_id, sent.index, sent.part) in self.parts
        return (sent.article_id, sent.index) in self.cache

    def _vector(self, sent: Sentence) -> np.ndarray:
        if sent.part:
            return self.parts[(sent.article_id, sent.index, sent.part)]
        return self.cache[(sent.article_id, sent.index)]

    def matrix(self, sentences: Sequence[Sentence]) -> np.ndarray:
        """Stacked vectors of ``sentences``, encoding those not seen before in one batch."""
        missing = [s for s in sentences if not self._known(s)]
        whole = [s for s in missing if not s.part]
        parts = [s for s in missing if s.part]
        if whole:
            for sent, vec in zip(whole, self.encode([s.text for s in whole]), strict=True):
                self.cache[(sent.article_id, sent.index)] = vec
                self.new[(sent.article_id, sent.index)] = vec
        if parts:
            for sent, vec in zip(parts, self.encode_texts([s.text for s in parts]), strict=True):
                self.parts[(sent.article_id, sent.index, sent.part)] = vec
        if not sentences:
            return np.zeros((0, 1), dtype=np.float32)
        return np.vstack([self._vector(s) for s in sentences])
