"""Normalising names so that spellings of one name compare equal (Aydoğan = Aydogan)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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


_WORD_AT_START = re.compile(r"(?<![\w-])\w+")
_HEAD = re.compile(r"\w+")
_WORDISH = re.compile(r"[\w-]")


class NameFinder:
    """Finds given names in a text as whole words, written exactly (case-sensitive), the longest
    name first where several begin at one place: what one regular expression alternating them
    longest first, ``(?<![\\w-])(name|...)(?![\\w-])``, finds. Names are looked up by their first
    word, so the time grows with the text and not with the number of names (a story of hundreds
    of articles has thousands). Names must begin with a letter or digit."""

    def __init__(self, names: Iterable[str]) -> None:
        self.by_head: dict[str, list[str]] = {}
        for name in sorted(set(names), key=len, reverse=True):
            head = _HEAD.match(name)
            if head:
                self.by_head.setdefault(head.group(), []).append(name)

    def __call__(self, text: str) -> list[tuple[str, int, int]]:
        """(name, start, end) of each name found, left to right, never overlapping."""
        return self.among(text, ((word.start(), word.group()) for word in _WORD_AT_START.finditer(text)))

    def among(self, text: str, words: Iterable[tuple[int, str]]) -> list[tuple[str, int, int]]:
        """What :meth:`__call__` finds, looked for only at ``words`` of ``text`` ((start, word) in
        the text's order): the same as long as they hold every word of the text that a name
        begins with (for names that begin with a capital, :func:`capitalised_words`)."""
        found: list[tuple[str, int, int]] = []
        taken_to = 0
        for start, word in words:
            if start < taken_to:
                continue
            for name in self.by_head.get(word, ()):
                end = start + len(name)
                if text.startswith(name, start) and not _WORDISH.match(text, end):
                    found.append((name, start, end))
                    taken_to = end
                    break
        return found


def capitalised_words(text: str) -> list[tuple[int, str]]:
    """(start, word) of each word of ``text`` that begins with a capital letter, left to right: the
    only places :class:`NameFinder` can find a name that begins with one."""
    return [(word.start(), word.group()) for word in _WORD_AT_START.finditer(text) if word.group()[:1].isupper()]
