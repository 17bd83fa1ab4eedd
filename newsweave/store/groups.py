"""The store's two levels of grouping: articles in events, events in developing stories.

A mixin of :class:`newsweave.store.store.Store` (the SQL of events, their aggregate features, and the
redirects left by merged stories and events). Every write is one transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from newsweave.records import Event
from newsweave.store.connection import StoreBase
from newsweave.store.connection import now as _now

_REDIRECT_HOPS = 20

# What is kept of an event for linking: id, vector, entity keys, term counts, date, principal people.
EventRow = tuple[str, np.ndarray, frozenset[str], dict[str, int], str | None, frozenset[str]]


class CameWith(NamedTuple):
    """The story an event came with when that story merged into the event's story: whole (it
    may part again when the two no longer meet the merge bar) or as a ``piece`` (joined below
    the bar; it may move to a nearer story)."""

    story: str
    piece: bool = False


class EventWriting(NamedTuple):
    """An event's articles and what was written for it (its title and JSON; None until written)."""

    articles: frozenset[str]
    title: str | None
    data: str | None


class GroupingStore(StoreBase):
    """Events, their stories, and redirects (mixed into :class:`newsweave.store.store.Store`)."""

    def unassigned(self) -> list[str]:
        """Ids of annotated articles not yet in an event."""
        rows = self.conn.execute("SELECT id FROM articles WHERE annotated=1 AND event_id IS NULL ORDER BY id")
        return [str(r[0]) for r in rows]

    # -- events ------------------------------------------------------------------------------
    def event_ids(self, since: str | None = None, until: str | None = None) -> list[str]:
        """Ids of events with articles; with ``since`` (``until``), only those whose coverage
        reaches that date (began by that date) or that are undated."""
        query, bounds = "SELECT id FROM events WHERE n_articles>0", []
        if since is not None:
            query, bounds = query + " AND (last_date IS NULL OR last_date>=?)", [since]
        if until is not None:
            query, bounds = query + " AND (first_date IS NULL OR first_date<=?)", [*bounds, until]
        return [str(r[0]) for r in self.conn.execute(query + " ORDER BY id", bounds)]

    def event_member_dates(self, event_id: str) -> list[tuple[str, str | None]]:
        """An event's articles as (id, published date or None), oldest first."""
        rows = self.conn.execute(
            "SELECT id, published FROM articles WHERE event_id=? ORDER BY published, id", (event_id,)
        )
        return [(str(r[0]), r[1]) for r in rows]

    def article_events(self, article_ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        """article id -> (its event or None, its published date or None), for stored articles."""
        query = "SELECT id, event_id, published FROM articles WHERE id IN ({marks})"
        return {str(r[0]): (str(r[1]) if r[1] else None, r[2]) for r in self._rows_in(query, sorted(set(article_ids)))}

    def assign_events(self, assignment: dict[str, str]) -> set[str]:
        """Put articles into events (creating them), atomically; returns every event that changed:
        those that took articles and those that lost some. An event left without articles is
        deleted, with a redirect to the event that took most of them."""
        if not assignment:
            return set()
        now = _now()
        query = "SELECT id, event_id FROM articles WHERE id IN ({marks}) AND event_id IS NOT NULL"
        before = {str(r[0]): str(r[1]) for r in self._rows_in(query, assignment)}
        left = {e for a, e in before.items() if assignment[a] != e}
        targets = set(assignment.values())
        changed = left | targets
        with self.conn:
            self.conn.executemany(
                "INSERT INTO events (id, dirty, created_at, updated_at) VALUES (?, 1, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET dirty=1, updated_at=excluded.updated_at",
                [(e, now, now) for e in sorted(targets)],
            )
            self.conn.executemany("UPDATE articles SET event_id=? WHERE id=?", [(e, a) for a, e in assignment.items()])
            self._refresh_events(sorted(changed), now)
            for event in sorted(left):
                if self.conn.execute("SELECT n_articles FROM events WHERE id=?", (event,)).fetchone()[0] == 0:
                    went = Counter(assignment[a] for a, e in before.items() if e == event)
                    self._redirect(event, went.most_common(1)[0][0], "event")
                    self.conn.execute("DELETE FROM events WHERE id=?", (event,))
        return {e for e in changed if self.conn.execute("SELECT 1 FROM events WHERE id=?", (e,)).fetchone()}

    def _refresh_events(self, events: Sequence[str], now: str) -> None:
        """Count and date changed events again; mark them to be written and their features stale."""
        self.conn.executemany(
            "UPDATE events SET n_articles=(SELECT COUNT(*) FROM articles WHERE event_id=?1), dirty=1,"
            " updated_at=?2, vector=NULL WHERE id=?1",
            [(e, now) for e in events],
        )
        self._date_events(events)

    def _date_events(self, events: Iterable[str]) -> None:
        self.conn.executemany(
            "UPDATE events SET first_date=(SELECT MIN(published) FROM articles WHERE event_id=?1),"
            " last_date=(SELECT MAX(published) FROM articles WHERE event_id=?1) WHERE id=?1",
            [(e,) for e in events],
        )

    def event_writings(self, event_ids: Iterable[str]) -> dict[str, EventWriting]:
        """What each of ``event_ids`` holds and had written for it (:class:`EventWriting`)."""
        query = "SELECT id, title, data FROM events WHERE id IN ({marks}) AND n_articles>0"
        rows = {str(r[0]): (r[1], r[2]) for r in self._rows_in(query, sorted(set(event_ids)))}
        members: dict[str, set[str]] = {}
        query = "SELECT id, event_id FROM articles WHERE event_id IN ({marks})"
        for article, event in self._rows_in(query, sorted(rows)):
            members.setdefault(str(event), set()).add(str(article))
        return {e: EventWriting(frozenset(members.get(e, ())), t, d) for e, (t, d) in rows.items()}

    def restore_writings(self, writings: Mapping[str, EventWriting]) -> int:
        """Give back what was written for each event of ``writings`` that holds the same articles
        again (an event emptied and made anew by a grouping that came back to it), marking it
        written; returns how many."""
        current = self.event_writings(writings)
        same = [
            (w.title, w.data, e)
            for e, w in sorted(writings.items())
            if w.data is not None and e in current and current[e].articles == w.articles
        ]
        with self.conn:
            self.conn.executemany("UPDATE events SET title=?, data=?, dirty=0 WHERE id=?", same)
        return len(same)

    def unlinked_events(self) -> list[str]:
        """Events whose features or story are still to be made (new or changed events; an
        interrupted build leaves some)."""
        rows = self.conn.execute(
            "SELECT id FROM events WHERE n_articles>0 AND (vector IS NULL OR story_id IS NULL) ORDER BY id"
        )
        return [str(r[0]) for r in rows]

    def refresh_event_dates(self, event_ids: Iterable[str]) -> None:
        """Recompute events' date ranges (after articles were dated from their story)."""
        with self.conn:
            self._date_events(sorted(set(event_ids)))

    def _save_event_features(self, features: Iterable[EventRow]) -> None:
        self.conn.executemany(
            "UPDATE events SET vector=?, entities=?, terms=?, feature_date=?, principals=? WHERE id=?",
            [
                (
                    np.asarray(v, dtype=np.float32).tobytes(),
                    json.dumps(sorted(e)),
                    json.dumps(t),
                    d,
                    json.dumps(sorted(p)),
                    i,
                )
                for i, v, e, t, d, p in features
            ],
        )

    def event_features(self, event_ids: Iterable[str]) -> dict[str, EventRow]:
        """The kept aggregate features of events that have them: (id, vector, entity keys, term
        counts, date, principal people)."""
        query = (
            "SELECT id, vector, entities, terms, feature_date, principals FROM events"
            " WHERE id IN ({marks}) AND vector IS NOT NULL"
        )
        return {
            str(r[0]): (
                str(r[0]),
                np.frombuffer(r[1], dtype=np.float32),
                frozenset(json.loads(r[2] or "[]")),
                dict(json.loads(r[3] or "{}")),
                r[4],
                frozenset(json.loads(r[5] or "[]")),
            )
            for r in self._rows_in(query, event_ids)
        }

    def stories_of_events(self, event_ids: Iterable[str]) -> dict[str, str]:
        """event id -> story id, for those of ``event_ids`` that are in a story."""
        query = "SELECT id, story_id FROM events WHERE id IN ({marks}) AND story_id IS NOT NULL"
        return {str(r[0]): str(r[1]) for r in self._rows_in(query, event_ids)}

    def merged_parts(self, story_ids: Iterable[str]) -> dict[str, dict[str, CameWith | None]]:
        """Of the stories among ``story_ids`` that took a story by a merge: story id -> each of
        its events -> the story it came with and whether as a piece (None for the story's own),
        as the merge recorded it."""
        query = (
            "SELECT story_id, id, merged_from, merged_as_piece FROM events WHERE n_articles>0 AND story_id IN"
            " (SELECT story_id FROM events WHERE story_id IN ({marks}) AND merged_from IS NOT NULL)"
        )
        out: dict[str, dict[str, CameWith | None]] = {}
        for story, event, origin, piece in self._rows_in(query, story_ids):
            came = None if origin is None or origin == story else CameWith(str(origin), bool(piece))
            out.setdefault(str(story), {})[str(event)] = came
        return out

    def event_sizes(self, event_ids: Iterable[str]) -> dict[str, int]:
        """How many articles each of ``event_ids`` holds (those stored)."""
        query = "SELECT id, n_articles FROM events WHERE id IN ({marks})"
        return {str(r[0]): int(r[1]) for r in self._rows_in(query, event_ids)}

    def story_event_ids(self, story_id: str) -> list[str]:
        """The events of a story, earliest first (undated last)."""
        rows = self.conn.execute(
            "SELECT id FROM events WHERE story_id=? AND n_articles>0"
            " ORDER BY first_date IS NULL, first_date, last_date, id",
            (story_id,),
        )
        return [str(r[0]) for r in rows]

    def linkable_story_ids(self, since: str | None = None, until: str | None = None) -> list[str]:
        """Stories whose events may take new events: all, or those whose coverage reaches ``since``
        and began by ``until`` (each bound optional), or that hold an undated event."""
        query = "SELECT DISTINCT story_id FROM events WHERE story_id IS NOT NULL AND n_articles>0"
        having, bounds = [], []
        if since is not None:
            having, bounds = ["(MAX(last_date) IS NULL OR MAX(last_date)>=?)"], [since]
        if until is not None:
            having, bounds = [*having, "(MIN(first_date) IS NULL OR MIN(first_date)<=?)"], [*bounds, until]
        if having:
            query += (
                " AND story_id IN (SELECT story_id FROM events GROUP BY story_id"
                f" HAVING ({' AND '.join(having)}) OR SUM(last_date IS NULL)>0)"
            )
        return [str(r[0]) for r in self.conn.execute(query + " ORDER BY story_id", bounds)]

    def link_events(
        self,
        linking: dict[str, str],
        features: Sequence[EventRow],
        *,
        merged_from: Mapping[str, CameWith | None] | None = None,
    ) -> None:
        """Keep the ``features`` of changed events (id, vector, entity keys, term counts, date, principal people),
        put events into stories (``linking``: event -> story) and give the articles of every
        changed event its event's story, in one transaction; stories that took or lost articles
        are marked to be written again, and one left without articles leaves a redirect to the
        story that took most of them. An event that changes story forgets the story it came with
        (:meth:`merged_parts`) unless ``merged_from`` (event -> :class:`CameWith` or None) says it; a story
        that takes events back this way lives again (its redirect goes)."""
        now = _now()
        changed = sorted({f[0] for f in features} | set(linking))
        query = "SELECT id, story_id, event_id FROM articles WHERE event_id IN ({marks})"
        before = {str(r[0]): (r[1], str(r[2])) for r in self._rows_in(query, changed)}
        with self.conn:
            self._save_event_features(features)
            self.conn.executemany(
                "UPDATE events SET merged_from=NULL, merged_as_piece=0 WHERE id=? AND story_id IS NOT ?",
                [(e, s) for e, s in linking.items() if merged_from is None or e not in merged_from],
            )
            if merged_from:
                self.conn.executemany(
                    "UPDATE events SET merged_from=?, merged_as_piece=? WHERE id=?",
                    [(c.story if c else None, int(bool(c and c.piece)), e) for e, c in merged_from.items()],
                )
                revived = {linking[e] for e, s in merged_from.items() if s is None and e in linking}
                self.conn.executemany("DELETE FROM redirects WHERE old_id=?", [(s,) for s in sorted(revived)])
            self.conn.executemany(
                "UPDATE events SET story_id=?, updated_at=? WHERE id=?", [(s, now, e) for e, s in linking.items()]
            )
            query = "SELECT DISTINCT story_id FROM events WHERE id IN ({marks}) AND story_id IS NOT NULL"
            targets = {str(r[0]) for r in self._rows_in(query, changed)}
            touched = {s for s, _ in before.values() if s} | targets
            self.conn.executemany(
                "INSERT INTO stories (id, dirty, created_at, updated_at) VALUES (?, 1, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET dirty=1, updated_at=excluded.updated_at",
                [(story, now, now) for story in sorted(touched)],
            )
            self.conn.executemany(
                "UPDATE articles SET story_id=(SELECT story_id FROM events WHERE events.id=articles.event_id)"
                " WHERE event_id=?",
                [(e,) for e in changed],
            )
            query = "SELECT id, story_id FROM articles WHERE id IN ({marks})"
            after = {str(r[0]): r[1] for r in self._rows_in(query, before)}
            self.conn.executemany(
                "UPDATE stories SET first_date=(SELECT MIN(published) FROM articles WHERE story_id=?1),"
                " last_date=(SELECT MAX(published) FROM articles WHERE story_id=?1) WHERE id=?1",
                [(story,) for story in sorted(touched)],
            )
            for story in sorted({s for s, _ in before.values() if s}):
                if self.conn.execute("SELECT 1 FROM articles WHERE story_id=? LIMIT 1", (story,)).fetchone():
                    continue
                went = Counter(after[a] for a, (s, _) in before.items() if s == story and after.get(a))
                if went:
                    self._redirect(story, went.most_common(1)[0][0], "story")

    # -- redirects ---------------------------------------------------------------------------
    def _redirect(self, old: str, new: str, kind: str) -> None:
        if old == new:
            return
        self.conn.execute(
            "INSERT INTO redirects (old_id, new_id, kind, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(old_id) DO UPDATE SET new_id=excluded.new_id, at=excluded.at",
            (old, new, kind, _now()),
        )
        self.conn.execute("DELETE FROM redirects WHERE old_id=?", (new,))  # the id lives again

    def resolve(self, some_id: str) -> tuple[str, str] | None:
        """Where an id leads now: (kind, id) with kind 'story' or 'event', following the redirects
        that merges left; None when it names nothing."""
        current = some_id
        for _ in range(_REDIRECT_HOPS):
            if self.conn.execute("SELECT 1 FROM stories WHERE id=? AND data IS NOT NULL", (current,)).fetchone():
                return "story", current
            if self.conn.execute("SELECT 1 FROM events WHERE id=? AND n_articles>0", (current,)).fetchone():
                return "event", current
            row = self.conn.execute("SELECT new_id FROM redirects WHERE old_id=?", (current,)).fetchone()
            if row is None:
                return None
            current = str(row[0])
        return None

    def story_of_event(self, event_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM events WHERE id=?", (event_id,)).fetchone()
        return str(row[0]) if row and row[0] else None

    # -- what was written for events ---------------------------------------------------------
    def dirty_events(self) -> list[str]:
        return [
            str(r[0]) for r in self.conn.execute("SELECT id FROM events WHERE dirty=1 AND n_articles>0 ORDER BY id")
        ]

    def save_events(self, events: Iterable[Event]) -> None:
        """Keep what was written for events (``id``, ``title`` and the rest as JSON) and mark them clean."""
        with self.conn:
            self.conn.executemany(
                "UPDATE events SET title=?, data=?, dirty=0, updated_at=? WHERE id=?",
                [(e.title, json.dumps(e.to_dict(), ensure_ascii=False), _now(), e.id) for e in events],
            )

    def written_events(self, event_ids: Iterable[str]) -> dict[str, Event]:
        """What was written for events (those written)."""
        query = "SELECT id, data FROM events WHERE id IN ({marks}) AND data IS NOT NULL"
        return {str(r[0]): Event.from_dict(json.loads(r[1])) for r in self._rows_in(query, event_ids)}

    def mark_all_events_dirty(self) -> None:
        with self.conn:
            self.conn.execute("UPDATE events SET dirty=1")
