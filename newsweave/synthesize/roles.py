"""Roles of people: titles and positions stated next to their names.

Two constructions, the ones news uses to introduce people:

- a premodifier: "Foreign Minister Yair Lapid", "Mossad chief David Barnea";
- an apposition: "Lapid, the foreign minister,", "Emre Dalton, Valmora's defence minister",
  "X, head of the National Intelligence Organisation".

A role phrase must contain a title word of ``rules/titles_en.json``. Each role found keeps the
date of the article that states it and a citation, so an actor's roles form a timeline (the same
person can be Foreign Minister in June and Prime Minister in October).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

_APPOSITION = re.compile(r"^,\s+(?P<title>[^,;:()“”\"]{3,90}?)\s*(?=[,;.)]|$)")
_LEADING = re.compile(r"^(?:the|a|an|also|now|then|as)\s+", re.IGNORECASE)
_MAX_TITLE_WORDS = 9


@lru_cache(maxsize=1)
def quote_lexicon() -> dict[str, Any]:
    data = json.loads(resources.files("newsweave.rules").joinpath("titles_en.json").read_text("utf-8"))
    data["heads_set"] = frozenset(data["heads"])
    return data


def neutral_qualifiers() -> frozenset[str]:
    """Words that qualify a title without changing the office ("former", "acting"), from the rule data."""
    return frozenset(quote_lexicon()["neutral_qualifiers"])


def portfolios() -> frozenset[str]:
    """Fields of an office ("defense" in "Defense Minister"), from the rule data: no actor alone."""
    return frozenset(quote_lexicon()["portfolios"])


def title_heads() -> list[str]:
    """The words that head a title ("minister", "chief", "spokesman"), from the rule data."""
    return list(quote_lexicon()["heads"])


def _has_head(words: list[str]) -> bool:
    heads = quote_lexicon()["heads_set"]
    lowered = [w.lower().strip(",") for w in words]
    joined = " ".join(lowered)
    return any(w in heads for w in lowered) or any(" " in h and h in joined for h in heads)


def premodifier(prefix: str) -> str | None:
    """The title written right before a name ("Foreign Minister " -> "Foreign Minister")."""
    words = prefix.rstrip().split()
    if not words or prefix[-1:] not in (" ", "\t"):
        return None
    lex = quote_lexicon()
    last = words[-1].lower()
    if last not in lex["heads_set"]:
        return None
    taken: list[str] = []
    lowercase_modifiers = 0
    for word in reversed(words[-_MAX_TITLE_WORDS:]):
        if word.endswith((",", ";", ":")):
            break  # punctuation ends the title phrase ("In Ankara, Foreign Minister X")
        clean = word.strip("“”\"'(")
        lowered = clean.lower()
        accept = (
            lowered in lex["heads_set"]
            or lowered in ("former", "acting", "interim")
            or (clean[:1].isupper() and lowered not in lex["never_titles"])
            or (taken and lowered in lex["connectors"] and lowered != "the")
        )
        # One lower-case word may qualify the title word, right before it: "defense minister",
        # "security chief"; not a word before a capitalised title ("where Defense Minister X").
        if (
            not accept
            and taken
            and lowercase_modifiers == 0
            and clean.isalpha()
            and lowered not in lex["never_titles"]
            and all(t.lower() in lex["heads_set"] for t in taken)
        ):
            accept, lowercase_modifiers = True, 1
        if not accept:
            break
        taken.insert(0, clean)
        if clean != word:
            break  # a quote or bracket starts before the title
    taken = _after_titled_name(taken, lex["heads_set"])
    while taken and (taken[0].lower() in lex["connectors"] or taken[0].lower() in lex["never_titles"]):
        taken.pop(0)
    return " ".join(taken) if taken else None


def _after_titled_name(words: list[str], heads: frozenset[str]) -> list[str]:
    """The words after the last "and" that follows another titled name ("President Lena Varga
    and Prime Minister" -> "Prime Minister"); "and" inside one title stays ("Chairman and Chief
    Executive", "Foreign and Commonwealth Secretary")."""
    for i in range(len(words) - 1, 0, -1):
        if words[i].lower() != "and":
            continue
        left = words[:i]
        last_head = max((j for j, w in enumerate(left) if w.lower() in heads), default=None)
        if last_head is not None and any(w[:1].isupper() and w.lower() not in heads for w in left[last_head + 1 :]):
            return words[i + 1 :]
    return words


def apposition(suffix: str) -> str | None:
    """The title written right after a name (", the foreign minister," -> "foreign minister")."""
    match = _APPOSITION.match(suffix)
    if not match:
        return None
    title = _LEADING.sub("", match.group("title").strip())
    words = title.split()
    if not words or len(words) > _MAX_TITLE_WORDS or words[0].lower() in quote_lexicon()["never_titles"]:
        return None
    if not _has_head(words[:6]):
        return None
    if re.search(r"\b(said|says|told|was|is|has|had|will|would)\b", title, re.IGNORECASE):
        return None  # a clause, not a title
    return title


def roles_in_sentence(sentence: str, start: int, end: int) -> list[str]:
    """Titles the sentence gives the name at ``sentence[start:end]``."""
    found = []
    prefix = sentence[:start]
    if prefix.endswith(", "):  # "his Turkish counterpart, Mevlut Cavusoglu"
        prefix = prefix[:-2] + " "
    before = premodifier(prefix)
    if before:
        found.append(before)
    after = apposition(sentence[end:])
    if after:
        found.append(after)
    return found


def title_key(title: str) -> str:
    """Titles compared without case, possessives of countries kept ("Turkey's defense minister")."""
    return re.sub(r"\s+", " ", title.lower().replace("’", "'")).strip()
