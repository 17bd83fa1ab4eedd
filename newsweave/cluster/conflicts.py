"""Two happenings in one group: parts whose prominent names the other part never mentions, or
parts each much tighter than their join.

Similar but different events (one boxer's two title defences, fires at one chain's shops in two
towns, a rule and its reversal) share most of their words and names, so average linkage joins
them. What tells them apart is a name each part gives prominently and the other part does not
name at all: the other opponent, the other town, the other minister. One report is a poor judge
(a report of either event may quote someone the others do not), so the test is made between
parts of a group, each part's names counted over its articles (:func:`parts_conflict`), and a
group whose two halves conflict is split (:func:`split_conflicting`). The names are people,
places and organisations (the other team, the other jeweller). The halves are those at the top of
the group's similarity tree; since two happenings of one kind share their wording, the top often
splits off an odd report instead, so an undated group is also cut into the reports naming one of
its prominent names and the others when those two parts conflict (:func:`name_partition`).

Names are not always there to tell (a county mislabelled as a person, a report naming nobody), so
a group is also split where its two halves are each far tighter than they are together
(:func:`loosely_joined`): two reports of one happening are as alike as two reports of either part,
while two happenings of one kind share their subject's words but not their details. The test is
relative to the group's own cohesion, so a broad event whose reports are all loosely alike is kept.
It is made only on groups holding undated reports (unless ``split_dated``), like the penalty on
undated reports mainly about different people (:func:`newsweave.cluster.stories.principal_conflict`):
the time penalty already tells reports that all carry dates apart, and on a dated stream
(Timeline17) the split only cut events of one story. A dated group is split so too when one
part's reports all follow the other's (``split_sequential``, :func:`sequential`): a later happening
of the subject, weeks on, that the time penalty alone left joined; two loosely joined parts
reported over the same days are facets of one broad event.

A long story reported every day is a third case (:func:`happenings`): average linkage at the
event level's bar, chosen on topic clusters of a few weeks (DUC), joins its successive happenings
into stretches of weeks, since every report shares the story's words and names. A group of many
dated reports a day over weeks (:func:`is_dense`) is cut again at the similarity of two reports of
one happening. The runner cuts after the stories are linked, so the story level links whole
stretches and a story's events are happenings; a happening takes the id most of its articles had
before, so a stretch grouped again with new reports keeps its happenings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from newsweave.cluster.agglomerate import agglomerate, attach_singletons, average_tree
from newsweave.config import Grouping
from newsweave.records import stage
from newsweave.text.ids import stable_id

if TYPE_CHECKING:
    from newsweave.cluster.stories import ArticleFeatures

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ORGANISATION_LABELS = frozenset({"ORG"})

# A person, place or organisation is named prominently by an article when it scores at least this
# much, one per mention and two per mention in the first sentences (:func:`salient_names`). Chosen on the
# halves A of DUC and ECB+.
SALIENT_SCORE = 3

# An undated group's most often prominent names tried as the line between two happenings
# (:func:`name_partition`): each try counts its part's names, so the work stays bounded.
NAMES_TRIED = 20


def salient_names(
    entities: Iterable[Any], lead: int = 3, least: int | None = None
) -> tuple[frozenset[str], frozenset[str]]:
    """The people (surname keys) and places an article names prominently: scored at least
    ``least`` (default :data:`SALIENT_SCORE`), a mention in the first ``lead`` sentences counting
    twice. ``entities`` have ``text``, ``label`` and ``sentence``."""
    from newsweave.cluster.stories import person_scores
    from newsweave.text.names import name_key

    least = SALIENT_SCORE if least is None else least
    entities = list(entities)
    people = person_scores(entities, lead)
    places: Counter[str] = Counter()
    for e in entities:
        key = name_key(e.text) if e.label in PLACE_LABELS else ""
        if len(key) >= 2:
            places[key] += 2 if e.sentence < lead else 1
    return (
        frozenset(k for k, n in people.items() if n >= least and len(k) >= 2),
        frozenset(k for k, n in places.items() if n >= least),
    )


def salient_organisations(entities: Iterable[Any], lead: int = 3, least: int | None = None) -> frozenset[str]:
    """The organisations an article names prominently, scored as :func:`salient_names` scores
    places."""
    from newsweave.text.names import name_key

    least = SALIENT_SCORE if least is None else least
    scores: Counter[str] = Counter()
    for e in entities:
        key = name_key(e.text) if e.label in ORGANISATION_LABELS else ""
        if len(key) >= 2:
            scores[key] += 2 if e.sentence < lead else 1
    return frozenset(k for k, n in scores.items() if n >= least)


def _names(item: ArticleFeatures, kind: str) -> frozenset[str]:
    if kind == "people":
        return item.salient_people
    return item.salient_places if kind == "places" else item.salient_organisations


def _kinds(config: Grouping) -> tuple[str, ...]:
    return ("people", "places", "organisations") if config.split_organisations else ("people", "places")


def _shares(part: Sequence[ArticleFeatures], kind: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for item in part:
        counts.update(_names(item, kind))
    return counts


def _own_names(x: Sequence[ArticleFeatures], y: Sequence[ArticleFeatures], kind: str, config: Grouping) -> bool:
    """Whether ``x`` gives prominently (in ``config.split_share`` of its articles) a name of
    ``kind`` that no more than ``config.split_foreign`` of ``y``'s articles name at all (:func:`_owned`)."""
    mentioned: Counter[str] = Counter()
    for item in y:
        mentioned.update(item.entities)
    return bool(_owned(_shares(x, kind), len(x), mentioned, len(y), config))


def parts_conflict(x: Sequence[ArticleFeatures], y: Sequence[ArticleFeatures], config: Grouping) -> bool:
    """Whether two parts of a group tell two happenings: each gives prominently a person, or each
    a place, or (``config.split_organisations``) each an organisation, that the other does not
    name (``config.split_share``, ``config.split_foreign``)."""
    if min(len(x), len(y)) < config.split_min:
        return False
    return any(_own_names(x, y, kind, config) and _own_names(y, x, kind, config) for kind in _kinds(config))


def _cohesion(sim: np.ndarray, idx: Sequence[int]) -> float:
    """Average similarity of the pairs of distinct items of ``idx``."""
    block = sim[np.ix_(idx, idx)]
    n = len(idx)
    return float((block.sum() - np.trace(block)) / max(n * (n - 1), 1))


def loosely_joined(sim: np.ndarray, x: Sequence[int], y: Sequence[int], config: Grouping) -> bool:
    """Whether parts ``x`` and ``y`` (indices into ``sim``) are two happenings by their similarity
    alone: both of ``config.split_min`` items or more, and their average similarity to each other
    below ``config.split_ratio`` times the average within the looser part (0: never)."""
    if not config.split_ratio or min(len(x), len(y)) < config.split_min:
        return False
    across = float(sim[np.ix_(x, y)].mean())
    return across < config.split_ratio * min(_cohesion(sim, x), _cohesion(sim, y))


def _halves(sim: np.ndarray) -> np.ndarray:
    """The two clusters of the top of the average-linkage tree over ``sim`` (labels 0/1)."""
    from scipy.cluster.hierarchy import fcluster

    return np.asarray(fcluster(average_tree(sim), t=2, criterion="maxclust")) - 1


def _split(members: list[int], sim: np.ndarray, items: Sequence[ArticleFeatures], config: Grouping) -> list[list[int]]:
    # parts of a group holding undated reports may be smaller: no dates tell its happenings apart
    # (decided again for every part: a part of dated reports only is judged as a dated group)
    level = config
    if any(items[m].date is None for m in members) and 0 < config.split_min_undated < config.split_min:
        level = replace(config, split_min=config.split_min_undated)
    if len(members) < 2 * level.split_min:
        return [members]
    halves = _halves(sim[np.ix_(members, members)])
    parts = [[m for m, h in zip(members, halves, strict=True) if h == side] for side in (0, 1)]
    small, large = sorted(parts, key=len)
    if small and len(small) < level.split_min:
        # outliers on top: look further down the larger part; each outlier goes with the piece it
        # is nearest to on average
        pieces = _split(large, sim, items, config)
        for m in small:
            nearest = max(range(len(pieces)), key=lambda k: float(sim[m, pieces[k]].mean()))
            pieces[nearest] = [*pieces[nearest], m]
        return pieces
    # dated reports are told apart by date, unless config.split_dated
    dated = not config.split_dated and all(items[m].date is not None for m in members)
    # ... unless (config.split_sequential) one part's reports all follow the other's: a later
    # happening of the same subject, which the time penalty alone did not keep apart
    first, second = ([items[m] for m in part] for part in parts)
    judged = not dated or (config.split_sequential and sequential(first, second))
    # (no small part: every similarity alike, the tree has no top split)
    if small and (
        (judged and loosely_joined(sim, parts[0], parts[1], level))
        or (config.split_share and parts_conflict(first, second, level))
    ):
        return [*_split(parts[0], sim, items, config), *_split(parts[1], sim, items, config)]
    # else a name only one happening's reports give draws the line (undated groups, as above)
    by_names = config.split_share and config.split_by_names and not dated
    named = name_partition(members, items, level) if by_names else None
    if named is not None:
        return [*_split(named[0], sim, items, config), *_split(named[1], sim, items, config)]
    return [members]


def sequential(x: Sequence[ArticleFeatures], y: Sequence[ArticleFeatures]) -> bool:
    """Whether every dated report of one part is dated after every dated report of the other
    (both parts holding one or more)."""
    dx = [i.date for i in x if i.date is not None]
    dy = [i.date for i in y if i.date is not None]
    return bool(dx and dy) and (max(dx) < min(dy) or max(dy) < min(dx))


def name_partition(
    members: list[int], items: Sequence[ArticleFeatures], config: Grouping
) -> tuple[list[int], list[int]] | None:
    """The cleanest cut of ``members`` into the articles naming one of the group's prominent names
    and those that do not, whose two parts conflict as :func:`parts_conflict` tests them; ``None``
    when no such cut does. The :data:`NAMES_TRIED` most often prominent names are tried; of the
    cuts that conflict, the one leaving fewest articles on the wrong side (naming a name the other
    part owns) is taken, then the most even.

    Two happenings of one kind share their wording, so the top of the similarity tree often
    splits off an odd report rather than one happening from the other; the name only one
    happening's reports give (the other ship, the other minister) draws the line instead. A name
    both happenings give (the island both ships sailed by) may draw a line that conflicts too,
    with a few reports on the wrong side: hence the cleanest cut, not the first."""
    kinds = _kinds(config)
    mentioned: Counter[str] = Counter()
    prominent = {kind: Counter[str]() for kind in kinds}
    for m in members:
        mentioned.update(items[m].entities)
        for kind in kinds:
            prominent[kind].update(_names(items[m], kind))
    often: Counter[str] = Counter()
    for counts in prominent.values():
        often.update(counts)
    best: tuple[tuple[int, int], list[int], list[int]] | None = None
    for name, n in often.most_common(NAMES_TRIED):
        if n < config.split_min:
            break
        naming = [m for m in members if name in items[m].entities]
        others = [m for m in members if name not in items[m].entities]
        if min(len(naming), len(others)) < config.split_min:
            continue
        naming_mentioned: Counter[str] = Counter()
        for m in naming:
            naming_mentioned.update(items[m].entities)
        others_mentioned = mentioned - naming_mentioned
        wrong: int | None = None
        for kind in kinds:
            naming_prominent = _shares([items[m] for m in naming], kind)
            own = _owned(naming_prominent, len(naming), others_mentioned, len(others), config)
            owned = _owned(prominent[kind] - naming_prominent, len(others), naming_mentioned, len(naming), config)
            if own and owned:
                astray = sum(bool(items[m].entities & owned) for m in naming)
                astray += sum(bool(items[m].entities & own) for m in others)
                wrong = astray if wrong is None else min(wrong, astray)
        if wrong is not None:
            key = (wrong, -min(len(naming), len(others)))
            if best is None or key < best[0]:
                best = (key, naming, others)
    return None if best is None else (best[1], best[2])


def _owned(
    prominent: Counter[str], size: int, other_mentioned: Counter[str], other_size: int, config: Grouping
) -> frozenset[str]:
    """The names a part of ``size`` articles owns: prominent in ``config.split_share`` of them
    (``prominent``: name -> articles) and named by no more than ``config.split_foreign`` of the
    other part's ``other_size`` articles (``other_mentioned``: name -> articles)."""
    return frozenset(
        k
        for k, n in prominent.items()
        if n >= config.split_share * size and other_mentioned[k] <= config.split_foreign * other_size
    )


def is_dense(items: Sequence[ArticleFeatures], config: Grouping) -> bool:
    """Whether a group is a stretch of a dense story's coverage rather than one happening: at
    least ``config.dense_min`` dated items over ``config.dense_days`` or more (from the first to the
    last), averaging ``config.dense_rate`` a day or more (0: never); or a burst (:func:`is_burst`).
    A happening is reported over hours to days; a group reported every day for weeks holds many."""
    return dense_dates([i.date for i in items], config)


def _dated_span(dates: Sequence[date | None], config: Grouping) -> tuple[int, int] | None:
    """How many of ``dates`` are set and the days they span, when they are dense enough to cut:
    at least ``config.dense_min`` of them, ``config.dense_rate`` a day or more (else None)."""
    days = [d for d in dates if d is not None]
    if not config.dense_rate or len(days) < config.dense_min:
        return None
    span = (max(days) - min(days)).days + 1
    return (len(days), span) if len(days) >= config.dense_rate * span else None


def dense_dates(dates: Sequence[date | None], config: Grouping) -> bool:
    """:func:`is_dense` of a group whose items carry these dates."""
    found = _dated_span(dates, config)
    return found is not None and (found[1] >= config.dense_days or burst_dates(dates, config))


def is_burst(items: Sequence[ArticleFeatures], config: Grouping) -> bool:
    """Whether a group is a burst of heavy coverage: at least ``config.dense_burst`` dated items
    (0: never) at ``config.dense_rate`` a day or more, over fewer than ``config.dense_days``. A
    happening draws a few reports from each outlet; a week of one story reported dozens of times
    a day holds the week's happenings (the operation, the inquiry, the market's fall), however
    short its span."""
    return burst_dates([i.date for i in items], config)


def burst_dates(dates: Sequence[date | None], config: Grouping) -> bool:
    """:func:`is_burst` of a group whose items carry these dates."""
    found = _dated_span(dates, config)
    return (
        found is not None
        and bool(config.dense_burst)
        and found[0] >= config.dense_burst
        and found[1] < config.dense_days
    )


def dense_pieces(
    members: list[int], sim: np.ndarray, items: Sequence[ArticleFeatures], config: Grouping
) -> list[list[int]]:
    """``members`` as one piece, or, when they are dense (:func:`is_dense`), cut by average
    linkage at ``config.dense_threshold`` with lone items joining their nearest item's piece from
    that similarity: a story reported every day holds many happenings whose reports share the
    story's words and names, each report far nearer to the others of its own happening. A burst
    (:func:`is_burst`) is cut at ``config.dense_relative`` times its own average similarity when
    that is lower (0: the same bar): a burst's reports are alike on the whole (one story, days
    apart) and the bar chosen on weeks of a story among others shatters it."""
    group = [items[m] for m in members]
    if not is_dense(group, config):
        return [members]
    block = sim[np.ix_(members, members)]
    threshold = config.dense_threshold
    burst = bool(config.dense_relative) and is_burst(group, config)
    if burst:
        threshold = min(threshold, config.dense_relative * _cohesion(block, list(range(len(members)))))
    labels = attach_singletons(block, agglomerate(block, threshold), threshold)
    pieces: dict[int, list[int]] = {}
    for m, label in zip(members, labels, strict=True):
        pieces.setdefault(int(label), []).append(m)
    if burst and not days_apart(list(pieces.values()), items, config.dense_localised):
        return [members]  # pieces spread over the same days: one happening's reports, cut by chance
    return list(pieces.values())


def days_apart(pieces: list[list[int]], items: Sequence[ArticleFeatures], share: float) -> bool:
    """Whether ``pieces`` (indices into ``items``) keep to days of their own: the spread of their
    reports' dates around each piece's own mean (pieces of two or more) is at most ``share`` of
    the spread around the mean of all (0: always). The happenings of a burst (the operation on
    Tuesday, the inquiry on Thursday) are each reported over a day or two; pieces cut from one
    happening's reports by chance spread over all its days alike."""
    if not share:
        return True
    ordinal = {i: day.toordinal() for piece in pieces for i in piece if (day := items[i].date) is not None}
    every = np.array(list(ordinal.values()), dtype=float)
    if every.size < 2 or every.var() == 0:
        return False
    within = [
        (np.array(days) - np.mean(days)) ** 2
        for days in ([ordinal[i] for i in piece if i in ordinal] for piece in pieces)
        if len(days) >= 2
    ]
    if not within:
        return True
    return float(np.concatenate(within).mean()) <= share * float(every.var())


def split_group(sim: np.ndarray, items: Sequence[ArticleFeatures], config: Grouping) -> list[list[int]]:
    """The pieces of one group (indices into ``items``, similarities ``sim``) that
    :func:`split_conflicting` would cut it into; one piece when nothing conflicts."""
    if not config.split_share and not config.split_ratio:
        return [list(range(len(items)))]
    return _split(list(range(len(items))), sim, items, config)


def split_conflicting(
    sim: np.ndarray, labels: np.ndarray, items: Sequence[ArticleFeatures], config: Grouping
) -> np.ndarray:
    """Labels with every group cut where the two clusters at the top of its own average-linkage
    tree conflict (:func:`parts_conflict`) or are loosely joined (:func:`loosely_joined`), or, in a
    group holding undated items (``config.split_by_names``), where the items naming one of its
    prominent names and the others conflict (:func:`name_partition`); again within each cut part;
    an outlier on top is passed over. Nothing changes when ``config.split_share`` and
    ``config.split_ratio`` are 0."""
    if not config.split_share and not config.split_ratio:
        return labels
    out = labels.copy()
    following = int(labels.max()) + 1 if len(labels) else 0
    for label in np.unique(labels):
        members = [int(i) for i in np.flatnonzero(labels == label)]
        for part in _split(members, sim, items, config)[1:]:
            out[part] = following
            following += 1
    return out


@stage(requires=("events.members",), assigns=("events.members",))
def happenings(
    groups: Mapping[str, Sequence[ArticleFeatures]],
    before: Mapping[str, str],
    taken: set[str],
    similarity: Callable[[Sequence[ArticleFeatures]], np.ndarray],
    config: Grouping,
) -> tuple[dict[str, str], dict[str, str]]:
    """The events of the articles of ``groups`` (group id -> its articles, as grouping made them)
    once the dense groups (:func:`is_dense`) are cut into the happenings they hold
    (:func:`dense_pieces`): article id -> event id, for every article of ``groups``; and each piece
    of a dense group -> that group's id (its *family*: the stretch the story level links).

    Ids are kept: a piece takes the event id most of its articles had (``before``: article id ->
    its event before this grouping), unless a piece with more of them claims it or it is ``taken``
    (an event that keeps other articles); so the happenings of a stretch grouped again with new
    reports keep their ids and articles, and only what changed moves. A piece without one takes
    its group's id if that is free, else an id derived from its earliest article and the group's
    (and a count, should that be used). A group of more than ``config.chunk`` articles is cut a
    chunk of them (by date) at a time. ``similarity`` gives the combined similarities of a list of
    articles among themselves."""

    def first(piece: Sequence[ArticleFeatures]) -> tuple[date, str]:
        return min((a.date or date.max, a.id) for a in piece)

    pieces: list[tuple[str, list[ArticleFeatures]]] = []  # (group id, articles)
    family: set[int] = set()
    for group_id in sorted(groups):
        ordered = sorted(groups[group_id], key=lambda a: (a.date or date.max, a.id))
        # a group larger than a chunk is cut a chunk of its reports at a time: memory stays bounded
        for start in range(0, len(ordered), config.chunk):
            members = ordered[start : start + config.chunk]
            cut = [members]
            if is_dense(members, config):
                cut = [
                    [members[i] for i in piece]
                    for piece in dense_pieces(list(range(len(members))), similarity(members), members, config)
                ]
                family.update(range(len(pieces), len(pieces) + len(cut)))
            pieces += [(group_id, piece) for piece in sorted(cut, key=lambda p: (-len(p), first(p)))]
    claims = sorted(
        (-n, k, former)
        for k, (_, piece) in enumerate(pieces)
        for former, n in Counter(before[a.id] for a in piece if a.id in before).items()
        if former not in taken
    )
    named: dict[int, str] = {}
    used = set(taken)
    for _n, k, former in claims:
        if k not in named and former not in used:
            named[k] = former
            used.add(former)
    for k, (group_id, piece) in enumerate(pieces):
        if k in named:
            continue
        name, salt = group_id, 0
        while name in used:  # derived ids are checked too: a taken event may hold one
            name = config.prefix + stable_id("event", f"{first(piece)[1]}:{group_id}:{salt or ''}")[:10]
            salt += 1
        named[k] = name
        used.add(name)
    events = {a.id: named[k] for k, (_, piece) in enumerate(pieces) for a in piece}
    return events, {named[k]: pieces[k][0] for k in sorted(family)}
