"""Temporal expressions: find them in a sentence and normalise them against a reference date.

Values follow TIMEX3 conventions: ``2022-06-23`` (day), ``2022-W25`` (week), ``2022-06``
(month), ``2022`` (year); ``early``/``mid``/``late`` are kept as a modifier. Relative
expressions ("last month", "this coming Thursday", "two weeks ago") need the article's
publication date; without it they are found but get no value. A bare weekday points back
in a past-tense sentence and forward in a future-tense one.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from newsweave.records import stage

EARLIEST_YEAR, LATEST_YEAR = 1800, 2200  # a publication date outside these years is refused
_YEAR_VALUE = re.compile(r"\d{4}(?!\d)")  # a value starts with its four-digit year (0001-9999)


@dataclass(slots=True)
class Timex:
    """One temporal expression: its span in the sentence, value, granularity and modifier."""

    text: str
    start: int
    end: int
    value: str | None
    granularity: str  # day, week, month, year, or "unknown"
    modifier: str | None = None


@lru_cache(maxsize=1)
def quote_lexicon() -> dict[str, Any]:
    return json.loads(resources.files("newsweave.rules").joinpath("temporal_en.json").read_text("utf-8"))


def is_absolute(text: str) -> bool:
    """Whether a date is written with its month or year ("in early June", "Oct. 29", "in 2012").

    A relative one ("last Thursday", "today") depends on the article's date and on how it is read.
    """
    words = {w.strip(".").lower() for w in text.split()}
    return bool(re.search(r"\b\d{4}\b", text)) or bool(words & set(quote_lexicon()["months"]))


def _alt(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    lex = quote_lexicon()
    month = "(?P<{n}>" + _alt(list(lex["months"])) + r")\.?"
    wd = _alt(list(lex["weekdays"]))
    mod = r"(?P<mod>early|mid-?|late|the (?:beginning|start|middle|end) of)\s*"
    num = _alt(list(lex["numbers"])) + r"|\d{1,3}"
    unit = r"(?P<unit>days?|weeks?|months?|years?)"
    year = r"(?P<{n}>(?:1[89]|20)\d\d)"
    m1, m2, m3 = (month.replace("{n}", k) for k in ("m1", "m2", "m3"))
    y1, y2, y3, y4 = (year.replace("{n}", k) for k in ("y1", "y2", "y3", "y4"))
    part_of_day = r"(?:\s+(?:morning|afternoon|evening|night))?"
    season = "(?P<season>" + _alt(list(lex["seasons"])) + ")"
    zones = _alt(list(lex["clock_zones"]))
    ordinal = "(?P<qn>" + _alt(list(lex["ordinals"])) + ")"
    y5, y6, y7 = (year.replace("{n}", k) for k in ("y5", "y6", "y7"))
    parts = [
        rf"\b(?:(?P<srel>last|this past|this|next|coming|the)\s+)?{season}(?:\s+(?:of\s+)?{y5})?\b",
        rf"\b(?:the\s+)?{ordinal}\s+quarter(?:\s+of\s+{y6})?\b",
        rf"\bQ(?P<qd>[1-4])\s+{y7}\b",
        r"\b(?P<qrel>last|this|next|the previous|the current)\s+quarter\b",
        r"\b(?:the\s+)?(?P<dec>(?:1[89]|20)\d)0s\b",
        r"\b(?P<mod3>the (?:beginning|start|middle|end) of)\s+(?P<rel3>the|this|next|last)\s+"
        r"(?P<unit3>week|month|year)\b",
        r"\b(?P<wrel>last|next|this past|this coming|this|the)\s+weekend\b",
        rf"\bin\s+(?P<n4>{num})\s+(?P<unit4>days?|weeks?|months?|years?)\b",
        r"(?P<iso>(?:1[89]|20)\d{2})-(?P<isom>[01]\d)-(?P<isod>[0-3]\d)\b",
        rf"\b{m1}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+{y1})?\b(?!:)",
        rf"\b(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{m2}(?:,?\s+{y2})?\b",
        rf"\b(?:{mod})?{m3}(?:\s+(?:of\s+)?{y3})?\b",
        rf"\b(?P<rel>last|next|this coming|this past|this|coming|past)\s+(?P<wd1>{wd})\b{part_of_day}",
        rf"\b(?P<wd2>{wd})(?:\s+(?P<part>morning|afternoon|evening|night))?\b",
        r"\b(?P<rel2>last|next|this|coming|past|earlier this|later this)\s+(?P<unit2>week|month|year|weekend)\b",
        rf"\b(?P<n3>{num})\s+{unit}\s+(?P<dir>ago|earlier|later|from now)\b",
        r"\b(?P<deictic>today|tonight|yesterday|tomorrow|last night|this (?:morning|afternoon|evening))\b",
        # a year alone, not one end of a range ("his 1973-90 rule", "the 1990–1995 period") nor
        # a time of day ("at 2045 GMT")
        rf"\b(?:(?P<mod2>early|mid-?|late)\s*)?(?<!\d[-–]){y4}\b(?![,.]?\d)(?![-–]\d)(?!\s+(?:{zones})\b)",
    ]
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


@lru_cache(maxsize=1)
def _future_cue() -> re.Pattern[str]:
    """One pattern for all the future-tense cues (``rules/temporal_en.json`` "future_cues")."""
    return re.compile(rf"(?<!\w)(?:{_alt(quote_lexicon()['future_cues'])})(?!\w)")


def _is_future(sentence: str) -> bool:
    return _future_cue().search(sentence.lower()) is not None


def _modifier(text: str | None) -> str | None:
    if not text:
        return None
    text = text.lower().strip()
    if text.startswith("early") or "beginning" in text or "start" in text:
        return "START"
    if text.startswith("mid") or "middle" in text:
        return "MID"
    if text.startswith("late") or "end" in text:
        return "END"
    return None


def _closest_year(month: int, day: int | None, ref: date | None, future: bool) -> int | None:
    """The year that puts month/day nearest the reference date, in the direction of the tense."""
    if ref is None:
        return None
    best_year = ref.year
    best_gap: int | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidate = date(year, month, day or 15)
        except ValueError:
            continue
        gap = (candidate - ref).days
        penalty = abs(gap) + (0 if (gap >= -20 if future else gap <= 20) else 200)
        if best_gap is None or penalty < best_gap:
            best_year, best_gap = year, penalty
    return best_year


def _shift_months(ref: date, months: int) -> tuple[int, int]:
    index = ref.year * 12 + ref.month - 1 + months
    return index // 12, index % 12 + 1


def _week_value(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _resolve(m: re.Match[str], ref: date | None, future: bool) -> tuple[str | None, str, str | None]:
    lex = quote_lexicon()
    months, weekdays = lex["months"], lex["weekdays"]
    g = m.groupdict()
    special = _resolve_period(g, ref, future)
    if special is not None:
        return special
    if g["iso"]:
        try:
            return date(int(g["iso"]), int(g["isom"]), int(g["isod"])).isoformat(), "day", None
        except ValueError:
            return None, "day", None
    for mk, dk, yk in (("m1", "d1", "y1"), ("m2", "d2", "y2")):
        if g[mk]:
            month, day = months[g[mk].lower().rstrip(".")], int(g[dk])
            year = int(g[yk]) if g[yk] else _closest_year(month, day, ref, future)
            if year is None:
                return None, "day", None
            try:
                return date(year, month, day).isoformat(), "day", None
            except ValueError:
                return None, "day", None
    if g["m3"]:
        month = months[g["m3"].lower().rstrip(".")]
        year = int(g["y3"]) if g["y3"] else _closest_year(month, None, ref, future)
        mod = _modifier(g["mod"])
        return (f"{year}-{month:02d}" if year else None), "month", mod
    wd_name = g["wd1"] or g["wd2"]
    if wd_name:
        if ref is None:
            return None, "day", None
        target = weekdays[wd_name.lower()]
        rel = (g["rel"] or "").lower()
        forward = rel in {"next", "this coming", "coming"} or (rel in {"", "this"} and future)
        if forward:
            delta = (target - ref.weekday()) % 7
            if rel in {"next", "this coming", "coming"} and delta == 0:
                delta = 7
        else:
            delta = -((ref.weekday() - target) % 7)
            if rel == "last" and delta == 0:
                delta = -7
        return (ref + timedelta(days=delta)).isoformat(), "day", None
    if g["rel2"]:
        if ref is None:
            return None, g["unit2"].lower(), None
        rel, unit = g["rel2"].lower(), g["unit2"].lower()
        step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
        mod = "START" if rel == "earlier this" else "END" if rel == "later this" else None
        if unit in {"week", "weekend"}:
            if step == -1 and ref.weekday() == 6:
                step = 0  # "last week" in a Sunday paper: the week now ending
            return _week_value(ref + timedelta(weeks=step)), "week", mod
        if unit == "month":
            year, month = _shift_months(ref, step)
            return f"{year}-{month:02d}", "month", mod
        return str(ref.year + step), "year", mod
    if g["n3"]:
        if ref is None:
            return None, "unknown", None
        count = int(g["n3"]) if g["n3"].isdigit() else int(lex["numbers"][g["n3"].lower()])
        unit = lex["units"][g["unit"].lower()]
        sign = -1 if g["dir"].lower() in {"ago", "earlier"} else 1
        if unit == "day":
            return (ref + timedelta(days=sign * count)).isoformat(), "day", None
        if unit == "week":
            return _week_value(ref + timedelta(weeks=sign * count)), "week", None
        if unit == "month":
            year, month = _shift_months(ref, sign * count)
            return f"{year}-{month:02d}", "month", None
        return str(ref.year + sign * count), "year", None
    if g["deictic"]:
        if ref is None:
            return None, "day", None
        word = g["deictic"].lower()
        offset = -1 if word in {"yesterday", "last night"} else 1 if word == "tomorrow" else 0
        return (ref + timedelta(days=offset)).isoformat(), "day", None
    if g["y4"]:
        return g["y4"], "year", _modifier(g["mod2"])
    return None, "unknown", None


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _resolve_period(g: dict[str, Any], ref: date | None, future: bool) -> tuple[str | None, str, str | None] | None:
    """Seasons, quarters, decades, weekends, "the end of next year", "in two weeks"."""
    lex = quote_lexicon()
    if g["season"]:
        code = lex["seasons"][g["season"].lower()]
        if g["y5"]:
            return f"{g['y5']}-{code}", "season", None
        if ref is None:
            return None, "season", None
        return f"{_season_year(code, (g['srel'] or '').lower(), ref, future)}-{code}", "season", None
    if g["qn"] or g["qd"]:
        quarter = int(g["qd"]) if g["qd"] else int(lex["ordinals"][g["qn"].lower()])
        if g["y6"] or g["y7"]:
            return f"{g['y6'] or g['y7']}-Q{quarter}", "quarter", None
        if ref is None:
            return None, "quarter", None
        current = _quarter_of(ref)
        year = ref.year
        if not future and quarter > current:
            year -= 1
        elif future and quarter < current:
            year += 1
        return f"{year}-Q{quarter}", "quarter", None
    if g["qrel"]:
        if ref is None:
            return None, "quarter", None
        step = {"last": -1, "the previous": -1, "next": 1}.get(g["qrel"].lower(), 0)
        index = ref.year * 4 + _quarter_of(ref) - 1 + step
        return f"{index // 4}-Q{index % 4 + 1}", "quarter", None
    if g["dec"]:
        return g["dec"], "decade", None
    if g["mod3"]:
        if ref is None:
            return None, g["unit3"].lower(), _modifier(g["mod3"])
        step = {"next": 1, "last": -1}.get(g["rel3"].lower(), 0)
        unit, mod = g["unit3"].lower(), _modifier(g["mod3"])
        if unit == "year":
            return str(ref.year + step), "year", mod
        if unit == "month":
            year, month = _shift_months(ref, step)
            return f"{year}-{month:02d}", "month", mod
        if step == -1 and ref.weekday() == 6:
            step = 0  # "late last week" in a Sunday paper: the week now ending
        return _week_value(ref + timedelta(weeks=step)), "week", mod
    if g["wrel"]:
        if ref is None:
            return None, "weekend", None
        rel = g["wrel"].lower()
        saturday = ref + timedelta(days=(5 - ref.weekday()) % 7)  # this week's (coming) Saturday
        if ref.weekday() == 6:
            saturday = ref - timedelta(days=1)
        if rel in {"last", "this past"} or (rel == "the" and not future):
            if ref.weekday() < 5 or rel == "last":
                saturday -= timedelta(weeks=1)
        elif rel == "next":
            saturday += timedelta(weeks=1)
        return _week_value(saturday) + "-WE", "weekend", None
    if g["n4"]:
        if ref is None:
            return None, "unknown", None
        count = int(g["n4"]) if g["n4"].isdigit() else int(lex["numbers"][g["n4"].lower()])
        unit = lex["units"][g["unit4"].lower()]
        if unit == "day":
            return (ref + timedelta(days=count)).isoformat(), "day", None
        if unit == "week":
            return _week_value(ref + timedelta(weeks=count)), "week", None
        if unit == "month":
            year, month = _shift_months(ref, count)
            return f"{year}-{month:02d}", "month", None
        return str(ref.year + count), "year", None
    return None


def _season_year(code: str, rel: str, ref: date, future: bool) -> int:
    """The year of the season meant by "last/this/next/the summer" said on ``ref``."""
    first, last = quote_lexicon()["season_months"][code]
    # The season's occurrence starting this calendar year (winter: December of this year).
    start = date(ref.year, first, 1)
    end_month_year = ref.year + 1 if first > last else ref.year
    end = date(end_month_year, last, 28)
    if first > last and ref.month <= last:  # January/February: in the winter that began last December
        start, end = date(ref.year - 1, first, 1), date(ref.year, last, 28)
    current = start <= ref <= end
    if rel == "this":
        return start.year
    if rel in {"last", "this past"}:
        return start.year - 1 if current or ref < start else start.year
    if rel in {"next", "coming"}:
        return start.year if ref < start else start.year + 1
    if future:
        return start.year if current or ref < start else start.year + 1
    return start.year if current or ref > end else start.year - 1


_FALSE_MONTHS = re.compile(r"^(may|march|sun|sat|wed|mar|jan|dec)$", re.IGNORECASE)
_TOKENS = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")  # what the pattern's numbers are made of
# Every alternative of the pattern holds a digit or one of these words (or a month, weekday or
# season of the lexicon) as a whole word: a sentence with none holds no temporal expression.
_ANCHOR_WORDS = (
    "day days week weeks weekend month months year years quarter "
    "today tonight yesterday tomorrow night morning afternoon evening"
)


@lru_cache(maxsize=1)
def _anchors() -> frozenset[str]:
    lex = quote_lexicon()
    words = [*lex["months"], *lex["weekdays"], *lex["seasons"], *_ANCHOR_WORDS.split()]
    return frozenset(w.casefold() for w in words)


def may_hold_timex(sentence: str) -> bool:
    """Whether ``sentence`` can hold a temporal expression: it has a digit or an anchor word
    (a month, weekday, season, "week", "today" …). Most sentences have neither, and this test
    is much quicker than the pattern's scan of every position; it never rejects a sentence the
    pattern would match in."""
    if _DIGIT.search(sentence):
        return True
    anchors = _anchors()
    return any(token in anchors for token in _TOKENS.findall(sentence.casefold()))


def find_timexes(sentence: str, reference: date | None = None) -> Iterator[Timex]:
    """Find and normalise the temporal expressions of one sentence.

    >>> [t.value for t in find_timexes("He arrived on March 9, 2022.")]
    ['2022-03-09']
    """
    if not may_hold_timex(sentence):
        return
    future = _is_future(sentence)
    held: Timex | None = None  # a weekday alone, kept back in case a date follows it
    for found in _timexes(sentence, reference, future):
        if held is not None:
            joined = _WEEKDAY_DATE_GAP.fullmatch(sentence[held.end : found.start])
            if joined and found.granularity == "day" and found.value:
                # "Thursday 3 June 2010", "Thursday, June 3": the date's value, not the weekday's guess
                found = Timex(
                    sentence[held.start : found.end], held.start, found.end, found.value, "day", found.modifier
                )
            else:
                yield held
            held = None
        if _WEEKDAY_ALONE.fullmatch(found.text.strip()):
            held = found
            continue
        yield found
    if held is not None:
        yield held


_WEEKDAY_ALONE = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?", re.IGNORECASE)
_WEEKDAY_DATE_GAP = re.compile(r",?\s{0,2}")


def _timexes(sentence: str, reference: date | None, future: bool) -> Iterator[Timex]:
    """The pattern's matches in ``sentence`` as temporal expressions, each resolved on its own."""
    for m in _pattern().finditer(sentence):
        text = m.group(0)
        word = text.strip().rstrip(".")
        # "may", "march", "sun" … alone are usually not dates; require a capital and context.
        if _FALSE_MONTHS.match(word) and (not word[0].isupper() or word.lower() in {"sun", "sat", "wed"}):
            continue
        if word in ("fall", "spring") and not re.search(
            r"\b(in|during|early|late|mid|by|until|since|of|this|last|next)\s+$", sentence[: m.start()], re.IGNORECASE
        ):
            continue  # "appeared to fall to the opposition", "a hot spring": a verb or a noun, not a season
        if word.lower() == "may" and not re.search(
            r"\b(in|since|until|by|early|late|mid|of|last|next|this)\s+$", sentence[: m.start()], re.IGNORECASE
        ):
            continue
        try:
            value, granularity, modifier = _resolve(m, reference, future)
        except (OverflowError, ValueError):  # arithmetic beyond year 1 or 9999: found, no value
            value, granularity, modifier = None, "unknown", None
        if value is not None and granularity != "decade" and not _YEAR_VALUE.match(value):  # year 0, 10000
            value = None
        yield Timex(text, m.start(), m.end(), value, granularity, modifier)


def date_span(value: str) -> tuple[date, date] | None:
    """The first and last day a TIMEX value covers: 2022 → the year, 2022-06 → June,
    2022-W25 → that ISO week, 2022-Q3 → the quarter, 2022-06-23 → the day; else ``None``."""
    try:
        if re.fullmatch(r"\d{4}", value):
            y = int(value)
            return date(y, 1, 1), date(y, 12, 31)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            y, q = int(m[1]), int(m[2])
            last = 3 * q
            return date(y, last - 2, 1), date(y, last, calendar.monthrange(y, last)[1])
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            return day, day
    except (ValueError, OverflowError):  # e.g. the last ISO week of 9999 ends after date.max
        return None
    return None


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
    data = json.loads(resources.files("newsweave.rules").joinpath("temporal_en.json").read_text("utf-8"))
    month = "(?i:" + "|".join(sorted(map(re.escape, data["months"]), key=len, reverse=True)) + r")\.?"
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
        future = _is_future(line)
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
    weekday = re.search(r"\b(" + _alt(list(quote_lexicon()["weekdays"])) + r")\b", line, re.IGNORECASE)
    if weekday and quote_lexicon()["weekdays"][weekday.group(1).lower()] == day.weekday():
        return PublishedGuess(value, value, [f"latest date mentioned, with its weekday: '{line[:80]}'"])
    if re.search(r"\btoday\b", line, re.IGNORECASE):
        return PublishedGuess(value, value, [f"latest date mentioned, with 'today': '{line[:80]}'"])
    return PublishedGuess(None, value, [f"not before {value}, the latest date mentioned"])


@stage(requires=("stories.members", "vectors"), assigns=("dates.story",))
def published_from_story(not_before: str | None, neighbours: list[tuple[str, str, float]]) -> PublishedGuess:
    """A publication date for an undated article from the dated articles of its story.

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
    evidence = [f"as the story's most similar dated article {article_id} ({value}, similarity {similarity:.2f})"]
    return PublishedGuess(value, not_before, evidence)


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
