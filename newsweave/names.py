"""Normalising names so that spellings of one name compare equal (Erdoğan = Erdogan)."""

from __future__ import annotations

import re
import unicodedata

_POSSESSIVE = re.compile(r"[’']s$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s-]")


def fold(text: str) -> str:
    """Strip diacritics and case: ``Erdoğan`` → ``erdogan``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("ı", "i").casefold()


def name_key(text: str) -> str:
    """The comparison key of a name: folded, without 'the', possessive and punctuation."""
    text = _POSSESSIVE.sub("", text.strip())
    text = _LEADING_THE.sub("", text)
    text = _NON_WORD.sub("", fold(text))
    return re.sub(r"\s+", " ", text).strip()
