"""Quoted stretches of a paragraph and the quote finder's rule data (``rules/quotes_en.json``).

Straight quotation marks are curled by what stands around them, a quote re-opened before it
closed ends there, and a quote that opens in the middle of a sentence of the writer's words is
an embedded fragment. The name patterns here are shared by the finders of speakers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsweave.synthesize.actors import place_prepositions

# Bounded: a name word is at most 41 characters and a name at most 7 words, so that no pattern
# built on them backtracks over a long capitalised token or run of words (quadratic time).
NAME_WORD = r"[A-Z][\w'’.-]{0,40}"
NAME = rf"{NAME_WORD}(?:\s+(?:{NAME_WORD}|de|van|von|al|bin|da|di|la|le|el)){{0,6}}"
MIN_WORDS = 3


@dataclass(slots=True)
class Quote:
    """One quote: its words, speaker (as written and resolved), cue verb, place and kind."""

    text: str
    speaker: str | None
    speaker_kind: str  # "named", "pronoun", "description", "title", "continued", or "unknown"
    cue: str | None
    paragraph: int
    start: int  # where the quoted words start in paragraph ``paragraph``
    end: int  # where they end, in paragraph ``end_paragraph`` (the same one unless the quote goes on)
    kind: str = "direct"  # "partial": quoted words inside reported speech; "indirect": no quotation marks
    end_paragraph: int = -1  # -1: the paragraph it starts in


@lru_cache(maxsize=1)
def quote_lexicon() -> dict[str, Any]:
    """The rule data of ``rules/quotes_en.json`` with the patterns built on it (verbs, places,
    negations) and the honorifics as a set."""
    data = json.loads(resources.files("newsweave.rules").joinpath("quotes_en.json").read_text("utf-8"))
    verbs = "|".join(sorted((re.escape(v) for v in data["verbs"]), key=len, reverse=True))
    data["verb_re"] = verbs
    data["honorifics_set"] = frozenset(h.lower() for h in data["honorifics"])
    places = "|".join(re.escape(w) for w in sorted(place_prepositions()))
    data["place_re"] = re.compile(rf"\b(?:{places})\s+(?:the\s+)?$", re.IGNORECASE)
    words = "|".join(re.escape(w) for w in data["negations"] if w.isalpha())
    data["negation_re"] = re.compile(rf"\b(?:{words})\b|n[’']t\b", re.IGNORECASE)
    return data


def denial(cue: str | None) -> bool:
    """Whether a quote's reporting verb denies what it introduces ("denied", rule data ``denials``)."""
    return cue is not None and cue.lower() in quote_lexicon()["denials"]


_STRAIGHT_OPEN = re.compile(r'(^|(?<=[\s(\[—–-]))"(?=\S)')
_DOUBLE_APOSTROPHE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))''(?=\S)")


def curl_quotes(paragraph: str) -> str:
    """Straight double quotes as curly ones, told apart by what stands around them.

    A quote mark after a space (or at the start) and before a word opens; any other closes.
    Two apostrophes used as a quote mark (''So terrible'', as some wire copy prints them)
    become a mark and a space ("“ So terrible” "). Offsets do not change (one character for one).
    """
    if '"' not in paragraph and "''" not in paragraph:
        return paragraph  # nothing to curl (most paragraphs)
    if "''" in paragraph and '"' not in paragraph and "“" not in paragraph:
        paragraph = _DOUBLE_APOSTROPHE_OPEN.sub("“ ", paragraph).replace("''", "” ")
    opened = _STRAIGHT_OPEN.sub("“", paragraph)
    return opened.replace('"', "”")


def quote_spans(paragraph: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of quoted stretches; a quote re-opened before it closed ends there."""
    spans: list[tuple[int, int, bool]] = []
    i = paragraph.find("“")
    while i != -1:
        close = paragraph.find("”", i + 1)
        reopen = paragraph.find("“", i + 1)
        if close == -1 and reopen == -1:
            spans.append((i + 1, len(paragraph), False))
            break
        if reopen != -1 and (close == -1 or reopen < close):
            spans.append((i + 1, reopen, True))  # the writer opened a new quote without closing
            i = reopen
            continue
        spans.append((i + 1, close, True))
        i = paragraph.find("“", close + 1)
    return spans


POSSESSIVE = r"(?:[A-Z][\w.-]{0,40}\s+){0,3}[A-Z][\w.-]{0,40}['’]s"
DESCRIBED = re.compile(rf"{POSSESSIVE}\s+[a-z]")


_TITLE_WORDS = 8  # a quoted name of a work is short


def is_work_title(text: str) -> bool:
    """Whether a quoted stretch is the name of a programme, a book, a film or a slogan rather
    than someone's words: a few words, each but the small ones capitalised, and not shouted in
    capitals nor two sentences ("Morning Report Live", "Talk of the Town."; not "We will not
    leave", "NO WAR NOW", "Like Dunmore. Or Halbrook.", "What a Night!"). Its words were said by no one. The
    small words a title leaves in lower case are rule data (``title_small_words``)."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", text)
    stripped = text.strip().rstrip(",")
    if not 2 <= len(words) <= _TITLE_WORDS or text.upper() == text or re.search(r"[.?!]\s+\S", stripped):
        return False  # too short or long to tell, shouted, or sentences ("Like Dunmore. Or Halbrook.")
    if stripped.endswith(("!", "?")):
        return False  # exclaimed or asked: someone's words ("What a Night!")
    small = frozenset(quote_lexicon()["title_small_words"])
    capitalised = [w for w in words if w[0].isupper()]
    return len(capitalised) >= 2 and words[0][0].isupper() and all(w[0].isupper() or w.lower() in small for w in words)


def embedded_fragment(before: str) -> bool:
    """Whether a quote opens in the middle of a sentence (a fragment, not a quotation)."""
    stripped = before.rstrip()
    if not stripped:
        return False
    if stripped[-1] in ":,":
        return False
    if re.search(rf"\b(?:{quote_lexicon()['verb_re']})$", stripped, re.IGNORECASE):
        return False
    return stripped[-1] not in '.!?”"'
