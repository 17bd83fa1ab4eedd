"""Embedding backends: torch, ONNX Runtime float32 and int8, the fallback between them, and the
static model distilled from the installed one."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys

import numpy as np
import pytest

from newsweave.errors import NewsweaveError
from newsweave.models.embed import BACKENDS, Embedder, default_model_path
from newsweave.models.embed_onnx import cache_dir, supported
from newsweave.models.embed_static import STATIC_DIMENSIONS, distilled, load_static

SENTENCES = [
    "The finance minister resigned on Tuesday after the budget vote failed.",
    "After losing the budget vote, the finance minister stepped down on Tuesday.",
    "Heavy rain flooded the harbour district overnight.",
    "A",
]


def test_an_unknown_backend_is_refused_with_its_code():
    with pytest.raises(NewsweaveError, match=r"\[E010\].*onnx-int8"):
        Embedder(backend="tensorrt")


def test_the_shipped_model_has_the_layout_the_onnx_path_runs():
    layout, reason = supported(default_model_path())
    assert layout is not None, reason
    assert (layout.pooling, layout.max_length) == ("mean", 256)


def test_a_model_with_other_modules_is_not_run_by_onnx(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "tokenizer.json").write_text("{}")
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"},
    ]
    (folder / "modules.json").write_text(json.dumps(modules))
    layout, reason = supported(folder)
    assert layout is None and "Dense" in reason
    layout, reason = supported(tmp_path / "missing")
    assert layout is None and "modules.json" in reason


@pytest.mark.slow
def test_onnx_backends_match_torch_and_keep_paraphrases_closest():
    reference = Embedder(backend="torch").encode(SENTENCES)
    for backend, floor in (("onnx", 0.9999), ("onnx-int8", 0.97)):
        vectors = Embedder(backend=backend).encode(SENTENCES)
        assert vectors.shape == reference.shape and vectors.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
        assert (vectors * reference).sum(axis=1).min() >= floor, backend
        sims = vectors @ vectors.T
        assert sims[0, 1] > sims[0, 2] + 0.3, backend
        # no memory arena: it grew with every new input shape and never gave memory back
        options = Embedder(backend=backend).model.session.get_session_options()
        assert options.enable_cpu_mem_arena is False
        # no busy-waiting threads beside the processes that find entities on the same cores
        assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


@pytest.mark.slow
def test_the_export_is_made_once_and_a_broken_one_falls_back_to_torch(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path / "cache"))
    caplog.set_level(logging.INFO, logger="newsweave")
    first = Embedder(backend="onnx")
    first.encode(SENTENCES[:1])
    graphs = list((tmp_path / "cache").rglob("*.onnx"))
    assert len(graphs) == 1 and "exporting" in caplog.text
    caplog.clear()
    Embedder(backend="onnx").encode(SENTENCES[:1])
    assert "exporting" not in caplog.text and list((tmp_path / "cache").rglob("*.onnx")) == graphs

    # A model folder whose weights cannot be exported: the embedder warns and uses torch.
    broken = tmp_path / "broken"
    shutil.copytree(default_model_path(), broken)
    (broken / "config.json").write_text("{not json")
    embedder = Embedder(str(broken), backend="onnx")
    assert embedder._onnx(str(broken)) is None
    assert "using torch" in caplog.text


@pytest.fixture(scope="session")
def static_embedder():
    """The static model distilled from the installed all-MiniLM-L6-v2, in the cache the pipeline
    uses: a fresh machine distils it here (or in the first test that runs the pipeline), once."""
    embedder = Embedder(backend="static")
    embedder.encode(["warm up"])
    return embedder


def test_the_static_model_has_an_identity_of_its_own():
    identities = {backend: Embedder(backend=backend).identity for backend in BACKENDS}
    assert identities["torch"] == identities["onnx"]  # the same vectors
    assert len(set(identities.values())) == 3 and "static" in identities["static"]


@pytest.mark.slow
def test_the_static_model_is_distilled_offline_once_and_gives_normalised_vectors(static_embedder, caplog):
    vectors = static_embedder.encode(SENTENCES)
    assert vectors.shape == (len(SENTENCES), STATIC_DIMENSIONS) and vectors.dtype == np.float32
    assert static_embedder.dimension == STATIC_DIMENSIONS
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.3  # a paraphrase is nearer than another subject
    assert static_embedder.encode([]).shape == (0, STATIC_DIMENSIONS)
    # kept in the cache: a second embedder loads it without distilling again
    caplog.set_level(logging.INFO, logger="newsweave")
    folder = distilled(default_model_path())
    assert folder.parent == cache_dir() / "static" and (folder / "model.safetensors").is_file()
    again = Embedder(backend="static").encode(SENTENCES)
    assert "distilling" not in caplog.text
    np.testing.assert_allclose(again, vectors, atol=1e-6)


@pytest.mark.slow
def test_the_static_model_is_read_as_model2vec_reads_it_without_the_hub_library(static_embedder):
    from model2vec import StaticModel

    folder = distilled(default_model_path())
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from newsweave.models.embed_static import load_static\n"
        f"load_static(Path({str(folder)!r}))\n"
        "assert 'huggingface_hub' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    texts = [*SENTENCES, "", "word " * 3000]
    ours, theirs = load_static(folder), StaticModel.from_pretrained(str(folder))
    assert np.array_equal(ours.encode(texts), theirs.encode(texts))
    assert dict(ours.config) == dict(theirs.config) and ours.normalize == theirs.normalize


def test_a_model_that_cannot_be_distilled_is_refused_with_its_code(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path / "cache"))
    with pytest.raises(NewsweaveError, match=r"\[E002\]"):
        Embedder(str(tmp_path / "missing"), backend="static").encode(["a"])
