"""What the web pages and the JSON API show, read from a store (no HTML here).

Each ``*_view`` function gathers one page's data with a bounded number of queries, so a
page costs the same on a store of a thousand articles as on one of a hundred thousand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import quote as url_quote

from newsweave.records import Article, Citation, Sentence, Story, clean_text, opening_words
from newsweave.report.profiles import ActorProfile, actor_profiles
from newsweave.store.store import Store
from newsweave.text.names import name_key

MAX_ACTOR_STORIES = 50


@dataclass
class ArticleMeta:
    """An article as a story page lists it."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    language: str | None
    source: str
    opening: str | None = None  # the first standfirst or body line, read only when there is no title
    number: int = 0  # its [n] in the story page

    @property
    def label(self) -> str:
        """The title, else the opening words (:attr:`newsweave.records.Article.label`)."""
        return self.title or (opening_words(self.opening) if self.opening else self.id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "label": self.label,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "language": self.language,
            "source": self.source,
        }


@dataclass
class StoryView:
    """A story with its articles, the sentences it cites and its coverage per day."""

    story: Story
    articles: dict[str, ArticleMeta]
    sentences: dict[tuple[str, int], str]
    per_day: list[tuple[str, int]]
    actor_keys: dict[str, str] = field(default_factory=dict)  # name as written → actor key
    _paths: dict[str, str] = field(default_factory=dict)

    def actor_path(self, name: str) -> str:
        """The actor page of a name as this story writes it."""
        key = self.actor_keys.get(name)
        if key is None:
            key = self.actor_keys[name] = name_key(name)
        return "/actors/" + url_quote(key, safe="")

    def speaker_path(self, name: str) -> str | None:
        """The actor page of a quote's speaker, or None when no actor of the story is that
        speaker (a description such as "a spokeswoman", a name the actors stage did not keep):
        never a link to a page that does not exist. A bare surname leads to the one actor of the
        story who bears it."""
        key = self.actor_keys.get(name)
        if key is None:
            known = set(self.actor_keys.values())
            own = name_key(name)
            if own in known:
                key = own
            elif own:
                last = own.split()[-1]
                bearers = {k for k in known if k.split() and k.split()[-1] == last}
                key = bearers.pop() if len(bearers) == 1 else None
        return None if key is None else "/actors/" + url_quote(key, safe="")

    def article_path(self, article_id: str) -> str:
        """The page of an article (quoted once per story page, not once per citation)."""
        path = self._paths.get(article_id)
        if path is None:
            path = self._paths[article_id] = "/articles/" + url_quote(article_id, safe="")
        return path

    def cited(self, citation: Citation | dict[str, Any] | tuple[str, int]) -> str:
        """The text of a cited sentence ('' when the store no longer has it)."""
        article, index = citation_pair(citation)
        return self.sentences.get((article, index), "")

    def meta(self, article_id: str) -> ArticleMeta | None:
        return self.articles.get(article_id)

    def unknown_outlets(self, article_ids: list[str]) -> int:
        """How many of the given articles name no outlet (each counts as an outlet of its own)."""
        return sum(1 for a in article_ids if a in self.articles and not self.articles[a].outlet)

    @cached_property
    def numbers(self) -> dict[str, int]:
        """Each article's [n] on the story page."""
        return {article_id: meta.number for article_id, meta in self.articles.items()}


@dataclass
class Paragraph:
    """A kept line of an article, cut into its sentences (``(index or None, text)`` pieces)."""

    kind: str
    pieces: list[tuple[int | None, str]]


@dataclass
class ArticleView:
    article: Article
    paragraphs: list[Paragraph]
    story_id: str | None
    story_title: str | None
    copies: list[dict[str, Any]]
    copy_of: dict[str, Any] | None = None


def citation_pair(citation: Citation | dict[str, Any] | tuple[str, int]) -> tuple[str, int]:
    """(article id, sentence index) of a citation given as a record, a ``stories.json`` dict or a pair."""
    if isinstance(citation, Citation):
        return citation.article, citation.sentence
    if isinstance(citation, tuple):
        return citation
    return str(citation["article"]), int(citation["sentence"])


def _citations(story: Story) -> list[tuple[str, int]]:
    pairs: list[Citation | dict[str, Any]] = []
    for sent in story.summary:
        pairs += sent.citations
    for entry in story.timeline:
        pairs += entry.citations
    for actor in story.actors:
        for role in actor.roles:
            pairs += role.citations
    for quote in story.quotes:
        pairs += quote.citations
        for variant in quote.variants:
            pairs += variant.citations
    coverage = story.coverage
    for claim in [*coverage.claims, *(c for claims in coverage.unique.values() for c in claims)]:
        pairs += claim.citations
    for disagreement in coverage.disagreements:
        for side in disagreement.sides:
            pairs += side.citations
    return [citation_pair(c) for c in pairs]


def current_story_id(store: Store, some_id: str) -> str | None:
    """The story an id leads to now: a story's own id, the story of an event's id, or (for a
    story or event merged into another) the story that took its articles; None if none."""
    found = store.resolve(some_id)
    if found is None:
        return None
    kind, current = found
    return store.story_of_event(current) if kind == "event" else current


def story_view(store: Store, story_id: str) -> StoryView | None:
    """Everything a story page shows, or ``None`` when there is no such (written) story."""
    story = store.story(story_id)
    if story is None:
        return None
    ids = list(story.article_ids)
    articles = {i: ArticleMeta(**header) for i, header in store.article_headers(ids).items()}
    for number, article_id in enumerate(ids, start=1):
        if article_id in articles:
            articles[article_id].number = number
    per_day = Counter(a.published for a in articles.values() if a.published)
    keys = store.story_actor_keys(story_id)
    for actor in story.actors:  # every spelling of an actor leads to its page
        if actor.name in keys:
            keys.update({alias: keys[actor.name] for alias in actor.aliases})
    return StoryView(story, articles, store.sentence_texts(_citations(story)), sorted(per_day.items()), keys)


def article_view(store: Store, article_id: str) -> ArticleView | None:
    """An article's clean text cut into sentences (anchors for citations), its story and copies."""
    article = store.article(article_id)
    copy_of = None
    if article is None:
        original = store.original_of(article_id)
        if original is None:
            return None
        copy_of = next((c for c in store.copies([original]) if c["id"] == article_id), None)
        article = store.article(original)
        if article is None:
            return None
    story_id, story_title = store.story_of_article(article.id)
    paragraphs = _paragraphs(article, store.sentences(article.id))
    return ArticleView(article, paragraphs, story_id, story_title, store.copies([article.id]), copy_of)


def _paragraphs(article: Article, sentences: list[Sentence]) -> list[Paragraph]:
    """Kept lines with their sentences marked, using the sentences' offsets in the clean text."""
    text = clean_text(article)
    kept = [ln for ln in article.lines if ln.kind != "dropped"]
    paragraphs = []
    offset = 0
    ordered = sorted(sentences, key=lambda s: s.start)
    for line in kept:
        start, end = offset, offset + len(line.text)
        offset = end + 1
        pieces: list[tuple[int | None, str]] = []
        cursor = start
        for sent in ordered:
            if sent.end <= start or sent.start >= end:
                continue
            s, e = max(sent.start, start), min(sent.end, end)
            if s > cursor:
                pieces.append((None, text[cursor:s]))
            pieces.append((sent.index, text[s:e]))
            cursor = e
        if cursor < end:
            pieces.append((None, text[cursor:end]))
        paragraphs.append(Paragraph(line.kind, pieces))
    return paragraphs


def actor_view(store: Store, key: str) -> ActorProfile | None:
    """An actor by name key, from the (at most ``MAX_ACTOR_STORIES``) most recent stories that have it."""
    stories = store.actor_stories(key, MAX_ACTOR_STORIES)
    profiles = actor_profiles(stories, keys={key})
    if not profiles:
        return None
    profile = profiles[0]
    # co-occurring actors by their key in the store, as the actor pages are addressed
    profile.related = store.related_actors([s.id for s in stories], key)
    return profile


def list_actors(
    store: Store, name: str | None = None, *, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Actors across stories (most stories first), optionally those whose key contains ``name``."""
    return store.actor_listing(name_key(name) if name else None, limit=limit, offset=offset)
