import sqlite3

import pytest

from newsweave.clean.article import clean_article
from newsweave.errors import Errors, NewsweaveError
from newsweave.records import Annotation, RawArticle, Sentence
from newsweave.store.store import SCHEMA_VERSION, Store


def _article(text, **kw):
    return clean_article(RawArticle(source="t.txt", text=text, **kw))


def test_schema_version_and_pragmas(tmp_path):
    with Store(tmp_path / "a.db") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "a.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(NewsweaveError) as info:
        Store(path)
    assert info.value.error is Errors.E003


def test_ingest_is_idempotent_by_text_and_by_url(tmp_path):
    with Store(tmp_path / "a.db") as store:
        a = _article("The council approved the bridge on Monday.")
        added, dup = store.add_articles([a])
        assert len(added) == 1 and dup == []
        # Same text with other spacing and case: the same article.
        added, dup = store.add_articles([_article("the council approved  the bridge on Monday")])
        assert added == [] and dup == [a.id]
        # Same URL, re-scraped with a changed text: still the same article.
        u1 = _article("First version of a story.", url="https://x.example/1")
        u2 = _article("Second, updated version of the story.", url="https://x.example/1")
        assert len(store.add_articles([u1])[0]) == 1
        assert store.add_articles([u2])[0] == []
        assert store.count() == 2


def test_an_id_taken_by_another_article_gets_a_suffix(tmp_path):
    with Store(tmp_path / "a.db") as store:
        store.add_articles([_article("First text of an article.", id="7")])
        added, _ = store.add_articles([_article("Entirely different text.", id="7")])
        assert added[0].startswith("7~")
        assert store.count() == 2


def test_a_failing_batch_leaves_nothing_behind(tmp_path):
    with Store(tmp_path / "a.db") as store:
        good = _article("A good article.")
        bad = _article("Another article.")
        bad.lines = None  # not serialisable: fails in the middle of the batch
        with pytest.raises(TypeError):
            store.add_articles([good, bad])
        assert store.count() == 0


def test_annotation_progress_is_resumable(tmp_path):
    with Store(tmp_path / "a.db") as store:
        arts = [_article(f"Article number {i} has its own text.") for i in range(5)]
        store.add_articles(arts)
        assert len(list(store.pending_annotation(chunk=2))) == 5
        first = arts[0]
        ann = Annotation(first.id, [Sentence(first.id, 0, first.body[0].text, "body", 0, 10)], [], [0.0, 1.0])
        store.save_annotations([ann], {first.id: frozenset({"council"})})
        assert {a.id for a in store.pending_annotation()} == {a.id for a in arts[1:]}
        assert store.entity_df() == ({"council": 1}, 1)
        assert store.unassigned() == [first.id]


def test_an_old_store_is_migrated_and_keeps_its_articles(tmp_path):
    from newsweave.store.schema import MIGRATIONS
    from newsweave.store.search import search_articles

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[1] + "PRAGMA user_version=1;")
    lines = '[{"number": 1, "text": "Dockers strike at the harbour.", "kind": "body", "reason": null}]'
    conn.execute(
        "INSERT INTO articles (id, source, content_hash, raw_text, lines, ingested_at) VALUES (?,?,?,?,?,?)",
        ("old1", "x.txt", "h", "text", lines, "2024-01-01"),
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.count() == 1
        assert store.terms("old1") == {} and store.term_df() == {}
        # articles stored before the search index are indexed by the migration
        assert [hit.id for hit in search_articles(store, "harbour strikes").items] == ["old1"]


def test_a_store_with_vectors_from_before_the_record_is_taken_to_hold_the_default_models(tmp_path):
    """Stores written before version 6 recorded no embedding model; their vectors were the default's."""
    import sqlite3

    from newsweave.models.embed import Embedder
    from newsweave.store.schema import MIGRATIONS

    for name, vector in (("with.db", b"\0" * 16), ("without.db", None)):
        conn = sqlite3.connect(tmp_path / name)
        conn.executescript("".join(MIGRATIONS[v] for v in range(1, 6)) + "PRAGMA user_version=5;")
        conn.execute(
            "INSERT INTO articles (id, source, content_hash, raw_text, lines, ingested_at, vector)"
            " VALUES ('a', 'x.txt', 'h', 'text', '[]', '2024-01-01', ?)",
            (vector,),
        )
        conn.commit()
        conn.close()
    with Store(tmp_path / "with.db") as store:
        assert store.setting("embedding") == Embedder().identity  # the default model, float32
    with Store(tmp_path / "without.db") as store:
        assert store.setting("embedding") is None  # the first model to make vectors is recorded
