"""A sentence's event date chosen by a learned model, the rules of :mod:`newsweave.text.eventdate` as features.

Each sentence has candidates: every temporal expression with a value, the publication date and
none. Each candidate is described by features read from the parse (where the expression hangs:
on the main predicate, on the reporting verb, elsewhere or in the background; the word before
it, its granularity, whether it names a day outright or relative to the publication date, how
far it lies from that date, the tense of the verb it dates, a span's end, a habit …), by the
sentence's place in its article and, for a sentence with no date, whether the one before names a
long-past date, and by what the hand rules choose. A logistic regression scores each candidate; the sentence takes the
value of the best one. The weights are ``rules/eventdate_model.json``, made by
``benchmarks/train_event_dates.py`` from the labelled sentences of half A (anyone can run it again).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from newsweave.text import eventdate as rules
from newsweave.text.parse import Tok
from newsweave.text.timexes import Timex, is_absolute

MODEL_FILE = "eventdate_model.json"
FEATURE_VERSION = 2
FAR = 5  # a sentence with this many body sentences before it or more is away from its article's lead
_SUPERLATIVE = frozenset(["JJS", "RBS"])
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d\b")


@dataclass(frozen=True)
class Candidate:
    """One possible event date of a sentence: its value (None: no date), kind and features."""

    value: str | None
    kind: str  # "timex", "published", "none", or "rule" (a value only the rules read)
    features: dict[str, float]


def candidates(
    text: str,
    timexes: Sequence[Timex],
    published: str | None,
    toks: Sequence[Tok],
    position: int | None = None,
    previous: Sequence[Timex] | None = None,
) -> list[Candidate]:
    """The candidates of one parsed sentence with their features (names prefixed by the kind);
    ``position``: how many body sentences of its article come before it (None: not known);
    ``previous``: the temporal expressions of the body sentence before it (None: not known)."""
    valued = [t for t in timexes if t.value and not rules.in_dateline(text, t)]  # a wire stamp is the page's
    toks = rules.repaired(toks)
    chosen = rules.rule_event_date(text, timexes, published, toks)
    common = _sentence_features(text, valued, published, list(toks))
    common.update(_context_features(position, valued, published))
    if previous is not None and not any(t.value for t in timexes) and _older(previous, published):
        common["after_older"] = 1.0
    found: list[Candidate] = []
    facts = common.pop("_facts")
    for index, tx in enumerate(valued):
        feats, value = _timex_features(tx, index, text, list(toks), facts, published)
        feats["rule"] = float(value == chosen)
        feats.update({f"s_{k}": v for k, v in common.items()})
        found.append(Candidate(value, "timex", {f"t:{k}": v for k, v in feats.items()}))
    if published:
        feats = {"bias": 1.0, "rule": float(chosen == published), **common}
        found.append(Candidate(published, "published", {f"p:{k}": v for k, v in feats.items()}))
    feats = {"bias": 1.0, "rule": float(chosen is None), **common}
    found.append(Candidate(None, "none", {f"n:{k}": v for k, v in feats.items()}))
    if all(c.value != chosen for c in found):  # "1990-92: …" read by the rules as its first year
        found.append(Candidate(chosen, "rule", {"r:bias": 1.0, "r:rule": 1.0}))
    return found


def _sentence_features(text: str, valued: list[Timex], published: str | None, toks: list[Tok]) -> dict:
    """What holds for the whole sentence: the tense of its main and reporting verbs, habit, span …"""
    feats: dict = {}
    longest = max({t.sent for t in toks}, key=lambda n: sum(t.sent == n for t in toks)) if toks else 0
    root = next((t for t in toks if t.dep == "ROOT" and t.sent == longest), None)
    facts: dict = {"root": None, "main": set(), "said": set()}
    if root is None:
        feats["noroot"] = 1.0
        feats["_facts"] = facts
        return feats
    root = rules._verb_root(toks, root)
    content = rules._content(toks, root)
    main = rules._chain(toks, content) if content is not None else set()
    said = rules._chain(toks, root)
    facts.update(root=root, main=main, said=said, content=content)
    feats[f"root_tense={rules._tense(toks, root)}"] = 1.0
    if content is not None and content.i != root.i:
        feats["reported"] = 1.0
        feats[f"content_tense={rules._tense(toks, content)}"] = 1.0
    elif content is None:
        feats["reporting_no_content"] = 1.0
    feats[f"n_valued={min(len(valued), 2)}"] = 1.0
    if any(rules._STAMP.match(text, t.end) or _CLOCK.search(text[max(0, t.start - 16) : t.end + 16]) for t in valued):
        feats["clock"] = 1.0
    places = [rules._place(toks, t, main, said, published) for t in valued]
    if any(p is not None and p in main for p in places):
        feats["placed_main"] = 1.0
    elif any(p is not None for p in places):
        feats["placed_other"] = 1.0
    spans = content is not None and content.i == root.i  # as the rules ask it
    if any(rules._habitual(toks, toks[i], spans=spans) for i in (main or said)):
        feats["habitual"] = 1.0
    if any(rules._until(toks, tx, main) for tx in valued):
        feats["until_span"] = 1.0
    verbs = main or said
    if any(rules._negated(toks, toks[i]) for i in verbs):
        feats["negated"] = 1.0
    if any(t.tag in _SUPERLATIVE for t in toks):
        feats["superlative"] = 1.0
    if root.i in rules._quoted(toks, root.sent):
        feats["quoted_root"] = 1.0
    if any(t.text in ('"', "``", "“") for t in toks):
        feats["quotes"] = 1.0
    feats["log_tokens"] = math.log1p(len(toks)) / 4.0
    feats["_facts"] = facts
    return feats


def _context_features(position: int | None, valued: list[Timex], published: str | None) -> dict[str, float]:
    """Where the sentence stands in its article, and with a date long past: a sentence away from
    the lead that names a date more than a year old ("Netscape, founded in 1994, has struggled
    …", "Three years of floods that started in 1995 devastated …") more often tells the
    background than what just happened, even in the simple past with no date on its verb."""
    if position is None:
        return {}
    feats: dict[str, float] = {}
    far = position >= FAR
    if far:
        feats["far"] = 1.0
    if any(_distance(t.value, published).get("dist=older") for t in valued):
        feats["older_date"] = 1.0
        if far:
            feats["far_older_date"] = 1.0
    return feats


def _older(timexes: Sequence[Timex], published: str | None) -> bool:
    """Whether any of ``timexes`` names a date more than a year before the publication date. An
    undated sentence right after one that does ("The dam was finished in 1971. It flooded three
    villages.") most often goes on with that background rather than telling what just happened."""
    return any(_distance(t.value, published).get("dist=older") for t in timexes if t.value)


def _timex_features(
    tx: Timex, index: int, text: str, toks: list[Tok], facts: dict, published: str | None
) -> tuple[dict[str, float], str | None]:
    """One temporal expression's features and its value (a weekday on a future verb read ahead)."""
    feats: dict[str, float] = {"bias": 1.0, f"gran={tx.granularity}": 1.0}
    if index == 0:
        feats["first"] = 1.0
    if is_absolute(tx.text):
        feats["absolute"] = 1.0
    if tx.start <= 2:
        feats["opens"] = 1.0
    _, header = rules.line_header(text)
    if header and tx.end <= header.end() and index == 0:
        feats["header"] = 1.0
    if rules._STAMP.match(text, tx.end):
        feats["stamp"] = 1.0
    if _CLOCK.search(text[max(0, tx.start - 16) : tx.end + 16]):
        feats["clock"] = 1.0  # a posting's or a dateline's time beside the date
    feats.update(_distance(tx.value, published))
    inside = [t for t in toks if tx.start <= t.idx < tx.end]
    value = tx.value
    if not inside:
        feats["unparsed"] = 1.0
        return feats, value
    before = toks[inside[0].i - 1] if inside[0].i > 0 else None
    word = before.text.lower() if before is not None else ""
    groups = {
        "background": rules._rules()["background_prepositions"],
        "carrier": rules._rules()["noun_date_prepositions"],
    }
    kind = next((g for g, words in groups.items() if word in words), None)
    if word in ("until", "by", "of", "to", "since", "after", "before"):
        kind = word
    feats[f"prev={kind or 'other'}"] = 1.0
    span = {t.i for t in inside}
    head = next((t for t in inside if t.head not in span or t.head == t.i), inside[-1])
    dep = "premod" if head.dep in rules._PREMODIFIERS else head.dep
    if dep not in ("pobj", "npadvmod", "premod", "poss", "nsubj", "dobj", "ROOT", "appos", "conj"):
        dep = "other"
    feats[f"dep={dep}"] = 1.0
    main, said = facts["main"], facts["said"]
    place = rules._place(toks, tx, main, said, published) if facts["root"] is not None else None
    if place is None:
        feats["place=none"] = 1.0
    else:
        where = "main" if place in main else "said" if place in said else "other"
        feats[f"place={where}"] = 1.0
        feats[f"place_tense={rules._tense(toks, toks[place])}"] = 1.0
        value = rules._forward(tx, toks, toks[place], published)
        if value != tx.value:
            feats["forward"] = 1.0
    if rules._until(toks, tx, main):
        feats["until"] = 1.0
    feats.update(_path_features(toks, head, facts))
    if head.i in rules._quoted(toks, head.sent):
        feats["quoted"] = 1.0
    root = facts["root"]
    if root is not None:
        feats["root_distance"] = min(abs(head.i - root.i), 30) / 30.0
        feats["depth"] = min(rules.depth(toks, head), 8) / 8.0
    return feats, value


def _path_features(toks: list[Tok], head: Tok, facts: dict) -> dict[str, float]:
    """The way up from an expression to the first verb above it: whether it passes a background
    preposition ("after its losses last week") or a noun, and that verb's clause, mark and tense."""
    feats: dict[str, float] = {}
    node, steps = head, 0
    background = rules._rules()["background_prepositions"]
    while node.head != node.i and steps < 12:
        up = toks[node.head]
        steps += 1
        if up.tag.startswith(("VB", "MD")):
            break
        if up.dep == "prep" and up.text.lower() in background:
            feats["path_background"] = 1.0
        if up.tag.startswith("NN"):
            feats["path_noun"] = 1.0
        node = up
    verb = toks[node.head] if node.head != node.i else node
    if not verb.tag.startswith(("VB", "MD")):
        feats["verb=none"] = 1.0
        return feats
    clause = verb.dep if verb.dep in ("ROOT", "relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "pcomp") else "other"
    feats[f"verb_dep={clause}"] = 1.0
    feats[f"verb_tense={rules._tense(toks, verb)}"] = 1.0
    if verb.i in facts["main"]:
        feats["verb_main"] = 1.0
    elif verb.i in facts["said"]:
        feats["verb_said"] = 1.0
    marks = [t.text.lower() for t in toks if t.head == verb.i and t.dep in ("mark", "advmod") and t.i < verb.i]
    if marks and marks[0] in rules._rules()["background_marks"]:
        feats["verb_mark_background"] = 1.0
    elif marks and marks[0] in ("when", "as", "while"):
        feats["verb_mark_time"] = 1.0
    feats["verb_steps"] = min(steps, 6) / 6.0
    return feats


def _distance(value: str | None, published: str | None) -> dict[str, float]:
    """Where a date lies against the publication date: the same day, days or weeks before, after,
    or long before (compared at the date's own precision)."""
    if not (value and published):
        return {"dist=unknown": 1.0}
    if not rules._CALENDAR.fullmatch(value):
        return {"dist=other": 1.0}
    if value == published[: len(value)]:
        return {"dist=same": 1.0}
    if value > published[: len(value)]:
        return {"dist=ahead": 1.0}
    try:
        start = date.fromisoformat(value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value)
        days = (date.fromisoformat(published[:10]) - start).days
    except ValueError:
        return {"dist=other": 1.0}
    if days <= 7:
        return {"dist=week": 1.0}
    if days <= 62:
        return {"dist=months": 1.0}
    if days <= 400:
        return {"dist=year": 1.0}
    return {"dist=older": 1.0}


@dataclass(frozen=True)
class EventDateModel:
    """A logistic regression over candidate features: weights by name and an intercept."""

    weights: dict[str, float]
    intercept: float

    def score(self, candidate: Candidate) -> float:
        """The candidate's log-odds of being the sentence's event date."""
        return self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in candidate.features.items())

    def choose(self, found: Sequence[Candidate]) -> str | None:
        """The value of the best-scoring candidate (the first of equals)."""
        best = max(found, key=self.score)
        return best.value


@lru_cache(maxsize=2)
def load_model(name: str = MODEL_FILE) -> EventDateModel | None:
    """The shipped model, or None if it is missing or was made for other features."""
    path = resources.files("newsweave.rules").joinpath(name)
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    if data.get("feature_version") != FEATURE_VERSION:
        return None
    return EventDateModel({k: float(v) for k, v in data["weights"].items()}, float(data["intercept"]))


def learned_event_date(
    text: str,
    timexes: Sequence[Timex],
    published: str | None,
    toks: Sequence[Tok],
    model: EventDateModel,
    position: int | None = None,
    previous: Sequence[Timex] | None = None,
) -> str | None:
    """The event date the model chooses among the sentence's candidates (``position``,
    ``previous``: see :func:`candidates`)."""
    return model.choose(candidates(text, timexes, published, toks, position, previous))
