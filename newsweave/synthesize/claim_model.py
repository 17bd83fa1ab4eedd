"""Whether two claims state one fact, scored by a learned model on what the coverage stage has.

Two claims of one event can be close in meaning and still state two facts ("the jury acquitted
her" / "the defense said she was manipulated"); two wordings of one fact can share few words. The
embedding cosine alone does not tell them apart (``benchmarks/claimdiff.py``). A logistic
regression weighs it with what else the stage reads of the two claims without a new model: their
content words (the shorter one's share found in the other, Jaccard), the capitalised words they
share (names, mostly), their numbers (shared, or both give numbers and none agree), a negation in
one only, their lengths, and, when the parse is at hand, a shared grammatical subject and main
verb. The weights are ``rules/claim_model.json``, made by ``benchmarks/train_claim_model.py`` from
the ClaimDiff pairs of half A read by hand; :func:`load_claim_model` reads them,
:class:`ClaimModel` only computes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsweave.text.names import capitalised_words
from newsweave.text.parse import Tok

MODEL_FILE = "claim_model.json"
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_NEGATION = frozenset({"not", "no", "never", "n't", "nor", "without", "none", "neither"})
_WORD = re.compile(r"[A-Za-z']+")


def numbers(text: str) -> set[str]:
    """The numbers a text gives, as written without thousands separators ("1,255" -> "1255")."""
    return {m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def names(text: str) -> set[str]:
    """The lower-cased capitalised words of a text after its first word (names, mostly)."""
    return {w.lower() for start, w in capitalised_words(text) if start > 0 and len(w) > 1}


def negated(text: str) -> bool:
    """Whether the text has a negation word."""
    return any(w.lower() in _NEGATION or w.lower().endswith("n't") for w in _WORD.findall(text))


def heads(toks: Sequence[Tok]) -> tuple[set[str], set[str]]:
    """The lower-cased subjects and the main verbs (their first five letters) of a parsed clause."""
    roots = {t.i for t in toks if t.dep == "ROOT"}
    subjects = {
        t.text.lower() for t in toks if t.head in roots and t.dep in ("nsubj", "nsubjpass") and t.i not in roots
    }
    verbs = {t.text.lower()[:5] for t in toks if t.i in roots and t.tag.startswith("VB")}
    return subjects, verbs


def pair_features(
    cosine: float,
    texts: tuple[str, str],
    words: tuple[set[str], set[str]],
    parsed: tuple[tuple[set[str], set[str]], tuple[set[str], set[str]]] | None = None,
) -> dict[str, float]:
    """The features of two claims: their embedding ``cosine``, ``texts``, content ``words`` and,
    when parsed, their (subjects, main verbs) (:func:`heads`)."""
    a, b = words
    shared = len(a & b)
    feats = {
        "cosine": cosine,
        "word_match": shared / (min(len(a), len(b)) or 1),
        "jaccard": shared / (len(a | b) or 1),
    }
    na, nb = names(texts[0]), names(texts[1])
    if na and nb:
        common = len(na & nb)
        feats["names_share"] = common / min(len(na), len(nb))
        if not common:
            feats["names_none"] = 1.0
    qa, qb = numbers(texts[0]), numbers(texts[1])
    if qa and qb:
        feats["numbers_shared" if qa & qb else "numbers_differ"] = 1.0
    if negated(texts[0]) != negated(texts[1]):
        feats["negation_one"] = 1.0
    la, lb = len(texts[0].split()), len(texts[1].split())
    feats["length_ratio"] = min(la, lb) / (max(la, lb) or 1)
    if parsed is not None:
        (sa, va), (sb, vb) = parsed
        if sa & sb:
            feats["subject_shared"] = 1.0
        if va & vb:
            feats["verb_shared"] = 1.0
    return feats


@dataclass(frozen=True)
class ClaimModel:
    """A logistic regression over :func:`pair_features`; ``floor``: a cosine below which two
    claims are never one fact (not scored, nor parsed)."""

    weights: Mapping[str, float]
    bias: float
    floor: float

    def probability(self, features: Mapping[str, float]) -> float:
        """How likely the two claims state one fact."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def load_claim_model() -> ClaimModel:
    """The shipped weights (``rules/claim_model.json``)."""
    data = json.loads(resources.files("newsweave.rules").joinpath(MODEL_FILE).read_text("utf-8"))
    return ClaimModel(data["weights"], data["bias"], data["floor"])
