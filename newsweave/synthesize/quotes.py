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

The parts live apart: quoted stretches and the rule data in :mod:`~newsweave.synthesize.quote_marks`,
names and persons in :mod:`~newsweave.synthesize.persons`, what the finders share (parses, the
speaker as shown, rule patterns) in :mod:`~newsweave.synthesize.attribution`, speakers from the
parse in :mod:`~newsweave.synthesize.speakers` and :mod:`~newsweave.synthesize.referents`, and
reported speech in :mod:`~newsweave.synthesize.reported`. This module finds the direct quotes
and places every quote of a story in its article and sentence.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsweave.records import Actor, StoryMaterial
from newsweave.runtime.forked import forked_map, worth_forking
from newsweave.synthesize.attribution import (
    Referent,
    attribute_after,
    described_before,
    full_name,
    genders_of,
    heard_speaker,
    misparsed,
    named_in,
    nearby,
    paragraphs_to_parse,
    parsed_paragraphs,
    patterns,
    remembering,
    resolve_pronouns,
    subject_referents,
)
from newsweave.synthesize.persons import (
    People,
    by_title,
    clean_name,
    names_in,
    opening_persons,
    speaker_as_written,
    titled_names,
)
from newsweave.synthesize.quote_marks import (
    MIN_WORDS,
    Quote,
    curl_quotes,
    embedded_fragment,
    is_work_title,
    quote_lexicon,
    quote_spans,
)
from newsweave.synthesize.quote_memory import KeptQuote, KeptQuotes, QuoteMemory, article_digest
from newsweave.synthesize.referents import Described
from newsweave.synthesize.reported import indirect_speech
from newsweave.synthesize.speakers import Mention, attribute, introducer, reported
from newsweave.synthesize.story_speakers import CommonWords, with_story_speakers
from newsweave.text.parse import Parse, Tok

FORK_ARTICLES = 40  # articles from which story_quotes reads a story's articles in forked processes

__all__ = [
    "FoundQuote",
    "People",
    "Quote",
    "article_people",
    "article_quotes",
    "curl_quotes",
    "extract_quotes",
    "indirect_speech",
    "paragraphs_to_parse",
    "quote_lexicon",
    "remembering",
    "speaker_key",
    "story_people",
    "story_quotes",
]


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
    pats = patterns()
    quotes: list[Quote] = []
    known: list[str] = []  # names seen so far: the referents of pronouns and surnames
    titled: list[tuple[str, str]] = []  # (title, name) introduced so far
    previous: Quote | None = None
    open_quote: Quote | None = None
    parsed = parsed_paragraphs(paragraphs, parse)
    subjects: list[str | Described] = []  # with a parse: the persons named or described as subjects so far
    genders = genders_of(paragraphs, parsed, people)
    for p, para in enumerate(paragraphs):
        near = nearby(paragraphs, p)
        para = curl_quotes(para)
        spans = quote_spans(para)
        if open_quote is not None and not (spans and spans[0][0] == 1):
            closing, opening = para.find("”"), para.find("“")
            if closing != -1 and (opening == -1 or closing < opening):
                # the quote closes in this paragraph before any opens: a line break inside it
                spans = [(0, closing, True), *spans]
            else:
                open_quote = None  # a paragraph that does not open with a quote mark ends the open quote
        # one attribution per span, the continued quote's included (read after the spans are final)
        heard = attribute(parsed[p], [(a, b) for a, b, _ in spans]) if parsed.get(p) else None
        subjects_here = (
            subject_referents(parsed[p], [(a, b) for a, b, _ in spans], people, genders.agrees) if p in parsed else []
        )
        refs = resolve_pronouns(subjects_here, subjects, genders)
        named = named_in(refs)
        told = reported(parsed[p], [(a, b) for a, b, _ in spans]) if parsed.get(p) else []
        cursor = 0
        introduced = titled_names(para)
        titled += introduced
        if people is not None and introduced:
            people = people.with_persons(name for _, name in introduced)
        # reported speech and attributed quotes of this paragraph, by position: the latest one
        # before an unattributed quote is its speaker (found by bisection, not by a scan per quote)
        told_order = sorted(range(len(told)), key=lambda i: (told[i][3], i))
        told_at = [told[i][3] for i in told_order]
        pending: list[tuple[int, int]] = []  # (end, k) of attributed spans not yet before a quote
        latest_heard: tuple[int, int] | None = None
        for n, (start, end, closed) in enumerate(spans):
            if n and heard and heard[n - 1][0] is not None and heard[n - 1][1] is not None:
                heapq.heappush(pending, (spans[n - 1][1], n - 1))
            known += names_in(para[cursor : max(start - 1, cursor)], people)
            who, verb, partial = heard[n] if heard else (None, None, False)
            text = para[start:end].strip()
            if open_quote is not None and start <= 1:  # the previous paragraph's quote goes on
                open_quote.text = f"{open_quote.text} {text}".strip()
                open_quote.end, open_quote.end_paragraph = end, p
                quote = open_quote
                open_quote = None if closed else quote
                if quote.speaker is None and who is not None and verb is not None:  # named where it closes
                    quote.speaker, quote.speaker_kind = heard_speaker(who, subjects, known, genders, near, titled)
                    quote.cue = verb
            else:
                before = para[max(0, start - 201) : max(start - 1, 0)]  # what the patterns read of it
                embedded = embedded_fragment(before) or (heard is not None and partial)
                too_short = len(text.split()) < MIN_WORDS or is_work_title(text)
                if too_short or (embedded and (heard is None or verb is None)):
                    cursor = end
                    continue
                quote = Quote(text, None, "unknown", None, p, start, end, "partial" if embedded else "direct")
                quotes.append(quote)
                open_quote = None if closed else quote
                if heard is not None:
                    if who is not None and verb is not None:
                        here = subjects + [r.person for r in refs if r.at < who.start]
                        quote.speaker, quote.speaker_kind = heard_speaker(who, here, known, genders, near, titled)
                    quote.cue = verb
                else:
                    match = pats["before"].search(before[-160:])
                    if match:
                        quote.speaker, quote.speaker_kind = speaker_as_written(
                            match.group("who"), known, genders.agrees
                        )
                        quote.cue = match.group("verb").lower()
            after = para[end + 1 : end + 201] if closed else ""  # bounded: what the patterns read of it
            if quote.speaker is None and quote.cue is None and after and heard is None:
                attribute_after(quote, after, known, genders.agrees)
            if not closed:  # the quote goes on in the next paragraph, which may name the speaker
                cursor = end
                continue
            unheard = quote.speaker is None and quote.cue is None
            # "Coan argues that his client … . “The government is alleging …”": the speaker of
            # reported speech earlier in the paragraph, unless a quote came after it
            said: tuple[int, Mention, str] | None = None
            if unheard:
                # a short quote with its own attribution after it ("“Rain,” she said.") speaks last;
                # the latest of those and of the reported speech before the quote, a quote's
                # attribution after reported speech at the same place
                while pending and pending[0][0] <= start:
                    latest_heard = max(latest_heard or (-1, -1), heapq.heappop(pending))
                found = bisect.bisect_right(told_at, start)
                told_key = (told_at[found - 1], 0, told_order[found - 1]) if found else None
                heard_key = (latest_heard[0], 1, latest_heard[1]) if latest_heard else None
                best = max((k for k in (told_key, heard_key) if k is not None), default=None)
                if best is not None and best[1] == 0:
                    said = (best[0], told[best[2]][0], told[best[2]][1])
                elif best is not None and heard:
                    k_who, k_verb, _ = heard[best[2]]
                    said = (best[0], k_who, k_verb)  # type: ignore[assignment]
            since = max(
                said[0] if said else -1, previous.end if previous is not None and previous.paragraph == p else -1
            )
            spoke = _spoke_since(refs, since, start) if unheard else None
            if spoke is not None:
                # "Dorval dismissed the reports. “It is nonsense.”": the person the writer last made
                # speak, after the attribution before
                quote.speaker, quote.speaker_kind = full_name(spoke, known), "named"
            elif said and not (previous is not None and previous.paragraph == p and previous.start > said[0]):
                who_said, verb_said = said[1], said[2]
                here = subjects + [r.person for r in refs if r.at < who_said.start]
                quote.speaker, quote.speaker_kind = heard_speaker(who_said, here, known, genders, near, titled)
                quote.cue = verb_said
            elif unheard and start <= 1 and p - 1 in parsed and paragraphs[p - 1].rstrip().endswith(":"):
                # "Dalton issued the following statement:" and the next paragraph is the statement
                intro, intro_verb = introducer(parsed[p - 1])
                if intro is not None and intro_verb is not None:
                    quote.speaker, quote.speaker_kind = heard_speaker(intro, subjects, known, genders, near, titled)
                    quote.cue = intro_verb
            elif unheard and (fresh := _subject_before(named, start, previous, p)) is not None:
                # "Pell agreed. “The council has run out of time …”": the person the
                # paragraph is about before its quote, not the speaker of the quote before it
                quote.speaker, quote.speaker_kind = fresh, "named"
            elif unheard and previous is not None and previous.paragraph in (p, p - 1):
                quote.speaker, quote.speaker_kind, quote.cue = previous.speaker, "continued", previous.cue
            if quote.speaker and quote.speaker_kind == "description" and misparsed(quote.speaker, people):
                quote.speaker, quote.speaker_kind = None, "unknown"  # "Kessler drop": no speaker
            if quote.speaker and quote.speaker_kind == "description":
                # "the official" after "an official said …" is that official, not one titled before
                holder = by_title(quote.speaker, titled)
                antecedent = described_before(quote.speaker, refs, para, quote.start, holder)
                if antecedent:
                    quote.speaker = antecedent
                elif holder:
                    quote.speaker, quote.speaker_kind = holder, "title"
            if quote.speaker and quote.speaker_kind in ("named", "pronoun") and " " in quote.speaker:
                known.append(quote.speaker)
            previous = quote
            cursor = end
        known += names_in(para[cursor:], people)
        subjects += [r.person for r in refs] if p in parsed else opening_persons(para, people, genders.agrees)
    return quotes


def _spoke_since(refs: Sequence[Referent], since: int, start: int) -> str | None:
    """The person last named as the subject of a verb that speaks or gives a quote ("Dorval
    dismissed the reports", "Pell agreed") between ``since`` and a quote at ``start``."""
    found = [r.person for r in refs if r.speaks and since < r.at < start and isinstance(r.person, str)]
    return found[-1] if found else None


def _subject_before(named: list[tuple[int, str]], start: int, previous: Quote | None, p: int) -> str | None:
    """The person last named as a subject in a paragraph before its quote at ``start``, when no
    quote of the same paragraph comes between."""
    if previous is not None and previous.paragraph == p:
        return None
    before = [name for at, name in named if at < start]
    return before[-1] if before else None


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


def article_people(material: StoryMaterial, article_id: str) -> People:
    """What an article's own names are (:meth:`People.from_entities` of its entities): the
    people its quotes are found with, whatever story it is in. A surname that several of its
    full names share stands for the one the article names most, the first named of those
    ("Nunes" for "Carla Nunes", introduced first, not for the tagger's "Neither Nunes" later), as
    a story's people mostly have it (a surname stands for the person the story names by it most)."""
    entities = material.entities.get(article_id, [])
    people = People.from_entities(entities)
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}
    for e in entities:
        if e.label == "PERSON":
            name = clean_name(e.text.strip())
            counts[name] += 1
            first.setdefault(name, (e.sentence, e.start))
    holders: dict[str, list[str]] = {}
    for name in people.full_names:
        if " " in name and name in counts:
            holders.setdefault(name.split()[-1], []).append(name)
    chosen = {
        surname: min(names, key=lambda n: (-counts[n], first[n], n))
        for surname, names in holders.items()
        if len(names) > 1
    }
    if not chosen:
        return people
    return People({**people.names, **chosen}, people.others - set(chosen))


def story_people(material: StoryMaterial, actors: list[Actor]) -> People:
    """What the story knows its names to be: its actors (types by majority over the story) and
    its nationalities and groups."""
    groups = {e.text for a in material.articles for e in material.entities.get(a.id, []) if e.label == "NORP"}
    return People.from_actors(actors, groups)


def story_quotes(
    material: StoryMaterial,
    actors: list[Actor] | None = None,
    parse: Parse | None = None,
    processes: int = 1,
    memory: QuoteMemory | None = None,
) -> list[FoundQuote]:
    """The quotes of every article of a story. Each article is read with its own names
    (:func:`article_people`), so its quotes depend on it alone (and the parse and the code):
    ``memory`` gives those found before in the same article (by
    :func:`~newsweave.synthesize.quote_memory.article_digest`) and takes the ones found here.
    The story's ``actors`` then name the speakers as the story names its people
    (:func:`~newsweave.synthesize.story_speakers.with_story_speakers`). ``parse`` as for
    :func:`article_quotes`. With ``processes`` > 1 and at least :data:`FORK_ARTICLES` articles
    to read, they are read in that many forked processes, their paragraphs parsed first here, so
    that a process neither parses nor reads the store."""
    articles = list(material.articles)
    digests = [article_digest(a, material.sentences.get(a.id, []), material.entities.get(a.id, [])) for a in articles]
    known = [memory.known(a.id, d) if memory is not None else None for a, d in zip(articles, digests, strict=True)]
    todo = [p for p, kept in enumerate(known) if kept is None]
    own = {a.id: article_people(material, a.id) for a in articles}  # each article's own names, once

    def quotes_of(positions: Sequence[int], reader: Parse | None) -> list[list[FoundQuote]]:
        chosen = [articles[p] for p in positions]
        return [article_quotes(a, material.sentences.get(a.id, []), own[a.id], reader) for a in chosen]

    if parse is None or not worth_forking(processes, len(todo), FORK_ARTICLES):
        found = quotes_of(todo, parse)
    else:
        texts = list(dict.fromkeys(paragraphs_to_parse(material, only={articles[p].id for p in todo})))
        parsed = dict(zip(texts, parse(texts), strict=True)) if texts else {}

        def parsed_already(wanted: Sequence[str]) -> list[list[Tok]]:
            # every paragraph the finders ask for was parsed above: one that was not is a bug, which
            # fails the story (reported, written again next time) rather than changing its speakers
            return [parsed[t] for t in wanted]

        size = -(-len(todo) // (processes * 4))  # a few chunks each: even ends
        # the processes inherit the story; only the articles' positions are sent
        chunks = forked_map(lambda part: quotes_of(part, parsed_already), todo, processes=processes, chunk=size)
        found = [each for _, each in chunks]
    made = dict(zip(todo, found, strict=True))
    if memory is not None:
        memory.add({articles[p].id: _kept(digests[p], quotes) for p, quotes in made.items()})
        memory.reused, memory.found = len(articles) - len(todo), len(todo)
    out: list[FoundQuote] = []
    for p, article in enumerate(articles):
        kept = known[p]
        if kept is None:
            out += made[p]
        else:
            out += [FoundQuote(q.quote, article.id, q.sentence, q.start, q.end) for q in kept]
    if actors is None:
        return out
    others = {article_id: people.others for article_id, people in own.items()}
    return with_story_speakers(out, story_people(material, actors), CommonWords(material), others)


def _kept(digest: str, found: list[FoundQuote]) -> KeptQuotes:
    return KeptQuotes(digest, tuple(KeptQuote(f.quote, f.sentence, f.start, f.end) for f in found))


def speaker_key(speaker: str | None) -> str | None:
    """The surname key that identifies a named speaker (``None`` for pronouns and descriptions)."""
    from newsweave.text.names import name_key

    if not speaker or speaker[:1].islower():
        return None  # pronouns left unresolved and descriptions do not identify a speaker
    return name_key(speaker).split()[-1] if name_key(speaker) else None
