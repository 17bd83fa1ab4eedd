"""Work on chunks of a stream in forked processes, which inherit the loaded models.

A stage holding a spaCy pipeline can run it on more cores without pickling the pipeline or
loading it again: the processes are forked after it is loaded, and only the chunks' inputs and
compact results (records, tuples) cross between processes. The stream is read in the calling
thread (a store's connection stays in its thread) and at most ``window`` chunks are out at
once, so a long stream is never read ahead whole. Results come back in the stream's order.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_WORK: Callable[[list[Any]], Sequence[Any]] | None = None  # what a forked process runs on a chunk


_IN_WORKER = False  # set in a process forked_map forked: it works alone, it forks no more


def can_fork() -> bool:
    """Whether this process may fork workers: the system starts processes by forking (POSIX), and
    this process is neither one :func:`forked_map` forked nor a pool's daemonic worker."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not _IN_WORKER
        and not multiprocessing.current_process().daemon
    )


def worth_forking(processes: int, items: int, least: int) -> bool:
    """Whether ``items`` are worth handing to ``processes`` forked processes: more than one is
    asked for, there are at least ``least`` items (each caller's threshold), and this process may fork."""
    return processes > 1 and items >= least and can_fork()


def _one_blas_thread() -> None:
    """Run in each forked process as it starts: its BLAS (NumPy's OpenBLAS, which the NER's matrix
    products use) gets one thread. It would start one per core in every process, beside the other
    processes and the parent's own work on the same cores, and spend CPU time waiting on them
    (docs/experiments.md, *Speed, eighth session (issue 25): the at-once path*); a process's products are
    computed alike with one thread."""
    from threadpoolctl import threadpool_limits  # a dependency, imported only where it is used

    threadpool_limits(1, user_api="blas")


def _run_chunk(chunk: list[Any]) -> Sequence[Any]:
    global _IN_WORKER
    _IN_WORKER = True
    assert _WORK is not None, "forked without work"
    return _WORK(chunk)


def forked_map(
    work: Callable[[list[T]], Sequence[R]],
    items: Iterable[T],
    *,
    processes: int,
    chunk: int = 16,
    window: int | None = None,
) -> Iterator[tuple[T, R]]:
    """Each item of ``items`` with its result, in order: ``work`` (one result per item of a
    chunk) runs on chunks of ``chunk`` items in ``processes`` forked processes; at most
    ``window`` chunks (default: twice the processes) are out at once. Each process runs its BLAS
    with one thread (:func:`_one_blas_thread`)."""
    global _WORK
    window = window or 2 * processes
    stream = iter(items)
    outstanding: deque[tuple[list[T], Future[Sequence[R]]]] = deque()
    previous, _WORK = _WORK, work
    pool = ProcessPoolExecutor(
        max_workers=processes, mp_context=multiprocessing.get_context("fork"), initializer=_one_blas_thread
    )
    try:

        def submit() -> None:
            part = list(islice(stream, chunk))
            if part:
                outstanding.append((part, pool.submit(_run_chunk, part)))

        for _ in range(window):
            submit()
        while outstanding:
            part, pending = outstanding.popleft()
            results = pending.result()
            submit()
            if len(results) != len(part):
                raise RuntimeError(f"a chunk of {len(part)} items gave {len(results)} results")
            yield from zip(part, results, strict=True)
    except BrokenProcessPool as exc:  # a process was killed (out of memory?) or crashed
        raise RuntimeError("a forked process stopped (killed, out of memory or crashed)") from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _WORK = previous
