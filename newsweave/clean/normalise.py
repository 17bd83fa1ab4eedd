"""Text as the clean stage reads it: quotes and spaces unified, symbol runs cut, lines numbered,
and the folded form a body's hash and line keys are made of."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from newsweave.clean.untokenise import looks_tokenised, untokenise

_PTB_QUOTES = [("``", "“"), ("''", "”")]
# Some wire copy opens a quote with '' too: at the start of a line or after a space or bracket.
_PTB_OPENING = re.compile(r"(^|(?<=[\s(\[]))''(?=\w)", re.MULTILINE)
# A run of punctuation and symbols with no letter, digit or space in it: spaCy's tokenizer strips
# such a run one character at a time, copying the rest each time (20,000 quote marks take a
# minute), so a run is cut to its first few characters, which is all any text needs.
MAX_SYMBOL_RUN = 8
_SYMBOL_RUN = re.compile(rf"[^\w\s]{{{MAX_SYMBOL_RUN + 1},}}")


def normalise_text(text: str) -> str:
    """Join a text tokenised the PTB way back (:mod:`newsweave.clean.untokenise`: "Haiti 's toll
    -LRB- AP -RRB- ," -> "Haiti's toll (AP),"), unify quotes written the PTB way (`` '') and
    non-breaking spaces; cut runs of more than :data:`MAX_SYMBOL_RUN` punctuation marks or symbols
    ("!!!!!!!!!!!!", 20,000 quote marks)."""
    if looks_tokenised(text):
        text = untokenise(text)
    text = _SYMBOL_RUN.sub(lambda m: m.group()[:MAX_SYMBOL_RUN], text)
    if "''" in text:
        text = _PTB_OPENING.sub("“", text)
    for old, new in _PTB_QUOTES:
        text = text.replace(old, new)
    return text.replace("\u00a0", " ")


def text_lines(text: str) -> list[tuple[int, str]]:
    """The non-empty lines of a text, normalised and stripped, with their 1-based numbers."""
    return numbered_lines(normalise_text(text))


def numbered_lines(normalised: str) -> list[tuple[int, str]]:
    """The non-empty stripped lines of a normalised text (normalising a text normalises each of its
    lines as it would alone: nothing :func:`normalise_text` changes spans a line break)."""
    out = []
    for number, line in enumerate(normalised.split("\n"), start=1):
        stripped = line.strip()
        if stripped:
            out.append((number, stripped))
    return out


_NON_WORD_RUN = re.compile(r"[\W_]+")
_ASCII_NON_WORD = str.maketrans({c: " " for c in range(128) if not chr(c).isalnum()})


def folded(text: str) -> str:
    """``text`` case-folded, each run of characters other than letters and digits one space."""
    folded = text.casefold()
    if folded.isascii():  # the common case: a translation and a split, no regular expression
        return " ".join(folded.translate(_ASCII_NON_WORD).split())
    return _NON_WORD_RUN.sub(" ", folded).strip()


def content_hash(lines: Iterable[str]) -> str:
    """Hash of the body with case, spacing and punctuation folded: equal for re-scrapes."""
    return hashlib.sha1(folded(" ".join(lines)).encode("utf-8")).hexdigest()
