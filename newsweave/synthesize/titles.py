"""Titles of people: the title lexicon (``rules/titles_en.json``) and the tests on its words.

A title word ("minister", "chief executive") heads every role
(:mod:`newsweave.synthesize.roles`, :mod:`newsweave.synthesize.role_parse`); the actors stage also
reads the lexicon's honorifics, qualifiers and portfolios to fold names and compare roles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

from newsweave.synthesize.demonyms import nationalities

MAX_TITLE_WORDS = 12


@lru_cache(maxsize=1)
def title_lexicon() -> dict[str, Any]:
    """The title lexicon of the rule data, with its heads also as a set (``heads_set``) and those
    of several words apart (``multiword_heads``)."""
    data = json.loads(resources.files("newsweave.rules").joinpath("titles_en.json").read_text("utf-8"))
    data["heads_set"] = frozenset(data["heads"])
    data["multiword_heads"] = tuple(h for h in data["heads_set"] if " " in h)
    return data


def neutral_qualifiers() -> frozenset[str]:
    """Words that qualify a title without changing the office ("former", "acting"), from the rule data."""
    return frozenset(title_lexicon()["neutral_qualifiers"])


def portfolios() -> frozenset[str]:
    """Fields of an office ("defense" in "Defense Minister"), from the rule data: no actor alone."""
    return frozenset(title_lexicon()["portfolios"])


@lru_cache(maxsize=1)
def name_titles() -> frozenset[str]:
    """One-word titles and honorifics that may open a person's name as tagged ("President",
    "Gen.", "Mr"), lower case, from the rule data."""
    data = title_lexicon()
    return frozenset(w for w in [*data["heads"], *data["honorifics"]] if " " not in w)


def title_heads() -> list[str]:
    """The words that head a title ("minister", "chief", "spokesman"), from the rule data."""
    return list(title_lexicon()["heads"])


def is_head(word: str, dotless: bool = False) -> bool:
    """Whether one word is a title word of the rule data, also with a prefix ("ex-President");
    with ``dotless``, also an abbreviation without its full stop ("Adm" inside a name)."""
    lex = title_lexicon()
    lowered = word.lower()
    for prefix in lex["title_prefixes"]:
        if lowered.startswith(prefix) and len(lowered) > len(prefix):
            lowered = lowered[len(prefix) :]
    if "-" in lowered.strip("-") and lowered not in lex["heads_set"]:
        # "vice-president", "secretary-general", "co-chairman": title words and prefixes joined
        parts = lowered.split("-")
        return is_head(parts[-1]) and all(p in lex["heads_set"] or p in lex["hyphen_prefixes"] for p in parts[:-1])
    return lowered in lex["heads_set"] or dotless and lowered + "." in lex["heads_set"] or _employed_ending(lowered)


def is_employed(word: str) -> bool:
    """Whether a title word names an occupation, a post only with an employer or a client
    beside it ("economist", "lawyer", "geologist"), from the rule data."""
    lowered = word.lower().strip(",.")
    return lowered in title_lexicon()["employed_heads"] or _employed_ending(lowered)


def _employed_ending(lowered: str) -> bool:
    return lowered.isalpha() and any(
        lowered.endswith(e) and len(lowered) > len(e) + 1 for e in title_lexicon()["employed_suffixes"]
    )


def singular(word: str) -> str:
    """A noun's singular by its ending, lower case ("editors" -> "editor", "congressmen" ->
    "congressman", "secretaries" -> "secretary"); other words as they are, lower case. A form to
    look up in the title lexicon, whose heads are singular; the counted nouns of
    :mod:`~newsweave.synthesize.tallies` keep a key of their own that is shown again as written
    (``tallies._singular``)."""
    lowered = word.lower()
    if lowered.endswith("men"):
        return lowered[:-3] + "man"
    if lowered.endswith("ies") and len(lowered) > 4:
        return lowered[:-3] + "y"  # "secretaries"
    return lowered[:-1] if lowered.endswith("s") and not lowered.endswith("ss") and len(lowered) > 3 else lowered


def has_head(words: list[str]) -> bool:
    """Whether a phrase holds a title word, alone or one of several words ("chief executive")."""
    lowered = [w.lower().strip(",") for w in words]
    joined = " ".join(lowered)
    return any(is_head(w) for w in lowered) or any(h in joined for h in title_lexicon()["multiword_heads"])


def titled(words: list[str]) -> bool:
    """Whether a phrase is headed by a title word: one stands before its complement ("head of
    the agency", "professor at the university", "assistant to the president"), not only inside
    it ("an unlikely foil for the president", "a critic of the minister")."""
    lex = title_lexicon()
    lowered = [w.lower().strip(",") for w in words]
    cut = next(
        (i for i, w in enumerate(lowered) if i and w in lex["complement_prepositions"] and not _inside_name(words, i)),
        len(lowered),
    )
    if any(is_head(w) for w in lowered[:cut]):
        return True
    joined, before = " ".join(lowered), len(" ".join(lowered[:cut]))
    return any(0 <= joined.find(h) < before for h in lex["multiword_heads"])


def _inside_name(words: list[str], i: int) -> bool:
    """Whether the word at ``i`` stands between two capitalised words, inside a name ("University
    of Maryland professor")."""
    return 0 < i < len(words) - 1 and words[i - 1][:1].isupper() and words[i + 1][:1].isupper()


def title_key(title: str) -> str:
    """Titles compared without case, possessives of countries kept ("Turkey's defense minister")."""
    return re.sub(r"\s+", " ", title.lower().replace("’", "'")).strip()


_TITLE_WORD = re.compile(r"[^\s,;:()]+")
_PRONOUNS = frozenset(["his", "her", "its", "their", "our", "my", "your"])
_COMPLEMENT = frozenset(["of", "for", "at", "to"])
_PAST = frozenset(["former", "ex", "late"])


@lru_cache(maxsize=1)
def _head_words() -> frozenset[str]:
    """Every word of a title word of the lexicon ("general" of "attorney general", "gen" of
    "gen."), its hyphen prefixes ("vice", "co") too."""
    lex = title_lexicon()
    words = {w.rstrip(".") for head in lex["heads"] for w in re.split(r"[\s-]+", head) if w not in _COMPLEMENT}
    return frozenset(words | set(lex["hyphen_prefixes"]))


def office_key(title: str, known: Callable[[str], bool] | None = None) -> tuple[str, str, str]:
    """What a title names, however it is written: (when: "former", "acting" … or "", the office,
    the organisation or place it is held at as written, lower case, or ""). "WHO's
    director-general", "director general of the WHO", "WHO Director-General" -> ("", "director
    general", "who"); "Harbourton's health director" -> ("", "health director", "harbourton");
    "former Valmoran Deputy Prime Minister" -> ("former", "deputy prime minister", "valmoran").

    The holder before the title words is a possessive ("Harbourton's"), a nationality or a
    country's initials, or a name ``known`` tells is one (the story's organisations and places:
    "World Health Organisation director-general"); other words before the title words are the
    office's ("Home Secretary", "Deputy Prime Minister"). The caller compares the holders, knowing
    which names are one (an acronym, a nationality)."""
    lex = title_lexicon()
    when_words = {*lex["title_qualifiers"], *lex["ending_qualifiers"], "ex"}
    neutral = set(lex["neutral_qualifiers"])
    words: list[str] = []
    when: set[str] = set()
    for raw in _TITLE_WORD.findall(title.replace("’", "'")):
        for prefix in lex["title_prefixes"]:  # "ex-President", "then-MMS"
            if raw.lower().startswith(prefix) and len(raw) > len(prefix):
                when.add(prefix.rstrip("-"))
                raw = raw[len(prefix) :]
        lowered = raw.lower() if re.fullmatch(r"(?:[A-Za-z]\.)+", raw) else raw.lower().strip(".")
        if lowered in when_words:
            when.add(lowered)
        elif lowered not in ("the", "a", "an") and lowered not in _PRONOUNS and lowered not in neutral:
            parts = lowered.split("-")
            words += parts if len(parts) > 1 and all(p in _head_words() for p in parts) else [lowered]
    words = _joined_heads(words)
    complement = next(
        (i for i, w in enumerate(words) if w in _COMPLEMENT and any(h in _head_words() for h in words[:i])),
        None,
    )
    before, after = (words[:complement], words[complement + 1 :]) if complement is not None else (words, [])
    owned = _holder_words(before, known)
    owner = after or before[:owned]
    past = when & (_PAST | set(lex["ending_qualifiers"]))
    qualifier = sorted((when - past) | ({"former"} if past else set()))
    holder = " ".join(w for w in (re.sub(r"'s?$", "", w) for w in owner) if w)
    return " ".join(qualifier), " ".join(before[owned:]), holder


def _joined_heads(words: list[str]) -> list[str]:
    """Words with each title word of several joined into one ("secretary of state", "chief of staff")."""
    heads = sorted(title_lexicon()["multiword_heads"], key=lambda h: -len(h.split()))
    out: list[str] = []
    i = 0
    while i < len(words):
        head = next((h for h in heads if words[i : i + len(h.split())] == h.split()), None)
        out.append(head if head else words[i])
        i += len(head.split()) if head else 1
    return out


def _holder_words(before: list[str], known: Callable[[str], bool] | None) -> int:
    """How many of the words before a title's complement name its holder: up to the last
    possessive, else the longest run from the first word that is a nationality, a country's
    initials or a name ``known`` tells is one."""
    possessive = [i for i, w in enumerate(before) if w.endswith(("'s", "'"))]
    if possessive:
        return possessive[-1] + 1
    places = {*nationalities(), *title_lexicon()["country_abbreviations"]}
    for end in range(len(before) - 1, 0, -1):
        phrase = " ".join(before[:end])
        if phrase in places or known is not None and known(phrase):
            return end
    return 0


def generic_head(office: str) -> bool:
    """Whether an office is a generic title of whoever leads ("head", "chief"), from the rule data."""
    return office in title_lexicon()["generic_heads"]
