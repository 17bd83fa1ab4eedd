"""Annotate: vectors checked against the store's model, impossible dates forgotten, an outlet's
recurring lines dropped, articles annotated by the engine."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from newsweave.annotate.annotator import date_entities
from newsweave.clean.article import countable_line_keys, drop_recurring
from newsweave.cluster.stories import entity_keys
from newsweave.errors import Errors
from newsweave.pipeline.cleaning import YEARS
from newsweave.pipeline.steps import SAVE_BATCH, Steps
from newsweave.records import Annotation, Article, boilerplate_group
from newsweave.runtime.trim import release_freed_memory
from newsweave.text.dates import EARLIEST_YEAR, LATEST_YEAR

log = logging.getLogger("newsweave.pipeline.runner")


class AnnotateSteps(Steps):
    """Vectors and annotation."""

    def forget_impossible_dates(self) -> int:
        """Forget the stored publication dates outside the years 1800-2200 (W119), which a store
        written before such dates were refused may hold: date arithmetic on them fails (year 1,
        9999), so no build could finish. An annotated article's temporal expressions are
        resolved again without the date; its story, now undated or dated by the others, is rewritten.
        Returns the number of articles and copies changed."""
        found = self.store.forget_dates_outside(f"{EARLIEST_YEAR:04d}-01-01", f"{LATEST_YEAR:04d}-12-31")
        for item_id, source, value, annotated in found:
            log.warning("%s: %s", source, Errors.W119.format(value=value, field="published", **YEARS))
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
        done = 0
        batch: list[Annotation] = []
        articles = self._read_on_driver(self._without_recurring(self.store.pending_annotation()))
        stream = self.engine.annotate(articles, self.annotator, pending)
        for ann in self._bar(stream, "annotate", total=pending):
            batch.append(ann)
            if len(batch) >= SAVE_BATCH:
                done += self._save(batch)
                batch = []
        if batch:
            done += self._save(batch)
        release_freed_memory()
        return done

    def _without_recurring(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Drop each article's lines that recur across its outlet's (or its file's) articles, before annotation
        (the counts of a block of articles read at once)."""
        block: list[Article] = []
        for article in articles:
            block.append(article)
            if len(block) >= SAVE_BATCH:
                yield from self.drop_recurring_lines(block)
                block = []
        yield from self.drop_recurring_lines(block)

    def drop_recurring_lines(self, articles: list[Article]) -> list[Article]:
        """``articles`` without the lines that recur across their outlets' articles (an outlet's
        boilerplate), or, for articles without an outlet, across the articles of the file they were
        read from (which needs :attr:`~newsweave.config.CleanSettings.recurring_min_file_articles`);
        the articles that lost lines are stored so. Returns them all."""
        groups = {a.id: boilerplate_group(a) for a in articles}
        wanted: dict[str, set[str]] = {}
        for article in articles:
            wanted.setdefault(groups[article.id], set()).update(countable_line_keys(article))
        counts = self.store.line_counts_many(dict(wanted)) if wanted else {}
        settings = self.config.clean
        for article in articles:
            seen, total = counts[groups[article.id]]
            least = settings.recurring_min_articles if article.outlet else settings.recurring_min_file_articles
            if drop_recurring(article, seen, total, least, settings.recurring_min_share):
                self.store.update_lines(article)
        return articles

    def _save(self, batch: list[Annotation]) -> int:
        keys = {a.article_id: entity_keys((e.text, e.label) for e in a.entities) for a in batch}
        with self._on_driver("write"):
            return self.store.save_annotations(batch, keys)
