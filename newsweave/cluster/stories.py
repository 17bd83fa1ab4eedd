"""Stories stage: group articles about one developing event, incrementally.

Similarity of two articles (or groups, averaged over their pairs) combines
- the cosine of their title-and-lead embeddings,
- the cosine of their full-text TF-IDF vectors (content words),
- the cosine of their named-entity sets weighted by inverse document frequency,
- a penalty growing with the gap between their dates beyond ``time_window_days``.

New articles are first grouped among themselves by average-linkage agglomerative
clustering (scikit-learn); each group then joins the existing story it is most similar to
(the same average-linkage criterion against the story's members) or opens a new story.
An article that average linkage leaves on its own joins the group or story of its nearest
article when that one pair reaches the threshold (single linkage for singletons): a report
that is close to one article of a broad story need not be close to the story's average.
Stored stories keep their other members; the members dated within ``recluster_days`` of a new
article (:class:`RegroupWindow`) are grouped again with them (:func:`place`), so that the first
report of an event, attached to a related story before its own coverage arrived, can leave it
for the story that coverage forms. Adding articles costs work proportional to the new articles
and the coverage around their dates, not to the store (but for undated articles, which any story
may take): a late article, an archive fed after the news, regroups the weeks around its own
date, never the years the store holds after it.

Stored stories come from a :class:`StorySource`: held in memory (:class:`MemoryStories`) or
read from the store a block at a time (:class:`newsweave.pipeline.story_source.StoredStories`), so
clustering's memory does not grow with the store; the result does not depend on the blocks.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from itertools import chain
from typing import Any, Protocol, runtime_checkable

import numpy as np
from scipy import sparse

from newsweave.cluster.agglomerate import agglomerate, attach_singletons, attach_small, merge_pieces
from newsweave.cluster.conflicts import parts_conflict, split_conflicting, split_group
from newsweave.config import Grouping
from newsweave.records import stage
from newsweave.text.ids import stable_id


@dataclass(slots=True)
class ArticleFeatures:
    """What clustering needs of one article."""

    id: str
    vector: np.ndarray
    entities: frozenset[str]
    date: date | None = None
    terms: dict[str, int] = field(default_factory=dict)
    # the people the article is mainly about (principal_people): with no dates to tell two
    # happenings apart, articles mainly about different people report different events
    principals: frozenset[str] = frozenset()
    # the people it names only in passing (passing_people): an article that names someone once,
    # far below its own principal, is not about them (event profiles leave it empty)
    passing: frozenset[str] = frozenset()
    # the people it names only as background ("Earlier this year, X met Y": recalled_people): a
    # report that recalls another's principal as past tells a later happening (profiles: empty)
    recalled: frozenset[str] = frozenset()
    # the people (by surname key) and the places it names prominently (salient_names): two parts
    # of a group that each name prominently someone or somewhere the other never mentions
    # (another opponent, another town) tell two happenings (event profiles: empty)
    salient_people: frozenset[str] = frozenset()
    salient_places: frozenset[str] = frozenset()
    # the organisations it names prominently (salient_organisations): the other team, the other shop
    salient_organisations: frozenset[str] = frozenset()
    # of a group of items (newsweave.cluster.events.event_features), the share of its items that
    # name each of its entity keys: a name every event of a story gives is what it is about, one a
    # tenth of them give is background (empty: every key counts alike)
    entity_shares: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class StoryState:
    """What clustering needs of one stored story: its members' features."""

    id: str
    members: list[ArticleFeatures] = field(default_factory=list)


def idf(df: int, n_documents: int) -> float:
    """Smoothed inverse document frequency of a key found in ``df`` of ``n_documents``."""
    return math.log((1 + n_documents) / (1 + df)) + 1.0


def idf_weights(document_frequency: dict[str, int], n_documents: int) -> dict[str, float]:
    """Smoothed inverse document frequency of entity keys or terms."""
    return {k: idf(df, n_documents) for k, df in document_frequency.items()}


@dataclass(slots=True)
class Weights:
    """Inverse document frequencies of entity keys and content words, held in memory.

    :class:`newsweave.pipeline.story_source.StoredWeights` gives the same weights read from the store
    for the keys asked, so that clustering never loads the store's whole vocabulary.
    """

    entities: dict[str, float] = field(default_factory=dict)
    terms: dict[str, float] = field(default_factory=dict)

    def lookup(self, entities: set[str], terms: set[str]) -> tuple[dict[str, float], dict[str, float], float]:
        """Weights of (at least) these entity keys and terms, and the weight of an unseen term:
        the highest any term has."""
        return self.entities, self.terms, max(self.terms.values(), default=1.0)


class WeightSource(Protocol):
    """Where clustering reads inverse document frequencies from (:meth:`Weights.lookup`)."""

    def lookup(self, entities: set[str], terms: set[str]) -> tuple[dict[str, float], dict[str, float], float]: ...


def _rows(bags: list[dict[str, float]], vocab: dict[str, int]) -> sparse.csr_matrix:
    """Sparse rows of weighted bags, L2-normalised; ``vocab`` grows with new keys."""
    rows, cols, vals = [], [], []
    for r, bag in enumerate(bags):
        for key, value in bag.items():
            rows.append(r)
            cols.append(vocab.setdefault(key, len(vocab)))
            vals.append(value)
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(len(bags), max(len(vocab), 1)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def _cosine(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
    n_cols = max(a.shape[1], b.shape[1])
    a, b = a.copy(), b.copy()
    a.resize((a.shape[0], n_cols))
    b.resize((b.shape[0], n_cols))
    return np.asarray((a @ b.T).toarray())


class _Space:
    """Embedding, entity and term vectors of a list of articles, rows L2-normalised."""

    def __init__(
        self,
        items: Sequence[ArticleFeatures],
        weights: WeightSource,
        vocab: dict[str, dict[str, int]],
        share_power: float = 0.0,
    ):
        self.emb = np.vstack([i.vector for i in items]).astype(np.float32)
        entity_w, term_w, rare = weights.lookup(
            {k for i in items for k in i.entities}, {t for i in items for t in i.terms}
        )
        # a group's key weighs its inverse frequency times the share of its items naming it, raised
        # to ``share_power`` (0: shares ignored)
        self.ent = _rows(
            [
                {k: entity_w.get(k, 1.0) * (i.entity_shares.get(k, 1.0) ** share_power) for k in i.entities}
                for i in items
            ],
            vocab["entities"],
        )
        # A term no other stored article has keeps the highest weight (``rare``): it cannot be
        # shared, but it keeps an article whose only shared words are generic from looking like
        # its neighbours.
        self.terms = _rows(
            [{t: (1.0 + math.log(c)) * term_w.get(t, rare) for t, c in i.terms.items()} for i in items],
            vocab["terms"],
        )
        self.ordinals = np.array([i.date.toordinal() if i.date else -1 for i in items])
        # one column per name, shared by the spaces compared (``vocab``), so rows of two spaces align
        column = vocab["names"]
        self.principals = _presence([i.principals for i in items], column)
        self.named = _presence([i.entities - i.passing for i in items], column)
        self.recalled = _presence([i.recalled for i in items], column)


def _presence(sets: list[frozenset[str]], column: dict[str, int]) -> sparse.csr_matrix:
    """Rows of 0/1: which keys each set holds, a column per key (``column`` grows with new keys)."""
    rows = [r for r, keys in enumerate(sets) for _ in keys]
    cols = [column.setdefault(k, len(column)) for keys in sets for k in keys]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), max(len(column), 1)))


def _align(a: sparse.csr_matrix, b: sparse.csr_matrix) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    n = max(a.shape[1], b.shape[1])
    a, b = a.copy(), b.copy()
    a.resize((a.shape[0], n))
    b.resize((b.shape[0], n))
    return a, b


def principal_conflict(a: _Space, b: _Space) -> np.ndarray:
    """Pairs of articles that are each mainly about people the other does not name, or names only
    in passing (:func:`passing_people`); or one of which recalls the other's principal person as
    background only (:func:`recalled_people`): a later happening that looks back on it."""
    pa, nb = _align(a.principals, b.named)
    na, pb = _align(a.named, b.principals)
    has_a = np.asarray(a.principals.sum(axis=1)).ravel() > 0
    has_b = np.asarray(b.principals.sum(axis=1)).ravel() > 0
    a_named_in_b = np.asarray((pa @ nb.T).toarray()) > 0
    b_named_in_a = np.asarray((na @ pb.T).toarray()) > 0
    pa, rb = _align(a.principals, b.recalled)
    ra, pb = _align(a.recalled, b.principals)
    recalls = np.asarray((pa @ rb.T).toarray() + (ra @ pb.T).toarray()) > 0
    return (has_a[:, None] & has_b[None, :] & ~a_named_in_b & ~b_named_in_a) | recalls


def _vocab() -> dict[str, dict[str, int]]:
    return {"entities": {}, "terms": {}, "names": {}}


def _similarity(a: _Space, b: _Space, config: Grouping) -> np.ndarray:
    cos = a.emb @ b.emb.T
    ent = _cosine(a.ent, b.ent)
    terms = _cosine(a.terms, b.terms)
    we, wt = config.entity_weight, config.term_weight
    sim = (cos + we * ent + wt * terms) / (1.0 + we + wt)
    da, db = a.ordinals[:, None], b.ordinals[None, :]
    gap = np.abs(da - db).astype(np.float32)
    known = (da >= 0) & (db >= 0)
    window = max(config.window_days, 1)
    penalty = np.where(known, np.clip((gap - window) / window * 0.1, 0, config.max_time_penalty), 0.0)
    if config.conflict_penalty and a.principals.nnz and b.principals.nnz:
        # dates tell dated articles' happenings apart; without them, who the article is about must
        penalty = penalty + np.where(~known & principal_conflict(a, b), config.conflict_penalty, 0.0)
    return sim - penalty


def similarity_matrix(
    a: Sequence[ArticleFeatures], b: Sequence[ArticleFeatures], weights: WeightSource, config: Grouping
) -> np.ndarray:
    """Combined similarity of every item of ``a`` with every item of ``b`` (as grouping compares them)."""
    vocab = _vocab()
    power = config.entity_share_power
    return _similarity(_Space(a, weights, vocab, power), _Space(b, weights, vocab, power), config)


def _group_story_linkage(
    space: _Space,
    groups: list[list[int]],
    stories: list[StoryState],
    weights: WeightSource,
    vocab: dict[str, dict[str, int]],
    config: Grouping,
) -> tuple[np.ndarray, np.ndarray]:
    """Average and highest similarity of every (new group, story) pair.

    One matrix product of new articles × story members, block-averaged per (group, story); the
    highest is a group's best single pair with one of the story's members.
    """
    if not stories:
        return np.zeros((len(groups), 0)), np.zeros((len(groups), 0))
    members = [m for s in stories for m in s.members]
    mspace = _Space(members, weights, vocab, config.entity_share_power)
    sim = _similarity(space, mspace, config)  # chunk × members
    group_of = sparse.csr_matrix(
        (
            np.ones(sum(map(len, groups))),
            ([g for g, idx in enumerate(groups) for _ in idx], [i for idx in groups for i in idx]),
        ),
        shape=(len(groups), sim.shape[0]),
    )
    owner = [k for k, s in enumerate(stories) for _ in s.members]
    story_of = sparse.csr_matrix(
        (np.ones(len(owner)), (np.arange(len(owner)), owner)), shape=(len(owner), len(stories))
    )
    totals = np.asarray(group_of @ sim @ story_of)
    sizes = np.outer([len(g) for g in groups], [len(s.members) for s in stories])
    starts = np.cumsum([0] + [len(s.members) for s in stories[:-1]])
    best_member = np.maximum.reduceat(sim, starts, axis=1)  # new article × story
    highest = np.vstack([best_member[idx].max(axis=0) for idx in groups])
    return totals / sizes, highest


@runtime_checkable
class StorySource(Protocol):
    """The stored stories clustering compares new articles with.

    :class:`MemoryStories` holds them in a list; the pipeline's source reads them from the
    store a block at a time, so that clustering never holds the whole store (undated articles
    are compared with every story).
    """

    def recent(self, window: RegroupWindow | None) -> list[tuple[ArticleFeatures, str]]:
        """Members dated within ``window``, with their story's id (none when ``window`` is None)."""
        ...

    def cores(self, window: RegroupWindow | None) -> Iterable[list[StoryState]]:
        """Each story's other members (dated outside ``window``, or undated), in blocks of stories;
        re-iterable, and a story with no such member is left out."""
        ...

    def keeping(self, ids: set[str], window: RegroupWindow | None) -> set[str]:
        """Those of ``ids`` whose story has a member dated outside ``window`` or undated."""
        ...


class MemoryStories:
    """A :class:`StorySource` over stories held in memory, as one block."""

    def __init__(self, stories: Iterable[StoryState]) -> None:
        self.stories = list(stories)

    def recent(self, window: RegroupWindow | None) -> list[tuple[ArticleFeatures, str]]:
        return split_recent(self.stories, window)[1]

    def cores(self, window: RegroupWindow | None) -> list[list[StoryState]]:
        cores = split_recent(self.stories, window)[0]
        return [cores] if cores else []

    def keeping(self, ids: set[str], window: RegroupWindow | None) -> set[str]:
        return {s.id for s in split_recent(self.stories, window)[0]} & ids


class _Choice:
    """The best story found so far for each new group: by average linkage, and by one pair."""

    def __init__(self, n_groups: int) -> None:
        self.average = np.full(n_groups, -np.inf)
        self.by_average: list[StoryState | None] = [None] * n_groups
        self.single = np.full(n_groups, -np.inf)
        self.by_single: list[StoryState | None] = [None] * n_groups

    def consider(self, linkage: np.ndarray, highest: np.ndarray, candidates: list[StoryState]) -> None:
        """Keep, per group, a candidate that beats the best so far (earlier candidates win ties)."""
        if not candidates:
            return
        rows = np.arange(linkage.shape[0])
        for values, best, stories in ((linkage, self.average, self.by_average), (highest, self.single, self.by_single)):
            k = values.argmax(axis=1)
            top = values[rows, k]
            for g in np.flatnonzero(top > best):
                best[g] = top[g]
                stories[g] = candidates[int(k[g])]

    def story(self, g: int, size: int, threshold: float) -> StoryState | None:
        """The story group ``g`` (of ``size`` articles) joins, or None for a new story."""
        if self.average[g] >= threshold:
            return self.by_average[g]
        if size == 1 and self.single[g] >= threshold:
            return self.by_single[g]
        return None


def group(
    new: Sequence[ArticleFeatures],
    stories: Iterable[StoryState],
    weights: WeightSource,
    config: Grouping,
    blocks: Iterable[list[StoryState]] = (),
) -> dict[str, str]:
    """Assign each new article to a story id: an existing story's or a new one's.

    Groups of new articles join the existing story with the highest average similarity if
    it reaches ``config.threshold``; otherwise they open a new story whose id is
    derived from its earliest member's id. Large batches are processed in time-ordered
    chunks of ``config.chunk`` articles, so memory stays bounded. Existing stories
    come from ``stories`` (held in memory) and from ``blocks``, a re-iterable of lists of
    stories read once per chunk, so that a large store is compared a block at a time; blocks
    come first, and the result does not depend on how stories are cut into blocks. A stored story
    that takes new articles is examined whole again for two happenings (:func:`_resplit`); the
    articles of a piece that leaves it are returned with their new story's id.
    """
    states = list(stories)
    held = {id(s) for s in states}  # stories whose members this call may extend in place
    added: dict[str, list[ArticleFeatures]] = {}  # new members of the stories of ``blocks``
    ordered = sorted(new, key=lambda a: (a.date or date.max, a.id))
    assignment: dict[str, str] = {}
    # groups that took a new group of articles, examined again once all are placed (_resplit); a
    # group opened by one was examined whole (split_conflicting)
    grown: dict[str, StoryState] = {}
    for start in range(0, len(ordered), config.chunk):
        chunk = ordered[start : start + config.chunk]
        vocab = _vocab()
        space = _Space(chunk, weights, vocab, config.entity_share_power)
        sim = _similarity(space, space, config)
        linked = agglomerate(sim, config.threshold)
        labels = attach_singletons(sim, split_conflicting(sim, linked, chunk, config), config.threshold)
        labels = attach_small(sim, labels, config)
        if config.merge_pieces:
            labels = merge_pieces(
                sim,
                labels,
                linked,
                config.threshold,
                partial(_join_cut, sim, chunk, config),
            )
        found: dict[int, list[int]] = {}
        for idx, label in enumerate(labels):
            found.setdefault(int(label), []).append(idx)
        groups = list(found.values())
        choice = _Choice(len(groups))
        for block in chain(blocks, [states]):  # one block of stored stories in memory at a time
            candidates = [
                StoryState(s.id, s.members + added[s.id]) if s.id in added and id(s) not in held else s
                for s in block
                if s.members
            ]
            choice.consider(*_group_story_linkage(space, groups, candidates, weights, vocab, config), candidates)
        for g, members in enumerate(groups):
            items = [chunk[i] for i in members]
            best = choice.story(g, len(members), config.threshold)
            if best is not None and config.split_share and parts_conflict(items, best.members, config):
                best = None  # another happening than the nearest group's, as a split would find
            if best is not None:
                grown[best.id] = best
            else:
                first = min(items, key=lambda a: (a.date or date.max, a.id))
                best = StoryState(id=config.prefix + stable_id("story", first.id)[:10])
                states.append(best)
                held.add(id(best))
            if id(best) in held:
                best.members.extend(items)
            else:
                added.setdefault(best.id, []).extend(items)
            for item in items:
                assignment[item.id] = best.id
    placed = set(assignment)  # the new items (a stored member is in one story: no resplit moves another's)
    for story_id, state in grown.items():
        whole = list({m.id: m for m in chain(state.members, added.get(story_id, []))}.values())
        assignment.update(_resplit(story_id, whole, placed, weights, config))
    return assignment


def _join_cut(
    sim: np.ndarray, items: Sequence[ArticleFeatures], config: Grouping, x: np.ndarray, y: np.ndarray
) -> bool:
    """Whether the splits (:func:`newsweave.cluster.conflicts.split_group`) would cut the join of
    the groups of items ``x`` and ``y`` (indices into ``items`` and ``sim``)."""
    idx = [*x, *y]
    return len(split_group(sim[np.ix_(idx, idx)], [items[i] for i in idx], config)) > 1


def _resplit(
    story_id: str, members: list[ArticleFeatures], placed: set[str], weights: WeightSource, config: Grouping
) -> dict[str, str]:
    """New ids for the members of a stored group that, grown by new articles, splits
    (:func:`newsweave.cluster.conflicts.split_group`): fed in parts, the reports of two similar
    happenings can each join the group a few at a time, too few at once to be seen apart. The
    piece holding most of the group's earlier members (those not in ``placed``) keeps its id
    (nothing is returned for it); each other piece takes an id derived from its earliest member and
    the group's id (the earliest member alone may have opened this group or another)."""
    least = min(config.split_min, config.split_min_undated or config.split_min)
    if (not config.split_share and not config.split_ratio) or not 2 * least <= len(members) <= config.chunk:
        return {}  # a group larger than a chunk is not compared whole: memory stays bounded
    pieces = split_group(similarity_matrix(members, members, weights, config), members, config)
    if len(pieces) < 2:
        return {}
    pieces.sort(key=lambda piece: (-sum(members[i].id not in placed for i in piece), -len(piece)))
    out: dict[str, str] = {}
    for piece in pieces[1:]:
        first = min((members[i] for i in piece), key=lambda a: (a.date or date.max, a.id))
        new_id = config.prefix + stable_id("story", f"{first.id}:{story_id}")[:10]
        out.update({members[i].id: new_id for i in piece})
    return out


@stage(requires=("vectors", "entities", "dates"), assigns=("events.members",))
def place(
    new: Sequence[ArticleFeatures], stories: Iterable[StoryState] | StorySource, weights: WeightSource, config: Grouping
) -> dict[str, str]:
    """Where new articles go, and the recent members of stories that move: article → story id.

    The members of ``stories`` dated within ``config.recluster_days`` of a new article
    (:class:`RegroupWindow`) are grouped again with the new articles (:meth:`StorySource.recent`, then
    :func:`group` against the stories' older members); a story re-formed from its own articles
    keeps its id (:func:`keep_story_ids`). Only articles whose story changes are returned, so a
    stream fed in parts ends close to the stories of one batch while older stories stay as they
    are. ``stories`` is a :class:`StorySource` or stories held in memory.
    """
    source = stories if isinstance(stories, StorySource) else MemoryStories(stories)
    window = RegroupWindow.around([f.date for f in new if f.date], config.recluster_days)
    again = source.recent(window)
    previous = {f.id: story_id for f, story_id in again}
    assignment = group([*new, *(f for f, _ in again)], [], weights, config, blocks=source.cores(window))
    taken = source.keeping(set(assignment.values()) | set(previous.values()), window)
    assignment = keep_story_ids(assignment, previous, taken)
    return {a: s for a, s in assignment.items() if previous.get(a) != s}


@dataclass(frozen=True)
class RegroupWindow:
    """The dates whose stored members are grouped again with new items: those within ``days`` of
    a new item's date, on either side, as sorted disjoint spans (first day, last day).

    A stream's new articles are its latest, so this is the few weeks before them, as it always
    was; an article that arrives late (an archive fed after the news) regroups the coverage
    around its own date only, never everything the store holds after it."""

    spans: tuple[tuple[date, date], ...]

    @classmethod
    def around(cls, dates: Iterable[date], days: int) -> RegroupWindow | None:
        """The window around ``dates``; None (nothing regrouped) when ``days`` is 0 or no date is known."""
        if days <= 0:
            return None
        spans: list[tuple[date, date]] = []
        reach = timedelta(days=days)
        for day in sorted(set(dates)):
            if spans and day - reach <= spans[-1][1]:
                spans[-1] = (spans[-1][0], day + reach)
            else:
                spans.append((day - reach, day + reach))
        return cls(tuple(spans)) if spans else None

    def holds(self, day: date | None) -> bool:
        """Whether a member dated ``day`` is grouped again (an undated one never is)."""
        if day is None:
            return False
        k = bisect_right(self.spans, (day, date.max)) - 1
        return k >= 0 and self.spans[k][0] <= day <= self.spans[k][1]


def split_recent(
    stories: Iterable[StoryState], window: RegroupWindow | None
) -> tuple[list[StoryState], list[tuple[ArticleFeatures, str]]]:
    """Stories cut by ``window``: each story's members dated outside it (or undated), which stay
    put, and its members dated within it, with their story's id, to be grouped again with the
    new articles. A story whose members are all within is left out of the first list: its
    articles are grouped afresh. ``window`` of ``None`` keeps every member where it is.

    Fed as a stream, a new event's first report can join a related story before its own
    coverage arrives; grouped again with that coverage, it leaves (BENCHMARKS.md).
    """
    cores: list[StoryState] = []
    again: list[tuple[ArticleFeatures, str]] = []
    for story in stories:
        fixed = []
        for m in story.members:
            if window is None or not window.holds(m.date):
                fixed.append(m)
            else:
                again.append((m, story.id))
        if fixed:
            cores.append(StoryState(story.id, fixed))
    return cores, again


def keep_story_ids(assignment: dict[str, str], previous: dict[str, str], taken: set[str]) -> dict[str, str]:
    """Give a story that grouping opened anew the id of the story most of its articles came
    from (``previous``: article → former story), unless that id is ``taken`` (a story kept in
    place) or a story with more of those articles claims it; so a story re-formed from its own
    recent articles keeps its id, and links to it stay valid."""
    members: dict[str, list[str]] = {}
    for article, story in assignment.items():
        members.setdefault(story, []).append(article)
    claims: list[tuple[int, str, str]] = []  # (articles from the former story, new id, former id)
    for story in sorted(members):
        if story in taken:
            continue
        counts = Counter(previous[a] for a in members[story] if a in previous)
        claims += [(n, story, former) for former, n in counts.items() if former not in taken]
    rename: dict[str, str] = {}
    used: set[str] = set(taken)
    for _n, story, former in sorted(claims, key=lambda c: (-c[0], c[1], c[2])):
        if story in rename or former in used:
            continue
        rename[story] = former
        used.add(former)
    for story in members:
        if story not in rename and story in used and story not in taken:
            # an id a renamed story took back: this group keeps a fresh one, derived from its own
            # earliest article (ids are derived from articles, so this cannot collide again)
            first = min(members[story])
            rename[story] = "s" + stable_id("story", first + ":" + story)[:10]
    return {a: rename.get(s, s) for a, s in assignment.items()}


# A person an article names is named in passing when their score (principal_people's) is below
# this share of the article's most mentioned person's: "earlier this year the leader met Prime
# Minister X", once, in a report about someone else. Chosen on the halves A of DUC and ECB+.
PASSING_SHARE = 0.4


def person_scores(entities: Iterable[Any], lead: int = 3) -> Counter[str]:
    """How much an article names each person (by surname key): one per mention, two in the first
    ``lead`` sentences. ``entities`` have ``text``, ``label`` and ``sentence``."""
    from newsweave.text.names import name_key

    score: Counter[str] = Counter()
    for e in entities:
        if e.label != "PERSON":
            continue
        key = name_key(e.text)
        if len(key) < 2:
            continue
        score[key.rsplit(" ", 1)[-1]] += 2 if e.sentence < lead else 1
    return score


def principal_people(entities: Iterable[Any], lead: int = 3) -> frozenset[str]:
    """The surname key of the person an article is mainly about: the most mentioned person, a
    mention in the first ``lead`` sentences counting twice; none unless it scores at least 2
    (a name mentioned once in passing is nobody's story). ``entities`` have ``text``, ``label``
    and ``sentence``."""
    score = person_scores(entities, lead)
    if not score:
        return frozenset()
    key, n = score.most_common(1)[0]
    return frozenset({key}) if n >= 2 else frozenset()


def passing_people(entities: Iterable[Any], lead: int = 3, share: float | None = None) -> frozenset[str]:
    """The surname keys of the people an article names only in passing: scored
    (:func:`person_scores`) below ``share`` (default :data:`PASSING_SHARE`) of its most mentioned person."""
    share = PASSING_SHARE if share is None else share
    score = person_scores(entities, lead)
    top = max(score.values(), default=0)
    return frozenset(k for k, n in score.items() if n < share * top)


def recalled_people(entities: Iterable[Any]) -> frozenset[str]:
    """The surname keys of the people an article names only after a background date in their
    sentences ("Earlier this year, the leader met X", "Last month X visited":
    :mod:`newsweave.text.background`): recalled, never an actor of what it reports.
    ``entities`` have ``text``, ``label``, ``sentence`` and ``start``."""
    from newsweave.text.background import background_starts, is_recalled
    from newsweave.text.names import name_key

    entities = list(entities)
    starts = background_starts(entities)
    recalled: set[str] = set()
    acting: set[str] = set()
    for e in entities:
        key = name_key(e.text) if e.label == "PERSON" else ""
        if len(key) >= 2:
            (recalled if is_recalled(e, starts) else acting).add(key.rsplit(" ", 1)[-1])
    return frozenset(recalled - acting)


def entity_keys(entities: Iterable[tuple[str, str]]) -> frozenset[str]:
    """Entity keys of an article from (text, label) pairs; a person also by surname."""
    from newsweave.text.names import name_key

    keys: Counter[str] = Counter()
    for text, label in entities:
        if label in {"DATE", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "TIME"}:
            continue
        key = name_key(text)
        if len(key) < 2:
            continue
        keys[key] += 1
        if label == "PERSON" and " " in key:
            keys[key.rsplit(" ", 1)[1]] += 1
    return frozenset(keys)
