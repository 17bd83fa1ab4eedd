"""Values made once: kept for the texts (or keys) used last, else looked up where they were kept
before (the store), else made; the ones made are handed over for keeping.

:class:`Remembered` makes what it lacks itself; :class:`Kept` only keeps what its owner found and
what the runner read back from the store (an article's quotes, a sentence's event date).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

K = TypeVar("K")
T = TypeVar("T")
Lookup = Callable[[Sequence[str]], dict[str, T]]


class Remembered(Generic[T]):
    """What ``make`` gives for texts (one value per text, in order), made once per text.

    A call takes each distinct text's value from the ``size`` texts used last, then from
    ``lookup`` (e.g. the store's cache, when the caller has one), and only then makes it; the
    values made are kept in :attr:`new` until :meth:`take_new`. A call's values are taken before
    anything is evicted, so one call needs no more room than ``size``; the least recently used
    texts are evicted first.
    """

    def __init__(self, make: Callable[[Sequence[str]], Sequence[T]], *, size: int, lookup: Lookup[T] | None = None):
        self.make = make
        self.size = size
        self.lookup = lookup
        self.recent: dict[str, T] = {}
        self.new: dict[str, T] = {}

    def values(self, texts: Sequence[str]) -> dict[str, T]:
        """The value of each distinct text of ``texts``."""
        wanted = list(dict.fromkeys(texts))
        missing = [t for t in wanted if t not in self.recent]
        fresh = self.lookup(missing) if missing and self.lookup is not None else {}
        unknown = [t for t in missing if t not in fresh]
        if unknown:
            made = dict(zip(unknown, self.make(unknown), strict=True))
            self.new.update(made)
            fresh.update(made)
        values = {t: fresh[t] if t in fresh else self.recent.pop(t) for t in wanted}
        self.recent.update(values)  # re-inserted: most recently used last
        while len(self.recent) > self.size:
            self.recent.pop(next(iter(self.recent)))
        return values

    def take_new(self) -> dict[str, T]:
        """The values made since the last call, handed over once."""
        new, self.new = self.new, {}
        return new


class Kept(Generic[K, T]):
    """Values by key: those the runner read from the store (:meth:`remember`) and those found
    here (:meth:`add`, waiting in :attr:`new` for the runner to store); the ``size`` kept or found
    last are kept (the least recently kept evicted first)."""

    def __init__(self, *, size: int) -> None:
        self.size = size
        self.recent: dict[K, T] = {}
        self.new: dict[K, T] = {}

    def remember(self, values: dict[K, T]) -> None:
        """Values found before and kept elsewhere (the store, read by the runner): known, not new."""
        self._keep(values)

    def add(self, values: dict[K, T]) -> None:
        """Values just found, to keep and to store."""
        self.new.update(values)
        self._keep(values)

    def take_new(self) -> dict[K, T]:
        """The values found since the last call, handed over once."""
        new, self.new = self.new, {}
        return new

    def _keep(self, values: dict[K, T]) -> None:
        for key, value in values.items():
            self.recent.pop(key, None)  # re-inserted: most recently kept last
            self.recent[key] = value
        while len(self.recent) > self.size:
            self.recent.pop(next(iter(self.recent)))
