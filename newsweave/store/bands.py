"""The store's near-duplicate index: each article's MinHash signature and its band keys.

Keeps ``signatures`` (an article's MinHash signature as bytes), ``minhash_bands`` (the
signature cut into bands, one key per band: articles sharing a band key are candidate
near-duplicates) and ``minhash_layout`` (how many bands of how many rows the keys were cut
with). :class:`newsweave.clean.dedup.StoredBands` reads and writes them through these methods.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from newsweave.store.connection import StoreBase


class BandStore(StoreBase):
    """MinHash signatures and band keys of stored articles (mixed into the Store)."""

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
        """How many articles have a signature."""
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
