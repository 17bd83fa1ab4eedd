"""What a sentence recalls: people named after a month- or year-level date in their sentence.

News reports tell what just happened with day-level references ("on Thursday", "today") and
recall what happened before with coarser ones, placed first: "Last month X visited Y",
"Earlier this year, the leader met X", "in 2012". A mention that follows such a date in its
sentence belongs to the background: the person is recalled, not an actor of what the report
tells. Grouping discounts those mentions (who an article is mainly about), and a story's
undated events are ordered by them (an event whose reports recall another's principal actor
came after it). Without a parse, "follows in its sentence" stands for the date's scope: "X,
who last month visited Y, will ..." keeps X an actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

# granularities of the dates that place what follows them in the background
BACKGROUND_GRANULARITIES = frozenset({"month", "season", "quarter", "year", "decade"})


@lru_cache(maxsize=4096)
def _granularities(text: str) -> tuple[str, ...]:
    from newsweave.text.timexes import find_timexes

    return tuple(t.granularity for t in find_timexes(text, None))


def background_starts(entities: Iterable[Any]) -> dict[int, int]:
    """Sentence index -> where its first date coarser than a week starts (a month, a year:
    :data:`BACKGROUND_GRANULARITIES`, read from its DATE entities); what a sentence says after
    it is background. ``entities`` have ``text``, ``label``, ``sentence`` and ``start``."""
    starts: dict[int, int] = {}
    for e in entities:
        if e.label == "DATE" and BACKGROUND_GRANULARITIES.intersection(_granularities(e.text)):
            starts[e.sentence] = min(e.start, starts.get(e.sentence, e.start))
    return starts


def is_recalled(entity: Any, starts: dict[int, int]) -> bool:
    """Whether ``entity`` follows a background date in its sentence (``starts``:
    :func:`background_starts` of its article)."""
    return bool(entity.start > starts.get(entity.sentence, entity.start))
