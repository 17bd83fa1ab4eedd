"""Helpers shared by the benchmarks: data locations, peak memory, quiet models."""

from __future__ import annotations

import json
import os
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Current resident memory of this process."""
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def duc_record(doc: dict, source: str, id: str | None = None):
    """A DUC document as a :class:`newsweave.records.RawArticle` read from ``source``."""
    from newsweave.records import RawArticle

    return RawArticle(
        source=source, text=doc["text"], id=id or doc["id"], outlet=doc.get("outlet"), published=doc.get("published")
    )


def settings(pairs: list[str]) -> dict:
    """``KEY=VALUE`` strings as :class:`newsweave.config.Config` overrides, each value read as the
    type of the setting's default (``true``/``false`` for switches)."""
    from newsweave.config import Config

    defaults = Config()
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not hasattr(defaults, key):
            raise SystemExit(f"--set {pair}: expected KEY=VALUE with KEY a Config setting")
        default = getattr(defaults, key)
        if isinstance(default, bool):
            out[key] = value.lower() in {"1", "true", "yes"}
        elif default is None:
            out[key] = _optional(key, value)
        else:
            try:
                out[key] = type(default)(value)
            except ValueError:
                raise SystemExit(f"--set {pair}: {key} takes a value of type {type(default).__name__}") from None
    return out


def _optional(key: str, value: str) -> object:
    """The value of a setting whose default is None, read as the type its annotation names
    (``float | None``, ``int | None``; else the string)."""
    import dataclasses

    from newsweave.config import SECTIONS

    for kind in SECTIONS.values():
        for f in dataclasses.fields(kind):
            if f.name == key:
                annotation = str(f.type)
                for name, cast in (("float", float), ("int", int)):
                    if annotation.startswith(name):
                        try:
                            return cast(value)
                        except ValueError:
                            raise SystemExit(f"--set {key}={value}: {key} takes a {name}") from None
    return value


def require(path: Path) -> None:
    if not path.exists():
        raise SystemExit(f"missing {path}: the benchmarks read ../shared/data beside the repository")


def gated_model(vec, model, floor: float, threshold: float, trained_on: str) -> dict:
    """A fitted logistic model (scikit-learn's ``DictVectorizer`` ``vec`` and ``LogisticRegression``
    ``model``) as the rule file of a decision taken from cosine ``floor`` up at probability
    ``threshold`` (``rules/claim_model.json``, ``rules/citation_model.json``); its weights printed."""
    weights = {name: round(float(w), 4) for name, w in zip(vec.feature_names_, model.coef_[0], strict=True)}
    bias = round(float(model.intercept_[0]), 4)
    print(json.dumps(weights, indent=1), f"bias {bias:.4f}")
    return {"weights": weights, "bias": bias, "floor": floor, "threshold": threshold, "trained_on": trained_on}


def write_rule_file(path: Path, data: dict) -> None:
    """Write ``data`` as the indented JSON rule file at ``path``."""
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")
