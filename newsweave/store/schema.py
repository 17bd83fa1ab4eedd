"""The store's SQL schema: one migration per version, applied in order by :class:`~newsweave.store.store.Store`.

A store records its version in ``PRAGMA user_version``; opening an older store migrates it
in one transaction per version, so an interrupted migration leaves the previous version.
"""

from __future__ import annotations

SCHEMA_VERSION = 15

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT UNIQUE,
        content_hash TEXT NOT NULL,
        title TEXT, outlet TEXT, published TEXT, language TEXT,
        raw_text TEXT NOT NULL,
        lines TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        annotated INTEGER NOT NULL DEFAULT 0,
        vector BLOB,
        story_id TEXT REFERENCES stories(id) ON DELETE SET NULL
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_story ON articles(story_id);
    CREATE INDEX articles_pending ON articles(annotated, story_id);
    CREATE TABLE sentences (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, vector BLOB,
        PRIMARY KEY (article_id, idx)
    );
    CREATE TABLE entities (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, value TEXT
    );
    CREATE INDEX entities_article ON entities(article_id);
    CREATE TABLE entity_df (key TEXT PRIMARY KEY, df INTEGER NOT NULL);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        first_date TEXT, last_date TEXT,
        dirty INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        data TEXT
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        command TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
        counts TEXT
    );
    CREATE TABLE skipped (
        run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
        source TEXT NOT NULL, line INTEGER, code TEXT NOT NULL, message TEXT NOT NULL
    );
    """,
    2: """
    ALTER TABLE articles ADD COLUMN terms TEXT;
    CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
    """,
    3: """
    CREATE TABLE signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        minhash BLOB NOT NULL
    );
    CREATE TABLE copies (
        id TEXT PRIMARY KEY,
        original_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source TEXT NOT NULL, url TEXT, content_hash TEXT NOT NULL,
        title TEXT, outlet TEXT, published TEXT,
        similarity REAL NOT NULL,
        raw_text TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX copies_original ON copies(original_id);
    CREATE INDEX copies_url ON copies(url);
    CREATE INDEX copies_hash ON copies(content_hash);
    ALTER TABLE articles ADD COLUMN published_source TEXT;
    ALTER TABLE articles ADD COLUMN published_evidence TEXT;
    CREATE TABLE http_validators (
        url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, fetched_at TEXT NOT NULL
    );
    CREATE TABLE line_counts (
        outlet TEXT NOT NULL, line_key TEXT NOT NULL, articles INTEGER NOT NULL,
        PRIMARY KEY (outlet, line_key)
    );
    """,
    # Search and browsing: FTS5 indexes of articles (kept by triggers, so every write path
    # keeps them) and of stories (title and summary, written with the story), story columns
    # for listing without parsing stories, and each story's actors by name key.
    4: """
    CREATE TABLE article_rows (row INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_rows (article_id) VALUES (NEW.id);
        INSERT INTO articles_fts (rowid, title, text) VALUES (
            (SELECT row FROM article_rows WHERE article_id=NEW.id), coalesce(NEW.title, ''),
            (SELECT coalesce(group_concat(json_extract(value, '$.text'), char(10)), '') FROM json_each(NEW.lines)
             WHERE json_extract(value, '$.kind') IN ('dek', 'heading', 'body')));
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, lines ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid=(SELECT row FROM article_rows WHERE article_id=OLD.id);
        INSERT INTO articles_fts (rowid, title, text) VALUES (
            (SELECT row FROM article_rows WHERE article_id=NEW.id), coalesce(NEW.title, ''),
            (SELECT coalesce(group_concat(json_extract(value, '$.text'), char(10)), '') FROM json_each(NEW.lines)
             WHERE json_extract(value, '$.kind') IN ('dek', 'heading', 'body')));
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid=(SELECT row FROM article_rows WHERE article_id=OLD.id);
        DELETE FROM article_rows WHERE article_id=OLD.id;
    END;
    INSERT INTO article_rows (article_id) SELECT id FROM articles ORDER BY rowid;
    INSERT INTO articles_fts (rowid, title, text)
        SELECT r.row, coalesce(a.title, ''),
               (SELECT coalesce(group_concat(json_extract(value, '$.text'), char(10)), '') FROM json_each(a.lines)
                WHERE json_extract(value, '$.kind') IN ('dek', 'heading', 'body'))
        FROM article_rows r JOIN articles a ON a.id=r.article_id;
    CREATE INDEX articles_outlet ON articles(outlet, story_id);
    CREATE INDEX articles_language ON articles(language, story_id);
    CREATE INDEX articles_published ON articles(published);
    -- what a list of stories shows, one row per written story, apart from the story's JSON
    -- (reading a column stored after a large value means following its overflow pages)
    CREATE TABLE story_list (
        id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
        title TEXT NOT NULL, first_date TEXT, last_date TEXT,
        n_articles INTEGER NOT NULL, n_outlets INTEGER NOT NULL
    );
    CREATE INDEX story_list_newest ON story_list(last_date DESC, n_articles DESC, id);
    CREATE INDEX story_list_covered ON story_list(n_articles DESC, last_date DESC, id);
    CREATE TABLE story_rows (row INTEGER PRIMARY KEY, story_id TEXT NOT NULL UNIQUE);
    CREATE VIRTUAL TABLE stories_fts USING fts5(
        title, summary, tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TABLE story_actors (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        key TEXT NOT NULL, surname TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (story_id, key)
    );
    CREATE INDEX story_actors_key ON story_actors(key);
    CREATE INDEX story_actors_surname ON story_actors(surname);
    """,
    # The near-duplicate index on disk (newsweave/dedup.py): each stored signature cut into
    # bands, one row per band, found by (band, key); the layout the keys were made with. Filled
    # from the stored signatures on first use, and again when the layout changes.
    5: """
    CREATE TABLE minhash_bands (
        band INTEGER NOT NULL, key INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, key, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX minhash_bands_article ON minhash_bands(article_id);
    CREATE TABLE minhash_layout (bands INTEGER NOT NULL, rows INTEGER NOT NULL);
    """,
    # The store's settings: what made its vectors (the embedding model and its precision), so
    # that vectors of two models are never compared (newsweave/pipeline.py, E011); a store with
    # vectors from before this record is taken to hold the default model's, whatever model opens
    # it first. Vectors of texts that are not whole stored sentences (claim clauses, quote
    # sentences), by a hash of the text, so that a story re-written as it grows does not embed
    # them again.
    6: """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO settings (key, value) SELECT 'embedding', 'all-MiniLM-L6-v2 (float32)'
        WHERE EXISTS (SELECT 1 FROM articles WHERE vector IS NOT NULL);
    CREATE TABLE text_vectors (hash BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;
    -- the articles still to be given a vector (after a change of model), found without reading
    -- every article row: the vector is stored after the text, on its overflow pages
    CREATE INDEX articles_without_vector ON articles(id) WHERE annotated=1 AND vector IS NULL;
    """,
    # Two levels of grouping: every article is in one event (one happening), every event in one
    # developing story (newsweave/events.py). An event keeps the aggregate features the story
    # level compares (so that linking never re-reads its articles) and what was written for it.
    # A story or event that lost all its articles to another leaves a redirect, so an id a user
    # saw still leads somewhere. A store from before events gets one event per story.
    7: """
    ALTER TABLE articles ADD COLUMN event_id TEXT;
    CREATE INDEX articles_event ON articles(event_id);
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        story_id TEXT,
        first_date TEXT, last_date TEXT,
        n_articles INTEGER NOT NULL DEFAULT 0,
        vector BLOB, entities TEXT, terms TEXT, feature_date TEXT,
        title TEXT, data TEXT,
        dirty INTEGER NOT NULL DEFAULT 1,
        created_at TEXT, updated_at TEXT
    );
    CREATE INDEX events_story ON events(story_id);
    CREATE INDEX events_dirty ON events(dirty) WHERE dirty=1;
    CREATE TABLE redirects (
        old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL, kind TEXT NOT NULL, at TEXT
    ) WITHOUT ROWID;
    UPDATE articles SET event_id='e' || substr(story_id, 2) WHERE story_id IS NOT NULL;
    INSERT INTO events (id, story_id, first_date, last_date, n_articles, dirty)
        SELECT event_id, story_id, MIN(published), MAX(published), COUNT(*), 1
        FROM articles WHERE event_id IS NOT NULL GROUP BY event_id;
    UPDATE stories SET dirty=1;
    """,
    # An event's principal people (newsweave/events.py), so that linking undated events to
    # stories can tell two happenings of the same kind apart without re-reading their articles.
    8: """
    ALTER TABLE events ADD COLUMN principals TEXT;
    UPDATE events SET vector=NULL;
    """,
    # What the story writer derived from texts with a model (the dependency parses of quote
    # paragraphs and dated sentences, the clauses of claims), by a hash of what made it and the
    # text, so that a story re-written as it grows, in a later run too, does not parse again.
    9: """
    CREATE TABLE text_results (hash BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
    """,
    # The story an event came with when that whole story merged into another (fed as a stream,
    # two stories can meet early and part later: the merge is undone when they no longer meet).
    10: """
    ALTER TABLE events ADD COLUMN merged_from TEXT;
    """,
    # Each article's quotes as the story writer found them with the article's own names (so they
    # do not depend on its story), under the version of what found them (the quoting code and the
    # parser): a story re-written as it grows, in a later run too, reads only its new articles.
    11: """
    CREATE TABLE article_quotes (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version TEXT NOT NULL,
        data BLOB NOT NULL
    ) WITHOUT ROWID;
    """,
    # Whether the story an event came with (merged_from) joined as a piece, below the merge bar
    # (newsweave/pipeline/grouping.py): a piece may move to a nearer story but is never parted by
    # the bar; until now the pipeline marked it by a "~" before the story's id.
    12: """
    ALTER TABLE events ADD COLUMN merged_as_piece INTEGER NOT NULL DEFAULT 0;
    UPDATE events SET merged_as_piece=1, merged_from=substr(merged_from, 2) WHERE merged_from LIKE '~%';
    """,
    # The quote pairs a story's last writing found to be one statement, under the version of what
    # decided (the alignment code, its thresholds, the vectors): a story re-written as it grows
    # scores only the pairs with a new quote (newsweave/synthesize/alignment_memory.py). Gone
    # with the story. (A store written by a development version between schemas 12 and 13 may
    # hold a table of that name, a cache: it is made anew; that version's pairs in text_results
    # are never read again.)
    13: """
    DROP TABLE IF EXISTS story_quote_pairs;
    CREATE TABLE story_quote_pairs (
        story_id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
        version TEXT NOT NULL,
        data BLOB NOT NULL
    ) WITHOUT ROWID;
    """,
    # What the story writer read from one article alone for its story, by kind (the mentions its
    # actors are made of: newsweave/synthesize/actor_memory.py; the days its sentences tell:
    # newsweave/synthesize/timeline_memory.py), under the version of what read it (the code and the
    # parser): a story re-written as it grows reads only its new articles. Gone with the article.
    14: """
    DROP TABLE IF EXISTS article_results;
    CREATE TABLE article_results (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        version TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (article_id, kind)
    ) WITHOUT ROWID;
    """,
    # The story list counts named outlets (an article naming none is no outlet there): the rows
    # of stories written before are counted again from their stored outlets.
    15: """
    UPDATE story_list SET n_outlets = (
        SELECT json_array_length(s.data, '$.outlets') FROM stories s WHERE s.id = story_list.id
    ) WHERE id IN (SELECT id FROM stories WHERE data IS NOT NULL);
    """,
}
