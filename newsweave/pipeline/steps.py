"""What the runner's steps share: the store, the models, the settings, progress bars and the
time counted as driver work (:class:`~newsweave.pipeline.runner.Newsweave` is made of the steps)."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm

from newsweave.annotate.annotator import Annotator, lead_text
from newsweave.clean.dedup import NearDuplicates
from newsweave.config import DEFAULT_EMBEDDING_BACKEND, Config
from newsweave.errors import Errors, NewsweaveError
from newsweave.ingest import Fetcher, Skipped
from newsweave.models.embed import Embedder, backends_of, vectors_identity
from newsweave.pipeline.engine import Engine, synthesis_embedders
from newsweave.records import counted
from newsweave.store.store import Store
from newsweave.synthesize.story import StoryWriter

log = logging.getLogger("newsweave.pipeline.runner")

INGEST_BATCH = 64
SAVE_BATCH = 64
READ_ARTICLES = 2000  # articles whose rows the synthesis of a block of stories reads at once
STORY_SAVE = 16  # written stories saved at once
_BAR_UNITS = {"events": " events", "stories": " stories"}  # what a stage's progress bar counts (else articles)
EMBEDDING_SETTING = "embedding"  # the store's record of what made its vectors (check_vectors)
_END = object()  # the end of a stream read on the driver


def with_stored_backends(config: Config, stored: str | None) -> Config:
    """``config`` with the embedding backends left to the store (``None``) set: to those that made
    the store's vectors (``stored``, its record), else to
    :data:`~newsweave.config.DEFAULT_EMBEDDING_BACKEND` for a store without vectors. So a store made
    with float32 vectors goes on with them, and a new one gets the faster int8 ones; a backend
    chosen explicitly is kept, and refused by :meth:`Steps.check_vectors` if the store's
    vectors were made otherwise (E011)."""
    settings = config.annotate
    if settings.embedding_backend is not None:
        return config
    documents, sentences = backends_of(stored) if stored else (None, None)
    documents = documents or DEFAULT_EMBEDDING_BACKEND
    changed = {"embedding_backend": documents}
    if settings.sentence_backend is None and sentences not in (None, documents):
        changed["sentence_backend"] = sentences
    return config.with_options(**changed)


@contextmanager
def _stage(message: str) -> Iterator[list[str]]:
    """Log at INFO what a stage of a build did and how long it took (``-v``): the stage appends
    the count that fills ``message``'s ``%s``."""
    started = time.perf_counter()
    done: list[str] = []
    yield done
    log.info(message + " in %.1f s", done[0] if done else "nothing", time.perf_counter() - started)


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
    # events and stories whose writing failed (an error in newsweave, logged): "story ID: reason"
    not_written: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # seconds of work in this process that no engine takes over: reading the store for a stage
    # ("read"), writing results to it ("write"), grouping ("group") and dating by story ("date")
    driver: dict[str, float] = field(default_factory=dict)

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
            stories = counted(stories_total, "story", "stories")
            parts.append(f"{stories} in the store ({self.stories_written} written by this run)")
        if self.not_written:
            parts.append(f"{len(self.not_written)} not written (an error in newsweave, logged above)")
        parts.append(f"{self.seconds:.1f} s")
        return "; ".join(parts)


class Steps:
    """The state every step of the runner reads (set by :class:`~newsweave.pipeline.runner.Newsweave`)."""

    config: Config
    engine: Engine
    store: Store
    progress: bool
    annotator: Annotator
    embedder: Embedder  # document vectors (title and lead: grouping)
    driver_seconds: dict[str, float]
    _dedup: NearDuplicates | None
    _fetcher: Fetcher | None
    _writer: StoryWriter | None
    _vectors_checked: bool

    def _bar(self, iterable: Iterable[Any], desc: str, total: int | None = None) -> Iterator[Any]:
        """A progress bar (on a terminal) counting what the stage ``desc`` goes through."""
        unit = _BAR_UNITS.get(desc, " articles")
        return iter(
            tqdm(
                iterable, desc=desc, total=total, unit=unit, disable=not self.progress, leave=False, dynamic_ncols=True
            )
        )

    @contextmanager
    def _on_driver(self, kind: str) -> Iterator[None]:
        """Count the time of the block as driver work of ``kind`` (:attr:`RunReport.driver`)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.driver_seconds[kind] = self.driver_seconds.get(kind, 0.0) + time.perf_counter() - started

    def _read_on_driver(self, items: Iterable[Any]) -> Iterator[Any]:
        """``items`` as they are taken, the time taken to produce each counted as driver reading."""
        stream = iter(items)
        while True:
            with self._on_driver("read"):
                item = next(stream, _END)
            if item is _END:
                return
            yield item

    def _driver_since(self, mark: dict[str, float], report: RunReport) -> None:
        for kind, seconds in self.driver_seconds.items():
            report.driver[kind] = report.driver.get(kind, 0.0) + seconds - mark.get(kind, 0.0)

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
        """The embedder of sentence vectors (synthesis): :func:`~newsweave.pipeline.engine.synthesis_embedders`."""
        return synthesis_embedders(self.annotator)[0]

    @property
    def summary_embedder(self) -> Embedder:
        """The embedder of summary candidates (not stored): :func:`~newsweave.pipeline.engine.synthesis_embedders`."""
        return synthesis_embedders(self.annotator)[1]

    @property
    def vectors_identity(self) -> str:
        """What the store records as the maker of its vectors: the embedder's identity, or, when
        sentences are embedded by another backend, both (so a store refuses either changed)."""
        return vectors_identity(self.embedder.identity, self.sentence_embedder.identity)

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
