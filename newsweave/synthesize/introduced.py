"""Whether a summary sentence leans on something the summary has not introduced (issue 23).

A summary is read from its first sentence on: "He added …", "The company said …", "Harlow
reckons …" or "I suppose …" leave the reader asking who, unless a sentence before introduced
them. :func:`leaning` reads what a sentence leans on, where its subject stands (its opening,
after a short phrase and a comma, or beside a reporting verb), by the rule data
``rules/openers_en.json``; :class:`Introductions` says whether the sentences already placed
introduce it:

- a connective or any opener of :func:`is_dangling` ("However, …", "The move comes after …"):
  not first;
- the writer's own voice outside quotation marks ("I suppose …", "we are told"): never;
- "he", "she" …: an earlier sentence names a person (a tagged person, else two capitalised words)
  or describes one, or is one of the article's two sentences before;
- "it", "they", "this" …: the article's sentence right before (or the one before it) is earlier
  in the summary — only the writer's context says what they stand for;
- "the minister", "the company": an earlier sentence holds the noun, names a person (an
  organisation), or is one of the article's two sentences before;
- a surname alone ("Harlow said", "Ms Harlow said"), a person the story names in full
  elsewhere: an earlier sentence, or this one before it, gives the full name or a title with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from newsweave.records import Sentence, StoryMaterial
from newsweave.synthesize.quote_marks import curl_quotes, quote_spans
from newsweave.synthesize.referents import gender_lexicon
from newsweave.synthesize.titles import name_titles
from newsweave.text.eventdate import reporting_verbs

_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)*")
_WORD = re.compile(r"[A-Za-z][\w’'.-]*")
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})  # dates alone: no names tagged
_CONTEXT_REACH = 2  # "it", "they" …: the article's sentences this far before introduce them
_SINGLE_QUOTED = re.compile(r"(?:^|(?<=[\s(\[—–-]))‘[^‘’]*’(?![A-Za-z])")  # ‘a title’, not an apostrophe
_SPEAKER_LABEL = re.compile(r"^[A-Z][A-Z.'’ -]+[A-Z](?:,[^:]{1,60})?:\s")  # "ANNA VELDT, HOST: …"


@lru_cache(maxsize=1)
def opener_data() -> dict[str, Any]:
    """The rule data of ``rules/openers_en.json``."""
    data: dict[str, Any] = json.loads(resources.files("newsweave.rules").joinpath("openers_en.json").read_text("utf-8"))
    return data


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _opener_rules() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Three patterns from the rule data: a sentence that opens by referring back (a pronoun, a
    connective, "the statement", "the move" …, possibly after a short phrase and a comma:
    "On Tuesday, he …"), a quote whose speaker is a pronoun ("“…,” he added"), and the short
    phrase before a subject alone."""
    data = opener_data()
    not_after = _alternatives(data["time_nouns"] + data["complements"])
    pronoun = rf"(?:{_alternatives(data['pronouns'])})\b(?!\s+(?:{_alternatives(data['time_nouns'])})\b)"
    described = (
        rf"(?:{_alternatives(data['determiners'])})\s+(?:{_alternatives(data['shell_nouns'])})\b"
        rf"(?!\s+(?:{not_after})\b)(?![-’'](?!s\b))"
    )
    connective = rf"(?:{_alternatives(data['connectives'])})\b"
    # a short phrase before the subject opens with a preposition or a participle ("On Tuesday, he"),
    # never with a name ("Ivo Marr, the man the police are seeking, …" introduces him)
    lead_in = rf"(?:(?:{_alternatives(data['lead_ins'])})\b[^,;:“”\"]{{0,40}},\s+)"
    opener = re.compile(rf"^(?:{connective}|{lead_in}?(?:{pronoun}|{described}))", re.IGNORECASE)
    speaker = re.compile(
        rf"[,.!?]\s*[”\"’']\s*(?:{_alternatives(data['pronouns'][:4])})\s+(?:{_alternatives(data['reporting_verbs'])})\b",
        re.IGNORECASE,
    )
    return opener, speaker, re.compile(rf"^{lead_in}?", re.IGNORECASE)


def is_dangling(text: str) -> bool:
    """Whether a sentence leans on what came before: it opens with a pronoun, a connective or a
    description that refers back ("The statement said …", "The move comes after …", "On Monday,
    he …"), or it quotes a speaker named only by a pronoun ("“…,” he added")."""
    opener, speaker, _ = _opener_rules()
    bare = text.lstrip("“\"'‘ ")
    return bool(opener.match(bare) or speaker.search(text))


@dataclass(frozen=True)
class Leaning:
    """What one sentence leans on (:func:`leaning`)."""

    dangling: bool = False  # an opener of :func:`is_dangling`: never first
    first_person: bool = False
    person_pronoun: bool = False
    context_pronoun: bool = False
    description: str | None = None  # the noun of "the minister", "the company" as subject
    bare_names: tuple[str, ...] = ()  # capitalised words alone as subject or speaker ("Harlow said")

    @property
    def free(self) -> bool:
        """Whether it leans on nothing at all."""
        return self == Leaning()


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    data, gender = opener_data(), gender_lexicon()
    persons = gender["person_nouns"] | gender["male_nouns"] | gender["female_nouns"] | name_titles()
    return {
        "pronouns": frozenset(data["pronouns"]),
        "person_pronouns": frozenset(data["person_pronouns"]),
        "first_person": frozenset(data["first_person"]),
        "organisations": frozenset(data["organisation_nouns"]),
        "persons": frozenset(w for w in persons if w.isalpha()),
        "determiners": frozenset(data["determiners"]),
        "honorifics": frozenset(w.rstrip(".") for w in gender["honorifics"]),
        "reporting": reporting_verbs() | frozenset(data["reporting_verbs"]),
        "complements": frozenset(data["complements"]),
        "not_names": frozenset(w.lower() for w in data["connectives"] + data["lead_ins"] + data["determiners"]),
    }


def outside_quotes(text: str) -> str:
    """The sentence with its quoted stretches blanked (a quote still open at its end, or closed
    without opening, runs to the end or from the start)."""
    curled = curl_quotes(text)
    first_close, first_open = curled.find("”"), curled.find("“")
    if first_close != -1 and (first_open == -1 or first_close < first_open):
        curled = "“" + curled[1:] if curled[:1] == " " else "“" + curled  # a quote begun in the sentence before
    chars = list(curled)
    spans = [(start, end) for start, end, _ in quote_spans(curled)]
    spans += [(m.start(), m.end()) for m in _SINGLE_QUOTED.finditer(curled)]
    label = _SPEAKER_LABEL.match(curled)
    if label:  # a transcript's "ANNA VELDT, HOST: We …": the rest is the named speaker's
        spans.append((label.end(), len(curled)))
    for start, end in spans:
        for k in range(start, min(end, len(chars))):
            chars[k] = " "
    return "".join(chars)


def leaning(text: str) -> Leaning:
    """What a sentence leans on, by the rule data (see the module's docstring)."""
    lex = _lexicon()
    _, speaker, lead_in = _opener_rules()
    plain = outside_quotes(text)
    words = [(re.split(r"[’']", m.group(0))[0].rstrip("."), m.start()) for m in _WORD.finditer(plain)]
    first_person = any(w in lex["first_person"] and not _numeral(plain, at) for w, at in words)
    # the subject: the first words after a short opening phrase, or the speaker of a quote
    bare = text.lstrip("“\"'‘ ")
    start = lead_in.match(bare)
    head = _WORD.findall(bare[start.end() if start else 0 :])[:4]
    head = [w.rstrip(".,;:’'") for w in head]
    low = [w.lower() for w in head]
    opens = is_dangling(text)  # the rule data's openers ("This year …" is no pronoun)
    person_pronoun = opens and bool(low) and low[0] in lex["person_pronouns"]
    context_pronoun = opens and bool(low) and low[0] in lex["pronouns"] and not person_pronoun
    if speaker.search(text):
        said = speaker.search(text)
        assert said is not None
        spoken = said.group(0).rstrip().split()[-2].lower().strip("”\"’'")
        person_pronoun = person_pronoun or spoken in lex["person_pronouns"]
        context_pronoun = context_pronoun or spoken not in lex["person_pronouns"]
    person_pronoun = person_pronoun or _unnamed_person_pronoun(words, lex)
    description = None
    nouns = lex["persons"] | lex["organisations"]
    if len(low) >= 2 and low[0] in lex["determiners"] and head[1].islower() and low[1] in nouns:
        k = 2 if len(low) > 2 and low[2] in nouns else 1  # "the chief prosecutor"
        after = head[k + 1] if len(head) > k + 1 else ""
        # "the head of Orlen", "the company, Orlen," name what they describe
        if not (after[:1].isupper() or after.lower() in lex["complements"]):
            description = low[k]
    return Leaning(
        dangling=opens and not (person_pronoun or context_pronoun or description),
        first_person=first_person,
        person_pronoun=person_pronoun,
        context_pronoun=context_pronoun,
        description=description,
        bare_names=_bare_names(plain, head if text.lstrip()[:1] not in "“\"‘'" else [], lex),
    )


def _unnamed_person_pronoun(words: list[tuple[str, int]], lex: dict[str, frozenset[str]]) -> bool:
    """Whether "he", "she" … stands outside quotation marks with no name (a capitalised word past
    an opening function word) nor a person's noun before it in the sentence ("The idea came after
    he …")."""
    for k, (word, _) in enumerate(words):
        if word.lower() in lex["person_pronouns"]:
            before = words[:k]
            return not any(
                w.lower() in lex["persons"] or (w[:1].isupper() and (j > 0 or w.lower() not in lex["not_names"]))
                for j, (w, _) in enumerate(before)
            )
    return False


def _numeral(text: str, at: int) -> bool:
    """Whether an "I" is a numeral ("World War I", "Phase I"): a capitalised word right before it."""
    if text[at : at + 1] != "I":
        return False
    before = text[:at].split()
    return bool(before) and before[-1][:1].isupper() and not before[-1].endswith((".", ",", ":", ";"))


def _bare_names(plain: str, head: list[str], lex: dict[str, frozenset[str]]) -> tuple[str, ...]:
    """Capitalised words that stand alone as the subject (the sentence's first word, after an
    honorific or not, when a lower-case word follows) or beside a reporting verb ("…, Harlow said",
    "said Harlow")."""
    names: list[str] = []
    if head and head[0].lower() in lex["honorifics"]:
        head = head[1:]
    if (
        len(head) >= 2
        and _CAPITALISED.fullmatch(head[0])
        and head[1].islower()
        and head[0].lower() not in lex["not_names"]
    ):
        names.append(head[0])
    tokens = [t.strip(',.;:”“"()') for t in plain.split()]
    for k, tok in enumerate(tokens):
        if tok.lower() not in lex["reporting"]:
            continue
        for j in (k - 1, k + 1):
            if not (0 <= j < len(tokens)) or not _CAPITALISED.fullmatch(tokens[j]):
                continue
            beside = tokens[j - 1] if j - 1 >= 0 else ""
            if j == k - 1 and beside[:1].isupper() and beside.lower() not in lex["honorifics"]:
                continue  # "Mara Velden said": a full name
            if j == k + 1 and k + 2 < len(tokens) and tokens[k + 2][:1].isupper():
                continue  # "said Mara Velden"
            names.append(tokens[j])
    kept = (n for n in names if n.lower() not in lex["pronouns"] and n not in lex["first_person"])
    return tuple(dict.fromkeys(kept))


@dataclass
class StoryNames:
    """The people a story names in full, by their last names (tagged persons where the story has
    its entities, else runs of capitalised words), and the names tagged as organisations."""

    surnames: frozenset[str]
    persons: dict[tuple[str, int], bool] = field(default_factory=dict)  # sentence -> names a person
    organisations: dict[tuple[str, int], bool] = field(default_factory=dict)

    @classmethod
    def of(cls, material: StoryMaterial) -> StoryNames:
        """The names of a story's articles."""
        tagged = any(e.label in _NAME_LABELS for entities in material.entities.values() for e in entities)
        surnames: set[str] = set()
        persons: dict[tuple[str, int], bool] = {}
        organisations: dict[tuple[str, int], bool] = {}
        if tagged:
            for article_id, entities in material.entities.items():
                for e in entities:
                    if e.label == "PERSON":
                        persons[(article_id, e.sentence)] = True
                        parts = e.text.split()
                        if len(parts) >= 2 and _CAPITALISED.fullmatch(parts[-1]):
                            surnames.add(parts[-1])
                    elif e.label in ("ORG", "NORP", "GPE"):
                        organisations[(article_id, e.sentence)] = True
        else:
            for sentences in material.sentences.values():
                for sent in sentences:
                    surnames.update(full_names(sent.text))
        return cls(frozenset(surnames), persons, organisations)

    def names_person(self, sent: Sentence | None, text: str) -> bool:
        """Whether a sentence names a person: tagged so, else two capitalised words inside it."""
        if sent is not None and self.persons:
            return self.persons.get((sent.article_id, sent.index), False)
        return bool(full_names(text))

    def names_organisation(self, sent: Sentence | None, text: str) -> bool:
        """Whether a sentence names an organisation: tagged so, else a capitalised word inside it."""
        if sent is not None and self.organisations:
            return self.organisations.get((sent.article_id, sent.index), False)
        return any(_CAPITALISED.fullmatch(w) or w.isupper() for w in text.split()[1:])


def full_names(text: str) -> set[str]:
    """The last words of runs of two or three capitalised words past the sentence's first word
    ("… said Mara Velden" -> "Velden"), honorifics and titles not counted as a first name."""
    lex = _lexicon()
    words = [w.strip(",.;:”“\"()’'") for w in text.split()]
    out: set[str] = set()
    for k in range(1, len(words) - 1):
        first, last = words[k], words[k + 1]
        if (
            _CAPITALISED.fullmatch(first)
            and _CAPITALISED.fullmatch(last)
            and first.lower() not in lex["honorifics"]
            and first.lower() not in lex["persons"]
            and first.lower() not in lex["not_names"]
        ):
            out.add(last)
    return out


class Introductions:
    """What the sentences placed so far in a summary introduce."""

    def __init__(self, names: StoryNames) -> None:
        self.names = names
        self.placed: list[tuple[Sentence | None, str]] = []
        self.person = False
        self.organisation = False
        self.words: set[str] = set()
        self.introduced_names: set[str] = set()
        self.positions: set[tuple[str, int]] = set()

    def add(self, text: str, sent: Sentence | None = None) -> None:
        """Place a sentence."""
        self.placed.append((sent, text))
        self.person = self.person or self.names.names_person(sent, text) or self._describes_person(text)
        self.organisation = self.organisation or self.names.names_organisation(sent, text)
        self.words.update(w.lower().strip(",.;:”“\"()’'") for w in text.split())
        self.introduced_names.update(_titled(text))
        if sent is not None:
            self.positions.add((sent.article_id, sent.index))

    @staticmethod
    def _describes_person(text: str) -> bool:
        persons = _lexicon()["persons"]
        return any(w.lower().strip(",.;:") in persons for w in text.split())

    def admits(self, lean: Leaning, text: str, sent: Sentence | None = None) -> bool:
        """Whether a sentence may come next: everything it leans on is introduced."""
        return self.lacking(lean, text, sent) is None

    def lacking(self, lean: Leaning, text: str, sent: Sentence | None = None) -> str | None:
        """What a sentence leans on that is not introduced yet ("first person", "he/she",
        "it/they", "the company", "surname Harlow", "opener"), or None."""
        if lean.free:
            return None
        if lean.first_person:
            return "first person"
        if lean.dangling and not self.placed:
            return "opener"
        context = sent is not None and any(
            (sent.article_id, sent.index - k) in self.positions for k in range(1, _CONTEXT_REACH + 1)
        )
        if lean.context_pronoun and not context:
            return "it/they"
        if lean.person_pronoun and not (context or self.person):
            return "he/she"
        if lean.description and not (context or self._describes(lean.description)):
            return f"the {lean.description}"
        own = _titled(text)
        for name in lean.bare_names:
            if name in self.names.surnames and name not in self.introduced_names and name not in own:
                return f"surname {name}"
        return None

    def _describes(self, noun: str) -> bool:
        if noun in self.words:
            return True
        if noun in _lexicon()["organisations"]:
            return self.organisation
        return self.person


def _titled(text: str) -> set[str]:
    """Names given with a first name or a title before them ("Mara Velden", "President Velden")."""
    honorifics = _lexicon()["honorifics"]
    words = [w.strip(",.;:”“\"()’'") for w in text.split()]
    return {
        last
        for first, last in zip(words, words[1:], strict=False)
        if _CAPITALISED.fullmatch(last) and first[:1].isupper() and first.lower().rstrip(".") not in honorifics
    }


def place(items: list[tuple[str, Sentence | None]], names: StoryNames) -> list[int]:
    """An order of ``items`` (text, source sentence), kept as given where it can be, in which each
    one comes after what it leans on: at each step the first item admitted; with none admitted,
    the first one left."""
    intro = Introductions(names)
    leans = [leaning(text) for text, _ in items]
    left = list(range(len(items)))
    order: list[int] = []
    while left:
        pick = next((k for k in left if intro.admits(leans[k], items[k][0], items[k][1])), left[0])
        left.remove(pick)
        order.append(pick)
        intro.add(*items[pick])
    return order
