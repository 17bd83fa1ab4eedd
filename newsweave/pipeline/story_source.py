"""The store's stories and word weights as clustering sees them, read a block at a time.

Clustering compares new articles with every story that could take them: the stories dated
near them, and every undated story (with every story when new articles are undated). Held
whole, those would grow with the store; :class:`StoredStories` reads them in blocks of about
``block_members`` articles instead, so clustering's memory is bounded by the new articles, the
recent window that is grouped again, and one block (:func:`newsweave.cluster.stories.group`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

from newsweave.cluster.conflicts import salient_names, salient_organisations
from newsweave.cluster.events import event_features
from newsweave.cluster.stories import (
    ArticleFeatures,
    RegroupWindow,
    StoryState,
    entity_keys,
    idf,
    idf_weights,
    passing_people,
    principal_people,
    recalled_people,
)
from newsweave.store.store import Store
from newsweave.text.dates import parse_iso


def article_features(store: Store, article_id: str, published: str | None, dimension: int) -> ArticleFeatures:
    """What clustering needs of a stored article (a zero vector when it has none)."""
    (features,) = articles_features(store, [(article_id, published)], dimension)
    return features


def articles_features(
    store: Store, articles: Sequence[tuple[str, str | None]], dimension: int
) -> list[ArticleFeatures]:
    """:func:`article_features` of (article id, date) pairs, their rows read in a few queries."""
    ids = [a for a, _ in articles]
    vectors = store.article_vectors(ids)
    entities = store.entities_of(ids)
    terms = store.terms_of(ids)
    zero = np.zeros(dimension, dtype=np.float32)
    return [
        ArticleFeatures(
            article_id,
            vectors.get(article_id, zero),
            entity_keys((e.text, e.label) for e in entities[article_id]),
            parse_iso(published),
            terms[article_id],
            principal_people(entities[article_id]),
            passing_people(entities[article_id]),
            recalled_people(entities[article_id]),
            *salient_names(entities[article_id]),
            salient_organisations(entities[article_id]),
        )
        for article_id, published in articles
    ]


class StoredWeights:
    """Inverse document frequencies read from the store for the keys clustering asks about
    (a :class:`newsweave.cluster.stories.WeightSource`), the same as :class:`newsweave.cluster.stories.Weights`
    over the store's whole tables, without holding its vocabulary."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.n_documents = store.count("annotated=1")
        rarest = store.rarest_term_df()
        self.rare = idf(rarest, self.n_documents) if rarest is not None else 1.0

    def lookup(self, entities: set[str], terms: set[str]) -> tuple[dict[str, float], dict[str, float], float]:
        n = self.n_documents
        return (
            idf_weights(self.store.frequencies("entity_df", entities), n),
            idf_weights(self.store.frequencies("term_df", terms), n),
            self.rare,
        )


def _older(published: str | None, window: RegroupWindow | None) -> bool:
    """Whether an article stays in its story: undated, or dated outside ``window``."""
    return window is None or not window.holds(parse_iso(published))


class StoredStories:
    """A :class:`newsweave.cluster.stories.StorySource` over the groups of a store whose members are
    articles: its events (``member_dates`` of ``store.event_member_dates``, as the pipeline uses
    it) or its stories (the default)."""

    def __init__(
        self,
        store: Store,
        story_ids: list[str],
        dimension: int,
        block_members: int = 2000,
        member_dates: Callable[[str], list[tuple[str, str | None]]] | None = None,
    ) -> None:
        self.store = store
        self.story_ids = story_ids
        self.dimension = dimension
        self.block_members = max(block_members, 1)
        self.member_dates = member_dates or store.member_dates

    def recent(self, window: RegroupWindow | None) -> list[tuple[ArticleFeatures, str]]:
        if window is None:
            return []
        chosen = [
            (article, published, story)
            for story in self.story_ids
            for article, published in self.member_dates(story)
            if not _older(published, window)
        ]
        features = articles_features(self.store, [(a, p) for a, p, _ in chosen], self.dimension)
        return [(f, story) for f, (_, _, story) in zip(features, chosen, strict=True)]

    def cores(self, window: RegroupWindow | None) -> _Blocks:
        return _Blocks(lambda: self._older_members(window), self.block_members)

    def _older_members(self, window: RegroupWindow | None) -> Iterator[tuple[StoryState, int]]:
        """Each story with its members dated outside ``window`` (or undated); stories with none left out."""
        for story in self.story_ids:
            older = [(a, published) for a, published in self.member_dates(story) if _older(published, window)]
            members = articles_features(self.store, older, self.dimension) if older else []
            if members:
                yield StoryState(story, members), len(members)

    def keeping(self, ids: set[str], window: RegroupWindow | None) -> set[str]:
        known = set(self.story_ids)
        return {s for s in ids & known if any(_older(published, window) for _, published in self.member_dates(s))}


class _Blocks:
    """Re-iterable: the stories ``states()`` yields (each with its weight: members or events), in
    blocks of about ``size``, so that one block of stored stories is in memory at a time."""

    def __init__(self, states: Callable[[], Iterator[tuple[StoryState, int]]], size: int) -> None:
        self.states = states
        self.size = size

    def __iter__(self) -> Iterator[list[StoryState]]:
        block: list[StoryState] = []
        weight = 0
        for state, n in self.states():
            block.append(state)
            weight += n
            if weight >= self.size:
                yield block
                block, weight = [], 0
        if block:
            yield block


def stored_event_features(store: Store, event_ids: list[str]) -> dict[str, ArticleFeatures]:
    """The kept aggregate features of events, as the story level compares them."""
    return {
        e: ArticleFeatures(e, vector, entities, parse_iso(day), terms, principals)
        for e, (_, vector, entities, terms, day, principals) in store.event_features(event_ids).items()
    }


def linking_profile(story: str, events: Sequence[ArticleFeatures], *, average: bool) -> ArticleFeatures:
    """A story as new events meet it: :func:`newsweave.cluster.events.event_features` over its
    ``events``, with, when ``average``, the mean of their vectors left unnormalised. Events' vectors
    are unit vectors, so a new item's cosine with that mean is its average cosine with the events:
    a broad story (events far apart, a short mean) is then as near as average linkage over its
    events finds it, as when one batch groups them, not nearer."""
    return event_features(story, events, normalise=not average)


class EventStories:
    """A :class:`newsweave.cluster.stories.StorySource` for the story level: stories whose members are
    events. The ``changed`` events (new articles joined or left them) are grouped again: those
    already in a story come back as its recent members (so a story re-formed from them keeps its
    id), and each story is compared as the profile of its other events
    (:func:`newsweave.cluster.events.event_features` over them), read a block at a time. With
    ``average``, the profile's vector is the unnormalised mean of its events' vectors, so that its
    embedding similarity is the average over its events (:func:`linking_profile`)."""

    def __init__(
        self,
        store: Store,
        story_ids: list[str],
        changed: dict[str, ArticleFeatures],
        previous: dict[str, str],
        block_events: int = 2000,
        average: bool = False,
    ) -> None:
        self.store = store
        self.average = average
        self.story_ids = story_ids
        self.changed = changed
        self.previous = previous
        self.block_events = max(block_events, 1)

    def recent(self, window: RegroupWindow | None) -> list[tuple[ArticleFeatures, str]]:
        return [(f, self.previous[e]) for e, f in self.changed.items() if e in self.previous]

    def _others(self, story: str) -> list[str]:
        return [e for e in self.store.story_event_ids(story) if e not in self.changed]

    def cores(self, window: RegroupWindow | None) -> _Blocks:
        return _Blocks(self._profiles, self.block_events)

    def _profiles(self) -> Iterator[tuple[StoryState, int]]:
        """Each story as one profile of its unchanged events (:func:`event_features`): a developing
        story's events drift, and a new one continues the whole, not the average of its parts."""
        for story in self.story_ids:
            others = self._others(story)
            features = stored_event_features(self.store, others) if others else {}
            events = [features[e] for e in others if e in features]
            if events:
                yield StoryState(story, [linking_profile(story, events, average=self.average)]), len(others)

    def keeping(self, ids: set[str], window: RegroupWindow | None) -> set[str]:
        return {s for s in ids if self._others(s)}
