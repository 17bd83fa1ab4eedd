"""Whether two claims state one fact, scored by a learned model on what the coverage stage has.

Two claims of one event can be close in meaning and still state two facts ("the jury acquitted
her" / "the defense said she was manipulated"); two wordings of one fact can share few words. The
embedding cosine alone does not tell them apart (``benchmarks/claimdiff.py``). A logistic
regression weighs it with what else the stage reads of the two claims without a new model: their
content words (the shorter one's share found in the other, Jaccard), the capitalised words they
share (names, mostly), their numbers (a number in common; or one counted thing, the same word
after a number, with different numbers; years and days of a month left out), a negation in one
only, their lengths, and the parse's grammatical subjects, shared or not. The model
was trained with the parse, so the coverage stage uses it only when the parse is at hand (else
the cosine gate, :func:`newsweave.synthesize.coverage.one_fact`). The weights and the chosen
probability threshold are ``rules/claim_model.json``, made by ``benchmarks/train_claim_model.py``
from the ClaimDiff pairs of half A read by hand; :func:`load_claim_model` reads them,
:class:`ClaimModel` only computes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.synthesize.logistic_rule import LogisticRule, load_logistic_rule
from newsweave.text.names import capitalised_words
from newsweave.text.timex_values import temporal_lexicon
from newsweave.text.words import content_words, english_stop_words

MODEL_FILE = "claim_model.json"
_NUMBER = re.compile(r"(?<![\d.,:])\d[\d,]*(?:\.\d+)?(?![\d:])")
_NEGATION = frozenset({"not", "no", "never", "n't", "nor", "without", "none", "neither"})
_WORD = re.compile(r"[A-Za-z']+")
_AFTER = re.compile(r"\s*(%|[A-Za-z][A-Za-z-]*)")
_BEFORE = re.compile(r"([A-Za-z]+)\.?\s*$")


def _counts(text: str) -> list[tuple[str, str]]:
    """(number, the word after it or "") of each number of a text that is not a year, a day of a
    month, an ordinal or a clock time."""
    months = frozenset(temporal_lexicon()["months"])
    out = []
    for m in _NUMBER.finditer(text):
        value = m.group().replace(",", "").rstrip(".")
        after = _AFTER.match(text, m.end())
        word = after.group(1).lower() if after else ""
        if after and after.start(1) == m.end() and word in ("st", "nd", "rd", "th", "s"):
            continue  # an ordinal ("3rd") or a decade ("1990s")
        if re.fullmatch(r"1[89]\d\d|20\d\d", m.group()):
            continue  # a year (written without a thousands separator)
        before = _BEFORE.search(text, 0, m.start())
        if len(value) <= 2 and (word.rstrip(".") in months or (before and before.group(1).lower() in months)):
            continue  # a day of a month ("March 3", "3 March")
        out.append((value, "percent" if word == "%" else word))
    return out


def numbers(text: str) -> set[str]:
    """The numbers a text gives, as written without thousands separators ("1,255" -> "1255"):
    not years, days of a month, ordinals or clock times (they date a fact, they do not count)."""
    return {value for value, _ in _counts(text)}


def counted(text: str) -> set[tuple[str, str]]:
    """(number, counted thing) of each number of :func:`numbers` that a content word or a unit
    follows ("12 workers" -> ("12", "worke"), first five letters; "5%" -> ("5", "perce"))."""
    stop = english_stop_words()
    return {(value, word[:5]) for value, word in _counts(text) if len(word) > 2 and word not in stop}


def names(text: str) -> set[str]:
    """The lower-cased capitalised words of a text but its first word (names, mostly; the first
    word is capitalised by the sentence)."""
    found = capitalised_words(text)
    first = next((m.start() for m in _WORD.finditer(text)), -1)
    return {w.lower() for start, w in found if start > first and len(w) > 1}


def negated(text: str) -> bool:
    """Whether the text has a negation word."""
    return any(w.lower() in _NEGATION or w.lower().endswith("n't") for w in _WORD.findall(text))


@dataclass(frozen=True)
class ClaimFacts:
    """What the model reads of one claim alone (read once per claim, not per pair)."""

    words: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[str]
    counted: frozenset[tuple[str, str]]
    negated: bool
    length: int


def claim_facts(text: str, words: set[str] | None = None) -> ClaimFacts:
    """:class:`ClaimFacts` of a claim (``words``: its content words, when already at hand)."""
    return ClaimFacts(
        frozenset(content_words(text) if words is None else words),
        frozenset(names(text)),
        frozenset(numbers(text)),
        frozenset(counted(text)),
        negated(text),
        len(text.split()),
    )


def pair_features(
    cosine: float,
    a: ClaimFacts,
    b: ClaimFacts,
    subjects: tuple[set[str], set[str]] | None = None,
) -> dict[str, float]:
    """The features of two claims: their embedding ``cosine``, what each says alone
    (:func:`claim_facts`) and, when parsed, the subjects of their main verbs
    (:func:`newsweave.synthesize.coverage.subject_words`).

    ``counts_differ``: the two count one thing (the same word follows a number in both) with
    no number in common for it ("12 workers" / "15 workers": one fact given differently, or an
    update)."""
    shared = len(a.words & b.words)
    feats = {
        "cosine": cosine,
        "word_match": shared / (min(len(a.words), len(b.words)) or 1),
        "jaccard": shared / (len(a.words | b.words) or 1),
    }
    if a.names and b.names:
        common = len(a.names & b.names)
        feats["names_share"] = common / min(len(a.names), len(b.names))
        if not common:
            feats["names_none"] = 1.0
    if a.numbers & b.numbers:
        feats["numbers_shared"] = 1.0
    things = {w for _, w in a.counted} & {w for _, w in b.counted}
    if any(not ({n for n, w in a.counted if w == t} & {n for n, w in b.counted if w == t}) for t in things):
        feats["counts_differ"] = 1.0
    if a.negated != b.negated:
        feats["negation_one"] = 1.0
    feats["length_ratio"] = min(a.length, b.length) / (max(a.length, b.length) or 1)
    if subjects is not None and subjects[0] & subjects[1]:
        feats["subject_shared"] = 1.0
    return feats


ClaimModel = LogisticRule  # over the features of this module's functions


def load_claim_model() -> LogisticRule:
    """The shipped weights (``rules/claim_model.json``)."""
    return load_logistic_rule(MODEL_FILE)
