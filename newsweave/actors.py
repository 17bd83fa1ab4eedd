"""Actors stage: the story's people, organisations and places, merged across outlets.

Mentions are grouped by a folded key (case and diacritics ignored: Erdoğan = Erdogan). A
person's surname alone, or a shorter form of the name ("Tayyip Erdogan"), joins the one
full name that ends with it when there is exactly one. The type of an actor is the majority
label over all its mentions, so a person tagged ORGANIZATION once stays a person.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .config import Config
from .names import name_key
from .records import Actor, StoryMaterial

TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}


@dataclass
class _Group:
    keys: set[str] = field(default_factory=set)
    forms: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)

    def absorb(self, other: _Group) -> None:
        self.keys |= other.keys
        self.forms.update(other.forms)
        self.labels.update(other.labels)
        self.articles |= other.articles

    @property
    def label(self) -> str:
        return self.labels.most_common(1)[0][0]


def _display_name(forms: Counter[str]) -> str:
    """The fullest form, then the most frequent, then the one with diacritics; 'the X' last."""

    def rank(form: str) -> tuple[bool, int, int, int]:
        bare = form.lower().startswith("the ")
        return (not bare, len(form.split()) - bare, forms[form], sum(ord(ch) > 127 for ch in form))

    return max(forms, key=rank)


def _merge_people(groups: dict[str, _Group]) -> dict[str, _Group]:
    """Join shorter forms of a person's name (any label) to the one full name they fit."""
    full_names = [k for k, g in groups.items() if g.label == "PERSON" and " " in k]
    for key in sorted(groups, key=lambda k: len(k.split())):
        tokens = key.split()
        supers = [
            m
            for m in full_names
            if m != key
            and m in groups
            and m.split()[-1] == tokens[-1]
            and set(tokens) <= set(m.split())
            and len(m.split()) > len(tokens)
        ]
        if not supers or key not in groups:
            continue
        longest = max(len(m.split()) for m in supers)
        top = [m for m in supers if len(m.split()) == longest]
        # Only when unambiguous: exactly one longest full name it fits.
        if len(top) == 1:
            groups[top[0]].absorb(groups.pop(key))
    return groups


def extract_actors(material: StoryMaterial, config: Config) -> list[Actor]:
    """The story's actors, most mentioned first, at most ``config.actors_max``."""
    groups: dict[str, _Group] = defaultdict(_Group)
    for article in material.articles:
        for ent in material.entities.get(article.id, []):
            if ent.label not in TYPES and ent.label != "NORP":
                continue
            key = name_key(ent.text)
            if len(key) < 2 or key.isdigit():
                continue
            group = groups[key]
            group.keys.add(key)
            group.forms[ent.text.strip()] += 1
            group.labels[ent.label] += 1
            group.articles.add(article.id)
    merged = _merge_people(dict(groups))
    actors = []
    for group in merged.values():
        if group.label not in TYPES:
            continue  # nationalities and groups (NORP) are not actors by themselves
        name = _display_name(group.forms)
        aliases = sorted(f for f in group.forms if f != name)
        actors.append(Actor(name, TYPES[group.label], aliases, sum(group.forms.values()), len(group.articles)))
    actors.sort(key=lambda a: (-a.mentions, -a.articles, a.name))
    return actors[: config.actors_max]
