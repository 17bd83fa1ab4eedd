"""An article's quotes found once: a story written again as it grows (in a later command too)
reads its earlier articles' quotes instead of parsing and reading them again.

An article's quotes (:func:`~newsweave.synthesize.quotes.article_quotes`) depend on the
article (its lines and sentences), on what the story knows of the names in it
(:class:`~newsweave.synthesize.persons.People`: which are persons, and their full names), on
the parse and on the code and rule data that find quotes. The finder is handed only the people
who share a word with the article (:func:`people_of_article`), so an article's quotes are a
function of the article and those people: they are kept under the article's id with a digest
of both (:func:`article_key`), in a kind naming the parser and a digest of the synthesis and
text code and of every rule file; a change to any of them makes the kept quotes stale, and they
are found again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsweave.synthesize.persons import People
from newsweave.synthesize.quote_marks import Quote

# What finds quotes: the code of these packages (a digest of every module in them) and every
# rule file. Broader than the finder's own imports, so that no module it reads is left out.
QUOTING_PACKAGES = ("newsweave.synthesize", "newsweave.text")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class KeptQuote:
    """A quote found in an article, as :class:`~newsweave.synthesize.quotes.FoundQuote` holds it
    without the article's id: the quote, the sentence it starts in, and where its words start and
    end in the article's clean text."""

    quote: Quote
    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class KeptQuotes:
    """An article's quotes and the :func:`article_key` they were found under."""

    key: str
    quotes: tuple[KeptQuote, ...]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the code of :data:`QUOTING_PACKAGES` and of the rule data."""
    digest = hashlib.sha1()
    for package in QUOTING_PACKAGES:
        files = resources.files(package)
        for name in sorted(p.name for p in files.iterdir() if p.name.endswith(".py")):
            digest.update(name.encode("utf-8"))
            digest.update(files.joinpath(name).read_bytes())
    rules = resources.files("newsweave.rules")
    for name in sorted(p.name for p in rules.iterdir() if p.name.endswith(".json")):
        digest.update(name.encode("utf-8"))
        digest.update(rules.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def quotes_kind(parser: str | None) -> str:
    """The kind under which the store keeps articles' quotes found with ``parser`` (its identity;
    None: the rules alone, without a parse)."""
    return f"article quotes {code_digest()} {parser or 'no parse'}"


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def people_of_article(article: Any, people: People | None) -> People | None:
    """The part of ``people`` that can bear on ``article``: the names (and full names) and the
    other names that share a word with the article's text."""
    if people is None:
        return None
    words = set().union(*(_words(line.text) for line in article.lines)) if article.lines else set()
    names = {k: v for k, v in people.names.items() if not _words(f"{k} {v}").isdisjoint(words)}
    others = frozenset(o for o in people.others if not _words(o).isdisjoint(words))
    return People(names, others)


def article_key(article: Any, sentences: Iterable[Any], people: People | None) -> str:
    """A digest of what an article's quotes depend on besides the code: its lines, its sentences'
    spans and ``people`` (:func:`people_of_article`)."""
    digest = hashlib.sha1()
    for line in article.lines:
        digest.update(f"{line.kind}\x1f{line.text}\x1e".encode())
    digest.update(";".join(f"{s.index}:{s.start}:{s.end}" for s in sentences).encode("utf-8"))
    if people is None:
        digest.update(b"\x1dno people")
    else:
        digest.update(json.dumps([sorted(people.names.items()), sorted(people.others)]).encode("utf-8"))
    return digest.hexdigest()


def encode_quotes(kept: KeptQuotes) -> bytes:
    """An article's quotes as bytes for the store."""
    rows = [
        [
            q.quote.text,
            q.quote.speaker,
            q.quote.speaker_kind,
            q.quote.cue,
            q.quote.paragraph,
            q.quote.start,
            q.quote.end,
            q.quote.kind,
            q.quote.end_paragraph,
            q.sentence,
            q.start,
            q.end,
        ]
        for q in kept.quotes
    ]
    return json.dumps({"key": kept.key, "quotes": rows}, ensure_ascii=False).encode("utf-8")


def decode_quotes(data: bytes) -> KeptQuotes:
    """The quotes :func:`encode_quotes` made bytes of."""
    value = json.loads(data.decode("utf-8"))
    quotes = tuple(
        KeptQuote(Quote(text, speaker, kind_of_speaker, cue, par, start, end, kind, end_par), sentence, at, to)
        for text, speaker, kind_of_speaker, cue, par, start, end, kind, end_par, sentence, at, to in value["quotes"]
    )
    return KeptQuotes(str(value["key"]), quotes)


class QuoteMemory:
    """The quotes of articles a writer knows, by article id: those the runner read from the store
    for a story (:meth:`remember`) and those found here (:meth:`add`, waiting in :attr:`new` for
    the runner to store); the last ``size`` articles are kept."""

    def __init__(self, *, size: int = 5000) -> None:
        self.size = size
        self.recent: dict[str, KeptQuotes] = {}
        self.new: dict[str, KeptQuotes] = {}

    def known(self, article_id: str, key: str) -> tuple[KeptQuote, ...] | None:
        """The quotes of ``article_id`` when they were found under ``key``, else None."""
        kept = self.recent.get(article_id)
        return kept.quotes if kept is not None and kept.key == key else None

    def stored_for(self, article_ids: Iterable[str]) -> set[str]:
        """Those of ``article_ids`` whose quotes are known (under some key)."""
        return {a for a in article_ids if a in self.recent}

    def remember(self, kept: dict[str, KeptQuotes]) -> None:
        """Quotes found before and kept elsewhere (the store, read by the runner): known, not new."""
        self._keep(kept)

    def add(self, kept: dict[str, KeptQuotes]) -> None:
        """Quotes just found, to keep and to store."""
        self.new.update(kept)
        self._keep(kept)

    def take_new(self) -> dict[str, KeptQuotes]:
        """The quotes found since the last call, handed over once."""
        new, self.new = self.new, {}
        return new

    def _keep(self, kept: dict[str, KeptQuotes]) -> None:
        for article_id, value in kept.items():
            self.recent.pop(article_id, None)
            self.recent[article_id] = value
        while len(self.recent) > self.size:
            self.recent.pop(next(iter(self.recent)))
