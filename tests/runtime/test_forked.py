"""Chunks of a stream worked on in forked processes: in order, read in this thread, bounded."""

from __future__ import annotations

import os
import threading

import pytest

from newsweave.runtime.forked import can_fork, forked_map

pytestmark = pytest.mark.skipif(not can_fork(), reason="this system does not fork processes")


def _squares_with_pid(chunk: list[int]) -> list[tuple[int, int]]:
    return [(x * x, os.getpid()) for x in chunk]


def test_every_item_comes_back_with_its_result_in_order_from_other_processes():
    got = list(forked_map(_squares_with_pid, range(103), processes=2, chunk=10))
    assert [item for item, _ in got] == list(range(103))
    assert [result for _, (result, _) in got] == [x * x for x in range(103)]
    assert os.getpid() not in {pid for _, (_, pid) in got}


def test_the_stream_is_read_in_this_thread_and_never_far_ahead():
    read: list[tuple[int, str]] = []

    def stream():
        for x in range(60):
            read.append((x, threading.current_thread().name))
            yield x

    for taken, (item, _) in enumerate(forked_map(_squares_with_pid, stream(), processes=2, chunk=5, window=3), 1):
        # at most the window's chunks, plus the chunk handed on after each taken one, are read ahead
        assert len(read) - taken <= 4 * 5
        assert item == taken - 1
    assert {name for _, name in read} == {threading.current_thread().name}


def _wrong_count(chunk: list[int]) -> list[int]:
    return chunk[:-1]


def test_a_chunk_that_loses_results_is_an_error_not_a_shifted_stream():
    with pytest.raises(RuntimeError, match="gave"):
        list(forked_map(_wrong_count, range(8), processes=2, chunk=4))


def _dies_on_five(chunk: list[int]) -> list[int]:
    import signal

    if 5 in chunk:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return chunk


def test_a_process_that_dies_is_an_error_not_a_hang():
    import signal

    def too_long(signum, frame):  # noqa: ARG001 - a hang fails the test instead of the suite
        raise TimeoutError("forked_map hung after a process died")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)
    try:
        with pytest.raises(RuntimeError, match="stopped"):
            list(forked_map(_dies_on_five, range(20), processes=2, chunk=2))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_daemonic_worker_does_not_fork():
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(can_fork) is False
    assert can_fork() is True


def _can_fork_here(chunk: list[int]) -> list[bool]:
    return [can_fork() for _ in chunk]


def test_a_process_forked_map_forked_forks_no_more():
    assert [allowed for _, allowed in forked_map(_can_fork_here, range(4), processes=2, chunk=2)] == [False] * 4
    assert can_fork() is True


def _blas_threads(chunk: list[int]) -> list[list[int]]:
    from threadpoolctl import threadpool_info

    return [[lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"] for _ in chunk]


def test_a_forked_process_runs_its_blas_with_one_thread_and_this_process_keeps_its_own():
    import numpy  # noqa: F401  (loads the BLAS threadpoolctl reports)
    from threadpoolctl import threadpool_info

    before = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    got = [threads for _, threads in forked_map(_blas_threads, range(4), processes=2, chunk=1)]
    assert got and all(threads and set(threads) == {1} for threads in got)
    assert [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"] == before
