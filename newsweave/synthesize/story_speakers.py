"""A story's speakers: the quotes of each article, found with the article's own names
(:func:`~newsweave.synthesize.quotes.article_people`), given the names the story knows its
people by.

An article's quotes do not depend on the story they are in, so they can be kept and read again
as the story grows (:mod:`~newsweave.synthesize.quote_memory`); what the story knows of the
names in them is brought in here, in a pass over the speakers only: a name the story knows as a
person (a full name, an alias, a surname only one of its people has, a name with a title) stands
for the story's display name of that person ("Dalton" -> "Emre Dalton", "Emre Dalton" ->
"Emre K. Dalton" when the story names him so most).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from newsweave.records import StoryMaterial
from newsweave.synthesize.persons import People, clean_name

if TYPE_CHECKING:
    from newsweave.synthesize.quotes import FoundQuote

# speakers that are names (the others are descriptions, or unknown)
NAMED_KINDS = frozenset({"named", "pronoun", "title", "continued"})


def story_name(speaker: str, people: People, common: Callable[[str], bool] | None = None) -> str:
    """The display name the story gives the person ``speaker`` names; ``speaker`` itself when the
    story knows no person by it.

    The speaker names a person of the story as written or with its titles removed; or by its
    longest ending of two words or more ("Counsel Carla Nunes", "Dutchman Emre Dalton": a word
    the article's tagger took into the name); or by its last word alone when the words before it
    are no name ("STORM DELAYS HARBOUR WORK Dalton", "-RRB- - Carla Nunes"), or
    are words the story writes in lower case more often than not (``common``: "Maybe Dalton",
    "Did Dalton", a sentence's first word run into the name): never a full name the story does
    not know by a surname it knows ("Oskar Brandt" is not the story's "Ilse Brandt")."""
    full = people.names.get(speaker)
    if full is not None:
        return _fuller(speaker, full)
    words = clean_name(speaker).split()
    for cut in range(len(words) - 1):
        full = people.names.get(" ".join(words[cut:]))
        if full is not None:
            return _fuller(" ".join(words[cut:]), full)
    if words and (len(words) == 1 or all(_no_name(w) or (common is not None and common(w)) for w in words[:-1])):
        full = people.names.get(words[-1])
    return full if full is not None else speaker


def _fuller(name: str, full: str) -> str:
    """The story's display name ``full`` of a person the speaker names as ``name``, unless it
    names the person with fewer words, initials aside ("Mrs Holloway" for "Mara Holloway" as
    written; but "Emre Dalton" for "Emre K. Dalton")."""
    return name if _words(full) < _words(name) else full


def _words(name: str) -> int:
    """How many words of a name, its titles and initials left out, there are."""
    return sum(len(w.rstrip(".")) > 1 for w in clean_name(name).split())


def _no_name(word: str) -> bool:
    """Whether a word cannot be part of a person's name: a word in capitals ("STORM", "DELAYS")
    or a word of other characters than letters ("-RRB-", "LRB-")."""
    letters = word.replace(".", "").replace("’", "").replace("'", "")
    return not letters.isalpha() or (len(letters) > 1 and letters.isupper())


class CommonWords:
    """Whether the story writes a word in lower case at least as often as capitalised ("maybe",
    "former", "says"; not "Dalton"): read from its articles' body lines on the first question."""

    def __init__(self, material: StoryMaterial) -> None:
        self.material = material
        self._counts: Counter[str] | None = None

    def __call__(self, word: str) -> bool:
        if self._counts is None:
            self._counts = Counter(
                w
                for article in self.material.articles
                for line in article.lines
                if line.kind == "body"
                for w in _WORD.findall(line.text)
            )
        lower = word.lower()
        written = self._counts[lower]
        return len(word) > 1 and lower != word and written > 0 and written >= self._counts[word]


_WORD = re.compile(r"[A-Za-z]+")


def story_speaker(
    speaker: str | None,
    kind: str,
    people: People | None,
    common: Callable[[str], bool] | None = None,
    others: frozenset[str] = frozenset(),
) -> str | None:
    """A quote's speaker as the story names it (:func:`story_name`), for a speaker that is a
    name (its ``kind`` is one of :data:`NAMED_KINDS`) and not one of ``others``, the names its
    article's tagger took for places, organisations and groups ("UN", "Moscow": not a person,
    whatever the story's actors joined them to); others are left as they are."""
    if people is None or speaker is None or kind not in NAMED_KINDS or speaker[:1].islower():
        return speaker
    if speaker in others or clean_name(speaker) in others:
        return speaker
    return story_name(speaker, people, common)


def with_story_speakers(
    found: list[FoundQuote],
    people: People | None,
    common: Callable[[str], bool] | None = None,
    others: dict[str, frozenset[str]] | None = None,
) -> list[FoundQuote]:
    """``found`` (:class:`~newsweave.synthesize.quotes.FoundQuote` s) with their speakers named as
    the story names them (``common`` as for :func:`story_name`; ``others``: by article id, as for
    :func:`story_speaker`); the quotes given are left unchanged (copies are changed)."""
    if people is None:
        return list(found)
    out = []
    for each in found:
        theirs = others.get(each.article, frozenset()) if others is not None else frozenset()
        speaker = story_speaker(each.quote.speaker, each.quote.speaker_kind, people, common, theirs)
        if speaker != each.quote.speaker:
            each = replace(each, quote=replace(each.quote, speaker=speaker))
        out.append(each)
    return out
