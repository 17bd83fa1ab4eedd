"""Writing events and stories: the synthesize stage as functions of what the runner read.

The runner reads, in batches, everything one event or story needs (:class:`EventInput`,
:class:`StoryInput`: its articles, sentences and entities, their stored vectors, the copies
and written events) and hands it to a :class:`StoryWriter`, which holds the loaded models
and touches no store. What a writer computes comes back as a :class:`WrittenEvent` or
:class:`WrittenStory` together with the vectors it had to make, for the runner to save in
one transaction. The same writer runs in the local process or on a Ray worker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from newsweave.config import SynthesizeSettings
from newsweave.records import Article, CitedText, Event, Story, StoryMaterial, stage
from newsweave.runtime.remembered import Remembered
from newsweave.synthesize.actor_memory import ArticleMentions, MentionMemory
from newsweave.synthesize.actors import extract_actors, rank_actors
from newsweave.synthesize.alignment import align_and_keep
from newsweave.synthesize.alignment_memory import KeptPairs
from newsweave.synthesize.coverage import coverage, outlet_count
from newsweave.synthesize.event_order import in_order
from newsweave.synthesize.headlines import choose_headline
from newsweave.synthesize.quote_memory import KeptQuotes, QuoteMemory
from newsweave.synthesize.quotes import paragraphs_to_parse, story_quotes
from newsweave.synthesize.similarity import EncodeFn, SentenceVectors
from newsweave.synthesize.summary import choose, summarize, write
from newsweave.synthesize.timeline import build_timeline, sentences_to_parse, timeline_length
from newsweave.synthesize.timeline_memory import ArticleDays, DayMemory
from newsweave.text.clauses import SplitMemory
from newsweave.text.dates import infer_published, parse_iso
from newsweave.text.eventdate_memory import EventDateMemory
from newsweave.text.parse import ParseMemory, Tok

TEXT_CACHE = 5000  # texts (quote sentences, claim clauses) whose vectors a writer keeps in memory
TextLookup = Callable[[Sequence[str]], dict[str, np.ndarray]]


@dataclass
class EventInput:
    """What writing one event needs: its articles (oldest first) and their stored vectors."""

    material: StoryMaterial
    article_vectors: dict[str, np.ndarray]
    sentence_vectors: dict[tuple[str, int], np.ndarray]


@dataclass
class StoryInput(EventInput):
    """What writing one story needs: an event's inputs plus the copies and written events."""

    copies: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # the event dates of its sentences the store kept (by date_key): not found again
    event_dates: dict[str, str | None] = field(default_factory=dict)
    # the quotes of its articles the store kept (by article id), found with each article's own
    # names: not found again while the article is the same
    article_quotes: dict[str, KeptQuotes] = field(default_factory=dict)
    # the quote pairs its last writing found to be one statement (with the same code and settings)
    quote_pairs: KeptPairs | None = None
    # what the store kept of its articles' mentions for the actors (by article id): not read again
    # while the article is the same
    article_mentions: dict[str, ArticleMentions] = field(default_factory=dict)
    # the days its articles' sentences tell, as the store kept them (by article id): not found
    # again while the article and its date are the same
    article_days: dict[str, ArticleDays] = field(default_factory=dict)


@dataclass
class Written:
    """What a writer made that the store does not hold yet: sentence and text vectors, the
    dependency parses and clause spans of texts (by the text), sentences' event dates (by
    :func:`~newsweave.text.eventdate_memory.date_key`) and articles' quotes (by article id)."""

    sentence_vectors: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)
    text_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    parses: dict[str, list[Tok]] = field(default_factory=dict)
    clauses: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    event_dates: dict[str, str | None] = field(default_factory=dict)  # by date_key
    article_quotes: dict[str, KeptQuotes] = field(default_factory=dict)  # by article id
    article_mentions: dict[str, ArticleMentions] = field(default_factory=dict)  # by article id
    article_days: dict[str, ArticleDays] = field(default_factory=dict)  # by article id


@dataclass
class WrittenEvent(Written):
    """One written event (its title, dates, articles, outlets and short summary)."""

    event: Event = field(default_factory=lambda: Event(id=""))


@dataclass
class WrittenStory(Written):
    """One written story."""

    story: Story | None = None
    quotes_reused: int = 0  # articles whose quotes were known (the store's or this writer's)
    quotes_found: int = 0  # articles whose quotes were found anew
    quote_pairs: KeptPairs | None = None  # the pairs of its quotes that are one statement, to keep
    mentions_reused: int = 0  # articles whose actor mentions were known (the store's or this writer's)
    mentions_read: int = 0  # articles whose actor mentions were read anew
    days_reused: int = 0  # articles whose timeline days were known (the store's or this writer's)
    days_found: int = 0  # articles whose timeline days were found anew


class TextVectors(Remembered[np.ndarray]):
    """Vectors of texts that are not whole stored sentences (quote sentences, claim clauses).

    A story re-written as it grows needs them again: each is encoded once
    (:class:`~newsweave.runtime.remembered.Remembered`: among the ``size`` used last, then
    ``lookup``, the store's cache when the runner gives one, then ``encode``); the encoded ones
    wait in :attr:`new` for the runner to store.
    """

    def __init__(self, encode: EncodeFn, dimension: int, *, lookup: TextLookup | None = None, size: int = TEXT_CACHE):
        super().__init__(encode, size=size, lookup=lookup)  # type: ignore[arg-type]
        self.encode = encode
        self.dimension = dimension

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.values(texts)
        return np.vstack([vectors[t] for t in texts])


_GIVEN = frozenset({"record", "user"})  # publication dates a record or the user gave, not inferred


def event_dates(articles: Sequence[Article]) -> tuple[str | None, str | None, str | None]:
    """An event's first and last day and what they rest on: the dates its articles' records (or
    the user) gave, "record", when any did; else the dates inferred from their texts or borrowed
    from their story, "inferred"; (None, None, None) when no article is dated. One borrowed date
    does not make the dates of reports that carry their own inferred, nor stretch them."""
    given = sorted(a.published for a in articles if a.published and a.published_source in _GIVEN)
    days = given or sorted(a.published for a in articles if a.published)
    if not days:
        return None, None, None
    return days[0], days[-1], "record" if given else "inferred"


class StoryWriter:
    """The synthesize stage: writes events and stories from their inputs with loaded models.

    ``encode`` embeds sentences (the vectors kept in the store: claims, quote wordings, and
    summary candidates unless ``summary_encode`` is given, whose vectors are not kept: a static
    model encodes faster than the store reads); ``parse`` is the dependency parse the quote finder
    reads (None: quotes by the rules alone); ``split`` splits a sentence into its clauses for the
    claims (None: whole sentences); ``lookup`` finds stored text vectors (None on a worker);
    ``processes``: how many forked processes read a large story's articles for quotes; ``dates``
    the sentences' event dates found before (by default, in this writer only), ``quotes`` the
    articles' quotes found before (likewise), ``mentions`` the articles' actor mentions and
    ``days`` the days their sentences tell (likewise).
    """

    def __init__(
        self,
        config: SynthesizeSettings,
        *,
        encode: EncodeFn,
        dimension: int,
        parse: Any = None,
        split: Any = None,
        lookup: TextLookup | None = None,
        summary_encode: EncodeFn | None = None,
        processes: int = 1,
        dates: EventDateMemory | None = None,
        quotes: QuoteMemory | None = None,
        mentions: MentionMemory | None = None,
        days: DayMemory | None = None,
    ) -> None:
        self.config = config
        self.encode = encode
        self.summary_encode = summary_encode
        self.parse = parse
        self.split = split
        self.texts = TextVectors(encode, dimension, lookup=lookup)
        self.processes = processes
        self.dates = dates if dates is not None else EventDateMemory()
        self.quotes = quotes if quotes is not None else QuoteMemory()
        self.mentions = mentions if mentions is not None else MentionMemory()
        self.days = days if days is not None else DayMemory()

    def _vectors(self, inputs: EventInput) -> SentenceVectors:
        return SentenceVectors(self.encode, inputs.sentence_vectors, encode_texts=self.texts)

    def _made(self, vectors: SentenceVectors) -> dict[str, Any]:
        """What was made since the last written event or story and the store does not hold: the
        vectors, and the parses and clause spans (when ``parse`` and ``split`` keep them), event
        dates and articles' quotes."""
        return {
            "sentence_vectors": vectors.new,
            "text_vectors": self.texts.take_new(),
            "parses": self.parse.take_new() if isinstance(self.parse, ParseMemory) else {},
            "clauses": self.split.take_new() if isinstance(self.split, SplitMemory) else {},
            "event_dates": self.dates.take_new(),
            "article_quotes": self.quotes.take_new(),
            "article_mentions": self.mentions.take_new(),
            "article_days": self.days.take_new(),
        }

    def _summary_vectors(self, vectors: SentenceVectors) -> SentenceVectors:
        """Vectors of summary candidates: ``vectors`` (kept), or ``summary_encode``'s (not kept).
        They choose a summary's sentences; the kept ``vectors`` decide what each one cites."""
        return vectors if self.summary_encode is None else SentenceVectors(self.summary_encode)

    def _citation_parse(self) -> Any:
        """The parse that reads the subjects of a summary's citations (``citation_subjects``), when
        the quote parse is on (the same parse and memory)."""
        return self.parse if self.config.quote_parse and self.config.citation_subjects else None

    @stage(requires=("articles", "sentences", "entities", "vectors", "events.members"), assigns=("events.written",))
    def event(self, inputs: EventInput) -> WrittenEvent:
        """What a story shows of one event: title, dates (:func:`event_dates`), articles, outlets
        and a summary of ``event_summary_sentences`` sentences."""
        config, material = self.config, inputs.material
        vectors = self._vectors(inputs)
        # two sentences need few candidates: the leads, pre-filtered (a story's summary reads more)
        budget = replace(
            config, candidate_sentences=config.event_candidate_sentences, max_candidates=config.event_max_candidates
        )
        summary = summarize(
            material,
            self._summary_vectors(vectors),
            budget,
            sentences=config.event_summary_sentences,
            support_vectors=vectors,
            parse=self._citation_parse(),
        )
        first_date, last_date, dated = event_dates(material.articles)
        not_before, evidence = (None, []) if first_date else latest_mention(material.articles)
        event = Event(
            id=material.story_id,
            title=self.title(material, inputs.article_vectors),
            first_date=first_date,
            last_date=last_date,
            dated=dated,
            # an undated event happened no earlier than the latest full date its articles mention
            not_before=not_before,
            evidence=evidence,
            articles=[a.id for a in material.articles],
            outlets=sorted({a.outlet for a in material.articles if a.outlet}),
            summary=[CitedText(s.text, list(s.citations)) for s in summary],
        )
        return WrittenEvent(**self._made(vectors), event=event)

    @stage(
        requires=("articles", "sentences", "entities", "vectors", "copies", "events.written"),
        assigns=("stories.written",),
    )
    def story(self, inputs: StoryInput) -> WrittenStory:
        """A story's title, dates, outlets, summary, timeline, actors, quotes, coverage and events."""
        config, material = self.config, inputs.material
        vectors = self._vectors(inputs)
        story = Story(
            id=material.story_id,
            article_ids=[a.id for a in material.articles],
            title=self.title(material, inputs.article_vectors),
            outlets=sorted({a.outlet for a in material.articles if a.outlet}),
        )
        story.copies = inputs.copies
        story.outlets = sorted(set(story.outlets) | {c["outlet"] for c in story.copies if c["outlet"]})
        unnamed = sum(not a.outlet for a in material.articles)
        story.unknown_outlets = unnamed + sum(not c["outlet"] for c in story.copies)
        dates = sorted(a.published for a in material.articles if a.published)
        dates += [c["published"] for c in story.copies if c["published"]]
        dates.sort()
        story.first_date, story.last_date = (dates[0], dates[-1]) if dates else (None, None)
        chosen = choose(material, self._summary_vectors(vectors), config)
        self.dates.remember(inputs.event_dates)
        self.quotes.remember(inputs.article_quotes)
        self.mentions.remember(inputs.article_mentions)
        self.days.remember(inputs.article_days)
        citer = chosen.citer(material, config, vectors, self._citation_parse())
        if config.quote_parse and isinstance(self.parse, ParseMemory):
            # every text the summary's citations, the timeline and the quote finders parse, in one
            # call (full batches); not the paragraphs of articles whose quotes were found before
            texts = citer.to_parse(chosen.selected) if citer is not None else []
            texts += sentences_to_parse(material, self.dates, self.days)
            texts += paragraphs_to_parse(material, only=self.quotes.unknown(material))
            self.parse(texts[: self.parse.size])
        story.summary = write(chosen, material, config, citer=citer)
        for sentence in story.summary:
            sentence.outlets = outlet_count(sentence.citations, material)
        story.timeline = build_timeline(
            material,
            config,
            dates=timeline_length([len(e.articles) for e in inputs.events], config),
            parse=self.parse if config.quote_parse else None,
            memory=self.dates,
            article_days=self.days,
            support=vectors.matrix,
        )
        actors = extract_actors(
            material,
            config,
            everyone=True,
            parse=self.parse if config.role_parse else None,
            memory=self.mentions,
            event_dates=self.dates,
        )
        found = story_quotes(
            material, actors, self.parse if config.quote_parse else None, self.processes, memory=self.quotes
        )
        days = {a.id: parse_iso(a.published) for a in material.articles}
        story.quotes, pairs = align_and_keep(
            found,
            self.texts,
            overlap=config.quote_overlap,
            cosine=config.quote_cosine,
            kept=inputs.quote_pairs,
            days=days,
        )
        story.actors = rank_actors(actors, story.quotes, config.actors_max)
        if len(material.articles) > 1:
            split = self.split if config.claim_clauses else None
            parse = self.parse if config.quote_parse else None
            story.coverage = coverage(
                material, vectors, config, actors, story.quotes, split, parse, [e.articles for e in inputs.events]
            )
        story.events = in_order(inputs.events, material)
        reused, anew = self.quotes.reused, self.quotes.found
        return WrittenStory(
            **self._made(vectors),
            story=story,
            quotes_reused=reused,
            quotes_found=anew,
            quote_pairs=pairs,
            mentions_reused=self.mentions.reused,
            mentions_read=self.mentions.read,
            days_reused=self.days.reused,
            days_found=self.days.read,
        )

    def title(self, material: StoryMaterial, article_vectors: dict[str, np.ndarray]) -> str:
        """A newsroom headline for an event or a story: the most representative of its articles'
        own titles (nearest the centroid of all its articles, so a story's title names the story,
        not its latest event), cleaned of site names and kickers; never a byline, a dateline, a
        caption or a cut-off sentence (:mod:`newsweave.synthesize.headlines`). With no usable title,
        one is built from the most representative article's lead, then the others'."""
        usable = [(a, article_vectors[a.id]) for a in material.articles if a.id in article_vectors]
        if not usable:
            return ""
        centroid = np.mean([v for _, v in usable], axis=0)
        ranked = sorted(usable, key=lambda av: -float(av[1] @ centroid))
        candidates = [(a.title, float(v @ centroid)) for a, v in ranked]
        fallback = [
            s.text for a, _ in ranked[:5] for s in material.sentences.get(a.id, [])[:6] if s.kind in ("body", "dek")
        ]
        names = [e.text for a, _ in ranked[:3] for e in material.entities.get(a.id, []) if e.label == "PERSON"]
        parse = self.parse if self.config.headline_parse else None
        headline = choose_headline(
            candidates, fallback, list(dict.fromkeys(names))[:3], parse=parse, reach=self.config.title_reach
        )
        if headline:
            return headline
        # nothing a headline can be made of (a transcript, a table, a text in another language):
        # the names the articles give most, never a bare id
        counts = Counter(
            e.text
            for a in material.articles
            for e in material.entities.get(a.id, [])
            if e.label in ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC")
        )
        top = [name for name, _ in counts.most_common(3)]
        if top:
            return top[0] if len(top) == 1 else ", ".join(top[:-1]) + " and " + top[-1]
        return ranked[0][0].label if ranked[0][0].label else ""


def latest_mention(articles: Sequence[Article]) -> tuple[str | None, list[str]]:
    """The latest full past date any of ``articles`` mentions, with where it was found: what
    orders and bounds an event none of whose articles is dated."""
    best: tuple[str, str] | None = None
    for article in articles:
        bound = infer_published([ln.text for ln in article.lines if ln.kind != "dropped"]).not_before
        if bound and (best is None or bound > best[0]):
            best = (bound, article.id)
    if best is None:
        return None, []
    return best[0], [f"article {best[1]} mentions {best[0]}"]
