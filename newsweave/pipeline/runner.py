"""The Python API: open a store, ingest articles, build stories, read them.

>>> import newsweave
>>> nw = newsweave.open("news.db")                  # doctest: +SKIP
>>> nw.ingest(["articles/"]); nw.build()            # doctest: +SKIP
>>> for story in nw.stories(): print(story.title)   # doctest: +SKIP

Every step reads what it needs from the store and writes its results back in
transactions, so an interrupted run is finished by running the same step again.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import timedelta
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from tqdm import tqdm

from newsweave.annotate.annotator import Annotator, date_entities, lead_text
from newsweave.clean.article import clean_article, countable_line_keys, drop_recurring
from newsweave.clean.dedup import NearDuplicates
from newsweave.cluster.events import event_features, story_merges
from newsweave.cluster.stories import ArticleFeatures, entity_keys, place
from newsweave.config import Config
from newsweave.errors import Errors, NewsweaveError
from newsweave.ingest import Fetcher, FetchPolicy, Skipped, read_feed, read_inputs
from newsweave.ingest.base import invalid_text, json_kind
from newsweave.ingest.web import is_url
from newsweave.pipeline.story_source import (
    EventStories,
    StoredStories,
    StoredWeights,
    article_features,
    stored_event_features,
)
from newsweave.records import (
    Annotation,
    Article,
    Entity,
    RawArticle,
    Story,
    StoryMaterial,
    SummarySentence,
    check_order,
    counted,
)
from newsweave.runtime.budget import OverBudget, time_budget
from newsweave.runtime.trim import release_freed_memory
from newsweave.store.store import Store
from newsweave.synthesize.quotes import remembering
from newsweave.synthesize.similarity import SentenceVectors
from newsweave.synthesize.story import (
    EventInput,
    StoryInput,
    StoryWriter,
    Written,
    WrittenEvent,
    WrittenStory,
)
from newsweave.synthesize.summary import summarize
from newsweave.text.dates import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    infer_published,
    is_sane_published,
    parse_iso,
    published_from_story,
)

if TYPE_CHECKING:
    from newsweave.models.embed import Embedder

log = logging.getLogger(__name__)

# The stages in the order the runner runs them; each declares what it requires and assigns
# (:func:`newsweave.records.stage`), and an order in which one would read what is not set yet
# is refused at import.
STAGES = (
    read_inputs,
    clean_article,
    NearDuplicates.find,
    Annotator.annotate,
    place,
    story_merges,
    published_from_story,
    StoryWriter.event,
    StoryWriter.story,
)
check_order(STAGES)

_INGEST_BATCH = 64
_SAVE_BATCH = 64
_READ_ARTICLES = 2000  # articles whose rows the synthesis of a block of stories reads at once
_PARSE_CACHE = 6000  # paragraphs whose parse the quote finder keeps (about 25 MB)
_BAR_UNITS = {"events": " events", "stories": " stories"}  # what a stage's progress bar counts (else articles)
EMBEDDING_SETTING = "embedding"  # the store's record of what made its vectors (check_vectors)


_YEARS = {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
_TEXT_FIELDS = ("text", "source", "id", "title", "outlet", "published", "url")


@contextmanager
def _stage(message: str) -> Iterator[list[str]]:
    """Log at INFO what a stage of a build did and how long it took (``-v``): the stage appends
    the count that fills ``message``'s ``%s``."""
    started = time.perf_counter()
    done: list[str] = []
    yield done
    log.info(message + " in %.1f s", done[0] if done else "nothing", time.perf_counter() - started)


def _where(raw: RawArticle, *, line: bool = True) -> str:
    """Where a record comes from, printable (a source named in another encoding is escaped)."""
    source = str(raw.source).encode("utf-8", "backslashreplace").decode()
    return f"{source}:{raw.line}" if line and raw.line else source


def _unstorable(raw: RawArticle) -> str | None:
    """Why a record cannot be cleaned and stored (a field that is not text, or text with a lone
    surrogate, which SQLite cannot store), or ``None``."""
    for name in _TEXT_FIELDS:
        value = getattr(raw, name)
        if value is None and name not in ("text", "source"):
            continue
        if not isinstance(value, str):
            return f"field '{name}' is {json_kind(value)}, not text"
        problem = invalid_text(value)
        if problem:
            return f"field '{name}' has a {problem}"
    return None


@dataclass
class RunReport:
    """What a run did: counts a user can read at the end, and every skipped item."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    copies: int = 0
    annotated: int = 0
    assigned: int = 0
    dated_from_story: int = 0
    stories_written: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def skipped_by_reason(self) -> Counter[str]:
        return Counter(f"{s.error.value.code} {s.error.reason}" for s in self.skipped)

    def summary_line(self, stories_total: int | None = None) -> str:
        """One line: articles read, added, duplicates, copies, skipped with reasons, stories, time.

        Duplicates are articles stored already (the same URL, or the same text), not stored
        again; copies are near-duplicates of a stored article (syndicated or re-published
        text), recorded with their outlet and date under that article and not stored again."""
        parts = [f"{counted(self.read, 'article')} read", f"{self.added} new", counted(self.duplicates, "duplicate")]
        if self.copies:
            parts.append(counted(self.copies, "copy of a stored article", "copies of stored articles"))
        skipped = f"{len(self.skipped)} skipped"
        if self.skipped:
            skipped += " (" + ", ".join(f"{n} {r}" for r, n in self.skipped_by_reason.most_common()) + ")"
        parts.append(skipped)
        if stories_total is not None:
            parts.append(f"{counted(stories_total, 'story', 'stories')} ({self.stories_written} written)")
        parts.append(f"{self.seconds:.1f} s")
        return "; ".join(parts)


class Newsweave:
    """A newsweave project: a store plus the models and settings to fill it."""

    def __init__(
        self,
        db: str | Path = "newsweave.db",
        config: Config | None = None,
        *,
        progress: bool = False,
        annotator: Annotator | None = None,
    ) -> None:
        """Open the store at ``db``; models load on first use. Pass ``annotator`` to share loaded models."""
        self.config = config or Config()
        self.store = Store(db)
        self.progress = progress
        if annotator is not None:
            annotator.config = self.config.annotate
        self.annotator = annotator or Annotator(self.config)
        self.embedder = self.annotator.embedder  # document vectors (title and lead: grouping)
        self._dedup: NearDuplicates | None = None
        self._fetcher: Fetcher | None = None
        self._writer: StoryWriter | None = None
        self._vectors_checked = False

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
        self.store.close()

    def __enter__(self) -> Newsweave:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _bar(self, iterable: Iterable[Any], desc: str, total: int | None = None) -> Iterator[Any]:
        """A progress bar (on a terminal) counting what the stage ``desc`` goes through."""
        unit = _BAR_UNITS.get(desc, " articles")
        return iter(
            tqdm(
                iterable, desc=desc, total=total, unit=unit, disable=not self.progress, leave=False, dynamic_ncols=True
            )
        )

    # -- ingest ------------------------------------------------------------------------------
    @property
    def fetcher(self) -> Fetcher:
        """The HTTP fetcher (policy from the config; conditional-request validators kept in the store)."""
        if self._fetcher is None:
            policy = FetchPolicy(max_bytes=self.config.max_bytes, allow_private=self.config.allow_private_urls)
            self._fetcher = Fetcher(policy, cache=self.store)
        return self._fetcher

    def ingest(
        self,
        paths: Iterable[str | Path] = (),
        *,
        feeds: Iterable[str] = (),
        outlet: str | None = None,
        published: str | None = None,
        report: RunReport | None = None,
    ) -> RunReport:
        """Read, clean and store articles from files, folders, URLs and feeds.

        Bad items are skipped, logged and counted; a feed entry whose URL is stored is not fetched.
        """
        report = report or RunReport()
        started = time.perf_counter()
        batch: list[Article] = []
        paths = list(paths)
        needs_web = bool(feeds) or any(isinstance(p, str) and is_url(p) for p in paths)
        fetcher = self.fetcher if needs_web else None
        stream = chain(
            read_inputs(paths, outlet=outlet, max_bytes=self.config.max_bytes, fetcher=fetcher, published=published),
            *(read_feed(url, self.fetcher, self.store.knows_url) for url in feeds),
        )
        for item in self._bar(stream, "ingest"):
            if isinstance(item, Skipped):
                log.log(logging.DEBUG if item.expected else logging.WARNING, "%s: %s", item.where, item.message)
                report.skipped.append(item)
                continue
            report.read += 1
            article = self._clean(item, report)
            if article is not None:
                batch.append(article)
            if len(batch) >= _INGEST_BATCH:
                self._store_batch(batch, report)
                batch = []
        if batch:
            self._store_batch(batch, report)
        seconds = time.perf_counter() - started
        report.seconds += seconds
        log.info(
            "ingest: %s read, %d new, %s, %s, %d skipped in %.1f s",
            counted(report.read, "article"),
            report.added,
            counted(report.duplicates, "duplicate"),
            counted(report.copies, "copy", "copies"),
            len(report.skipped),
            seconds,
        )
        return report

    def add(self, records: Iterable[RawArticle], report: RunReport | None = None) -> RunReport:
        """Ingest records made in Python (no files): the same cleaning and storing."""
        report = report or RunReport()
        batch = []
        for raw in records:
            report.read += 1
            article = self._clean(raw, report)
            if article is not None:
                batch.append(article)
        self._store_batch(batch, report)
        return report

    def _clean(self, raw: RawArticle, report: RunReport) -> Article | None:
        problem = _unstorable(raw)
        if problem is not None:
            return self._skip(raw, report, Errors.W120, detail=problem)
        if raw.published is not None and not is_sane_published(raw.published):
            # refused, not stored: date arithmetic on it would fail (year 1, 9999) or mislead
            log.warning("%s: %s", _where(raw), Errors.W119.format(value=raw.published, field="published", **_YEARS))
            raw.published = None
            raw.meta.pop("published_by", None)
        try:
            with time_budget(self.config.article_seconds):
                article = clean_article(raw, self.config.max_article_chars)
        except OverBudget as exc:
            return self._skip(raw, report, Errors.W122, detail=f"cleaning {exc}")
        except Exception as exc:  # noqa: BLE001 - one hostile record is skipped, the run goes on
            log.debug("%s: cleaning failed", _where(raw), exc_info=True)
            return self._skip(raw, report, Errors.W112, detail=f"{type(exc).__name__}: {str(exc)[:200]}")
        if not article.body:
            return self._skip(raw, report, Errors.W104)
        return article

    @staticmethod
    def _skip(raw: RawArticle, report: RunReport, error: Errors, **detail: object) -> None:
        skip = Skipped(_where(raw, line=False), raw.line, error, error.format(**detail))
        log.warning("%s: %s", skip.where, skip.message)
        report.skipped.append(skip)
        return None

    def _near_duplicates(self) -> NearDuplicates:
        if self._dedup is None:
            self._dedup = NearDuplicates.stored(self.store, self.config.near_duplicate_threshold)
            unsigned = self.store.unsigned()  # an interrupted ingest stored these but did not index them
            for start in range(0, len(unsigned), _INGEST_BATCH):
                articles = self.store.articles(unsigned[start : start + _INGEST_BATCH])
                self._dedup.add_many((a.id, self._dedup.signature(a)) for a in articles)
        return self._dedup

    def _store_batch(self, batch: list[Article], report: RunReport) -> None:
        """Store new articles; repeats are counted, near-duplicates recorded as copies of the first.

        What is new is decided and stored in one write transaction: another process ingesting
        into the same store at the same time waits, then sees what this batch stored."""
        with self.store.writing():
            self._store_batch_locked(batch, report)

    def _store_batch_locked(self, batch: list[Article], report: RunReport) -> None:
        index = self._near_duplicates()
        in_batch = NearDuplicates(index.threshold, index.num_perm)
        seen: set[tuple[str, str]] = set()
        fresh: list[tuple[Article, Any]] = []
        copies: list[tuple[Article, Article | str, float]] = []
        for article in batch:
            key = (article.source, article.content_hash)
            if key in seen or self.store.is_stored(article):
                report.duplicates += 1
                continue
            seen.add(key)
            signature = index.signature(article)
            match = index.find(signature) or in_batch.find(signature)
            if match:
                original: Article | str = fresh[int(match[0][1:])][0] if match[0].startswith("#") else match[0]
                copies.append((article, original, match[1]))
                continue
            in_batch.add(f"#{len(fresh)}", signature)
            fresh.append((article, signature))
        added, duplicates = self.store.add_articles([a for a, _ in fresh], [countable_line_keys(a) for a, _ in fresh])
        stored = set(added)
        index.add_many((a.id, sig) for a, sig in fresh if a.id in stored)
        # A copy of an article of this batch needs that article stored (not found to repeat another).
        resolved = [
            (copy, original if isinstance(original, str) else original.id, similarity)
            for copy, original, similarity in copies
            if isinstance(original, str) or original.id in stored
        ]
        recorded = self.store.add_copies(resolved)
        report.added += len(added)
        report.duplicates += len(duplicates)
        report.copies += len(recorded)

    # -- vectors -----------------------------------------------------------------------------
    def check_vectors(self) -> None:
        """Make sure the store's vectors were made by this embedder, before any is made or compared.

        A store records the embedding model (and precision) of its vectors the first time it
        gets any (a store with vectors from before that record is taken to hold the default
        model's: ``schema.py``, version 6). Opening it with
        another model raises E011: vectors of two models would be compared as if they were one
        model's (or, with another dimension, not at all). :meth:`reembed` changes the model.
        """
        if self._vectors_checked:
            return
        stored, current = self.store.setting(EMBEDDING_SETTING), self.vectors_identity
        if stored is None:
            self.store.save_setting(EMBEDDING_SETTING, current)
        elif stored != current:
            raise NewsweaveError(Errors.E011, path=self.store.path, stored=stored, current=current)
        self._vectors_checked = True

    @property
    def sentence_embedder(self) -> Embedder:
        """The embedder of sentence vectors (synthesis), the document vectors' one unless
        ``sentence_backend`` says otherwise (:attr:`Annotator.sentence_embedder`)."""
        return getattr(self.annotator, "sentence_embedder", self.embedder)

    @property
    def summary_embedder(self) -> Embedder:
        """The embedder of summary candidates (:attr:`Annotator.summary_embedder`; not stored)."""
        return getattr(self.annotator, "summary_embedder", self.sentence_embedder)

    @property
    def vectors_identity(self) -> str:
        """What the store records as the maker of its vectors: the embedder's identity, or, when
        sentences are embedded by another backend, both (so a store refuses either changed)."""
        documents, sentences = self.embedder.identity, self.sentence_embedder.identity
        return documents if documents == sentences else f"documents {documents}, sentences {sentences}"

    def reembed(self) -> int:
        """Make every vector of the store again with this embedder, and group stories again.

        The store forgets its vectors and stories and records this embedder at once; the
        documents' vectors are then made a block at a time (an interrupted run resumes at the next
        build); sentence vectors are made again as synthesis needs them. Returns the number of
        articles given a vector.
        """
        self.store.forget_vectors(EMBEDDING_SETTING, self.vectors_identity)
        self._vectors_checked = True
        self._writer = None
        return self.fill_vectors()

    def fill_vectors(self) -> int:
        """Give each annotated article without a document vector one (after :meth:`reembed`)."""
        self.check_vectors()
        pending = self.store.without_vector()
        block = self.config.batch_size * 4
        with tqdm(total=len(pending), desc="vectors", unit=" articles", disable=not self.progress, leave=False) as bar:
            for start in range(0, len(pending), block):
                articles = self.store.articles(pending[start : start + block])  # each block saved: resumable
                leads = [lead_text(a, self.store.sentences(a.id), self.config.lead_words) for a in articles]
                vectors = self.embedder.encode(leads)
                self.store.save_article_vectors({a.id: v for a, v in zip(articles, vectors, strict=True)})
                bar.update(len(articles))
        return len(pending)

    # -- build -------------------------------------------------------------------------------
    def build(self, *, rebuild: bool = False, reembed: bool = False, report: RunReport | None = None) -> RunReport:
        """Annotate what is new, put it into stories, and (re)write the changed stories.

        ``reembed`` first makes every stored vector again with this embedder (:meth:`reembed`),
        as changing the embedding model of a store needs."""
        report = report or RunReport()
        started = time.perf_counter()
        if reembed:
            with _stage("reembed: %s given a vector") as done:
                done.append(counted(self.reembed(), "article"))
        self.forget_impossible_dates()
        with _stage("annotate: %s annotated (sentences, entities, dates, vectors)") as done:
            annotated = self.annotate()
            done.append(counted(annotated, "article"))
            report.annotated += annotated
        with _stage("group: %s placed into events, and the events into stories") as done:
            assigned = self.cluster()
            done.append(counted(assigned, "new article"))
            report.assigned += assigned
        if rebuild:
            self.store.mark_all_dirty()
        with _stage("date: %s dated by their story") as done:
            dated = self.date_from_stories()
            done.append(counted(dated, "undated article"))
            report.dated_from_story += dated
        with _stage("synthesize: %s written (events, summaries, timelines, actors, coverage)") as done:
            written = self.synthesize()
            done.append(counted(written, "story", "stories"))
            report.stories_written += written
        report.seconds += time.perf_counter() - started
        return report

    def run(
        self,
        paths: Iterable[str | Path],
        *,
        feeds: Iterable[str] = (),
        outlet: str | None = None,
        published: str | None = None,
    ) -> RunReport:
        """Ingest then build: the whole job (refused at once, before reading, when the store's vectors
        are another model's: :meth:`check_vectors`)."""
        self.check_vectors()
        report = self.ingest(paths, feeds=feeds, outlet=outlet, published=published)
        return self.build(report=report)

    def forget_impossible_dates(self) -> int:
        """Forget the stored publication dates outside the years 1800-2200 (W119), which a store
        written before such dates were refused may hold: date arithmetic on them fails (year 1,
        9999), so no build could finish. An annotated article's temporal expressions are
        resolved again without the date; its story, now undated or dated by the others, is rewritten.
        Returns the number of articles and copies changed."""
        found = self.store.forget_dates_outside(f"{EARLIEST_YEAR:04d}-01-01", f"{LATEST_YEAR:04d}-12-31")
        for item_id, source, value, annotated in found:
            log.warning("%s: %s", source, Errors.W119.format(value=value, field="published", **_YEARS))
            article = self.store.article(item_id) if annotated else None
            if article is not None:
                dates = date_entities(item_id, self.store.sentences(item_id), None)
                evidence = [
                    *article.published_evidence,
                    f"date {value} refused: outside the years {EARLIEST_YEAR}-{LATEST_YEAR}",
                ]
                self.store.set_published(item_id, None, None, evidence, dates)
        return len(found)

    def annotate(self) -> int:
        """Annotate every stored article that is not annotated yet."""
        pending = self.store.count("annotated=0")
        if not pending:
            return 0
        self.check_vectors()
        n_process = self.config.n_process if pending >= 200 else 1
        done = 0
        batch: list[Annotation] = []
        stream = self.annotator.annotate(self._without_recurring(self.store.pending_annotation()), n_process=n_process)
        for ann in self._bar(stream, "annotate", total=pending):
            batch.append(ann)
            if len(batch) >= _SAVE_BATCH:
                done += self._save(batch)
                batch = []
        if batch:
            done += self._save(batch)
        release_freed_memory()
        return done

    def _without_recurring(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Drop each article's lines that recur across its outlet's articles, before annotation
        (the counts of a block of articles read at once)."""
        block: list[Article] = []
        for article in articles:
            block.append(article)
            if len(block) >= _SAVE_BATCH:
                yield from self.drop_recurring_lines(block)
                block = []
        yield from self.drop_recurring_lines(block)

    def drop_recurring_lines(self, articles: list[Article]) -> list[Article]:
        """``articles`` without the lines that recur across their outlets' articles (an outlet's
        boilerplate); the articles that lost lines are stored so. Returns them all."""
        keys = {a.id: countable_line_keys(a) for a in articles if a.outlet}
        wanted: dict[str, set[str]] = {}
        for article in articles:
            if article.outlet:
                wanted.setdefault(article.outlet, set()).update(keys[article.id])
        counts = self.store.line_counts_many(dict(wanted)) if wanted else {}
        settings = self.config.clean
        for article in articles:
            if article.outlet:
                seen, total = counts[article.outlet]
                if drop_recurring(article, seen, total, settings.recurring_min_articles, settings.recurring_min_share):
                    self.store.update_lines(article)
        return articles

    def _save(self, batch: list[Annotation]) -> int:
        keys = {a.article_id: entity_keys((e.text, e.label) for e in a.entities) for a in batch}
        return self.store.save_annotations(batch, keys)

    def cluster(self) -> int:
        """Put annotated articles that are in no event into events, and events into stories.

        Two levels (:mod:`newsweave.cluster.events`): new articles join events (existing or new) by
        :func:`newsweave.cluster.stories.place` under :meth:`Config.event_grouping`; members of events
        dated within ``recluster_days`` before the earliest new article are grouped again and may
        move. Every event that changed is then linked to a developing story by the same grouping
        one level up, each event standing as one item (:meth:`link_events`). Returns the number
        of new articles placed.
        """
        self.fill_vectors()  # none missing but after an interrupted reembed
        new_ids = self.store.unassigned()
        if new_ids:
            dates = {a.id: a.published for a in self.store.articles(new_ids)}
            dimension = self.embedder.dimension
            new = [article_features(self.store, i, dates[i], dimension) for i in new_ids]
            known = [f.date for f in new if f.date]
            since = None
            if known:
                # an event whose coverage ended long before the new articles cannot take them
                since = (min(known) - timedelta(days=4 * self.config.event_window_days)).isoformat()
            events = StoredStories(
                self.store,
                self.store.event_ids(since=since),
                dimension,
                self.config.cluster_chunk,
                member_dates=self.store.event_member_dates,
            )
            self.store.assign_events(place(new, events, StoredWeights(self.store), self.config.event_grouping()))
        self.link_events()
        return len(new_ids)

    def link_events(self) -> int:
        """Link every new or changed event to a developing story (existing or new); returns how many.

        Each event stands as one item (:func:`newsweave.cluster.events.event_features`); it joins the
        story whose events it is most similar to under :meth:`Config.story_grouping`, or opens
        one. Changed events already in a story are grouped again with the others, so a story
        re-formed from them keeps its id; a story left empty redirects to the one that took its
        articles. Resumable: events still to link are read from the store."""
        pending = self.store.unlinked_events()
        if not pending:
            return 0
        dimension = self.embedder.dimension
        changed = {
            e: event_features(
                e, [article_features(self.store, a, p, dimension) for a, p in self.store.event_member_dates(e)]
            )
            for e in pending
        }
        previous = self.store.stories_of_events(pending)
        known = [f.date for f in changed.values() if f.date]
        since = None
        if known:
            since = (min(known) - timedelta(days=self.config.story_horizon_days)).isoformat()
        candidates = sorted(set(self.store.linkable_story_ids(since)) | set(previous.values()))
        source = EventStories(self.store, candidates, changed, previous, self.config.cluster_chunk)
        fresh = [f for e, f in changed.items() if e not in previous]
        linking = place(fresh, source, StoredWeights(self.store), self.config.story_grouping())
        self.store.link_events(
            linking,
            [
                (e, f.vector, f.entities, f.terms, f.date.isoformat() if f.date else None, f.principals)
                for e, f in changed.items()
            ],
        )
        touched = set(self.store.stories_of_events(pending).values())
        self._merge_stories(touched, sorted(set(candidates) | touched))
        return len(changed)

    def _merge_stories(self, touched: set[str], candidates: list[str]) -> None:
        """Merge each story that took events into another whose profile is as similar as linking
        asks (:func:`newsweave.cluster.events.story_merges`); the merged story's id redirects."""
        profiles: dict[str, ArticleFeatures] = {}
        sizes: dict[str, int] = {}
        for story in candidates:
            events = self.store.story_event_ids(story)
            features = stored_event_features(self.store, events)
            if features:
                profiles[story] = event_features(story, list(features.values()))
                sizes[story] = len(self.store.story_members(story))
        merges = story_merges(
            {s: profiles[s] for s in touched if s in profiles},
            profiles,
            sizes,
            StoredWeights(self.store),
            replace(self.config.story_grouping(), threshold=self.config.story_merge_threshold),
        )
        if not merges:
            return
        moving = {e: target for story, target in merges.items() for e in self.store.story_event_ids(story)}
        rows = self.store.event_features(list(moving))
        self.store.link_events(moving, list(rows.values()))
        log.info("stories merged: %s", ", ".join(f"{a} -> {b}" for a, b in sorted(merges.items())))

    def date_from_stories(self) -> int:
        """Date the undated articles of each story by its dated articles.

        An article whose source gave no date and whose text gave no strong evidence of one
        takes the date of the story's most similar dated article that is not older than the
        latest date it mentions (:func:`newsweave.text.dates.published_from_story`). Its temporal
        expressions are resolved again against that date; the date is stored as ``story`` with
        its evidence, and ``--published`` or a record's own date always wins.

        Only stories changed since they were last written are looked at: a story that did not
        change has no new dated article to date its others by.
        """
        undated: dict[str, list[str]] = {}
        for article_id, story_id in self.store.undated_in_changed_stories():
            undated.setdefault(story_id, []).append(article_id)
        done = 0
        for story_id, article_ids in undated.items():
            members = self.store.member_dates(story_id)
            others = {m: (published, self.store.article_vector(m)) for m, published in members if published}
            if not others:
                continue
            for article_id in article_ids:
                done += self._date_from_story(article_id, others)
        return done

    def _date_from_story(self, article_id: str, dated: dict[str, tuple[str, np.ndarray | None]]) -> int:
        """Date one article by the story's ``dated`` articles (id → date, vector); 1 if dated."""
        article = self.store.article(article_id)
        vector = self.store.article_vector(article_id)
        if article is None or vector is None:
            return 0
        neighbours = [
            (
                other_id,
                published,
                float(vector @ other) / (float(np.linalg.norm(vector) * np.linalg.norm(other)) or 1.0),
            )
            for other_id, (published, other) in dated.items()
            if other is not None
        ]
        bound = infer_published([ln.text for ln in article.lines if ln.kind != "dropped"]).not_before
        guess = published_from_story(bound, neighbours)
        if guess.value is None:
            return 0
        dates = date_entities(article_id, self.store.sentences(article_id), parse_iso(guess.value))
        evidence = [*article.published_evidence, *guess.evidence]
        self.store.set_published(article_id, guess.value, "story", evidence, dates)
        log.info("%s: published %s, dated by its story (%s)", article.source, guess.value, guess.evidence[0])
        return 1

    def synthesize(self) -> int:
        """Write every event that changed (title, dates, a short summary), then the summary,
        timeline, actors, quotes, coverage and events of every story that changed.

        The inputs of a block of events or stories are read in one go, written by the
        :class:`~newsweave.synthesize.story.StoryWriter` (which touches no store) and saved
        with the vectors it made, block by block (an interrupted build resumes at the next)."""
        events = self.store.dirty_events()
        self.store.refresh_event_dates(events)  # articles dated from their story since they were grouped
        for start in range(0, len(events), _SAVE_BATCH):
            block = events[start : start + _SAVE_BATCH]
            inputs = self.event_inputs(block)
            self.save_events([self.writer.event(i) for i in self._bar(inputs, "events", total=len(block))])
        dirty = self.store.dirty_stories()
        bar = tqdm(total=len(dirty), desc="stories", unit=" stories", disable=not self.progress, leave=False)
        with bar:
            for story in self.story_inputs(dirty):
                self.save_stories([self.writer.story(story)])
                bar.update(1)
        self.store.delete_empty_stories()
        release_freed_memory()
        return len(dirty)

    @property
    def writer(self) -> StoryWriter:
        """The synthesize stage with this project's models: the embedder, the dependency parse the
        quote finder reads (remembered for the last few thousand paragraphs: a story re-written as
        it grows reads the same paragraphs again), the clause splitter and the store's text vectors."""
        if self._writer is None:
            self.check_vectors()
            clauses = self.annotator.clauses
            summaries = self.summary_embedder
            self._writer = StoryWriter(
                self.config.synthesize,
                encode=self.sentence_embedder.encode,
                dimension=self.sentence_embedder.dimension,
                summary_encode=summaries.encode if summaries is not self.sentence_embedder else None,
                parse=remembering(clauses.parse, size=_PARSE_CACHE),
                split=clauses.split,
                lookup=self.store.text_vectors,
            )
        return self._writer

    def material(self, story_id: str, article_ids: Sequence[str] | None = None) -> StoryMaterial:
        """Articles, sentences and entities of one story (or of the given articles), oldest article first."""
        ids = article_ids if article_ids is not None else self.store.story_members(story_id)
        (inputs,) = self._inputs([(story_id, list(ids))], vectors=False)
        return inputs.material

    def _inputs(self, groups: Sequence[tuple[str, list[str]]], *, vectors: bool = True) -> list[EventInput]:
        """What writing each group (id, article ids) needs, every group's rows read in one go."""
        ids = list(dict.fromkeys(a for _, members in groups for a in members))
        articles = {a.id: a for a in self.store.articles(ids)}
        sentences = self.store.sentences_of(ids)
        entities = self.store.entities_of(ids)
        article_vectors = self.store.article_vectors(ids) if vectors else {}
        sentence_vectors = self.store.sentence_vectors_of(ids) if vectors else {}
        made = []
        for group_id, members in groups:
            chosen = [articles[a] for a in members if a in articles]
            chosen.sort(key=lambda a: (a.published or "9999", a.id))
            material = StoryMaterial(
                group_id, chosen, {a.id: sentences[a.id] for a in chosen}, {a.id: entities[a.id] for a in chosen}
            )
            made.append(
                EventInput(
                    material,
                    {a.id: article_vectors[a.id] for a in chosen if a.id in article_vectors},
                    {(a.id, i): v for a in chosen for i, v in sentence_vectors.get(a.id, {}).items()},
                )
            )
        return made

    def _inputs_in_blocks(self, groups: list[tuple[str, list[str]]]) -> Iterator[EventInput]:
        """:meth:`_inputs` of ``groups`` read about ``_READ_ARTICLES`` articles at a time."""
        block: list[tuple[str, list[str]]] = []
        size = 0
        for group in groups:
            if block and size + len(group[1]) > _READ_ARTICLES:
                yield from self._inputs(block)
                block, size = [], 0
            block.append(group)
            size += len(group[1])
        if block:
            yield from self._inputs(block)

    def event_inputs(self, event_ids: Sequence[str]) -> list[EventInput]:
        """What writing each of ``event_ids`` needs, read from the store."""
        self.check_vectors()
        return self._inputs([(e, [a for a, _ in self.store.event_member_dates(e)]) for e in event_ids])

    def story_inputs(self, story_ids: Sequence[str]) -> Iterator[StoryInput]:
        """What writing each of ``story_ids`` needs, read from the store; events of theirs not
        written yet (a build interrupted between the two) are written first."""
        self.check_vectors()
        groups = [(story_id, self.store.story_members(story_id)) for story_id in story_ids]
        for base in self._inputs_in_blocks(groups):
            story_id = base.material.story_id
            ids = self.store.story_event_ids(story_id)
            written = self.store.written_events(ids)
            missing = [e for e in ids if e not in written]
            if missing:
                made = [self.writer.event(i) for i in self.event_inputs(missing)]
                self.save_events(made)
                written.update({w.event["id"]: w.event for w in made})
            copies = self.store.copies([a.id for a in base.material.articles])
            yield StoryInput(
                base.material, base.article_vectors, base.sentence_vectors, copies, [written[e] for e in ids]
            )

    def _save_vectors(self, written: Sequence[Written]) -> None:
        sentences = {k: v for w in written for k, v in w.sentence_vectors.items()}
        texts = {k: v for w in written for k, v in w.text_vectors.items()}
        if sentences:
            self.store.save_sentence_vectors(sentences)
        if texts:
            self.store.save_text_vectors(texts)

    def save_events(self, written: Sequence[WrittenEvent]) -> None:
        """Store written events and the vectors made for them."""
        self._save_vectors(written)
        self.store.save_events([w.event for w in written])

    def save_stories(self, written: Sequence[WrittenStory]) -> None:
        """Store written stories and the vectors made for them."""
        self._save_vectors(written)
        for w in written:
            if w.story is not None:
                self.store.save_story(w.story)

    def write_event(self, event_id: str) -> dict[str, Any]:
        """One event written from the store (not saved): what :meth:`synthesize` stores for it."""
        (inputs,) = self.event_inputs([event_id])
        written = self.writer.event(inputs)
        self._save_vectors([written])
        return written.event

    def write_story(self, story_id: str) -> Story:
        """One story written from the store (not saved): what :meth:`synthesize` stores for it."""
        (inputs,) = self.story_inputs([story_id])
        written = self.writer.story(inputs)
        self._save_vectors([written])
        assert written.story is not None
        return written.story

    def title(self, group_id: str) -> str:
        """The headline :meth:`synthesize` gives a story (or, with an event's id, an event)."""
        members = self.store.story_members(group_id) or [a for a, _ in self.store.event_member_dates(group_id)]
        (inputs,) = self._inputs([(group_id, members)])
        return self.writer.title(inputs.material, inputs.article_vectors)

    # -- reading -----------------------------------------------------------------------------
    def stories(self) -> list[Story]:
        """The stories written so far, most covered first."""
        return self.store.stories()

    def story(self, story_id: str) -> Story | None:
        return self.store.story(story_id)

    def articles(self) -> list[Article]:
        return self.store.articles()

    def entities(self, article_id: str) -> list[Entity]:
        return self.store.entities(article_id)


def open(db: str | Path = "newsweave.db", config: Config | None = None, **options: Any) -> Newsweave:  # noqa: A001
    """Open (or create) a newsweave store: ``newsweave.open("news.db")``."""
    cfg = (config or Config()).with_options(**options) if options else config
    return Newsweave(db, cfg)


def summarize_articles(
    records: Iterable[RawArticle],
    config: Config | None = None,
    *,
    annotator: Annotator | None = None,
    words: int | None = None,
    sentences: int | None = None,
) -> tuple[list[SummarySentence], StoryMaterial]:
    """Summarise ``records`` as one story, without a store: clean, split, summarise.

    For a user who has picked the articles already (``newsweave summarize``) and for the
    summary benchmark; the story pipeline calls the same :func:`~newsweave.synthesize.summary.summarize`.
    Records whose text cleans to nothing are left out; a repeated id is read once.
    """
    config = config or Config()
    annotator = annotator or Annotator(config)
    articles: dict[str, Article] = {}
    for raw in records:
        article = clean_article(raw, config.max_article_chars)
        if article.body and article.id not in articles:
            articles[article.id] = article
    ordered = sorted(articles.values(), key=lambda a: (a.published or "9999", a.id))
    material = StoryMaterial(
        "summary", ordered, {a.id: annotator.split(a) for a in ordered}, {a.id: [] for a in ordered}
    )
    if not ordered:
        return [], material
    vectors = SentenceVectors(annotator.summary_embedder.encode)
    return summarize(material, vectors, config.synthesize, words, sentences), material
