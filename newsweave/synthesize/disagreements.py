"""Where outlets disagree: claims about one thing that give it different values.

Flagged, not judged: each disagreement names what it is about and cites every side.

- numbers: claims of different articles about the same thing (embedding cosine ≥ 0.6) that give
  different numbers for one noun ("10 Iranians were arrested" / "eight Iranians were held") or
  one tally whatever the noun ("12 workers were killed" / "15 people died"); a count that a later
  report updates ("the death toll rose to 15", or a tally grown in a later-dated article) is
  kind "update", sides in date order, not a disagreement (:mod:`newsweave.synthesize.tallies`);
- dates: claims grouped as one fact (:func:`newsweave.synthesize.coverage.group_claims`) whose dates,
  resolved against each article's publication date, do not overlap ("foiled in early June" /
  "foiled in late July");
- titles: one actor given two titles with the same head word but different qualifiers by
  articles of different outlets dated within a week ("defense minister" / "foreign minister");
  a title that changes over months is a change of role, not a disagreement;
- attributions: the same words (by :func:`newsweave.synthesize.alignment.wording_overlap`, content
  words over most of both quotes) attributed to different named speakers by different articles.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from newsweave.records import Actor, Citation, CitedText, Disagreement, Sentence, StoryMaterial, StoryQuote, outlet_key
from newsweave.synthesize.demonyms import demonyms
from newsweave.synthesize.tallies import Count, label, relation
from newsweave.synthesize.tallies import counts as tally_counts
from newsweave.synthesize.tallies import updates as tally_updates
from newsweave.synthesize.titles import neutral_qualifiers, title_lexicon
from newsweave.text.dates import parse_iso
from newsweave.text.timex_values import date_span
from newsweave.text.timexes import is_absolute

_TITLE_WINDOW = timedelta(days=7)
_DATE_SAME_WORDS = 0.5  # Jaccard of the content words, dates left out
_ATTRIBUTED_WORDS = 6  # content words of the matched wordings, fewer are too little evidence of who said it
_ATTRIBUTED_SHARE = 0.6  # of each quote's content words the matched wordings hold at least


def _share(a: set[str], b: set[str]) -> float:
    return len(a & b) / (len(a | b) or 1)


def _cite(sent: Sentence) -> Citation:
    return Citation(sent.article_id, sent.index)


def number_conflicts(
    claims: list[Sentence],
    matrix: Any,
    close: float = 0.6,
    dates: Mapping[str, date | None] | None = None,
    tally_close: float | None = None,
    outlets: Mapping[str, str] | None = None,
) -> list[Disagreement]:
    """Claims of different articles about the same thing (embedding cosine ≥ ``close``;
    ``tally_close`` for tallies, counted by any noun) that give different numbers for it:
    "10 Iranians were arrested" / "eight Iranians were held"; "12 workers were killed" / "15
    people died". A count a later report updates (``dates``: article -> publication date) is
    an "update" (sides in date order), not a "number" disagreement: see :func:`relation`. Two
    articles of one outlet (``outlets``: article -> outlet) never disagree; one updates the other."""
    dates = dates or {}
    outlets = outlets or {}
    tally_close = close if tally_close is None else tally_close
    cue = [tally_updates(sent.text) for sent in claims]
    by_thing: dict[str, list[tuple[int, Count]]] = defaultdict(list)
    for i, sent in enumerate(claims):
        for count in tally_counts(sent.text):
            by_thing[count.thing].append((i, count))
    out: list[Disagreement] = []
    for thing, items in sorted(by_thing.items()):
        if len({c.value for _, c in items}) < 2:
            continue
        sides: dict[str, dict[float, list[int]]] = {"conflict": defaultdict(list), "update": defaultdict(list)}
        for a, (i, ci) in enumerate(items):
            for j, cj in items[a + 1 :]:
                if ci.value == cj.value or claims[i].article_id == claims[j].article_id:
                    continue
                if float(matrix[i] @ matrix[j]) < (tally_close if ci.tally else close):
                    continue
                di, dj = dates.get(claims[i].article_id), dates.get(claims[j].article_id)
                how = relation(ci, cj, di, dj, cue[i], cue[j])
                one_outlet = outlets.get(claims[i].article_id, "i") == outlets.get(claims[j].article_id, "j")
                if how == "conflict" and one_outlet:
                    continue
                if how in sides:
                    for k, c in ((i, ci), (j, cj)):
                        if k not in sides[how][c.value]:
                            sides[how][c.value].append(k)
        if len(sides["conflict"]) >= 2:
            conflicting = sorted(sides["conflict"].items())
            out.append(
                Disagreement(
                    label(thing),
                    "number",
                    [CitedText(claims[ks[0]].text, [_cite(claims[k]) for k in ks]) for _, ks in conflicting],
                )
            )
        if len(sides["update"]) >= 2:

            def first(ks: list[int]) -> date:
                known = [d for k in ks if (d := dates.get(claims[k].article_id)) is not None]
                return min(known, default=date.max)

            ordered = sorted(sides["update"].items(), key=lambda vk: (first(vk[1]), vk[0]))
            out.append(
                Disagreement(
                    label(thing),
                    "update",
                    [CitedText(claims[ks[0]].text, [_cite(claims[k]) for k in ks]) for _, ks in ordered],
                )
            )
    return out


_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|told(?:\s+\w+){0,2}|announced|reported|added|stated)(?:\s+on)?\s*$", re.IGNORECASE
)
_REPORTED_AFTER = re.compile(r"^\s*,?\s*(?:said|says|told|announced|reported)\b", re.IGNORECASE)


def _claim_dates(sent: Sentence, material: StoryMaterial) -> list[tuple[str, tuple[date, date]]]:
    """The dates a claim gives for its fact (as written, and the days they span), from its DATE
    entities; the date of a statement ("police said Saturday") dates the telling, not the fact."""
    out = []
    for ent in material.entities.get(sent.article_id, []):
        if ent.label != "DATE" or ent.sentence != sent.index or not ent.value:
            continue
        if ent.start < sent.start or ent.end > sent.end:  # in another clause of the sentence
            continue
        start, end = ent.start - sent.start, ent.end - sent.start
        if _REPORTED_BEFORE.search(sent.text[:start]) or _REPORTED_AFTER.match(sent.text[end:]):
            continue
        span = date_span(ent.value)
        if span is not None and is_absolute(ent.text):
            out.append((ent.text, span))
    return out


def _without_dates(sent: Sentence, dates: list[tuple[str, tuple[date, date]]]) -> set[str]:
    from newsweave.text.words import content_words

    text = sent.text
    for written, _span in dates:
        text = text.replace(written, " ")
    return content_words(text)


def date_conflicts(groups: list[list[Sentence]], material: StoryMaterial) -> list[Disagreement]:
    """Claims grouped as one fact, in different articles, whose dates do not overlap."""
    out: list[Disagreement] = []
    for members in groups:
        dated = [(sent, _claim_dates(sent, material)) for sent in members]
        dated = [(sent, spans) for sent, spans in dated if len(spans) == 1]  # one date: unambiguous
        if len(dated) < 2:
            continue
        words = {id(sent): _without_dates(sent, spans) for sent, spans in dated}
        head = words[id(dated[0][0])]
        # the same fact told with nearly the same words, apart from the date
        dated = [d for d in dated if _share(words[id(d[0])], head) >= _DATE_SAME_WORDS]
        sides: list[tuple[tuple[date, date], list[Sentence]]] = []
        for sent, [(_text, span)] in dated:
            for known, group in sides:
                if span[0] <= known[1] and known[0] <= span[1]:
                    group.append(sent)
                    break
            else:
                sides.append((span, [sent]))
        articles = [{s.article_id for s in group} for _, group in sides]
        if len(sides) < 2 or len(set().union(*articles)) < 2:
            continue
        out.append(
            Disagreement(
                f"date: {_shorten(members[0].text)}",
                "date",
                [
                    CitedText(group[0].text, [_cite(s) for s in group])
                    for _, group in sorted(sides, key=lambda sg: sg[0][0])
                ],
            )
        )
    return out


def title_conflicts(actors: list[Actor], material: StoryMaterial) -> list[Disagreement]:
    """An actor given titles with one head word and different fields of office, within a week, by
    different outlets ("Valmora's defence minister" / "Valmora's foreign minister"). Only fields
    of the title lexicon (``portfolios``: defence, finance, health …) and bodies written as
    initials ("NSA director") tell two offices of one kind apart: other qualifiers are often a
    second post held at once ("harbour patrol commander", "flood response commander"), an opinion
    ("trusted chief executive") or debris of a credit."""
    from newsweave.synthesize.titles import portfolios, title_key

    fields = portfolios()

    outlet_of = {a.id: outlet_key(a) for a in material.articles}
    out: list[Disagreement] = []
    for actor in actors:
        dated = [(r, parse_iso(r.as_of)) for r in actor.roles]
        conflicts: list[tuple[Any, Any]] = []
        for i, (a, da) in enumerate(dated):
            for b, db in dated[i + 1 :]:
                if da is None or db is None or abs(da - db) > _TITLE_WINDOW:
                    continue
                ka, kb = title_key(a.title), title_key(b.title)
                if ka.split()[-1] != kb.split()[-1]:
                    continue  # two different offices ("foreign minister", "party leader")
                qa, qb = _qualifiers(ka), _qualifiers(kb)
                if not qa or not qb or qa & qb or _acronym_of(ka, kb) or _acronym_of(kb, ka):
                    continue  # the same office, one more precise, qualified by time only, or abbreviated
                if not (_fields(a.title, qa, fields) and _fields(b.title, qb, fields)):
                    continue  # not two fields or bodies of one kind of office
                if len({outlet_of.get(c.article) for c in [*a.citations, *b.citations]}) > 1:
                    conflicts.append((a, b))
        if conflicts:
            roles = list({id(r): r for pair in conflicts for r in pair}.values())
            sides = [CitedText(f"{actor.name}, {r.title}", list(r.citations)) for r in roles]
            out.append(Disagreement(f"title of {actor.name}", "title", sides))
    return out


def _fields(title: str, qualifiers: frozenset[str], portfolios: frozenset[str]) -> frozenset[str]:
    """The ``qualifiers`` of ``title`` that name a field of office (``portfolios``) or a body by its
    initials as the title writes them ("NSA", "F.B.I.")."""
    initials = {w.replace(".", "").lower() for w in title.split() if sum(c.isupper() for c in w) >= 2 and w.isupper()}
    return frozenset(q for q in qualifiers if q in portfolios or q.replace(".", "") in initials)


@lru_cache(maxsize=1)
def _connectors() -> frozenset[str]:
    return frozenset(w.lower() for w in title_lexicon()["connectors"])


@lru_cache(maxsize=1)
def _neutral_words() -> frozenset[str]:
    return neutral_qualifiers() | demonyms()


def _qualifiers(title: str) -> frozenset[str] | None:
    """The words that say which office a title is ("defence" in "Valmora's defence minister"),
    without countries' possessives, nationalities and words of time; ``None`` for a phrase that
    is not a plain title ("coalition of prime minister")."""
    words = title.split()[:-1]
    if "of" in words or "and" in words:
        return None
    neutral = _neutral_words()
    return frozenset(w for w in words if not w.endswith("'s") and w not in neutral and w.isalpha())


def _acronym_of(short: str, full: str) -> bool:
    """Whether a title's qualifier is the initials of another's ("CIA director" / "Central
    Intelligence Agency director", "F.B.I. director"; the title lexicon's connectors are no
    initial: "FBI" / "Federal Bureau of Investigation", or one: "DOJ" / "Department of Justice"):
    one office written two ways."""
    words = {w.replace(".", "") for w in short.split()[:-1]}
    others = [w for w in full.split()[:-1] if w not in _neutral_words() and w.isalpha()]
    connectors = _connectors()
    for kept in (others, [w for w in others if w.lower() not in connectors]):
        initials = "".join(w[0] for w in kept)
        if len(initials) >= 2 and initials in words:
            return True
    return False


def attribution_conflicts(quotes: list[StoryQuote], overlap: float = 0.8) -> list[Disagreement]:
    """The same words (``overlap`` of the shorter wording's content words; the default asks for
    nearly all, not a paraphrase) attributed to different named people by different articles.
    The wordings that match (the whole quotes or a sentence of each) must each hold at least
    :data:`_ATTRIBUTED_WORDS` content words and most of their quote's (:data:`_ATTRIBUTED_SHARE`):
    two quotes that share a short common sentence ("How can there be business?") or only function
    words are no evidence that one was said by two people. Two spellings of one name ("Halvorsen"
    / "Halvorson") are one person, not a disagreement."""
    from newsweave.synthesize.alignment import overlap_pairs, quote_words

    # named people only, quotes long enough to be evidence; words someone denied are not theirs
    named = [
        q
        for q in quotes
        if q.kind != "denied" and _person_like(q.speaker) and len(quote_words(q.text)) >= _ATTRIBUTED_WORDS
    ]
    close = overlap_pairs([q.text for q in named], overlap)  # the pairs worded alike enough
    articles = [_articles(q) for q in named]
    out: list[Disagreement] = []
    taken: set[int] = set()
    for i, a in enumerate(named):
        if i in taken:
            continue
        sides = [a]
        # the row's columns read from the matrix's arrays (slicing a row out costs more than the rest)
        row = close.indices[close.indptr[i] : close.indptr[i + 1]]
        for j in sorted(int(j) for j in row if j > i):
            b = named[j]
            if j in taken or not articles[i].isdisjoint(articles[j]):
                continue
            if not _same_words(a.text, b.text, overlap) or any(_same_person(b.speaker, s.speaker) for s in sides):
                continue
            sides.append(b)
            taken.add(j)
        if len(sides) > 1:
            out.append(
                Disagreement(
                    f"who said “{_shorten(a.text)}”",
                    "attribution",
                    [CitedText(f"{q.speaker}: “{q.text}”", _all_citations(q)) for q in sides],
                )
            )
    return out


def _same_words(a: str, b: str, overlap: float) -> bool:
    """Whether two quotes are one wording over most of both: no opposites, and the wordings that
    match (the whole quotes when they reach ``overlap``, else the closest sentences) hold
    :data:`_ATTRIBUTED_WORDS` content words or more each and :data:`_ATTRIBUTED_SHARE` of their
    quote's at least (a fragment of a longer quote is no evidence of who said the rest)."""
    from newsweave.synthesize.alignment import closest_wordings, opposite, quote_words, whole_overlap

    if opposite(a, b):
        return False
    x, y = (a, b) if whole_overlap(a, b) >= overlap else closest_wordings(a, b)[1:]
    for part, whole in ((x, a), (y, b)):
        words = len(quote_words(part))
        if words < _ATTRIBUTED_WORDS or words < _ATTRIBUTED_SHARE * len(quote_words(whole)):
            return False
    return True


def _same_person(a: str | None, b: str | None) -> bool:
    from difflib import SequenceMatcher

    from newsweave.synthesize.quotes import speaker_key
    from newsweave.text.names import name_key

    if speaker_key(a) == speaker_key(b):
        return True
    return SequenceMatcher(None, name_key(a or ""), name_key(b or "")).ratio() >= 0.8


def _person_like(speaker: str | None) -> bool:
    """A speaker written as a person's full name ("Jan Edmundson"), not a group or a fragment."""
    from newsweave.synthesize.quotes import speaker_key

    if not speaker or not speaker_key(speaker) or any(ch in speaker for ch in ".,;:"):
        return False
    words = speaker.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _all_citations(quote: StoryQuote) -> list[Citation]:
    return list(quote.citations) + [c for v in quote.variants for c in v.citations]


def _articles(quote: StoryQuote) -> set[str]:
    return {c.article for c in _all_citations(quote)}


def _shorten(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
