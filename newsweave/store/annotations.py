"""The store's annotations: sentences, entities, word counts and the embeddings cached for them.

Keeps what annotation found in each article (``sentences``, ``entities``, the article's
content-word counts and its ``annotated`` flag), the document frequencies of entity keys and
words (``entity_df``, ``term_df``), and the vectors: one per article (``articles.vector``),
one per sentence (cached at synthesis) and one per text (``text_vectors``, by the text's hash);
and what the story writer derived from texts with a model (``text_results``: parses, clauses)
and from articles (``article_quotes``: each article's quotes; ``article_results``: what else was read
from one article for its story), and of stories (``story_quote_pairs``).
The ``*_of`` methods read a batch of articles at once and give what the one-article methods
give for each.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import numpy as np

from newsweave.records import Annotation, Entity, Sentence
from newsweave.store.connection import StoreBase, blob, vector

_SENTENCE_COLUMNS = 'article_id, idx, kind, text, start, "end"'
_ENTITY_COLUMNS = 'article_id, sentence, text, label, start, "end", value'


def _text_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _sentence(r: Any) -> Sentence:
    return Sentence(r[0], r[1], r[3], r[2], r[4], r[5])


class AnnotationStore(StoreBase):
    """Sentences, entities, word counts, and article, sentence and text vectors (mixed into the Store)."""

    def save_annotations(self, annotations: Iterable[Annotation], keys: dict[str, frozenset[str]]) -> int:
        """Store sentences, entities and vectors of a batch in one transaction."""
        n = 0
        with self.conn:
            for ann in annotations:
                self.conn.execute("DELETE FROM sentences WHERE article_id=?", (ann.article_id,))
                self.conn.execute("DELETE FROM entities WHERE article_id=?", (ann.article_id,))
                self.conn.executemany(
                    f"INSERT INTO sentences ({_SENTENCE_COLUMNS}) VALUES (?,?,?,?,?,?)",
                    [(s.article_id, s.index, s.kind, s.text, s.start, s.end) for s in ann.sentences],
                )
                self.conn.executemany(
                    f"INSERT INTO entities ({_ENTITY_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
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
                    (blob(ann.vector), json.dumps(ann.terms), ann.article_id),
                )
                n += 1
        return n

    # -- sentences and entities --------------------------------------------------------------
    def sentences(self, article_id: str) -> list[Sentence]:
        """An article's sentences, in order (empty before annotation)."""
        rows = self.conn.execute(
            f"SELECT {_SENTENCE_COLUMNS} FROM sentences WHERE article_id=? ORDER BY idx", (article_id,)
        ).fetchall()
        return [_sentence(r) for r in rows]

    def sentences_of(self, article_ids: Iterable[str]) -> dict[str, list[Sentence]]:
        """:meth:`sentences` of each of ``article_ids`` (every one given is a key), 500 articles a query."""
        found: dict[str, list[Sentence]] = {a: [] for a in article_ids}
        query = f"SELECT {_SENTENCE_COLUMNS} FROM sentences WHERE article_id IN ({{marks}}) ORDER BY article_id, idx"
        for r in self._rows_in(query, found):
            found[str(r[0])].append(_sentence(r))
        return found

    def sentence_texts(self, pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The text of each (article id, sentence index) pair that names a stored sentence, one query per article."""
        wanted: dict[str, set[int]] = {}
        for article, index in pairs:
            wanted.setdefault(article, set()).add(index)
        texts: dict[tuple[str, int], str] = {}
        query = "SELECT idx, text FROM sentences WHERE article_id=? AND idx IN ({marks})"
        for article, indexes in wanted.items():
            for idx, text in self._rows_in(query, sorted(indexes), [article]):
                texts[(article, int(idx))] = str(text)
        return texts

    def entities(self, article_id: str) -> list[Entity]:
        """An article's entities, by position in its clean text (empty before annotation)."""
        rows = self.conn.execute(
            f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE article_id=? ORDER BY start", (article_id,)
        ).fetchall()
        return [Entity(*tuple(r)) for r in rows]

    def entities_of(self, article_ids: Iterable[str]) -> dict[str, list[Entity]]:
        """:meth:`entities` of each of ``article_ids`` (every one given is a key), 500 articles a query."""
        found: dict[str, list[Entity]] = {a: [] for a in article_ids}
        query = f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE article_id IN ({{marks}}) ORDER BY article_id, start"
        for r in self._rows_in(query, found):
            found[str(r[0])].append(Entity(*tuple(r)))
        return found

    def story_entity_labels(self, story_ids: Iterable[str]) -> list[tuple[str, str, int]]:
        """(text, label, mentions) of the entities the articles of ``story_ids`` name."""
        query = (
            "SELECT e.text, e.label, COUNT(*) FROM entities e JOIN articles a ON a.id=e.article_id"
            " WHERE a.story_id IN ({marks}) GROUP BY e.text, e.label"
        )
        return [(str(r[0]), str(r[1]), int(r[2])) for r in self._rows_in(query, sorted(set(story_ids)))]

    # -- word counts -------------------------------------------------------------------------
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

    def terms_of(self, article_ids: Iterable[str]) -> dict[str, dict[str, int]]:
        """:meth:`terms` of each of ``article_ids`` (every one given is a key), 500 articles a query."""
        found: dict[str, dict[str, int]] = {a: {} for a in article_ids}
        for r in self._rows_in("SELECT id, terms FROM articles WHERE id IN ({marks})", found):
            if r[1]:
                found[str(r[0])] = dict(json.loads(r[1]))
        return found

    def term_df(self) -> dict[str, int]:
        """Document frequency of content words over the annotated articles."""
        return {str(r[0]): int(r[1]) for r in self.conn.execute("SELECT term, df FROM term_df")}

    # -- sentence vectors --------------------------------------------------------------------
    def sentence_vectors(self, article_id: str) -> dict[int, np.ndarray]:
        """The cached vectors of an article's sentences, by sentence index (those that have one)."""
        rows = self.conn.execute(
            "SELECT idx, vector FROM sentences WHERE article_id=? AND vector IS NOT NULL", (article_id,)
        ).fetchall()
        return {int(r[0]): vector(r[1]) for r in rows}  # type: ignore[misc]

    def sentence_vectors_of(self, article_ids: Iterable[str]) -> dict[str, dict[int, np.ndarray]]:
        """:meth:`sentence_vectors` of each of ``article_ids`` (every one given is a key), 500 articles a query."""
        found: dict[str, dict[int, np.ndarray]] = {a: {} for a in article_ids}
        query = (
            "SELECT article_id, idx, vector FROM sentences WHERE article_id IN ({marks}) AND vector IS NOT NULL"
            " ORDER BY article_id, idx"
        )
        for r in self._rows_in(query, found):
            found[str(r[0])][int(r[1])] = vector(r[2])  # type: ignore[assignment]
        return found

    def save_sentence_vectors(self, vectors: dict[tuple[str, int], np.ndarray]) -> None:
        """Cache sentence embeddings computed during synthesis."""
        with self.conn:
            self.conn.executemany(
                "UPDATE sentences SET vector=? WHERE article_id=? AND idx=?",
                [(blob(v), a, i) for (a, i), v in vectors.items()],
            )

    # -- text vectors ------------------------------------------------------------------------
    def text_vectors(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those of ``texts`` that have one."""
        by_hash = {_text_hash(t): t for t in texts}
        rows = self._rows_in("SELECT hash, vector FROM text_vectors WHERE hash IN ({marks})", by_hash)
        return {by_hash[bytes(row[0])]: np.frombuffer(row[1], dtype=np.float32) for row in rows}

    def save_text_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        """Cache the vectors of texts (by the hash of each text)."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO text_vectors (hash, vector) VALUES (?, ?)",
                [(_text_hash(t), blob(v)) for t, v in vectors.items()],
            )

    # -- results derived from texts ----------------------------------------------------------
    def text_results(self, texts: Iterable[str], kind: str) -> dict[str, bytes]:
        """The stored results of ``kind`` (what made them: e.g. a parser's name and version) of
        those of ``texts`` that have one, as the bytes they were saved as."""
        by_hash = {_text_hash(f"{kind}\0{t}"): t for t in texts}
        rows = self._rows_in("SELECT hash, data FROM text_results WHERE hash IN ({marks})", by_hash)
        return {by_hash[bytes(row[0])]: bytes(row[1]) for row in rows}

    def save_text_results(self, results: dict[str, bytes], kind: str) -> None:
        """Keep results of ``kind`` derived from texts (text -> bytes), by a hash of the kind and text."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO text_results (hash, data) VALUES (?, ?)",
                [(_text_hash(f"{kind}\0{t}"), data) for t, data in results.items()],
            )

    # -- articles' quotes ----------------------------------------------------------------------
    def article_quotes(self, article_ids: Iterable[str], version: str) -> dict[str, bytes]:
        """The stored quotes of those of ``article_ids`` that have some found by ``version`` (what
        found them: the quoting code and the parser), as the bytes they were saved as; quotes
        found by another version are not given."""
        query = "SELECT article_id, data FROM article_quotes WHERE version=? AND article_id IN ({marks})"
        return {str(r[0]): bytes(r[1]) for r in self._rows_in(query, article_ids, before=(version,))}

    def save_article_quotes(self, quotes: dict[str, bytes], version: str) -> None:
        """Keep articles' quotes (article id -> bytes) found by ``version``, in place of any kept
        before for those articles; an article not stored is skipped."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO article_quotes (article_id, version, data)"
                " SELECT id, ?, ? FROM articles WHERE id=?",
                [(version, data, article) for article, data in quotes.items()],
            )

    # -- what was read from one article for its story ----------------------------------------
    def article_results(self, article_ids: Iterable[str], kind: str, version: str) -> dict[str, bytes]:
        """What was kept of ``kind`` (e.g. an article's actor mentions) for those of ``article_ids``
        that have it by ``version`` (what read it), as the bytes it was saved as; another version's
        is not given."""
        query = "SELECT article_id, data FROM article_results WHERE kind=? AND version=? AND article_id IN ({marks})"
        return {str(r[0]): bytes(r[1]) for r in self._rows_in(query, article_ids, before=(kind, version))}

    def save_article_results(self, results: dict[str, bytes], kind: str, version: str) -> None:
        """Keep what was read of ``kind`` from articles (article id -> bytes) by ``version``, in place
        of any kept of that kind before for those articles; an article not stored is skipped."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO article_results (article_id, kind, version, data)"
                " SELECT id, ?, ?, ? FROM articles WHERE id=?",
                [(kind, version, data, article) for article, data in results.items()],
            )

    # -- stories' quote pairs ------------------------------------------------------------------
    def story_quote_pairs(self, story_id: str, version: str) -> bytes | None:
        """The quote pairs kept for ``story_id`` by ``version`` (what decided them), as the bytes they
        were saved as; ``None`` when none are kept, or kept by another version."""
        row = self.conn.execute(
            "SELECT data FROM story_quote_pairs WHERE story_id=? AND version=?", (story_id, version)
        ).fetchone()
        return bytes(row[0]) if row else None

    def save_story_quote_pairs(self, pairs: dict[str, bytes], version: str) -> None:
        """Keep stories' quote pairs (story id -> bytes) decided by ``version``, in place of any kept
        before for those stories, in one transaction; a story not stored is skipped."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO story_quote_pairs (story_id, version, data)"
                " SELECT id, ?, ? FROM stories WHERE id=?",
                [(version, data, story) for story, data in pairs.items()],
            )

    # -- article vectors ---------------------------------------------------------------------
    def without_vector(self) -> list[str]:
        """Ids of annotated articles that have no document vector (after :meth:`forget_vectors`)."""
        rows = self.conn.execute(
            # the partial index holds only such articles: no article row (text first) is read
            "SELECT id FROM articles INDEXED BY articles_without_vector"
            " WHERE annotated=1 AND vector IS NULL ORDER BY id"
        )
        return [str(r[0]) for r in rows]

    def save_article_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        """Store articles' document vectors (article id -> vector), in one transaction."""
        with self.conn:
            self.conn.executemany("UPDATE articles SET vector=? WHERE id=?", [(blob(v), a) for a, v in vectors.items()])

    def article_vector(self, article_id: str) -> np.ndarray | None:
        """An article's document vector (``None`` when it has none or is not stored)."""
        row = self.conn.execute("SELECT vector FROM articles WHERE id=?", (article_id,)).fetchone()
        return vector(row[0]) if row else None

    def article_vectors(self, article_ids: Iterable[str]) -> dict[str, np.ndarray]:
        """:meth:`article_vector` of each of ``article_ids`` that has one (an article without a vector,
        or not stored, is left out), 500 articles a query."""
        query = "SELECT id, vector FROM articles WHERE id IN ({marks}) AND vector IS NOT NULL"
        return {str(r[0]): np.frombuffer(r[1], dtype=np.float32) for r in self._rows_in(query, article_ids)}
