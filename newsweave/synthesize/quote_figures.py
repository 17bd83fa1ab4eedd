"""The figures a quote gives, and whether two quotes give different ones.

Two wordings of one statement give the same figures: an outlet may cut a figure out ("has spent
heavily so far") or round it as an estimate ("about 6,000 tonnes" / "6,300 tonnes", within ``approx_margin``), but a
statement that gives "$40 million" and one that gives "$52 million" are two statements, however
alike in words or meaning (a running total told on two days, a cost and a budget, a day's
collection and a target). A figure is a number in digits with the scale written after it
("1.2 million", "$740m") and the bound written before it ("more than", "as much as", "about":
rule data ``rules/quote_figures_en.json``), outside brackets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

_ASIDE = re.compile(r"[(\[][^)\]]*[)\]]?")  # "(# 684m)", "[in 2009]": the writer's words, to the end if unclosed
_NUMBER = re.compile(r"(?<![\w.,/:-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*([A-Za-z]+))?")


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a quote gives: its value (scaled) and ``bound``: "exact", "lower" (a floor),
    "upper" (a ceiling) or "approx"."""

    value: float
    bound: str = "exact"


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("newsweave.rules").joinpath("quote_figures_en.json").read_text("utf-8")
    )
    data["bound_of"] = {p: kind for kind in ("lower", "upper", "approx") for p in data[kind]}
    return data


def _bound(before: str) -> str:
    """The bound the words before a number give it ("more than" -> "lower"), else "exact"."""
    words = re.findall(r"[a-z]+", before.lower())[-3:]
    for size in (3, 2, 1):
        phrase = " ".join(words[-size:]) if len(words) >= size else ""
        if phrase in _rules()["bound_of"]:
            return str(_rules()["bound_of"][phrase])
    return "exact"


@lru_cache(maxsize=8192)
def figures(text: str) -> tuple[Figure, ...]:
    """The figures of a text in their order, each once ("1,000" and "1000" are one figure); not
    those in brackets, which the writer adds (a conversion into another currency, a gloss)."""
    data = _rules()
    text = _ASIDE.sub(" ", text)
    out: dict[float, Figure] = {}
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", "") + (match.group(2) or ""))
        word = (match.group(3) or "").lower()
        joined = match.group(3) is not None and match.end(2 if match.group(2) else 1) == match.start(3)
        if word in data["magnitudes"] and (joined or word not in data["attached"] or len(word) > 1):
            value *= data["magnitudes"][word]
        elif joined and word:
            continue  # a number joined to letters that scale nothing ("3rd", "10am", "5G") is no figure
        out.setdefault(value, Figure(value, _bound(text[max(0, match.start() - 24) : match.start()])))
    return tuple(out.values())


def _admits(figure: Figure, other: Figure) -> bool:
    """Whether two figures can be one figure worded twice: the same value, or, when either is
    written with a bound ("about", "more than", "as much as"), values within ``approx_margin`` of
    each other on the side the bound allows ("more than $40m" / "$41m", not "$30m"; a bound
    admits no figure far past it: "more than 40" is no wording of "120")."""
    if figure.value == other.value:
        return True
    if figure.bound == "exact" and other.bound == "exact":
        return False
    if abs(figure.value - other.value) > _rules()["approx_margin"] * max(figure.value, other.value):
        return False
    for bound, value, then in ((figure.bound, figure.value, other.value), (other.bound, other.value, figure.value)):
        if (bound == "lower" and then < value) or (bound == "upper" and then > value):
            return False
    return True


def figures_differ(a: str, b: str) -> bool:
    """Whether two quotes give different figures: both give some, and a figure of the one giving
    fewer is admitted by none of the other's (a wording cut shorter gives a part of the other's;
    one giving none differs from none)."""
    fa, fb = figures(a), figures(b)
    if not fa or not fb:
        return False
    fewer, more = (fa, fb) if len(fa) <= len(fb) else (fb, fa)
    return any(not any(_admits(f, g) or _admits(g, f) for g in more) for f in fewer)
