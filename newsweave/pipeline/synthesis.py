"""Synthesize: the inputs of changed events and stories read in blocks, written by the engine's
story writer, saved with the vectors made."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from newsweave.pipeline.engine import NotWritten, story_writer
from newsweave.pipeline.steps import READ_ARTICLES, SAVE_BATCH, STORY_SAVE, Steps
from newsweave.records import Event, Story, StoryMaterial
from newsweave.runtime.trim import release_freed_memory
from newsweave.synthesize.actor_memory import decode_mentions, encode_mentions, mentions_version
from newsweave.synthesize.alignment_memory import decode_pairs, encode_pairs, pairs_version
from newsweave.synthesize.quote_memory import decode_quotes, encode_quotes, quotes_version
from newsweave.synthesize.story import EventInput, StoryInput, StoryWriter, Written, WrittenEvent, WrittenStory
from newsweave.synthesize.timeline import dated_sentences, undated_articles
from newsweave.synthesize.timeline_memory import ArticleDays, DayMemory, days_version, decode_days, encode_days
from newsweave.text.clauses import decode_spans, encode_spans
from newsweave.text.eventdate_memory import date_kind, decode_date, encode_date
from newsweave.text.parse import decode_parse, encode_parse

log = logging.getLogger("newsweave.pipeline.runner")
MENTIONS = "actor mentions"  # the kind of article results an article's actor mentions are kept as
DAYS = "timeline days"  # the kind of article results the days an article's sentences tell are kept as


class SynthesisSteps(Steps):
    """Writing events and stories."""

    def synthesize(self, failures: list[NotWritten] | None = None) -> int:
        """Write every event that changed (title, dates, a short summary), then the summary,
        timeline, actors, quotes, coverage and events of every story that changed; returns how
        many stories were written.

        The inputs of a block of events or stories are read in one go, written by the
        :class:`~newsweave.synthesize.story.StoryWriter` (which touches no store) and saved
        with the vectors it made, block by block (an interrupted build resumes at the next).
        An event or story whose writing fails is logged, added to ``failures`` and left marked,
        so the next build tries it again; the others are written."""
        failed = [] if failures is None else failures
        events = self.store.dirty_events()
        self.store.refresh_event_dates(events)  # articles dated from their story since they were grouped
        inputs = chain.from_iterable(
            self.event_inputs(events[s : s + SAVE_BATCH]) for s in range(0, len(events), SAVE_BATCH)
        )
        self._write(inputs, "events", len(events), SAVE_BATCH, self.save_events, failed)
        # a story whose articles all went to another (merged by the grouping) is deleted, not
        # written and counted as written
        self.store.delete_empty_stories()
        dirty = self.store.dirty_stories()
        before = len(failed)
        stories = self.story_inputs(dirty, failed)
        self._write(stories, "stories", len(dirty), STORY_SAVE, self.save_stories, failed)
        stories_failed = sum(f.kind == "story" for f in failed[before:])
        self.store.delete_empty_stories()
        release_freed_memory()
        return len(dirty) - stories_failed

    def _write(
        self, inputs: Iterable[EventInput], desc: str, total: int, batch: int, save: Any, failed: list[NotWritten]
    ) -> None:
        """Write ``inputs`` on the engine (read lazily, as it takes them) and ``save`` what comes back,
        in order, ``batch`` at a time; what could not be written is logged and added to ``failed``."""
        done: list[Any] = []
        stream = self.engine.write(self._read_on_driver(inputs), self.config, lambda: self.writer)
        for written in self._bar(stream, desc, total=total):
            if isinstance(written, NotWritten):
                _not_written(written, failed)
                continue
            done.append(written)
            if len(done) >= batch:
                with self._on_driver("write"):
                    save(done)
                done = []
        if done:
            with self._on_driver("write"):
                save(done)

    @property
    def writer(self) -> StoryWriter:
        """The synthesize stage with this project's models: the embedder, the dependency parse the
        quote finder reads (remembered for the last few thousand paragraphs: a story re-written as
        it grows reads the same paragraphs again), the clause splitter and the store's text vectors."""
        if self._writer is None:
            self.check_vectors()
            parser = self.annotator.clauses.identity
            store = self.store
            self._writer = story_writer(
                self.annotator,
                self.config.synthesize,
                lookup=store.text_vectors,
                parse_lookup=lambda texts: {t: decode_parse(b) for t, b in store.text_results(texts, parser).items()},
                clause_lookup=lambda texts: {
                    t: decode_spans(b) for t, b in store.text_results(texts, f"clauses {parser}").items()
                },
                processes=self.config.annotate.n_process,
            )
        return self._writer

    @property
    def _date_kind(self) -> str:
        """The kind the store keeps sentences' event dates under (the parser and the dating code)."""
        return date_kind(self.annotator.clauses.identity, self.config.synthesize.event_date_model)

    @property
    def _quotes_version(self) -> str:
        """The version the store keeps articles' quotes under (the parser and the quoting code)."""
        parser = self.annotator.clauses.identity if self.config.synthesize.quote_parse else None
        return quotes_version(parser)

    @property
    def _mentions_version(self) -> str:
        """The version the store keeps articles' actor mentions under (the parser and the actors' code)."""
        parser = self.annotator.clauses.identity if self.config.synthesize.role_parse else None
        return mentions_version(parser)

    @property
    def _days_version(self) -> str:
        """The version the store keeps the days articles' sentences tell under (the dating kind and
        the timeline's code)."""
        return days_version(self._date_kind)

    @property
    def _pairs_version(self) -> str:
        """The kind the store keeps a story's aligned quote pairs under (the code, thresholds and vectors)."""
        config = self.config.synthesize
        return pairs_version(config.quote_overlap, config.quote_cosine, self.vectors_identity)

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
        """:meth:`_inputs` of ``groups`` read about ``READ_ARTICLES`` articles at a time."""
        block: list[tuple[str, list[str]]] = []
        size = 0
        for group in groups:
            if block and size + len(group[1]) > READ_ARTICLES:
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

    def story_inputs(self, story_ids: Sequence[str], failed: list[NotWritten] | None = None) -> Iterator[StoryInput]:
        """What writing each of ``story_ids`` needs, read from the store; events of theirs not
        written yet (a build interrupted between the two) are written first.

        With ``failed`` (what this build could not write), a story one of whose events failed is
        not given: it is added to ``failed`` and stays marked with its event, so that it is never
        saved over a stale or missing event."""
        self.check_vectors()
        failures = failed if failed is not None else []
        broken = {f.group_id for f in failures if f.kind == "event"}  # events this build could not write
        groups = [(story_id, self.store.story_members(story_id)) for story_id in story_ids]
        for base in self._inputs_in_blocks(groups):
            story_id = base.material.story_id
            ids = self.store.story_event_ids(story_id)
            written = self.store.written_events(ids)
            missing = [e for e in ids if e not in written and e not in broken]
            if missing:  # events the events pass did not reach (a build interrupted between the two)
                made = [self.writer.event(i) for i in self.event_inputs(missing)]
                self.save_events(made)
                written.update({w.event.id: w.event for w in made})
            stopped = [e for e in ids if e in broken]
            if stopped:
                reason = f"its event {stopped[0]} could not be written"
                _not_written(NotWritten(group_id=story_id, kind="story", reason=reason), failures)
                continue
            article_ids = [a.id for a in base.material.articles]
            copies = self.store.copies(article_ids)
            days, kept = self._kept_days(base.material)
            quotes = self.store.article_quotes(article_ids, self._quotes_version)
            pairs = self.store.story_quote_pairs(story_id, self._pairs_version)
            mentions = self.store.article_results(article_ids, MENTIONS, self._mentions_version)
            yield StoryInput(
                base.material,
                base.article_vectors,
                base.sentence_vectors,
                copies,
                [written[e] for e in ids],
                {key: decode_date(data) for key, data in kept.items()},
                {article: decode_quotes(data) for article, data in quotes.items()},
                decode_pairs(pairs) if pairs is not None else None,
                {article: decode_mentions(data) for article, data in mentions.items()},
                days,
            )

    def _kept_days(self, material: StoryMaterial) -> tuple[dict[str, ArticleDays], dict[str, bytes]]:
        """The days kept for a story's articles (when the timeline dates by the parse), and the
        event dates kept for the sentences of its other articles (by date key, as bytes)."""
        days: dict[str, ArticleDays] = {}
        if self.config.synthesize.quote_parse:
            kept = self.store.article_results([a.id for a in material.articles], DAYS, self._days_version)
            days = {article: decode_days(data) for article, data in kept.items()}
        known = DayMemory()
        known.remember(days)
        keys = [key for _, key in dated_sentences(material, undated_articles(material, known))]
        return days, self.store.text_results(keys, self._date_kind) if keys else {}

    def _save_vectors(self, written: Sequence[Written]) -> None:
        sentences = {k: v for w in written for k, v in w.sentence_vectors.items()}
        texts = {k: v for w in written for k, v in w.text_vectors.items()}
        parses = {k: encode_parse(v) for w in written for k, v in w.parses.items()}
        clauses = {k: encode_spans(v) for w in written for k, v in w.clauses.items()}
        if parses or clauses:
            parser = self.annotator.clauses.identity
            self.store.save_text_results(parses, parser)
            self.store.save_text_results(clauses, f"clauses {parser}")
        dates = {k: encode_date(v) for w in written for k, v in w.event_dates.items()}
        if dates:
            self.store.save_text_results(dates, self._date_kind)
        quotes = {k: encode_quotes(v) for w in written for k, v in w.article_quotes.items()}
        if quotes:
            self.store.save_article_quotes(quotes, self._quotes_version)
        mentions = {k: encode_mentions(v) for w in written for k, v in w.article_mentions.items()}
        if mentions:
            self.store.save_article_results(mentions, MENTIONS, self._mentions_version)
        days = {k: encode_days(v) for w in written for k, v in w.article_days.items()}
        if days:
            self.store.save_article_results(days, DAYS, self._days_version)
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
        pairs = {
            w.story.id: encode_pairs(w.quote_pairs)
            for w in written
            if w.story is not None and w.quote_pairs is not None
        }
        for w in written:
            if w.story is not None:
                log.info(
                    "story %s: quotes of %d of its %d articles read from the store, %d found anew;"
                    " actor mentions of %d read from the store, %d read anew;"
                    " timeline days of %d read from the store, %d found anew",
                    w.story.id,
                    w.quotes_reused,
                    w.quotes_reused + w.quotes_found,
                    w.quotes_found,
                    w.mentions_reused,
                    w.mentions_read,
                    w.days_reused,
                    w.days_found,
                )
                self.store.save_story(w.story)
        if pairs:
            self.store.save_story_quote_pairs(pairs, self._pairs_version)

    def write_event(self, event_id: str) -> Event:
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


def _not_written(item: NotWritten, failed: list[NotWritten]) -> None:
    """Log an event or story that could not be written and add it to ``failed``."""
    log.error(
        "%s %s could not be written (%s); it stays marked and the next build tries it again",
        item.kind,
        item.group_id,
        item.reason,
    )
    if item.trace:
        log.debug("%s", item.trace)
    failed.append(item)
