"""Parsed tokens as plain records: what the dependency parse gives the stages, with no spaCy
object held (parses are made inside the parser's memory zone, :class:`~newsweave.text.clauses.ClauseSplitter`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tok:
    """One parsed token: where it starts in its text, its words, tag, dependency and head."""

    i: int
    idx: int
    text: str
    tag: str
    dep: str
    head: int
    sent: int  # the number of its sentence in the text

    @property
    def end(self) -> int:
        """Where the token ends in its text."""
        return self.idx + len(self.text)


Parse = Callable[[Sequence[str]], list[list[Tok]]]
