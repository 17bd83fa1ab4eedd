"""Normalising names so that spellings of one name compare equal (Aydoğan = Aydogan)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_POSSESSIVE = re.compile(r"[’']s$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s-]")
# Latin letters with no Unicode decomposition, written without their mark in English text.
_TRANSLITERATE = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
    }
)


def fold(text: str) -> str:
    """Strip diacritics and case: ``Aydoğan`` → ``aydogan``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def without_possessive(text: str) -> str:
    """A name without its possessive ending: ``the Council's`` → ``the Council``."""
    return _POSSESSIVE.sub("", text)


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The comparison key of a name: folded, without 'the', possessive and punctuation (cached:
    the actors, quotes and report stages key the same names many times)."""
    text = without_possessive(text.strip())
    text = _LEADING_THE.sub("", text)
    text = _NON_WORD.sub("", fold(text))
    return re.sub(r"\s+", " ", text).strip()
