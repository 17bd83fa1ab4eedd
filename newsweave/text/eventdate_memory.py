"""Event dates of sentences found once: a story written again as it grows (in a later command
too) reads the dates of its earlier articles' sentences instead of parsing and dating them again.

A sentence's event date (:func:`~newsweave.text.eventdate.event_date`) depends on its text, its
temporal expressions, its publication date and its parse; the parse on the text and the parser.
So a date is kept under a key of the text, the expressions and the publication date, in a kind
named after the parser and a digest of the code and rule data that date sentences: a change to
either makes new keys, and no date found by other code is ever read back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from newsweave.text.eventdate_model import FAR
from newsweave.text.timexes import Timex

# What dates a sentence: these modules (the records and parse tokens they also import are data
# only) and the rule data they read; tests/text/test_eventdate_memory.py checks the lists against
# the modules' own imports and rule files.
DATING_MODULES = (
    "newsweave.text.eventdate",
    "newsweave.text.eventdate_model",
    "newsweave.text.timexes",
    "newsweave.text.timex_values",
)
DATING_RULES = ("eventdate_en.json", "eventdate_model.json", "temporal_en.json")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of what dates sentences: the code of :data:`DATING_MODULES` and the rule data of
    :data:`DATING_RULES`."""
    digest = hashlib.sha1()
    for module in DATING_MODULES:
        package, name = module.rsplit(".", 1)
        digest.update(resources.files(package).joinpath(f"{name}.py").read_bytes())
    for name in DATING_RULES:
        digest.update(resources.files("newsweave.rules").joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


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


class EventDateMemory:
    """The event dates a writer knows, by :func:`date_key`: those the runner read from the store
    for a story (:meth:`remember`) and those found here (:meth:`add`, waiting in :attr:`new` for
    the runner to store); the last ``size`` are kept."""

    def __init__(self, *, size: int = 20000) -> None:
        self.size = size
        self.recent: dict[str, str | None] = {}
        self.new: dict[str, str | None] = {}

    def known(self, keys: Iterable[str]) -> dict[str, str | None]:
        """The dates of those of ``keys`` known."""
        return {k: self.recent[k] for k in dict.fromkeys(keys) if k in self.recent}

    def remember(self, dates: dict[str, str | None]) -> None:
        """Dates found before and kept elsewhere (the store, read by the runner): known, not new."""
        self._keep(dates)

    def add(self, dates: dict[str, str | None]) -> None:
        """Dates just found, to keep and to store."""
        self.new.update(dates)
        self._keep(dates)

    def take_new(self) -> dict[str, str | None]:
        """The dates found since the last call, handed over once."""
        new, self.new = self.new, {}
        return new

    def _keep(self, dates: dict[str, str | None]) -> None:
        self.recent.update(dates)
        while len(self.recent) > self.size:
            self.recent.pop(next(iter(self.recent)))
