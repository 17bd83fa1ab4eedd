"""spaCy, imported without PyTorch when the pipeline does not need it.

spaCy's machine-learning library, thinc, imports PyTorch at its own import whenever PyTorch is
installed, to offer its PyTorch layers. The pipelines newsweave uses by default (CNN pipelines
such as ``en_core_web_sm``) never use them, and PyTorch is installed here only to export the
ONNX graph and distil the static model once; importing it costs every process 1.5-2 s of CPU
(``python -X importtime -m newsweave.cli run ...``). While spaCy is imported, PyTorch is made
unimportable (a ``None`` entry in ``sys.modules``, which Python's import system reads as "not
importable"), so thinc records that it has no PyTorch; the entry is removed at once, and a later
``import torch`` (the ONNX export) works as usual. A transformer pipeline (``*_trf``) needs
PyTorch through thinc and is imported plainly.
"""

from __future__ import annotations

import sys
from types import ModuleType


def import_spacy(model: str = "") -> ModuleType:
    """The ``spacy`` module; thinc without PyTorch unless ``model`` (a pipeline name) is a
    transformer pipeline or PyTorch or spaCy is already imported."""
    if "spacy" in sys.modules or "thinc" in sys.modules or "torch" in sys.modules or "trf" in model:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        if sys.modules.get("torch", "") is None:
            del sys.modules["torch"]
    return spacy
