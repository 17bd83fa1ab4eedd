"""The SQLite store, the source of truth of a project: SQL lives only in this package."""

from newsweave.store.store import Store

__all__ = ["Store"]
