"""Which embedding backends a run uses: the store's, else int8 for a new store, else the one asked for."""

from __future__ import annotations

import pytest

from newsweave.config import DEFAULT_EMBEDDING_BACKEND, Config
from newsweave.errors import NewsweaveError
from newsweave.models.embed import BACKENDS, Embedder, backends_of, vectors_identity
from newsweave.pipeline.runner import EMBEDDING_SETTING, Newsweave
from newsweave.pipeline.steps import with_stored_backends
from newsweave.store.store import Store


@pytest.mark.parametrize("documents", BACKENDS)
@pytest.mark.parametrize("sentences", BACKENDS)
def test_the_backends_a_store_records_are_read_back(documents, sentences):
    recorded = vectors_identity(Embedder(backend=documents).identity, Embedder(backend=sentences).identity)
    same_vectors = {"torch": "onnx"}  # torch and onnx make the same float32 vectors
    expected = (same_vectors.get(documents, documents), same_vectors.get(sentences, sentences))
    assert backends_of(recorded) == expected


def test_an_identity_of_another_kind_names_no_backend():
    assert backends_of("a model of another kind") == (None, None)


def test_a_new_store_gets_int8_an_old_one_keeps_its_vectors_and_an_explicit_choice_wins():
    assert DEFAULT_EMBEDDING_BACKEND == "onnx-int8"
    assert with_stored_backends(Config(), None).embedding_backend == "onnx-int8"
    old = with_stored_backends(Config(), "all-MiniLM-L6-v2 (float32)")
    assert (old.embedding_backend, old.sentence_backend) == ("onnx", None)
    mixed = with_stored_backends(Config(), "documents all-MiniLM-L6-v2 (int8), sentences all-MiniLM-L6-v2 (float32)")
    assert (mixed.embedding_backend, mixed.sentence_backend) == ("onnx-int8", "onnx")
    asked = with_stored_backends(Config(embedding_backend="torch"), "all-MiniLM-L6-v2 (int8)")
    assert asked.embedding_backend == "torch"


def test_a_float32_store_is_opened_with_float32_and_refuses_int8_asked_for(tmp_path):
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.save_setting(EMBEDDING_SETTING, Embedder(backend="onnx").identity)
    with Newsweave(db) as nw:
        assert nw.embedder.backend == "onnx" and nw.sentence_embedder is nw.embedder
        nw.check_vectors()  # the store's own: no error
    with Newsweave(db, Config(embedding_backend="onnx-int8")) as nw, pytest.raises(NewsweaveError, match="E011"):
        nw.check_vectors()
    with Newsweave(tmp_path / "new.db") as nw:
        assert nw.embedder.backend == "onnx-int8"
