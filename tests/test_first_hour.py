"""What a new user meets in the first hour (issue 27), driven through the CLI and the web app."""

from __future__ import annotations

import pytest

from newsweave.cli import main

from .conftest import built_store


@pytest.mark.parametrize(
    "command",
    [["stories"], ["show", "s123"], ["report", "--out", "rep"], ["build"], ["search", "harbour"], ["serve"]],
)
def test_commands_on_a_missing_store_say_so_and_create_nothing(tmp_path, monkeypatch, capsys, command):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", "typo.db", *command]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and str(tmp_path / "typo.db") in err
    assert not (tmp_path / "typo.db").exists() and not (tmp_path / "rep").exists()


def _empty_store(path):
    from newsweave.store.store import Store

    Store(path).close()
    return str(path)


def test_run_refuses_the_report_of_another_store_and_says_where_reports_go(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _empty_store(tmp_path / "a.db")
    _empty_store(tmp_path / "b.db")
    assert main(["--db", "a.db", "report"]) == 0  # report/ by default
    err = capsys.readouterr().err
    assert f"to {tmp_path / 'report'}" in err and str(tmp_path / "report" / "index.html") in err
    before = (tmp_path / "report" / "stories.json").read_text(encoding="utf-8")
    (tmp_path / "in.txt").write_text("Some words of an article.\n", encoding="utf-8")

    assert main(["--db", "b.db", "run", "in.txt"]) == 1  # refused before anything is read
    err = capsys.readouterr().err
    assert "[E012]" in err and "another store (a.db)" in err and "--force" in err
    assert main(["--db", "b.db", "report"]) == 1
    assert (tmp_path / "report" / "stories.json").read_text(encoding="utf-8") == before
    assert main(["--db", "a.db", "report"]) == 0  # its own report is rewritten
    assert main(["--db", "b.db", "report", "--force"]) == 0
    assert main(["--db", "a.db", "report"]) == 1  # now the folder is b.db's


def test_counts_are_singular_for_one_and_skipped_items_are_pointed_at_only_when_there_are_some(tmp_path, capsys):
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.txt").write_text("The ferry to Tarrow Island was cancelled on Monday because of the storm.\n")
    db = str(tmp_path / "n.db")
    assert main(["--db", db, "ingest", str(one)]) == 0
    assert capsys.readouterr().err.strip().startswith("1 article read; 1 new; 0 duplicates; 0 skipped")
    assert main(["--db", db, "ingest", str(one)]) == 0
    assert "1 article read; 0 new; 1 duplicate; 0 skipped" in capsys.readouterr().err

    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--db", db, "ingest", str(empty)]) == 3
    err = capsys.readouterr().err
    assert "[E005]" in err and "above" not in err and "no article files" in err
    (empty / "bad.jsonl").write_text("{not json\n")
    assert main(["--db", db, "ingest", str(empty)]) == 3
    err = capsys.readouterr().err
    assert "1 item skipped: each line above gives the reason and the fix" in err


def test_the_run_line_and_help_explain_duplicates_and_copies():
    from click.testing import CliRunner

    from newsweave.cli import cli
    from newsweave.pipeline.runner import RunReport

    line = RunReport(read=1, added=0, duplicates=1, copies=1, stories_written=1).summary_line(1)
    assert line.startswith(
        "1 article read; 0 new; 1 duplicate; 1 copy of a stored article; 0 skipped; 1 story in the store (1 written"
    )
    for command in ("run", "ingest"):
        text = " ".join(CliRunner().invoke(cli, [command, "--help"]).output.split())
        assert "duplicates articles stored already" in text and "copies near-duplicates of a stored" in text


def test_progress_bars_count_articles_events_and_stories(tmp_path, capsys):
    from newsweave.pipeline.runner import Newsweave

    with Newsweave(tmp_path / "n.db", progress=True) as nw:
        for desc in ("ingest", "events", "stories"):
            list(nw._bar(range(3), desc, total=3))
    err = capsys.readouterr().err
    assert " articles/s" in err and " events/s" in err and " stories/s" in err and "art/s" not in err


FERRY = [  # made up: three articles on one event, two of them naming no outlet, one untitled
    {
        "id": "f1",
        "title": "Tarrow ferry halted after hull crack",
        "outlet": "Harbour Gazette",
        "published": "2025-02-03",
        "text": "The Tarrow Island ferry was halted on Monday after inspectors found a crack in its hull.\n"
        "The island council said the ferry would stay in dock at Marlow Quay until repairs end.\n"
        "Inspector Dana Kell said the crack was found during a routine check of the hull.\n",
    },
    {
        "id": "f2",
        "published": "2025-02-03",
        "text": "Inspectors found a crack in the hull of the Tarrow Island ferry on Monday and halted it.\n"
        "The ferry will stay in dock at Marlow Quay, the island council said, until repairs end.\n"
        "Islanders must use the weekly supply boat in the meantime, the council added.\n",
    },
    {
        "id": "f3",
        "title": "Island council keeps Tarrow ferry in dock",
        "published": "2025-02-04",
        "text": "The Tarrow Island ferry stays in dock at Marlow Quay after a crack was found in its hull.\n"
        "The island council said repairs to the ferry would take at least two weeks.\n"
        "Inspector Dana Kell said the crack was found on Monday during a routine check.\n",
    },
]


@pytest.fixture(scope="module")
def ferry_db(tmp_path_factory, annotator):
    from newsweave.pipeline.runner import Newsweave

    db = built_store(tmp_path_factory.mktemp("ferry"), "ferry", FERRY, annotator)
    with Newsweave(db, annotator=annotator) as nw:
        assert len(nw.stories()) == 1
    return db


@pytest.mark.slow
def test_articles_without_an_outlet_in_the_cli(ferry_db, capsys):
    db = str(ferry_db)
    assert main(["--db", db, "stories"]) == 0
    assert "3 articles, 1 outlet, 2 articles naming none, 1 event" in capsys.readouterr().out  # not "3 outlets"
    (story,) = __import__("newsweave.store.store", fromlist=["Store"]).Store(db).stories()
    assert main(["--db", db, "show", story.id]) == 0
    out = capsys.readouterr().out
    assert "3 articles · Harbour Gazette, outlet unknown (2 articles)" in out and "3 outlets" not in out
    assert "[1 sources]" not in out and "unknown outlet" not in out
    assert main(["--db", db, "search", "supply boat"]) == 0
    captured = capsys.readouterr()
    assert "f2  Inspectors found a crack in the hull of the Tarrow Island ferry" in captured.out
    assert "(outlet unknown, 2025-02-03)" in captured.out and "0 articles" not in captured.out
    assert "1 article match" in captured.err


@pytest.mark.slow
def test_articles_without_an_outlet_in_the_report_and_the_web(ferry_db, tmp_path):
    import re

    from fastapi.testclient import TestClient

    from newsweave.report import write_report
    from newsweave.store.store import Store
    from newsweave.web import create_app

    with Store(ferry_db) as store:
        write_report(store, tmp_path / "rep")
        (story,) = store.stories()
    index = (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"3 articles\s*· 1 outlet, 2 articles naming none", index)
    page = (tmp_path / "rep" / f"story-{story.id}.html").read_text(encoding="utf-8")
    assert "1 outlet, 2 articles naming none" in page and "outlet unknown (2 articles)" in page
    assert "unknown outlet" not in page
    assert "0 outlets" not in (tmp_path / "rep" / "stories.md").read_text(encoding="utf-8")
    with TestClient(create_app(ferry_db)) as client:
        html = client.get(f"/stories/{story.id}").text
        assert "1 outlet, 2 articles naming none" in html and "outlet unknown (2 articles)" in html
        assert "unknown outlet" not in html
        listed = client.get("/").text
        assert "1 outlet" in listed and "3 outlets" not in listed  # the list counts named outlets
        found = client.get("/search", params={"q": "supply boat"}).text
        assert ">Inspectors found a crack in the hull" in found and ">f2<" not in found
        assert "outlet unknown" in found


def test_head_answers_like_get(tmp_path):
    from fastapi.testclient import TestClient

    from newsweave.web import create_app

    with TestClient(create_app(_empty_store(tmp_path / "n.db"))) as client:
        for path in ("/", "/actors", "/api/stories"):
            response = client.head(path)
            assert response.status_code == 200 and response.content == b""
            assert response.headers["content-type"] == client.get(path).headers["content-type"]
        assert client.head("/stories/nope").status_code == 404


def test_a_busy_port_fails_before_the_server_is_announced(tmp_path, capsys):
    import socket

    db = _empty_store(tmp_path / "n.db")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--db", db, "serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"[E013] cannot listen on 127.0.0.1:{port}" in err and "serving" not in err


def test_records_holding_a_list_of_documents_are_read_as_those_documents(tmp_path, capsys):
    import json

    docs = [
        {
            "id": "c1",
            "docs": [
                {"id": "d1", "text": "The mill in Orrin closed on Friday."},
                {"id": "d2", "text": "Orrin's mill closed after 90 years."},
            ],
        },
        {"id": "c2", "docs": [{"id": "d3", "text": "Orrin's mayor said the mill would reopen in May."}]},
    ]
    (tmp_path / "topics.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps({"docs": [{"text": "Snow closed the Orrin pass on Sunday."}]}))
    db = str(tmp_path / "n.db")
    assert main(["--db", db, "ingest", str(tmp_path / "topics.jsonl"), str(tmp_path / "one.json")]) == 0
    assert capsys.readouterr().err.strip().startswith("4 articles read; 4 new; 0 duplicates; 0 skipped")
    (tmp_path / "other.jsonl").write_text(json.dumps({"id": "c3", "items": [{"title": "no text"}]}) + "\n")
    assert main(["--db", db, "ingest", str(tmp_path / "other.jsonl")]) == 3
    assert "a record holding its articles as a list under 'docs'" in capsys.readouterr().err


@pytest.mark.slow
def test_api_search_hits_carry_language_and_source_like_the_article(ferry_db):
    from fastapi.testclient import TestClient

    from newsweave.web import create_app

    with TestClient(create_app(ferry_db)) as client:
        (hit,) = client.get("/api/search/articles", params={"q": "supply boat"}).json()["items"]
        article = client.get(f"/api/articles/{hit['id']}").json()
        assert hit["language"] == article["language"] == "en"
        assert hit["source"] == article["source"] and "ferry.jsonl" in hit["source"]
        assert hit["label"].startswith("Inspectors found a crack")


@pytest.mark.slow
def test_verbose_says_what_each_stage_did_with_counts_and_seconds(tmp_path, capsys):
    import json
    import re

    data = tmp_path / "ferry.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in FERRY), encoding="utf-8")
    args = ["-v", "--db", str(tmp_path / "n.db"), "run", str(data), "--out", str(tmp_path / "rep")]
    assert main(args) == 0
    err = capsys.readouterr().err
    for stage in (
        r"ingest: 3 articles read, 3 new, 0 duplicates, 0 copies, 0 skipped",
        r"annotate: 3 articles annotated",
        r"group: 3 new articles placed into events",
        r"date: 0 undated articles dated",
        r"synthesize: 1 story written",
        r"report: \d+ files written",
    ):
        assert re.search(rf"INFO: {stage}.* in \d+\.\d s", err), stage


def _listed_store(path):
    """Two written stories, no models: s1 of two articles, s2 of one newer article."""
    from newsweave.clean.article import clean_article
    from newsweave.records import Actor, RawArticle, Story, SummarySentence
    from newsweave.store.store import Store

    def article(n, text, published):
        return clean_article(RawArticle(source=f"{n}.txt", text=text, id=f"a{n}", published=published))

    with Store(path) as store:
        store.add_articles(
            [
                article(1, "Ferry crews at Orrin walked out on Monday over night shifts.", "2025-03-03"),
                article(2, "The Orrin ferry strike went into its second week on Monday.", "2025-03-10"),
                article(3, "A bakery in Tull won a regional prize for its rye bread.", "2025-04-01"),
            ]
        )
        store.assign({"a1": "s1", "a2": "s1", "a3": "s2"})
        for story_id, members, dates, lead, actor in (
            ("s1", ["a1", "a2"], ("2025-03-03", "2025-03-10"), "Ferry crews at Orrin walked out.", "Mara Lind"),
            ("s2", ["a3"], ("2025-04-01", "2025-04-01"), "A Tull bakery won a prize.", "Tull Bakery"),
        ):
            summary = [SummarySentence(lead, []), SummarySentence("More followed.", [])]
            store.save_story(
                Story(
                    story_id,
                    members,
                    title=f"Story {story_id}",
                    first_date=dates[0],
                    last_date=dates[1],
                    summary=summary,
                    actors=[Actor(actor, "person", [], 3)],
                )
            )
    return path


def test_the_web_story_list_shows_lead_actors_and_dates_and_puts_bigger_stories_first(tmp_path):
    import re

    from fastapi.testclient import TestClient

    from newsweave.web import create_app

    with TestClient(create_app(_listed_store(tmp_path / "n.db"))) as client:
        html = client.get("/").text
        assert html.index("Story s1") < html.index("Story s2")  # the one-article story is newer, yet after
        assert "Ferry crews at Orrin walked out." in html and "More followed." not in html
        assert re.search(r'<a class="chip" href="/actors/mara%20lind">Mara Lind</a>', html)
        assert "2025-03-03" in html and "2025-03-10" in html
        newest = client.get("/", params={"sort": "newest"}).text
        assert newest.index("Story s2") < newest.index("Story s1")
        assert [s["id"] for s in client.get("/api/stories").json()["items"]] == ["s1", "s2"]
