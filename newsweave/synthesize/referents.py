"""Which person "he" or "she" stands for: the nearest subject whose gender agrees, a person named
("Holloway said …") or described ("One woman sorted pears", "the Valmoran leader": :class:`Described`).

A person's gender is read from the article itself, never guessed from the name alone: an
honorific before the name ("Mr. Alves", "Ms. Olsen"), a gendered noun beside it ("a
spokeswoman, Anna Olsen", "Congresswoman Olsen"), and the pronouns of the sentences that name
that person and no other ("Olsen said she …"), outside quotation marks. A person the text
does not mark either way agrees with both pronouns. A text that gives courtesy titles to one
gender alone ("Mrs. Holloway", never "Mr.") writes the other's surnames bare: there the bare
surname ("President Holloway") takes no gender from the titled one. A description's gender is
its noun's ("woman", "spokesman"). Rule data: ``rules/gender_en.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsweave.synthesize.quote_marks import curl_quotes

PRONOUN_REACH = 3  # paragraphs before a pronoun's own in which its person must be named
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[“\"‘']?[A-Z])")
_ABBREVIATION = re.compile(r"(?:[A-Z]|Mr|Ms|Mrs|Dr|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Prof|Jr|Sr)\.")
_WORD = re.compile(r"[A-Za-z][\w’'.-]*")


@lru_cache(maxsize=1)
def gender_lexicon() -> dict[str, Any]:
    """The rule data, with each list as a frozen set."""
    data = json.loads(resources.files("newsweave.rules").joinpath("gender_en.json").read_text("utf-8"))
    lexicon = {k: frozenset(v) for k, v in data.items() if k != "about"}
    lexicon["honorifics"] = lexicon["male_honorifics"] | lexicon["female_honorifics"]
    return lexicon


_QUOTED = re.compile(r"“[^“”]*(?:”|$)")


def _sentences(paragraphs: Sequence[str]) -> list[str]:
    """The writer's sentences, quoted words left out (their pronouns are the speaker's)."""
    out: list[str] = []
    for para in paragraphs:
        para = _QUOTED.sub(" … ", curl_quotes(para))
        start = 0
        for m in _SENTENCE_END.finditer(para):
            last = para[: m.start()].rsplit(None, 1)[-1] if para[: m.start()].strip() else ""
            if _ABBREVIATION.fullmatch(last):
                continue  # "Ms. Olsen", "J. Olsen": no sentence ends there
            out.append(para[start : m.start()])
            start = m.end()
        out.append(para[start:])
    return [s for s in out if s.strip()]


@lru_cache(maxsize=65536)
def _person(name: str) -> str:
    """A name without a possessive ending ("Emre Dalton’s" -> "Emre Dalton")."""
    return re.sub(r"[’']s?$", "", name.strip())


class Genders:
    """The gender each person of an article is given by its text (``of``: "m", "f" or ``None``).

    ``persons``: the full names of the people the article names (a sentence naming two of them
    tells nothing by its pronouns). Evidence is read once per name and remembered."""

    def __init__(self, paragraphs: Sequence[str], persons: Iterable[str] = ()) -> None:
        self._paragraphs = paragraphs
        self._split: list[list[str]] | None = None
        self._quoted: list[bool] | None = None
        self._persons: set[str] = set()
        self.add(persons)
        self._memo: dict[str, str | None] = {}
        self._used: set[str] | None = None

    def add(self, names: Iterable[str]) -> None:
        """More persons the article names (read before any gender is asked)."""
        self._persons.update(_person(n) for n in names if _person(n))
        # a first name alone ("Betsy") is the person named in full
        leading = {q.split(" ", 1)[0] for q in self._persons if " " in q}  # first words of full names
        self._persons = {p for p in self._persons if " " in p or p not in leading}
        self._by_surname: dict[str, set[str]] | None = None

    def _surnames(self) -> dict[str, set[str]]:
        """The persons by the last word of their names (read once: a large story names thousands)."""
        if self._by_surname is None:
            self._by_surname = {}
            for person in self._persons:
                self._by_surname.setdefault(person.split()[-1], set()).add(person)
        return self._by_surname

    def _words(self) -> list[list[str]]:
        if self._split is None:
            self._split = [_WORD.findall(s) for s in _sentences(self._paragraphs)]
        return self._split

    def _opens_quoted(self) -> list[bool]:
        """Whether each sentence opens with quoted words (its pronoun may be what is resolved)."""
        if self._quoted is None:
            self._quoted = [s.lstrip().startswith("…") for s in _sentences(self._paragraphs)]
        return self._quoted

    def of(self, name: str) -> str | None:
        """ "m" or "f" when the text marks the person ``name`` clearly as one, else ``None``."""
        if name not in self._memo:
            self._memo[name] = self._read(name)
        return self._memo[name]

    def _read(self, name: str) -> str | None:
        lex = gender_lexicon()
        parts = _person(name).split()
        if not parts:
            return None
        surname = parts[-1]
        by_surname = self._surnames()
        sharing = {p for p in by_surname.get(surname, ()) if p != name}
        # a surname another person shares ("Mara Holloway", "Tarn Holloway") is read only with a
        # first name; the surname alone, where no first name of theirs comes before it
        shared = bool(sharing)
        others = by_surname.keys() - {surname}
        first = parts[0] if len(parts) > 1 else None
        theirs = {p.split()[0] for p in sharing if " " in p}
        # votes of the full name ("Ada Morrow, a spokeswoman") and of the surname alone ("Mr.
        # Morrow"): the surname alone may be someone else of that name (a husband, a wife)
        full_votes = {"m": 0.0, "f": 0.0}
        bare_votes = {"m": 0.0, "f": 0.0}
        # a surname alone with an honorific ("Mrs. Holloway"), and whether it is also written without one
        honored = {"m": 0.0, "f": 0.0}
        unhonored = False
        sentences = self._words()
        quoted = self._opens_quoted()
        for s, words in enumerate(sentences):
            if first is None and shared:
                hits = [
                    k
                    for k, w in enumerate(words)
                    if w.rstrip(".’'") == surname and (k == 0 or words[k - 1] not in theirs)
                ]
            else:
                hits = [
                    k
                    for k, w in enumerate(words)
                    if w.rstrip(".’'") == surname and (not shared or (k > 0 and words[k - 1] == first))
                ]
            if not hits:
                continue
            lowered = [w.lower().rstrip(".’'") for w in words]
            named_in_full = False
            for k in hits:
                full = first is not None and k >= len(parts) - 1 and words[k - len(parts) + 1] == first
                named_in_full = named_in_full or full or first is None
                votes = full_votes if full or first is None else bare_votes
                start = k - (len(parts) - 1) if full else k
                before = lowered[start - 1] if start > 0 else ""
                marks = honored if first is None and before in lex["honorifics"] else votes
                unhonored = unhonored or (first is None and before not in lex["honorifics"])
                if before in lex["male_honorifics"] or before in lex["male_nouns"]:
                    marks["m"] += 3
                elif before in lex["female_honorifics"] or before in lex["female_nouns"]:
                    marks["f"] += 3
                after = lowered[k + 1 : k + 5]
                if after[:1] and after[0] in ("a", "an", "the"):  # "Olsen, a spokeswoman for …"
                    for w in after:
                        if w in lex["male_nouns"]:
                            votes["m"] += 2
                            break
                        if w in lex["female_nouns"]:
                            votes["f"] += 2
                            break
            if any(w.rstrip(".’'") in others for w in words):
                continue  # another person named here: the pronouns may be theirs
            votes = full_votes if named_in_full else bare_votes
            tail = lowered[hits[0] + 1 :]
            nxt = [w.lower() for w in sentences[s + 1][:1]] if s + 1 < len(sentences) and not quoted[s + 1] else []
            if nxt and any(w.rstrip(".’'") in others for w in sentences[s + 1]):
                nxt = []
            for w in [*tail, *nxt]:
                if w in lex["male_pronouns"]:
                    votes["m"] += 1
                elif w in lex["female_pronouns"]:
                    votes["f"] += 1
        by_honorific = _decided(honored)
        if by_honorific is not None and not (unhonored and self._honorifics_used() == {by_honorific}):
            full_votes = {g: full_votes[g] + honored[g] for g in full_votes}
        # else the text gives honorifics to one gender alone ("Mrs. Holloway", never "Mr."), and
        # writes this surname without one too: that is someone else ("President Holloway")
        in_full, alone = _decided(full_votes), _decided(bare_votes)
        if in_full is not None and alone is not None and in_full != alone:
            return in_full  # the surname alone is someone else's ("Mr. Morrow" is not Ada Morrow)
        return _decided({g: full_votes[g] + bare_votes[g] for g in full_votes})

    def _honorifics_used(self) -> set[str]:
        """The genders whose honorifics the text writes before a capitalised word, outside quotation marks."""
        if self._used is None:
            lex = gender_lexicon()
            used = set()
            for words in self._words():
                for k, w in enumerate(words[:-1]):
                    if words[k + 1][:1].isupper():
                        low = w.lower().rstrip(".")
                        if low in lex["courtesy_titles"]:
                            used.add("m" if low in lex["male_honorifics"] else "f")
            self._used = used
        return self._used

    def honorific(self, written: str) -> str | None:
        """ "m" or "f" when a name as written opens with an honorific that gives a gender ("Mr.",
        "Mrs.", "Ms."), else ``None``."""
        lex = gender_lexicon()
        word = written.split()[0].lower() if written.split() else ""
        if word in lex["male_honorifics"] or word.rstrip(".") in lex["male_honorifics"]:
            return "m"
        if word in lex["female_honorifics"] or word.rstrip(".") in lex["female_honorifics"]:
            return "f"
        return None

    def agrees(self, written: str, full: str) -> bool:
        """Whether a name as written ("Mr. Morrow", "President Morrow", "Morrow") may stand for the
        person ``full``: not when its honorific, or else what the text tells of that surname
        alone, gives the other gender than the text gives ``full``."""
        own = self.of(full)
        if own is None:
            return True
        said = self.honorific(written)
        if said is None:
            words, parts = _person(written).split(), _person(full).split()
            if not words or not parts or parts[0] in words or words[-1] != parts[-1]:
                return True  # the full name, or not its surname
            said = self.of(words[-1])
        return said is None or said == own


def _decided(votes: dict[str, float]) -> str | None:
    """The gender the votes give clearly (at least one, more than twice the other's), else ``None``."""
    if votes["m"] >= 1 and votes["m"] > 2 * votes["f"]:
        return "m"
    if votes["f"] >= 1 and votes["f"] > 2 * votes["m"]:
        return "f"
    return None


@dataclass(frozen=True)
class Described:
    """A person a subject describes without naming ("one woman", "the Valmoran leader"), and
    the gender its noun gives ("m", "f" or ``None``): whom a later "he" or "she" may stand for."""

    text: str
    gender: str | None = None
    head: str = ""  # its noun, lower case ("official" of "a security official")


def described_person(text: str, head: str, singular: bool = True) -> Described | None:
    """The person a description headed by the noun ``head`` names (a gendered noun, a title word or
    a person noun of the rule data: "one woman", "a young volunteer", "the Valmoran leader",
    "a Malaysian"), ``None`` for a description of no one person ("the ministry", "witnesses")."""
    from newsweave.synthesize.demonyms import demonym_state
    from newsweave.synthesize.titles import is_head

    if not singular or not head:
        return None
    word = head.lower()
    lex = gender_lexicon()
    if word in lex["male_nouns"]:
        return Described(text, "m", word)
    if word in lex["female_nouns"]:
        return Described(text, "f", word)
    if word in lex["person_nouns"] or is_head(word) or (head[:1].isupper() and demonym_state(head)):
        return Described(text, None, word)
    return None


def resolve(pronoun: str, subjects: Sequence[str | Described], genders: Genders | None) -> str | Described | None:
    """The person ``pronoun`` ("he" or "she") stands for: the last of ``subjects`` (persons
    named or described as subjects, in order) whose gender agrees, ``None`` when none does. Past
    a person of the other gender only one the text gives the pronoun's gender is taken."""
    if genders is None:
        return subjects[-1] if subjects else None
    want = "m" if pronoun.lower() in gender_lexicon()["male_pronouns"] else "f"
    passed = False  # a person of the other gender was passed over
    for person in reversed(subjects):
        found = person.gender if isinstance(person, Described) else genders.of(person)
        if found == want or (found is None and not passed):
            return person
        # past a person of the other gender, only a person the text gives this gender: the
        # pronoun's person is more often one never named as a subject ("the actress")
        passed = passed or found is not None
    return None
