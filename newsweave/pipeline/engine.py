"""Where the stages that need only their own inputs run: in this process (``local``) or on a
Ray cluster (``ray``).

An engine runs reading and cleaning the input files, annotating stored articles, and writing
events and stories from the inputs the runner read for them. Everything else (deduplication,
clustering, dating, and every read and write of the store) runs in the runner, the same for
every engine (:class:`newsweave.pipeline.runner.Newsweave`), which is the only writer of the store.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from newsweave.annotate.annotator import Annotator
from newsweave.config import Config, SynthesizeSettings
from newsweave.errors import Errors, NewsweaveError
from newsweave.ingest import read_inputs
from newsweave.pipeline.cleaning import Cleaned, clean_items
from newsweave.records import Annotation, Article
from newsweave.synthesize.story import EventInput, StoryInput, StoryWriter, TextLookup, Written
from newsweave.text.clauses import SplitMemory
from newsweave.text.parse import ParseLookup, ParseMemory

ENGINES = ("local", "ray")
# articles to annotate from which the local engine annotates in config.n_process forked processes
# (they inherit the loaded models: forking costs little more than the chunks of a second process)
N_PROCESS_FROM = 24
PARSE_CACHE = 6000  # paragraphs whose parse the quote finder keeps (about 25 MB)


def synthesis_embedders(annotator: Annotator) -> tuple[Any, Any]:
    """The embedders of stored sentence vectors and of summary candidates: the annotator's own
    (``sentence_backend``, ``summary_backend``), else its document embedder (a stand-in without them)."""
    sentences = getattr(annotator, "sentence_embedder", annotator.embedder)
    return sentences, getattr(annotator, "summary_embedder", sentences)


def story_writer(
    annotator: Annotator,
    settings: SynthesizeSettings,
    lookup: TextLookup | None = None,
    parse_lookup: ParseLookup | None = None,
    clause_lookup: Callable[[Sequence[str]], dict[str, list[tuple[int, int]]]] | None = None,
    processes: int = 1,
) -> StoryWriter:
    """The synthesize stage with ``annotator``'s models: its sentence and summary embedders, the
    dependency parse the quote finder reads (remembered for the last few thousand paragraphs: a
    story re-written as it grows reads the same paragraphs again) and the clause splitter;
    ``lookup`` finds stored text vectors, ``parse_lookup`` and ``clause_lookup`` stored parses and
    clause spans (a story's stored event dates come in its inputs); ``processes``: how many
    processes a large batch of texts is parsed in."""
    clauses = annotator.clauses
    sentences, summaries = synthesis_embedders(annotator)
    return StoryWriter(
        settings,
        encode=sentences.encode,
        dimension=sentences.dimension,
        summary_encode=summaries.encode if summaries is not sentences else None,
        parse=ParseMemory(partial(clauses.parse, processes=processes), size=PARSE_CACHE, lookup=parse_lookup),
        split=SplitMemory(clauses.split, lookup=clause_lookup) if clauses.split is not None else None,
        lookup=lookup,
        processes=processes,
    )


@dataclass
class NotWritten(Written):
    """An event or story whose writing failed: an error in newsweave, not in the user's input.
    The runner logs it and saves nothing for it, so it stays marked and the next build tries it
    again; the other events and stories are written."""

    group_id: str = ""
    kind: str = "story"
    reason: str = ""
    trace: str = ""


def write_one(writer: StoryWriter, inputs: EventInput) -> Written:
    """Write one story (a :class:`StoryInput`) or one event (an :class:`EventInput`); a failure
    comes back as :class:`NotWritten` rather than stopping the stream of the others (but a
    :class:`NewsweaveError`, such as a model that is not installed, and running out of memory
    stop the run: they would fail every item the same way)."""
    story = isinstance(inputs, StoryInput)
    try:
        return writer.story(inputs) if story else writer.event(inputs)
    except (NewsweaveError, MemoryError):
        raise  # the user's environment (a model not installed) or the machine: the run stops with its own message
    except Exception as exc:  # noqa: BLE001 - one story's failure must not stop the others
        return NotWritten(
            group_id=inputs.material.story_id,
            kind="story" if story else "event",
            reason=f"{type(exc).__name__}: {exc}"[:500],
            trace=traceback.format_exc(),
        )


class Engine(Protocol):
    """Runs the per-article stages; results come back in the order of their inputs."""

    def clean_files(
        self, paths: Sequence[str | Path], config: Config, *, outlet: str | None, published: str | None
    ) -> Iterator[Cleaned]:
        """Read the files and folders ``paths`` (no URLs) and clean every record they hold."""
        ...

    def annotate(self, articles: Iterable[Article], annotator: Annotator, pending: int) -> Iterator[Annotation]:
        """Annotate ``articles`` (``pending`` of them, for choosing how) with ``annotator``'s settings."""
        ...

    def write(
        self, inputs: Iterable[EventInput], config: Config, writer: Callable[[], StoryWriter]
    ) -> Iterator[Written]:
        """Write each event or story of ``inputs`` under ``config``; ``writer`` gives the runner's own
        writer (its models loaded on first use), for an engine that writes in this process."""
        ...

    def close(self) -> None:
        """Give back what the engine holds (a Ray it started)."""
        ...


class LocalEngine:
    """Every stage on this machine (annotation in ``config.n_process`` forked processes for a large batch)."""

    def clean_files(
        self, paths: Sequence[str | Path], config: Config, *, outlet: str | None, published: str | None
    ) -> Iterator[Cleaned]:
        """Read in this process and clean here, or, for many records, in ``config.annotate.n_process``
        forked processes."""
        items = read_inputs(paths, outlet=outlet, max_bytes=config.max_bytes, published=published)
        return clean_items(items, config, processes=config.annotate.n_process)

    def annotate(self, articles: Iterable[Article], annotator: Annotator, pending: int) -> Iterator[Annotation]:
        """Annotate with the loaded ``annotator`` as a stream."""
        n_process = annotator.config.n_process if pending >= N_PROCESS_FROM else 1
        return annotator.annotate(articles, n_process=n_process)

    def write(
        self, inputs: Iterable[EventInput], config: Config, writer: Callable[[], StoryWriter]
    ) -> Iterator[Written]:
        """Write with the runner's own writer, one after the other."""
        return (write_one(writer(), item) for item in inputs)

    def close(self) -> None:
        """Nothing to give back."""


def make_engine(name: str = "local", *, address: str | None = None, workers: int | None = None) -> Engine:
    """The engine called ``name``: ``local``, or ``ray`` joining the cluster at ``address`` (none: a Ray
    started on this machine) with ``workers`` workers per stage (default: the CPUs Ray has).

    Raises E014 when Ray is asked for and not installed."""
    if name == "local":
        return LocalEngine()
    if name != "ray":
        raise ValueError(f"unknown engine {name!r} (known: {', '.join(ENGINES)})")
    try:
        from newsweave.pipeline.ray_engine import RayEngine
    except ImportError as exc:
        raise NewsweaveError(Errors.E014, detail=f"{type(exc).__name__}: {exc}") from exc
    return RayEngine(address=address, workers=workers)
