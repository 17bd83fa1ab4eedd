"""MinHash signatures and the LSH band layout of the near-duplicate index, computed here.

A signature is what datasketch's ``MinHash`` (version 2, scheme ``affine32``, seed 1) makes of
the same shingles, value for value: each shingle is hashed by the first four bytes of its SHA-1,
mixed by MurmurHash3's 32-bit finalizer, and moved by ``num_perm`` odd affine maps modulo 2^32;
a signature keeps each map's least value (Broder, "On the resemblance and containment of
documents", 1997). The band layout is the split into ``b`` bands of ``r`` rows that datasketch's
``MinHashLSH`` chooses: the one minimising the sum of the false positive and false negative
probabilities over the Jaccard threshold (Leskovec, Rajaraman and Ullman, *Mining of Massive
Datasets*, ch. 3), integrated here by Gauss-Legendre quadrature over all splits at once.

Computed here because importing datasketch imports SciPy's integration package with it (about
0.2-0.4 s of every ``newsweave run`` that stores an article, measured idle), and because the store's signatures
must stay comparable whatever a later datasketch chooses by default (its 2.0 changed the
default scheme). ``tests/clean/test_minhash.py`` checks both against datasketch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

SEED = 1
EMPTY = np.uint32(0xFFFFFFFF)  # the value of a map no shingle reached


@lru_cache(maxsize=8)
def _maps(num_perm: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """The affine maps ``h -> a h + b`` (mod 2^32), ``a`` odd, drawn as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, a bijection that spreads structured hash values."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash(shingles: Iterable[bytes], num_perm: int = 128) -> np.ndarray:
    """The MinHash signature (``num_perm`` values, as unsigned 64-bit integers) of a set of shingles."""
    hashes = [int.from_bytes(hashlib.sha1(s).digest()[:4], "little") for s in shingles]
    if not hashes:
        return np.full(num_perm, EMPTY, dtype=np.uint64)
    a, b = _maps(num_perm)
    mixed = _fmix32(np.array(hashes, dtype=np.uint32)).reshape(-1, 1)
    with np.errstate(over="ignore"):
        permuted = mixed * a + b
    return permuted.min(axis=0).astype(np.uint64)


@lru_cache(maxsize=16)
def band_layout(threshold: float, num_perm: int, nodes: int = 64) -> tuple[int, int]:
    """Bands and rows per band for ``threshold``: of every ``b`` bands of ``r`` rows (``b r <=
    num_perm``), the one with the least false positive plus false negative probability, each the
    integral of the chance two signatures of similarity ``s`` share a band, below ``threshold``
    (``1 - (1 - s^r)^b``) and its complement above it. A threshold outside [0, 1] is refused
    (``ValueError``); one band is allowed (datasketch refuses fewer than two)."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"a Jaccard threshold is between 0 and 1, not {threshold}")
    if num_perm < 1:
        raise ValueError(f"a signature has at least one hash value, not {num_perm}")
    x, w = np.polynomial.legendre.leggauss(nodes)
    splits = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)], dtype=float)
    bands, rows = splits[:, :1], splits[:, 1:]
    below = (x + 1) * threshold / 2
    above = threshold + (x + 1) * (1 - threshold) / 2
    false_positive = (1 - (1 - below[None, :] ** rows) ** bands) @ w * threshold / 2
    false_negative = ((1 - above[None, :] ** rows) ** bands) @ w * (1 - threshold) / 2
    best = int(np.argmin(false_positive + false_negative))
    return int(splits[best, 0]), int(splits[best, 1])
