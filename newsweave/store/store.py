"""The SQLite store: the source of truth of a newsweave project.

One file (default ``./newsweave.db``), WAL mode, foreign keys on, a schema version with
migrations. Ingest is idempotent (an article is stored once: by URL when it has one, else
by the hash of its normalised text) and every write is one transaction, so an interrupted
run leaves the store consistent and a re-run finishes the job: each stage picks up what
is not done yet (articles not annotated, not in a story, stories not synthesised).

:class:`Store` is made of one part per kind of data it keeps, each in its own module:

- :mod:`~newsweave.store.connection`: the connection, migrations, write transactions, settings;
- :mod:`~newsweave.store.articles`: articles, their lines, copies, dates, per-outlet line counts;
- :mod:`~newsweave.store.annotations`: sentences, entities, word counts, the vectors;
- :mod:`~newsweave.store.groups`: events, the stories they are in, redirects;
- :mod:`~newsweave.store.stories`: written stories and their list, search and actor rows;
- :mod:`~newsweave.store.bands`: the near-duplicate signatures and band keys;
- :mod:`~newsweave.store.http_cache`: the validators of fetched URLs.

Here is what spans several of them.
"""

from __future__ import annotations

from newsweave.store.annotations import AnnotationStore
from newsweave.store.articles import ArticleStore
from newsweave.store.bands import BandStore
from newsweave.store.groups import GroupingStore
from newsweave.store.http_cache import HttpCacheStore
from newsweave.store.schema import SCHEMA_VERSION
from newsweave.store.stories import StoryStore, story_from_dict

__all__ = ["SCHEMA_VERSION", "Store", "story_from_dict"]


class Store(ArticleStore, AnnotationStore, GroupingStore, StoryStore, BandStore, HttpCacheStore):
    """A newsweave store in one SQLite file. Use as a context manager or call :meth:`close`."""

    def _fill_migrated(self, target: int) -> None:
        if target == 4:  # stories written before the index: index them now
            self._index_written_stories()

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
