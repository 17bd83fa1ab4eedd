"""The store's articles: their text and lines, their copies, publication dates and line counts.

Keeps the ``articles`` rows as ingest made them (raw text, classified lines, outlet, date),
the ``copies`` (near-duplicates of a stored article, kept for coverage but not annotated), and
``line_counts``: per outlet (or, for articles without one, per file read), how many of its articles
carry each short line, which tells an outlet's recurring boilerplate from its prose. Ingest is
idempotent: an article is stored once, by URL when it has one, else by the hash of its normalised text.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from newsweave.records import Article, Entity, Line, boilerplate_group, group_file, plain
from newsweave.store.connection import StoreBase, now

log = logging.getLogger(__name__)

# an untitled article's first standfirst or body line (its label), from its stored lines
OPENING_LINE_SQL = (
    "CASE WHEN a.title IS NULL THEN (SELECT json_extract(value, '$.text') FROM json_each(a.lines)"
    " WHERE json_extract(value, '$.kind') IN ('dek', 'body')"
    " ORDER BY json_extract(value, '$.kind') = 'body', CAST(key AS INTEGER) LIMIT 1) END"
)


def _lines_json(article: Article) -> str:
    return json.dumps([plain(ln) for ln in article.lines], ensure_ascii=False)


FILE_ARTICLES = ""  # the line key under which a file's group counts its articles


class ArticleStore(StoreBase):
    """Articles, copies, publication dates and per-outlet line counts (mixed into the Store)."""

    # -- ingest ------------------------------------------------------------------------------
    def add_articles(
        self, articles: Iterable[Article], line_keys: Iterable[Iterable[str]] | None = None
    ) -> tuple[list[str], list[str]]:
        """Store new articles in one transaction; return (added ids, ids of duplicates).

        ``line_keys`` gives, for each article in turn, the keys of its lines to count for its
        outlet (those short enough to be boilerplate; see :meth:`line_counts`), or, when its outlet
        is unknown, for the file it was read from (:func:`~newsweave.records.boilerplate_group`);
        without it, no line is counted.
        """
        added: list[str] = []
        duplicates: list[str] = []
        keyed = zip(articles, line_keys, strict=True) if line_keys is not None else ((a, ()) for a in articles)
        with self.conn:
            for article, keys in keyed:
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
                        _lines_json(article),
                        now(),
                        article.published_source,
                        json.dumps(article.published_evidence, ensure_ascii=False),
                    ),
                )
                added.append(article_id)
                group = boilerplate_group(article)
                # a file's group counts its articles under the empty key (an outlet's are counted
                # from the articles table)
                counted = [*keys, FILE_ARTICLES] if group_file(group) is not None else list(keys)
                self.conn.executemany(
                    "INSERT INTO line_counts (outlet, line_key, articles) VALUES (?,?,1)"
                    " ON CONFLICT(outlet, line_key) DO UPDATE SET articles=articles+1",
                    [(group, key) for key in counted],
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

    def knows_url(self, url: str) -> bool:
        """Whether an article or a copy with this URL is stored (so it need not be fetched)."""
        for table in ("articles", "copies"):
            if self.conn.execute(f"SELECT 1 FROM {table} WHERE url=?", (url,)).fetchone():
                return True
        return False

    # -- copies ------------------------------------------------------------------------------
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
                        now(),
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

    def original_of(self, copy_id: str) -> str | None:
        """The id of the article that the copy ``copy_id`` copies (``None`` when there is no such copy)."""
        row = self.conn.execute("SELECT original_id FROM copies WHERE id=?", (copy_id,)).fetchone()
        return None if row is None else str(row[0])

    # -- reading articles --------------------------------------------------------------------
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
        """A stored article (``None`` when there is none with this id)."""
        row = self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return self._article(row) if row else None

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Articles by id (in the order given), or all, oldest first."""
        if ids is None:
            rows = self.conn.execute("SELECT * FROM articles ORDER BY published, id").fetchall()
            return [self._article(r) for r in rows]
        wanted = list(dict.fromkeys(ids))
        found = {r["id"]: r for r in self._rows_in("SELECT * FROM articles WHERE id IN ({marks})", wanted)}
        return [self._article(found[i]) for i in wanted if i in found]

    def article_headers(self, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """What a list of articles shows of each stored one, by id: id, title, outlet, published,
        url, language, source, and ``opening`` (an untitled article's first standfirst or body
        line, its label; ``None`` for a titled one)."""
        query = (
            f"SELECT id, title, outlet, published, url, language, source, {OPENING_LINE_SQL} AS opening"
            " FROM articles a WHERE id IN ({marks})"
        )
        return {str(r[0]): dict(r) for r in self._rows_in(query, article_ids)}

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

    # -- lines -------------------------------------------------------------------------------
    def line_counts(self, group: str, keys: Iterable[str]) -> tuple[dict[str, int], int]:
        """How many of a group's articles have each line (by key), and how many it has in all; the
        group is an outlet or a file of articles without one (:func:`~newsweave.records.boilerplate_group`)."""
        return self.line_counts_many({group: keys})[group]

    def line_counts_many(self, group_keys: dict[str, Iterable[str]]) -> dict[str, tuple[dict[str, int], int]]:
        """:meth:`line_counts` of several groups at once: group -> (how many of its articles have
        each of its given line keys, how many articles it has), for every group given.

        For a batch of articles, give each group the union of its articles' keys: an article's
        lines are then looked up in its group's counts. One query per group (500 keys at a time)
        and one for the totals of the outlets, one for those of the files.
        """
        found: dict[str, tuple[dict[str, int], int]] = {}
        query = "SELECT line_key, articles FROM line_counts WHERE outlet=? AND line_key IN ({marks})"
        files = [g for g in group_keys if group_file(g) is not None]
        outlets = [g for g in group_keys if group_file(g) is None]
        by_outlet = "SELECT outlet, COUNT(*) FROM articles WHERE outlet IN ({marks}) GROUP BY outlet"
        totals = {str(r[0]): int(r[1]) for r in self._rows_in(by_outlet, outlets)}
        by_file = "SELECT outlet, articles FROM line_counts WHERE line_key=? AND outlet IN ({marks})"
        totals.update({str(r[0]): int(r[1]) for r in self._rows_in(by_file, files, [FILE_ARTICLES])})
        for group, keys in group_keys.items():
            counts = {str(r[0]): int(r[1]) for r in self._rows_in(query, keys, [group])}
            found[group] = counts, totals.get(group, 0)
        return found

    def update_lines(self, article: Article) -> None:
        """Store an article's re-classified lines (the raw text is never changed)."""
        with self.conn:
            self.conn.execute("UPDATE articles SET lines=? WHERE id=?", (_lines_json(article), article.id))

    # -- publication dates -------------------------------------------------------------------
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
