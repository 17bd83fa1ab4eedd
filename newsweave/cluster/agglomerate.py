"""Average-linkage grouping of items by a similarity matrix, and the clean-ups after it: an item
left alone, or a group of a few, joins the group it is clearly nearest to; the pieces a split
left merge again by average linkage. Functions of the matrix and the labels only (the grouping of
:mod:`newsweave.cluster.stories` calls them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np
from scipy import sparse

from newsweave.config import Grouping


def average_tree(sim: np.ndarray) -> np.ndarray:
    """SciPy's average-linkage tree over items with similarities ``sim`` (distance 1 - similarity)."""
    from scipy.cluster.hierarchy import linkage

    distance = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    rows, cols = np.triu_indices(sim.shape[0], k=1)
    return np.asarray(linkage(distance[rows, cols], method="average"))


def agglomerate(sim: np.ndarray, threshold: float) -> np.ndarray:
    """Cluster labels of average-linkage clustering of items with similarities ``sim``, merging
    while the clusters' average distance (1 - similarity) is below ``1 - threshold``: the groups
    scikit-learn's ``AgglomerativeClustering(linkage="average", metric="precomputed",
    distance_threshold=1 - threshold)`` makes (it builds the same SciPy tree), without importing
    scikit-learn (1.5-2 s of CPU per process)."""
    from scipy.cluster.hierarchy import fcluster

    if sim.shape[0] == 1:
        return np.zeros(1, dtype=int)
    tree = average_tree(sim)
    # scikit-learn keeps the merges strictly below its threshold; fcluster those at or below t
    return fcluster(tree, t=np.nextafter(1.0 - threshold, -np.inf), criterion="distance") - 1


def attach_singletons(sim: np.ndarray, labels: np.ndarray, threshold: float) -> np.ndarray:
    """Move each article left alone to the group of its nearest article if they reach ``threshold``."""
    sizes = Counter(int(label) for label in labels)
    nearest = np.where(np.eye(len(labels), dtype=bool), -np.inf, sim)
    moved = labels.copy()
    for i, label in enumerate(labels):
        if sizes[int(label)] != 1 or len(labels) < 2:
            continue
        j = int(np.argmax(nearest[i]))
        if nearest[i, j] >= threshold and sizes[int(labels[j])] > 1:
            moved[i] = labels[j]
    return moved


def attach_small(sim: np.ndarray, labels: np.ndarray, config: Grouping) -> np.ndarray:
    """Move each group of at most ``config.small_most`` items to the group of more items it is on
    average most similar to, when that reaches ``config.small_share`` times the threshold and beats
    the next such group by more than ``config.small_margin`` (of two groups as near, neither).
    Every move is judged on ``labels`` as given (a group that moves takes no other with it)."""
    if not config.small_most:
        return labels
    members = {int(g): np.flatnonzero(labels == g) for g in np.unique(labels)}
    moved = labels.copy()
    for idx in members.values():
        n = len(idx)
        if n > config.small_most:
            continue
        near = sorted(
            ((float(sim[np.ix_(idx, other)].mean()), h) for h, other in members.items() if len(other) > n),
            reverse=True,
        )
        if not near:
            continue
        value, target = near[0]
        runner_up = near[1][0] if len(near) > 1 else -np.inf
        if value >= config.small_share * config.threshold and value - runner_up > config.small_margin:
            moved[idx] = target
    return moved


def merge_pieces(
    sim: np.ndarray,
    labels: np.ndarray,
    origin: np.ndarray,
    threshold: float,
    keep_apart: Callable[[np.ndarray, np.ndarray], bool] | None = None,
) -> np.ndarray:
    """Labels with groups merged again by average linkage where a split left pieces: while two
    groups' average similarity reaches ``threshold``, the nearest two merge, unless a split cut
    them from one group (``origin``: each item's group before the splits) or ``keep_apart`` (given
    the two groups' item indices) says they tell two happenings.

    Average linkage leaves no two groups that reach the threshold; a split can. A group that
    average linkage built from two happenings took one of them from the group it was nearest to
    after its own (the first reports of a broad event, joined to a neighbour before its later
    reports); cut out again, that piece is offered to every group, as average linkage would
    have offered it."""
    keys = [int(k) for k in np.unique(labels)]
    if len(keys) < 2:
        return labels
    column = np.searchsorted(keys, labels)
    members = [np.flatnonzero(column == k) for k in range(len(keys))]
    origins = [{int(o) for o in origin[idx]} for idx in members]
    onehot = sparse.csr_matrix((np.ones(len(labels)), (np.arange(len(labels)), column)), shape=(len(labels), len(keys)))
    totals = np.asarray((onehot.T @ (onehot.T @ sim).T).T)  # summed similarity of every two groups
    sizes = np.bincount(column, minlength=len(keys)).astype(float)
    gone = np.zeros(len(keys), dtype=bool)
    refused: set[tuple[int, int]] = set()
    out = labels.copy()
    while True:
        average = totals / np.outer(sizes, sizes)
        np.fill_diagonal(average, -np.inf)
        average[gone, :] = -np.inf
        average[:, gone] = -np.inf
        for a, b in refused:
            average[a, b] = average[b, a] = -np.inf
        a, b = (int(k) for k in np.unravel_index(int(np.argmax(average)), average.shape))
        if average[a, b] < threshold:
            return out
        if origins[a] & origins[b] or (keep_apart is not None and keep_apart(members[a], members[b])):
            refused.add((min(a, b), max(a, b)))
            continue
        # b joins a, which is judged afresh against every group
        members[a] = np.concatenate([members[a], members[b]])
        origins[a] |= origins[b]
        out[members[b]] = keys[a]
        totals[a, :] += totals[b, :]
        totals[:, a] += totals[:, b]
        sizes[a] += sizes[b]
        gone[b] = True
        refused = {pair for pair in refused if a not in pair and b not in pair}
