"""Who is a person in a story's text: names with their titles removed, the people a story
knows (:class:`People`), the people an article introduces with a title, and a speaker as the
reader should see it ("Prime Minister Lena Varga" -> "Lena Varga", a surname for the full name
used before).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from newsweave.records import Actor
from newsweave.synthesize.actors import TYPES
from newsweave.synthesize.demonyms import demonym_state
from newsweave.synthesize.quote_marks import DESCRIBED, NAME_WORD, quote_lexicon

_MAX_NAME_WORDS = 12  # of a run of capitalised words, what a title and a name can take


@lru_cache(maxsize=16384)
def clean_name(who: str) -> str:
    """Drop titles and honorifics before a name ("Prime Minister Naftali Bennett" -> "Naftali Bennett")."""
    from newsweave.synthesize.roles import premodifier

    words = who.split()[-_MAX_NAME_WORDS:]  # a longer run of capitalised words is no name
    lex = quote_lexicon()
    for cut in range(len(words) - 1, 0, -1):
        if premodifier(" ".join(words[:cut]) + " ") is not None:
            words = words[cut:]
            break
    while len(words) > 1 and words[0].lower().rstrip(".") in lex["honorifics_set"]:
        words = words[1:]
    return " ".join(words)


Agrees = Callable[[str, str], bool]  # whether a name as written may stand for a full name


def speaker_as_written(who: str, known: list[str], agrees: Agrees | None = None) -> tuple[str | None, str]:
    """The speaker as the reader should see it, and how it was given (``None``, "unknown" when
    nothing of a name is left). A surname stands for the last full name of ``known`` that has it
    and that ``agrees`` (:meth:`~newsweave.synthesize.referents.Genders.agrees`: "Mr. Morrow" is
    not Ada Morrow when the text tells she is a woman); with none it stays as written."""
    if not any(c.isalnum() for c in who):
        return None, "unknown"
    lowered = who.lower()
    if lowered in ("he", "she", "they", "we", "i"):
        return (known[-1] if known else who), "pronoun"
    if (
        who[:1].islower()
        or lowered.split()[0] in ("a", "an", "the", "his", "her", "their", "its", "one")
        or DESCRIBED.match(who)
    ):
        # "the union’s chief negotiator, Rui Matos" is handled by the caller; here a description
        return who.strip().rstrip(".,"), "description"
    name = clean_name(who.strip().rstrip(".,"))
    if not name.split():
        return None, "unknown"
    if len(name.split()) > 1:
        return name, "named"  # a name with its given name: "Samir Qadwan" is not "Nabil Ali Samir Qadwan"
    for full in reversed(known):  # a surname stands for the full name used before
        if (
            full.split()
            and full != name
            and full.split()[-1] == name
            and len(full.split()) > 1
            and (agrees is None or agrees(who, full))
        ):
            return full, "named"
    return name, "named"


def names_in(text: str, people: People | None = None) -> list[str]:
    """Person-like names in order, titles removed: two or more capitalised words, and with the
    story's ``people`` also a known person's surname alone ("Dalton said"), but never a name the
    story knows as a place or an organisation, one after "in" or "at" ("in Port Elden"), nor a
    nationality ("South Koreans")."""
    found = []
    for subs, ruled_out, plain in _name_runs(text):
        if people is not None:
            full = next((people.names[sub] for sub in subs if sub in people.names), None)
            if full:
                found.append(full)
                continue
            if any(sub in people.others for sub in subs):
                continue
        if not ruled_out and plain:
            found.append(subs[0])
    return found


_NAME_RUN = re.compile(rf"\b{NAME_WORD}(?:\s+{NAME_WORD})*")


@lru_cache(maxsize=16384)
def _name_runs(text: str) -> tuple[tuple[tuple[str, ...], bool, bool], ...]:
    """What :func:`names_in` needs of a text whatever the story knows (cached: a story's
    paragraphs are read again each time the story grows). For each run of capitalised words,
    titles removed: its forms from the longest ("But Gregg Smith", "Gregg Smith", "Smith"),
    whether a place preposition or a nationality rules it out, and whether it reads as a
    name without the story's help (two words or more, none of them a known non-name)."""
    lex = quote_lexicon()
    runs = []
    for start, run in _sentence_pieces(text):
        words = clean_name(run.rstrip(".")).split()  # "… in Port Elden." ends a sentence
        if not words:
            continue
        subs = tuple(" ".join(words[cut:]) for cut in range(len(words)))
        ruled_out = bool(lex["place_re"].search(text[max(0, start - 12) : start]) or demonym_state(words[-1]))
        plain = len(words) >= 2 and not any(w.lower() in lex["not_names"] for w in words)
        runs.append((subs, ruled_out, plain))
    return tuple(runs)


def _sentence_pieces(text: str) -> list[tuple[int, str]]:
    """(where, words) of the runs of capitalised words of ``text``, each cut where a sentence
    ends inside it ("… to London Thursday. TV13 reported": "London Thursday." and "TV13"): a
    word with a full stop that is no initial ("J."), abbreviation ("U.S.") or title ("Gen.")."""
    pieces = []
    for m in _NAME_RUN.finditer(text):
        at = m.start()
        for word in re.finditer(r"\S+", m.group(0)):
            if _ends_sentence(word.group(0)) and word.end() < len(m.group(0)):
                pieces.append((at, text[at : m.start() + word.end()]))
                at = m.start() + word.end()
                while at < m.end() and text[at].isspace():
                    at += 1
        pieces.append((at, text[at : m.end()]))
    return pieces


def _ends_sentence(word: str) -> bool:
    """Whether a capitalised word with a full stop ends a sentence: not an initial ("J."), an
    abbreviation with stops inside ("U.S."), nor an honorific, title or abbreviation of the rule
    data ("Gen.", "Corp.")."""
    from newsweave.synthesize.titles import title_lexicon

    if not word.endswith(".") or "." in word[:-1] or len(word) <= 2:
        return False
    bare = word[:-1].lower()
    titles = title_lexicon()
    return not (
        bare in quote_lexicon()["honorifics_set"]
        or bare in titles["abbreviations"]
        or bare + "." in titles["heads_set"]
        or bare in titles["heads_set"]
    )


_NOT_PERSONS = frozenset(TYPES) - {"PERSON"} | {"NORP"}


def _unique_surnames(full_names: Iterable[str]) -> dict[str, str]:
    """Each surname that only one of ``full_names`` has, mapped to that full name."""
    holders: dict[str, set[str]] = {}
    for name in full_names:
        if " " in name:
            holders.setdefault(name.split()[-1], set()).add(name)
    return {surname: next(iter(names)) for surname, names in holders.items() if len(names) == 1}


def _bare(name: str) -> str:
    """A name without a leading "the" ("the United States" -> "United States")."""
    name = name.strip()
    return name[4:] if name[:4].lower() == "the " else name


@dataclass(frozen=True)
class People:
    """What the story knows its names to be: ``names`` maps each way a person is named (the full
    name, an alias, or a surname only one person has) to the display name; ``others`` are the
    names of places, organisations and groups. Build with :meth:`from_actors` (types by majority
    over the story) or :meth:`from_entities` (one text's NER labels)."""

    names: dict[str, str]
    others: frozenset[str]

    @classmethod
    def from_actors(cls, actors: Iterable[Actor], groups: Iterable[str] = ()) -> People:
        """From the story's actors (:func:`newsweave.synthesize.actors.extract_actors`) and the names of
        its nationalities and groups (``groups``: "South Koreans", which are not actors)."""
        names: dict[str, str] = {}
        others: set[str] = {_bare(g) for g in groups}
        for actor in actors:
            forms = [actor.name, *actor.aliases]
            if actor.type != "person":
                others.update(_bare(f) for f in forms)
                continue
            for form in forms:
                names[clean_name(form)] = actor.name
                if "-" in form:  # shown closed up ("Kim Jong-un"), written spaced in tokenised text
                    names[clean_name(form.replace("-", " - "))] = actor.name
        persons = {a.name for a in actors if a.type == "person"}
        names = {**_unique_surnames(persons), **names}
        return cls(names, frozenset(others - set(names)))

    @classmethod
    def from_entities(cls, entities: Iterable[Any]) -> People:
        """From named entities (``text`` and ``label``) of one text, without a story."""
        entities = list(entities)
        persons = {clean_name(e.text.strip()) for e in entities if e.label == "PERSON" and e.text.strip()}
        names = {**{name: name for name in persons}, **_unique_surnames(persons)}  # "Dalton" alone: Emre Dalton
        others = {_bare(e.text) for e in entities if e.label in _NOT_PERSONS}
        return cls(names, frozenset(others - persons))

    @cached_property
    def full_names(self) -> frozenset[str]:
        """The display names of the people (the values of ``names``)."""
        return frozenset(self.names.values())

    @cached_property
    def surnames(self) -> frozenset[str]:
        """The last words of the people's display names."""
        return frozenset(full.split()[-1] for full in self.full_names if full.split())

    def with_persons(self, found: Iterable[str]) -> People:
        """These people too: names the text introduces with a title ("chief executive, Sofia
        Marques") are persons whatever a tagger said."""
        extra = {name: self.names.get(name, name) for name in found}
        if all(name in self.names for name in extra):
            return self
        return People({**self.names, **extra}, self.others - set(extra))


@lru_cache(maxsize=8192)
def titled_names(text: str) -> tuple[tuple[str, str], ...]:
    """(title, name) of the people the text introduces with a title ("Prime Minister Lena
    Varga", "Emre Dalton, Valmora's defence minister,"); cached, as a story's paragraphs are
    read again each time it grows."""
    from newsweave.synthesize.roles import roles_in_sentence
    from newsweave.synthesize.titles import title_key

    found = []
    for m in re.finditer(rf"\b{NAME_WORD}(?:\s+{NAME_WORD})+", text):
        name = clean_name(m.group(0))
        at = m.group(0).rfind(name)
        if len(name.split()) < 2 or at < 0 or any(w.lower() in quote_lexicon()["not_names"] for w in name.split()):
            continue
        start = m.start() + at
        found += [(title_key(t), name) for t in roles_in_sentence(text, start, start + len(name))]
    return tuple(found)


def by_title(description: str, titled: list[tuple[str, str]]) -> str | None:
    """The one person the article gave the title a description names ("the prime minister")."""
    from newsweave.synthesize.titles import title_key

    words = description.split()
    if len(words) < 2 or words[0].lower() != "the":
        return None
    wanted = title_key(" ".join(words[1:]))
    names = {name for title, name in titled if title == wanted or title.endswith(" " + wanted)}
    return names.pop() if len(names) == 1 else None


def persons_of(
    found: list[tuple[int, str]], people: People | None, agrees: Agrees | None = None
) -> list[tuple[int, str]]:
    """The names that are persons (the story's or text's people, else any name of two words),
    as full names; a name stays as written (without titles) when ``agrees`` (as for
    :func:`speaker_as_written`) tells it is not the full name the people give it."""
    out = []
    for at, written in found:
        name = clean_name(written)
        if _family(name, people):
            continue
        if people is not None:
            if name in people.names:
                full = people.names[name]
                fits = agrees is None or full == name or agrees(written, full)
                out.append((at, full if fits else name))
            elif (
                name not in people.others
                and " " in name
                and not any(w.lower() in quote_lexicon()["not_names"] for w in name.split())
            ):
                out.append((at, name))
        elif " " in name:
            out.append((at, name))
    return out


_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])\s+)(?=[A-Z])")


def opening_persons(para: str, people: People | None, agrees: Agrees | None = None) -> list[str]:
    """The persons that open the sentences of a paragraph that was not parsed ("Walsh, a former
    labor leader, had …", "Republican nominee Emre Dalton has …"): the subjects the parse would
    most often have found, read without parsing it. Only names the story knows as persons
    (``agrees`` as for :func:`persons_of`)."""
    if people is None or "“" in para:
        return []
    out = []
    starts = [m.start() for m in _SENTENCE_START.finditer(para)]
    for start in starts:
        head = para[start : start + 120]
        for m in _NAME_RUN.finditer(head):
            before = head[: m.start()]
            if "," in before or len(before.split()) > 4:
                break
            if head[m.end() : m.end() + 2] in ("’s", "'s"):
                break
            found = persons_of([(0, m.group(0).rstrip("."))], people, agrees)
            if found and (found[0][1] in people.full_names or found[0][1] in people.names):
                out.append(found[0][1])
                break
    return out


def _family(name: str, people: People | None) -> bool:
    """Whether a single word names a family ("the Daltons"): a known person's surname with "s"."""
    if " " in name or not name.endswith("s") or people is None:
        return False
    return name[:-1] in people.surnames
