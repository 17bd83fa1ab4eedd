"""The line classifier of the clean stage: how likely each line is boilerplate.

A one-hidden-layer network over :func:`newsweave.clean.line_features.line_features`, its weights in
``rules/line_model.json`` (numbers only; made by ``benchmarks/train_cleaner.py`` from real pages
whose gold text marks the article, which anyone can run again). Evaluated with numpy alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from newsweave.clean.line_features import feature_names

MODEL_FILE = "line_model.json"
# Log-odds are bounded to ±SMOOTHING_CLIP before neighbours are blended: one line the network is
# very sure of must not outvote a neighbour's own evidence (a closing sentence before a list).
SMOOTHING_CLIP = 4.0


@dataclass(frozen=True)
class LineModel:
    """Standardisation, the hidden layer (ReLU) and the logistic output, with the drop thresholds."""

    mean: np.ndarray
    scale: np.ndarray
    hidden_weights: np.ndarray
    hidden_bias: np.ndarray
    output_weights: np.ndarray
    output_bias: float
    threshold: float  # drop a line of plain text at or above this probability
    threshold_html: float  # drop a line of trafilatura's text at or above this one
    threshold_doubtful: float = 1.1  # ... and a line trafilatura favouring precision left out, at this one
    threshold_core: float = 1.1  # ... and a line of it trafilatura favouring precision kept too, at this one
    smoothing: float = 0.0  # the share of a line's log-odds taken from its two neighbours' (blocks)

    def boilerplate_probability(self, features: np.ndarray) -> np.ndarray:
        """The probability that each row's line is boilerplate; the rows are one article's lines in
        order, and each line's log-odds are blended with its neighbours' (boilerplate comes in
        blocks): ``(1 - smoothing)`` of its own, half the rest from each side (a line at either end
        counts itself for the missing neighbour), all bounded to ``±SMOOTHING_CLIP`` first."""
        if not len(features):
            return np.zeros(0)
        hidden = np.maximum(((features - self.mean) / self.scale) @ self.hidden_weights + self.hidden_bias, 0.0)
        logit = hidden @ self.output_weights + self.output_bias
        if self.smoothing and len(logit) > 1:
            logit = np.clip(logit, -SMOOTHING_CLIP, SMOOTHING_CLIP)
            before = np.concatenate([logit[:1], logit[:-1]])
            after = np.concatenate([logit[1:], logit[-1:]])
            logit = (1.0 - self.smoothing) * logit + self.smoothing / 2.0 * (before + after)
        return 1.0 / (1.0 + np.exp(-np.clip(logit, -30.0, 30.0)))


@lru_cache(maxsize=2)
def load_line_model(name: str = MODEL_FILE) -> LineModel | None:
    """The shipped model, or ``None`` if it is missing or was made for other features."""
    path = resources.files("newsweave.rules").joinpath(name)
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    if tuple(data["features"]) != feature_names():
        return None
    return LineModel(
        mean=np.asarray(data["mean"], dtype=np.float64),
        scale=np.asarray(data["scale"], dtype=np.float64),
        hidden_weights=np.asarray(data["hidden_weights"], dtype=np.float64),
        hidden_bias=np.asarray(data["hidden_bias"], dtype=np.float64),
        output_weights=np.asarray(data["output_weights"], dtype=np.float64),
        output_bias=float(data["output_bias"]),
        threshold=float(data["threshold"]),
        threshold_html=float(data.get("threshold_html", data["threshold"])),
        threshold_doubtful=float(data.get("threshold_doubtful", 1.1)),
        threshold_core=float(data.get("threshold_core", 1.1)),
        smoothing=float(data.get("smoothing", 0.0)),
    )
