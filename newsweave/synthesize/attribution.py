"""What the quote finders share: which paragraphs are parsed (and their parses remembered),
the speaker the parse found as the reader should see it ("he"/"she" resolved by
:mod:`newsweave.synthesize.referents`), and the rule patterns that attribute a quote without a
parse ("…,” said Marta Olsen" / "Alves told lawmakers: “…").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from newsweave.records import StoryMaterial
from newsweave.synthesize.persons import Agrees, People, persons_of, speaker_as_written
from newsweave.synthesize.quote_marks import NAME, POSSESSIVE, Quote, curl_quotes, quote_lexicon, quote_spans
from newsweave.synthesize.referents import PRONOUN_REACH, Genders, resolve
from newsweave.synthesize.speakers import Mention, named_subjects
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


def heard_speaker(
    who: Mention, subjects: list[str], known: list[str], genders: Genders | None = None, near: str | None = None
) -> tuple[str | None, str]:
    """A speaker the parse found, as the reader should see it: "he"/"she" is the person last
    named as a subject whose gender agrees (:mod:`newsweave.synthesize.referents`; unknown when
    none does, or when that person's surname is not in ``near``, the text of the pronoun's
    paragraph and the ones just before: :func:`nearby`), a name loses its titles and stands for
    the full name used before, a description stays as written."""
    if who.kind == "pronoun":
        person = resolve(who.text, subjects, genders)
        if person and near is not None and not re.search(rf"\b{re.escape(person.split()[-1])}\b", near):
            person = None  # named too long ago: the pronoun more often means someone else
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
