"""What a line of a news page is, by its shape: a headline, a dateline or a line of date and time,
a byline, a caption, a slug (:func:`title_problem`, :func:`is_stamp`). Shared by the clean stage
(which line of a plain text's head is its title) and the headline writer
(:mod:`newsweave.synthesize.headlines`); the rule data is ``rules/headlines_en.json``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

_OPEN_END = ("…", "...", ",", ";", ":", "(", "[", "/", "&", "-", "–", "—", "“", "‘")


@lru_cache(maxsize=2)
def _rules(name: str = "headlines_en.json") -> dict[str, Any]:
    """The rule file: patterns expanded ({MONTH}, {AGENCY}, ...) and compiled, word lists as sets."""
    data = json.loads(resources.files("newsweave.rules").joinpath(name).read_text("utf-8"))
    names = dict(data["names"], GLUE="(?:" + "|".join(data["words"]["glue_openers"]) + ")")

    def compiled(pattern: str) -> re.Pattern[str]:
        while "{" in pattern and any("{" + key + "}" in pattern for key in names):
            for key, value in names.items():
                pattern = pattern.replace("{" + key + "}", value)
        return re.compile(pattern)

    out: dict[str, Any] = {"limits": data["limits"]}
    for key, value in data["patterns"].items():
        out[key] = [compiled(p) for p in value] if isinstance(value, list) else compiled(value)
    out.update({key: frozenset(value) for key, value in data["words"].items()})
    return out


def _any(key: str, text: str) -> bool:
    return any(p.search(text) for p in _rules()[key])


def _normalise(text: str) -> str:
    """White space collapsed (text tokenised the PTB way comes joined back from the clean stage:
    :mod:`newsweave.clean.untokenise`)."""
    return " ".join(text.split())


def _timestamp_end(text: str) -> int:
    """Length of a leading run of date and time ("Monday 13 September 2010 19.48 BST "), else 0: two
    tokens or a numeric date, one dated (month, clock, year), then the end, a capital or a quote."""
    rules = _rules()
    pos, count, dated, best = 0, 0, False, 0
    while match := rules["timestamp"].match(text, pos):
        pos, count = match.end(), count + 1
        dated = dated or bool(rules["dated"].match(match.group(1)))
        whole = count >= 2 or rules["numeric_date"].match(match.group(1))
        if whole and dated and (pos == len(text) or text[pos].isupper() or text[pos] in '"“‘'):
            best = pos
    return best


def is_stamp(text: str) -> bool:
    """A line of date and time, however worded: "First Published: June 13, 2013 4:59 PM EDT",
    "Updated 4:08 p. m. ET", "WASHINGTON, DC, April 28, 2009", "Mumbai, Nov 11 -". It holds a
    digit, and ``stamp_share`` or more of its (at most ``stamp_max_words``) words are numbers,
    month and day names or the words stamps are made of (``stamp_words``: updated, posted, GMT)."""
    rules, limits = _rules(), _rules()["limits"]
    words = re.findall(r"[^\W_]+(?:[:./][^\W_]+)*", text)
    if not words or len(words) > limits["stamp_max_words"] or not any(ch.isdigit() for ch in text):
        return False
    # a stamp names a month or a weekday, or gives a clock time or a date with its year: "9/11: 10
    # years on" and "Day 3 of the trial" are headlines
    anchored = any(w.lower().rstrip(".") in rules["stamp_anchors"] for w in words) or bool(
        re.search(r"(?<![/\d])\d{1,2} ?[:.] ?\d{2}(?!\d)|\b\d{1,2} ?/ ?\d{1,2} ?/ ?\d{2,4}\b", text)
    )
    if not anchored:
        return False
    dateish = sum(
        w[:1].isdigit() or w.lower() in rules["time_words"] or w.lower() in rules["stamp_words"] for w in words
    )
    return dateish >= limits["stamp_share"] * len(words)


def _strip_front(text: str) -> str:
    """Remove leading datelines, timestamps, kickers and bylines that end clearly."""
    rules = _rules()
    for _ in range(6):
        before = text
        for pattern in (*rules["datelines"], rules["byline_pipe"], rules["kickers"]):
            text = pattern.sub("", text, count=1)
        text = text[_timestamp_end(text) :].lstrip(" ,|:-–—_")
        for pattern in rules["byline_lead"]:
            if (byline := pattern.match(text)) and _is_byline(byline.group(0)):
                text = text[byline.end() :]
        if text == before:
            break
    return text.strip()


def _is_byline(text: str) -> bool:
    short = len(text.split()) <= _rules()["limits"]["byline_max_words"]
    return _any("bylines", text) or (short and _any("byline_short", text))


def title_problem(text: str) -> str | None:
    """The reason ``text`` cannot serve as a headline, or ``None`` when it can.

    Reasons: "empty", "id" (a bare identifier or address), "caption" (a photo caption or credit),
    "dateline" (a wire dateline or a line of date and time), "byline", "slug" (all capitals, wire
    slugs, editors' notes), "too long", "cut-off" (ends mid-phrase, with "…", an open bracket or
    quote, or starts mid-sentence), "too short".
    """
    rules, limits = _rules(), _rules()["limits"]
    text = _normalise(text or "").strip()
    letters, words = [ch for ch in text if ch.isalpha()], text.split()
    if not letters:
        return ("dateline" if rules["numeric_date"].match(text) else "id") if text else "empty"
    if re.match(r"^(?:https?://|www\.)\S+$", text) or (len(words) == 1 and re.search(r"[\d_./:#]", text)):
        return "id"
    if _any("captions", text):
        return "caption"
    if any(p.match(text) for p in rules["datelines"]) or _timestamp_end(text) or is_stamp(text):
        return "dateline"
    if _is_byline(text):
        return "byline"
    shouting = len(words) > 1 and sum(ch.isupper() for ch in letters) >= limits["slug_upper_share"] * len(letters)
    if _any("slugs", text) or (shouting and len(letters) >= limits["min_letters"]):
        return "slug"
    if len(words) > limits["max_words"] or len(text) > limits["max_chars"]:
        return "too long"
    closing = len(re.findall(r"’(?!\w)", text))  # not the apostrophe in "Bush’s"
    opened = text.count("“") > text.count("”") or text.count("‘") > closing or text.count("(") > text.count(")")
    fragment = words[0].isalpha() and words[0].islower() and words[0] not in rules["lowercase_ok"]
    if (
        text.endswith(_OPEN_END)
        or words[-1].lower() in rules["dangling_end_words"]
        or fragment
        or opened
        or (text.count('"') % 2)
    ):
        return "cut-off"
    return "too short" if len(words) < limits["min_words"] or len(letters) < limits["min_letters"] else None
