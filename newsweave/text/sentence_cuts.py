"""Sentence ends the rule-based sentencizer misses (the annotator's split refines its spans)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """The one-word titles of the rule data (``rules/titles_en.json``), lower case."""
    data = json.loads(resources.files("newsweave.rules").joinpath("titles_en.json").read_text("utf-8"))
    return frozenset(h for h in data["heads"] if " " not in h)


# A place's abbreviation of initials after the place and its comma ("in Harbourton, N.H."), a
# capitalised word after it: news writes it last in a sentence (mid-sentence a comma follows it),
# but the sentencizer never ends one at an abbreviation's full stop, and NER then reads the
# initials and the next sentence's first word as one name ("N.H. Orlen").
_PLACE_ABBREVIATION_END = re.compile(r"\b[A-Z][\w'’-]*, (?:[A-Z]\.){2,3}(?=\s+(?P<next>[A-Z][a-z][\w'’-]*))")


def cut_after_place_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence spans of ``text`` with those cut after a place's abbreviation that ends a
    sentence (:data:`_PLACE_ABBREVIATION_END`; not before a title word: "Harbourton, N.H. Mayor X")."""
    cut: list[tuple[int, int]] = []
    for begin, end in spans:
        for match in _PLACE_ABBREVIATION_END.finditer(text, begin, end):
            if match.group("next").lower() in _title_words():
                continue
            cut.append((begin, match.end()))
            begin = match.end()
        cut.append((begin, end))
    return cut
