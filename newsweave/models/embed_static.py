"""A static embedding model distilled from the installed sentence-transformer with model2vec.

model2vec runs the transformer once over every token of its own vocabulary (each token alone,
mean-pooled), reduces the token vectors with PCA and weights them by token frequency (SIF). A
text's vector is then the mean of its tokens' rows: no transformer at run time, so encoding is
a table look-up (about 9,500 news sentences a second on this 2-core machine under load, against
117 for all-MiniLM-L6-v2 by ONNX Runtime: ``benchmarks/embedding.py``), at a cost in quality
measured per use in docs/experiments.md (static embeddings).

Nothing is downloaded: the distillation reads the local weights, once per model and machine,
and keeps the result under :func:`newsweave.models.embed_onnx.cache_dir` (``static/``), written
to a temporary folder and renamed, so concurrent runs are safe. It takes 1.5 to 4 minutes on 2 cores.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsweave.models.embed_onnx import cache_dir, versions

if TYPE_CHECKING:
    from collections.abc import Sequence

log = logging.getLogger(__name__)

# Dimensions kept by PCA (model2vec's default); all-MiniLM-L6-v2 has 384.
STATIC_DIMENSIONS = 256


def distilled(folder: str | Path, dimensions: int = STATIC_DIMENSIONS) -> Path:
    """Folder of the static model distilled from the sentence-transformers ``folder``, distilling
    it the first time (cached by the weights' path, size and date and the library versions)."""
    root = Path(folder)
    weights = sorted(p for p in root.rglob("*") if p.suffix in {".safetensors", ".bin"})
    stamp = [str(root.resolve()), str(dimensions), versions(("model2vec", "torch", "transformers"))]
    stamp += [f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in weights]
    key = hashlib.sha256("\n".join(stamp).encode()).hexdigest()[:16]
    target = cache_dir() / "static" / f"{root.name}-{key}"
    if (target / "model.safetensors").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("distilling %s into a static model (model2vec), once for this machine: %s", root, target)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        out = Path(tmp) / "model"
        _distill(root, dimensions).save_pretrained(str(out))
        try:
            os.replace(out, target)
        except OSError:  # another run got there first
            if not (target / "model.safetensors").is_file():
                raise
    return target


def _distill(folder: Path, dimensions: int) -> Any:
    import transformers
    from model2vec.distill import distill_from_model
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    model = AutoModel.from_pretrained(str(folder))
    tokenizer = AutoTokenizer.from_pretrained(str(folder), use_fast=True)
    if not isinstance(tokenizer, transformers.PreTrainedTokenizerFast):
        raise ValueError(f"{folder} has no fast tokenizer (tokenizer.json)")
    # model2vec reports each batch of tokens with a progress bar: off unless debugging
    quiet = not log.isEnabledFor(logging.DEBUG)
    import model2vec.distill.inference as inference

    real = inference.tqdm
    inference.tqdm = lambda *a, **k: real(*a, **{**k, "disable": quiet})
    try:
        return distill_from_model(model, tokenizer, device="cpu", pca_dims=dimensions, quantize_to="float32")
    finally:
        inference.tqdm = real


def load_static(folder: Path) -> Any:
    """The model2vec ``StaticModel`` that ``save_pretrained`` wrote to the local ``folder``, built with
    its constructor from the folder's files (embeddings, optional token weights and mapping,
    tokenizer, config) as ``StaticModel.from_pretrained`` builds it. That loader also resolves
    names on the model hub and so imports ``huggingface_hub``, 0.4 s of every process's start for
    a folder that is always local here; a folder of another layout is read by it all the same."""
    import json

    from model2vec import StaticModel
    from model2vec.model import DEFAULT_MAX_LENGTH

    files = folder / "model.safetensors", folder / "tokenizer.json", folder / "config.json"
    if not all(f.is_file() for f in files):
        return StaticModel.from_pretrained(str(folder))
    from safetensors import safe_open
    from tokenizers import Tokenizer

    with safe_open(str(files[0]), framework="numpy") as tensors:
        names = set(tensors.keys())
        embeddings = tensors.get_tensor("embeddings")
        weights = tensors.get_tensor("weights") if "weights" in names else None
        mapping = tensors.get_tensor("mapping") if "mapping" in names else None
    config = json.loads(files[2].read_text(encoding="utf-8"))
    return StaticModel(
        vectors=embeddings,
        tokenizer=Tokenizer.from_file(str(files[1])),
        config=config,
        normalize=bool(config.get("normalize", False)),
        weights=weights,
        token_mapping=mapping,
        max_length=config.get("max_length", DEFAULT_MAX_LENGTH),
    )


class StaticEncoder:
    """Encodes texts with a distilled static model; the interface the embedder needs of a model."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.model = load_static(folder)
        self.dimension = int(self.model.dim)

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """L2-normalised vectors in the order of ``texts`` (``batch_size`` is the transformer's; a
        static model takes large batches)."""
        vectors = self.model.encode(
            list(texts), batch_size=max(batch_size, 1024), show_progress_bar=False, use_multiprocessing=False
        )
        out = np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
