"""Ingest: read, clean (by the engine) and store articles; near-duplicates recorded as copies."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from typing import Any

from newsweave.clean.article import countable_line_keys
from newsweave.clean.dedup import NearDuplicates
from newsweave.ingest import Fetcher, FetchPolicy, read_feed, read_inputs
from newsweave.ingest.web import is_url
from newsweave.pipeline.cleaning import Cleaned, clean_items, clean_record
from newsweave.pipeline.steps import INGEST_BATCH, RunReport, Steps
from newsweave.records import Article, RawArticle, counted

log = logging.getLogger("newsweave.pipeline.runner")


class IngestSteps(Steps):
    """Reading, cleaning and storing articles."""

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
        started, mark = time.perf_counter(), dict(self.driver_seconds)
        batch: list[Article] = []
        # URLs and feeds are fetched here (the fetcher keeps its validators in the store), before and
        # after the files, as read_inputs orders them; the engine reads and cleans the files
        paths = list(paths)
        urls = [p for p in paths if isinstance(p, str) and is_url(p)]
        files = [p for p in paths if not (isinstance(p, str) and is_url(p))]
        cfg = self.config
        fetcher = self.fetcher if urls else None
        fetched = read_inputs(urls, outlet=outlet, max_bytes=cfg.max_bytes, fetcher=fetcher, published=published)
        stream = chain(
            clean_items(fetched, cfg) if urls else (),
            self.engine.clean_files(files, cfg, outlet=outlet, published=published) if files else (),
            clean_items(chain.from_iterable(read_feed(url, self.fetcher, self.store.knows_url) for url in feeds), cfg),
        )
        for outcome in self._bar(stream, "ingest"):
            article = self._take(outcome, report)
            if article is not None:
                batch.append(article)
            if len(batch) >= INGEST_BATCH:
                self._store_batch(batch, report)
                batch = []
        if batch:
            self._store_batch(batch, report)
        seconds = time.perf_counter() - started
        report.seconds += seconds
        self._driver_since(mark, report)
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
            article = self._take(clean_record(raw, self.config), report)
            if article is not None:
                batch.append(article)
        self._store_batch(batch, report)
        return report

    @staticmethod
    def _take(outcome: Cleaned, report: RunReport) -> Article | None:
        """Log and count one cleaning outcome; its article, or ``None`` when it was skipped."""
        for warning in outcome.warnings:
            log.warning("%s", warning)
        report.read += outcome.record
        skip = outcome.skipped
        if skip is not None:
            log.log(logging.DEBUG if skip.expected else logging.WARNING, "%s: %s", skip.where, skip.message)
            report.skipped.append(skip)
        return outcome.article

    def _near_duplicates(self) -> NearDuplicates:
        if self._dedup is None:
            self._dedup = NearDuplicates.stored(self.store, self.config.near_duplicate_threshold)
            unsigned = self.store.unsigned()  # an interrupted ingest stored these but did not index them
            for start in range(0, len(unsigned), INGEST_BATCH):
                articles = self.store.articles(unsigned[start : start + INGEST_BATCH])
                self._dedup.add_many((a.id, self._dedup.signature(a)) for a in articles)
        return self._dedup

    def _store_batch(self, batch: list[Article], report: RunReport) -> None:
        """Store new articles; repeats are counted, near-duplicates recorded as copies of the first.

        What is new is decided and stored in one write transaction: another process ingesting
        into the same store at the same time waits, then sees what this batch stored."""
        with self._on_driver("write"), self.store.writing():
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
