"""Bounded spaCy vocabularies, so that a long run's memory does not grow with what it reads.

A spaCy pipeline keeps every new word it meets: a string, a lexeme and a tokenizer cache entry,
about 440 bytes each for the blank English tokenizer (measured: 220 MB for 500,000 new words).
News brings new words for ever (names, places, misspellings), so a service or a long ingest
would grow without bound. spaCy 3.8's ``Language.memory_zone()`` frees what was added inside the
zone when it ends; inside a zone the tokenizer adds nothing to its cache, which costs speed
while the cache is cold (spaCy's memory-management guide: warm the cache first).

:class:`VocabBudget` does both: a pipeline runs outside a zone until its vocabulary has grown
by ``growth`` strings since loading (the common words of the corpus, and their cache entries,
are kept), then every call runs in a zone and the vocabulary stays at that size.
Measured with ``python benchmarks/memory.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any


class VocabBudget:
    """Lets ``nlp``'s vocabulary grow by at most ``growth`` strings; then processes in memory zones.

    Use ``with budget.zone(): ...`` around each call that makes Docs, and read everything needed
    from the Docs inside the block: Docs made in a zone must not be touched after it ends.
    """

    def __init__(self, nlp: Any, growth: int) -> None:
        self.nlp = nlp
        self.growth = growth
        self.limit = len(nlp.vocab.strings) + max(growth, 0)
        self._open = False

    @property
    def strings(self) -> int:
        """Strings the vocabulary holds now."""
        return len(self.nlp.vocab.strings)

    @property
    def full(self) -> bool:
        """Whether the vocabulary has used its growth, so new words are no longer kept."""
        return self.strings >= self.limit

    def zone(self) -> AbstractContextManager[Any]:
        """A memory zone once the budget is used, else a no-op (the tokenizer cache still warms).
        Inside an open zone of this budget (views of one pipeline share it), a no-op: spaCy's
        zones do not nest, and what is made runs in the open one."""
        if self.full and not self._open:
            return self._opened()
        return nullcontext()

    @contextmanager
    def _opened(self) -> Iterator[Any]:
        self._open = True
        try:
            with self.nlp.memory_zone() as zone:
                yield zone
        finally:
            self._open = False
