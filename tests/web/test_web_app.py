"""The web UI and JSON API (newsweave.web) on a store built from the sample corpus."""

from __future__ import annotations

import re
import sqlite3
from html import unescape

import pytest
from fastapi.testclient import TestClient

from newsweave.errors import Errors, NewsweaveError
from newsweave.store.store import Store
from newsweave.web import create_app

from ..conftest import HOSTILE, built_store

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def client(web_db):
    with TestClient(create_app(web_db)) as c:
        yield c


def _ids(html: str, prefix: str) -> list[str]:
    return re.findall(rf'href="/{prefix}/([^"#?]+)', html)


def test_stories_page_lists_every_story_newest_first(client, web_db):
    html = client.get("/").text
    with Store(web_db) as store:
        expected = store.conn.execute(
            "SELECT id FROM story_list ORDER BY last_date DESC, n_articles DESC, id"
        ).fetchall()
    listed = list(dict.fromkeys(_ids(html, "stories")))
    assert listed == [r[0] for r in expected]
    assert '<svg class="sparkline"' in html  # articles per day


def test_sort_by_coverage_and_filters_narrow_the_list(client):
    covered = client.get("/api/stories", params={"sort": "covered"}).json()["items"]
    assert [s["articles"] for s in covered] == sorted((s["articles"] for s in covered), reverse=True)
    everything = client.get("/api/stories").json()["total"]
    by_actor = client.get("/api/stories", params={"actor": "achebe"}).json()
    assert by_actor["total"] == 1 and "strike" in by_actor["items"][0]["title"].lower()
    by_outlet = client.get("/api/stories", params={"outlet": HOSTILE["outlet"]}).json()["total"]
    assert 0 < by_outlet < everything
    late = client.get("/api/stories", params={"since": "2025-04-01"}).json()["items"]
    assert late and all(s["last_date"] >= "2025-04-01" for s in late)
    assert client.get("/api/stories", params={"language": "xx"}).json()["total"] == 0
    # the HTML page applies the same filters
    assert len(set(_ids(client.get("/", params={"actor": "Achebe"}).text, "stories"))) == 1


def test_pagination_is_consistent(client):
    first = client.get("/api/stories", params={"limit": 1, "offset": 0}).json()
    second = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert first["total"] == second["total"] >= 2
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert client.get("/api/stories", params={"limit": 0}).status_code == 422


def test_a_citation_leads_to_the_cited_sentence_of_its_article(client):
    story_id = client.get("/api/stories", params={"actor": "achebe"}).json()["items"][0]["id"]
    story = client.get(f"/api/stories/{story_id}").json()
    html = client.get(f"/stories/{story_id}").text
    sentence = story["summary"][0]
    citation = sentence["citations"][0]
    link = f"/articles/{citation['article']}#s{citation['sentence']}"
    assert link in html
    article_html = client.get(f"/articles/{citation['article']}").text
    cited = re.search(rf'<span class="sentence" id="s{citation["sentence"]}">(.*?)</span>', article_html)
    assert cited is not None
    detail = client.get(f"/api/articles/{citation['article']}").json()
    by_index = {s["index"]: s["text"] for s in detail["sentences"]}
    assert unescape(cited.group(1)) == by_index[citation["sentence"]]
    # hovering shows the cited sentence: it is in the link's title
    assert unescape(cited.group(1))[:40] in unescape(html)


def test_article_page_shows_dropped_lines_on_request_and_its_story(client):
    articles = client.get("/api/articles", params={"limit": 100}).json()["items"]
    with_dropped = None
    for item in articles:
        detail = client.get(f"/api/articles/{item['id']}").json()
        if any(line["kind"] == "dropped" for line in detail["lines"]):
            with_dropped = detail
            break
    assert with_dropped is not None, "the sample corpus has boilerplate lines"
    html = client.get(f"/articles/{with_dropped['id']}").text
    dropped = [line for line in with_dropped["lines"] if line["kind"] == "dropped"]
    assert f"Lines dropped by cleaning ({len(dropped)})" in html and "<details" in html
    assert f'href="/stories/{with_dropped["story_id"]}"' in html


def test_actor_page_has_roles_over_time_stories_and_quotes(client):
    actors = client.get("/api/actors", params={"name": "Achebe"}).json()["items"]
    assert actors and actors[0]["type"] == "person"
    actor = client.get(f"/api/actors/{actors[0]['key']}").json()
    dates = [r["as_of"] for r in actor["roles"]]
    assert dates == sorted(dates) and len({r["title"] for r in actor["roles"]}) >= 2
    assert actor["stories"] and actor["quotes"]
    html = client.get(f"/actors/{actors[0]['key']}").text
    assert "Roles over time" in html and actor["roles"][0]["title"] in html


def test_search_ranks_phrases_highlights_and_filters(client):
    result = client.get("/api/search/articles", params={"q": '"automated cranes"'}).json()
    assert result["total"] >= 2
    assert all("<mark>" in hit["snippet_html"] for hit in result["items"])
    narrowed = client.get("/api/search/articles", params={"q": '"automated cranes"', "outlet": "Civic Post"}).json()
    assert narrowed["total"] < result["total"] and all(h["outlet"] == "Civic Post" for h in narrowed["items"])
    excluded = client.get("/api/search/articles", params={"q": '"automated cranes" -vote'}).json()
    assert excluded["total"] < result["total"]
    stemmed = client.get("/api/search/articles", params={"q": "flooding"}).json()["total"]
    assert stemmed >= client.get("/api/search/articles", params={"q": '"flooding"'}).json()["total"] > 0
    stories = client.get("/api/search/stories", params={"q": "flood*"}).json()
    assert stories["total"] >= 1
    html = client.get("/search", params={"q": "cranes", "kind": "articles"}).text
    assert "<mark>" in html and 'id="result-count"' in html


def test_a_query_without_words_is_a_clear_400(client):
    response = client.get("/api/search/articles", params={"q": "-only"})
    assert response.status_code == 400 and response.json()["code"] == "E008"
    page = client.get("/search", params={"q": '""'})
    assert page.status_code == 400 and "E008" in page.text


def test_unknown_ids_are_404_pages_and_json(client):
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/articles/nope").status_code == 404
    assert client.get("/actors/nobody at all").status_code == 404
    response = client.get("/api/stories/nope")
    assert response.status_code == 404 and "nope" in response.json()["detail"]


# -- security ------------------------------------------------------------------------------


def _hostile_pages(client):
    article = client.get(f"/api/articles/{HOSTILE['id']}").json()
    pages = [
        "/",
        f"/articles/{HOSTILE['id']}",
        f"/stories/{article['story_id']}",
        "/search?q=crane+vote",
        "/search?q=calloway&kind=stories",
        "/actors",
    ]
    return [(path, client.get(path).text) for path in pages]


def test_hostile_article_text_is_shown_as_text_everywhere(client):
    for path, html in _hostile_pages(client):
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert "<a href=javascript" not in html, path
        assert 'href="javascript:' not in html.replace(" ", ""), path
        assert '"onerror=' not in html, path  # a quote in text never closes an attribute
    article = dict(_hostile_pages(client))[f"/articles/{HOSTILE['id']}"]
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in article
    assert "{{ config }}" in article and "{% raw %}" in article  # template syntax is not evaluated
    assert "{{ 7*7 }}" in article
    assert "javascript:alert(3)" in article and 'href="javascript' not in article  # URL shown, not linked


def test_security_headers_on_every_kind_of_response(client):
    for path in ("/", "/api/stories", "/static/style.css", "/stories/nope", "/api/openapi.json"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert "default-src 'none'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff", path


@pytest.mark.parametrize(
    "path",
    [
        "/static/../web.db",
        "/static/..%2f..%2fpyproject.toml",
        "/static/%2e%2e/%2e%2e/app.py",
        "/articles/../../etc/passwd",
        "/articles/..%2F..%2Fetc%2Fpasswd",
        "/stories/..%2f..%2fweb.db",
        "/actors/..%2f..%2fetc%2fpasswd",
    ],
)
def test_no_path_traversal(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "root:" not in response.text and "SQLite format" not in response.text
    assert "[project]" not in response.text and "def create_app" not in response.text


def test_no_external_resources_in_pages(client):
    html = client.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_the_server_is_read_only(client, web_db):
    pool = client.app.state.pool
    with pool.connection() as store, pytest.raises(sqlite3.OperationalError):
        store.conn.execute("DELETE FROM articles")
    response = client.post("/api/articles", json={"articles": [{"text": "A new article about the strike."}]})
    assert response.status_code == 403 and "--allow-ingest" in response.json()["detail"]


def test_ingest_needs_the_token(web_db, tmp_path, annotator):
    import shutil

    db = tmp_path / "ingest.db"
    shutil.copy(web_db, db)
    app = create_app(db, allow_ingest=True, token=TOKEN)
    body = {
        "articles": [
            {
                "id": "api-1",
                "title": "Ferry crews join the harbour walkout",
                "text": "Ferry crews at the Port of Calloway joined the walkout on Thursday, the union said.\n"
                "Crossings to the islands were cancelled until further notice.",
                "published": "2025-03-27",
                "outlet": "Island Herald",
            }
        ]
    }
    with TestClient(app) as c:
        assert c.post("/api/articles", json=body).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 202 and ok.json()["added"] == 1
        again = c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert again.json()["added"] == 0 and again.json()["duplicates"] == 1  # idempotent
        found = c.get("/api/search/articles", params={"q": "ferry crews"}).json()
        assert [h["id"] for h in found["items"]] == ["api-1"]  # indexed at once, by the store
        huge = {"articles": [{"text": "x" * 6_000_000}]}
        assert c.post("/api/articles", json=huge, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 413
        bad = {"articles": [{"text": "Some text.", "published": "last week"}]}
        assert c.post("/api/articles", json=bad, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 422


def test_create_app_refuses_a_missing_store_and_ingest_without_token(tmp_path, web_db):
    with pytest.raises(NewsweaveError) as missing:
        create_app(tmp_path / "none.db")
    assert missing.value.error is Errors.E006 and not (tmp_path / "none.db").exists()
    with pytest.raises(NewsweaveError) as no_token:
        create_app(web_db, allow_ingest=True)
    assert no_token.value.error is Errors.E009


def test_serve_binds_to_loopback_by_default():
    from newsweave.cli import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_every_actor_link_of_a_story_page_leads_to_an_actor_page(client):
    """Speakers that are no actor of the story (a description, a name the actors stage did not
    keep) are shown without a link: no link on a story page is dead."""
    stories = _ids(client.get("/").text, "stories")
    assert stories
    links = {key for story in set(stories) for key in _ids(client.get(f"/stories/{story}").text, "actors")}
    assert links
    assert all(client.get(f"/actors/{key}").status_code == 200 for key in links)


def test_a_speaker_links_to_the_one_actor_who_bears_the_name_or_to_none():
    from newsweave.records import Story
    from newsweave.web.views import StoryView

    view = StoryView(
        Story(id="s1", article_ids=[]),
        {},
        {},
        [],
        {"Ada Okafor": "ada okafor", "Lin Okafor": "lin okafor", "Ben Tal": "ben tal"},
    )
    assert view.speaker_path("Ada Okafor") == "/actors/ada%20okafor"
    assert view.speaker_path("Tal") == "/actors/ben%20tal"  # the one Tal
    assert view.speaker_path("Okafor") is None  # two bear it
    assert view.speaker_path("a spokeswoman") is None


_TOLL = [
    (
        "toll-1",
        "Tarn Courier",
        "2025-05-01",
        "Landslide buries homes in Orvale valley",
        "A landslide buried homes in the Orvale valley and killed 12 people, the regional "
        "rescue service said.\nRescue teams searched the mud for survivors through the night in the Orvale valley.\n"
        "The rescue service said heavy rain had loosened the slope above the Orvale valley village.",
    ),
    (
        "toll-2",
        "Valley Wire",
        "2025-05-03",
        "Orvale valley landslide toll rises",
        "The landslide in the Orvale valley has killed 15 people, the regional rescue service said on "
        "Saturday.\nRescue teams searched the mud for survivors in the Orvale valley for a third day.\n"
        "Heavy rain had loosened the slope above the Orvale valley village, the rescue service said.",
    ),
]


@pytest.fixture(scope="module")
def toll_client(tmp_path_factory, annotator):
    """A store of two outlets' reports of one landslide, the later one with a higher toll."""
    rows = [{"id": i, "outlet": o, "published": d, "title": t, "text": x} for i, o, d, t, x in _TOLL]
    db = built_store(tmp_path_factory.mktemp("toll"), "toll", rows, annotator)
    with TestClient(create_app(db)) as c:
        yield c


def test_a_count_a_later_report_gives_anew_is_shown_as_an_update_not_a_difference(toll_client):
    """Two outlets' reports of one landslide: the later one gives a higher death toll."""
    client = toll_client
    ids = [s["id"] for s in client.get("/api/stories?limit=100").json()["items"]]
    details = [client.get(f"/api/stories/{i}").json() for i in ids]
    updated = [d for d in details if any(x["kind"] == "update" for x in d["disagreements"])]
    assert updated, "the later report updates the toll"
    story = updated[0]
    html = client.get(f"/stories/{story['id']}").text
    assert "Counts updated over time" in html
    [update] = [x for x in story["disagreements"] if x["kind"] == "update"]
    shown = html.split("Counts updated over time")[1]
    first, last = update["sides"][0]["text"], update["sides"][-1]["text"]
    assert shown.index(first[:30]) < shown.index(last[:30])  # earliest first
    if "Where outlets differ" in html:
        differ = html.split("Where outlets differ")[1].split("Counts updated over time")[0]
        assert first[:30] not in differ
