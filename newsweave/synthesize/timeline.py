"""Timeline stage: the story's most important dated events, each told by its best sentences.

A date-wise method in the manner of the "Datewise" approach of Gholipour Ghalandari & Ifrim
(ACL 2020): first select dates, then summarise each date.

- An event is dated by when it happened: a sentence is dated by the temporal expression attached
  to its main event in the dependency parse (:mod:`newsweave.text.eventdate`; "an arrest in
  1998" is not dated by the 1973 coup it recalls), a day resolved against its article's date
  (:mod:`newsweave.text.timexes`); a sentence whose dates are all background, or that has none,
  belongs, more weakly, to its article's publication day; one dated by a month, a year or
  only by background it cannot place on a day belongs to no day. Without a parser, a sentence
  is anchored by its first temporal expression.
- Dates are ranked by how many articles refer to them, an article published later counting
  twice (a day still recalled afterwards is a turning point, not only a forecast or the news of
  the day), plus a third of the number of articles published on them: a day many reports refer
  to outranks a day one long article dwells on.
- Each selected date is told by the sentences that together come closest to its pool's TF-IDF
  centroid (the summary-centroid method of Gholipour Ghalandari, "Revisiting the Centroid-based
  Method", NewSum 2017, which news-tls's Datewise uses; redundant ones skipped). The pool holds
  the sentences that mention the day, and the undated sentences of articles published on it or
  the day after (news reports yesterday's events).
  Each entry cites every other article with a sentence that tells the same event that day.
- A question tells no event: it counts for its day, it is not chosen; a parsed sentence with no
  verb in a tense (a photo caption, a heading) is dated by no day.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from newsweave.config import SynthesizeSettings
from newsweave.records import Article, Citation, Entity, Sentence, StoryMaterial, TimelineEntry
from newsweave.synthesize.summary import counts_differ
from newsweave.synthesize.timeline_memory import ArticleDays, DayMemory, days_digest
from newsweave.text.dates import parse_iso
from newsweave.text.eventdate import body_positions, event_date, timexes_of
from newsweave.text.eventdate_memory import EventDateMemory, date_key
from newsweave.text.parse import Parse, Tok
from newsweave.text.tfidf import tfidf_rows

_SAME_EVENT = 0.2
_CITE_CANDIDATES = 40  # the day's sentences sharing the most words with an entry that may be cited
SupportFn = Callable[[Sequence[Sentence]], np.ndarray]
_REDUNDANT = 0.5
_MIN_WORDS, _MAX_WORDS = 5, 70
PUBLISHED_WEIGHT = 1 / 3
RECALLED_WEIGHT = 2.0


@dataclass
class DatePool:
    """The sentences that refer to one day, and those published on it without a date."""

    day: str
    mentions: list[Sentence] = field(default_factory=list)
    published: list[Sentence] = field(default_factory=list)
    articles_published: set[str] = field(default_factory=set)
    articles_later: set[str] = field(default_factory=set)

    def score(self) -> float:
        """Articles that refer to the day (twice when published later) plus a third of those published on it."""
        referring = {s.article_id for s in self.mentions}
        recalled = len(referring & self.articles_later)
        return len(referring) + (RECALLED_WEIGHT - 1) * recalled + PUBLISHED_WEIGHT * len(self.articles_published)

    @property
    def sentences(self) -> list[Sentence]:
        """Sentences that mention the day first, then those published on it."""
        return self.mentions + self.published


def date_pools(
    material: StoryMaterial,
    keep: Callable[[Sentence], bool] | None = None,
    span: tuple[date, date] | None = None,
    parse: Parse | None = None,
    learned: bool = True,
    memory: EventDateMemory | None = None,
    article_days: DayMemory | None = None,
    day_before_rule: str = "told",
) -> dict[str, DatePool]:
    """Every day the story's body sentences refer to (or were published on), with its sentences.

    ``keep`` filters candidate sentences (e.g. a topic's keywords); ``span`` limits the days;
    ``parse`` (the dependency parser) lets a sentence with temporal expressions be dated by the
    one attached to its main event (:func:`~newsweave.text.eventdate.event_date`; only those
    sentences are parsed), else by its first; ``learned``: by the learned model (else the rules);
    ``article_days`` (with ``parse``, without ``keep``) the days of articles found before: they are not
    found again (:mod:`~newsweave.synthesize.timeline_memory`). An article's sentences that give no
    date count for the day it was published and, as ``day_before_rule`` says, the day before
    (:func:`_undated_day_before`).
    """
    pools: dict[str, DatePool] = {}
    if article_days is not None:
        article_days.reused = article_days.read = 0

    def pool(day: str) -> DatePool | None:
        if span is not None:
            try:
                if not span[0] <= date.fromisoformat(day) <= span[1]:
                    return None
            except ValueError:
                return None
        return pools.setdefault(day, DatePool(day))

    for article in material.articles:
        if article.published:
            published_pool = pool(article.published)
            if published_pool is not None:
                published_pool.articles_published.add(article.id)
        entities = material.entities.get(article.id, [])
        sentences = material.sentences.get(article.id, [])
        candidates = _candidates(sentences, keep)
        positions = body_positions(sentences)
        if article_days is not None and keep is None and parse is not None:
            days_by_sentence, coarse = _kept_days(
                article, candidates, sentences, entities, parse, learned, memory, article_days
            )
        else:
            days_by_sentence, coarse = _event_days(
                article.published, candidates, entities, parse, learned, memory, positions
            )
        day_before = _undated_day_before(article.published, candidates, days_by_sentence, coarse, day_before_rule)
        for sent in candidates:
            if sent.index in coarse:
                continue
            days = days_by_sentence.get(sent.index)
            if days:
                for day in days:
                    target = pool(day)
                    if target is not None:
                        target.mentions.append(sent)
                        if article.published and article.published > day:
                            target.articles_later.add(article.id)
            elif article.published:
                for published_day in (article.published, day_before):
                    target = pool(published_day) if published_day else None
                    if target is not None:
                        target.published.append(sent)
    return pools


def _kept_days(
    article: Article,
    candidates: list[Sentence],
    sentences: list[Sentence],
    entities: list[Entity],
    parse: Parse,
    learned: bool,
    memory: EventDateMemory | None,
    days: DayMemory,
) -> tuple[dict[int, set[str]] | dict[int, frozenset[str]], set[int] | frozenset[int]]:
    """:func:`_event_days` of one article's ``candidates`` (its body sentences, unfiltered), as
    ``days`` knows them, else found and added to it (unless the parse gave nothing for a sentence:
    no parser was loaded, and what was found is not kept as the parser's)."""
    digest = days_digest(article.published, sentences, entities)
    kept = days.known(article.id, digest)
    if kept is not None:
        days.reused += 1
        return kept.days, kept.coarse
    unparsed: list[str] = []
    told, coarse = _event_days(
        article.published, candidates, entities, parse, learned, memory, body_positions(sentences), unparsed
    )
    days.read += 1
    if not unparsed:
        days.add({article.id: ArticleDays(digest, {i: frozenset(d) for i, d in told.items()}, frozenset(coarse))})
    return told, coarse


def undated_articles(material: StoryMaterial, days: DayMemory) -> set[str]:
    """The ids of the articles of a story whose days ``days`` does not know (or found in an article
    that has changed since)."""
    return {
        a.id
        for a in material.articles
        if days.known(a.id, days_digest(a.published, material.sentences.get(a.id, []), material.entities.get(a.id, [])))
        is None
    }


def _candidates(sentences: list[Sentence], keep: Callable[[Sentence], bool] | None = None) -> list[Sentence]:
    """The body sentences of a usable length that ``keep`` keeps: what a timeline day can tell."""
    return [
        s
        for s in sentences
        if s.kind == "body" and _MIN_WORDS <= len(s.text.split()) <= _MAX_WORDS and not (keep and not keep(s))
    ]


def _dated(sentences: list[Sentence], entities: list[Entity]) -> list[Sentence]:
    """Those of ``sentences`` with a resolved temporal expression: the ones the parse dates."""
    dated_sentences = {e.sentence for e in entities if e.label == "DATE" and e.value}
    return [s for s in sentences if s.index in dated_sentences]


def dated_sentences(material: StoryMaterial, only: set[str] | None = None) -> list[tuple[str, str]]:
    """The text and date key (:func:`~newsweave.text.eventdate_memory.date_key`) of every sentence
    :func:`date_pools` (without ``keep``) dates by the parse: what the runner looks up for a story
    (``only``: of those articles)."""
    keyed = []
    for article in material.articles:
        if only is not None and article.id not in only:
            continue
        entities = material.entities.get(article.id, [])
        sentences = material.sentences.get(article.id, [])
        positions = body_positions(sentences)
        for s in _dated(_candidates(sentences), entities):
            key = date_key(s.text, timexes_of(entities, s), article.published, positions.get(s.index))
            keyed.append((s.text, key))
    return keyed


def sentences_to_parse(
    material: StoryMaterial, memory: EventDateMemory | None = None, days: DayMemory | None = None
) -> list[str]:
    """The texts :func:`date_pools` (without ``keep``) hands the parse, every article's at once:
    a writer parses them ahead, in one call (with ``memory``, only those whose date it does not
    know; with ``days``, only those of articles whose days it does not know)."""
    keyed = dated_sentences(material, undated_articles(material, days) if days is not None else None)
    known = memory.known(k for _, k in keyed) if memory is not None else {}
    return [text for text, key in keyed if key not in known]


def _event_days(
    published: str | None,
    sentences: list[Sentence],
    entities: list[Entity],
    parse: Parse | None,
    learned: bool = True,
    memory: EventDateMemory | None = None,
    positions: dict[int, int] | None = None,
    unparsed: list[str] | None = None,
) -> tuple[dict[int, set[str]], set[int]]:
    """The day each sentence with a temporal expression reports, and the sentences that report
    no day (a month, a year, a background date: no day's candidate). A sentence dated only by
    its publication day (its dates are background to a report of what just happened) is left
    to the publication day's pool. Without a parser, the first temporal expression (:func:`_anchors`).
    ``memory`` gives the dates found before (only the other sentences are parsed) and keeps the new;
    ``positions``: each sentence's place among its article's body sentences (:func:`body_positions`);
    ``unparsed`` gets the texts the parse gave nothing for."""
    if parse is None:
        return _anchors(entities)
    todo = _dated(sentences, entities)
    timexes = {s.index: timexes_of(entities, s) for s in todo}
    where = {s.index: (positions or {}).get(s.index) for s in todo}
    keys = {s.index: date_key(s.text, timexes[s.index], published, where[s.index]) for s in todo}
    found = memory.known(keys.values()) if memory is not None else {}
    unknown = [s for s in todo if keys[s.index] not in found]
    parsed = list(zip(unknown, parse([s.text for s in unknown]) if unknown else [], strict=True))
    # no ``previous``: the model reads it only for a sentence with no valued date, never one of these
    made = {
        keys[sent.index]: None
        if is_caption(toks)
        else event_date(sent.text, timexes[sent.index], published, toks, learned, where[sent.index])
        for sent, toks in parsed
    }
    if unparsed is not None:
        unparsed += [sent.text for sent, toks in parsed if not toks]
    if memory is not None:  # a date found without a parse (no parser loaded) is not kept as the parser's
        memory.add({keys[sent.index]: made[keys[sent.index]] for sent, toks in parsed if toks})
    found.update(made)
    days: dict[int, set[str]] = {}
    coarse: set[int] = set()
    for sent in todo:
        value = found[keys[sent.index]]
        if (
            value is not None
            and any(t.value == value for t in timexes[sent.index])
            and len(value) == 10
            and value[4] == "-"
        ):
            days[sent.index] = {value}
        elif value is None or value != published:
            coarse.add(sent.index)
    return days, coarse


_TENSED = frozenset({"VBD", "VBZ", "VBP", "MD", "VBN"})  # VBN: the parser reads some past tenses so


def is_caption(toks: Sequence[Tok]) -> bool:
    """Whether a parsed sentence has no verb in a tense nor a past participle: a photo caption
    ("Members of the caravan at the border wall on Sunday.", "Migrants looking south into
    Mexico on April 29."), a heading or a list item. It names a scene, not an event: it is
    dated by no day (kept so by the event-date memory), so it neither tells nor counts for one.
    A sentence the parser gave nothing for is not one."""
    return bool(toks) and not any(t.tag in _TENSED for t in toks)


def _anchors(entities: list[Entity]) -> tuple[dict[int, set[str]], set[int]]:
    """The days each sentence mentions, and the sentences anchored at a coarser time.

    A sentence is anchored by its first temporal expression (as in news-tls, where a sentence's
    time is its first time expression): one that opens on a month, week, season or year ("In
    2008, …", "Last month …") tells of that period, so it is neither a candidate for a day it
    mentions later nor an undated sentence of its publication day.
    """
    days: dict[int, set[str]] = defaultdict(set)
    coarse: set[int] = set()
    for ent in sorted((e for e in entities if e.label == "DATE" and e.value), key=lambda e: (e.sentence, e.start)):
        value = ent.value or ""
        is_day = len(value) == 10 and value[4] == "-"
        if ent.sentence not in days and not is_day:
            coarse.add(ent.sentence)
        if is_day and ent.sentence not in coarse:
            days[ent.sentence].add(value)
    return days, coarse


LEAD_SENTENCES = 2


def _undated_day_before(
    published: str | None,
    candidates: list[Sentence],
    days_by_sentence: Mapping[int, Collection[str]],
    coarse: Collection[int],
    rule: str,
) -> str | None:
    """The day before ``published`` when an article's undated sentences may tell it too, else None.

    ``rule`` "always": a report published on D+1 often tells what happened on D; "never": only
    the day of publication; "told": the day before only when the article itself tells it: one of its
    first :data:`LEAD_SENTENCES` candidate sentences names that day ("yesterday", "on Monday"), or
    no day is named by more of its dated sentences (ties included): a report of what happened on
    its own day (a wire story, a live page) tells nothing of the day before."""
    before = _day_before(published) if published else None
    if before is None or rule == "never":
        return None
    if rule == "always":
        return before
    told: Counter[str] = Counter()
    for k, sent in enumerate(candidates):
        days = () if sent.index in coarse else days_by_sentence.get(sent.index, ())
        if k < LEAD_SENTENCES and before in days:
            return before
        told.update(days)
    if told and told[before] == max(told.values()):
        return before
    return None


def _day_before(day: str) -> str | None:
    try:
        return (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):  # not a date, or 0001-01-01
        return None


def timeline_length(event_sizes: Sequence[int], config: SynthesizeSettings) -> int:
    """How many days a story's timeline tells: one per event reported by two articles or more,
    from ``timeline_dates`` up to ``timeline_dates_max`` (a story of months holds dozens of
    happenings; a dozen days would leave most of them out)."""
    reported = sum(1 for size in event_sizes if size >= 2)
    return max(config.timeline_dates, min(config.timeline_dates_max, reported))


def build_timeline(
    material: StoryMaterial,
    config: SynthesizeSettings,
    *,
    dates: int | None = None,
    per_date: int | None = None,
    keep: Callable[[Sentence], bool] | None = None,
    span: tuple[date, date] | None = None,
    parse: Parse | None = None,
    memory: EventDateMemory | None = None,
    article_days: DayMemory | None = None,
    support: SupportFn | None = None,
) -> list[TimelineEntry]:
    """Write the story's timeline, oldest first: ``dates`` days, ``per_date`` sentences each;
    ``parse`` dates each sentence by its main event (see :func:`date_pools`; ``memory``: the
    event dates found before, :class:`~newsweave.text.eventdate_memory.EventDateMemory`; ``article_days``:
    the days of articles found before, :class:`~newsweave.synthesize.timeline_memory.DayMemory`).
    ``support`` (the sentence vectors the store keeps, such as :meth:`SentenceVectors.matrix`)
    decides what each entry cites (:func:`_citations`); without it, words shared do."""
    n_dates = dates or config.timeline_dates
    n_sents = per_date or config.timeline_sentences
    pools = date_pools(
        material,
        keep,
        span,
        parse,
        config.event_date_model,
        memory,
        article_days,
        day_before_rule=config.timeline_day_before,
    )
    dated = {a.id: parse_iso(a.published) for a in material.articles}
    told = [p for p in pools.values() if p.sentences and p.score() > 0]
    ranked = sorted(told, key=lambda p: (-p.score(), p.day))
    entries: list[TimelineEntry] = []
    used: set[str] = set()  # a sentence tells one day: the highest-ranked day it can tell
    days = 0
    for date_pool in ranked:
        if days >= n_dates:
            break
        told_today = _tell(
            date_pool,
            n_sents,
            used,
            reports_only=config.timeline_reports_only,
            support=support,
            threshold=config.citation_threshold,
            dated=dated,
        )
        if told_today:
            days += 1
            entries += told_today
            used.update(e.text for e in told_today)
    return sorted(entries, key=lambda e: e.date)


_CLOSING = " \t\"'\u201d\u2019)]"


def is_question(text: str) -> bool:
    """Whether a sentence asks rather than tells: it ends on a question mark, inside closing
    quotes or brackets or not ("What has the minister said about the inquiry?", a quoted list of
    questions). A question names no event that happened: it is no timeline entry."""
    return text.rstrip(_CLOSING).endswith("?")


_OPENING_QUOTES = "\"“‘'"


def is_reported_words(text: str) -> bool:
    """Whether a sentence opens inside a quotation ("“We will rebuild,” she said."; "``" is
    tokenised text's opening mark): someone's words rather than the writer's report. Such a
    sentence counts for its day; a timeline entry reports what happened in the writer's words."""
    opening = text.lstrip()
    return opening[:1] in _OPENING_QUOTES or opening.startswith("``")


def _tell(
    date_pool: DatePool,
    n_sents: int,
    used: set[str],
    reports_only: bool = True,
    support: SupportFn | None = None,
    threshold: float = 0.75,
    dated: Mapping[str, date | None] | None = None,
) -> list[TimelineEntry]:
    """The ``n_sents`` non-redundant sentences of one day that together best match its centroid
    (of all the day's sentences), never one whose text is in ``used`` (it tells a higher-ranked day)
    nor a question (:func:`is_question`: it counts for the day, it tells nothing), nor with
    ``reports_only`` someone's words (:func:`is_reported_words`), unless the day has nothing else;
    each citing the day's sentences that say the same (:func:`_citations`)."""
    sents = date_pool.sentences
    reported = {s.text for s in sents if reports_only and is_reported_words(s.text)}
    if all(s.text in reported or s.text in used or is_question(s.text) for s in sents):
        reported = set()

    def untold(text: str) -> bool:
        return text in used or is_question(text) or text in reported

    if all(untold(s.text) for s in sents):
        return []
    if len(sents) == 1:
        only = sents[0]
        return [TimelineEntry(date_pool.day, only.text, [Citation(only.article_id, only.index)])]
    matrix = tfidf_rows([s.text for s in sents])
    sims = (matrix @ matrix.T).toarray()
    entries = []
    for i in _closest_to_centroid(
        matrix,
        n_sents,
        lambda i, chosen: (
            any(sims[i, j] >= _REDUNDANT or sents[i].text == sents[j].text for j in chosen) or untold(sents[i].text)
        ),
    ):
        best = sents[i]
        cites = _citations(sents, i, sims[i], support, threshold, dated or {})
        entries.append(TimelineEntry(date_pool.day, best.text, cites))
    return entries


def _citations(
    sents: list[Sentence],
    i: int,
    words: np.ndarray,
    support: SupportFn | None,
    threshold: float,
    dated: Mapping[str, date | None],
) -> list[Citation]:
    """``sents[i]`` and, one sentence each, the other articles of its day that say the same.

    The day's sentences sharing words with it (TF-IDF cosine ``words`` of ``_SAME_EVENT`` or more),
    at most ``_CITE_CANDIDATES`` of them, are the candidates; with ``support`` (sentence vectors)
    an article is cited when one of its candidates comes within cosine ``threshold``
    (``citation_threshold``) and gives no other figure for the same thing: the summary's rule with
    ``citation_model`` off, measured on DUC pairs read by hand (``benchmarks/citations.py``;
    ``dated``: the articles' publication dates, which tell an update from a conflict);
    without it, every candidate's article is cited (on a story whose sentences all share its few
    names, most of these do not state the fact)."""
    best = sents[i]
    cites = [Citation(best.article_id, best.index)]
    ranked = [int(j) for j in np.argsort(-words) if words[j] >= _SAME_EVENT]
    ranked = [j for j in ranked if sents[j].article_id != best.article_id]
    if support is None:
        seen = {best.article_id}
        for j in ranked:
            if sents[j].article_id not in seen:
                seen.add(sents[j].article_id)
                cites.append(Citation(sents[j].article_id, sents[j].index))
        return cites
    ranked = ranked[:_CITE_CANDIDATES]
    if not ranked:
        return cites
    vectors = support([best] + [sents[j] for j in ranked])
    cosines = vectors[1:] @ vectors[0]
    closest: dict[str, tuple[float, int]] = {}
    for j, cosine in zip(ranked, cosines, strict=True):
        article = sents[j].article_id
        better = cosine >= threshold and cosine > closest.get(article, (-1.0, 0))[0]
        if better and not counts_differ(best.text, sents[j].text, dated.get(best.article_id), dated.get(article)):
            closest[article] = (float(cosine), j)
    for _, j in sorted(closest.values(), key=lambda c: -c[0]):
        cites.append(Citation(sents[j].article_id, sents[j].index))
    return cites


def _closest_to_centroid(matrix: Any, n_sents: int, redundant: Callable[[int, list[int]], bool]) -> list[int]:
    """Greedily add the row whose sum with those chosen has the highest cosine to the centroid.

    Sparse throughout: cos(t + x, c) = (t·c + x·c) / sqrt(|t|² + 2 x·t + |x|²) for every row x.
    """
    centroid = np.asarray(matrix.sum(axis=0)).ravel()
    centroid /= np.linalg.norm(centroid) or 1.0
    to_centroid = matrix @ centroid
    squared = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
    chosen: list[int] = []
    total = np.zeros(matrix.shape[1])
    while len(chosen) < n_sents:
        norms = np.sqrt(total @ total + 2 * (matrix @ total) + squared)
        scores = (total @ centroid + to_centroid) / np.where(norms == 0, 1.0, norms)
        ranked = (int(i) for i in np.argsort(-scores))
        pick = next((i for i in ranked if i not in chosen and not redundant(i, chosen)), None)
        if pick is None:
            break
        chosen.append(pick)
        total += matrix[pick].toarray().ravel()
    return chosen
