"""End to end on the bundled sample corpus, with the real models (slow: ~1 minute)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from newsweave.cli import main
from newsweave.pipeline.runner import Newsweave
from newsweave.report import write_report

from ..conftest import SAMPLE

pytestmark = pytest.mark.slow

# The three fictional events of the sample corpus, recognisable from file names and record ids.
EVENTS = {"flood": ("kessel", "brennick"), "breach": ("lumatek", "ferreira"), "strike": ("calloway",)}


def _event(article: dict) -> str:
    where = (article["source"] + " " + article["id"]).lower()
    (event,) = [e for e, words in EVENTS.items() if any(w in where for w in words)]
    return event


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("sample")
    code = main(["--db", str(base / "news.db"), "-q", "run", str(SAMPLE), "--out", str(base / "report")])
    assert code == 0
    data = json.loads((base / "report" / "stories.json").read_text(encoding="utf-8"))
    return base, data


def test_three_stories_one_per_event(sample_run):
    _, data = sample_run
    assert len(data["articles"]) == 15
    by_id = {a["id"]: a for a in data["articles"]}
    partition = sorted(sorted({_event(by_id[a]) for a in s["articles"]}) for s in data["stories"])
    assert partition == [["breach"], ["flood"], ["strike"]]


def test_stories_json_contract(sample_run):
    _, data = sample_run
    for article in data["articles"]:
        assert set(article) >= {"id", "source", "title", "outlet", "published"}
        assert article["published"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", article["published"])
    for story in data["stories"]:
        assert set(story) >= {
            "id",
            "title",
            "articles",
            "outlets",
            "first_date",
            "last_date",
            "summary",
            "timeline",
            "actors",
        }
        members = set(story["articles"])
        assert story["summary"], "every sample story has a summary"
        words = sum(len(s["text"].split()) for s in story["summary"])
        assert 60 <= words <= 160
        for sent in story["summary"] + story["timeline"]:
            assert sent["citations"], "every sentence cites at least one article"
            assert {c["article"] for c in sent["citations"]} <= members
        dates = [t["date"] for t in story["timeline"]]
        assert dates == sorted(dates)
        assert story["first_date"] <= story["last_date"]
        for actor in story["actors"]:
            assert set(actor) >= {"name", "type", "aliases", "mentions"}


def test_summary_sentences_cite_the_sentence_they_come_from(sample_run):
    base, data = sample_run
    from newsweave.store.store import Store

    with Store(base / "news.db") as store:
        for story in data["stories"]:
            for sent in story["summary"]:
                first = sent["citations"][0]
                texts = {s.index: s.text for s in store.sentences(first["article"])}
                assert texts[first["sentence"]] == sent["text"]


def test_actor_spellings_merge_across_outlets(sample_run):
    _, data = sample_run
    actors = [a for s in data["stories"] for a in s["actors"]]
    names = {a["name"]: a for a in actors}
    governor = [a for a in actors if "Reyes-Douk" in a["name"]]
    assert len(governor) == 1, names.keys()
    union = [a for a in actors if a["name"].startswith("Mirela")]
    assert len(union) == 1 and union[0]["type"] == "person"


def test_html_report_links_every_story(sample_run):
    base, data = sample_run
    index = (base / "report" / "index.html").read_text(encoding="utf-8")
    for story in data["stories"]:
        page = base / "report" / f"story-{story['id']}.html"
        assert f'href="{page.name}"' in index
        assert page.exists()
    assert (base / "report" / "stories.md").read_text(encoding="utf-8").count("\n## ") == 3


def test_html_report_has_an_actor_page_with_roles_over_time(sample_run):
    import html
    import re

    base, data = sample_run
    report = base / "report"
    listing = (report / "actors.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(actor-[^"]+\.html)"', listing)
    names = {a["name"] for s in data["stories"] for a in s["actors"]}
    assert links and all((report / link).exists() for link in links)
    assert len(set(links)) <= len(names)  # one page per actor, spellings merged
    with_roles = [a for s in data["stories"] for a in s["actors"] if len({r["title"] for r in a["roles"]}) >= 2]
    assert with_roles, "the sample corpus has an actor whose title changes"
    actor = with_roles[0]
    story_page = next(report.glob(f"story-{next(s['id'] for s in data['stories'] if actor in s['actors'])}.html"))
    link = re.search(rf'<a href="(actor-[^"]+)">{re.escape(actor["name"])}</a>', story_page.read_text(encoding="utf-8"))
    assert link is not None
    page = html.unescape((report / link.group(1)).read_text(encoding="utf-8"))
    table = page[page.index("Roles over time") :]  # a title may also be one of the aliases above
    titles = [r["title"] for r in sorted(actor["roles"], key=lambda r: r["as_of"] or "")]
    assert table.index(titles[0]) < table.index(titles[-1])  # roles in date order


def test_rerun_is_idempotent(sample_run, annotator):
    base, data = sample_run
    db = base / "copy.db"
    shutil.copy(base / "news.db", db)
    with Newsweave(db, annotator=annotator) as nw:
        report = nw.run([SAMPLE])
        assert (report.read, report.added, report.duplicates) == (15, 0, 15)
        assert report.stories_written == 0
        assert sorted(s.id for s in nw.stories()) == sorted(s["id"] for s in data["stories"])


def test_incremental_ingest_matches_batch(tmp_path, annotator, sample_run):
    _, data = sample_run
    early, late = tmp_path / "early", tmp_path / "late"
    early.mkdir()
    late.mkdir()
    for path in SAMPLE.iterdir():
        stamp = re.search(r"2025-(\d\d)-(\d\d)", path.name)
        target = early if stamp and (stamp.group(1), stamp.group(2)) < ("03", "15") else late
        shutil.copy(path, target / path.name)
    with Newsweave(tmp_path / "inc.db", annotator=annotator) as nw:
        nw.run([early])
        first_ids = {s.id for s in nw.stories()}
        nw.run([late])
        stories = nw.stories()
        # Stories that existed keep their ids; the partition equals the one-batch run's.
        assert first_ids <= {s.id for s in stories}
        by_id = {a.id: {"id": a.id, "source": a.source} for a in nw.articles()}
        partition = sorted(sorted({_event(by_id[a]) for a in s.article_ids}) for s in stories)
    assert partition == [["breach"], ["flood"], ["strike"]]
    assert len(stories) == len(data["stories"])


def test_untrusted_text_is_escaped_in_html(tmp_path, annotator):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text(
        "Council <script>alert(1)</script> approves bridge\n\n"
        "The council approved <img src=x onerror=alert(2)> the bridge {{ 7*7 }} on Monday after a debate.\n"
        "Work on the javascript:alert(3) bridge starts in May and will take two years to finish.\n"
        "Follow us on Twitter <script>alert(4)</script>\n",
        encoding="utf-8",
    )
    (folder / "x.meta.json").write_text('{"outlet": "<b>Evil</b> Outlet", "published": "2024-05-01"}')
    with Newsweave(tmp_path / "x.db", annotator=annotator) as nw:
        nw.run([folder])
        write_report(nw.store, tmp_path / "out")
    for page in (tmp_path / "out").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Evil" not in html
        assert 'href="javascript:' not in html
    story_page = next((tmp_path / "out").glob("story-*.html")).read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in story_page and "bridge 49 on" not in story_page  # template syntax in text is not evaluated
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in story_page
    assert "lines dropped by cleaning (1)" in story_page  # the dropped line is shown, as text
    assert "Follow us on Twitter &lt;script&gt;alert(4)&lt;/script&gt;" in story_page


def test_a_report_written_again_removes_the_pages_of_stories_that_are_gone(tmp_path, annotator):
    import re

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text(
        "Council approves bridge\n\nThe council approved the new river bridge on Monday after a long debate.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / "story-s0123456789.html", out / "actor-gone-0badc0de.html"]
    for page in stale:
        page.write_text("old", encoding="utf-8")
    (out / "notes.html").write_text("the user's own file", encoding="utf-8")
    with Newsweave(tmp_path / "x.db", annotator=annotator) as nw:
        nw.run([folder])
        write_report(nw.store, out)
    assert not any(page.exists() for page in stale)
    assert (out / "notes.html").read_text(encoding="utf-8") == "the user's own file"
    pages = sorted(p.name for p in out.glob("story-*.html"))
    linked = sorted(set(re.findall(r'href="(story-[^"]+)"', (out / "index.html").read_text(encoding="utf-8"))))
    assert pages and pages == linked


def test_cli_exit_codes(tmp_path, capsys):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.bin.txt").write_bytes(b"\x00\x00binary")
    (bad / "b.jsonl").write_text("{broken\n")
    assert main(["--db", str(tmp_path / "n.db"), "-q", "ingest", str(bad)]) == 3
    err = capsys.readouterr().err
    assert "0 articles read" in err and "2 skipped" in err
    assert main(["--db", str(tmp_path / "n.db"), "show", "nope"]) == 1
    assert "[E004]" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "n.db"), "report", "--format", "pdf"]) == 2
    assert main(["--help"]) == 0
    assert "Exit codes" in capsys.readouterr().out


def test_an_interrupted_build_is_finished_by_running_it_again(tmp_path, annotator, monkeypatch, sample_run):
    _, data = sample_run
    import newsweave.pipeline.annotating as annotating

    monkeypatch.setattr(annotating, "SAVE_BATCH", 4)
    with Newsweave(tmp_path / "int.db", annotator=annotator) as nw:
        nw.ingest([SAMPLE])
        real_save = nw.store.save_annotations
        calls = {"n": 0}

        def save_then_die(batch, keys):
            calls["n"] += 1
            if calls["n"] == 2:
                raise KeyboardInterrupt  # the user pressed Ctrl-C in the middle of the run
            return real_save(batch, keys)

        monkeypatch.setattr(nw.store, "save_annotations", save_then_die)
        with pytest.raises(KeyboardInterrupt):
            nw.build()
        assert nw.store.count("annotated=1") == 4  # the first batch was committed, nothing half-written
        assert nw.store.conn.execute("SELECT COUNT(*) FROM sentences").fetchone()[0] > 0
        monkeypatch.setattr(nw.store, "save_annotations", real_save)
        report = nw.build()
        assert report.annotated == 11
        assert nw.store.count("annotated=0") == 0
        assert sorted(s.id for s in nw.stories()) == sorted(s["id"] for s in data["stories"])


def test_db_option_is_accepted_after_the_command(tmp_path, capsys):
    from newsweave.store.store import Store

    db = tmp_path / "after.db"
    assert main(["stories", "--db", str(db)]) == 1  # the store named after the command is looked for
    assert not db.exists() and str(db) in capsys.readouterr().err
    Store(db).close()
    assert main(["stories", "--db", str(db)]) == 0
    assert "no stories yet" in capsys.readouterr().err
