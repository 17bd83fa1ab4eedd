"""The store's stories and word weights as clustering sees them, read a block at a time.

Clustering compares new articles with every story that could take them: the stories dated
near them, and every undated story (with every story when new articles are undated). Held
whole, those would grow with the store; :class:`StoredStories` reads them in blocks of about
``block_members`` articles instead, so clustering's memory is bounded by the new articles, the
recent window that is grouped again, and one block (:func:`newsweave.stories.group`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np

from .dates import parse_iso
from .store import Store
from .stories import ArticleFeatures, StoryState, entity_keys, idf, idf_weights


def article_features(store: Store, article_id: str, published: str | None, dimension: int) -> ArticleFeatures:
    """What clustering needs of a stored article (a zero vector when it has none)."""
    vector = store.article_vector(article_id)
    return ArticleFeatures(
        article_id,
        vector if vector is not None else np.zeros(dimension, dtype=np.float32),
        entity_keys((e.text, e.label) for e in store.entities(article_id)),
        parse_iso(published),
        store.terms(article_id),
    )


class StoredWeights:
    """Inverse document frequencies read from the store for the keys clustering asks about
    (a :class:`newsweave.stories.WeightSource`), the same as :class:`newsweave.stories.Weights`
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


def _older(published: str | None, start: date | None) -> bool:
    """Whether an article stays in its story: undated, or dated before ``start``."""
    day = parse_iso(published)
    return start is None or day is None or day < start


class StoredStories:
    """A :class:`newsweave.stories.StorySource` over the stories of a store."""

    def __init__(self, store: Store, story_ids: list[str], dimension: int, block_members: int = 2000) -> None:
        self.store = store
        self.story_ids = story_ids
        self.dimension = dimension
        self.block_members = max(block_members, 1)

    def recent(self, start: date | None) -> list[tuple[ArticleFeatures, str]]:
        if start is None:
            return []
        return [
            (article_features(self.store, article, published, self.dimension), story)
            for story in self.story_ids
            for article, published in self.store.member_dates(story)
            if not _older(published, start)
        ]

    def cores(self, start: date | None) -> _Blocks:
        return _Blocks(self, start)

    def keeping(self, ids: set[str], start: date | None) -> set[str]:
        known = set(self.story_ids)
        return {s for s in ids & known if any(_older(published, start) for _, published in self.store.member_dates(s))}


class _Blocks:
    """Re-iterable blocks of stories with their older members (:meth:`StoredStories.cores`)."""

    def __init__(self, source: StoredStories, start: date | None) -> None:
        self.source = source
        self.start = start

    def __iter__(self) -> Iterator[list[StoryState]]:
        src = self.source
        block: list[StoryState] = []
        size = 0
        for story in src.story_ids:
            members = [
                article_features(src.store, article, published, src.dimension)
                for article, published in src.store.member_dates(story)
                if _older(published, self.start)
            ]
            if not members:
                continue
            block.append(StoryState(story, members))
            size += len(members)
            if size >= src.block_members:
                yield block
                block, size = [], 0
        if block:
            yield block
