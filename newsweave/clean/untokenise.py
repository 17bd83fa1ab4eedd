"""Text tokenised the Penn Treebank way made readable again, for the clean stage.

Research corpora of news (LDC-style releases, Timeline17) give articles as PTB tokens joined by
spaces: brackets written ``-LRB-`` and ``-RRB-``, quotes as `````` and ``''``, a space before
every comma and full stop, possessives and contractions split off ("Haiti 's", "do n't"). The
clean stage joins such text back (:func:`untokenise`) when the text as a whole looks tokenised
(:func:`looks_tokenised`), so that every later stage reads one kind of text and none needs
patterns of its own for tokens. Nothing here matches across a line break: a text's lines are
untokenised as each would be alone. :func:`untokenise_mapped` also tells where each character
of the result came from (for offsets into the tokenised text).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

# A bracket's token, a split contraction or possessive, a space before a full stop or comma.
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_BRACKET = re.compile("|".join(_BRACKETS))
_SPACED = re.compile(r"(?<=\w) [,.;:!?](?= |$)", re.MULTILINE)
_JOINED = re.compile(r"\w[,.;:!?](?= |$)", re.MULTILINE)
MIN_SPACED = 3  # spaced stops from which a text without bracket tokens may read as tokenised

Replacement = str | Callable[[re.Match[str]], str]
# In order: brackets and escaped characters, quotes, split possessives and contractions, then
# the spaces tokenising put inside brackets and quotes and before punctuation. " " only, never
# a line break.
_STEPS: list[tuple[re.Pattern[str], Replacement]] = [
    (_BRACKET, lambda m: _BRACKETS[m.group()]),
    (re.compile(r"\\([*/])"), r"\1"),
    (re.compile(r"` `|``"), "“"),
    (re.compile(r"''"), "”"),
    (re.compile(r"(^|(?<= ))` ?", re.MULTILINE), "‘"),
    (re.compile(r"(?<=[\w.]) (['’]) ?s\b"), r"\1s"),  # "Haiti 's", "Veldt ’ s", "Jr. 's"
    (re.compile(r"(?<=\w) (n't|n’t|['’](?:s|re|ve|ll|d|m))\b", re.IGNORECASE), r"\1"),
    (re.compile(r"(?<= )'(?=[ ,.;:!?]|$)", re.MULTILINE), "’"),  # a closing single quote
    (re.compile(r"(?<=[(\[$“‘]) +"), ""),
    (re.compile(r" +(?=[,.;:!?%)\]”’])"), ""),
    (re.compile(r"(?<=\d) ?([:.]) (?=\d)"), r"\1"),  # "10 . 15" -> "10.15"
]


def looks_tokenised(text: str) -> bool:
    """Whether ``text`` reads as PTB tokens joined by spaces: it holds a bracket token, or more of
    its full stops and commas stand after a space than right after a word (at least
    :data:`MIN_SPACED`)."""
    if _BRACKET.search(text):
        return True
    spaced = sum(1 for _ in _SPACED.finditer(text))
    return spaced >= MIN_SPACED and spaced > sum(1 for _ in _JOINED.finditer(text))


def untokenise_mapped(text: str) -> tuple[str, list[int]]:
    """``text`` joined back (see the module), and for each character of the result where it
    stood in ``text`` (a replaced stretch's characters at the stretch's start)."""
    where = list(range(len(text)))
    for pattern, replacement in _STEPS:
        parts: list[str] = []
        moved: list[int] = []
        last = 0
        for m in pattern.finditer(text):
            parts.append(text[last : m.start()])
            moved.extend(where[last : m.start()])
            new = replacement(m) if callable(replacement) else m.expand(replacement)
            parts.append(new)
            at = where[m.start()] if m.start() < len(where) else len(text)
            moved.extend([at] * len(new))
            last = m.end()
        parts.append(text[last:])
        moved.extend(where[last:])
        text, where = "".join(parts), moved
    return text, where


def untokenise(text: str) -> str:
    """``text`` joined back: brackets, quotes, possessives, contractions and punctuation written as
    in running text ("Haiti 's toll -LRB- AP -RRB- ," -> "Haiti's toll (AP),")."""
    return untokenise_mapped(text)[0]


def mapped_offset(where: list[int], offset: int) -> int:
    """Where an offset into the tokenised text falls in the result of :func:`untokenise_mapped`
    (``where`` its map): at the first character that came from at or after it."""
    return bisect.bisect_left(where, offset)
