"""A sentence-transformers model run by ONNX Runtime, exported and quantised on this machine.

The embedding model is most of newsweave's run time (BENCHMARKS.md, throughput). Run by ONNX
Runtime, all-MiniLM-L6-v2 encodes news sentences 1.1-1.3x faster than in torch on the 2-core
machine with the same vectors, and loads in a fraction of a second; with its matrix products
quantised to int8 (weights per output channel, activations dynamically) 1.7x faster, with a
cosine of 0.99 to the torch vectors (``benchmarks/embedding.py``).

sentence-transformers has an ONNX backend, but it needs ``optimum``, whose releases pin older
``transformers`` than the ones newsweave runs with. So this module does its three steps:

1. export the model's transformer with ``torch.onnx`` (once per model and machine, cached under
   :func:`cache_dir`, written to a temporary name and renamed, so concurrent runs are safe);
2. quantise it with ``onnxruntime.quantization.quantize_dynamic`` (``int8``) or keep it in
   float32 (``onnx``, the same vectors as torch to 1e-4);
3. at run time tokenise with the model's own ``tokenizer.json`` (its truncation length from
   ``sentence_bert_config.json``), run the graph, pool as the model's ``modules.json`` says and
   L2-normalise, as the torch path does.

Only the common layout is supported: a Transformer, then mean or CLS pooling, then optionally
Normalize. :func:`supported` says why another model is not, and the embedder then falls back
to torch. Nothing is downloaded: the export reads the local weights.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsweave.runtime.cache import cache_dir

if TYPE_CHECKING:
    from collections.abc import Sequence

log = logging.getLogger(__name__)

BACKENDS = ("torch", "onnx", "onnx-int8")
_TRANSFORMER = ("Transformer",)
_POOLING = ("Pooling",)
_NORMALIZE = ("Normalize",)


@dataclass(frozen=True)
class Layout:
    """What the ONNX path needs to know of a sentence-transformers folder."""

    transformer: Path
    pooling: str  # "mean" or "cls"
    max_length: int


def supported(folder: str | Path) -> tuple[Layout | None, str]:
    """The folder's layout, or ``None`` and the reason the ONNX path cannot run it."""
    root = Path(folder)
    try:
        modules = json.loads((root / "modules.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return None, f"no readable modules.json ({exc.__class__.__name__})"
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
    if not kinds or kinds[0] not in _TRANSFORMER or any(k not in _TRANSFORMER + _POOLING + _NORMALIZE for k in kinds):
        return None, f"modules {kinds} are not Transformer, Pooling[, Normalize]"
    transformer = root / str(modules[0].get("path", ""))
    if not (transformer / "tokenizer.json").is_file():
        return None, "no tokenizer.json"
    pooling = "mean"
    if _POOLING[0] in kinds:
        path = root / str(modules[kinds.index(_POOLING[0])].get("path", "")) / "config.json"
        try:
            config = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None, "no readable pooling config"
        modes = [k for k, v in config.items() if k.startswith("pooling_mode") and v]
        if modes == ["pooling_mode_cls_token"]:
            pooling = "cls"
        elif modes != ["pooling_mode_mean_tokens"]:
            return None, f"pooling {modes} (only mean or CLS)"
    max_length = 512
    with contextlib.suppress(OSError, ValueError, KeyError):
        max_length = int(json.loads((transformer / "sentence_bert_config.json").read_text("utf-8"))["max_seq_length"])
    return Layout(transformer, pooling, max_length), ""


def exported(layout: Layout, backend: str) -> Path:
    """Path of the model's ONNX graph for ``backend``, exporting (and quantising) it the first time."""
    weights = sorted(p for p in layout.transformer.iterdir() if p.suffix in {".safetensors", ".bin"})
    stamp = [str(layout.transformer.resolve()), backend, versions()]
    stamp += [f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in weights]
    key = hashlib.sha256("\n".join(stamp).encode()).hexdigest()[:16]
    target = cache_dir() / "onnx" / f"{layout.transformer.name}-{key}" / f"{backend}.onnx"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("exporting %s to ONNX (%s), once for this machine: %s", layout.transformer, backend, target)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32 = Path(tmp) / "model.onnx"
        _export(layout.transformer, fp32)
        if backend == "onnx-int8":
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantised = Path(tmp) / "model-int8.onnx"
            root = logging.getLogger()
            level = root.level
            root.setLevel(logging.ERROR)  # the quantiser reports every tensor on the root logger
            try:
                quantize_dynamic(
                    str(fp32),
                    str(quantised),
                    weight_type=QuantType.QInt8,
                    per_channel=True,
                    op_types_to_quantize=["MatMul"],
                )
            finally:
                root.setLevel(level)
            fp32 = quantised
        os.replace(fp32, target)
    return target


def versions(names: Sequence[str] = ("torch", "transformers", "onnxruntime")) -> str:
    """The installed versions of ``names`` (``name=?`` when missing), as a cache key part."""
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in names:
        try:
            out.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            out.append(f"{name}=?")
    return ",".join(out)


def _export(folder: Path, path: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    class _Hidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    model = AutoModel.from_pretrained(str(folder), attn_implementation="eager").eval()
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    sample = tokenizer(["an example", "a second, longer example"], padding=True, return_tensors="pt")
    ids = sample["input_ids"]
    types = sample.get("token_type_ids", torch.zeros_like(ids))
    axes = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Hidden(model),
            (ids, sample["attention_mask"], types),
            str(path),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["hidden"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "hidden": axes},
            opset_version=17,
            dynamo=False,
        )


class OnnxEncoder:
    """Encodes texts with an exported graph; the same interface the embedder needs of a model."""

    def __init__(self, layout: Layout, graph: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.layout = layout
        self.graph = graph
        self.tokenizer = Tokenizer.from_file(str(layout.transformer / "tokenizer.json"))
        self.tokenizer.enable_truncation(layout.max_length)
        # Pad each batch to its longest text (tokenizer files often pad to a fixed length), with the
        # file's own pad token.
        pad = self.tokenizer.padding or {}
        self.tokenizer.enable_padding(pad_id=int(pad.get("pad_id", 0)), pad_token=str(pad.get("pad_token", "[PAD]")))
        options = ort.SessionOptions()
        options.log_severity_level = 3
        # No memory arena: with inputs of every batch size and length, ONNX Runtime's arena kept
        # growing in steps (385 -> 518 MB RSS over 3,000 texts) and never gave memory back; without
        # it RSS stays at 220 MB, for about 5 % slower encoding (docs/experiments.md, memory).
        options.enable_cpu_mem_arena = False
        # No spinning: ONNX Runtime's worker threads otherwise busy-wait for the next operator, and
        # the document vectors are encoded while the forked processes find entities on the same
        # cores; spinning threads took CPU those processes needed (docs/experiments.md, speed).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """L2-normalised vectors (as the torch path normalises every model's), in the order of ``texts``."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")  # similar lengths pad little
        for start in range(0, len(texts), batch_size):
            idx = order[start : start + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.array([e.type_ids for e in encodings], dtype=np.int64)
            hidden = self.session.run(None, feed)[0]
            if self.layout.pooling == "cls":
                pooled = hidden[:, 0]
            else:
                weights = mask[:, :, None].astype(np.float32)
                pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[idx] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out
