"""An article's quotes found once: a story written again as it grows (in a later command too)
reads its earlier articles' quotes instead of parsing and reading them again.

An article's quotes are found with the article's own names only
(:func:`~newsweave.synthesize.quotes.article_people`: which names its tagger took for persons,
its own full names), so they are a function of the article (its lines, sentences and entities),
the parse and the code and rule data that find quotes, never of the story it is in; the story's
people are brought in afterwards by a cheap pass over the speakers
(:mod:`~newsweave.synthesize.story_speakers`). The runner keeps them in the store per article
under a version naming the parser and a digest of the code (:func:`quotes_version`), with a
digest of the article (:func:`article_digest`) inside: a change to either makes them stale, and
they are found again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsweave.records import StoryMaterial
from newsweave.runtime import code_digest as code
from newsweave.runtime.remembered import Kept
from newsweave.synthesize.quote_marks import Quote

# What finds quotes: :mod:`~newsweave.synthesize.quotes` and the modules it imports, less the
# records and parse tokens it reads (data, not the code that finds quotes), and the rule files
# they name (:mod:`~newsweave.runtime.code_digest`).
FOUND_BY = "newsweave.synthesize.quotes"
DATA_ONLY = ("newsweave.records", "newsweave.text.parse")


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
    """An article's quotes and the :func:`article_digest` of the article they were found in."""

    digest: str
    quotes: tuple[KeptQuote, ...]


def quoting_modules() -> tuple[str, ...]:
    """The modules whose code finds quotes."""
    return code.imported_modules([FOUND_BY], data_only=DATA_ONLY)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the code of :func:`quoting_modules` and of the rule data they read."""
    modules = quoting_modules()
    return code.code_digest(modules, code.rule_files(modules))


def quotes_version(parser: str | None) -> str:
    """The version under which the store keeps articles' quotes found with ``parser`` (its
    identity; None: the rules alone, without a parse) by this code."""
    return f"quotes {code_digest()} {parser or 'no parse'}"


def article_digest(article: Any, sentences: Iterable[Any], entities: Iterable[Any]) -> str:
    """A digest of what an article's quotes depend on besides the code and the parser: its lines,
    its sentences' spans and its named entities (which of its names are persons)."""
    digest = hashlib.sha1()
    for line in article.lines:
        digest.update(f"{line.kind}\x1f{line.text}\x1e".encode())
    digest.update(";".join(f"{s.index}:{s.start}:{s.end}" for s in sentences).encode("utf-8"))
    digest.update("\x1d".join(f"{e.text}\x1f{e.label}\x1f{e.start}\x1f{e.end}" for e in entities).encode("utf-8"))
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
    return json.dumps({"digest": kept.digest, "quotes": rows}, ensure_ascii=False).encode("utf-8")


def decode_quotes(data: bytes) -> KeptQuotes:
    """The quotes :func:`encode_quotes` made bytes of."""
    value = json.loads(data.decode("utf-8"))
    quotes = tuple(
        KeptQuote(Quote(text, speaker, kind_of_speaker, cue, par, start, end, kind, end_par), sentence, at, to)
        for text, speaker, kind_of_speaker, cue, par, start, end, kind, end_par, sentence, at, to in value["quotes"]
    )
    return KeptQuotes(str(value["digest"]), quotes)


class QuoteMemory(Kept[str, KeptQuotes]):
    """The quotes of articles a writer knows, by article id: those the runner read from the store
    for a story (:meth:`remember`) and those found here (:meth:`add`, waiting in :attr:`new` for
    the runner to store); the last ``size`` articles are kept. :attr:`reused` and :attr:`found`
    count the articles of the last story whose quotes were known and found anew."""

    def __init__(self, *, size: int = 5000) -> None:
        super().__init__(size=size)
        self.reused = 0
        self.found = 0

    def known(self, article_id: str, digest: str) -> tuple[KeptQuote, ...] | None:
        """The quotes of ``article_id`` when they were found in the article of ``digest``, else None."""
        kept = self.recent.get(article_id)
        return kept.quotes if kept is not None and kept.digest == digest else None

    def unknown(self, material: StoryMaterial) -> set[str]:
        """The ids of the articles of a story whose quotes are not known (or were found in an
        article that has changed since)."""
        return {
            a.id
            for a in material.articles
            if self.known(a.id, article_digest(a, material.sentences.get(a.id, []), material.entities.get(a.id, [])))
            is None
        }
