"""The Ray engine: cleaning and annotation as Ray Data ``map_batches``, synthesis on Ray actors.

* Ingest: Ray Data reads the input files (one row per file; a task reads each with the project's
  own readers, :func:`newsweave.ingest.read_inputs`, so text, HTML, JSON Lines, CSV and WARC all
  work) and cleans their records in parallel tasks (:func:`newsweave.pipeline.cleaning.clean_items`).
  Skipped items come back with their file and line, as the local engine reports them.
* Annotate: articles go out in groups of :data:`ANNOTATE_GROUP` to an actor pool of ``workers``
  annotators, each loading the language and embedding models once.
* Synthesize: each event, then each story, goes with the inputs the runner read for it (its
  material and stored vectors) to one of ``workers`` writer actors
  (:class:`newsweave.synthesize.story.StoryWriter`, models loaded once per actor and kept for the
  build); what they write comes back with the vectors they made, for the runner to save.

Results come back to the driver in the order of the inputs (Ray Data's ``preserve_order``, the
actor pool's ordered results), where the runner deduplicates, stores, groups, dates and saves
exactly as with the local engine: the driver is the only writer of the store. Dataset rows hold
pickled records (dataclasses), one column.

With no ``address`` a Ray is started on this machine (``num_cpus=workers``) and shut down at
:meth:`RayEngine.close`; with one, the engine joins that cluster, whose nodes need newsweave and its
models installed and the input files readable at the same paths (a shared file system).
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

import ray
import ray.data
from ray.util import ActorPool

from newsweave.annotate.annotator import Annotator
from newsweave.config import AnnotateSettings, Config, SynthesizeSettings
from newsweave.errors import Errors, NewsweaveError
from newsweave.ingest import Skipped, iter_files, read_inputs
from newsweave.pipeline.cleaning import Cleaned, clean_items
from newsweave.pipeline.engine import story_writer, write_one
from newsweave.records import Annotation, Article
from newsweave.synthesize.story import EventInput, StoryWriter, Written

log = logging.getLogger(__name__)

ITEM = "item"  # the one column of every dataset: a pickled Python object per row
ANNOTATE_GROUP = 64  # articles per annotation call: the groups the local annotator embeds together
_WINDOW_GROUPS = 80  # groups per annotate dataset (each dataset starts its actor pool once)
_BLOCKS_PER_WORKER = 16  # blocks of the file list per worker: small enough to balance uneven files
_BLOCK_BYTES = 1 << 20  # cleaned records are split into blocks of about this size, so one large
# file (a JSON Lines export, a WARC) is cleaned by several tasks
_PASSED_ON = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "TOKENIZERS_PARALLELISM", "NEWSWEAVE_CACHE")


def _pack(obj: Any) -> bytes:
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(blob: Any) -> Any:
    return pickle.loads(blob)  # noqa: S301 - rows this engine wrote itself


def _read_file(row: dict[str, Any], outlet: str | None, published: str | None, max_bytes: int) -> list[dict[str, Any]]:
    """The records (or skips) of one file, one row each (the file's name travels as bytes)."""
    path = Path(os.fsdecode(row["path"]))
    return [{ITEM: _pack(x)} for x in read_inputs([path], outlet=outlet, max_bytes=max_bytes, published=published)]


def _clean_batch(batch: dict[str, Any], config: Config) -> dict[str, list[bytes]]:
    """Clean a batch of records: the :class:`Cleaned` outcome of each."""
    return {ITEM: [_pack(outcome) for outcome in clean_items((_unpack(b) for b in batch[ITEM]), config)]}


class _Annotate:
    """One worker of the annotate pool: its models load once, with the first group it gets."""

    def __init__(self, config: AnnotateSettings) -> None:
        self.annotator = Annotator(config)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        return {ITEM: [_pack(list(self.annotator.annotate(_unpack(group)))) for group in batch[ITEM]]}


class _Writer:
    """A writer actor: the synthesize stage with its own models (no store: the inputs carry it all)."""

    def __init__(self, annotate: AnnotateSettings, synthesize: SynthesizeSettings) -> None:
        self.writer = story_writer(Annotator(annotate), synthesize)

    def write(self, inputs: EventInput) -> Written:
        return write_one(self.writer, inputs)


def _worker_env(local: bool) -> dict[str, str]:
    """Environment for the workers: the offline switches, and on this machine the folder newsweave is
    imported from (as ``PYTHONPATH=.`` would give it to the driver only)."""
    env = {name: os.environ[name] for name in _PASSED_ON if name in os.environ}
    if local:
        here = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)
    return env


@contextmanager
def _quiet_core() -> Iterator[None]:
    """Keep Ray's core (C++) logs to fatal errors: it logs an error line for every actor pool Ray Data
    starts (ray-project/ray#57733), and a line saying so when asked not to, hidden here while Ray starts."""
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def start_ray(address: str | None = None, cpus: int | None = None) -> bool:
    """Start a Ray on this machine with ``cpus`` CPUs (default: all), or join the cluster at ``address``,
    quietly (its logs kept to errors unless newsweave logs at DEBUG). Returns False when this process
    is connected to a Ray already (nothing is done), True when it started or joined one.

    Raises E015 when Ray cannot start or the cluster cannot be joined."""
    if ray.is_initialized():
        return False
    quiet = not logging.getLogger("newsweave").isEnabledFor(logging.DEBUG)
    options: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.ERROR,
        "runtime_env": {"env_vars": _worker_env(local=address is None)},
    }
    if address is None:
        options["num_cpus"] = cpus or os.cpu_count() or 1
    try:
        with _quiet_core() if quiet else nullcontext():
            ray.init(address=address, **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        at = f" at {address}" if address else ""
        raise NewsweaveError(Errors.E015, at=at, detail=str(exc).splitlines()[0][:200]) from exc
    return True


class RayEngine:
    """Cleaning, annotation and synthesis on Ray; the runner keeps the store (:mod:`newsweave.pipeline.engine`)."""

    def __init__(self, *, address: str | None = None, workers: int | None = None) -> None:
        """Nothing starts until a stage runs: a build with nothing to annotate starts no Ray."""
        self.address = address
        self.requested = workers
        self.workers = workers or 1
        self._started = False
        self._ready = False
        self._writers: list[Any] = []

    def _connect(self) -> None:
        """Start a Ray on this machine, or join the one at ``address`` (reused when already running)."""
        if self._ready:
            return
        quiet = not logging.getLogger("newsweave").isEnabledFor(logging.DEBUG)
        self._started = start_ray(self.address, self.requested)
        self.workers = self.requested or max(1, int(ray.cluster_resources().get("CPU", 1)))
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # the store gets articles as the local engine does
        context.enable_progress_bars = False  # the runner shows its own
        context.print_on_execution_start = False
        context.enable_auto_log_stats = False
        context.target_max_block_size = _BLOCK_BYTES
        if quiet:
            for name in ("ray", "ray.data"):  # Ray Data's logger does not propagate to Ray's
                logging.getLogger(name).setLevel(logging.ERROR)
        log.info("ray: %d workers on %s", self.workers, self.address or "this machine")
        self._ready = True

    def clean_files(
        self, paths: Sequence[str | Path], config: Config, *, outlet: str | None, published: str | None
    ) -> Iterator[Cleaned]:
        """Read and clean the files under ``paths`` on the cluster; outcomes in the order of the files
        (what cannot even be listed, such as a missing file, first)."""
        self._release_writers()  # their CPUs go to the tasks
        files: list[bytes] = []
        for item in iter_files(paths):
            if isinstance(item, Skipped):
                yield Cleaned(skipped=item, record=False)
            else:
                files.append(os.fsencode(item))
        if not files:
            return
        self._connect()
        blocks = min(len(files), self.workers * _BLOCKS_PER_WORKER)
        dataset = (
            ray.data.from_items([{"path": f} for f in files], override_num_blocks=blocks)
            .flat_map(partial(_read_file, outlet=outlet, published=published, max_bytes=config.max_bytes))
            .map_batches(
                partial(_clean_batch, config=config),
                batch_format="numpy",
                compute=ray.data.TaskPoolStrategy(size=self.workers),
            )
        )
        for row in dataset.iter_rows():
            yield _unpack(row[ITEM])

    def annotate(self, articles: Iterable[Article], annotator: Annotator, pending: int) -> Iterator[Annotation]:
        """Annotate on a pool of ``workers`` actors, a window of articles per dataset; annotations in
        the order of ``articles`` (read lazily: the runner prepares each window as it is taken)."""
        self._release_writers()  # their CPUs go to the annotate pool
        stream = iter(articles)
        while window := list(islice(stream, ANNOTATE_GROUP * _WINDOW_GROUPS)):
            self._connect()
            groups = [window[i : i + ANNOTATE_GROUP] for i in range(0, len(window), ANNOTATE_GROUP)]
            dataset = ray.data.from_items(
                [{ITEM: _pack(g)} for g in groups], override_num_blocks=len(groups)
            ).map_batches(
                _Annotate,
                fn_constructor_kwargs={"config": annotator.config},
                batch_size=1,
                batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(size=min(self.workers, len(groups))),
                num_cpus=1,
            )
            for row in dataset.iter_rows():
                yield from _unpack(row[ITEM])

    def write(
        self, inputs: Iterable[EventInput], config: Config, writer: Callable[[], StoryWriter]
    ) -> Iterator[Written]:
        """Write events or stories on ``workers`` writer actors (made with ``config``'s settings, kept
        until the next stage of another kind; the runner's own ``writer`` is not needed); results in
        the order of ``inputs``, which are read as the actors take them (a few per actor ahead)."""
        stream = iter(inputs)
        first = next(stream, None)
        if first is None:
            return  # nothing to write: no Ray started for it
        self._connect()
        if not self._writers:
            actor = ray.remote(num_cpus=1)(_Writer)
            self._writers = [actor.remote(config.annotate, config.synthesize) for _ in range(self.workers)]
        pool = ActorPool(self._writers)
        ahead = 2 * len(self._writers)
        waiting = 0
        for item in chain([first], stream):
            pool.submit(lambda actor, value: actor.write.remote(value), item)
            waiting += 1
            if waiting >= ahead:
                yield pool.get_next()
                waiting -= 1
        while waiting:
            yield pool.get_next()
            waiting -= 1

    def _release_writers(self) -> None:
        for actor in self._writers:
            ray.kill(actor)
        self._writers = []

    def close(self) -> None:
        """Shut down the Ray this engine started, or leave the cluster it joined (which keeps running)."""
        self._release_writers()
        if self._started and ray.is_initialized():
            ray.shutdown()
        self._started = self._ready = False
