"""Events as the story level sees them: one aggregate item per event.

An event is one happening (a visit, an arrest, a verdict): its articles were grouped by
:func:`newsweave.stories.place` at the event level. A developing story links events by
continuity of actors, places and subject, over gaps of weeks or months; the same grouping code
then runs one level up, with each event standing as one item whose features aggregate its
articles' (:func:`event_features`), under the story level's settings
(:meth:`newsweave.config.Config.story_grouping`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .stories import ArticleFeatures, WeightSource

# An entity key belongs to an event's profile when at least this share of its articles name it
# (and always when the event has one or two articles): a name one report mentions in passing is
# not what the event is about.
CORE_SHARE = 0.34


def event_features(
    event_id: str, members: Sequence[ArticleFeatures], weights: WeightSource | None = None
) -> ArticleFeatures:
    """One item standing for an event: the normalised mean of its articles' vectors, the entity
    keys a good share of them name, their summed content words, the earliest date, and the
    principal people of at least half of them.

    ``weights`` is accepted for symmetry with the article level and not needed: entity and term
    weights are applied when items are compared.
    """
    if not members:
        raise ValueError(f"event {event_id} has no articles")
    vectors = np.vstack([m.vector for m in members]).astype(np.float32)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    counts: Counter[str] = Counter(k for m in members for k in m.entities)
    needed = 1 if len(members) <= 2 else math.ceil(CORE_SHARE * len(members))
    entities = frozenset(k for k, n in counts.items() if n >= needed)
    terms: Counter[str] = Counter()
    for m in members:
        terms.update(m.terms)
    dates = [m.date for m in members if m.date is not None]
    principals: Counter[str] = Counter(k for m in members for k in m.principals)
    return ArticleFeatures(
        event_id,
        mean / norm if norm else mean,
        entities,
        min(dates) if dates else None,
        dict(terms),
        frozenset(k for k, n in principals.items() if 2 * n >= len(members)),
    )
