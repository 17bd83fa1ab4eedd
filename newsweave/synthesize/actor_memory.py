"""An article's part of its story's actors, read once: a story written again as it grows (in a
later command too) reads its earlier articles' mentions back instead of reading them again.

The actors of a story (:mod:`~newsweave.synthesize.actors`) are made in two steps. The first reads
each article alone: which of its entities can be an actor's mention (under which key, form and
label), whether a place word comes before it or a determiner heads it, the roles its sentence gives
a person (by the rules, else by the dependency parse), and where its sentences have words that
begin with a capital (the only places a story's name can begin). The second merges what every
article gave into the story's actors and looks for the story's names at those places. The first
is a function of the article (its sentences and entities), the parse and the code and rule data,
never of the story it is in: an :class:`ArticleMentions` holds it, with a digest of the article
(:func:`article_digest`); the store keeps it under a version naming the parser and a digest of
the code (:func:`mentions_version`), so a change to either reads the article again. The article's
date is not in it: roles are dated by the article as the story has it at each writing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsweave.synthesize import kept_articles

FOUND_BY = "newsweave.synthesize.actors"


@dataclass(frozen=True)
class Mention:
    """An entity of an article that can be an actor's mention: its key (the name folded), the
    form written, the tagger's label and where it stands; ``sentence`` is the sentence holding it
    (None when the entity lies outside its sentence: counted, but not read further), then whether
    a place word comes before it, whether a determiner heads it, the titles the rules give a
    person there and, when they give none, the titles the parse gives."""

    key: str
    form: str
    label: str
    start: int
    end: int
    sentence: int | None = None
    after_place_word: bool = False
    as_thing: bool = False
    titles: tuple[str, ...] = ()
    parsed_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleMentions:
    """What one article gives its story's actors: its :func:`article_digest`, its mentions in the
    order of its entities, and the words that begin with a capital, by sentence index, each with
    its offset in the sentence (left to right)."""

    digest: str
    mentions: tuple[Mention, ...]
    capitals: dict[int, tuple[tuple[int, str], ...]]


def article_digest(sentences: Iterable[Any], entities: Iterable[Any]) -> str:
    """A digest of what an article's mentions depend on besides the code and the parser: its
    sentences and its entities (not its date)."""
    return kept_articles.article_digest(None, sentences, entities)


def code_digest() -> str:
    """A digest of the code that reads an article's mentions and of the rule data it reads."""
    return kept_articles.code_of(FOUND_BY)


def mentions_version(parser: str | None) -> str:
    """The version under which the store keeps articles' mentions read with ``parser`` (its
    identity; None: the rules alone) by this code."""
    return f"actor mentions {code_digest()} {parser or 'no parse'}"


def encode_mentions(kept: ArticleMentions) -> bytes:
    """An article's mentions as bytes for the store."""
    rows = [
        [m.key, m.form, m.label, m.start, m.end, m.sentence, m.after_place_word, m.as_thing, m.titles, m.parsed_titles]
        for m in kept.mentions
    ]
    capitals = [[index, [list(w) for w in words]] for index, words in kept.capitals.items()]
    return json.dumps(
        {"digest": kept.digest, "mentions": rows, "capitals": capitals}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def decode_mentions(data: bytes) -> ArticleMentions:
    """The mentions :func:`encode_mentions` made bytes of."""
    value = json.loads(data.decode("utf-8"))
    mentions = tuple(
        Mention(key, form, label, start, end, sentence, after, thing, tuple(titles), tuple(parsed))
        for key, form, label, start, end, sentence, after, thing, titles, parsed in value["mentions"]
    )
    capitals = {int(index): tuple((int(at), str(word)) for at, word in words) for index, words in value["capitals"]}
    return ArticleMentions(str(value["digest"]), mentions, capitals)


class MentionMemory(kept_articles.ArticleMemory[ArticleMentions]):
    """The actor mentions of articles a writer knows (:class:`~newsweave.synthesize.kept_articles.ArticleMemory`)."""
