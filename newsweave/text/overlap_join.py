"""Every pair of word sets whose overlap reaches a threshold, without scoring every pair.

The overlap of two sets is the share of the smaller one's words found in the other,
``|x ∩ y| / min(|x|, |y|)``. Quote alignment asks for every pair of a story's quotes that
reaches a threshold; a story of thousands of quotes has millions of pairs, almost all far below.

The join is the prefix filter of all-pairs similarity search (Bayardo, Ma and Srikant, "Scaling
up all pairs similarity search", WWW 2007): order the vocabulary rarest first; if the smaller set
``x`` needs ``a`` shared words to reach the threshold, at least one of them is among its first
``|x| - a + 1`` words, its prefix. So only the pairs where the smaller set's prefix meets the
other set are candidates (one sparse product over rare words), and only those are counted
exactly. The result is the same as scoring every pair.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

_CANDIDATE_ROWS = 2048  # prefix rows per sparse product (the candidates of a block are held at once)


def shared_words_needed(sizes: np.ndarray, floor: float) -> np.ndarray:
    """The fewest shared words with which a set of each size reaches ``floor``, by the same float
    division the score uses (``shared / size >= floor``); more than the size when none does."""
    sizes = np.asarray(sizes, dtype=np.float64)
    need = np.ceil(floor * sizes)
    need = np.where((need > 1) & ((need - 1) / np.maximum(sizes, 1) >= floor), need - 1, need)
    need = np.where(need / np.maximum(sizes, 1) < floor, need + 1, need)
    return np.maximum(need, 1).astype(np.int64)


def _prefixes(sets: sparse.csr_matrix, keep: np.ndarray) -> sparse.csr_matrix:
    """Each row's first ``keep`` words, rarest first (ties by column), as binary rows."""
    frequency = np.asarray((sets > 0).sum(axis=0)).ravel()
    rank = np.empty(len(frequency), dtype=np.int64)
    rank[np.lexsort((np.arange(len(frequency)), frequency))] = np.arange(len(frequency))
    counts = np.diff(sets.indptr)
    rows = np.repeat(np.arange(sets.shape[0]), counts)
    order = np.lexsort((rank[sets.indices], rows))  # within each row, rarest first
    position = np.arange(len(order)) - np.repeat(sets.indptr[:-1], counts)
    chosen = order[position < np.repeat(keep, counts)]
    data = np.ones(len(chosen), dtype=np.float64)
    return sparse.csr_matrix((data, (rows[chosen], sets.indices[chosen])), shape=sets.shape)


def overlap_join(sets: sparse.csr_matrix, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs (i, j), i != j, each once, of the rows of ``sets`` whose overlap reaches ``floor``
    (0 < floor <= 1): (i, j, overlap). A row is the set of its columns holding a nonzero (its
    values are not weights); empty rows reach nothing."""
    sets = sparse.csr_matrix(sets, dtype=np.float64, copy=True)
    sets.sum_duplicates()
    sets.eliminate_zeros()
    sets.data[:] = 1.0
    sizes = np.diff(sets.indptr).astype(np.int64)
    need = shared_words_needed(sizes, floor)
    keep = np.where(need <= sizes, sizes - need + 1, 0)
    prefix = _prefixes(sets, keep)
    other = sets.T.tocsc()
    out_i, out_j, out_v = [], [], []
    for start in range(0, sets.shape[0], _CANDIDATE_ROWS):
        met = (prefix[start : start + _CANDIDATE_ROWS] @ other).tocoo()
        i, j = met.row.astype(np.int64) + start, met.col.astype(np.int64)
        # the smaller set's prefix decides; of two sets of one size, the lower index's
        smaller = (sizes[i] < sizes[j]) | ((sizes[i] == sizes[j]) & (i < j))
        i, j = i[smaller], j[smaller]
        if not len(i):
            continue
        shared = np.asarray(sets[i].multiply(sets[j]).sum(axis=1)).ravel()
        score = shared / np.minimum(sizes[i], sizes[j])
        hit = score >= floor
        out_i.append(i[hit])
        out_j.append(j[hit])
        out_v.append(score[hit])
    if not out_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_v)
