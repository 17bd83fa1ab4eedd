"""Counts in claims, and whether two counts of one thing disagree or one updates the other.

A *tally* is a count of casualties or the like (rule data ``tallies`` in ``rules/counts_en.json``:
dead, injured, arrested, missing) that is one thing whatever noun or construction counts it:
"killed 12 workers", "15 people died" and "the death toll rose to 12" all give the death toll.
A number is in a tally when a cue word of it follows the number within ``tally_after`` words or
precedes it within ``tally_before`` words, with no other number, clause break or conjunction
between. Other counts are keyed by their noun, nouns that count one thing made one
(``same_thing``: "2,400 residents" / "2,500 people").

Two counts of one thing in two articles (:func:`relation`):

- *unrelated* when the values are more than ``same_count_ratio`` apart (a background figure), or
  when articles of different dates give one day's count ("28 were killed on Sunday");
- an *update* when the later report gives it anew: a later-dated article gives a higher value
  of a running total (a tally, or a count its own clause tells as a total so far: a
  ``running_cues`` phrase, "so far", or a verb in the present perfect, ``running_perfect``: "has
  spread to 20 countries"), or one sentence says it updates a count, any count ("rose to", "now
  stands at", "revised"); a count that is no running total given higher later (a share
  price, a day's collection) is *unrelated*;
- *consistent* when a bound admits the other value ("at least 12" / "15") or an approximation
  is within ``approx_margin`` of an exact figure ("about 2,400" / "2,430");
- else a *conflict*: the outlets disagree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[A-Za-z]+|[^\sA-Za-z\d]")
_BREAKS = frozenset(',;:()[]—–.!?"“”')
_JOINS = frozenset({"and", "or", "but", "while", "whereas", "including", "plus"})
_CURRENCY = frozenset("$£€¥%")


@dataclass(frozen=True, slots=True)
class Count:
    """A number given for a thing: ``thing`` is a tally ("dead") or a canonical noun
    ("people"); ``bound`` is "exact", "lower" ("at least 12") or "approx" ("about 12")."""

    thing: str
    value: float
    bound: str = "exact"
    tally: bool = False
    daily: bool = False  # a tally of one day's events ("28 were killed on Sunday")
    running: bool = False  # a running total: a tally, or told as one ("has spread to 20 countries")


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The rule data of ``rules/counts_en.json`` with lookups built from it."""
    data: dict[str, Any] = json.loads(resources.files("newsweave.rules").joinpath("counts_en.json").read_text("utf-8"))
    data["canonical"] = {word: key for key, words in data["same_thing"].items() for word in words}
    data["after_cue"] = {w: key for key, t in data["tallies"].items() for w in t["after"]}
    data["before_cue"] = {w: key for key, t in data["tallies"].items() for w in t["before"]}
    data["update_pattern"] = re.compile(
        r"\b(?:" + "|".join(re.escape(c) for c in sorted(data["update_cues"], key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    data["running_pattern"] = re.compile(
        r"\b(?:" + "|".join(re.escape(c) for c in sorted(data["running_cues"], key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    perfect = data["running_perfect"]
    data["perfect_auxiliaries"] = frozenset(perfect["auxiliaries"])
    data["perfect_between"] = frozenset(perfect["between"])
    data["perfect_irregular"] = frozenset(perfect["irregular"])
    data["perfect_not"] = frozenset(perfect["not"])
    data["gap_before"] = frozenset(data["tally_gap_before"])
    data["not_nouns"] = frozenset(data["not_nouns"])
    data["skip"] = frozenset(data["unit_nouns"]) | frozenset(data["not_counted"]) | frozenset(data["magnitudes"])
    return data


def label(thing: str) -> str:
    """What a disagreement about ``thing`` is about: "death toll", "number of workers"."""
    tallies = rules()["tallies"]
    if thing in tallies:
        return str(tallies[thing]["label"])
    return f"number of {thing}" if thing == "people" else f"number of {thing}s"


def _singular(word: str) -> str:
    """A counted noun's key, lower case: a final "s" taken off ("workers" -> "worker"), nothing
    else. Not :func:`~newsweave.synthesize.titles.singular` on purpose: :func:`label` shows the
    key again by putting the "s" back, which is right for every key this makes ("countrie" ->
    "number of countries", "gas" -> "ga" -> "number of gas"), whereas a dictionary singular
    ("country", "chairman", "human") cannot be made plural again from its ending alone
    ("chairmen" but "humans")."""
    word = word.lower()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _value(tokens: list[str], i: int) -> tuple[float, int] | None:
    """The number at token ``i`` (scaled by a magnitude word after it) and the index after it."""
    data = rules()
    raw = tokens[i].lower()
    if raw in data["number_words"]:
        value = float(data["number_words"][raw])
    elif raw[:1].isdigit():
        if re.fullmatch(r"(1[89]|20)\d\d", raw):  # a year
            return None
        value = float(raw.replace(",", ""))
    else:
        return None
    j = i + 1
    if j < len(tokens) and tokens[j].lower() in data["magnitudes"]:
        value *= data["magnitudes"][tokens[j].lower()]
        j += 1
    return value, j


def _bound(tokens: list[str], i: int) -> str:
    before = " ".join(t.lower() for t in tokens[max(0, i - 3) : i])
    for kind in ("lower", "approx"):
        if any(before == p or before.endswith(" " + p) for p in rules()["bounds"][kind]):
            return kind
    return "exact"


def _tally(tokens: list[str], i: int, end: int) -> str | None:
    """The tally the number at ``i`` (ending before ``end``) counts, from the nearest cue."""
    data = rules()
    for t in tokens[end : end + data["tally_after"]]:
        low = t.lower()
        if t in _BREAKS or low in _JOINS or t[:1].isdigit() or low in data["number_words"]:
            break
        if low in data["after_cue"]:
            return str(data["after_cue"][low])
    gap = True  # only gap words so far between the number and the cue
    for k in range(i - 1, max(-1, i - 1 - data["tally_before"]), -1):
        low = tokens[k].lower()
        if tokens[k] in _BREAKS or low in _JOINS or tokens[k][:1].isdigit() or low in data["number_words"]:
            break
        if low in data["before_cue"] and (gap or low in data["tally_any_gap"]):
            return str(data["before_cue"][low])
        gap = gap and low in data["gap_before"]
    return None


def _clause(tokens: list[str], i: int) -> tuple[int, int]:
    """Where the clause of the number at ``i`` starts and ends: at a clause break on either
    side, at most 12 words away."""
    start = i
    while start > 0 and i - start < 12 and tokens[start - 1] not in _BREAKS:
        start -= 1
    end = i + 1
    while end < len(tokens) and end - i <= 12 and tokens[end] not in _BREAKS:
        end += 1
    return start, end


def _daily(tokens: list[str], i: int) -> bool:
    """Whether the clause of the number at ``i`` names a day ("killed 28 people on Sunday")."""
    words = rules()["daily_words"]
    start, end = _clause(tokens, i)
    return any(t.lower() in words for t in tokens[start:end])


def _participle(word: str) -> bool:
    data = rules()
    return word in data["perfect_irregular"] or (
        word.endswith("ed") and len(word) > 4 and word not in data["perfect_not"]
    )


def _perfect(words: list[str]) -> bool:
    """Whether ``words`` (lower case) hold a verb in the present perfect: an auxiliary ("has"),
    at most two words such as "now" or "been", and a participle ("spread", "reported")."""
    data = rules()
    for k, word in enumerate(words):
        if word not in data["perfect_auxiliaries"]:
            continue
        j = k + 1
        while j < len(words) and j - k <= 2 and words[j] in data["perfect_between"]:
            j += 1
        if j < len(words) and _participle(words[j]):
            return True
    return False


def _told_running(tokens: list[str], i: int) -> bool:
    """Whether the clause of the number at ``i`` tells it as a total so far: a running cue ("so
    far", "the total") or a verb in the present perfect ("has spread to 20 countries"), its
    auxiliary perhaps left to an earlier verb it is joined to ("has killed 65 people, most in
    Mexico, and infected nearly 6,500")."""
    start, end = _clause(tokens, i)
    if rules()["running_pattern"].search(" ".join(tokens[start:end])):
        return True
    words = [t.lower() for t in tokens[start:end]]
    if _perfect(words):
        return True
    joined = any(w == "and" and _participle(n) for w, n in zip(words, words[1:], strict=False))
    return joined and _perfect([t.lower() for t in tokens[:start]])


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith("ss")


def _qualified_noun(tokens: list[str], i: int) -> str | None:
    """The lower-case noun after one or two capitalised words that qualify it at ``tokens[i]``
    ("Somali pirates", "Texas firefighters", "Red Cross workers", "UN peacekeepers"); None when
    ``tokens[i]`` is no such word. A capitalised plural not followed by a plural noun is the
    counted noun itself ("40 Democrats voted", "10 Iranians were held")."""
    for k in (1, 2):
        if i + k >= len(tokens) or not all(re.fullmatch(r"[A-Z][a-z]{2,}|[A-Z]{2,3}", t) for t in tokens[i : i + k]):
            return None
        following = tokens[i + k]
        if re.fullmatch(r"[a-z][a-z-]{2,}", following):
            if _plural(tokens[i + k - 1]) and not _plural(following):
                return None
            return following
    return None


def counts(text: str) -> list[Count]:
    """The counts a sentence gives, one per thing (the first): tallies and counted nouns."""
    data = rules()
    tokens = _TOKEN.findall(text)
    found: dict[str, Count] = {}
    for i in range(len(tokens)):
        parsed = _value(tokens, i)
        if parsed is None or (i and tokens[i - 1] in _CURRENCY):
            continue
        if i and (tokens[i - 1].lower() in data["magnitudes"] or tokens[i - 1].lower() in data["skip"]):
            continue  # "million 20", "April 20": a date, not a count
        value, end = parsed
        nxt = tokens[end] if end < len(tokens) else ""
        if nxt in _CURRENCY or nxt == "-" or _singular(nxt) in data["skip"]:
            continue
        bound = _bound(tokens, i)
        tally = _tally(tokens, i, end)
        if tally is not None:
            found.setdefault(tally, Count(tally, value, bound, True, _daily(tokens, i), True))
            continue
        nxt = _qualified_noun(tokens, end) or nxt  # "26 Somali pirates": pirates
        if re.fullmatch(r"[A-Za-z][a-z-]{2,}", nxt) and nxt.lower() not in data["not_nouns"]:
            noun = data["canonical"].get(_singular(nxt), _singular(nxt))
            found.setdefault(noun, Count(noun, value, bound, running=_told_running(tokens, i)))
    return list(found.values())


def running(count: Count) -> bool:
    """Whether a count is a running total that a later report may give higher without saying it
    updates it: a tally ("dead", "injured", ...), or a count its sentence tells as a total so far
    (``running_cues``: "has spread to 20 countries", "the total")."""
    return count.tally or count.running


def updates(text: str) -> bool:
    """Whether a sentence says it updates a count ("the death toll rose to 12")."""
    return bool(rules()["update_pattern"].search(text))


def relation(
    a: Count, b: Count, date_a: date | None, date_b: date | None, cue_a: bool = False, cue_b: bool = False
) -> str:
    """How two counts of one thing relate: "same", "unrelated" (too far apart to be one count),
    "update" (one later report updates the other), "consistent" (a bound admits the other) or
    "conflict"."""
    if a.value == b.value:
        return "same"
    low, high = sorted((a, b), key=lambda c: c.value)
    if high.value > rules()["same_count_ratio"] * low.value:
        return "unrelated"
    if (a.bound == "approx") != (b.bound == "approx") and high.value - low.value <= rules()[
        "approx_margin"
    ] * high.value:
        return "consistent"  # "about 2,400" / "2,430"; two estimates that differ do disagree
    if date_a is not None and date_b is not None and date_a != date_b:
        if a.daily or b.daily:
            return "unrelated"  # one day's count, and a count of another day or of all days
        early, late, late_cue = (a, b, cue_b) if date_a < date_b else (b, a, cue_a)
        if late_cue or (late.value > early.value and running(a) and running(b)):
            return "update"
        if late.value > early.value:
            return "unrelated"  # a count that is no running total, given higher later: no evidence either way
    elif cue_a != cue_b:
        cued, other = (a, b) if cue_a else (b, a)
        if cued.value > other.value:
            return "update"
    if low.bound == "lower":
        return "consistent"
    return "conflict"
