"""A logistic regression over named features, shipped as rule data, that decides only from a
cosine floor up: the same-fact model of claims (``rules/claim_model.json``) and the citation model
of summaries (``rules/citation_model.json``), both made by scripts under ``benchmarks/`` from
pairs read by hand."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class LogisticRule:
    """``weights`` and ``bias`` of a logistic regression; ``floor``: a cosine below which the pair
    is never taken (not scored, nor parsed); ``threshold``: the probability from which it is, as
    chosen with the weights (the settings' ``*_model_threshold`` None takes it)."""

    weights: Mapping[str, float]
    bias: float
    floor: float
    threshold: float = 0.5

    def probability(self, features: Mapping[str, float]) -> float:
        """How likely the pair is what the model was trained to find (one fact; a support)."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=4)
def load_logistic_rule(file_name: str) -> LogisticRule:
    """The shipped weights in ``rules/<file_name>``."""
    data = json.loads(resources.files("newsweave.rules").joinpath(file_name).read_text("utf-8"))
    return LogisticRule(data["weights"], data["bias"], data["floor"], data["threshold"])
