"""An article's quotes found once while its story grows, and kept in the store.

A story is written again each time it grows, and finding an article's quotes and speakers (the
parse walked paragraph by paragraph, pronouns resolved, reported speech read) was most of the
writing of a large story that gained a few articles. What an article's quotes depend on is its
text and sentences, the parse, the code, and what the story knows of the names the article
contains: the people and other names of :class:`~newsweave.synthesize.persons.People` that
share a word with the article. :func:`quote_key` puts all of these into a key, so a story that
learns of a new person with a name in an older article finds that article's quotes again, and
the others are read back (:class:`QuoteMemory`; the runner keeps what was found in the store,
like the parses).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any

from newsweave.runtime.remembered import Lookup, Remembered
from newsweave.synthesize.persons import People
from newsweave.synthesize.quote_marks import Quote
from newsweave.synthesize.quotes import FoundQuote

QUOTE_CACHE = 2000  # articles whose quotes a writer keeps in memory
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the code and rule data quotes are found with (the packages that read text and
    the rules), so that quotes kept by another version of them are never read back."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("newsweave")
    except PackageNotFoundError:
        release = ""
    digest = hashlib.sha256(release.encode())
    for package in ("newsweave.synthesize", "newsweave.text", "newsweave.rules"):
        for entry in sorted(resources.files(package).iterdir(), key=lambda e: e.name):
            if entry.is_file() and entry.name.endswith((".py", ".json")):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def quote_key(article: Any, sentences: Sequence[Any], people: People | None, parsed: bool) -> str:
    """What an article's quotes depend on, as one key: its id, lines and sentences, whether the
    parse is read, and the story's names that share a word with its text."""
    digest = hashlib.sha256()
    for line in article.lines:
        digest.update(f"{line.kind}\0{line.text}\n".encode())
    digest.update(json.dumps([(s.index, s.start, s.end) for s in sentences]).encode())
    digest.update(b"parsed" if parsed else b"rules")
    if people is not None:
        words = _words("\n".join(line.text for line in article.lines if line.kind != "dropped"))
        names = sorted((k, v) for k, v in people.names.items() if (_words(k) | _words(v)) & words)
        others = sorted(o for o in people.others if _words(o) & words)
        digest.update(json.dumps([names, others], ensure_ascii=False).encode())
    else:
        digest.update(b"no people")
    return f"{article.id}\0{digest.hexdigest()}"


def encode_found(found: Sequence[FoundQuote]) -> bytes:
    """An article's quotes as bytes, for the store to keep."""
    rows = [
        [f.article, f.sentence, f.start, f.end, q.text, q.speaker, q.speaker_kind, q.cue, q.paragraph, q.start, q.end]
        + [q.kind, q.end_paragraph]
        for f in found
        for q in [f.quote]
    ]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_found(data: bytes) -> list[FoundQuote]:
    """The quotes :func:`encode_found` made bytes of."""
    out = []
    for article, sentence, start, end, *quote in json.loads(data.decode("utf-8")):
        out.append(FoundQuote(Quote(*quote), article, sentence, start, end))
    return out


def _copy(found: Sequence[FoundQuote]) -> list[FoundQuote]:
    return [replace(f, quote=replace(f.quote)) for f in found]  # later steps may change a quote


class QuoteMemory(Remembered[list[FoundQuote]]):
    """Articles' quotes by :func:`quote_key`: among the ``size`` articles used last, else looked
    up (the store's, by the runner), else found; the ones found wait in :attr:`new` for the runner
    to store. Every call hands out copies."""

    def __init__(self, *, size: int = QUOTE_CACHE, lookup: Lookup[list[FoundQuote]] | None = None) -> None:
        super().__init__(self._find, size=size, lookup=lookup)
        self._jobs: dict[str, Callable[[], list[FoundQuote]]] = {}

    def _find(self, keys: Sequence[str]) -> list[list[FoundQuote]]:
        return [self._jobs[k]() for k in keys]

    def quotes(self, jobs: dict[str, Callable[[], list[FoundQuote]]]) -> dict[str, list[FoundQuote]]:
        """The quotes of each key of ``jobs``; a job finds them when they are not kept."""
        self._jobs = jobs
        try:
            return {k: _copy(v) for k, v in self.values(list(jobs)).items()}
        finally:
            self._jobs = {}

    def take_new(self) -> dict[str, list[FoundQuote]]:
        """The quotes found since the last call (copies), handed over once."""
        return {k: _copy(v) for k, v in super().take_new().items()}
