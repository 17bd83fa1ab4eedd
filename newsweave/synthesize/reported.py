"""Reported speech: "Sela said the port authority obtained evidence that …" (no quotation marks), with
its speaker; from the dependency parse when there is one, else from rule patterns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsweave.synthesize.attribution import (
    described_before,
    genders_of,
    heard_speaker,
    misparsed,
    nearby,
    parsed_paragraphs,
    resolve_pronouns,
    subject_referents,
)
from newsweave.synthesize.persons import (
    People,
    by_title,
    names_in,
    opening_persons,
    speaker_as_written,
    titled_names,
)
from newsweave.synthesize.quote_marks import NAME, Quote, curl_quotes, quote_lexicon, quote_spans
from newsweave.synthesize.referents import Described
from newsweave.synthesize.speakers import reported
from newsweave.text.parse import Parse, Tok

# "told" takes its addressee: up to six words when "that" follows them ("told the Marnholt Courier
# news site that …", "told Meridian on Monday that …"), else one of the usual ones ("told reporters …").
_INDIRECT_VERBS = (
    r"(?i:said|says|told (?:(?:[\w’'.-]+\s+){0,5}?[\w’'.-]+(?=\s+that\s)|reporters|journalists|lawmakers|"
    r"parliament|the \w+)|announced|warned|claimed|insisted|added|stressed|argued|noted|confirmed)"
)


def indirect_speech(
    paragraphs: list[str], known: list[str] | None = None, people: People | None = None, parse: Parse | None = None
) -> list[Quote]:
    """Reported speech: "Sela said the port authority obtained evidence that …" (no quotation marks).

    The speaker is a name, pronoun or description right before the reporting verb at the start
    of a sentence; the content is the rest of the sentence (after an optional "that"). A title
    with "the" ("the governor announced") is the person the article introduced with that title,
    when it introduced exactly one, as for direct quotes. With ``parse``, the speaker is the
    subject of the reporting verb and the content its complement clause (or, for "according
    to", the clause it qualifies), in any paragraph, outside quotation marks.
    """
    known = list(known or [])
    parsed = parsed_paragraphs(paragraphs, parse)
    if any(parsed.values()):  # a parser that is not installed parses nothing: the rules below
        return _reported_speech(paragraphs, known, people, parsed)
    pattern = _indirect_pattern()
    found: list[Quote] = []
    titled: list[tuple[str, str]] = []
    for p, para in enumerate(paragraphs):
        titled += titled_names(para)
        if "“" in para or '"' in para:
            known += names_in(para, people)
            continue
        for m in pattern.finditer(para):
            content = m.group("content").strip()
            who = _indirect_speaker(para, m.start("who"), m.group("who"))
            if len(content.split()) < 4 or who is None:
                continue
            speaker, kind = speaker_as_written(who, known)
            holder = by_title(speaker, titled) if speaker and kind == "description" else None
            if holder:
                speaker, kind = holder, "title"
            verb = m.group("verb").lower()
            found.append(Quote(content, speaker, kind, verb, p, m.start("content"), m.end("content"), "indirect"))
        known += names_in(para, people)
    return found


def _reported_speech(
    paragraphs: list[str], known: list[str], people: People | None, parsed: dict[int, list[Tok]]
) -> list[Quote]:
    """:func:`indirect_speech` from the dependency parse."""
    found: list[Quote] = []
    titled: list[tuple[str, str]] = []
    subjects: list[str | Described] = []
    genders = genders_of(paragraphs, parsed, people)
    for p, para in enumerate(paragraphs):
        para = curl_quotes(para)
        titled += titled_names(para)
        quoted = [(a, b) for a, b, _ in quote_spans(para)]
        toks = parsed.get(p) or []
        refs = resolve_pronouns(subject_referents(toks, quoted, people, genders.agrees), subjects, genders)
        near = nearby(paragraphs, p)
        for who, verb, start, end in reported(toks, quoted):
            here = subjects + [r.person for r in refs if r.at < who.start]
            # for "he" and "she", the names before it in its paragraph too: "Verin" is the "Ottavio Verin" named before
            named_before = known + names_in(para[: who.start], people) if who.kind == "pronoun" else known
            speaker, kind = heard_speaker(who, here, named_before, genders, near, titled)
            if speaker and kind == "description" and misparsed(speaker, people):
                continue  # "that Kessler drop claims …": no one's reported speech
            holder = by_title(speaker, titled) if speaker and kind == "description" else None
            antecedent = (
                described_before(speaker, refs, para, start, holder) if speaker and kind == "description" else None
            )
            if antecedent:
                speaker = antecedent  # "the official" after "an official said …"
            elif holder:
                speaker, kind = holder, "title"
            found.append(Quote(para[start:end], speaker, kind, verb, p, start, end, "indirect"))
        known += names_in(para, people)
        subjects += [r.person for r in refs] if p in parsed else opening_persons(para, people, genders.agrees)
    return found


@lru_cache(maxsize=1)
def _indirect_pattern() -> re.Pattern[str]:
    adverb = "|".join(re.escape(a) for a in quote_lexicon()["adverbs"])
    return re.compile(
        rf"(?P<who>\b(?i:he|she|they)|\b(?i:the|a|an)\s+[a-z][\w’' -]{{2,50}}?|{NAME})\s+"
        rf"(?:(?i:{adverb})\s+)?"  # "the governor also announced"
        rf"(?P<verb>{_INDIRECT_VERBS})(?:\s+on\s+\w+)?(?:\s+in a statement)?\s+(?:that\s+)?"
        rf"(?P<content>[^“”\"]{{15,400}}?[.!?])(?=\s|$)"
    )


_SENTENCE_SUBJECT = re.compile(rf"(?P<who>{NAME})\s+[a-z]")
_PLACE_OF = re.compile(r"(?P<noun>\b[a-z]+)\s+$")


def _indirect_speaker(para: str, start: int, who: str) -> str | None:
    """Who reported speech is given to, or ``None`` when the words before the verb are not a speaker.

    - "X declared a state of emergency … and said …": the speaker is the sentence's subject X
      (when the sentence opens with a name), not the words before "and said";
    - "officials in Brennick warned …": a name after "in" or "at" is a place, so the speaker is
      "officials in Brennick".
    """
    if re.search(r"\b(?:and|or|but)\b", who):
        opening = max(para.rfind(". ", 0, start), para.rfind("! ", 0, start), para.rfind("? ", 0, start))
        subject = _SENTENCE_SUBJECT.match(para, opening + 2 if opening >= 0 else 0)
        return subject.group("who") if subject and subject.end("who") < start else None
    before = para[:start]
    place = quote_lexicon()["place_re"].search(before) if who[:1].isupper() else None
    if place is None:
        return who
    noun = _PLACE_OF.search(before[: place.start()])
    return f"{noun.group('noun')} {before[place.start() :]}{who}" if noun else None
