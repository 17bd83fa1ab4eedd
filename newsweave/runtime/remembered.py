"""Values made from texts, each made once: kept for the texts used last, else looked up where
they were kept before (the store), else made; the ones made are handed over for keeping."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

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
