"""The store's connection: opening a store file, its pragmas, migrations, and write transactions.

Keeps the ``settings`` table (what a store records of how it was built, such as the vector
model) and gives every part of the store what they share: the connection, :meth:`StoreBase.writing`
(one write transaction, retried while another process writes), :meth:`StoreBase._rows_in` (an
``IN`` list read 500 keys at a time) and :meth:`StoreBase.count`. The tables themselves are kept
by the mixins that make up :class:`newsweave.store.store.Store`.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import numpy as np

from newsweave.errors import Errors, NewsweaveError
from newsweave.store.schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)

READ_MMAP_BYTES = 1 << 30  # address space, not memory: pages come from the OS page cache
READ_CACHE_KIB = 32 * 1024
IN_CHUNK = 500  # keys of an ``IN`` list per query: under SQLite's limit on parameters

_LOCK_TRIES = 5  # each waits the connection's timeout (30 s) for another writer to finish


def now() -> str:
    """The current UTC time as an ISO string, to the second (the store's timestamps)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def blob(vector: Iterable[float] | np.ndarray) -> bytes:
    """A vector as it is stored: float32 bytes."""
    return np.asarray(vector, dtype=np.float32).tobytes()


def vector(stored: bytes | None) -> np.ndarray | None:
    """A stored vector read back (``None`` stays ``None``)."""
    return None if stored is None else np.frombuffer(stored, dtype=np.float32)


def _statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one by one (a trigger's body stays whole)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending
            pending = ""
    if pending.strip():
        yield pending


class _Connection(sqlite3.Connection):
    """A connection whose ``with conn:`` blocks join the write transaction of :meth:`StoreBase.writing`
    when one is open (it commits or rolls back), instead of committing it half done."""

    held = 0

    def __exit__(self, *exc: Any) -> Any:
        if self.held:
            return False
        return super().__exit__(*exc)


class StoreBase:
    """The connection to one SQLite store file and what every part of the store shares."""

    def __init__(self, path: str | Path = "newsweave.db", *, readonly: bool = False) -> None:
        """Open (creating and migrating) the store at ``path``.

        ``readonly=True`` opens an existing store for reading only, as the web server does for
        every request thread: nothing is created or migrated, and writes fail.
        """
        self.path = str(path)
        self.readonly = readonly
        try:
            if readonly:
                if not Path(self.path).is_file():
                    raise sqlite3.OperationalError("no such file")
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, timeout=30, factory=_Connection)
        except sqlite3.Error as exc:
            raise NewsweaveError(Errors.E006, path=self.path, detail=str(exc)) from exc
        self.conn.row_factory = sqlite3.Row
        try:
            if readonly:
                self.conn.execute("PRAGMA query_only=ON")
                # readers map the file (no copy per page read) and keep more pages than the default 2 MB
                self.conn.execute(f"PRAGMA mmap_size={READ_MMAP_BYTES}")
                self.conn.execute(f"PRAGMA cache_size=-{READ_CACHE_KIB}")
                if self.schema_version != SCHEMA_VERSION:
                    raise NewsweaveError(
                        Errors.E007, path=self.path, found=self.schema_version, supported=SCHEMA_VERSION
                    )
                return
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise NewsweaveError(Errors.E006, path=self.path, detail=str(exc)) from exc
        except NewsweaveError:
            self.conn.close()
            raise

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def backup(self, path: str | Path) -> None:
        """Copy the whole store, as it is now, to the SQLite file at ``path`` (replacing what that
        file held; consistent even while another connection writes: SQLite's online backup).
        Refused for the store's own file."""
        if self.path != ":memory:" and Path(path).resolve() == Path(self.path).resolve():
            raise ValueError(f"{path} is the store itself: back it up to another file")
        target = sqlite3.connect(str(path))
        try:
            self.conn.backup(target)
        finally:
            target.close()

    @property
    def schema_version(self) -> int:
        """The schema version the store file records (``PRAGMA user_version``)."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise NewsweaveError(Errors.E003, path=self.path, found=version, supported=SCHEMA_VERSION)
        for target in range(version + 1, SCHEMA_VERSION + 1):
            if self.conn.in_transaction:
                self.conn.commit()
            self.conn.execute("BEGIN IMMEDIATE")  # two processes opening a new store: one migrates it
            try:
                if self.schema_version >= target:  # the other one did, meanwhile
                    self.conn.commit()
                    continue
                for statement in _statements(MIGRATIONS[target]):
                    self.conn.execute(statement)
                self._fill_migrated(target)
                self.conn.execute(f"PRAGMA user_version={target}")
                self.conn.commit()
            except BaseException:
                self.conn.rollback()
                raise
            log.debug("store %s migrated to schema %d", self.path, target)

    def _fill_migrated(self, target: int) -> None:
        """Fill what migration ``target`` added from what is stored (inside its transaction)."""

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction, its lock taken at the start (``BEGIN IMMEDIATE``), for work that
        reads the store to decide what to write: another process writing the same store waits
        (and is retried), so two ingests of one input end with the store one ingest gives. The
        store's own transactions inside it join it; it commits at the end, or rolls back."""
        conn = self.conn
        if not isinstance(conn, _Connection) or conn.held:
            if isinstance(conn, _Connection):
                conn.held += 1
            try:
                yield
            finally:
                if isinstance(conn, _Connection):
                    conn.held -= 1
            return
        if conn.in_transaction:
            conn.commit()
        for attempt in range(_LOCK_TRIES):
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:  # "database is locked": still busy after the timeout
                if attempt == _LOCK_TRIES - 1 or "locked" not in str(exc):
                    raise
                log.info("store %s is busy; waiting for the other writer", self.path)
                time.sleep(0.1 * (attempt + 1))
        conn.held = 1
        try:
            yield
        except BaseException:
            conn.held = 0
            conn.rollback()
            raise
        conn.held = 0
        conn.commit()

    # -- shared reads ------------------------------------------------------------------------
    def _rows_in(self, query: str, keys: Iterable[Any], before: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
        """Rows of ``query`` (whose ``{marks}`` is the ``IN`` list) for ``keys``, 500 at a time (SQLite's
        limit on parameters); ``before`` are the parameters ahead of the list."""
        wanted = list(keys)
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            yield from self.conn.execute(query.format(marks=",".join("?" * len(chunk))), [*before, *chunk]).fetchall()

    def count(self, where: str = "1") -> int:
        """How many stored articles meet the SQL condition ``where`` (all by default)."""
        return int(self.conn.execute(f"SELECT COUNT(*) FROM articles WHERE {where}").fetchone()[0])

    # -- settings ----------------------------------------------------------------------------
    def setting(self, key: str) -> str | None:
        """A recorded setting of the store (``None`` when never recorded)."""
        row = self.conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def save_setting(self, key: str, value: str) -> None:
        """Record setting ``key`` as ``value`` (replacing what was recorded)."""
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
