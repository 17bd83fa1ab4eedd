"""Embedding backends: torch, ONNX Runtime float32 and int8, and the fallback between them."""

from __future__ import annotations

import json
import logging
import shutil

import numpy as np
import pytest

from newsweave.errors import NewsweaveError
from newsweave.models.embed import Embedder, default_model_path
from newsweave.models.embed_onnx import supported

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
        assert Embedder(backend=backend).model.session.get_session_options().enable_cpu_mem_arena is False


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
