"""Stable ids: the same for the same content on every machine."""

from __future__ import annotations

import hashlib


def stable_id(*parts: str) -> str:
    """A short id that is the same for the same content on every machine."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]
