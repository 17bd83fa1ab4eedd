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
