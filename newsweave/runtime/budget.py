"""Time budgets: one hostile item may cost seconds, never the run.

:func:`time_budget` interrupts the work inside it with :class:`OverBudget` once it has run
longer than its budget (a ``SIGALRM`` timer on the main thread of a POSIX system; elsewhere the
time is checked when the block ends). Python code is interrupted at once; a long call into C
(a regular expression, a parser) is interrupted when it returns, so the inputs of such calls are
bounded where they are made (``clean.normalise_text``, the quote finder's patterns).
Budgets nest: an inner budget never outlives an outer one.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class OverBudget(BaseException):  # noqa: N818 - a signal, as SkipItem is
    """The work of one item ran longer than its budget (a ``BaseException``, as
    ``KeyboardInterrupt`` is, so that a library's ``except Exception`` cannot swallow it)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"took more than {seconds:g} s")


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the block with at most ``seconds`` of wall time (``None`` or 0: no budget)."""
    if not seconds or seconds <= 0:
        yield
        return
    started = time.monotonic()
    if not _can_alarm():
        yield
        if time.monotonic() - started > seconds:
            raise OverBudget(seconds)
        return
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    own = min(seconds, outer_left) if outer_left > 0 else seconds

    def interrupt(signum: int, frame: FrameType | None) -> None:
        # the outer budget's time ran out, not ours: the outer block is the one to stop
        raise OverBudget(seconds if own == seconds else outer_left)

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, own)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left > 0:  # give the outer budget back what is left of it
            left = outer_left - (time.monotonic() - started)
            if left <= 0:
                signal.raise_signal(signal.SIGALRM)
            else:
                signal.setitimer(signal.ITIMER_REAL, left)
