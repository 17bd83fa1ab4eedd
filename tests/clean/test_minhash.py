"""The near-duplicate index's own MinHash and band layout give what datasketch gives."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from newsweave.clean.minhash import band_layout, minhash


def test_signatures_are_datasketchs_affine32_minhash_value_for_value():
    rng = random.Random(3)
    words = [f"w{i}" for i in range(300)]
    for size in (0, 1, 2, 17, 400):
        shingles = {" ".join(rng.choices(words, k=3)).encode("utf-8") for _ in range(size)}
        for num_perm in (16, 128):
            theirs = MinHash(num_perm=num_perm, scheme="affine32")
            theirs.update_batch(list(shingles))
            ours = minhash(shingles, num_perm)
            assert ours.dtype == np.uint64 and len(ours) == num_perm
            assert np.array_equal(ours, np.asarray(theirs.hashvalues, dtype=np.uint64)), (size, num_perm)


def test_similar_sets_share_most_values_and_different_ones_few():
    base = {f"shingle {i}".encode() for i in range(200)}
    near = set(list(base)[:190]) | {f"other {i}".encode() for i in range(10)}
    far = {f"far {i}".encode() for i in range(200)}
    same = float(np.mean(minhash(base) == minhash(near)))
    assert same > 0.8 and float(np.mean(minhash(base) == minhash(far))) < 0.1


def test_the_band_layout_is_the_split_datasketch_chooses():
    for num_perm in (16, 64, 128, 256):
        for threshold in np.arange(0.1, 0.96, 0.05):
            t = round(float(threshold), 2)
            assert band_layout(t, num_perm) == _optimal_param(t, num_perm, 0.5, 0.5), (t, num_perm)


def test_a_threshold_outside_zero_to_one_is_refused():
    import pytest

    for wrong in (-0.2, 1.5):
        with pytest.raises(ValueError):
            band_layout(wrong, 128)
    with pytest.raises(ValueError):
        band_layout(0.5, 0)
