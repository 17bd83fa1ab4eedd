"""Publication dates: read from a record, checked, inferred from the article's text or from its story.

A date is kept as ``YYYY-MM-DD`` between :data:`EARLIEST_YEAR` and :data:`LATEST_YEAR`. An article
without one gets it from its own lines on strong evidence (a dateline, a date given with its
weekday or with "today"; :func:`infer_published`), else from its own event's most similar dated
article, or its story's within a reach of the dates it mentions (:func:`published_from_event`);
the latest date it mentions bounds it from below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from newsweave.records import stage
from newsweave.text.timex_values import temporal_lexicon
from newsweave.text.timexes import alternation, find_timexes, is_future

EARLIEST_YEAR, LATEST_YEAR = 1800, 2200  # a publication date outside these years is refused


def parse_iso(value: str | None) -> date | None:
    """``YYYY-MM-DD`` to a date; ``None`` for anything else, and for a date outside the years
    :data:`EARLIEST_YEAR`-:data:`LATEST_YEAR` (no publication date; one in year 1 or 9999 would
    make date arithmetic overflow)."""
    if not value or len(value) != 10:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if EARLIEST_YEAR <= day.year <= LATEST_YEAR else None


def is_sane_published(value: str | None) -> bool:
    """Whether ``value`` is a ``YYYY-MM-DD`` date in the years a publication date can have."""
    return parse_iso(value) is not None


@dataclass(slots=True)
class PublishedGuess:
    """A publication date inferred from an article's text, with the evidence for it.

    ``value`` is set only on strong evidence; ``not_before`` is the latest past date the text
    mentions (the article cannot be older), kept as evidence even when ``value`` is not set.
    """

    value: str | None
    not_before: str | None
    evidence: list[str]


@lru_cache(maxsize=1)
def _full_date() -> re.Pattern[str]:
    """Looser than every way a full date (day, month and year) is written for date inference
    (:func:`infer_published`, months from ``rules/temporal_en.json``): an
    ISO date, a day and a year ("March 9, 2022"), a day, a month and a year ("9 March 2022").
    A line this does not match holds no date that could be the publication date and is not read
    there: date inference scans each line with a large pattern, half the time of cleaning long
    newswire paragraphs. Every alternative starts with a digit, which makes the scan quick."""
    month = "(?i:" + alternation(list(temporal_lexicon()["months"])) + r")\.?"
    year = r"(?:1[89]|20)\d\d"
    return re.compile(
        rf"{year}-[01]\d-[0-3]\d|[0-3]?\d(?i:st|nd|rd|th)?(?:,?\s+{year}|\s+(?i:of\s+)?{month},?\s+{year})"
    )


def may_hold_full_date(line: str) -> bool:
    """Whether ``line`` may hold a full date (day, month and year): see :func:`_full_date`."""
    return _full_date().search(line) is not None


_HEAD_LINES = 3


def infer_published(lines: list[str]) -> PublishedGuess:
    """Infer a publication date from the kept lines of an article (title and body, in order).

    Strong evidence sets the value: a full date (with year) in the first lines, where datelines
    and "Published" stamps stand; or the latest full date the text mentions, stated together
    with its own weekday or with "today". A date mentioned anywhere else only bounds the
    publication date from below: an article about a past event is no evidence of when it was
    written, and a wrong date would mis-resolve every "last month" of the article.
    """
    latest: tuple[str, str] | None = None
    for number, line in enumerate(lines):
        if not may_hold_full_date(line):
            continue  # no date that could be the publication date: the large patterns not run
        future = is_future(line)
        for tx in find_timexes(line, None):
            if tx.granularity != "day" or tx.value is None or parse_iso(tx.value) is None:
                continue
            if number < _HEAD_LINES and not future:
                return PublishedGuess(tx.value, tx.value, [f"date in line {number + 1}: '{tx.text}'"])
            if future:
                continue
            if latest is None or tx.value > latest[0]:
                latest = (tx.value, line)
    if latest is None:
        return PublishedGuess(None, None, [])
    value, line = latest
    day = date.fromisoformat(value)
    weekday = re.search(r"\b(" + alternation(list(temporal_lexicon()["weekdays"])) + r")\b", line, re.IGNORECASE)
    if weekday and temporal_lexicon()["weekdays"][weekday.group(1).lower()] == day.weekday():
        return PublishedGuess(value, value, [f"latest date mentioned, with its weekday: '{line[:80]}'"])
    if re.search(r"\btoday\b", line, re.IGNORECASE):
        return PublishedGuess(value, value, [f"latest date mentioned, with 'today': '{line[:80]}'"])
    return PublishedGuess(None, value, [f"not before {value}, the latest date mentioned"])


def published_from_story(
    not_before: str | None, neighbours: list[tuple[str, str, float]], of: str = "story"
) -> PublishedGuess:
    """A publication date for an undated article from the dated articles of its story (or of
    its event, named ``of`` in the evidence).

    ``neighbours`` are (article id, publication date, similarity to the article) of the story's
    dated articles; ``not_before`` is the latest past date the article itself mentions. The
    article is taken to be published with the most similar of them that is not older than
    ``not_before``: reports that tell the same events in the same words are written at the
    same time. No neighbour, or none recent enough: no value.
    """
    fitting = [n for n in neighbours if not_before is None or n[1] >= not_before]
    if not fitting:
        return PublishedGuess(None, not_before, [])
    article_id, value, similarity = max(fitting, key=lambda n: (n[2], n[1]))
    evidence = [f"as the {of}'s most similar dated article {article_id} ({value}, similarity {similarity:.2f})"]
    return PublishedGuess(value, not_before, evidence)


@stage(requires=("events.members", "stories.members", "vectors"), assigns=("dates.story",))
def published_from_event(
    not_before: str | None,
    event: list[tuple[str, str, float]],
    story: list[tuple[str, str, float]],
    reach_days: int | None = 90,
    event_bound: str | None = None,
) -> PublishedGuess:
    """:func:`published_from_story` from the dated articles of the article's own ``event`` first,
    else from those of its ``story`` (both: article id, date, similarity) not older than the
    latest date the article, or any undated report of its event (``event_bound``), mentions,
    and dated at most ``reach_days`` after it (``not_before``; None: any).

    Reports of one happening are written within days of each other, while a story's other
    happenings may be years away: the story's most similar dated article may tell another of
    them, and an article naming a date months before it is rarely written that late (on
    Timeline17, dated articles' dates hidden in turn: ``benchmarks/story_dates.py``)."""
    guess = published_from_story(not_before, event, of="event")
    if guess.value is not None:
        return guess
    if event_bound is not None and (not_before is None or event_bound > not_before):
        not_before = event_bound  # its happening's reports are written within days of each other
    if not_before is not None and reach_days is not None:
        last = date.fromisoformat(not_before).toordinal() + reach_days
        story = [n for n in story if date.fromisoformat(n[1]).toordinal() <= last]
    return published_from_story(not_before, story)


_RECORD_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_published(value: Any) -> str | None:
    """Normalise a publication date to ``YYYY-MM-DD``; ``None`` when empty.

    Accepts ISO dates and datetimes (``2022-06-23``, ``2022-06-23T10:00:00Z``) and a few
    common written forms. Raises ``ValueError`` for a value that is present but unreadable.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    match = _RECORD_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day).isoformat()
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%a, %d %b %Y"):
        try:
            return datetime.strptime(text[: len(text)], fmt).date().isoformat()
        except ValueError:
            continue
    try:  # RFC 2822, as in RSS
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    raise ValueError(text)
