"""The prefix-filtered overlap join finds exactly the pairs that scoring every pair finds."""

from __future__ import annotations

import random

import numpy as np
from scipy import sparse

from newsweave.text.overlap_join import overlap_join, shared_words_needed


def _random_sets(rng: random.Random, n: int, vocabulary: int) -> list[set[int]]:
    # a skewed vocabulary (a few words in most sets) and some empty and repeated sets
    sets = []
    for _ in range(n):
        size = rng.choice([0, 1, 2, 3, 5, 8, 13, 20])
        sets.append({min(int(rng.expovariate(0.15)), vocabulary - 1) for _ in range(size)})
    return sets + sets[:5]


def _matrix(sets: list[set[int]], vocabulary: int) -> sparse.csr_matrix:
    rows = [r for r, s in enumerate(sets) for _ in s]
    cols = [c for s in sets for c in s]
    return sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(sets), vocabulary))


def test_the_join_finds_every_pair_that_reaches_the_floor_and_no_other():
    for seed in range(4):
        rng = random.Random(seed)
        sets = _random_sets(rng, 120, 60)
        for floor in (0.3, 0.5, 0.65, 0.8, 1.0):
            i, j, score = overlap_join(_matrix(sets, 60), floor)
            got = {(min(a, b), max(a, b)): v for a, b, v in zip(i.tolist(), j.tolist(), score.tolist(), strict=True)}
            assert len(got) == len(i)  # each pair once
            expected = {}
            for a in range(len(sets)):
                for b in range(a + 1, len(sets)):
                    if sets[a] and sets[b]:
                        value = len(sets[a] & sets[b]) / min(len(sets[a]), len(sets[b]))
                        if value >= floor:
                            expected[(a, b)] = value
            assert got == expected, (seed, floor)
            assert expected  # the draw has pairs to find


def test_the_shared_words_needed_are_the_fewest_that_reach_the_floor():
    sizes = np.arange(1, 40)
    for floor in (0.3, 0.5, 0.65, 0.8, 1.0):
        need = shared_words_needed(sizes, floor)
        assert all(n / s >= floor and (n == 1 or (n - 1) / s < floor) for n, s in zip(need, sizes, strict=True))


def test_a_row_is_the_set_of_its_nonzero_columns_whatever_their_values():
    # row 0 holds column 1 twice and a stored zero in column 2: the set {0, 1}
    rows = sparse.csr_matrix(([1.0, 1.0, 1.0, 0.0, 1.0, 1.0], ([0, 0, 0, 0, 1, 1], [0, 1, 1, 2, 1, 2])), shape=(2, 3))
    weighted = sparse.csr_matrix(np.array([[3.0, 0.5, 0.0], [0.0, 2.0, 7.0]]))
    for sets in (rows, weighted):
        i, j, score = overlap_join(sets, 0.5)
        assert [(int(a), int(b), float(v)) for a, b, v in zip(i, j, score, strict=True)] == [(0, 1, 0.5)]
