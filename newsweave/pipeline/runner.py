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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsweave.annotate.annotator import Annotator
from newsweave.clean.article import clean_article
from newsweave.clean.dedup import NearDuplicates
from newsweave.cluster.events import story_merges, story_splits
from newsweave.cluster.stories import place
from newsweave.config import Config
from newsweave.ingest import Fetcher, read_inputs
from newsweave.pipeline.annotating import AnnotateSteps
from newsweave.pipeline.engine import Engine, LocalEngine, NotWritten
from newsweave.pipeline.grouping import GroupSteps
from newsweave.pipeline.ingesting import IngestSteps
from newsweave.pipeline.steps import EMBEDDING_SETTING, RunReport, _stage, with_stored_backends

__all__ = ["EMBEDDING_SETTING", "STAGES", "Newsweave", "RunReport", "open"]
from newsweave.pipeline.synthesis import SynthesisSteps
from newsweave.records import Article, Entity, Story, check_order, counted
from newsweave.store.store import Store
from newsweave.synthesize.story import StoryWriter
from newsweave.text.dates import published_from_event

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
    story_splits,
    published_from_event,
    StoryWriter.event,
    StoryWriter.story,
)
check_order(STAGES)


class Newsweave(IngestSteps, AnnotateSteps, GroupSteps, SynthesisSteps):
    """A newsweave project: a store plus the models and settings to fill it."""

    def __init__(
        self,
        db: str | Path = "newsweave.db",
        config: Config | None = None,
        *,
        progress: bool = False,
        annotator: Annotator | None = None,
        engine: Engine | None = None,
    ) -> None:
        """Open the store at ``db``; models load on first use. Pass ``annotator`` to share loaded models,
        ``engine`` to run cleaning and annotation elsewhere (:mod:`newsweave.pipeline.engine`; default:
        in this process)."""
        self.engine: Engine = engine or LocalEngine()
        self.store = Store(db)
        self.config = with_stored_backends(config or Config(), self.store.setting(EMBEDDING_SETTING))
        self.progress = progress
        if annotator is not None:
            annotator.config = self.config.annotate
        self.annotator = annotator or Annotator(self.config)
        self.embedder = self.annotator.embedder
        self._dedup: NearDuplicates | None = None
        self._fetcher: Fetcher | None = None
        self._writer: StoryWriter | None = None
        self.driver_seconds: dict[str, float] = {}  # see RunReport.driver
        self._vectors_checked = False

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
        self.engine.close()
        self.store.close()

    def __enter__(self) -> Newsweave:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- build -------------------------------------------------------------------------------
    def build(self, *, rebuild: bool = False, reembed: bool = False, report: RunReport | None = None) -> RunReport:
        """Annotate what is new, put it into stories, and (re)write the changed stories.

        ``reembed`` first makes every stored vector again with this embedder (:meth:`reembed`),
        as changing the embedding model of a store needs."""
        report = report or RunReport()
        started, mark = time.perf_counter(), dict(self.driver_seconds)
        if reembed:
            with _stage("reembed: %s given a vector") as done:
                done.append(counted(self.reembed(), "article"))
        self.forget_impossible_dates()
        with _stage("annotate: %s annotated (sentences, entities, dates, vectors)") as done:
            annotated = self.annotate()
            done.append(counted(annotated, "article"))
            report.annotated += annotated
        with _stage("group: %s placed into events, and the events into stories") as done, self._on_driver("group"):
            assigned = self.cluster()
            done.append(counted(assigned, "new article"))
            report.assigned += assigned
        if rebuild:
            self.store.mark_all_dirty()
        with _stage("date: %s dated by their story") as done, self._on_driver("date"):
            dated = self.date_from_stories()
            done.append(counted(dated, "undated article"))
            report.dated_from_story += dated
        with _stage("synthesize: %s written (events, summaries, timelines, actors, coverage)") as done:
            failures: list[NotWritten] = []
            written = self.synthesize(failures)
            report.not_written += [f"{f.kind} {f.group_id}: {f.reason}" for f in failures]
            done.append(counted(written, "story", "stories"))
            report.stories_written += written
        report.seconds += time.perf_counter() - started
        self._driver_since(mark, report)
        driver = report.driver
        log.info(
            "driver: %.1f s of work no engine takes (reading the store %.1f, writing it %.1f, grouping %.1f,"
            " dating %.1f)",
            sum(driver.values()),
            *(driver.get(k, 0.0) for k in ("read", "write", "group", "date")),
        )
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
