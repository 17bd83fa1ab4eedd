"""Quotes: what was said, by whom, in which words.

Direct quotes are found paragraph by paragraph, in curly or straight quotation marks, with
their attribution: the speaker named before ("Alves told lawmakers: …") or after the quote
("…,” said Marta Olsen, the director."), a pronoun (resolved to the person named last before
it), or a description ("a senior security official", "the president's office"). A quote with no
attribution of its own takes the speaker of the quote it continues: the rest of a split quote
("…,” Ward said, “and …”), or a paragraph that only carries on the previous one's quote. A
quote that opens one paragraph and is re-opened by the next without closing is one quote
(news convention for quotes over several paragraphs). Short or embedded fragments ("were
“completely unrealistic”") are not quotes. Rule data lives in ``rules/quotes_en.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsweave.records import Actor, StoryMaterial
from newsweave.synthesize.actors import TYPES, demonym_state, place_prepositions
from newsweave.synthesize.referents import Genders, resolve
from newsweave.synthesize.speakers import Mention, attribute, introducer, named_subjects, reported
from newsweave.text.parse import Parse, Tok

# Bounded: a name word is at most 41 characters and a name at most 7 words, so that no pattern
# built on them backtracks over a long capitalised token or run of words (quadratic time).
_NAME_WORD = r"[A-Z][\w'’.-]{0,40}"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|van|von|al|bin|da|di|la|le|el)){{0,6}}"
_MAX_NAME_WORDS = 12  # of a run of capitalised words, what a title and a name can take
_MIN_WORDS = 3


@dataclass(slots=True)
class Quote:
    """One quote: its words, speaker (as written and resolved), cue verb, place and kind."""

    text: str
    speaker: str | None
    speaker_kind: str  # "named", "pronoun", "description", "title", "continued", or "unknown"
    cue: str | None
    paragraph: int
    start: int  # where the quoted words start in paragraph ``paragraph``
    end: int  # where they end, in paragraph ``end_paragraph`` (the same one unless the quote goes on)
    kind: str = "direct"  # "partial": quoted words inside reported speech; "indirect": no quotation marks
    end_paragraph: int = -1  # -1: the paragraph it starts in


@lru_cache(maxsize=1)
def quote_lexicon() -> dict[str, Any]:
    data = json.loads(resources.files("newsweave.rules").joinpath("quotes_en.json").read_text("utf-8"))
    verbs = "|".join(sorted((re.escape(v) for v in data["verbs"]), key=len, reverse=True))
    data["verb_re"] = verbs
    data["honorifics_set"] = frozenset(h.lower() for h in data["honorifics"])
    places = "|".join(re.escape(w) for w in sorted(place_prepositions()))
    data["place_re"] = re.compile(rf"\b(?:{places})\s+(?:the\s+)?$", re.IGNORECASE)
    words = "|".join(re.escape(w) for w in data["negations"] if w.isalpha())
    data["negation_re"] = re.compile(rf"\b(?:{words})\b|n[’']t\b", re.IGNORECASE)
    return data


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = quote_lexicon()
    # Only the verbs, pronouns and determiners ignore case: names must be capitalised.
    adverb = "|".join(re.escape(a) for a in lex["adverbs"])
    verb = rf"(?:(?i:{adverb})\s+)?(?P<verb>(?i:{lex['verb_re']}))"  # "a source allegedly said"
    det = rf"(?:(?i:a|an|the|his|her|their|its|one)|{_POSSESSIVE})"  # "Valmora's foreign ministry"
    desc_to_stop = rf"(?:{det}\s+[^,.;:“”\"]{{2,60}})"  # "said a spokesman for the Red Crescent."
    desc_to_verb = rf"(?:{det}\s+[^,.;:“”\"]{{2,60}}?)"  # "the official said"
    pron = r"(?i:he|she|they|we|i)"
    from newsweave.synthesize.roles import title_heads

    heads = "|".join(sorted((re.escape(h) for h in title_heads()), key=len, reverse=True))
    title = rf"(?:(?:[a-z]+\s+)?(?:{heads})\s+)?"  # "said coach Erik Lund", "said chief negotiator X"
    return {
        # after the quote: ", said Marta Olsen, …" / ", Olsen said" / ", she said" / ", the official said"
        "after_verb_first": re.compile(rf"^\s*{verb}\s+{title}(?P<who>{_NAME}|{desc_to_stop})"),
        "after_who_first": re.compile(rf"^\s*{title}(?P<who>{pron}|{desc_to_verb}|{_NAME})\s+{verb}\b"),
        # before the quote: "Alves told lawmakers: " / "she said: " / "Governor Ingrid Falk said: "
        "before": re.compile(
            rf"{title}(?P<who>{pron}|{desc_to_verb}|{_NAME})\s+{verb}(?:\s+[\w’'-]+){{0,3}}\s*[:,]\s*$"
        ),
    }


_STRAIGHT_OPEN = re.compile(r'(^|(?<=[\s(\[—–-]))"(?=\S)')
_DOUBLE_APOSTROPHE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))''(?=\S)")


def curl_quotes(paragraph: str) -> str:
    """Straight double quotes as curly ones, told apart by what stands around them.

    A quote mark after a space (or at the start) and before a word opens; any other closes.
    Two apostrophes used as a quote mark (''So terrible'', as some wire copy prints them)
    become a mark and a space ("“ So terrible” "). Offsets do not change (one character for one).
    """
    if "''" in paragraph and '"' not in paragraph and "“" not in paragraph:
        paragraph = _DOUBLE_APOSTROPHE_OPEN.sub("“ ", paragraph).replace("''", "” ")
    opened = _STRAIGHT_OPEN.sub("“", paragraph)
    return opened.replace('"', "”")


def _quote_spans(paragraph: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of quoted stretches; a quote re-opened before it closed ends there."""
    spans: list[tuple[int, int, bool]] = []
    i = paragraph.find("“")
    while i != -1:
        close = paragraph.find("”", i + 1)
        reopen = paragraph.find("“", i + 1)
        if close == -1 and reopen == -1:
            spans.append((i + 1, len(paragraph), False))
            break
        if reopen != -1 and (close == -1 or reopen < close):
            spans.append((i + 1, reopen, True))  # the writer opened a new quote without closing
            i = reopen
            continue
        spans.append((i + 1, close, True))
        i = paragraph.find("“", close + 1)
    return spans


@lru_cache(maxsize=16384)
def _clean_name(who: str) -> str:
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


def _speaker(who: str, known: list[str]) -> tuple[str, str]:
    """The speaker as the reader should see it, and how it was given."""
    lowered = who.lower()
    if lowered in ("he", "she", "they", "we", "i"):
        return (known[-1] if known else who), "pronoun"
    if (
        who[:1].islower()
        or lowered.split()[0] in ("a", "an", "the", "his", "her", "their", "its", "one")
        or _DESCRIBED.match(who)
    ):
        # "the union’s chief negotiator, Rui Matos" is handled by the caller; here a description
        return who.strip().rstrip(".,"), "description"
    name = _clean_name(who.strip().rstrip(".,"))
    for full in reversed(known):  # a surname stands for the full name used before
        if full != name and full.split()[-1] == name.split()[-1] and len(full.split()) > len(name.split()):
            return full, "named"
    return name, "named"


def _names_in(text: str, people: People | None = None) -> list[str]:
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


# a name's, as a determiner: "Valmora's foreign ministry", "Emre Dalton's office"
_POSSESSIVE = r"(?:[A-Z][\w.-]{0,40}\s+){0,3}[A-Z][\w.-]{0,40}['’]s"
_DESCRIBED = re.compile(rf"{_POSSESSIVE}\s+[a-z]")

_NAME_RUN = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})*")


@lru_cache(maxsize=16384)
def _name_runs(text: str) -> tuple[tuple[tuple[str, ...], bool, bool], ...]:
    """What :func:`_names_in` needs of a text whatever the story knows (cached: a story's
    paragraphs are read again each time the story grows). For each run of capitalised words,
    titles removed: its forms from the longest ("But Gregg Smith", "Gregg Smith", "Smith"),
    whether a place preposition or a nationality rules it out, and whether it reads as a
    name without the story's help (two words or more, none of them a known non-name)."""
    lex = quote_lexicon()
    runs = []
    for m in _NAME_RUN.finditer(text):
        words = _clean_name(m.group(0).rstrip(".")).split()  # "… in Port Elden." ends a sentence
        if not words:
            continue
        subs = tuple(" ".join(words[cut:]) for cut in range(len(words)))
        ruled_out = bool(lex["place_re"].search(text[max(0, m.start() - 12) : m.start()]) or demonym_state(words[-1]))
        plain = len(words) >= 2 and not any(w.lower() in lex["not_names"] for w in words)
        runs.append((subs, ruled_out, plain))
    return tuple(runs)


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
                names[_clean_name(form)] = actor.name
        persons = {a.name for a in actors if a.type == "person"}
        names = {**_unique_surnames(persons), **names}
        return cls(names, frozenset(others - set(names)))

    @classmethod
    def from_entities(cls, entities: Iterable[Any]) -> People:
        """From named entities (``text`` and ``label``) of one text, without a story."""
        entities = list(entities)
        persons = {_clean_name(e.text.strip()) for e in entities if e.label == "PERSON" and e.text.strip()}
        names = {**{name: name for name in persons}, **_unique_surnames(persons)}  # "Dalton" alone: Emre Dalton
        others = {_bare(e.text) for e in entities if e.label in _NOT_PERSONS}
        return cls(names, frozenset(others - persons))

    def with_persons(self, found: Iterable[str]) -> People:
        """These people too: names the text introduces with a title ("chief executive, Sofia
        Marques") are persons whatever a tagger said."""
        extra = {name: self.names.get(name, name) for name in found}
        if all(name in self.names for name in extra):
            return self
        return People({**self.names, **extra}, self.others - set(extra))


@lru_cache(maxsize=8192)
def _titled_names(text: str) -> tuple[tuple[str, str], ...]:
    """(title, name) of the people the text introduces with a title ("Prime Minister Lena
    Varga", "Emre Dalton, Valmora's defence minister,"); cached, as a story's paragraphs are
    read again each time it grows."""
    from newsweave.synthesize.roles import roles_in_sentence, title_key

    found = []
    for m in re.finditer(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})+", text):
        name = _clean_name(m.group(0))
        at = m.group(0).rfind(name)
        if len(name.split()) < 2 or at < 0 or any(w.lower() in quote_lexicon()["not_names"] for w in name.split()):
            continue
        start = m.start() + at
        found += [(title_key(t), name) for t in roles_in_sentence(text, start, start + len(name))]
    return tuple(found)


def _by_title(description: str, titled: list[tuple[str, str]]) -> str | None:
    """The one person the article gave the title a description names ("the prime minister")."""
    from newsweave.synthesize.roles import title_key

    words = description.split()
    if len(words) < 2 or words[0].lower() != "the":
        return None
    wanted = title_key(" ".join(words[1:]))
    names = {name for title, name in titled if title == wanted or title.endswith(" " + wanted)}
    return names.pop() if len(names) == 1 else None


def extract_quotes(paragraphs: list[str], people: People | None = None, parse: Parse | None = None) -> list[Quote]:
    """The direct quotes of an article given as its body paragraphs, in order.

    With ``parse`` (a dependency parser, ``ClauseSplitter.parse``) the speaker is the subject of
    the reporting verb (:mod:`newsweave.synthesize.speakers`), unknown when that subject is no speaker, and
    quotes inside reported speech are kept as ``partial`` quotes of its speaker.

    A speaker given as a title with "the" ("the prime minister said") is the person the article
    introduced with that title, when it introduced exactly one (``speaker_kind`` "title"). A
    pronoun is the person named last; with ``people`` (:class:`People`) a surname alone counts as
    a name and a place or a firm named last is passed over.
    """
    pats = _patterns()
    quotes: list[Quote] = []
    known: list[str] = []  # names seen so far: the referents of pronouns and surnames
    titled: list[tuple[str, str]] = []  # (title, name) introduced so far
    previous: Quote | None = None
    open_quote: Quote | None = None
    parsed = _parsed(paragraphs, parse)
    subjects: list[str] = []  # with a parse: the persons named as subjects so far ("he", "she")
    genders = _genders(paragraphs, parsed, people)
    for p, para in enumerate(paragraphs):
        para = curl_quotes(para)
        spans = _quote_spans(para)
        if open_quote is not None and not (spans and spans[0][0] == 1):
            closing, opening = para.find("”"), para.find("“")
            if closing != -1 and (opening == -1 or closing < opening):
                # the quote closes in this paragraph before any opens: a line break inside it
                spans = [(0, closing, True), *spans]
            else:
                open_quote = None  # a paragraph that does not open with a quote mark ends the open quote
        # one attribution per span, the continued quote's included (read after the spans are final)
        heard = attribute(parsed[p], [(a, b) for a, b, _ in spans]) if parsed.get(p) else None
        named = _persons(named_subjects(parsed[p], [(a, b) for a, b, _ in spans]), people) if parsed.get(p) else []
        told = reported(parsed[p], [(a, b) for a, b, _ in spans]) if parsed.get(p) else []
        cursor = 0
        introduced = _titled_names(para)
        titled += introduced
        if people is not None and introduced:
            people = people.with_persons(name for _, name in introduced)
        for n, (start, end, closed) in enumerate(spans):
            known += _names_in(para[cursor : max(start - 1, cursor)], people)
            who, verb, partial = heard[n] if heard else (None, None, False)
            text = para[start:end].strip()
            if open_quote is not None and start <= 1:  # the previous paragraph's quote goes on
                open_quote.text = f"{open_quote.text} {text}".strip()
                open_quote.end, open_quote.end_paragraph = end, p
                quote = open_quote
                open_quote = None if closed else quote
                if quote.speaker is None and who is not None and verb is not None:  # named where it closes
                    quote.speaker, quote.speaker_kind = _heard_speaker(who, subjects, known, genders)
                    quote.cue = verb
            else:
                before = para[max(0, start - 201) : max(start - 1, 0)]  # what the patterns read of it
                embedded = _embedded(before) or (heard is not None and partial)
                if len(text.split()) < _MIN_WORDS or (embedded and (heard is None or verb is None)):
                    cursor = end
                    continue
                quote = Quote(text, None, "unknown", None, p, start, end, "partial" if embedded else "direct")
                quotes.append(quote)
                open_quote = None if closed else quote
                if heard is not None:
                    if who is not None and verb is not None:
                        here = subjects + [name for at, name in named if at < who.start]
                        quote.speaker, quote.speaker_kind = _heard_speaker(who, here, known, genders)
                    quote.cue = verb
                else:
                    match = pats["before"].search(before[-160:])
                    if match:
                        quote.speaker, quote.speaker_kind = _speaker(match.group("who"), known)
                        quote.cue = match.group("verb").lower()
            after = para[end + 1 : end + 201] if closed else ""  # bounded: what the patterns read of it
            if quote.speaker is None and quote.cue is None and after and heard is None:
                _attribute_after(quote, after, known)
            if not closed:  # the quote goes on in the next paragraph, which may name the speaker
                cursor = end
                continue
            unheard = quote.speaker is None and quote.cue is None
            # "Coan argues that his client … . “The government is alleging …”": the speaker of
            # reported speech earlier in the paragraph, unless a quote came after it
            said: list[tuple[int, Mention, str]] = []
            if unheard:
                said = [(r[3], r[0], r[1]) for r in told if r[3] <= start]
                # a short quote with its own attribution after it ("“Rain,” she said.") speaks last
                for k in range(n):
                    k_who, k_verb, _ = heard[k] if heard else (None, None, False)
                    if k_who is not None and k_verb is not None and spans[k][1] <= start:
                        said.append((spans[k][1], k_who, k_verb))
                said.sort(key=lambda s: s[0])
            if said and not (previous is not None and previous.paragraph == p and previous.start > said[-1][0]):
                who_said, verb_said = said[-1][1], said[-1][2]
                here = subjects + [name for at, name in named if at < who_said.start]
                quote.speaker, quote.speaker_kind = _heard_speaker(who_said, here, known, genders)
                quote.cue = verb_said
            elif unheard and start <= 1 and p - 1 in parsed and paragraphs[p - 1].rstrip().endswith(":"):
                # "Dalton issued the following statement:" and the next paragraph is the statement
                intro, intro_verb = introducer(parsed[p - 1])
                if intro is not None and intro_verb is not None:
                    quote.speaker, quote.speaker_kind = _heard_speaker(intro, subjects, known, genders)
                    quote.cue = intro_verb
            elif unheard and previous is not None and previous.paragraph in (p, p - 1):
                quote.speaker, quote.speaker_kind, quote.cue = previous.speaker, "continued", previous.cue
            if quote.speaker and quote.speaker_kind == "description":
                holder = _by_title(quote.speaker, titled)
                if holder:
                    quote.speaker, quote.speaker_kind = holder, "title"
            if quote.speaker and quote.speaker_kind in ("named", "pronoun") and " " in quote.speaker:
                known.append(quote.speaker)
            previous = quote
            cursor = end
        known += _names_in(para[cursor:], people)
        subjects += [name for _, name in named] if p in parsed else _opening_persons(para, people)
    return quotes


def _persons(found: list[tuple[int, str]], people: People | None) -> list[tuple[int, str]]:
    """The names that are persons (the story's or text's people, else any name of two words),
    as full names."""
    out = []
    for at, name in found:
        name = _clean_name(name)
        if _family(name, people):
            continue
        if people is not None:
            if name in people.names:
                out.append((at, people.names[name]))
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


def _opening_persons(para: str, people: People | None) -> list[str]:
    """The persons that open the sentences of a paragraph that was not parsed ("Walsh, a former
    labor leader, had …", "Republican nominee Emre Dalton has …"): the subjects the parse would
    most often have found, read without parsing it. Only names the story knows as persons."""
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
            found = _persons([(0, m.group(0).rstrip("."))], people)
            if found and found[0][1] in people.names.values():
                out.append(found[0][1])
                break
    return out


def _family(name: str, people: People | None) -> bool:
    """Whether a single word names a family ("the Daltons"): a known person's surname with "s"."""
    if " " in name or not name.endswith("s") or people is None:
        return False
    return any(full.split()[-1] == name[:-1] for full in people.names.values())


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


def _parsed(paragraphs: list[str], parse: Parse | None) -> dict[int, list[Tok]]:
    """The parses of the paragraphs that can hold a quote or reported speech (quote marks
    curled, offsets unchanged); the others have none, and the rules read them."""
    if parse is None:
        return {}
    wanted = [p for p, para in enumerate(paragraphs) if _worth_parsing(para)]
    parses = parse([curl_quotes(paragraphs[p]) for p in wanted]) if wanted else []
    return dict(zip(wanted, parses, strict=True))


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


def _genders(paragraphs: list[str], parsed: dict[int, list[Tok]], people: People | None) -> Genders:
    """What the article tells of the gender of the persons it names (the story's people and the
    subjects of its parsed paragraphs)."""
    persons = set(people.names.values()) if people is not None else set()
    for p, toks in parsed.items():
        spans = [(a, b) for a, b, _ in _quote_spans(curl_quotes(paragraphs[p]))]
        persons.update(name for _, name in _persons(named_subjects(toks, spans), people))
    return Genders(paragraphs, persons)


def _heard_speaker(
    who: Mention, subjects: list[str], known: list[str], genders: Genders | None = None
) -> tuple[str | None, str]:
    """A speaker the parse found, as the reader should see it: "he"/"she" is the person last
    named as a subject whose gender agrees (:mod:`newsweave.synthesize.referents`; unknown when
    none does), a name loses its titles and stands for the full name used before, a description
    stays as written."""
    if who.kind == "pronoun":
        person = resolve(who.text, subjects, genders)
        return (person, "pronoun") if person else (None, "unknown")
    if who.kind == "description":
        return who.text, "description"
    return _speaker(who.text, known)


# "told" takes its addressee: up to six words when "that" follows them ("told the Marnholt Courier
# news site that …", "told Meridian on Monday that …"), else one of the usual ones ("told reporters …").
_INDIRECT_VERBS = (
    r"(?i:said|says|told (?:(?:[\w’'.-]+\s+){0,5}?[\w’'.-]+(?=\s+that\s)|reporters|journalists|lawmakers|"
    r"parliament|the \w+)|announced|warned|claimed|insisted|added|stressed|argued|noted|confirmed)"
)


def indirect_speech(
    paragraphs: list[str], known: list[str] | None = None, people: People | None = None, parse: Parse | None = None
) -> list[Quote]:
    """Reported speech: "Gantz said Israel obtained intelligence that …" (no quotation marks).

    The speaker is a name, pronoun or description right before the reporting verb at the start
    of a sentence; the content is the rest of the sentence (after an optional "that"). A title
    with "the" ("the governor announced") is the person the article introduced with that title,
    when it introduced exactly one, as for direct quotes. With ``parse``, the speaker is the
    subject of the reporting verb and the content its complement clause (or, for "according
    to", the clause it qualifies), in any paragraph, outside quotation marks.
    """
    known = list(known or [])
    parsed = _parsed(paragraphs, parse)
    if any(parsed.values()):  # a parser that is not installed parses nothing: the rules below
        return _reported_speech(paragraphs, known, people, parsed)
    pattern = _indirect_pattern()
    found: list[Quote] = []
    titled: list[tuple[str, str]] = []
    for p, para in enumerate(paragraphs):
        titled += _titled_names(para)
        if "“" in para or '"' in para:
            known += _names_in(para, people)
            continue
        for m in pattern.finditer(para):
            content = m.group("content").strip()
            who = _indirect_speaker(para, m.start("who"), m.group("who"))
            if len(content.split()) < 4 or who is None:
                continue
            speaker, kind = _speaker(who, known)
            holder = _by_title(speaker, titled) if kind == "description" else None
            if holder:
                speaker, kind = holder, "title"
            verb = m.group("verb").lower()
            found.append(Quote(content, speaker, kind, verb, p, m.start("content"), m.end("content"), "indirect"))
        known += _names_in(para, people)
    return found


def _reported_speech(
    paragraphs: list[str], known: list[str], people: People | None, parsed: dict[int, list[Tok]]
) -> list[Quote]:
    """:func:`indirect_speech` from the dependency parse."""
    found: list[Quote] = []
    titled: list[tuple[str, str]] = []
    subjects: list[str] = []
    genders = _genders(paragraphs, parsed, people)
    for p, para in enumerate(paragraphs):
        para = curl_quotes(para)
        titled += _titled_names(para)
        quoted = [(a, b) for a, b, _ in _quote_spans(para)]
        toks = parsed.get(p) or []
        named = _persons(named_subjects(toks, quoted), people)
        for who, verb, start, end in reported(toks, quoted):
            here = subjects + [name for at, name in named if at < who.start]
            speaker, kind = _heard_speaker(who, here, known, genders)
            holder = _by_title(speaker, titled) if speaker and kind == "description" else None
            if holder:
                speaker, kind = holder, "title"
            found.append(Quote(para[start:end], speaker, kind, verb, p, start, end, "indirect"))
        known += _names_in(para, people)
        subjects += [name for _, name in named] if p in parsed else _opening_persons(para, people)
    return found


@lru_cache(maxsize=1)
def _indirect_pattern() -> re.Pattern[str]:
    adverb = "|".join(re.escape(a) for a in quote_lexicon()["adverbs"])
    return re.compile(
        rf"(?P<who>\b(?i:he|she|they)|\b(?i:the|a|an)\s+[a-z][\w’' -]{{2,50}}?|{_NAME})\s+"
        rf"(?:(?i:{adverb})\s+)?"  # "the governor also announced"
        rf"(?P<verb>{_INDIRECT_VERBS})(?:\s+on\s+\w+)?(?:\s+in a statement)?\s+(?:that\s+)?"
        rf"(?P<content>[^“”\"]{{15,400}}?[.!?])(?=\s|$)"
    )


_SENTENCE_SUBJECT = re.compile(rf"(?P<who>{_NAME})\s+[a-z]")
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


def _embedded(before: str) -> bool:
    """Whether a quote opens in the middle of a sentence (a fragment, not a quotation)."""
    stripped = before.rstrip()
    if not stripped:
        return False
    if stripped[-1] in ":,":
        return False
    if re.search(rf"\b(?:{quote_lexicon()['verb_re']})$", stripped, re.IGNORECASE):
        return False
    return stripped[-1] not in '.!?”"'


def _attribute_after(quote: Quote, after: str, known: list[str]) -> None:
    pats = _patterns()
    head = after[:200]
    match = pats["after_verb_first"].match(head) or pats["after_who_first"].match(head)
    if not match:
        return
    who = match.group("who")
    if who.lower().split()[0] in ("a", "an", "the", "his", "her", "their", "its"):
        # "said the union’s chief negotiator, Rui Matos" -> the name after the description
        tail = head[match.end() :]
        name = re.match(rf"^,\s+({_NAME})\b", tail)
        if name and match.re is pats["after_verb_first"]:
            who = name.group(1)
    quote.speaker, quote.speaker_kind = _speaker(who, known)
    quote.cue = match.group("verb").lower()


@dataclass(slots=True)
class FoundQuote:
    quote: Quote
    article: str
    sentence: int
    start: int = 0  # where the quoted words start and end in the article's clean text
    end: int = 0  # (its kept lines joined by newlines)


def article_quotes(
    article: Any, sentences: list[Any], people: People | None = None, parse: Parse | None = None
) -> list[FoundQuote]:
    """The quotes of a stored article, each placed in the sentence where it starts; ``people``
    (:class:`People`) tells pronouns which names are persons; with ``parse`` (a dependency
    parser) speakers are the subjects of reporting verbs."""
    body = [ln for ln in article.lines if ln.kind == "body"]
    offsets: list[int] = []
    cursor = 0
    for line in article.lines:
        if line.kind == "dropped":
            continue
        if line.kind == "body":
            offsets.append(cursor)
        cursor += len(line.text) + 1
    found = []
    paragraphs = [ln.text for ln in body]
    once = remembering(parse) if parse is not None else None
    for quote in extract_quotes(paragraphs, people, once) + indirect_speech(paragraphs, people=people, parse=once):
        position = offsets[quote.paragraph] + quote.start
        stop = offsets[quote.paragraph if quote.end_paragraph < 0 else quote.end_paragraph] + quote.end
        index = next((s.index for s in sentences if s.start <= position < s.end + 1), None)
        if index is None and sentences:
            index = min(sentences, key=lambda s: abs(s.start - position)).index
        found.append(FoundQuote(quote, article.id, index if index is not None else 0, position, stop))
    return found


def story_quotes(
    material: StoryMaterial, actors: list[Actor] | None = None, parse: Parse | None = None
) -> list[FoundQuote]:
    """The quotes of every article of a story; the story's ``actors`` tell the finder which
    names are persons (the referents of pronouns) and which are places or organisations;
    ``parse`` as for :func:`article_quotes`."""
    people = None
    if actors is not None:
        groups = {e.text for a in material.articles for e in material.entities.get(a.id, []) if e.label == "NORP"}
        people = People.from_actors(actors, groups)
    return [
        found
        for article in material.articles
        for found in article_quotes(article, material.sentences.get(article.id, []), people, parse)
    ]


def speaker_key(speaker: str | None) -> str | None:
    """The surname key that identifies a named speaker (``None`` for pronouns and descriptions)."""
    from newsweave.text.names import name_key

    if not speaker or speaker[:1].islower():
        return None  # pronouns left unresolved and descriptions do not identify a speaker
    return name_key(speaker).split()[-1] if name_key(speaker) else None
