"""The values of temporal expressions: a match of the pattern normalised against a reference date.

Values follow TIMEX3 conventions: ``2022-06-23`` (day), ``2022-W25`` (week), ``2022-06``
(month), ``2022`` (year); ``early``/``mid``/``late`` are kept as a modifier. Relative
expressions ("last month", "this coming Thursday", "two weeks ago") need the article's
publication date; without it they get no value. A bare weekday points back in a past-tense
sentence and forward in a future-tense one. :func:`date_span` reads a value back as the days it
covers. The words (months, weekdays, numbers …) are the rule data ``rules/temporal_en.json``.
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def temporal_lexicon() -> dict[str, Any]:
    """The temporal words of the rule data: months, weekdays, seasons, numbers, units, cues."""
    return json.loads(resources.files("newsweave.rules").joinpath("temporal_en.json").read_text("utf-8"))


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


_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def _week_value(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def resolve(m: re.Match[str], ref: date | None, future: bool) -> tuple[str | None, str, str | None]:
    """The value, granularity and modifier of one match of the temporal-expression pattern said on
    ``ref`` (the publication date; ``None``: relative expressions get no value), in a sentence in the
    future tense or not."""
    lex = temporal_lexicon()
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
        if rel in {"last", "past", "next"} and unit in lex["span_units"] and _THE_BEFORE.search(m.string, 0, m.start()):
            return None, unit, None  # "in the last year or so", "over the past month": a span from now
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
        unit = lex["units"][g["unit"].lower()]
        if g["n3"].lower() in lex["vague_numbers"] or g["dir"].lower() in lex["anaphoric_directions"]:
            return None, unit, None  # "several weeks ago", "five years later" (than what the text told before)
        count = int(g["n3"]) if g["n3"].isdigit() else int(lex["numbers"][g["n3"].lower()])
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
    lex = temporal_lexicon()
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
    first, last = temporal_lexicon()["season_months"][code]
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
