"""Sentence ends the rule-based sentencizer misses (the annotator's split refines its spans)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _titles() -> dict[str, frozenset[str]]:
    """From the rule data (``rules/titles_en.json``), lower case: the title words (one-word titles
    and the first words of those of several: "vice" of "vice president"), and the initials of
    countries and unions ("u.s.")."""
    data = json.loads(resources.files("newsweave.rules").joinpath("titles_en.json").read_text("utf-8"))
    return {
        "openers": frozenset(h.split()[0] for h in data["heads"]),
        "countries": frozenset(data["country_abbreviations"]),
        "never": frozenset(data["never_titles"]),
    }


# A place's abbreviation of initials after the place and its comma ("in Harbourton, N.H."), a
# capitalised word after it: news writes it last in a sentence (mid-sentence a comma follows it),
# but the sentencizer never ends one at an abbreviation's full stop, and NER then reads the
# initials and the next sentence's first word as one name ("N.H. Corvane").
_PLACE_ABBREVIATION_END = re.compile(
    r"\b[A-Z][\w'’-]*, (?:[A-Z]\.){2,3}(?=\s+(?P<next>[A-Z][a-z][\w'’-]*)(?:\s+(?P<second>[A-Z][\w'’-]*))?)"
)


def cut_after_place_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence spans of ``text`` with those cut after a place's abbreviation that ends a
    sentence (:data:`_PLACE_ABBREVIATION_END`); not before a capitalised title, its first or
    second word a title word ("Harbourton, N.H. Mayor X", "…, N.H. Prime Minister X"; "…, D.C.
    The President said" is cut) nor after a country's or union's initials, which a name
    follows in a list ("Troops from Tarvia, U.S. Forces Korea said, …")."""
    titles = _titles()
    cut: list[tuple[int, int]] = []
    for begin, end in spans:
        for match in _PLACE_ABBREVIATION_END.finditer(text, begin, end):
            initials = match.group(0).rsplit(" ", 1)[-1].lower()
            first, second = match.group("next").lower(), (match.group("second") or "").lower()
            if first in titles["openers"] or first not in titles["never"] and second in titles["openers"]:
                continue
            if initials in titles["countries"]:
                continue
            cut.append((begin, match.end()))
            begin = match.end()
        cut.append((begin, end))
    return cut


# Marks that open what follows them: a curly opening quotation mark or bracket always does; a
# straight mark does when a space comes before it and the sentence holds an odd number of them
# (the one it closes is in the sentence already, or it opens the next one).
_OPENING = frozenset("“‘«([{")
_STRAIGHT = frozenset("\"'")


def _opening_tail(text: str, begin: int, end: int) -> int:
    """Where the run of opening marks ending ``text[begin:end]`` starts (``end`` if none)."""
    cut = end
    while cut > begin:
        at = cut - 1
        while at > begin and text[at].isspace():
            at -= 1
        mark = text[at]
        if mark in _OPENING:
            pass
        elif mark in _STRAIGHT and at > begin and text[at - 1].isspace():
            if text.count(mark, begin, at + 1) % 2 == 0:
                break
        else:
            break
        cut = at
    return cut


def move_opening_marks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence spans of ``text`` with the opening quotation marks and brackets that end one
    moved to the start of the next: the rule-based sentencizer keeps every punctuation mark after
    a full stop with the sentence it ends ('He left. "' and 'We go," she said.'), which leaves
    the next sentence's quotation open and this one's with a stray mark."""
    moved: list[tuple[int, int]] = []
    carry: int | None = None
    for k, (begin, end) in enumerate(spans):
        if carry is not None:
            begin, carry = carry, None
        if k + 1 < len(spans):
            cut = _opening_tail(text, begin, end)
            if begin < cut < end and text[begin:cut].strip():
                carry = cut + (len(text[cut:end]) - len(text[cut:end].lstrip()))
                end = len(text[:cut].rstrip())
        moved.append((begin, end))
    return moved
