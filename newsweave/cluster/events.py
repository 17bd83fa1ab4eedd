"""Events as the story level sees them: one aggregate item per event.

An event is one happening (a visit, an arrest, a verdict): its articles were grouped by
:func:`newsweave.cluster.stories.place` at the event level. A developing story links events by
continuity of actors, places and subject, over gaps of weeks or months; the same grouping code
then runs one level up, with each event standing as one item whose features aggregate its
articles' (:func:`event_features`), under the story level's settings
(:meth:`newsweave.config.Config.story_grouping`).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.cluster.stories import ArticleFeatures, WeightSource, similarity_matrix
from newsweave.config import Grouping
from newsweave.records import stage

# An entity key belongs to an event's profile when at least this share of its articles name it
# (and always when the event has one or two articles): a name one report mentions in passing is
# not what the event is about.
CORE_SHARE = 0.34

log = logging.getLogger(__name__)


def event_features(
    event_id: str, members: Sequence[ArticleFeatures], *, normalise: bool = True, share: float = CORE_SHARE
) -> ArticleFeatures:
    """One item standing for an event: the mean of its articles' vectors (normalised, unless
    ``normalise`` is False), the entity keys at least ``share`` of them name (with the share of
    them naming each), their summed content words, the earliest date, and the principal people of
    at least half of them (weights are applied when items are compared).
    """
    if not members:
        raise ValueError(f"event {event_id} has no articles")
    vectors = np.vstack([m.vector for m in members]).astype(np.float32)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    counts: Counter[str] = Counter(k for m in members for k in m.entities)
    needed = 1 if len(members) <= 2 else max(1, math.ceil(share * len(members)))
    entities = frozenset(k for k, n in counts.items() if n >= needed)
    terms: Counter[str] = Counter()
    for m in members:
        terms.update(m.terms)
    dates = [m.date for m in members if m.date is not None]
    principals: Counter[str] = Counter(k for m in members for k in m.principals)
    return ArticleFeatures(
        event_id,
        mean / norm if norm and normalise else mean,
        entities,
        min(dates) if dates else None,
        dict(terms),
        frozenset(k for k, n in principals.items() if 2 * n >= len(members)),
        entity_shares={k: counts[k] / len(members) for k in entities},
    )


class StoryMerges(dict[str, str]):
    """Which stories merge (story id -> the story it joins), and ``whole``: those of them that met
    the merge bar as whole stories (the others joined as pieces)."""

    def __init__(self) -> None:
        super().__init__()
        self.whole: set[str] = set()


@stage(requires=("events.members",), assigns=("stories.members",))
def story_merges(
    touched: dict[str, ArticleFeatures],
    others: dict[str, ArticleFeatures],
    sizes: dict[str, int],
    weights: WeightSource,
    config: Grouping,
    piece: Piece | None = None,
    events: Mapping[str, Sequence[ArticleFeatures]] | None = None,
    cores: Mapping[str, ArticleFeatures] | None = None,
    leads: Leads | None = None,
) -> StoryMerges:
    """Which stories merge: story id -> the story it joins (:class:`StoryMerges`, which also
    tells the stories that merged whole).

    ``touched`` are the profiles (:func:`event_features` over a story's events) of the stories
    that took events in this build, ``others`` those of the stories they may join. Fed as a
    stream, one developing story can open twice before its coverage meets (two early events far
    apart); once their profiles reach ``config.threshold``, the smaller (by ``sizes``, articles)
    joins the larger. A *piece* (``piece``: a story with at most ``piece.share`` of the other's
    articles) joins from ``piece.threshold`` when it is nearer to that story than to any other by
    ``piece.margin``: a broad story's small events are each close to its whole, not to its events
    on average; one between two related stories is left alone. With ``piece.spread``, a piece's
    similarity must also reach ``piece.spread`` times that of the story's own loosest event (of
    ``events``: story id -> its events' features) to the story's profile: a broad story's loosest
    events are far from its profile, a tight story's near, so a tight story takes nothing loosely
    related (fed as a stream, every new story starts small); a story whose events are not given
    takes no piece. With ``cores`` (story id -> a profile of the names more of its events name),
    stories of a size meet the merge bar by those, pieces by ``touched`` and ``others``. With
    ``leads``, stories of a size also merge whole from ``leads.threshold`` when their leading
    people and places (of ``events``) do not conflict (:func:`leads_conflict`): a broad story's halves
    (a crisis' domestic and foreign coverage) read below the bar from each other as neighbouring
    stories about different rulers do. Each story merges at most once per call and never into
    one that merges away.
    """
    merged = StoryMerges()
    if not touched or not others:
        return merged
    ids_a, ids_b = sorted(touched), sorted(others)
    sim = similarity_matrix([touched[i] for i in ids_a], [others[i] for i in ids_b], weights, config)
    whole = (
        sim
        if cores is None
        else similarity_matrix([cores[i] for i in ids_a], [cores[i] for i in ids_b], weights, config)
    )
    lowest = np.inf if piece is None else piece.threshold
    bar = config.threshold if leads is None else min(config.threshold, leads.threshold)
    pairs = sorted(
        (
            (float(sim[i, j]), float(whole[i, j]), a, b)
            for i, a in enumerate(ids_a)
            for j, b in enumerate(ids_b)
            if a != b and (whole[i, j] >= bar or sim[i, j] >= lowest)
        ),
        key=lambda p: (-max(p[0], p[1]), p[2], p[3]),
    )
    # each touched story's similarities by id: only pieces read them
    rows: dict[str, dict[str, float]] = (
        {} if piece is None else {a: dict(zip(ids_b, map(float, sim[i]), strict=True)) for i, a in enumerate(ids_a)}
    )
    loosest = _Loosest(others, events or {}, weights, config)
    for value, of_size, a, b in pairs:
        small, large = sorted((a, b), key=lambda s: (sizes.get(s, 0), s))
        if small in merged or large in merged or small in merged.values():
            continue
        # below the merge bar, stories whose leading people do not conflict merge whole
        agreed = of_size < config.threshold and _agree(small, large, of_size, events or {}, leads)
        if (
            of_size < config.threshold
            and not agreed
            and (
                piece is None
                or not _is_piece(small, large, value, sizes, piece, rows, others, weights, config)
                or (piece.spread and value < piece.spread * loosest(large))
            )
        ):
            continue
        merged[small] = large
        if of_size >= config.threshold or agreed:
            merged.whole.add(small)
        log.debug(
            "merge %s (%d articles) -> %s (%d): profiles %.3f, by core names %.3f, %s",
            small,
            sizes.get(small, 0),
            large,
            sizes.get(large, 0),
            value,
            of_size,
            "whole" if small in merged.whole else "piece",
        )
    return merged


def _agree(a: str, b: str, value: float, events: Mapping[str, Sequence[ArticleFeatures]], leads: Leads | None) -> bool:
    """Whether stories ``a`` and ``b`` (similar by ``value``) merge whole below the merge bar:
    ``value`` reaches ``leads.threshold``, both stories' events are known and their leading
    people do not conflict."""
    if leads is None or value < leads.threshold or a not in events or b not in events:
        return False
    places = leads.places([a, b]) if leads.places is not None else frozenset()
    if leads_conflict(events[a], events[b], leads, places):
        log.debug("kept apart %s and %s: profiles %.3f, led by different people or places", a, b, value)
        return False
    return True


@stage(requires=("stories.members",), assigns=("stories.members",))
def story_splits(
    parts: Mapping[str, Mapping[str, str | None]],
    events: Mapping[str, ArticleFeatures],
    weights: WeightSource,
    config: Grouping,
    *,
    margin: float,
    share: float = CORE_SHARE,
    leads: Leads | None = None,
) -> dict[str, str]:
    """Which whole stories that merged into another leave it again: absorbed story id -> the
    story it leaves.

    ``parts``: story id -> each of its events -> the story it came with when that story merged
    into it whole (:func:`story_merges` at ``config.threshold``), None for the story's own
    events; ``events``: the events' features. Fed as a stream, two stories running at once can
    meet the merge bar early (an uprising's first reports recall a neighbour's) and part as
    their coverage grows: one batch, which compares them as they end, leaves them apart. So a
    part whose profile (:func:`event_features` with ``share``) is below ``config.threshold -
    margin`` from the profile of the story's other events leaves it (below ``leads.threshold -
    margin`` when the two parts' leading people and places do not conflict, the bar such a merge met:
    :func:`story_merges`). Pieces (stories that joined below the merge bar) are never marked, so
    never split.
    """
    out: dict[str, str] = {}
    for story, origins in sorted(parts.items()):
        absorbed = sorted({o for o in origins.values() if o is not None})
        for origin in absorbed:
            part = [events[e] for e, o in origins.items() if o == origin and e in events]
            rest = [events[e] for e, o in origins.items() if o != origin and e in events]
            if not part or not rest:
                continue
            a, b = event_features(origin, part, share=share), event_features(story, rest, share=share)
            value = float(similarity_matrix([a], [b], weights, config)[0, 0])
            bar = config.threshold
            # below the lower bar a part leaves anyway; between the bars, unless it conflicts
            if leads is not None and leads.threshold - margin <= value < bar - margin:
                places = leads.places([story]) if leads.places is not None else frozenset()
                if not leads_conflict(part, rest, leads, places):
                    bar = leads.threshold
            if value < bar - margin:
                out[origin] = story
                log.debug("part %s (%d events) leaves %s (%d): %.3f", origin, len(part), story, len(rest), value)
    return out


def part_moves(
    parts: Mapping[str, Mapping[str, str | None]],
    events: Mapping[str, ArticleFeatures],
    event_sizes: Mapping[str, int],
    stories: Mapping[str, ArticleFeatures],
    sizes: Mapping[str, int],
    weights: WeightSource,
    config: Grouping,
    piece: Piece | None = None,
    members: Mapping[str, Sequence[ArticleFeatures]] | None = None,
    *,
    share: float = CORE_SHARE,
) -> dict[str, tuple[str, bool]]:
    """Which parts of stories move to another story: origin -> (the story it joins, whether it
    joins whole).

    ``parts`` as for :func:`story_splits` (each event -> the story it came with by a merge, whole
    or as a piece; None for the story's own); ``events`` their features and ``event_sizes`` their
    articles; ``stories`` the profiles of the stories a part may move to, ``sizes`` their
    articles, ``members`` their events' features (the piece's spread guard). Fed as a stream, a
    story merges with the best story there is when it merges: a young story taken as a piece of
    a broad neighbour before its own coverage formed a story of its own stays there, and one batch,
    which groups the events once they are all known, would have put it with its own coverage. So
    a part whose profile (:func:`event_features` with ``share``) is nearer to another story than
    to the rest of its own moves to that story when it would merge with it now: whole at
    ``config.threshold``, or as a piece (``piece``'s threshold, share and spread)."""
    out: dict[str, tuple[str, bool]] = {}
    loosest = _Loosest(stories, members or {}, weights, config)
    busy: set[str] = set()  # stories that gave or took a part: their profiles changed
    for story, origins in sorted(parts.items()):
        rivals = sorted(s for s in stories if s != story)
        if not rivals:
            continue
        for origin in sorted({o for o in origins.values() if o is not None}):
            part = [e for e, o in origins.items() if o == origin and e in events]
            rest = [events[e] for e, o in origins.items() if o != origin and e in events]
            if not part or not rest:
                continue
            profile = event_features(origin, [events[e] for e in part], share=share)
            sim = similarity_matrix(
                [profile], [event_features(story, rest, share=share), *(stories[s] for s in rivals)], weights, config
            )[0]
            k = int(np.argmax(sim[1:]))
            value, target = float(sim[1 + k]), rivals[k]
            if story in busy or target in busy or value <= float(sim[0]):
                continue
            whole = value >= config.threshold
            size = sum(event_sizes.get(e, 0) for e in part)
            if not whole and (
                piece is None
                or value < piece.threshold
                or size > piece.share * sizes.get(target, 0)
                or (piece.spread and value < piece.spread * loosest(target))
            ):
                continue
            out[origin] = (target, whole)
            busy |= {story, target}
            log.debug(
                "part %s (%d events) moves from %s to %s: %.3f against %.3f, %s",
                origin,
                len(part),
                story,
                target,
                value,
                float(sim[0]),
                "whole" if whole else "piece",
            )
    return out


class _Loosest:
    """The lowest similarity of a story's own events to its profile (1 when its events are not
    given), computed once per story."""

    def __init__(
        self,
        profiles: Mapping[str, ArticleFeatures],
        events: Mapping[str, Sequence[ArticleFeatures]],
        weights: WeightSource,
        config: Grouping,
    ) -> None:
        self.profiles, self.events, self.weights, self.config = profiles, events, weights, config
        self.known: dict[str, float] = {}

    def __call__(self, story: str) -> float:
        if story not in self.known:
            members = self.events.get(story)
            if not members:
                self.known[story] = 1.0
            else:
                sim = similarity_matrix(list(members), [self.profiles[story]], self.weights, self.config)
                self.known[story] = float(sim.min())
        return self.known[story]


def _is_piece(
    small: str,
    large: str,
    value: float,
    sizes: dict[str, int],
    piece: Piece,
    rows: dict[str, dict[str, float]],
    others: dict[str, ArticleFeatures],
    weights: WeightSource,
    config: Grouping,
) -> bool:
    """Whether ``small`` joins ``large`` (their profiles' similarity ``value``) as a piece of it."""
    size = sizes.get(small, 0)
    if value < piece.threshold or size > piece.share * sizes.get(large, 0) or (piece.most and size > piece.most):
        return False
    if small not in rows:  # a quiet piece of a story that took events: its nearness to every other
        ids = sorted(others)
        row = similarity_matrix([others[small]], [others[i] for i in ids], weights, config)[0]
        rows[small] = dict(zip(ids, map(float, row), strict=True))
    rival = max((v for s, v in rows[small].items() if s not in (small, large)), default=-1.0)
    return value - rival >= piece.margin


@dataclass(frozen=True, slots=True)
class Piece:
    """When a small story joins a larger one (:func:`story_merges`): it holds at most ``share`` of
    the larger's articles, their profiles reach ``threshold``, and no other story is within
    ``margin`` of it."""

    threshold: float
    share: float
    margin: float = 0.0
    most: int = 0  # and at most this many articles (0: any number)
    spread: float = 0.0  # and reaches this times the larger's loosest event's similarity to it (0: off)


@dataclass(frozen=True, slots=True)
class Leads:
    """When two stories of a size merge below the merge bar (:func:`story_merges`): their
    profiles reach ``threshold`` and their leading people do not conflict (:func:`leads_conflict`:
    a story's leading people are the principal people of its events whom at least ``share`` of
    its events name; two stories conflict when both have some and the first of either is named
    by fewer than ``foreign`` of the other's events). With ``places`` (story ids -> the keys their
    articles name as places: :func:`place_keys`), their leading places must not conflict either."""

    threshold: float
    share: float = 0.25
    foreign: float = 0.1
    places: Callable[[Sequence[str]], frozenset[str]] | None = None


def leading_people(events: Sequence[ArticleFeatures], share: float) -> frozenset[str]:
    """The people a story is about: principal people of its ``events`` (surname keys) that at
    least ``share`` of the events name."""
    if not events:
        return frozenset()
    named: Counter[str] = Counter(k for e in events for k in e.entities)
    principal = {k for e in events for k in e.principals}
    return frozenset(k for k in principal if named[k] >= share * len(events))


def leading_places(events: Sequence[ArticleFeatures], share: float, places: frozenset[str]) -> frozenset[str]:
    """The places a story happens in: keys of ``places`` that at least ``share`` of its ``events``
    name (an event names what its articles' profile keeps)."""
    if not events:
        return frozenset()
    named: Counter[str] = Counter(k for e in events for k in e.entities if k in places)
    return frozenset(k for k, n in named.items() if n >= share * len(events))


def place_keys(labels: Iterable[tuple[str, str, int]]) -> frozenset[str]:
    """The name keys that are places: of (text, label, mentions), those labelled a place
    (:data:`newsweave.cluster.conflicts.PLACE_LABELS`) in more of their mentions than not (a
    company the tagger sometimes reads as a place is not one)."""
    from newsweave.cluster.conflicts import PLACE_LABELS
    from newsweave.text.names import name_key

    place: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for text, label, n in labels:
        key = name_key(text)
        if len(key) >= 2:
            (place if label in PLACE_LABELS else other)[key] += n
    return frozenset(k for k, n in place.items() if n > other[k])


def leads_conflict(
    a: Sequence[ArticleFeatures], b: Sequence[ArticleFeatures], leads: Leads, places: frozenset[str] = frozenset()
) -> bool:
    """Whether two stories (their events' features) are led by different people: both have
    leading people (:func:`leading_people`) and the first of one of them (those its events name
    most) is named by fewer than ``leads.foreign`` of the other's events (two uprisings in two
    countries, each about its own ruler; a young story's first reports recall a neighbour's ruler,
    so any leading person named by the other is not enough to agree). Or, with ``places`` (the
    keys that are places), by different places, the same way (:func:`leading_places`): fed as a
    stream, a young story may name its ruler in too few events to have a leading person, but
    its country in most."""
    if _differ(_first_leads(a, leads.share), _first_leads(b, leads.share), a, b, leads.foreign):
        return True
    if not places:
        return False
    first = _first_named(a, leading_places(a, leads.share, places))
    second = _first_named(b, leading_places(b, leads.share, places))
    return _differ(first, second, a, b, leads.foreign)


def _differ(
    first: frozenset[str],
    second: frozenset[str],
    a: Sequence[ArticleFeatures],
    b: Sequence[ArticleFeatures],
    foreign: float,
) -> bool:
    """Whether both stories lead with some names and the first names of one (``first`` of
    ``a``, ``second`` of ``b``) are named by fewer than ``foreign`` of the other's events. Only a
    story of at least ``1 / foreign`` events can show that it does not name someone (a part of
    four events that never names the country its neighbour names most may call it otherwise:
    'us' for 'united states')."""
    if not first or not second:
        return False

    def named(keys: frozenset[str], events: Sequence[ArticleFeatures]) -> bool:
        if foreign * len(events) < 1:  # too few events to tell
            return True
        return any(sum(k in e.entities for e in events) >= foreign * len(events) for k in keys)

    return not named(first, b) or not named(second, a)


def _first_leads(events: Sequence[ArticleFeatures], share: float) -> frozenset[str]:
    """The leading people (:func:`leading_people`) the most of ``events`` name (ties kept)."""
    return _first_named(events, leading_people(events, share))


def _first_named(events: Sequence[ArticleFeatures], keys: frozenset[str]) -> frozenset[str]:
    """Those of ``keys`` the most of ``events`` name (ties kept)."""
    if not keys:
        return keys
    named = {k: sum(k in e.entities for e in events) for k in keys}
    most = max(named.values())
    return frozenset(k for k, n in named.items() if n == most)


def event_moves(
    recent: Mapping[str, str],
    stories: Mapping[str, Mapping[str, ArticleFeatures]],
    weights: WeightSource,
    config: Grouping,
    *,
    margin: float = 0.0,
    weak: bool = True,
    profile: Callable[[str, Sequence[ArticleFeatures]], ArticleFeatures] = event_features,
) -> dict[str, str]:
    """Which recent events move to another story: event id -> the story it joins.

    ``recent``: the events judged again (event -> its story); ``stories``: every story a recent
    event may be in or join, as its events' features (story -> event -> features); ``profile``
    makes a story's profile of its events, as linking meets a story. Fed as a stream, an event
    joins the best story there is when it arrives (or opens its own), and one batch, which
    groups events once all are known, may put it with a story formed after it. So an event whose
    similarity to another story's profile reaches ``config.threshold`` (the link bar) and beats
    its similarity to the profile of the rest of its own story by ``margin`` moves there; with
    ``weak``, only when that rest is itself below the link bar (an event that would join its own
    story now stays). An event alone in its story has no rest (it joins any story it reaches).
    Every similarity is measured before any move; a story gives or takes events in one call,
    not both, and an event that moves from a story of its own never takes another with it.
    Moves are taken by how much nearer the new story is, most first."""
    ids = sorted(s for s, events in stories.items() if events)
    items = sorted(e for e, s in recent.items() if s in stories and e in stories[s])
    if not items or len(ids) < 2:
        return {}
    profiles = [profile(s, list(stories[s].values())) for s in ids]
    features = [stories[recent[e]][e] for e in items]
    sim = similarity_matrix(features, profiles, weights, config)
    column = {s: k for k, s in enumerate(ids)}
    candidates: list[tuple[float, str, str, str, float, float]] = []
    for i, e in enumerate(items):
        own = recent[e]
        row = sim[i].copy()
        row[column[own]] = -np.inf
        k = int(np.argmax(row))
        value = float(row[k])
        if value < config.threshold:
            continue
        rest = [f for other, f in stories[own].items() if other != e]
        mine = float(similarity_matrix([features[i]], [profile(own, rest)], weights, config)[0, 0]) if rest else -np.inf
        if (weak and mine >= config.threshold) or value < mine + margin:
            continue
        candidates.append((value - mine, e, own, ids[k], value, mine))
    out: dict[str, str] = {}
    gave: set[str] = set()
    took: set[str] = set()
    for _gain, e, own, target, value, mine in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if own in took or target in gave:
            continue
        out[e] = target
        gave.add(own)
        took.add(target)
        log.debug("event %s moves from %s to %s: %.3f against %.3f", e, own, target, value, mine)
    return out
