import json

from newsweave.errors import Errors
from newsweave.ingest import Skipped, read_inputs
from newsweave.records import RawArticle
from newsweave.text.dates import parse_published


def _read(paths, **kw):
    items = list(read_inputs(paths, **kw))
    return [i for i in items if isinstance(i, RawArticle)], [i for i in items if isinstance(i, Skipped)]


def test_text_file_with_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text("Headline here\n\nBody sentence one. Body two.\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"outlet": "Example Times", "published": "2024-05-02T10:00Z"}))
    arts, skipped = _read([tmp_path])
    assert skipped == []
    assert len(arts) == 1
    assert arts[0].outlet == "Example Times"
    assert arts[0].published == "2024-05-02"


def test_sidecar_named_explicitly_is_read_with_its_article_not_as_records(tmp_path):
    (tmp_path / "a.txt").write_text("Headline here\n\nBody sentence one. Body two.\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"outlet": "Example Times"}))
    (tmp_path / "lone.meta.json").write_text(json.dumps({"text": "A record file that only looks like a sidecar."}))
    arts, skipped = _read(sorted(tmp_path.iterdir()))  # what a shell glob passes
    assert skipped == []
    assert sorted(a.text.split()[0] for a in arts) == ["A", "Headline"]
    assert next(a for a in arts if a.source.endswith("a.txt")).outlet == "Example Times"


def test_outlet_flag_fills_only_missing(tmp_path):
    (tmp_path / "a.txt").write_text("Text of an article.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Text of another article.", encoding="utf-8")
    (tmp_path / "b.meta.json").write_text('{"outlet": "Own Outlet"}')
    arts, _ = _read([tmp_path], outlet="Flag Outlet")
    assert sorted(a.outlet for a in arts) == ["Flag Outlet", "Own Outlet"]


def test_jsonl_bad_line_is_skipped_with_its_number(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        '{"id": "1", "text": "First article text.", "outlet": "X"}\n'
        "{not json\n"
        '{"id": "3", "title": "no text here"}\n'
        '{"id": "4", "time": "2010-04-20", "text": "News-tls style record."}\n',
        encoding="utf-8",
    )
    arts, skipped = _read([path])
    assert [a.id for a in arts] == ["1", "4"]
    assert arts[1].published == "2010-04-20"
    assert [(s.line, s.error) for s in skipped] == [(2, Errors.W106), (3, Errors.W107)]
    assert "a.jsonl:2" in skipped[0].where


def test_json_object_without_text_is_one_clear_skip(tmp_path):
    path = tmp_path / "labels.json"
    path.write_text('{\n  "about": "not an article",\n  "files": {}\n}\n', encoding="utf-8")
    arts, skipped = _read([path])
    assert arts == []
    assert len(skipped) == 1 and skipped[0].error is Errors.W107


def test_csv_rows(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,title,text,published,outlet\n7,T,"Some, quoted text.",2021-01-02,O\n8,T2,,2021-01-03,O\n')
    arts, skipped = _read([path])
    assert [a.id for a in arts] == ["7"]
    assert arts[0].text == "Some, quoted text."
    assert skipped[0].error is Errors.W107 and skipped[0].line == 3


def test_bad_files_are_skipped_with_reasons(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "big.txt").write_text("x" * 2000)
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "good.txt").write_text("A good article.")
    arts, skipped = _read([tmp_path, tmp_path / "missing.txt"], max_bytes=1000)
    assert [a.text for a in arts] == ["A good article."]
    reasons = {s.source.rsplit("/", 1)[-1]: s.error for s in skipped}
    assert reasons == {
        "latin1.txt": Errors.W102,
        "binary.txt": Errors.W103,
        "empty.txt": Errors.W104,
        "big.txt": Errors.W105,
        "image.png": Errors.W108,
        "missing.txt": Errors.W101,
    }
    assert all("Fix:" in s.message for s in skipped)


def test_html_through_trafilatura(tmp_path):
    html = (
        "<html><head><title>Storm hits coast | Example</title><meta property='og:site_name' content='Example'>"
        "<meta property='article:published_time' content='2023-09-01'></head><body><nav>Home Subscribe</nav>"
        "<article><h1>Storm hits coast</h1><p>A powerful storm hit the coast on Friday, cutting power to thousands"
        " of homes and closing the main road.</p><p>Officials said repairs would take several days to finish.</p>"
        "</article></body></html>"
    )
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    arts, skipped = _read([tmp_path])
    assert skipped == []
    assert arts[0].title == "Storm hits coast"
    assert arts[0].outlet == "Example"
    assert arts[0].published == "2023-09-01"
    assert "powerful storm" in arts[0].text and "Subscribe" not in arts[0].text
    assert "powerful storm" in (arts[0].core_text or "")  # trafilatura favouring precision, for the clean stage
    assert arts[0].page_text is not None and "Subscribe" in arts[0].page_text  # a short text: the page goes with it


def test_parse_published_forms():
    assert parse_published("2022-06-23T10:00:00Z") == "2022-06-23"
    assert parse_published("June 23, 2022") == "2022-06-23"
    assert parse_published("Thu, 23 Jun 2022 10:00:00 +0000") == "2022-06-23"
    assert parse_published("") is None


def test_malformed_html_is_read_when_it_has_an_article_and_skipped_clearly_when_not(tmp_path):
    broken = (
        "<html><head><title>Port strike ends</title><body><div><p>The strike at the port ended on Friday "
        "after the union accepted the offer of the operator, and the first ships were loaded on Saturday "
        "morning.<p>Both sides will meet again in spring to talk about the automated cranes"
        " that started the dispute<div></span></td>"
    )
    (tmp_path / "broken.html").write_text(broken, encoding="utf-8")
    (tmp_path / "nothing.html").write_text("<html><<<>>><script>var x = 1;</script></html", encoding="utf-8")
    arts, skipped = _read([tmp_path])
    assert len(arts) == 1 and "The strike at the port ended on Friday" in arts[0].text
    assert [(s.source.rsplit("/", 1)[-1], s.error) for s in skipped] == [("nothing.html", Errors.W109)]
