"""The days an article's sentences tell, found once: a story written again as it grows (in a later
command too) reads its earlier articles' days back instead of keying, looking up and dating their
sentences again.

A story's timeline (:mod:`~newsweave.synthesize.timeline`) pools its sentences by the day each
tells, then ranks the days and tells the best. Which day a sentence of an article tells (or that it
tells none: a month, a year, background) depends on the article alone: its sentences, its
temporal expressions, its publication date, the parse and the dating code. An :class:`ArticleDays`
holds it with a digest of those (:func:`days_digest`; the publication date among them, as a story
may date an undated article later); the store keeps it under a version naming the dating kind
(the parser, the dating model and its code) and a digest of the timeline's code
(:func:`days_version`), so a change to either dates the article again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsweave.synthesize import kept_articles

FOUND_BY = "newsweave.synthesize.timeline"


@dataclass(frozen=True)
class ArticleDays:
    """The day each dated body sentence of an article tells (by sentence index) and the sentences
    that tell no day, with the :func:`days_digest` of the article they were found in."""

    digest: str
    days: dict[int, frozenset[str]]
    coarse: frozenset[int]


def days_digest(published: str | None, sentences: Iterable[Any], entities: Iterable[Any]) -> str:
    """A digest of what an article's days depend on besides the code and the parser: its date, its
    sentences and its entities."""
    return kept_articles.article_digest(published, sentences, entities)


def code_digest() -> str:
    """A digest of the timeline's code and of the rule data it reads."""
    return kept_articles.code_of(FOUND_BY)


def days_version(dating: str) -> str:
    """The version under which the store keeps articles' days dated by ``dating`` (the kind of
    :func:`~newsweave.text.eventdate_memory.date_kind`: the parser, the model and its code)."""
    return f"timeline days {code_digest()} {dating}"


def encode_days(kept: ArticleDays) -> bytes:
    """An article's days as bytes for the store."""
    days = [[index, sorted(told)] for index, told in kept.days.items()]
    value = {"digest": kept.digest, "days": days, "coarse": sorted(kept.coarse)}
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


def decode_days(data: bytes) -> ArticleDays:
    """The days :func:`encode_days` made bytes of."""
    value = json.loads(data.decode("utf-8"))
    days = {int(index): frozenset(str(d) for d in told) for index, told in value["days"]}
    return ArticleDays(str(value["digest"]), days, frozenset(int(i) for i in value["coarse"]))


class DayMemory(kept_articles.ArticleMemory[ArticleDays]):
    """The days of articles a writer knows (:class:`~newsweave.synthesize.kept_articles.ArticleMemory`)."""
