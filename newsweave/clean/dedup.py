"""Near-duplicate articles (syndicated wire copy, re-published articles) with MinHash LSH.

An article whose body shares most of its word shingles with a stored article is kept once:
the first one stored is the article, later ones are recorded as its copies with their own
outlet, source and text (nothing is lost, and coverage still counts them).

The LSH index is kept behind one small interface, as datasketch keeps its own behind storage
backends: :class:`MemoryBands` for the articles of one batch, and a store's band table
(:class:`StoredBands`) for everything stored. Each signature is cut into ``b``
bands of ``r`` hash values (the optimal split for the threshold: :mod:`~newsweave.clean.minhash`); two articles are
candidates when any band is equal, and a candidate is a copy when the signatures' estimated
Jaccard similarity reaches the threshold. The stored index lives in SQLite beside the
signatures, so a look-up reads a few index pages and nothing is loaded into memory at start:
memory does not grow with the store (5 KB per article with datasketch's in-memory index).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import numpy as np

from newsweave.clean.minhash import band_layout, minhash
from newsweave.records import Article, stage

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(article: Article, size: int = 3) -> set[bytes]:
    """The article's body as a set of ``size``-word shingles (lower-cased)."""
    words = _WORD.findall(" ".join(ln.text for ln in article.body).lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def band_keys(hashvalues: np.ndarray, layout: tuple[int, int]) -> list[int]:
    """One 63-bit key per band of a signature (a hash of the band's values, so equal bands
    give equal keys; a rare collision only adds a candidate, which the Jaccard check drops)."""
    bands, rows = layout
    values = np.asarray(hashvalues, dtype=np.uint64)
    return [
        int.from_bytes(hashlib.blake2b(values[i * rows : (i + 1) * rows].tobytes(), digest_size=8).digest(), "big") >> 1
        for i in range(bands)
    ]


class BandStorage(Protocol):
    """Where an LSH index keeps its bands and signatures."""

    def insert(self, rows: Sequence[tuple[str, np.ndarray, list[int]]]) -> None:
        """Index ``(key, hash values, band keys)`` rows; a key already indexed is left as it is."""

    def candidates(self, bands: list[int]) -> list[str]:
        """Keys that share at least one band (in order: band ``i`` of ``bands`` is band ``i``)."""

    def hashvalues(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The signatures of ``keys`` that are indexed."""

    def __len__(self) -> int: ...


class MemoryBands:
    """Bands and signatures in dictionaries: an index for one batch of articles."""

    def __init__(self) -> None:
        self._tables: dict[tuple[int, int], list[str]] = {}
        self._values: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._values)

    def insert(self, rows: Sequence[tuple[str, np.ndarray, list[int]]]) -> None:
        for key, values, bands in rows:
            if key in self._values:
                continue
            self._values[key] = values
            for band, band_key in enumerate(bands):
                self._tables.setdefault((band, band_key), []).append(key)

    def candidates(self, bands: list[int]) -> list[str]:
        found: dict[str, None] = {}
        for band, band_key in enumerate(bands):
            found.update(dict.fromkeys(self._tables.get((band, band_key), ())))
        return list(found)

    def hashvalues(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return {k: self._values[k] for k in keys if k in self._values}


class StoredBands:
    """The band storage of a newsweave store (:class:`newsweave.store.store.Store`): band keys in its
    ``minhash_bands`` table, signatures in ``signatures``, written in the store's transactions.

    A store whose bands were cut with another layout (an older store, or another
    ``near_duplicate_threshold``) is indexed again from its signatures when opened.
    """

    def __init__(self, store: Any, layout: tuple[int, int]) -> None:
        self.store = store
        self.layout = layout
        if store.minhash_layout() != layout:
            done = store.rebuild_minhash_bands(layout, lambda blob: band_keys(from_bytes(blob), layout))
            if done:
                log.info("near-duplicate index: %d stored signatures cut into %d bands of %d", done, *layout)

    def __len__(self) -> int:
        return int(self.store.signature_count())

    def insert(self, rows: Sequence[tuple[str, np.ndarray, list[int]]]) -> None:
        self.store.index_signatures((key, values.tobytes(), bands) for key, values, bands in rows)

    def candidates(self, bands: list[int]) -> list[str]:
        return list(self.store.minhash_candidates(bands))

    def hashvalues(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return {key: from_bytes(blob) for key, blob in self.store.signatures_of(keys).items()}


class NearDuplicates:
    """A MinHash LSH index of article bodies: :meth:`signature`, :meth:`find`, :meth:`add`.

    ``threshold`` is the Jaccard similarity of shingle sets above which two bodies are the same
    article; ``num_perm`` the number of hash permutations (more is more exact and slower);
    ``storage`` where the index lives (in memory unless given, e.g. a store's band table).
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128, storage: BandStorage | None = None) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.layout = band_layout(threshold, num_perm)
        self.storage: BandStorage = storage if storage is not None else MemoryBands()

    @classmethod
    def stored(cls, store: Any, threshold: float = 0.8, num_perm: int = 128) -> NearDuplicates:
        """The index of every article in ``store`` (kept in the store, not in memory)."""
        return cls(threshold, num_perm, StoredBands(store, band_layout(threshold, num_perm)))

    def __len__(self) -> int:
        return len(self.storage)

    def signature(self, article: Article) -> np.ndarray:
        """The MinHash of an article's body (:func:`~newsweave.clean.minhash.minhash`)."""
        return minhash(shingles(article), self.num_perm)

    @stage(requires=("articles",), assigns=("copies",))
    def find(self, signature: np.ndarray) -> tuple[str, float] | None:
        """The indexed article most similar to ``signature`` above the threshold, with its similarity."""
        values = np.asarray(signature, dtype=np.uint64)
        candidates = self.storage.candidates(band_keys(values, self.layout))
        best: tuple[str, float] | None = None
        for key, other in self.storage.hashvalues(candidates).items():
            if len(other) != len(values):  # made with another num_perm: not comparable
                continue
            similarity = float(np.count_nonzero(values == other)) / len(values)
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (key, similarity)
        return best

    def add(self, article_id: str, signature: np.ndarray) -> None:
        """Index an article's signature (an id already indexed is left as it is)."""
        self.add_many([(article_id, signature)])

    def add_many(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        """Index several signatures at once (one transaction for a stored index)."""
        rows = []
        for article_id, signature in items:
            values = np.asarray(signature, dtype=np.uint64)
            rows.append((article_id, values, band_keys(values, self.layout)))
        if rows:
            self.storage.insert(rows)

    def load(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """Index stored signatures (``(article_id, hash values as bytes)``)."""
        items = []
        for article_id, blob in rows:
            values = from_bytes(blob)
            if len(values) == self.num_perm:
                items.append((article_id, values, band_keys(values, self.layout)))
        if items:
            self.storage.insert(items)

    @staticmethod
    def to_bytes(signature: np.ndarray) -> bytes:
        return np.asarray(signature, dtype=np.uint64).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    """Hash values of a signature stored with :meth:`NearDuplicates.to_bytes`."""
    return np.frombuffer(blob, dtype=np.uint64)
