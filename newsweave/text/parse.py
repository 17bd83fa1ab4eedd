"""Parsed tokens as plain records: what the dependency parse gives the stages, with no spaCy
object held (parses are made inside the parser's memory zone, :class:`~newsweave.text.clauses.ClauseSplitter`)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsweave.runtime.remembered import Remembered


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


def encode_parse(toks: Sequence[Tok]) -> bytes:
    """A parse as compact bytes (zlib of the tokens' fields as JSON), for the store to keep."""
    rows = [[t.idx, t.text, t.tag, t.dep, t.head, t.sent] for t in toks]
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def decode_parse(data: bytes) -> list[Tok]:
    """The tokens :func:`encode_parse` made bytes of."""
    rows = json.loads(zlib.decompress(data).decode("utf-8"))
    return [Tok(i, idx, text, tag, dep, head, sent) for i, (idx, text, tag, dep, head, sent) in enumerate(rows)]


ParseLookup = Callable[[Sequence[str]], dict[str, list[Tok]]]


class ParseMemory(Remembered[list[Tok]]):
    """A parse that reads each text once (:class:`~newsweave.runtime.remembered.Remembered`):
    the parses of the last ``size`` texts are kept in memory, the others looked up with
    ``lookup`` (the store's, when the runner gives one) and only then parsed; the parses made
    wait in :attr:`new` for the runner to store. A story re-written as it grows, in this process
    or a later one, reads the same paragraphs again: parsing them is most of the quote finder's time."""

    def __init__(self, parse: Parse, *, size: int = 6000, lookup: ParseLookup | None = None) -> None:
        super().__init__(parse, size=size, lookup=lookup)

    def __call__(self, texts: Sequence[str]) -> list[list[Tok]]:
        parses = self.values(texts)
        return [parses[t] for t in texts]
