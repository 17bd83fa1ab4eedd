"""What the story writer keeps of one article for its next writing of the story (the mentions its
actors are made of, the days its sentences tell) is valid while the article and the code that read
it are the same: :func:`article_digest` digests the article as the writer reads it, and
:func:`code_of` the code (:mod:`~newsweave.runtime.code_digest`) that reads it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from newsweave.runtime import code_digest as code
from newsweave.runtime.remembered import Kept

# records and parse tokens: data the code reads, not the code that reads it
DATA_ONLY = ("newsweave.records", "newsweave.text.parse")


def article_digest(published: str | None, sentences: Iterable[Any], entities: Iterable[Any]) -> str:
    """A digest of an article as the story writer reads it: its date (None: left out, for what does
    not depend on it), its sentences (index, kind, place, text) and its entities (sentence, label,
    place, text, value)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{published or ''}\x1d".encode())
    for s in sentences:
        digest.update(f"{s.index}\x1f{s.kind}\x1f{s.start}\x1f{s.end}\x1f{s.text}\x1e".encode())
    digest.update(b"\x1d")
    for e in entities:
        digest.update(f"{e.sentence}\x1f{e.label}\x1f{e.start}\x1f{e.end}\x1f{e.text}\x1f{e.value}\x1e".encode())
    return digest.hexdigest()


@lru_cache(maxsize=8)
def code_of(module: str) -> str:
    """A digest of ``module``'s code, of the newsweave modules it imports and of the rule data they read."""
    modules = code.imported_modules([module], data_only=DATA_ONLY)
    return code.code_digest(modules, code.rule_files(modules))


class Digested(Protocol):
    @property
    def digest(self) -> str: ...


D = TypeVar("D", bound=Digested)


class ArticleMemory(Kept[str, D]):
    """What a writer knows of articles, by article id, each with the :func:`article_digest` of the
    article it was read in: those the runner read from the store for a story (:meth:`remember`)
    and those read here (:meth:`add`, waiting in :attr:`new` for the runner to store); the last
    ``size`` articles are kept. :attr:`reused` and :attr:`read` count the articles of the last
    story whose results were known and read anew."""

    def __init__(self, *, size: int = 5000) -> None:
        super().__init__(size=size)
        self.reused = 0
        self.read = 0

    def known(self, article_id: str, digest: str) -> D | None:
        """What is kept of ``article_id`` when it was read in the article of ``digest``, else None."""
        kept = self.recent.get(article_id)
        return kept if kept is not None and kept.digest == digest else None
