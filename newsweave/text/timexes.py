"""Temporal expressions: find them in a sentence and normalise them against a reference date.

One pattern over the words of ``rules/temporal_en.json`` finds them; each is then resolved on its
own (:mod:`newsweave.text.timex_values`: TIMEX3 values such as ``2022-06-23``, ``2022-W25``,
``2022-06``, ``2022``, with an ``early``/``mid``/``late`` modifier). Relative expressions ("last
month", "this coming Thursday", "two weeks ago") need the article's publication date; without it
they are found but get no value; so are vague or anaphoric counts ("several weeks ago", "five
years later") and spans from now ("in the last year or so"). A bare weekday points back in a
past-tense sentence and forward in a future-tense one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from newsweave.text.timex_values import resolve, temporal_lexicon

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


def is_absolute(text: str) -> bool:
    """Whether a date is written with its month or year ("in early June", "Oct. 29", "in 2012").

    A relative one ("last Thursday", "today") depends on the article's date and on how it is read.
    """
    words = {w.strip(".").lower() for w in text.split()}
    return bool(re.search(r"\b\d{4}\b", text)) or bool(words & set(temporal_lexicon()["months"]))


def alternation(words: list[str]) -> str:
    """A regular-expression alternation of ``words``, the longest first, each escaped."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    lex = temporal_lexicon()
    month = "(?P<{n}>" + alternation(list(lex["months"])) + r")\.?"
    wd = alternation(list(lex["weekdays"]))
    mod = r"(?P<mod>early|mid-?|late|the (?:beginning|start|middle|end) of)\s*"
    num = alternation(list(lex["numbers"])) + r"|\d{1,3}"
    unit = r"(?P<unit>days?|weeks?|months?|years?)"
    year = r"(?P<{n}>(?:1[89]|20)\d\d)"
    m1, m2, m3 = (month.replace("{n}", k) for k in ("m1", "m2", "m3"))
    y1, y2, y3, y4 = (year.replace("{n}", k) for k in ("y1", "y2", "y3", "y4"))
    part_of_day = r"(?:\s+(?:morning|afternoon|evening|night))?"
    season = "(?P<season>" + alternation(list(lex["seasons"])) + ")"
    zones = alternation(list(lex["clock_zones"]))
    ordinal = "(?P<qn>" + alternation(list(lex["ordinals"])) + ")"
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
        rf"\b{m1}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+{y1})?\b(?!:\d)",  # not a clock
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
    return re.compile(rf"(?<!\w)(?:{alternation(temporal_lexicon()['future_cues'])})(?!\w)")


def is_future(sentence: str) -> bool:
    """Whether ``sentence`` has a cue of the future tense ("will", "is expected to" …, from the rule data)."""
    return _future_cue().search(sentence.lower()) is not None


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
    lex = temporal_lexicon()
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
    future = is_future(sentence)
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
        yield _week_of(sentence, found)
    if held is not None:
        yield held


_WRITTEN_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def written_year(text: str) -> bool:
    """Whether an expression writes its year ("Feb. 8, 2017", "in 2012"; not "Feb. 8")."""
    return _WRITTEN_YEAR.search(text) is not None


def years_from_text(found: list[Timex]) -> list[Timex]:
    """An article's temporal expressions with each bare month and day ("that same Feb. 8
    meeting") given the year the article writes with the same month and day elsewhere ("Feb. 8,
    2017"), when it writes one year only with it: one text names one Feb. 8, and the year it
    writes outranks the one guessed from the publication date. Others are returned as they are."""
    named: dict[str, set[str]] = {}
    for tx in found:
        if tx.granularity == "day" and tx.value and len(tx.value) == 10 and written_year(tx.text):
            named.setdefault(tx.value[5:], set()).add(tx.value[:4])
    if not named:
        return found
    months = set(temporal_lexicon()["months"])
    out = []
    for tx in found:
        value = tx.value or ""
        years = named.get(value[5:], set()) if len(value) == 10 else set()
        if (
            len(years) == 1
            and tx.granularity == "day"
            and not written_year(tx.text)
            and any(w.strip(".,").lower() in months for w in tx.text.split())
        ):
            tx = Timex(tx.text, tx.start, tx.end, f"{next(iter(years))}{value[4:]}", "day", tx.modifier)
        out.append(tx)
    return out


def weekdays_from_text(found: list[Timex], future: list[bool]) -> list[Timex]:
    """An article's temporal expressions with each weekday ("Sunday morning") read as the day of
    that weekday the article names by its month ("April 29") in a sentence not in the future
    tense (``future``: for each expression, whether its sentence is) within a week of the day it
    was resolved to, when there is one such day only. For an article whose publication date was
    borrowed from its story, which may be days off: its own dates outrank that date. Others are
    returned as they are."""
    named = {
        date.fromisoformat(tx.value)
        for tx, ahead in zip(found, future, strict=True)
        if not ahead and tx.granularity == "day" and tx.value and len(tx.value) == 10 and is_absolute(tx.text)
    }
    if not named:
        return found
    weekdays = temporal_lexicon()["weekdays"]
    out = []
    for tx in found:
        value = tx.value or ""
        words = {w.strip(".,").lower() for w in tx.text.split()}
        if tx.granularity == "day" and len(value) == 10 and words & set(weekdays) and not is_absolute(tx.text):
            said = date.fromisoformat(value)
            near = [d for d in named if d.weekday() == said.weekday() and abs((d - said).days) <= 7]
            if said not in near and len(near) == 1:
                tx = Timex(tx.text, tx.start, tx.end, near[0].isoformat(), "day", tx.modifier)
        out.append(tx)
    return out


# "in the week of May 17", "the week beginning 6 September": the week that holds the day
_WEEK_OF = re.compile(r"\bweek\s+(?:of|beginning|starting|commencing)\s+(?:on\s+)?$", re.IGNORECASE)


def _week_of(sentence: str, found: Timex) -> Timex:
    """A day named as the anchor of a week ("the week of May 17") read as that week."""
    before = _WEEK_OF.search(sentence[: found.start])
    if before is None or found.granularity != "day" or not found.value or len(found.value) != 10:
        return found
    iso = date.fromisoformat(found.value).isocalendar()
    value = f"{iso[0]}-W{iso[1]:02d}"
    return Timex(sentence[before.start() : found.end], before.start(), found.end, value, "week", found.modifier)


_WEEKDAY_ALONE = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?", re.IGNORECASE)
_WEEKDAY_DATE_GAP = re.compile(r",?\s{0,2}")


_ORDINAL_BEFORE = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\w+teenth|\w+tieth)\s+$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014]|\s-\s|--|\b(?:and|but|or|that|which|who|while|when|as)\b", re.IGNORECASE)


def _compared(before: str) -> bool:
    """Whether the words before an expression, in its clause and at most ten back, hold a word of a
    comparison (``rules/temporal_en.json`` "comparison_words")."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    words = {w.casefold() for w in _TOKENS.findall(clause)[-10:]}
    return bool(words & set(temporal_lexicon()["comparison_words"]))


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
        if m.group("season") and _ORDINAL_BEFORE.search(sentence[: m.start()]):
            continue  # "its fourth winter of food shortages": a count of seasons, not one of them
        if m.group("n4") and not future and _compared(sentence[: m.start()]):
            continue  # "its biggest drop in five years": a span back for a comparison, no date
            # (a sentence about the future keeps it: "the first flights will leave in two weeks")
        try:
            value, granularity, modifier = resolve(m, reference, future)
        except (OverflowError, ValueError):  # arithmetic beyond year 1 or 9999: found, no value
            value, granularity, modifier = None, "unknown", None
        if value is not None and granularity != "decade" and not _YEAR_VALUE.match(value):  # year 0, 10000
            value = None
        yield Timex(text, m.start(), m.end(), value, granularity, modifier)
