"""Event dates of sentences found once: a story written again as it grows (in a later command
too) reads the dates of its earlier articles' sentences instead of parsing and dating them again.

A sentence's event date (:func:`~newsweave.text.eventdate.event_date`) depends on its text, its
temporal expressions, its publication date and its parse; the parse on the text and the parser.
So a date is kept under a key of the text, the expressions and the publication date, in a kind
named after the parser and a digest of the code and rule data that date sentences: a change to
either makes new keys, and no date found by other code is ever read back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from newsweave.runtime import code_digest as code
from newsweave.runtime.remembered import Kept
from newsweave.text.eventdate_model import FAR
from newsweave.text.timexes import Timex

# What dates a sentence: :func:`~newsweave.text.eventdate.event_date` and the modules it imports,
# less the records and parse tokens it reads (data, not the code that dates), and the rule files
# they name (:mod:`~newsweave.runtime.code_digest`).
DATED_BY = "newsweave.text.eventdate"
DATA_ONLY = ("newsweave.records", "newsweave.text.parse")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of what dates sentences: the code of the dating modules and the rule data they read."""
    modules = code.imported_modules([DATED_BY], data_only=DATA_ONLY)
    return code.code_digest(modules, code.rule_files(modules))


def date_kind(parser: str, learned: bool) -> str:
    """The kind under which the store keeps event dates found with ``parser`` (its identity)."""
    return f"event date {'learned' if learned else 'rules'} {code_digest()} {parser}"


def date_key(text: str, timexes: Iterable[Timex], published: str | None, position: int | None = None) -> str:
    """What a sentence's event date is kept under: its publication date, its temporal
    expressions (span and value), its text and whether it stands away from its article's lead
    (``position``, as :func:`~newsweave.text.eventdate.event_date` takes it: the model reads only
    whether it is :data:`~newsweave.text.eventdate_model.FAR` or more)."""
    spans = ";".join(f"{t.start}:{t.end}:{t.value or ''}" for t in timexes)
    where = "" if position is None else str(min(position, FAR))
    return f"{published or ''}\x1f{spans}\x1f{where}\x1f{text}"


def encode_date(value: str | None) -> bytes:
    """An event date (or None: the sentence reports no date) as bytes for the store."""
    return json.dumps(value).encode("utf-8")


def decode_date(data: bytes) -> str | None:
    """The event date :func:`encode_date` made bytes of."""
    value = json.loads(data.decode("utf-8"))
    return value if isinstance(value, str) else None


class EventDateMemory(Kept[str, str | None]):
    """The event dates a writer knows, by :func:`date_key`: those the runner read from the store
    for a story (:meth:`remember`) and those found here (:meth:`add`, waiting in :attr:`new` for
    the runner to store); the last ``size`` are kept."""

    def __init__(self, *, size: int = 20000) -> None:
        super().__init__(size=size)

    def known(self, keys: Iterable[str]) -> dict[str, str | None]:
        """The dates of those of ``keys`` known."""
        return {k: self.recent[k] for k in dict.fromkeys(keys) if k in self.recent}
