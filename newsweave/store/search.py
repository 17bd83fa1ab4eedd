"""Finding stories and articles in a store: full-text search (SQLite FTS5) and filtered listing.

The query language is small and safe: words (stemmed, diacritics ignored), ``"a phrase"``,
``word*`` for a prefix, ``-word`` or ``-"a phrase"`` to exclude, and ``OR`` between two
alternatives; everything else is AND. User text never reaches FTS5 as syntax: every word
and phrase is passed quoted, so no input can make a query fail to parse.

Results are ranked by BM25 (a title match weighs more than a body match) and carry a
snippet whose matches are marked with ``MARK_START`` / ``MARK_END`` (control characters,
so a renderer escapes the text first and then turns the marks into highlighting).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from newsweave.errors import Errors, NewsweaveError
from newsweave.records import opening_words
from newsweave.store.articles import OPENING_LINE_SQL
from newsweave.store.store import Store
from newsweave.text.names import name_key

MARK_START = "\x02"
MARK_END = "\x03"
MAX_LIMIT = 100
StorySort = Literal["latest", "newest", "covered"]
MIN_LATEST_ARTICLES = 2  # "latest" lists stories of fewer articles after the others
LIST_ACTORS = 4  # the main actors a listed story shows

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[\w'’]+\*?")


@dataclass(frozen=True)
class Filters:
    """What narrows a listing or a search; ``None`` means no restriction.

    ``since``/``until`` are ISO dates (a story is kept when its coverage overlaps them, an
    article when its publication date lies inside); ``actor`` is a name, matched by its key
    (diacritics and case ignored) or by its last word, so "Aydogan" finds "Selim Tarik Aydoğan".
    """

    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    actor: str | None = None
    language: str | None = None

    def active(self) -> dict[str, str]:
        """The filters that are set, by name."""
        items = {
            "since": self.since,
            "until": self.until,
            "outlet": self.outlet,
            "actor": self.actor,
            "language": self.language,
        }
        return {k: v for k, v in items.items() if v}


@dataclass
class StoryRow:
    """A story as listed: what a reader sees before opening it."""

    id: str
    title: str
    first_date: str | None
    last_date: str | None
    articles: int
    outlets: int
    snippet: str | None = None
    per_day: list[tuple[str, int]] = field(default_factory=list)
    lead: str | None = None  # the first sentence of its summary
    actors: list[tuple[str, str]] = field(default_factory=list)  # (key, name) of its main actors


@dataclass
class ArticleHit:
    """An article found by a search, with its snippet (matches marked)."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    story_id: str | None
    snippet: str
    language: str | None = None
    source: str | None = None
    opening: str | None = None  # the first standfirst or body line, read only when there is no title

    @property
    def label(self) -> str:
        """The title, else the opening words (:attr:`newsweave.records.Article.label`)."""
        return self.title or (opening_words(self.opening) if self.opening else self.source or self.id)


@dataclass
class Page:
    """One page of results and how many there are in all."""

    items: list[Any]
    total: int
    limit: int
    offset: int


def fts_query(text: str) -> str:
    """Translate a user's query into an FTS5 expression; raise E008 when it has no word to find."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for match in _TOKEN.finditer(text):
        negate, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare == "OR":
            join_next = bool(groups)
            continue
        if phrase is not None:
            words = _WORD.findall(phrase.replace("*", " "))
            item = _quote(" ".join(words)) if words else ""
        else:
            assert bare is not None
            negate = "-" if bare.startswith("-") and len(bare) > 1 else ""
            words = _WORD.findall(bare.lstrip("-"))
            item = " ".join(_term(w) for w in words)
            if len(words) > 1:
                item = f"({item})"
        if not item:
            continue
        if negate:
            excluded.append(item)
        elif join_next and groups:
            groups[-1].append(item)
        else:
            groups.append([item])
        join_next = False
    if not groups:
        raise NewsweaveError(Errors.E008, query=text[:80])
    expression = " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    for item in excluded:
        expression = f"({expression}) NOT {item}"
    return expression


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term(word: str) -> str:
    if word.endswith("*") and len(word) > 1:
        return _quote(word[:-1]) + "*"
    return _quote(word.rstrip("*"))


def _actor_clause(actor: str, story_column: str) -> tuple[str, list[str]]:
    """Stories with the actor: its whole name key, or a one-word name as a person's surname."""
    key = name_key(actor)
    if " " in key:
        return f"{story_column} IN (SELECT story_id FROM story_actors WHERE key=?)", [key]
    return f"{story_column} IN (SELECT story_id FROM story_actors WHERE key=? OR surname=?)", [key, key]


def _story_filters(filters: Filters) -> tuple[list[str], list[Any]]:
    where: list[str] = ["1"]
    params: list[Any] = []
    if filters.since:
        where.append("(s.last_date IS NULL OR s.last_date >= ?)")
        params.append(filters.since)
    if filters.until:
        where.append("(s.first_date IS NULL OR s.first_date <= ?)")
        params.append(filters.until)
    if filters.outlet:
        where.append("EXISTS (SELECT 1 FROM articles o WHERE o.outlet=? AND o.story_id=s.id)")
        params.append(filters.outlet)
    if filters.language:
        where.append("EXISTS (SELECT 1 FROM articles g WHERE g.story_id=s.id AND g.language=?)")
        params.append(filters.language)
    if filters.actor:
        clause, values = _actor_clause(filters.actor, "s.id")
        where.append(clause)
        params += values
    return where, params


def _article_filters(filters: Filters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for column, op, value in (
        ("published", ">=", filters.since),
        ("published", "<=", filters.until),
        ("outlet", "=", filters.outlet),
        ("language", "=", filters.language),
    ):
        if value:
            where.append(f"a.{column} {op} ?")
            params.append(value)
    if filters.actor:
        clause, values = _actor_clause(filters.actor, "a.story_id")
        where.append(clause)
        params += values
    return where, params


def _window(limit: int, offset: int) -> tuple[int, int]:
    """A page's size (1 to ``MAX_LIMIT``) and start (≥ 0)."""
    return max(1, min(int(limit), MAX_LIMIT)), max(0, int(offset))


_STORY_COLUMNS = "s.id, s.title, s.first_date, s.last_date, s.n_articles, s.n_outlets"


def _story_row(r: Any, snippet: str | None = None) -> StoryRow:
    """A :class:`StoryRow` from the ``_STORY_COLUMNS`` of a result row."""
    return StoryRow(r[0], r[1] or "", r[2], r[3], int(r[4]), int(r[5]), snippet)


def list_stories(
    store: Store, filters: Filters | None = None, *, sort: StorySort = "newest", limit: int = 20, offset: int = 0
) -> Page:
    """Stories matching ``filters``: ``latest`` coverage first, stories of fewer than
    ``MIN_LATEST_ARTICLES`` articles after the others (``newest``: all by latest coverage;
    ``covered``: most articles first)."""
    where, params = _story_filters(filters or Filters())
    # SQLite sorts NULL lowest, so undated stories come last in DESC order (the indexes' order)
    order = {
        "latest": f"s.n_articles >= {MIN_LATEST_ARTICLES} DESC, s.last_date DESC, s.n_articles DESC, s.id",
        "newest": "s.last_date DESC, s.n_articles DESC, s.id",
        "covered": "s.n_articles DESC, s.last_date DESC, s.id",
    }[sort]
    condition = " AND ".join(where)
    limit, offset = _window(limit, offset)
    total = int(store.conn.execute(f"SELECT COUNT(*) FROM story_list s WHERE {condition}", params).fetchone()[0])
    rows = store.conn.execute(
        f"SELECT {_STORY_COLUMNS} FROM story_list s WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    items = [_story_row(r) for r in rows]
    _add_per_day(store, items)
    return Page(items, total, limit, offset)


def search_stories(
    store: Store, query: str, filters: Filters | None = None, *, limit: int = 20, offset: int = 0
) -> Page:
    """Stories whose title or summary match ``query``, best first."""
    expression = fts_query(query)
    where, params = _story_filters(filters or Filters())
    base = (
        "FROM stories_fts f JOIN story_rows r ON r.row=f.rowid JOIN story_list s ON s.id=r.story_id"
        f" WHERE stories_fts MATCH ? AND {' AND '.join(where)}"
    )
    limit, offset = _window(limit, offset)
    total = int(store.conn.execute(f"SELECT COUNT(*) {base}", [expression, *params]).fetchone()[0])
    rows = store.conn.execute(
        f"SELECT f.rowid, {_STORY_COLUMNS} {base} ORDER BY bm25(stories_fts, 3.0, 1.0) LIMIT ? OFFSET ?",
        [expression, *params, limit, offset],
    ).fetchall()
    snippets = _snippets(store, "stories_fts", expression, [int(r[0]) for r in rows], 20)
    items = [_story_row(r[1:], snippets.get(int(r[0]), "")) for r in rows]
    _add_per_day(store, items)
    return Page(items, total, limit, offset)


def search_articles(
    store: Store, query: str, filters: Filters | None = None, *, limit: int = 20, offset: int = 0
) -> Page:
    """Articles whose title or clean text match ``query``, best first, with a snippet each."""
    expression = fts_query(query)
    conditions, values = _article_filters(filters or Filters())
    where, params = ["articles_fts MATCH ?", *conditions], [expression, *values]
    if conditions:
        base = (
            "FROM articles_fts f JOIN article_rows r ON r.row=f.rowid JOIN articles a ON a.id=r.article_id"
            f" WHERE {' AND '.join(where)}"
        )
    else:  # no filter on the article: rank the index alone, then look up the page's articles
        base = "FROM articles_fts f WHERE articles_fts MATCH ?"
    limit, offset = _window(limit, offset)
    total = int(store.conn.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0])
    ranked = [
        int(r[0])
        for r in store.conn.execute(
            f"SELECT f.rowid {base} ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
    snippets = _snippets(store, "articles_fts", expression, ranked, 24)
    found = {}
    if ranked:
        marks = ",".join("?" * len(ranked))
        for r in store.conn.execute(
            "SELECT r.row, a.id, a.title, a.outlet, a.published, a.story_id, a.language, a.source,"
            f" {OPENING_LINE_SQL} FROM article_rows r JOIN articles a ON a.id=r.article_id WHERE r.row IN ({marks})",
            ranked,
        ):
            found[int(r[0])] = ArticleHit(r[1], r[2], r[3], r[4], r[5], snippets.get(int(r[0]), ""), r[6], r[7], r[8])
    return Page([found[row] for row in ranked if row in found], total, limit, offset)


def _snippets(store: Store, table: str, expression: str, rows: list[int], tokens: int) -> dict[int, str]:
    """Snippets of the given index rows only (a snippet costs; ranking many rows should not pay for it)."""
    if not rows:
        return {}
    marks = ",".join("?" * len(rows))
    return {
        int(r[0]): str(r[1] or "")
        for r in store.conn.execute(
            f"SELECT rowid, snippet({table}, -1, ?, ?, '…', ?) FROM {table}"
            f" WHERE {table} MATCH ? AND rowid IN ({marks})",
            [MARK_START, MARK_END, tokens, expression, *rows],
        )
    }


def _add_per_day(store: Store, rows: list[StoryRow]) -> None:
    """Fill each listed story's articles per day, summary lead and main actors (three queries)."""
    if not rows:
        return
    marks = ",".join("?" * len(rows))
    by_id = {r.id: r for r in rows}
    for story_id, summary in store.conn.execute(
        "SELECT r.story_id, f.summary FROM story_rows r JOIN stories_fts f ON f.rowid=r.row"
        f" WHERE r.story_id IN ({marks})",
        list(by_id),
    ):
        by_id[story_id].lead = str(summary or "").split("\n", 1)[0] or None
    for story_id, key, name in store.conn.execute(
        f"SELECT story_id, key, name FROM story_actors WHERE story_id IN ({marks}) ORDER BY mentions DESC, key",
        list(by_id),
    ):
        if len(by_id[story_id].actors) < LIST_ACTORS:
            by_id[story_id].actors.append((str(key), str(name)))
    counts: dict[str, list[tuple[str, int]]] = {}
    for story_id, day, n in store.conn.execute(
        f"SELECT story_id, published, COUNT(*) FROM articles WHERE story_id IN ({marks})"
        " AND published IS NOT NULL GROUP BY story_id, published ORDER BY published",
        [r.id for r in rows],
    ):
        counts.setdefault(story_id, []).append((day, int(n)))
    for row in rows:
        row.per_day = counts.get(row.id, [])


def facets(store: Store) -> dict[str, list[tuple[str, int]]]:
    """The outlets and languages of the stored articles with their counts, for filter menus."""
    result = {}
    for column in ("outlet", "language"):
        rows = store.conn.execute(
            f"SELECT {column}, COUNT(*) FROM articles WHERE {column} IS NOT NULL AND story_id IS NOT NULL"
            f" GROUP BY {column} ORDER BY COUNT(*) DESC, {column} LIMIT 200"
        ).fetchall()
        result[column] = [(str(r[0]), int(r[1])) for r in rows]
    return result


def list_articles(store: Store, filters: Filters | None = None, *, limit: int = 20, offset: int = 0) -> Page:
    """Article metadata matching ``filters``, newest first (as dicts)."""
    where, params = _article_filters(filters or Filters())
    condition = " AND ".join(["1", *where])
    limit, offset = _window(limit, offset)
    keys = ("id", "title", "outlet", "published", "url", "language", "source", "story_id")
    total = int(store.conn.execute(f"SELECT COUNT(*) FROM articles a WHERE {condition}", params).fetchone()[0])
    rows = store.conn.execute(  # undated articles sort last: SQLite orders NULL lowest
        f"SELECT {', '.join('a.' + k for k in keys)} FROM articles a"
        f" WHERE {condition} ORDER BY a.published DESC, a.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return Page([dict(zip(keys, tuple(r), strict=True)) for r in rows], total, limit, offset)
