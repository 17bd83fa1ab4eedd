"""Time stamps in a line: a page's ("09:20 UK time, Friday, 14 March 2014") or a reader comment's
("At 7:25 pm on 15 Aug 2013"), wherever they stand in it. A stamp is a run of date and time
tokens that holds a clock time, a date (a month named or a numeric date) and a year, a weekday or
a zone: a date alone, or a clock time alone, is no stamp. The words are rule data: months and
weekdays those of ``rules/temporal_en.json`` (with ``stamp.more_weekdays``), the zones and the
words around a stamp ``rules/boilerplate_en.json`` (``stamp``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsweave.clean.rule_files import boilerplate_rules
from newsweave.text.timex_values import temporal_lexicon
from newsweave.text.timexes import alternation

_CLOCK = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?\s?m\b\.?)?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_NUMERIC_DATE = r"\d{1,2}/\d{1,2}/\d{2,4}|(?:19|20)\d{2}-\d{2}-\d{2}"
_CLOCK_HINT = re.compile(r"\d[:.]\d\d")  # a line without it holds no stamp
_OPENING = re.compile(r"[A-Z\"“‘'(]")


@dataclass(frozen=True)
class _Patterns:
    token: re.Pattern[str]  # one date or time token, its kind in a named group
    run: re.Pattern[str]  # tokens joined by separators or join words
    prefix: re.Pattern[str]  # what may open a page's stamp, matched at the end of the text before it
    after: re.Pattern[str]  # link labels and a byline between a page's stamp and its lead
    before_stamp: frozenset[str]  # a stamp after one of these words carries on a sentence


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data, lexicon = boilerplate_rules()["stamp"], temporal_lexicon()
    weekday = rf"(?:{alternation([*lexicon['weekdays'], *data['more_weekdays']])})\.?"
    month = rf"(?:{alternation(list(lexicon['months']))})\.?"
    token = (
        rf"(?:(?P<weekday>{weekday})|(?P<month>{month})|(?P<numeric>{_NUMERIC_DATE})"
        rf"|(?P<clock>{_CLOCK})|(?P<year>{_YEAR})|(?P<day>{_DAY})|(?P<zone>{data['zone']}))(?![\w])"
    )
    plain = re.sub(r"\(\?P<\w+>", "(?:", token)  # the same without its names, repeated in a run
    separator = rf"(?:[\s,;:|/–—-]+(?:{data['joins']}(?![\w])[\s,;:|/–—-]*){{0,2}})"
    return _Patterns(
        token=re.compile(token, re.IGNORECASE),
        run=re.compile(rf"(?<![\w:.]){plain}(?:{separator}{plain})*", re.IGNORECASE),
        prefix=re.compile(data["prefix"], re.IGNORECASE),
        after=re.compile(data["after_stamp"], re.IGNORECASE),
        before_stamp=frozenset(boilerplate_rules()["head"]["before_stamp"]),
    )


@dataclass(frozen=True)
class Stamp:
    start: int
    end: int


def find_stamps(text: str, end: int | None = None) -> list[Stamp]:
    """The time stamps in ``text`` (before ``end``), in order."""
    if not _CLOCK_HINT.search(text, 0, end if end is not None else len(text)):
        return []
    patterns, found = _patterns(), []
    for run in patterns.run.finditer(text, 0, end if end is not None else len(text)):
        tokens = list(patterns.token.finditer(text, run.start(), run.end()))
        # a trailing bare number belongs to what follows ("... 2009, 12 people"), not to the stamp
        while len(tokens) > 1 and tokens[-1].lastgroup == "day" and tokens[-2].lastgroup != "month":
            tokens.pop()
        kinds = {t.lastgroup for t in tokens}
        if "clock" in kinds and kinds & {"month", "numeric"} and kinds & {"year", "weekday", "zone", "numeric"}:
            found.append(Stamp(tokens[0].start(), tokens[-1].end()))
    return found


def page_stamp_prefix(before: str) -> int:
    """Where the words that open a page's stamp ("Page last updated at") start in the text before
    it (its length when there are none)."""
    match = _patterns().prefix.search(before)
    return match.start() if match else len(before)


def after_stamp(text: str, pos: int) -> int:
    """Where the link labels and byline after a page's stamp ("Help", "| by: Jane Roe") end."""
    match = _patterns().after.match(text, pos)
    return match.end() if match else pos


def carries_sentence(word: str) -> bool:
    """Whether a stamp after ``word`` carries on a sentence ("... struck at 14:22 GMT on 2 June
    2012"), not a page's or a comment's stamp: the word is one of ``head.before_stamp``."""
    return word.lower() in _patterns().before_stamp


def opens_sentence(text: str) -> bool:
    """Whether ``text`` opens as a sentence does (a capital, a quotation mark, a bracket)."""
    return _OPENING.match(text) is not None
