"""Where the per-article stages run: in this process (``local``) or on a Ray cluster (``ray``).

An engine runs the two stages that need nothing but the article at hand: reading and cleaning
the input files, and annotating stored articles. Everything else (deduplication, the store,
clustering, dating, synthesis) runs in the runner, the same for every engine
(:class:`newsweave.pipeline.runner.Newsweave`), which is the only writer of the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from newsweave.annotate.annotator import Annotator
from newsweave.config import Config
from newsweave.errors import Errors, NewsweaveError
from newsweave.ingest import read_inputs
from newsweave.pipeline.cleaning import Cleaned, clean_items
from newsweave.records import Annotation, Article

ENGINES = ("local", "ray")
N_PROCESS_FROM = 200  # articles to annotate from which the local engine runs NER in config.n_process processes


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

    def close(self) -> None:
        """Give back what the engine holds (a Ray it started)."""
        ...


class LocalEngine:
    """Every stage in this process (spaCy's NER in ``config.n_process`` processes for a large batch)."""

    def clean_files(
        self, paths: Sequence[str | Path], config: Config, *, outlet: str | None, published: str | None
    ) -> Iterator[Cleaned]:
        """Read and clean in this process, one record after the other."""
        return clean_items(read_inputs(paths, outlet=outlet, max_bytes=config.max_bytes, published=published), config)

    def annotate(self, articles: Iterable[Article], annotator: Annotator, pending: int) -> Iterator[Annotation]:
        """Annotate with the loaded ``annotator`` as a stream."""
        n_process = annotator.config.n_process if pending >= N_PROCESS_FROM else 1
        return annotator.annotate(articles, n_process=n_process)

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
