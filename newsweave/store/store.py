"""The SQLite store: the source of truth of a newsweave project.

One file (default ``./newsweave.db``), WAL mode, foreign keys on, a schema version with
migrations. Ingest is idempotent (an article is stored once: by URL when it has one, else
by the hash of its normalised text) and every write is one transaction, so an interrupted
run leaves the store consistent and a re-run finishes the job: each stage picks up what
is not done yet (articles not annotated, not in a story, stories not synthesised).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from newsweave.clean.article import countable_line_keys
from newsweave.errors import Errors, NewsweaveError
from newsweave.records import (
    Actor,
    Annotation,
    Article,
    Citation,
    Entity,
    Line,
    QuoteVariant,
    Role,
    Sentence,
    Story,
    StoryQuote,
    SummarySentence,
    TimelineEntry,
)
from newsweave.store.groups import GroupingStore
from newsweave.store.schema import MIGRATIONS, SCHEMA_VERSION
from newsweave.text.names import name_key

log = logging.getLogger(__name__)

READ_MMAP_BYTES = 1 << 30  # address space, not memory: pages come from the OS page cache
READ_CACHE_KIB = 32 * 1024


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _blob(vector: Iterable[float] | np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def _text_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _vector(blob: bytes | None) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype=np.float32)


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
    """A connection whose ``with conn:`` blocks join the write transaction of :meth:`Store.writing`
    when one is open (it commits or rolls back), instead of committing it half done."""

    held = 0

    def __exit__(self, *exc: Any) -> Any:
        if self.held:
            return False
        return super().__exit__(*exc)


_LOCK_TRIES = 5  # each waits the connection's timeout (30 s) for another writer to finish


class Store(GroupingStore):
    """A newsweave store in one SQLite file. Use as a context manager or call :meth:`close`."""

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
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @property
    def schema_version(self) -> int:
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
                if target == 4:  # stories written before the index: index them now
                    for row in self.conn.execute("SELECT data FROM stories WHERE data IS NOT NULL").fetchall():
                        self._index_story(story_from_dict(json.loads(row[0])))
                self.conn.execute(f"PRAGMA user_version={target}")
                self.conn.commit()
            except BaseException:
                self.conn.rollback()
                raise
            log.debug("store %s migrated to schema %d", self.path, target)

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

    # -- ingest ------------------------------------------------------------------------------
    def add_articles(self, articles: Iterable[Article]) -> tuple[list[str], list[str]]:
        """Store new articles in one transaction; return (added ids, ids of duplicates)."""
        added: list[str] = []
        duplicates: list[str] = []
        with self.conn:
            for article in articles:
                existing = self._find_existing(article)
                if existing:
                    duplicates.append(existing)
                    continue
                article_id = article.id
                if self.conn.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone():
                    article_id = f"{article.id}~{article.content_hash[:8]}"
                    log.warning(
                        "%s: id %s is taken by another article; stored as %s", article.source, article.id, article_id
                    )
                    article.id = article_id
                self.conn.execute(
                    "INSERT INTO articles (id, source, url, content_hash, title, outlet, published, language,"
                    " raw_text, lines, ingested_at, published_source, published_evidence)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        article_id,
                        article.source,
                        article.url,
                        article.content_hash,
                        article.title,
                        article.outlet,
                        article.published,
                        article.language,
                        article.raw_text,
                        json.dumps([asdict(ln) for ln in article.lines], ensure_ascii=False),
                        _now(),
                        article.published_source,
                        json.dumps(article.published_evidence, ensure_ascii=False),
                    ),
                )
                added.append(article_id)
                if article.outlet:
                    self.conn.executemany(
                        "INSERT INTO line_counts (outlet, line_key, articles) VALUES (?,?,1)"
                        " ON CONFLICT(outlet, line_key) DO UPDATE SET articles=articles+1",
                        [(article.outlet, key) for key in countable_line_keys(article)],
                    )
        return added, duplicates

    def _find_existing(self, article: Article) -> str | None:
        if article.url:
            row = self.conn.execute("SELECT id FROM articles WHERE url=?", (article.url,)).fetchone()
            if row:
                return str(row[0])
        row = self.conn.execute(
            "SELECT id FROM articles WHERE content_hash=? AND (url IS NULL OR ? IS NULL)",
            (article.content_hash, article.url),
        ).fetchone()
        return str(row[0]) if row else None

    def is_stored(self, article: Article) -> str | None:
        """The id of the stored article (or of the original of a stored copy) that ``article`` repeats.

        The same URL, or the same text from the same source or outlet, is the same article
        ingested again; the same text from another outlet is a copy, not a repeat.
        """
        if article.url:
            for sql in ("SELECT id FROM articles WHERE url=?", "SELECT original_id FROM copies WHERE url=?"):
                row = self.conn.execute(sql, (article.url,)).fetchone()
                if row:
                    return str(row[0])
        for sql in (
            "SELECT id FROM articles WHERE content_hash=? AND (source=? OR outlet IS ?)",
            "SELECT original_id FROM copies WHERE content_hash=? AND (source=? OR outlet IS ?)",
        ):
            row = self.conn.execute(sql, (article.content_hash, article.source, article.outlet)).fetchone()
            if row:
                return str(row[0])
        return None

    def _id_taken(self, item_id: str) -> bool:
        return bool(
            self.conn.execute(
                "SELECT 1 FROM copies WHERE id=? UNION ALL SELECT 1 FROM articles WHERE id=?", (item_id, item_id)
            ).fetchone()
        )

    def add_copies(self, copies: Iterable[tuple[Article, str, float]]) -> list[str]:
        """Record articles as copies of stored ones (``(copy, original id, similarity)``), in one transaction.

        A copy whose id is taken (wire copies of one text have the same id, made from it) is
        stored as ``ID~XXXXXXXX``, the suffix made from its source and outlet, so that every copy
        is kept and the same input gives the same ids; ``ID~XXXXXXXX-2`` … if that is taken too.
        """
        added = []
        originals = set()
        with self.conn:
            for copy, original, similarity in copies:
                originals.add(original)
                copy_id = copy.id
                if self._id_taken(copy_id):
                    where = "\x1f".join((copy.source, copy.outlet or "", copy.url or "", copy.content_hash))
                    base = f"{copy.id}~{hashlib.sha1(where.encode('utf-8')).hexdigest()[:8]}"
                    copy_id, n = base, 1
                    while self._id_taken(copy_id):
                        n += 1
                        copy_id = f"{base}-{n}"
                cursor = self.conn.execute(
                    "INSERT OR IGNORE INTO copies (id, original_id, source, url, content_hash, title, outlet,"
                    " published, similarity, raw_text, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        copy_id,
                        original,
                        copy.source,
                        copy.url,
                        copy.content_hash,
                        copy.title,
                        copy.outlet,
                        copy.published,
                        round(similarity, 4),
                        copy.raw_text,
                        _now(),
                    ),
                )
                if cursor.rowcount:
                    added.append(copy_id)
            for original in originals:  # coverage changed: rewrite the story
                self.conn.execute(
                    "UPDATE stories SET dirty=1 WHERE id=(SELECT story_id FROM articles WHERE id=?)", (original,)
                )
        return added

    def copies(self, original_ids: Iterable[str]) -> list[dict[str, Any]]:
        """The copies of the given articles: id, copy_of, source, url, title, outlet, published, similarity."""
        ids = list(original_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            "SELECT id, original_id, source, url, title, outlet, published, similarity FROM copies"
            f" WHERE original_id IN ({marks}) ORDER BY published, id",
            ids,
        ).fetchall()
        return [
            {
                "id": r["id"],
                "copy_of": r["original_id"],
                "source": r["source"],
                "url": r["url"],
                "title": r["title"],
                "outlet": r["outlet"],
                "published": r["published"],
                "similarity": r["similarity"],
            }
            for r in rows
        ]

    def knows_url(self, url: str) -> bool:
        """Whether an article or a copy with this URL is stored (so it need not be fetched)."""
        for table in ("articles", "copies"):
            if self.conn.execute(f"SELECT 1 FROM {table} WHERE url=?", (url,)).fetchone():
                return True
        return False

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """ETag and Last-Modified of the last fetch of ``url``."""
        row = self.conn.execute("SELECT etag, last_modified FROM http_validators WHERE url=?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO http_validators (url, etag, last_modified, fetched_at) VALUES (?,?,?,?)",
                (url, etag, last_modified, _now()),
            )

    def _rows_in(self, query: str, keys: Iterable[Any], before: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
        """Rows of ``query`` (whose ``{marks}`` is the ``IN`` list) for ``keys``, 500 at a time (SQLite's
        limit on parameters); ``before`` are the parameters ahead of the list."""
        wanted = list(keys)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            yield from self.conn.execute(query.format(marks=",".join("?" * len(chunk))), [*before, *chunk]).fetchall()

    # -- near-duplicate index (newsweave/dedup.py) -------------------------------------------
    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """Every stored article's MinHash signature."""
        for row in self.conn.execute("SELECT article_id, minhash FROM signatures"):
            yield str(row[0]), bytes(row[1])

    def signatures_of(self, article_ids: Iterable[str]) -> dict[str, bytes]:
        """The stored signatures of ``article_ids`` (those that have one)."""
        rows = self._rows_in("SELECT article_id, minhash FROM signatures WHERE article_id IN ({marks})", article_ids)
        return {str(row[0]): bytes(row[1]) for row in rows}

    def unsigned(self) -> list[str]:
        """Ids of stored articles without a signature (a run stopped between storing them and
        indexing them)."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.article_id=articles.id)"
        )
        return [str(r[0]) for r in rows]

    def signature_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM signatures").fetchone()[0])

    def minhash_layout(self) -> tuple[int, int] | None:
        """Bands and rows per band of the stored band keys (``None`` before the index was built)."""
        row = self.conn.execute("SELECT bands, rows FROM minhash_layout").fetchone()
        return (int(row[0]), int(row[1])) if row else None

    def index_signatures(self, rows: Iterable[tuple[str, bytes, list[int]]]) -> None:
        """Store ``(article id, signature, band keys)`` rows in one transaction; an article that
        has a signature already keeps it (ingest is idempotent)."""
        with self.conn:
            for article_id, blob, bands in rows:
                cursor = self.conn.execute(
                    "INSERT OR IGNORE INTO signatures (article_id, minhash) VALUES (?,?)", (article_id, blob)
                )
                if cursor.rowcount:
                    self.conn.executemany(
                        "INSERT OR IGNORE INTO minhash_bands (band, key, article_id) VALUES (?,?,?)",
                        [(band, key, article_id) for band, key in enumerate(bands)],
                    )

    def rebuild_minhash_bands(self, layout: tuple[int, int], bands_of: Callable[[bytes], list[int]]) -> int:
        """Cut every stored signature into bands again with ``bands_of``, in one transaction, and
        record ``layout``; returns the number of signatures indexed."""
        done = 0
        with self.conn:
            self.conn.execute("DELETE FROM minhash_bands")
            self.conn.execute("DELETE FROM minhash_layout")
            reader = self.conn.execute("SELECT article_id, minhash FROM signatures")
            while rows := reader.fetchmany(1000):
                self.conn.executemany(
                    "INSERT OR IGNORE INTO minhash_bands (band, key, article_id) VALUES (?,?,?)",
                    [(band, key, str(r[0])) for r in rows for band, key in enumerate(bands_of(bytes(r[1])))],
                )
                done += len(rows)
            self.conn.execute("INSERT INTO minhash_layout (bands, rows) VALUES (?,?)", layout)
        return done

    def minhash_candidates(self, bands: list[int]) -> list[str]:
        """Articles with at least one band key equal to ``bands`` (band ``i`` is ``bands[i]``)."""
        if not bands:
            return []
        query = " UNION ".join(["SELECT article_id FROM minhash_bands WHERE band=? AND key=?"] * len(bands))
        params = [v for band, key in enumerate(bands) for v in (band, key)]
        return [str(r[0]) for r in self.conn.execute(query, params)]

    # -- articles ----------------------------------------------------------------------------
    def _article(self, row: sqlite3.Row) -> Article:
        return Article(
            id=row["id"],
            source=row["source"],
            raw_text=row["raw_text"],
            lines=[Line(**ln) for ln in json.loads(row["lines"])],
            title=row["title"],
            outlet=row["outlet"],
            published=row["published"],
            url=row["url"],
            language=row["language"],
            content_hash=row["content_hash"],
            published_source=row["published_source"],
            published_evidence=json.loads(row["published_evidence"] or "[]"),
        )

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return self._article(row) if row else None

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Articles by id (in the order given), or all, oldest first."""
        if ids is None:
            rows = self.conn.execute("SELECT * FROM articles ORDER BY published, id").fetchall()
            return [self._article(r) for r in rows]
        found = {a.id: a for a in (self.article(i) for i in ids) if a}
        return list(found.values())

    def count(self, where: str = "1") -> int:
        return int(self.conn.execute(f"SELECT COUNT(*) FROM articles WHERE {where}").fetchone()[0])

    def pending_annotation(self, chunk: int = 256) -> Iterator[Article]:
        """Stream the articles not yet annotated, in chunks (bounded memory)."""
        last = ""
        while True:
            rows = self.conn.execute(
                "SELECT * FROM articles WHERE annotated=0 AND id>? ORDER BY id LIMIT ?", (last, chunk)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._article(row)
            last = rows[-1]["id"]

    def line_counts(self, outlet: str, keys: Iterable[str]) -> tuple[dict[str, int], int]:
        """How many of ``outlet``'s articles have each line (by key), and how many it has in all."""
        rows = self._rows_in(
            "SELECT line_key, articles FROM line_counts WHERE outlet=? AND line_key IN ({marks})", keys, [outlet]
        )
        counts = {str(r[0]): int(r[1]) for r in rows}
        total = int(self.conn.execute("SELECT COUNT(*) FROM articles WHERE outlet=?", (outlet,)).fetchone()[0])
        return counts, total

    def update_lines(self, article: Article) -> None:
        """Store an article's re-classified lines (the raw text is never changed)."""
        with self.conn:
            self.conn.execute(
                "UPDATE articles SET lines=? WHERE id=?",
                (json.dumps([asdict(ln) for ln in article.lines], ensure_ascii=False), article.id),
            )

    def save_annotations(self, annotations: Iterable[Annotation], keys: dict[str, frozenset[str]]) -> int:
        """Store sentences, entities and vectors of a batch in one transaction."""
        n = 0
        with self.conn:
            for ann in annotations:
                self.conn.execute("DELETE FROM sentences WHERE article_id=?", (ann.article_id,))
                self.conn.execute("DELETE FROM entities WHERE article_id=?", (ann.article_id,))
                self.conn.executemany(
                    'INSERT INTO sentences (article_id, idx, kind, text, start, "end") VALUES (?,?,?,?,?,?)',
                    [(s.article_id, s.index, s.kind, s.text, s.start, s.end) for s in ann.sentences],
                )
                self.conn.executemany(
                    'INSERT INTO entities (article_id, sentence, text, label, start, "end", value)'
                    " VALUES (?,?,?,?,?,?,?)",
                    [(e.article_id, e.sentence, e.text, e.label, e.start, e.end, e.value) for e in ann.entities],
                )
                self.conn.executemany(
                    "INSERT INTO entity_df (key, df) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET df=df+1",
                    [(k,) for k in keys.get(ann.article_id, frozenset())],
                )
                self.conn.executemany(
                    "INSERT INTO term_df (term, df) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df=df+1",
                    [(t,) for t in ann.terms],
                )
                self.conn.execute(
                    "UPDATE articles SET annotated=1, vector=?, terms=? WHERE id=?",
                    (_blob(ann.vector), json.dumps(ann.terms), ann.article_id),
                )
                n += 1
        return n

    def sentences(self, article_id: str) -> list[Sentence]:
        rows = self.conn.execute(
            'SELECT article_id, idx, kind, text, start, "end" FROM sentences WHERE article_id=? ORDER BY idx',
            (article_id,),
        ).fetchall()
        return [Sentence(r[0], r[1], r[3], r[2], r[4], r[5]) for r in rows]

    def entities(self, article_id: str) -> list[Entity]:
        rows = self.conn.execute(
            'SELECT article_id, sentence, text, label, start, "end", value FROM entities WHERE article_id=?'
            " ORDER BY start",
            (article_id,),
        ).fetchall()
        return [Entity(*tuple(r)) for r in rows]

    def sentence_vectors(self, article_id: str) -> dict[int, np.ndarray]:
        rows = self.conn.execute(
            "SELECT idx, vector FROM sentences WHERE article_id=? AND vector IS NOT NULL", (article_id,)
        ).fetchall()
        return {int(r[0]): _vector(r[1]) for r in rows}  # type: ignore[misc]

    def save_sentence_vectors(self, vectors: dict[tuple[str, int], np.ndarray]) -> None:
        """Cache sentence embeddings computed during synthesis."""
        with self.conn:
            self.conn.executemany(
                "UPDATE sentences SET vector=? WHERE article_id=? AND idx=?",
                [(_blob(v), a, i) for (a, i), v in vectors.items()],
            )

    # -- settings and vectors ----------------------------------------------------------------
    def setting(self, key: str) -> str | None:
        """A recorded setting of the store (``None`` when never recorded)."""
        row = self.conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def save_setting(self, key: str, value: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))

    def forget_vectors(self, key: str, value: str) -> None:
        """Start over with vectors of another model, atomically: clear every article and
        sentence vector, take every article out of its story (stories are grouped again with
        the new vectors) and record ``value`` as setting ``key``. The documents' vectors are then
        made again a block at a time (:meth:`without_vector`), so an interrupted run resumes."""
        with self.conn:
            self.conn.execute("UPDATE articles SET vector=NULL, story_id=NULL, event_id=NULL")
            self.conn.execute("DELETE FROM events")
            self.conn.execute("UPDATE sentences SET vector=NULL WHERE vector IS NOT NULL")
            self.conn.execute("DELETE FROM text_vectors")
            self._delete_empty_stories()
            self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))

    def text_vectors(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those of ``texts`` that have one."""
        by_hash = {_text_hash(t): t for t in texts}
        rows = self._rows_in("SELECT hash, vector FROM text_vectors WHERE hash IN ({marks})", by_hash)
        return {by_hash[bytes(row[0])]: np.frombuffer(row[1], dtype=np.float32) for row in rows}

    def save_text_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO text_vectors (hash, vector) VALUES (?, ?)",
                [(_text_hash(t), _blob(v)) for t, v in vectors.items()],
            )

    def without_vector(self) -> list[str]:
        """Ids of annotated articles that have no document vector (after :meth:`forget_vectors`)."""
        rows = self.conn.execute(
            # the partial index holds only such articles: no article row (text first) is read
            "SELECT id FROM articles INDEXED BY articles_without_vector"
            " WHERE annotated=1 AND vector IS NULL ORDER BY id"
        )
        return [str(r[0]) for r in rows]

    def save_article_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        with self.conn:
            self.conn.executemany(
                "UPDATE articles SET vector=? WHERE id=?", [(_blob(v), a) for a, v in vectors.items()]
            )

    def article_vector(self, article_id: str) -> np.ndarray | None:
        row = self.conn.execute("SELECT vector FROM articles WHERE id=?", (article_id,)).fetchone()
        return _vector(row[0]) if row else None

    def entity_df(self) -> tuple[dict[str, int], int]:
        """Document frequency of entity keys and the number of annotated articles."""
        df = {str(r[0]): int(r[1]) for r in self.conn.execute("SELECT key, df FROM entity_df")}
        return df, self.count("annotated=1")

    def frequencies(self, table: str, keys: Iterable[str]) -> dict[str, int]:
        """Document frequencies of ``keys`` (those stored) from ``entity_df`` or ``term_df``."""
        column = {"entity_df": "key", "term_df": "term"}[table]
        rows = self._rows_in(f"SELECT {column}, df FROM {table} WHERE {column} IN ({{marks}})", keys)
        return {str(r[0]): int(r[1]) for r in rows}

    def rarest_term_df(self) -> int | None:
        """The lowest document frequency of any stored content word (None before annotation)."""
        row = self.conn.execute("SELECT MIN(df) FROM term_df").fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def terms(self, article_id: str) -> dict[str, int]:
        """Content-word counts of an article (empty before annotation)."""
        row = self.conn.execute("SELECT terms FROM articles WHERE id=?", (article_id,)).fetchone()
        return dict(json.loads(row[0])) if row and row[0] else {}

    def term_df(self) -> dict[str, int]:
        """Document frequency of content words over the annotated articles."""
        return {str(r[0]): int(r[1]) for r in self.conn.execute("SELECT term, df FROM term_df")}

    def unassigned(self) -> list[str]:
        """Ids of annotated articles not yet in an event."""
        rows = self.conn.execute("SELECT id FROM articles WHERE annotated=1 AND event_id IS NULL ORDER BY id")
        return [str(r[0]) for r in rows]

    # -- stories -----------------------------------------------------------------------------
    def story_ids(self, since: str | None = None) -> list[str]:
        """Ids of stories, optionally only those whose coverage reaches ``since`` or is undated."""
        if since is None:
            rows = self.conn.execute("SELECT id FROM stories ORDER BY id")
        else:
            rows = self.conn.execute(
                "SELECT id FROM stories WHERE last_date IS NULL OR last_date>=? ORDER BY id", (since,)
            )
        return [str(r[0]) for r in rows]

    def member_dates(self, story_id: str) -> list[tuple[str, str | None]]:
        """A story's articles as (id, published date or None), oldest first."""
        rows = self.conn.execute(
            "SELECT id, published FROM articles WHERE story_id=? ORDER BY published, id", (story_id,)
        )
        return [(str(r[0]), r[1]) for r in rows]

    def story_members(self, story_id: str) -> list[str]:
        """Ids of a story's articles, oldest first."""
        return [article for article, _ in self.member_dates(story_id)]

    def assign(self, assignment: dict[str, str]) -> None:
        """Put articles into stories (creating them) and mark those stories dirty, atomically;
        a story an article leaves is marked dirty too (it is deleted at the next synthesis if
        no article is left in it)."""
        now = _now()
        query = "SELECT id, story_id FROM articles WHERE id IN ({marks}) AND story_id IS NOT NULL"
        left = {str(r[1]) for r in self._rows_in(query, assignment) if assignment[str(r[0])] != r[1]}
        with self.conn:
            for story_id in sorted(left):
                self.conn.execute("UPDATE stories SET dirty=1, updated_at=? WHERE id=?", (now, story_id))
            for story_id in sorted(set(assignment.values())):
                self.conn.execute(
                    "INSERT INTO stories (id, dirty, created_at, updated_at) VALUES (?, 1, ?, ?)"
                    " ON CONFLICT(id) DO UPDATE SET dirty=1, updated_at=excluded.updated_at",
                    (story_id, now, now),
                )
            self.conn.executemany("UPDATE articles SET story_id=? WHERE id=?", [(s, a) for a, s in assignment.items()])
            for story_id in set(assignment.values()) | left:
                self.conn.execute(
                    "UPDATE stories SET first_date=(SELECT MIN(published) FROM articles WHERE story_id=?),"
                    " last_date=(SELECT MAX(published) FROM articles WHERE story_id=?) WHERE id=?",
                    (story_id, story_id, story_id),
                )

    def undated_in_changed_stories(self) -> list[tuple[str, str]]:
        """(article id, story id) of the articles whose publication date is unknown, in the
        stories changed since they were last written."""
        rows = self.conn.execute(
            "SELECT a.id, a.story_id FROM articles a JOIN stories s ON s.id=a.story_id"
            " WHERE a.published IS NULL AND s.dirty=1 ORDER BY a.id"
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def set_published(
        self, article_id: str, value: str | None, source: str | None, evidence: list[str], dates: list[Entity]
    ) -> None:
        """Give an article a publication date (``None``: unknown) and the temporal expressions resolved
        against it (``dates`` replace its DATE entities), and mark its story for rewriting, atomically."""
        with self.conn:
            self.conn.execute(
                "UPDATE articles SET published=?, published_source=?, published_evidence=? WHERE id=?",
                (value, source, json.dumps(evidence, ensure_ascii=False), article_id),
            )
            self.conn.execute("DELETE FROM entities WHERE article_id=? AND label='DATE'", (article_id,))
            self.conn.executemany(
                'INSERT INTO entities (article_id, sentence, text, label, start, "end", value) VALUES (?,?,?,?,?,?,?)',
                [(e.article_id, e.sentence, e.text, e.label, e.start, e.end, e.value) for e in dates],
            )
            self.conn.execute(
                "UPDATE stories SET dirty=1 WHERE id=(SELECT story_id FROM articles WHERE id=?)", (article_id,)
            )

    def forget_dates_outside(self, earliest: str, latest: str) -> list[tuple[str, str, str, bool]]:
        """Forget the publication dates before ``earliest`` or after ``latest`` (ISO dates) of the
        stored articles and copies (a store written before such dates were refused), marking their
        stories for rewriting, in one transaction. Returns (id, source, date, annotated article) of each."""
        outside = "published IS NOT NULL AND (published<? OR published>?)"
        bounds = (earliest, latest)
        with self.conn:
            found = [
                (str(r[0]), str(r[1]), str(r[2]), bool(r[3]))
                for r in self.conn.execute(
                    f"SELECT id, source, published, annotated FROM articles WHERE {outside}"
                    f" UNION ALL SELECT id, source, published, 0 FROM copies WHERE {outside}",
                    bounds * 2,
                )
            ]
            if found:
                self.conn.execute(
                    f"UPDATE stories SET dirty=1 WHERE id IN (SELECT story_id FROM articles WHERE {outside})"
                    " OR id IN (SELECT story_id FROM articles WHERE id IN"
                    f" (SELECT original_id FROM copies WHERE {outside}))",
                    bounds * 2,
                )
                self.conn.execute(f"UPDATE articles SET published=NULL, published_source=NULL WHERE {outside}", bounds)
                self.conn.execute(f"UPDATE copies SET published=NULL WHERE {outside}", bounds)
        return found

    def dirty_stories(self) -> list[str]:
        return [str(r[0]) for r in self.conn.execute("SELECT id FROM stories WHERE dirty=1 ORDER BY id")]

    def mark_all_dirty(self) -> None:
        with self.conn:
            self.conn.execute("UPDATE stories SET dirty=1")
            self.conn.execute("UPDATE events SET dirty=1")

    def save_story(self, story: Story) -> None:
        """Store what was written for a story, index it for browsing and search, and mark it clean."""
        with self.conn:
            self.conn.execute(
                "UPDATE stories SET data=?, dirty=0, updated_at=?, first_date=?, last_date=? WHERE id=?",
                (json.dumps(story.to_dict(), ensure_ascii=False), _now(), story.first_date, story.last_date, story.id),
            )
            self._index_story(story)

    def _index_story(self, story: Story) -> None:
        """Write a story's list row, search row and actors (inside the caller's transaction)."""
        self.conn.execute(
            "INSERT OR REPLACE INTO story_list (id, title, first_date, last_date, n_articles, n_outlets)"
            " VALUES (?,?,?,?,?,?)",
            (
                story.id,
                story.title or "",
                story.first_date,
                story.last_date,
                len(story.article_ids),
                story.outlet_count,
            ),
        )
        self.conn.execute("INSERT OR IGNORE INTO story_rows (story_id) VALUES (?)", (story.id,))
        row = int(self.conn.execute("SELECT row FROM story_rows WHERE story_id=?", (story.id,)).fetchone()[0])
        self.conn.execute("DELETE FROM stories_fts WHERE rowid=?", (row,))
        summary = "\n".join(s.text for s in story.summary)
        self.conn.execute(
            "INSERT INTO stories_fts (rowid, title, summary) VALUES (?,?,?)", (row, story.title or "", summary)
        )
        self.conn.execute("DELETE FROM story_actors WHERE story_id=?", (story.id,))
        actors: dict[str, tuple[str, str, int]] = {}
        for actor in story.actors:
            key = name_key(actor.name)
            if key and key not in actors:
                actors[key] = (actor.name, actor.type, actor.mentions)
        self.conn.executemany(
            "INSERT INTO story_actors (story_id, key, surname, name, type, mentions) VALUES (?,?,?,?,?,?)",
            # a person can be named by surname alone; an organisation is not ("party", "ministry")
            [
                (story.id, key, key.rsplit(" ", 1)[-1] if values[1] == "person" else "", *values)
                for key, values in actors.items()
            ],
        )

    def delete_empty_stories(self) -> None:
        with self.conn:
            self._delete_empty_stories()

    def _delete_empty_stories(self) -> None:
        """Delete the stories no article is in (inside the caller's transaction)."""
        empty = (
            "SELECT id FROM stories WHERE id NOT IN (SELECT DISTINCT story_id FROM articles WHERE story_id IS NOT NULL)"
        )
        self.conn.execute(
            f"DELETE FROM stories_fts WHERE rowid IN (SELECT row FROM story_rows WHERE story_id IN ({empty}))"
        )
        self.conn.execute(f"DELETE FROM story_rows WHERE story_id IN ({empty})")
        self.conn.execute(f"DELETE FROM stories WHERE id IN ({empty})")

    def stories(self) -> list[Story]:
        """All synthesised stories, most covered first."""
        rows = self.conn.execute("SELECT data FROM stories WHERE data IS NOT NULL").fetchall()
        stories = [story_from_dict(json.loads(r[0])) for r in rows]
        return sorted(stories, key=lambda s: (-len(s.article_ids), s.last_date or "", s.id))

    def story(self, story_id: str) -> Story | None:
        row = self.conn.execute("SELECT data FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        return story_from_dict(json.loads(row[0]))


def story_from_dict(data: dict[str, Any]) -> Story:
    """Rebuild a :class:`Story` from its ``stories.json`` form."""

    def cites(items: list[dict[str, Any]]) -> list[Citation]:
        return [Citation(c["article"], int(c["sentence"])) for c in items]

    return Story(
        id=data["id"],
        article_ids=list(data.get("articles", [])),
        title=data.get("title", ""),
        outlets=list(data.get("outlets", [])),
        unknown_outlets=int(data.get("unknown_outlets", 0)),
        first_date=data.get("first_date"),
        last_date=data.get("last_date"),
        summary=[
            SummarySentence(s["text"], cites(s["citations"]), s.get("date"), int(s.get("outlets", 0)))
            for s in data.get("summary", [])
        ],
        timeline=[TimelineEntry(t["date"], t["text"], cites(t["citations"])) for t in data.get("timeline", [])],
        actors=[
            Actor(
                a["name"],
                a["type"],
                list(a["aliases"]),
                int(a["mentions"]),
                int(a.get("articles", 0)),
                [Role(r["title"], r.get("as_of"), cites(r.get("citations", []))) for r in a.get("roles", [])],
            )
            for a in data.get("actors", [])
        ],
        copies=list(data.get("copies", [])),
        events=[dict(e) for e in data.get("events", [])],
        quotes=[
            StoryQuote(
                q.get("speaker"),
                q["text"],
                cites(q.get("citations", [])),
                [QuoteVariant(v["text"], cites(v.get("citations", []))) for v in q.get("variants", [])],
                q.get("kind", "direct"),
            )
            for q in data.get("quotes", [])
        ],
        coverage={
            "claims": data.get("claims", []),
            "unique": data.get("unique_claims", {}),
            "disagreements": data.get("disagreements", []),
            "matrix": data.get("coverage_matrix", {}),
        },
    )
