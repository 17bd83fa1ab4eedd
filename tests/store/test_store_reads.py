"""The store's reads for the web pages, against the SQL the pages ran themselves before, on the
store built from the sample corpus (``web_db``)."""

from __future__ import annotations

import json

import pytest

from newsweave.clean.article import clean_article
from newsweave.records import RawArticle
from newsweave.store.articles import OPENING_LINE_SQL
from newsweave.store.store import Store, story_from_dict
from newsweave.text.names import name_key


@pytest.fixture(scope="module")
def store(web_db):
    with Store(web_db, readonly=True) as s:
        yield s


def _article_ids(store: Store) -> list[str]:
    return [str(r[0]) for r in store.conn.execute("SELECT id FROM articles ORDER BY id")]


def test_article_headers_are_what_a_story_page_read(store):
    for story in store.stories():
        ids = list(story.article_ids)
        marks = ",".join("?" * len(ids))
        before = [
            tuple(r)
            for r in store.conn.execute(
                f"SELECT id, title, outlet, published, url, language, source, {OPENING_LINE_SQL}"
                f" FROM articles a WHERE id IN ({marks})",
                ids,
            )
        ]
        headers = store.article_headers(ids)
        assert [tuple(h.values()) for h in headers.values()] == before
        assert list(headers) == [r[0] for r in before]
        assert all(
            list(h) == ["id", "title", "outlet", "published", "url", "language", "source", "opening"]
            for h in headers.values()
        )


def test_story_actor_keys_and_story_of_article(store):
    for story_id in store.story_ids():
        before = {
            str(r[0]): str(r[1])
            for r in store.conn.execute("SELECT name, key FROM story_actors WHERE story_id=?", (story_id,))
        }
        assert store.story_actor_keys(story_id) == before
    for article_id in [*_article_ids(store), "no-such-article"]:
        row = store.conn.execute(
            "SELECT a.story_id, s.title FROM articles a LEFT JOIN story_list s ON a.story_id=s.id WHERE a.id=?",
            (article_id,),
        ).fetchone()
        assert store.story_of_article(article_id) == ((row[0], row[1]) if row else (None, None))
    assert store.story_of_article("no-such-article") == (None, None)


def test_headers_and_original_of_a_copy(tmp_path):
    untitled = clean_article(RawArticle(source="a.txt", text="The harbour reopened on Monday.\nShips queued."))
    titled = clean_article(RawArticle(source="b.txt", text="The council met.", title="Council"))
    copy = clean_article(RawArticle(source="c.txt", text="The council met.", title="Council", outlet="Wire"))
    with Store(tmp_path / "a.db") as store:
        store.add_articles([untitled, titled])
        (copy_id,) = store.add_copies([(copy, titled.id, 0.97)])
        headers = store.article_headers([titled.id, untitled.id, "no-such-article"])
        assert headers[untitled.id]["title"] is None and headers[untitled.id]["opening"] == untitled.body[0].text
        assert headers[titled.id]["title"] == "Council" and headers[titled.id]["opening"] is None
        assert "no-such-article" not in headers
        assert store.original_of(copy_id) == titled.id
        assert store.original_of(titled.id) is None and store.original_of("no-such-copy") is None


def test_sentence_texts_are_those_of_the_cited_sentences(store):
    story = store.stories()[0]
    pairs = [(c.article, c.sentence) for s in story.summary for c in s.citations] + [("no-such-article", 0)]
    texts = store.sentence_texts(pairs)
    assert texts and ("no-such-article", 0) not in texts
    for (article, index), text in texts.items():
        assert text == next(s.text for s in store.sentences(article) if s.index == index)


def test_actor_reads_are_what_the_actor_pages_read(store):
    keys = [str(r[0]) for r in store.conn.execute("SELECT DISTINCT key FROM story_actors ORDER BY key")]
    assert keys
    for key in keys:
        rows = store.conn.execute(
            "SELECT s.data FROM story_actors sa JOIN story_list l ON l.id=sa.story_id JOIN stories s"
            " ON s.id=sa.story_id WHERE sa.key=? ORDER BY l.last_date DESC, l.n_articles DESC LIMIT ?",
            (key, 50),
        ).fetchall()
        stories = store.actor_stories(key, 50)
        assert [s.to_dict() for s in stories] == [story_from_dict(json.loads(r[0])).to_dict() for r in rows]
        ids = [s.id for s in stories]
        marks = ",".join("?" * len(ids))
        before = [
            {"key": r[0], "name": r[1], "type": r[2], "stories": int(r[3])}
            for r in store.conn.execute(
                f"SELECT key, MAX(name), MAX(type), COUNT(*) FROM story_actors WHERE story_id IN ({marks}) AND key<>?"
                " GROUP BY key ORDER BY COUNT(*) DESC, SUM(mentions) DESC LIMIT 12",
                [*ids, key],
            )
        ]
        assert store.related_actors(ids, key) == before


@pytest.mark.parametrize("name", [None, "", "a", "ache", "Achebe", "%", "_", "\\", "no such actor"])
@pytest.mark.parametrize("page", [(50, 0), (3, 2)])
def test_actor_listing_is_what_the_actors_page_read(store, name, page):
    limit, offset = page
    where, params = "1", []
    if name:
        folded = name_key(name).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where, params = "key LIKE ? ESCAPE '\\'", [f"%{folded}%"]
    total = int(store.conn.execute(f"SELECT COUNT(DISTINCT key) FROM story_actors WHERE {where}", params).fetchone()[0])
    rows = store.conn.execute(
        f"SELECT key, MAX(name), MAX(type), COUNT(*), SUM(mentions) FROM story_actors WHERE {where}"
        " GROUP BY key ORDER BY COUNT(*) DESC, SUM(mentions) DESC, key LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    before = [{"key": r[0], "name": r[1], "type": r[2], "stories": int(r[3]), "mentions": int(r[4])} for r in rows]
    assert store.actor_listing(name_key(name) if name else None, limit=limit, offset=offset) == (before, total)


def test_story_entity_labels_count_the_names_of_the_stories_articles(store):
    from collections import Counter

    stories = store.stories()
    assert len(stories) >= 2
    for chosen in ([stories[0]], stories[:2]):
        counts: Counter[tuple[str, str]] = Counter()
        for story in chosen:
            for article in story.article_ids:
                counts.update((e.text, e.label) for e in store.entities(article))
        got = store.story_entity_labels([s.id for s in chosen])
        assert counts and {(t, lab): n for t, lab, n in got} == dict(counts) and len(got) == len(counts)
    assert store.story_entity_labels([]) == []


def test_a_quote_variant_stored_without_its_own_speaker_reads_back_with_the_statements():
    older = {
        "id": "s1",
        "quotes": [
            {
                "speaker": "Anna Veldt",
                "text": "We will rebuild the pier.",
                "citations": [],
                "variants": [{"text": "We shall rebuild the pier.", "citations": []}],
            }
        ],
    }
    (quote,) = story_from_dict(older).quotes
    assert quote.variants[0].speaker == "Anna Veldt"
    newer = json.loads(json.dumps(older))
    newer["quotes"][0]["variants"][0]["speaker"] = None
    assert story_from_dict(newer).quotes[0].variants[0].speaker is None
