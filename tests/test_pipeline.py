"""The pipeline's own state: the embedding cache of synthesis."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from newsweave import pipeline
from newsweave.pipeline import Newsweave


class CountingEmbedder:
    """A deterministic stand-in for the embedding model that counts what it encodes."""

    dimension = 4

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts):
        self.encoded += list(texts)
        return np.array([[len(t), t.count("a"), t.count("e"), 1.0] for t in texts], dtype=np.float32)


def test_the_embedding_cache_serves_a_call_larger_than_itself_and_evicts_the_least_recently_used(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "_TEXT_CACHE", 3)
    embedder = CountingEmbedder()
    nw = Newsweave(tmp_path / "n.db", annotator=SimpleNamespace(embedder=embedder))
    texts = ["alpha", "beta", "gamma", "delta", "epsilon"]
    vectors = nw._encode_cached(texts + ["alpha"])  # more texts than the cache holds
    assert np.array_equal(vectors, embedder.encode(texts + ["alpha"]))
    assert len(nw._text_vectors) == 3
    embedder.encoded.clear()
    nw._encode_cached(["gamma"])  # kept (among the last used), and now the most recent
    assert embedder.encoded == []
    nw._encode_cached(["zeta"])  # evicts the least recently used: delta
    assert list(nw._text_vectors) == ["epsilon", "gamma", "zeta"]
    assert nw._encode_cached([]).shape == (0, 4)
    nw.close()
