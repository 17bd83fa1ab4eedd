"""Full-text search and filtered listing (newsweave.store.search) on a store filled by hand (no models)."""

from __future__ import annotations

import pytest

from newsweave.clean.article import clean_article
from newsweave.errors import Errors, NewsweaveError
from newsweave.records import Actor, RawArticle, Story, SummarySentence
from newsweave.store.search import Filters, fts_query, list_stories, search_articles, search_stories
from newsweave.store.store import Store


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("harbour strike", '"harbour" AND "strike"'),
        ('"harbour strike"', '"harbour strike"'),
        ("strik*", '"strik"*'),
        ("cranes -vote", '("cranes") NOT "vote"'),
        ('cranes -"final vote"', '("cranes") NOT "final vote"'),
        ("ferry OR barge crews", '("ferry" OR "barge") AND "crews"'),
        ('NEAR(a b) title:x "unterminated', '("NEAR" "a") AND "b" AND ("title" "x") AND "unterminated"'),
        ('say "hello"" there', '"say" AND "hello" AND "there"'),
    ],
)
def test_queries_become_quoted_fts5_expressions(query, expression):
    assert fts_query(query) == expression


@pytest.mark.parametrize("query", ["", "   ", "-only", '""', "OR", "*", "-a -b"])
def test_a_query_with_nothing_to_find_is_e008(query):
    with pytest.raises(NewsweaveError) as caught:
        fts_query(query)
    assert caught.value.error is Errors.E008


def _article(n: int, title: str, body: str, outlet: str, published: str):
    raw = RawArticle(source=f"a{n}.txt", text=f"{title}\n\n{body}", id=f"a{n}", outlet=outlet, published=published)
    return clean_article(raw)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_articles(
            [
                _article(
                    1,
                    "Ferry crews strike at the harbour",
                    "Ferry crews walked out on Monday after talks with the operator failed over night shifts.",
                    "Harbour Daily",
                    "2025-03-03",
                ),
                _article(
                    2,
                    "Minister meets Aydoğan in Ankara",
                    "The minister met President Aydoğan on Tuesday to discuss grain exports through the straits.",
                    "Civic Post",
                    "2025-04-10",
                ),
                _article(
                    3,
                    "Grain ships wait off the coast",
                    "Dozens of grain ships waited off the coast while the harbour strike went into its second week.",
                    "Civic Post",
                    "2025-03-12",
                ),
            ]
        )
        store.assign({"a1": "s1", "a3": "s1", "a2": "s2"})
        for story_id, title, members, actor, dates in (
            ("s1", "Harbour strike", ["a1", "a3"], "Mara Lind", ("2025-03-03", "2025-03-12")),
            ("s2", "Grain talks in Ankara", ["a2"], "Selim Tarik Aydoğan", ("2025-04-10", "2025-04-10")),
        ):
            store.save_story(
                Story(
                    story_id,
                    members,
                    title=title,
                    outlets=["Civic Post"],
                    first_date=dates[0],
                    last_date=dates[1],
                    summary=[SummarySentence(f"{title}: what happened.", [])],
                    actors=[Actor(actor, "person", [actor.split()[-1]], 3)],
                )
            )
        yield store


def test_search_is_stemmed_accent_blind_and_ranked_by_title(store):
    assert {h.id for h in search_articles(store, "strikes").items} == {"a1", "a3"}
    assert search_articles(store, "strikes").items[0].id == "a1"  # the title match ranks first
    assert [h.id for h in search_articles(store, "Aydogan").items] == ["a2"]
    assert [h.id for h in search_articles(store, '"grain ships"').items] == ["a3"]
    assert search_articles(store, '"ships grain"').total == 0  # a phrase keeps its order


def test_snippets_mark_the_matches(store):
    (hit,) = search_articles(store, "operator").items
    assert "\x02operator\x03" in hit.snippet


def test_filters_apply_to_search_and_listing(store):
    assert search_articles(store, "harbour", Filters(outlet="Civic Post")).total == 1
    assert search_articles(store, "harbour", Filters(since="2025-03-10")).total == 1
    assert search_articles(store, "grain", Filters(actor="aydogan")).total == 1  # by the story's actor
    assert [s.id for s in list_stories(store, Filters(actor="Aydoğan")).items] == ["s2"]
    assert [s.id for s in list_stories(store, Filters(actor="selim tarik aydogan")).items] == ["s2"]
    assert [s.id for s in list_stories(store, Filters(outlet="Harbour Daily")).items] == ["s1"]
    assert [s.id for s in list_stories(store, Filters(until="2025-03-31")).items] == ["s1"]
    assert [s.id for s in list_stories(store, sort="newest").items] == ["s2", "s1"]
    assert [s.id for s in list_stories(store, sort="covered").items] == ["s1", "s2"]
    assert list_stories(store).items[1].per_day == [("2025-03-03", 1), ("2025-03-12", 1)]


def test_story_search_finds_titles_and_summaries(store):
    assert [s.id for s in search_stories(store, "talks").items] == ["s2"]
    assert [s.id for s in search_stories(store, "happened", Filters(actor="Lind")).items] == ["s1"]


def test_the_index_follows_changed_lines_and_removed_stories(store):
    article = store.article("a1")
    assert article is not None
    for line in article.lines:
        if "walked out" in line.text:
            line.kind, line.reason = "dropped", "recurring"
    store.update_lines(article)
    assert search_articles(store, "walked").total == 0
    assert search_articles(store, "ferry").total == 1  # the title is still there
    store.assign({"a2": "s1"})
    store.delete_empty_stories()
    assert search_stories(store, "talks").total == 0
    assert store.conn.execute("SELECT COUNT(*) FROM story_actors WHERE story_id='s2'").fetchone()[0] == 0


def test_one_word_names_match_people_by_surname_not_organisations(store):
    story = store.story("s1")
    assert story is not None
    story.actors.append(Actor("Dockers Party", "organization", [], 2))
    store.save_story(story)
    assert list_stories(store, Filters(actor="party")).total == 0
    assert [s.id for s in list_stories(store, Filters(actor="dockers party")).items] == ["s1"]
    assert [s.id for s in list_stories(store, Filters(actor="lind")).items] == ["s1"]
