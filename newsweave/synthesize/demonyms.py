"""Nationalities and the names of states: the rule data of ``rules/demonyms_en.json``, read here
once for every stage that uses it (actors fold "Turkish" into Turkey and "UK" into Britain, titles
and roles pass nationalities over, disagreements leave them out of an office's qualifiers)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def demonym_rules() -> dict[str, Any]:
    """The rule data: ``demonyms`` (nationality word -> state), ``state_names`` (a state's other
    names) and ``acronym_stop`` (words an acronym passes over)."""
    return dict(json.loads(resources.files("newsweave.rules").joinpath("demonyms_en.json").read_text("utf-8")))


def demonym_state(word: str) -> str | None:
    """The state a nationality word names ("Turkish", "Koreans" -> its state), or None."""
    demonyms = demonym_rules()["demonyms"]
    key = word.lower()
    state = demonyms.get(key) or demonyms.get(key.rstrip("s"))
    return str(state) if state else None


def demonyms() -> frozenset[str]:
    """The nationality words, lower case ("turkish")."""
    return frozenset(demonym_rules()["demonyms"])


@lru_cache(maxsize=1)
def nationalities() -> frozenset[str]:
    """Demonyms and the names of states, lower case ("turkish", "turkey")."""
    data = demonym_rules()
    names = [*data["demonyms"], *data["demonyms"].values()]
    for state, others in data["state_names"].items():
        names += [state, *others]
    return frozenset(n.lower() for n in names)
