"""The store's written stories: their membership, what synthesis wrote, and the indexes for reading.

Keeps the ``stories`` rows (members and dates, the ``dirty`` flag of a story to write again,
and the written story as ``stories.json`` data), and what browsing reads of them: the
``story_list`` row, the full-text ``stories_fts`` row, and the ``story_actors`` (every actor
of a story by name key, which the actor pages list). How articles are grouped into events and
events into stories is kept by :mod:`newsweave.store.groups`.
"""

from __future__ import annotations

import json
from typing import Any

from newsweave.records import (
    Actor,
    Citation,
    Coverage,
    Event,
    QuoteVariant,
    Role,
    Story,
    StoryQuote,
    SummarySentence,
    TimelineEntry,
)
from newsweave.store.connection import StoreBase, now
from newsweave.text.names import name_key


class StoryStore(StoreBase):
    """Stories, what was written for them, and their list, search and actor rows (mixed into the Store)."""

    # -- membership --------------------------------------------------------------------------
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

    def evidence_dates(self, story_id: str) -> list[tuple[str, str]]:
        """A story's articles dated by their record, the user or their own text (not guessed from
        the story) as (id, published), oldest first: the dates other articles may be dated by."""
        rows = self.conn.execute(
            "SELECT id, published FROM articles WHERE story_id=? AND published IS NOT NULL"
            " AND coalesce(published_source, '') != 'story' ORDER BY published, id",
            (story_id,),
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def story_members(self, story_id: str) -> list[str]:
        """Ids of a story's articles, oldest first."""
        return [article for article, _ in self.member_dates(story_id)]

    def story_of_article(self, article_id: str) -> tuple[str | None, str | None]:
        """The story an article is in and that story's title: (``None``, ``None``) for an article
        in no story, a title of ``None`` for a story not written yet."""
        row = self.conn.execute(
            "SELECT a.story_id, s.title FROM articles a LEFT JOIN story_list s ON a.story_id=s.id WHERE a.id=?",
            (article_id,),
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def assign(self, assignment: dict[str, str]) -> None:
        """Put articles into stories (creating them) and mark those stories dirty, atomically;
        a story an article leaves is marked dirty too (it is deleted at the next synthesis if
        no article is left in it)."""
        at = now()
        query = "SELECT id, story_id FROM articles WHERE id IN ({marks}) AND story_id IS NOT NULL"
        left = {str(r[1]) for r in self._rows_in(query, assignment) if assignment[str(r[0])] != r[1]}
        with self.conn:
            for story_id in sorted(left):
                self.conn.execute("UPDATE stories SET dirty=1, updated_at=? WHERE id=?", (at, story_id))
            for story_id in sorted(set(assignment.values())):
                self.conn.execute(
                    "INSERT INTO stories (id, dirty, created_at, updated_at) VALUES (?, 1, ?, ?)"
                    " ON CONFLICT(id) DO UPDATE SET dirty=1, updated_at=excluded.updated_at",
                    (story_id, at, at),
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

    # -- to write ----------------------------------------------------------------------------
    def dirty_stories(self) -> list[str]:
        """Ids of the stories changed since they were last written."""
        return [str(r[0]) for r in self.conn.execute("SELECT id FROM stories WHERE dirty=1 ORDER BY id")]

    def mark_all_dirty(self) -> None:
        """Mark every story and every event to be written again."""
        with self.conn:
            self.conn.execute("UPDATE stories SET dirty=1")
            self.conn.execute("UPDATE events SET dirty=1")

    def save_story(self, story: Story) -> None:
        """Store what was written for a story, index it for browsing and search, and mark it clean."""
        with self.conn:
            self.conn.execute(
                "UPDATE stories SET data=?, dirty=0, updated_at=?, first_date=?, last_date=? WHERE id=?",
                (json.dumps(story.to_dict(), ensure_ascii=False), now(), story.first_date, story.last_date, story.id),
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
                len(story.outlets),  # named outlets: an article naming none is no outlet in a list
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

    def _index_written_stories(self) -> None:
        """Index every written story again (inside the caller's transaction)."""
        for row in self.conn.execute("SELECT data FROM stories WHERE data IS NOT NULL").fetchall():
            self._index_story(story_from_dict(json.loads(row[0])))

    def delete_empty_stories(self) -> None:
        """Delete the stories no article is in, with their list and search rows."""
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

    # -- written stories ---------------------------------------------------------------------
    def stories(self) -> list[Story]:
        """All synthesised stories, most covered first."""
        rows = self.conn.execute("SELECT data FROM stories WHERE data IS NOT NULL").fetchall()
        stories = [story_from_dict(json.loads(r[0])) for r in rows]
        return sorted(stories, key=lambda s: (-len(s.article_ids), s.last_date or "", s.id))

    def story(self, story_id: str) -> Story | None:
        """A written story (``None`` when there is no such story or it is not written yet)."""
        row = self.conn.execute("SELECT data FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        return story_from_dict(json.loads(row[0]))

    # -- actors ------------------------------------------------------------------------------
    def story_actor_keys(self, story_id: str) -> dict[str, str]:
        """The name key of each actor of a written story, by the actor's name."""
        rows = self.conn.execute("SELECT name, key FROM story_actors WHERE story_id=?", (story_id,))
        return {str(r[0]): str(r[1]) for r in rows}

    def actor_stories(self, key: str, limit: int) -> list[Story]:
        """The written stories that have the actor of name key ``key``, the ``limit`` most recent
        (then most covered) first."""
        rows = self.conn.execute(
            "SELECT s.data FROM story_actors sa JOIN story_list l ON l.id=sa.story_id"
            " JOIN stories s ON s.id=sa.story_id WHERE sa.key=? ORDER BY l.last_date DESC, l.n_articles DESC LIMIT ?",
            (key, limit),
        ).fetchall()
        return [story_from_dict(json.loads(r[0])) for r in rows if r[0]]

    def related_actors(self, story_ids: list[str], key: str, limit: int = 12) -> list[dict[str, Any]]:
        """The actors other than ``key`` in the stories ``story_ids`` (a few: one query), most
        stories first, then most mentions: key, name, type and stories (how many of them)."""
        marks = ",".join("?" * len(story_ids))
        rows = self.conn.execute(
            f"SELECT key, MAX(name), MAX(type), COUNT(*) FROM story_actors WHERE story_id IN ({marks}) AND key<>?"
            " GROUP BY key ORDER BY COUNT(*) DESC, SUM(mentions) DESC LIMIT ?",
            [*story_ids, key, limit],
        )
        return [{"key": r[0], "name": r[1], "type": r[2], "stories": int(r[3])} for r in rows]

    def actor_listing(
        self, key_part: str | None = None, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        """Actors across stories, most stories first (then most mentions, then key), a page of
        ``limit`` from ``offset``, and how many there are in all; with ``key_part`` (a name key,
        or part of one), only those whose key contains it. Each: key, name, type, stories, mentions."""
        where, params = "1", []
        if key_part is not None:
            escaped = key_part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where, params = "key LIKE ? ESCAPE '\\'", [f"%{escaped}%"]
        count = self.conn.execute(f"SELECT COUNT(DISTINCT key) FROM story_actors WHERE {where}", params)
        total = int(count.fetchone()[0])
        rows = self.conn.execute(
            f"SELECT key, MAX(name), MAX(type), COUNT(*), SUM(mentions) FROM story_actors WHERE {where}"
            " GROUP BY key ORDER BY COUNT(*) DESC, SUM(mentions) DESC, key LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        actors = [{"key": r[0], "name": r[1], "type": r[2], "stories": int(r[3]), "mentions": int(r[4])} for r in rows]
        return actors, total


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
        events=[Event.from_dict(e) for e in data.get("events", [])],
        quotes=[
            StoryQuote(
                q.get("speaker"),
                q["text"],
                cites(q.get("citations", [])),
                # a variant written before variants kept their own speaker has the statement's
                [
                    QuoteVariant(v["text"], cites(v.get("citations", [])), v.get("speaker", q.get("speaker")))
                    for v in q.get("variants", [])
                ],
                q.get("kind", "direct"),
            )
            for q in data.get("quotes", [])
        ],
        coverage=Coverage.from_dict(data),
    )
