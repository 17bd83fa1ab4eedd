"""Near-duplicate articles (syndicated wire copy, re-published articles) with MinHash LSH.

An article whose body shares most of its word shingles with a stored article is kept once:
the first one stored is the article, later ones are recorded as its copies with their own
outlet, source and text (nothing is lost, and coverage still counts them). Signatures are kept
in the store, so the index is rebuilt from it and ingest stays incremental.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np

from .records import Article

_WORD = re.compile(r"\w+", re.UNICODE)
_SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures are only comparable within one


def shingles(article: Article, size: int = 3) -> set[bytes]:
    """The article's body as a set of ``size``-word shingles (lower-cased)."""
    words = _WORD.findall(" ".join(ln.text for ln in article.body).lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class NearDuplicates:
    """A MinHash LSH index of article bodies: :meth:`signature`, :meth:`find`, :meth:`add`.

    ``threshold`` is the Jaccard similarity of shingle sets above which two bodies are the same
    article; ``num_perm`` the number of hash permutations (more is more exact and slower).
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh: Any = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, Any] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def signature(self, article: Article) -> Any:
        """The MinHash of an article's body."""
        from datasketch import MinHash

        minhash = MinHash(num_perm=self.num_perm, scheme=_SCHEME)
        minhash.update_batch(list(shingles(article)))
        return minhash

    def find(self, signature: Any) -> tuple[str, float] | None:
        """The indexed article most similar to ``signature`` above the threshold, with its similarity."""
        best: tuple[str, float] | None = None
        for key in self._lsh.query(signature):
            similarity = float(signature.jaccard(self._signatures[key]))
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (key, similarity)
        return best

    def add(self, article_id: str, signature: Any) -> None:
        """Index an article's signature (an id already indexed is left as it is)."""
        if article_id in self._signatures:
            return
        self._lsh.insert(article_id, signature)
        self._signatures[article_id] = signature

    def load(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """Index stored signatures (``(article_id, hash values as bytes)``)."""
        from datasketch import MinHash

        for article_id, blob in rows:
            values = np.frombuffer(blob, dtype=np.uint64)
            if len(values) == self.num_perm:
                self.add(article_id, MinHash(num_perm=self.num_perm, hashvalues=values, scheme=_SCHEME))

    @staticmethod
    def to_bytes(signature: Any) -> bytes:
        return np.asarray(signature.hashvalues, dtype=np.uint64).tobytes()
