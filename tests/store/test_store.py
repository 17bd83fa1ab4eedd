import sqlite3

import numpy as np
import pytest

from newsweave.clean.article import clean_article, countable_line_keys
from newsweave.errors import Errors, NewsweaveError
from newsweave.records import Annotation, Entity, RawArticle, Sentence, Story
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


def test_a_backup_is_a_store_of_its_own_with_everything_written_before_it(tmp_path):
    with Store(tmp_path / "a.db") as store:
        store.add_articles([_article("The council approved the bridge on Monday.")])
        store.backup(tmp_path / "copy.db")
        store.add_articles([_article("The mayor opened the bridge a year later.")])
        assert store.count() == 2
    with Store(tmp_path / "copy.db") as copy:
        assert copy.count() == 1 and copy.schema_version == SCHEMA_VERSION
        with pytest.raises(ValueError, match="the store itself"):
            copy.backup(tmp_path / "." / "copy.db")
        assert copy.count() == 1


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


def _store_at(path, version, leftover):
    """A store at schema ``version`` holding a development version's table of the name ``leftover``."""
    from newsweave.store.schema import MIGRATIONS

    conn = sqlite3.connect(path)
    conn.executescript("".join(MIGRATIONS[v] for v in range(1, version + 1)) + f"PRAGMA user_version={version};")
    conn.execute(f"CREATE TABLE {leftover} (some_id TEXT, stale BLOB)")
    conn.commit()
    conn.close()
    return path


def test_a_store_at_12_holding_a_leftover_quote_pairs_table_is_migrated(tmp_path):
    with Store(_store_at(tmp_path / "old.db", 12, "story_quote_pairs")) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.story_quote_pairs("s1", "v") is None


def test_a_store_with_vectors_from_before_the_record_is_taken_to_hold_the_then_default_float32(tmp_path):
    """Stores written before version 6 recorded no embedding model; their vectors were the default's
    of the time, float32 (a new store's default is int8 since)."""
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
        assert store.setting("embedding") == Embedder(backend="onnx").identity  # the default model, float32
    with Store(tmp_path / "without.db") as store:
        assert store.setting("embedding") is None  # the first model to make vectors is recorded


def _annotated_store(path, n):
    """A store of ``n`` articles of two outlets, all but every fifth annotated (two sentences, entities
    of which two start at the same place, a vector); every third has its first sentence's vector cached."""
    articles = [
        _article(
            f"The harbour authority said {i} ships were waiting outside the port on Monday morning.\n"
            "The city council met on Tuesday to discuss the budget for the new bridge across the river.",
            id=f"a{i:04d}",
            outlet="North" if i % 2 else "South",
        )
        for i in range(n)
    ]
    store = Store(path)
    store.add_articles(articles, [countable_line_keys(a) for a in articles])
    annotations = []
    for i, a in enumerate(articles):
        if i % 5 == 4:
            continue
        sentences = [
            Sentence(a.id, 0, f"Report {i}.", "body", 0, 9),
            Sentence(a.id, 1, "The council met.", "body", 10, 26),
        ]
        entities = [
            Entity(a.id, 1, "council", "ORG", 14, 21),
            Entity(a.id, 0, f"Report {i}", "WORK_OF_ART", 0, 8),
            Entity(a.id, 0, "Report", "ORG", 0, 6),  # starts where the one before does
        ]
        annotations.append(Annotation(a.id, sentences, entities, [float(i), 1.0, 0.5], {"council": 1}))
    store.save_annotations(annotations, {})
    store.save_sentence_vectors(
        {(a.id, 0): np.array([i, 2.0], dtype=np.float32) for i, a in enumerate(articles) if i % 3 == 0}
    )
    return store, [a.id for a in articles]


def test_batched_reads_give_what_the_one_article_reads_give(tmp_path):
    store, ids = _annotated_store(tmp_path / "a.db", 1203)  # more than two chunks of 500
    with store:
        wanted = [*reversed(ids), "no-such-article", ids[0]]
        sentences = store.sentences_of(wanted)
        entities = store.entities_of(wanted)
        sentence_vectors = store.sentence_vectors_of(wanted)
        vectors = store.article_vectors(wanted)
        assert set(sentences) == set(entities) == set(sentence_vectors) == set(wanted)
        for article_id in set(wanted):
            assert sentences[article_id] == store.sentences(article_id)
            assert entities[article_id] == store.entities(article_id)
            one = store.sentence_vectors(article_id)
            assert sentence_vectors[article_id].keys() == one.keys()
            assert all(np.array_equal(sentence_vectors[article_id][k], one[k]) for k in one)
            vector = store.article_vector(article_id)
            if vector is None:
                assert article_id not in vectors
            else:
                assert np.array_equal(vectors[article_id], vector)
        assert sum(1 for s in sentences.values() if s) == 1203 - 1203 // 5
        assert sum(1 for v in sentence_vectors.values() if v) == sum(
            1 for i in range(1203) if i % 3 == 0 and i % 5 != 4
        )
        assert len(vectors) == 1203 - 1203 // 5
        assert [e.text for e in entities[ids[0]]] == [e.text for e in store.entities(ids[0])]
        assert store.sentences_of([]) == {} and store.article_vectors([]) == {}


def test_line_counts_of_many_outlets_are_those_of_each(tmp_path):
    store, ids = _annotated_store(tmp_path / "a.db", 40)
    with store:
        keys = [f"line {i}" for i in range(700)]  # more than a chunk, nearly all not stored
        for article in store.articles(ids[:3]):
            keys += sorted(countable_line_keys(article))
        asked = {"North": keys, "South": keys[-5:], "Nowhere": keys[:3]}
        many = store.line_counts_many(asked)
        assert set(many) == set(asked)
        for outlet, outlet_keys in asked.items():
            assert many[outlet] == store.line_counts(outlet, outlet_keys)
        counts, total = many["North"]
        assert total == 20 and max(counts.values()) == 20  # the council line is in every article
        assert many["Nowhere"] == ({}, 0)
        assert store.line_counts_many({}) == {}


def test_line_keys_are_counted_only_when_given(tmp_path):
    with Store(tmp_path / "a.db") as store:
        store.add_articles([_article("A line.\nAnother line.", outlet="North")])
        store.add_articles([_article("A line.\nA third line.", outlet="North")], [["a line", "a third line"]])
        assert store.line_counts("North", ["a line", "another line", "a third line"]) == (
            {"a line": 1, "a third line": 1},
            2,
        )
        with pytest.raises(ValueError):  # one set of keys per article
            store.add_articles([_article("Yet another text.", outlet="North")], [])
        assert store.count() == 2


def test_batched_reads_on_a_store_the_pipeline_built(web_db):
    with Store(web_db, readonly=True) as store:
        ids = [a.id for a in store.articles()]
        sentences, entities = store.sentences_of(ids), store.entities_of(ids)
        sentence_vectors, vectors = store.sentence_vectors_of(ids), store.article_vectors(ids)
        assert any(sentence_vectors.values()) and len(vectors) == len(ids)
        for article_id in ids:
            assert sentences[article_id] == store.sentences(article_id)
            assert entities[article_id] == store.entities(article_id)
            one = store.sentence_vectors(article_id)
            assert sorted(sentence_vectors[article_id]) == sorted(one)
            assert all(np.array_equal(sentence_vectors[article_id][k], v) for k, v in one.items())
            assert np.array_equal(vectors[article_id], store.article_vector(article_id))
        by_outlet: dict[str, list[str]] = {}
        for article in store.articles():
            if article.outlet:
                by_outlet.setdefault(article.outlet, []).extend(countable_line_keys(article))
        many = store.line_counts_many(by_outlet)
        assert many == {outlet: store.line_counts(outlet, keys) for outlet, keys in by_outlet.items()}


def test_articles_quotes_are_kept_under_the_version_that_found_them(tmp_path):
    with Store(tmp_path / "a.db") as store:
        a, b = _article("The council approved the bridge on Monday."), _article("The ferry crews struck on Friday.")
        store.add_articles([a, b])
        store.save_article_quotes({a.id: b"quotes of a", "not stored": b"dropped"}, "v1")
        assert store.article_quotes([a.id, b.id, "not stored"], "v1") == {a.id: b"quotes of a"}
        assert store.article_quotes([a.id], "v2") == {}  # found by other code or another parser: stale
        store.save_article_quotes({a.id: b"found again", b.id: b"quotes of b"}, "v2")
        assert store.article_quotes([a.id, b.id], "v2") == {a.id: b"found again", b.id: b"quotes of b"}
        assert store.article_quotes([a.id], "v1") == {}  # replaced, not kept beside
        assert store.conn.execute("SELECT COUNT(*) FROM article_quotes").fetchone()[0] == 2


def test_articles_by_id_come_in_the_order_asked_once_each_the_missing_left_out(tmp_path):
    store, ids = _annotated_store(tmp_path / "a.db", 12)
    with store:
        asked = [ids[5], "nowhere", ids[0], ids[5], ids[11]] + [f"x{i}" for i in range(600)]  # over a chunk
        assert [a.id for a in store.articles(asked)] == [ids[5], ids[0], ids[11]]
        one = store.articles([ids[3]])[0]
        assert one == store.article(ids[3]) and one.lines and one.raw_text
        assert store.articles([]) == []


def test_articles_results_are_kept_by_kind_and_version_and_go_with_the_article(tmp_path):
    with Store(_store_at(tmp_path / "old.db", 13, "article_results")) as store:
        assert store.schema_version == SCHEMA_VERSION
        first, second = _article("The council approved the bridge on Monday."), _article("Dockers struck on Friday.")
        store.add_articles([first, second])
        a1, a2 = first.id, second.id
        store.save_article_results({a1: b"one", a2: b"two", "gone": b"x"}, "mentions", "v1")
        store.save_article_results({a1: b"dates"}, "dates", "v1")
        assert store.article_results([a1, a2, "gone"], "mentions", "v1") == {a1: b"one", a2: b"two"}
        assert store.article_results([a1], "mentions", "v2") == {}  # another version's are not read
        assert store.article_results([a1], "dates", "v1") == {a1: b"dates"}
        store.save_article_results({a1: b"again"}, "mentions", "v2")  # in place of the older version's
        assert store.article_results([a1, a2], "mentions", "v2") == {a1: b"again"}
        assert store.article_results([a1], "mentions", "v1") == {}
        store.conn.execute("DELETE FROM articles WHERE id=?", (a2,))
        assert store.article_results([a2], "mentions", "v1") == {}  # gone with its article


def test_a_store_at_14_has_its_story_list_count_named_outlets(tmp_path):
    """Before schema 15 the story list counted an article naming no outlet as an outlet; the
    migration counts the stored stories' named outlets again."""
    import json

    path = _store_at(tmp_path / "old.db", 14, "unrelated_leftover")
    story = Story("s1", ["a", "b", "c"], title="Harbour road", outlets=["Marnholt Post"], unknown_outlets=2)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO stories (id, created_at, updated_at, data) VALUES ('s1', 'x', 'x', ?)",
        (json.dumps(story.to_dict()),),
    )
    conn.execute("INSERT INTO story_list VALUES ('s1', 'Harbour road', NULL, NULL, 3, 3)")  # as version 14 wrote it
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("SELECT n_outlets FROM story_list WHERE id='s1'").fetchone()[0] == 1
