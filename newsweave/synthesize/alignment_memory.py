"""The quote pairs a story's last writing found to be one statement, kept for its next writing.

Whether two quotes are one statement depends on the two quotes alone: their words, their
speakers, their articles and the embeddings of their sentences (:mod:`~newsweave.synthesize.alignment`).
A story written again as it grows holds the quotes it held before and some new ones: the pairs
of the old quotes are what they were, and only the pairs with a new quote need scoring. A
:class:`KeptPairs` records the quotes a writing compared (each by :func:`quote_identity`: its
article, place, words and speaker) and the pairs it found to be one statement; the store keeps
it under the story's id and a :func:`pairs_version` naming the code and settings that decided
(:mod:`~newsweave.runtime.code_digest`), so a change to either compares everything again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newsweave.runtime import code_digest as code

DECIDED_BY = "newsweave.synthesize.alignment"
DATA_ONLY = ("newsweave.records", "newsweave.text.parse")
_ID_BYTES = 8


@dataclass(frozen=True)
class KeptPairs:
    """The quotes one writing compared (their :func:`quote_identity`, in its order) and the pairs
    of them (indexes into ``quotes``, larger first) it found to be one statement."""

    quotes: tuple[bytes, ...] = ()
    pairs: tuple[tuple[int, int], ...] = ()


def quote_identity(
    article: str, start: int, end: int, text: str, speaker_key: str | None, day: int | None = None
) -> bytes:
    """What makes a quote the same in two writings of a story: its article, where it stands, its
    words, the key of its speaker (a quote whose speaker the story names otherwise is another) and
    its article's day (an ordinal; meaning pairs are kept within days)."""
    digest = hashlib.blake2b(digest_size=_ID_BYTES)
    for part in (article, str(start), str(end), text, speaker_key or "", "" if day is None else str(day)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.digest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the code that decides whether two quotes are one statement."""
    modules = code.imported_modules([DECIDED_BY], data_only=DATA_ONLY)
    return code.code_digest(modules, code.rule_files(modules))


def pairs_version(overlap: float, cosine: float, vectors: str) -> str:
    """The kind the store keeps a story's pairs under: this code, the thresholds and the maker of
    the vectors compared (``vectors``: the store's vectors identity)."""
    return f"quote pairs {code_digest()} {overlap!r} {cosine!r} {vectors}"


def encode_pairs(kept: KeptPairs) -> bytes:
    """``kept`` as bytes: the count of quotes, their identities, then the pairs as 32-bit indexes."""
    count = np.array([len(kept.quotes)], dtype="<u4").tobytes()
    pairs = np.array(kept.pairs, dtype="<u4").reshape(-1, 2).tobytes()
    return count + b"".join(kept.quotes) + pairs


def decode_pairs(data: bytes) -> KeptPairs:
    """The :class:`KeptPairs` :func:`encode_pairs` made bytes of (empty when they are malformed)."""
    if len(data) < 4:
        return KeptPairs()
    count = int(np.frombuffer(data[:4], dtype="<u4")[0])
    end = 4 + count * _ID_BYTES
    rest = len(data) - end
    if rest < 0 or rest % 8:
        return KeptPairs()
    quotes = tuple(data[4 + i * _ID_BYTES : 4 + (i + 1) * _ID_BYTES] for i in range(count))
    pairs = np.frombuffer(data[end:], dtype="<u4").reshape(-1, 2)
    if len(pairs) and int(pairs.max()) >= count:
        return KeptPairs()
    return KeptPairs(quotes, tuple((int(a), int(b)) for a, b in pairs))
