"""What the quote finders share: which paragraphs are parsed (and their parses remembered),
the speaker the parse found as the reader should see it ("he"/"she" resolved by
:mod:`newsweave.synthesize.referents`), and the rule patterns that attribute a quote without a
parse ("…,” said Marta Olsen" / "Alves told lawmakers: “…").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from newsweave.records import StoryMaterial
from newsweave.synthesize.persons import Agrees, People, by_title, clean_name, persons_of, speaker_as_written
from newsweave.synthesize.quote_marks import NAME, POSSESSIVE, Quote, curl_quotes, quote_lexicon, quote_spans
from newsweave.synthesize.referents import (
    PRONOUN_REACH,
    Described,
    Genders,
    described_person,
    gender_lexicon,
    resolve,
)
from newsweave.synthesize.speakers import Mention, named_subjects, subject_mentions
from newsweave.text.parse import Parse, Tok


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern[str]]:
    """The rule patterns of an attribution without a parse: after the quote (verb first or
    speaker first) and before it."""
    lex = quote_lexicon()
    # Only the verbs, pronouns and determiners ignore case: names must be capitalised.
    adverb = "|".join(re.escape(a) for a in lex["adverbs"])
    verb = rf"(?:(?i:{adverb})\s+)?(?P<verb>(?i:{lex['verb_re']}))"  # "a source allegedly said"
    det = rf"(?:(?i:a|an|the|his|her|their|its|one)|{POSSESSIVE})"  # "Valmora's foreign ministry"
    desc_to_stop = rf"(?:{det}\s+[^,.;:“”\"]{{2,60}})"  # "said a spokesman for the Red Crescent."
    desc_to_verb = rf"(?:{det}\s+[^,.;:“”\"]{{2,60}}?)"  # "the official said"
    pron = r"(?i:he|she|they|we|i)"
    from newsweave.synthesize.titles import title_heads

    heads = "|".join(sorted((re.escape(h) for h in title_heads()), key=len, reverse=True))
    title = rf"(?:(?:[a-z]+\s+)?(?:{heads})\s+)?"  # "said coach Erik Lund", "said chief negotiator X"
    return {
        # after the quote: ", said Marta Olsen, …" / ", Olsen said" / ", she said" / ", the official said"
        "after_verb_first": re.compile(rf"^\s*{verb}\s+{title}(?P<who>{NAME}|{desc_to_stop})"),
        "after_who_first": re.compile(rf"^\s*{title}(?P<who>{pron}|{desc_to_verb}|{NAME})\s+{verb}\b"),
        # before the quote: "Alves told lawmakers: " / "she said: " / "Governor Ingrid Falk said: "
        "before": re.compile(
            rf"{title}(?P<who>{pron}|{desc_to_verb}|{NAME})\s+{verb}(?:\s+[\w’'-]+){{0,3}}\s*[:,]\s*$"
        ),
    }


def _worth_parsing(paragraph: str) -> bool:
    """Whether a paragraph can hold a quote or reported speech: a quote mark, or a reporting
    word of the rules ("said", "adding", "according to"); the others are never parsed."""
    if any(mark in paragraph for mark in ('"', "“", "”", "''", "``")) or paragraph.rstrip().endswith(":"):
        return True  # a quote mark, or a colon that may introduce the next paragraph's quote
    return not _reporting_words().isdisjoint(re.findall(r"[a-z]+", paragraph.lower()))


@lru_cache(maxsize=1)
def _reporting_words() -> frozenset[str]:
    rules = quote_lexicon()
    words = {w.lower() for key in ("verbs", "parse_verbs", "participles") for w in rules.get(key, [])}
    return frozenset(words | {"according"})


def parsed_paragraphs(paragraphs: list[str], parse: Parse | None) -> dict[int, list[Tok]]:
    """The parses of the paragraphs that can hold a quote or reported speech (quote marks
    curled, offsets unchanged); the others have none, and the rules read them."""
    if parse is None:
        return {}
    wanted = [p for p, para in enumerate(paragraphs) if _worth_parsing(para)]
    parses = parse([curl_quotes(paragraphs[p]) for p in wanted]) if wanted else []
    return dict(zip(wanted, parses, strict=True))


def paragraphs_to_parse(material: StoryMaterial, only: Collection[str] | None = None) -> list[str]:
    """The texts the quote finders hand the parse (:func:`parsed_paragraphs` of every article's
    body, or of the articles whose ids are in ``only``), all at once: a writer parses them ahead,
    in one call."""
    return [
        curl_quotes(line.text)
        for article in material.articles
        if only is None or article.id in only
        for line in article.lines
        if line.kind == "body" and _worth_parsing(line.text)
    ]


def remembering(parse: Parse, size: int = 512) -> Parse:
    """``parse`` that keeps the parses of the last ``size`` texts it was given (the quote and
    the reported-speech finders read the same paragraphs)."""
    memo: dict[str, list[Tok]] = {}

    def parse_once(texts: Sequence[str]) -> list[list[Tok]]:
        todo = [t for t in dict.fromkeys(texts) if t not in memo]
        if todo:
            memo.update(zip(todo, parse(todo), strict=True))
        out = [memo[t] for t in texts]
        while len(memo) > max(size, len(texts)):
            memo.pop(next(iter(memo)))
        return out

    return parse_once


def genders_of(paragraphs: list[str], parsed: dict[int, list[Tok]], people: People | None) -> Genders:
    """What the article tells of the gender of the persons it names (the story's people and the
    subjects of its parsed paragraphs)."""
    persons = set(people.full_names) if people is not None else set()
    for p, toks in parsed.items():
        spans = [(a, b) for a, b, _ in quote_spans(curl_quotes(paragraphs[p]))]
        persons.update(name for _, name in persons_of(named_subjects(toks, spans), people))
    return Genders(paragraphs, persons)


class Referent(NamedTuple):
    """A subject whom "he" or "she" may stand for: where, the person named or described, and
    whether the subject speaks (of a reporting verb or a verb that gives a quote: "Pell agreed")."""

    at: int
    person: str | Described
    speaks: bool = False


class Pending(NamedTuple):
    """A subject "he" or "she" whose person is not yet known (:func:`resolve_pronouns`)."""

    at: int
    pronoun: Mention
    speaks: bool = False


Referents = list[Referent]


def subject_referents(
    toks: list[Tok], quoted: Sequence[tuple[int, int]], people: People | None, agrees: Agrees | None = None
) -> list[Referent | Pending]:
    """The subjects of a parsed paragraph whom "he" or "she" may stand for, in order
    (:func:`~newsweave.synthesize.speakers.subject_mentions`): the persons named
    (:func:`~newsweave.synthesize.persons.persons_of`, and a name of one word that speaks, "Verin
    told reporters", that the text knows as no place or organisation), the persons described
    ("one woman", "the Valmoran leader": :func:`~newsweave.synthesize.referents.described_person`),
    and the subjects "he" and "she" (:class:`Pending`, for :func:`resolve_pronouns`)."""
    out: list[Referent | Pending] = []
    mentions = subject_mentions(toks, quoted)
    fulls = {clean_name(w.text) for _, w, _ in mentions if w.kind == "named"}
    fulls = {name for name in fulls if " " in name}
    if people is not None:
        fulls |= {name for name in people.full_names if " " in name}
    for at, who, speaks in mentions:
        if who.kind == "pronoun":
            out.append(Pending(at, who, speaks))
            continue
        found = persons_of([(at, who.text)], people, agrees) if who.kind == "named" or " " not in who.text else []
        if not found and who.kind == "description" and who.text[:1].isupper() and " " not in who.text:
            # "Rasmey said …" (the parse took the name for a noun): the surname of one full name
            holders = {full for full in fulls if full.split()[-1] == who.text}
            found = [(at, holders.pop())] if len(holders) == 1 else []
        if found:
            out.append(Referent(at, found[0][1], speaks))
        elif who.kind == "named" and speaks and _lone_name(who.text, people):
            # a first name or surname of one full name the text gives ("Liyana" of "Liyana Osmar")
            holders = {full for full in fulls if who.text in (full.split()[0], full.split()[-1])}
            out.append(Referent(at, holders.pop() if len(holders) == 1 else who.text, speaks))
        elif who.kind == "description":
            person = described_person(who.text, who.head, who.singular)
            if person is not None:
                out.append(Referent(at, person, speaks))
    return out


def resolve_pronouns(
    refs: Sequence[Referent | Pending], subjects: Sequence[str | Described], genders: Genders | None
) -> Referents:
    """``refs`` with each "he" or "she" replaced by the person it stands for (the subjects before it,
    :func:`~newsweave.synthesize.referents.resolve`), in its place: "she doesn't think Brannock
    can win" leaves "she" the person a later "she" stands for, not Brannock. One that stands for
    no one is left out."""
    done: dict[int, str | Described | None] = {}
    pending = [k for k, r in enumerate(refs) if isinstance(r, Pending)]
    for k in sorted(pending, key=lambda k: refs[k].at):
        here = refs[k]
        before = [r.person if isinstance(r, Referent) else done.get(j) for j, r in enumerate(refs) if r.at < here.at]
        assert isinstance(here, Pending)
        person = resolve(here.pronoun.text, [*subjects, *(p for p in before if p is not None)], genders)
        if isinstance(person, Described) and person.gender is None:
            # "One voter brought it up. She asked …": the voter is a woman from here on
            male = here.pronoun.text.lower() in gender_lexicon()["male_pronouns"]
            person = replace(person, gender="m" if male else "f")
        done[k] = person
    out: Referents = []
    for k, r in enumerate(refs):
        if isinstance(r, Referent):
            out.append(r)
        elif (person := done.get(k)) is not None:
            out.append(Referent(r.at, person, r.speaks))
    return out


def _lone_name(word: str, people: People | None) -> bool:
    """Whether one capitalised word may be a person's name the tagger missed: no acronym
    ("APA"), nationality, title word or known place or organisation."""
    from newsweave.synthesize.demonyms import demonym_state
    from newsweave.synthesize.titles import is_head

    if " " in word or not word[:1].isupper() or not word.replace("-", "").replace("’", "").replace("'", "").isalpha():
        return False
    if word.isupper() or demonym_state(word) or is_head(word) or word.lower() in quote_lexicon()["not_names"]:
        return False
    return people is None or word not in people.others


def misparsed(speaker: str, people: People | None) -> bool:
    """Whether a description is a person's name and a bare noun ("Kessler drop" of "demanding
    that Kessler drop claims …"): the parse took a verb for a noun. A person's name modifies a
    noun only behind an article or a possessive ("a Kessler aide")."""
    words = speaker.split()
    if people is None or len(words) < 2 or not words[-1].isalpha() or not words[-1].islower():
        return False
    name = " ".join(words[:-1])
    return name in people.names and people.names[name] in people.full_names


def named_in(referents: Referents) -> list[tuple[int, str]]:
    """The persons of ``referents`` that are named, with where."""
    return [(r.at, r.person) for r in referents if isinstance(r.person, str)]  # after resolve_pronouns


def described_before(speaker: str, refs: Referents, text: str, start: int, holder: str | None) -> str | None:
    """The description a definite one at ``start`` of a paragraph's ``text`` stands for ("the
    official" after "A Palestinian security official said …"): the last person of ``refs`` (the
    paragraph's subjects) described as a subject with the same noun before it, when ``holder``
    (the person the article gave that title, :func:`~newsweave.synthesize.persons.by_title`) is
    not named after that description; else ``None``."""
    words = speaker.split()
    if len(words) < 2 or words[0].lower() != "the":
        return None
    head = words[-1].lower()
    for r in reversed(refs):
        person = r.person
        if r.at >= start or not isinstance(person, Described) or person.head != head:
            continue
        if person.text.lower() == speaker.lower():
            continue  # the speaker's own mention, or the same words before
        if holder is not None and any(
            m.start() > r.at for m in re.finditer(rf"\b{re.escape(holder.split()[-1])}\b", text[:start])
        ):
            return None  # the titled person is named after it: "the ambassador" is that one
        words = person.text.split()  # up to its noun: "a second officer at the base" -> "a second officer"
        last = max((k for k, w in enumerate(words) if w.lower().strip(",.") == head), default=len(words) - 1)
        return " ".join(words[: last + 1])
    return None


_POSSESSIVE_WORD = re.compile(r"\w['’]s\b")


def _definite(description: str) -> bool:
    """Whether a description points back at someone ("the actor", "his brother", "Chile's
    ambassador"), rather than bringing someone in ("one woman", "a young volunteer")."""
    first = description.split()[0].lower()
    return first in ("the", "his", "her", "their", "its") or bool(_POSSESSIVE_WORD.search(description))


def _names_someone(description: str) -> bool:
    """Whether a description has a name in it after its first word ("Brannock's husband, Piet")."""
    return any(w[:1].isupper() for w in description.split()[1:])


def _named_for(
    person: Described,
    pronoun: str,
    subjects: Sequence[str | Described],
    genders: Genders | None,
    titled: Sequence[tuple[str, str]],
) -> str | Described:
    """The named person a definite description a pronoun stands for points back at: the one
    the article gave that title (:func:`~newsweave.synthesize.persons.by_title`), the one whose
    title has the description's other words ("the Valmoran leader": "Valmoran President
    Idris Kell"), else the person last named as a subject before it whose gender agrees;
    the description itself when there is none."""
    holder = by_title(person.text, list(titled))
    if holder is None:
        from newsweave.synthesize.titles import neutral_qualifiers

        words = {w.lower() for w in person.text.split()[1:-1]} - neutral_qualifiers()
        fits = {name for title, name in titled if words and words <= set(title.split())}
        holder = fits.pop() if len(fits) == 1 else None
    if holder is not None:
        return holder
    # else whom it points back at: the person last named, or described with a name or as someone
    # new ("Brannock's husband, Piet", "a retired judge"), whose gender agrees
    at = max(k for k, s in enumerate(subjects) if s is person)
    earlier = [s for s in subjects[:at] if isinstance(s, str) or not _definite(s.text) or _names_someone(s.text)]
    named = resolve(pronoun, earlier, genders)
    return named if named is not None else person


def full_name(name: str, known: Sequence[str]) -> str:
    """The one full name of ``known`` (the names the text gave before) a surname alone stands
    for ("Dalmar" is "Jonas Dalmar" unless a "Petra Dalmar" was named too); ``name`` otherwise."""
    if " " in name:
        return name
    holders = {full for full in known if " " in full and full.split()[-1] == name}
    return holders.pop() if len(holders) == 1 else name


def heard_speaker(
    who: Mention,
    subjects: Sequence[str | Described],
    known: list[str],
    genders: Genders | None = None,
    near: str | None = None,
    titled: Sequence[tuple[str, str]] = (),
) -> tuple[str | None, str]:
    """A speaker the parse found, as the reader should see it: "he"/"she" is the person last
    named or described as a subject whose gender agrees (:mod:`newsweave.synthesize.referents`;
    unknown when none does, or when that person is not in ``near``, the text of the pronoun's
    paragraph and the ones just before: :func:`nearby`), a name loses its titles and stands for
    the full name used before, a description stays as written."""
    if who.kind == "pronoun":
        person = resolve(who.text, subjects, genders)
        if isinstance(person, Described) and _definite(person.text):
            person = _named_for(person, who.text, subjects, genders, titled)
        if isinstance(person, Described):
            return (person.text, "description") if near is None or person.text in near else (None, "unknown")
        if person and near is not None and not re.search(rf"\b{re.escape(person.split()[-1])}\b", near):
            person = None  # named too long ago: the pronoun more often means someone else
        if person:
            person = full_name(person, known)
        return (person, "pronoun") if person else (None, "unknown")
    if who.kind == "description":
        return who.text, "description"
    return speaker_as_written(who.text, known, genders.agrees if genders is not None else None)


def nearby(paragraphs: Sequence[str], p: int) -> str:
    """The text a person "he" or "she" stands for must be named in: paragraph ``p`` and the
    :data:`~newsweave.synthesize.referents.PRONOUN_REACH` paragraphs before it."""
    return "\n".join(paragraphs[max(0, p - PRONOUN_REACH) : p + 1])


def attribute_after(quote: Quote, after: str, known: list[str], agrees: Agrees | None = None) -> None:
    """Give ``quote`` the speaker and verb the words right ``after`` it name ("…,” said Marta
    Olsen, the director"), when the rule patterns find them (``agrees`` as for
    :func:`~newsweave.synthesize.persons.speaker_as_written`)."""
    pats = patterns()
    head = after[:200]
    match = pats["after_verb_first"].match(head) or pats["after_who_first"].match(head)
    if not match:
        return
    who = match.group("who")
    if who.lower().split()[0] in ("a", "an", "the", "his", "her", "their", "its"):
        # "said the union’s chief negotiator, Rui Matos" -> the name after the description
        tail = head[match.end() :]
        name = re.match(rf"^,\s+({NAME})\b", tail)
        if name and match.re is pats["after_verb_first"]:
            who = name.group(1)
    quote.speaker, quote.speaker_kind = speaker_as_written(who, known, agrees)
    quote.cue = match.group("verb").lower()
