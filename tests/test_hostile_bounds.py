"""Hostile input costs bounded time and memory (issue 28, items 4, 5, 9, 11): pathological runs are
cut before the models, the quote finder's patterns never backtrack over long runs, an item that
takes too long is skipped with a reason (W122), archives are read within byte and time budgets,
nothing in the input is skipped without a word, and a flood of bad items is a few lines of log."""

from __future__ import annotations

import json
import time

import pytest

from newsweave.clean.article import clean_article
from newsweave.clean.normalise import MAX_SYMBOL_RUN, normalise_text
from newsweave.config import Config
from newsweave.errors import Errors
from newsweave.ingest.html import defuse_html, extract_html
from newsweave.pipeline.runner import Newsweave
from newsweave.records import RawArticle
from newsweave.runtime.budget import OverBudget, time_budget
from newsweave.synthesize.quotes import extract_quotes, indirect_speech

LEAD = "The harbour board of Calloway voted on Tuesday to rebuild the north pier before the autumn storms."


def _elapsed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


# -- 5. quadratic text processing ------------------------------------------------------------------


@pytest.mark.parametrize("run", ['"' * 20000, "$" * 20000, "(" * 20000, "!" * 20000, '."' * 10000, "“”" * 10000])
def test_runs_of_punctuation_are_cut_before_the_models(run):
    text = normalise_text(f"It ended {run} there.")
    assert len(text) <= len("It ended  there.") + MAX_SYMBOL_RUN
    seconds, article = _elapsed(clean_article, RawArticle(source="x", text=LEAD + "\n" + run + "\n" + LEAD))
    assert seconds < 5 and all(len(ln.text) < 200 for ln in article.lines)


def test_ordinary_punctuation_is_left_as_written():
    text = 'He said: "No!" -- and left... (Really?!) $5 -- “quoted” ** note'
    assert normalise_text(text) == text


def test_the_tokenizer_on_a_cleaned_run_of_quote_marks_is_fast():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    article = clean_article(RawArticle(source="x", text=LEAD + "\n" + '"' * 20000 + " end.\n" + LEAD))
    seconds, _ = _elapsed(lambda: [nlp(ln.text) for ln in article.lines])
    assert seconds < 1.0


@pytest.mark.parametrize(
    "paragraph",
    [
        "He said " + "A" * 16000 + " and more.",
        "He said " + "A." * 8000 + " and more.",
        "He said " + "Abc " * 4000 + "and more.",
        "A" * 16000 + ' said: "This is a quote of some words here."',
        '"This is a quote of words," said ' + "Abc " * 4000,
    ],
)
def test_the_quote_finder_never_backtracks_over_a_long_capitalised_run(paragraph):
    seconds, _ = _elapsed(lambda: (extract_quotes([paragraph]), indirect_speech([paragraph])))
    assert seconds < 1.5


def test_many_quotes_in_one_paragraph_take_linear_time():
    small, _ = _elapsed(extract_quotes, ['"one two three four" ' * 1000])
    large, quotes = _elapsed(extract_quotes, ['"one two three four" ' * 4000])
    assert len(quotes) == 4000 and large < 8 * small + 0.5  # 4 times the text: not 16 times the time


def test_the_quote_finder_still_finds_speakers():
    quotes = extract_quotes(['"We will rebuild the pier before winter," said Marta Olsen, the director.'])
    assert [(q.speaker, q.cue) for q in quotes] == [("Marta Olsen", "said")]
    (reported,) = indirect_speech(["Governor Ingrid Falk said the works would end before the storms came."])
    assert reported.speaker == "Governor Ingrid Falk" or reported.speaker == "Ingrid Falk"


def test_a_tag_with_a_huge_number_of_attributes_is_defused():
    attrs = " ".join(f"a{i}=x" for i in range(40000))
    page = f"<html><body><article><p>{LEAD}</p><p {attrs}>The pier opens again in spring.</p></article></body></html>"
    assert defuse_html(page).count("=x") == 0 and defuse_html("<p class=a>x</p>") == "<p class=a>x</p>"
    seconds, record = _elapsed(extract_html, page, "page.html")
    assert seconds < 5 and "pier" in record.text


def test_a_time_budget_interrupts_python_work_and_nests():
    with pytest.raises(OverBudget), time_budget(0.2):
        while True:
            pass
    with time_budget(5):
        with pytest.raises(OverBudget), time_budget(0.1):
            time.sleep(2)
        time.sleep(0.05)  # the outer budget goes on, restored
    with pytest.raises(OverBudget), time_budget(0.2), time_budget(5):  # the inner one never outlives the outer
        while True:
            pass
    with time_budget(0):  # no budget
        time.sleep(0.01)


def test_an_item_that_takes_too_long_to_clean_is_skipped_with_a_reason(tmp_path, monkeypatch):
    from newsweave.pipeline import cleaning as pipeline

    real = pipeline.clean_article

    def slow(raw, *args, **kwargs):
        while "slow" in raw.text:
            pass
        return real(raw, *args, **kwargs)

    monkeypatch.setattr(pipeline, "clean_article", slow)
    path = tmp_path / "a.jsonl"
    rows = [{"id": "ok", "text": LEAD}, {"id": "bad", "text": "A slow text that never ends cleaning here."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Newsweave(tmp_path / "n.db", Config(article_seconds=0.3)) as nw:
        report = nw.ingest([path])
        assert [a.id for a in nw.store.articles()] == ["ok"]
    assert [(s.line, s.error) for s in report.skipped] == [(2, Errors.W122)]
    assert "cleaning took more than 0.3 s" in report.skipped[0].message


# -- 4. archive bombs -------------------------------------------------------------------------------

PAGE = (
    "<html><head><title>Pier to be rebuilt</title></head><body><article><p>" + LEAD + "</p><p>"
    "The works will start in May and end before the first storms of the autumn, the board said.</p>"
    "</article></body></html>"
)


def _warc_record(uri: str, body: bytes, kind: str = "response") -> bytes:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, kind, payload=BytesIO(body), http_headers=http))
    return out.getvalue()


def _gzip_member(data: bytes) -> bytes:
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def _read_archive(path, limits=None):
    import tracemalloc

    from newsweave.ingest.warc import read_warc_file

    tracemalloc.start()
    started = time.perf_counter()
    try:
        items = [i for i in read_warc_file(path, 20_000_000, limits) if not getattr(i, "expected", False)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return items, peak, time.perf_counter() - started


def test_a_zip_bomb_in_an_archive_stops_at_its_byte_budget_and_keeps_the_pages_before(tmp_path):
    from newsweave.ingest.warc import ArchiveLimits

    path = tmp_path / "bomb.warc.gz"
    head = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 1073741824\r\n\r\n"
    with path.open("wb") as out:
        out.write(_gzip_member(_warc_record("https://example.org/pier", PAGE.encode())))
        out.write(_zeros_member_with_head(head, 256 << 20))
    items, peak, seconds = _read_archive(path, ArchiveLimits(archive_bytes=64 << 20))
    assert [type(i).__name__ for i in items] == ["RawArticle", "Skipped"]
    # memory is bounded by warcio's buffers (a block inflates up to 16 MB), not by the bomb's size
    assert items[1].error is Errors.W123 and "bytes after decompression" in items[1].message
    assert peak < 200 << 20 and seconds < 20


def _zeros_member_with_head(head: bytes, size: int) -> bytes:
    """A gzip member of ``head`` and ``size`` zero bytes, compressed a block at a time."""
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    return packer.compress(head) + b"".join(packer.compress(block) for _ in range(size >> 20)) + packer.flush()


@pytest.mark.parametrize(
    ("head", "detail"),
    [
        (b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: ", "header line is longer"),  # then zeros, no newline
        (b"WARC/1.0\r\n" + b"X-Header: value\r\n" * 200_000, "bytes of headers"),  # endless header lines
    ],
)
def test_an_endless_or_unterminated_header_is_refused_in_bounded_memory(tmp_path, head, detail):
    path = tmp_path / "headers.warc.gz"
    with path.open("wb") as out:
        out.write(_gzip_member(_warc_record("https://example.org/pier", PAGE.encode())))
        out.write(_zeros_member_with_head(head, 64 << 20))
    items, peak, seconds = _read_archive(path)
    assert [type(i).__name__ for i in items] == ["RawArticle", "Skipped"]
    assert items[1].error is Errors.W115 and detail in items[1].message
    assert peak < 100 << 20 and seconds < 20


def test_a_sparse_archive_with_an_unterminated_header_is_read_in_seconds(tmp_path):
    path = tmp_path / "sparse.warc"
    with path.open("wb") as out:
        out.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Pad: ")
        out.truncate(1 << 30)  # 1 GB, sparse: zeros without a newline
    items, peak, seconds = _read_archive(path)
    assert [i.error for i in items] == [Errors.W115] and seconds < 10 and peak < 50 << 20


def test_an_archive_over_its_time_budget_stops_with_a_reason(tmp_path):
    from newsweave.ingest.warc import ArchiveLimits

    path = tmp_path / "slow.warc.gz"
    with path.open("wb") as out:
        out.write(_gzip_member(_warc_record("https://example.org/pier", PAGE.encode())))
        out.write(_zeros_member_with_head(b"WARC/1.0\r\nContent-Length: 1073741824\r\n\r\n", 256 << 20))
    items, _, _ = _read_archive(path, ArchiveLimits(archive_seconds=0.2))
    assert items[-1].error is Errors.W123 and "took more than 0.2 s" in items[-1].message


# -- 9. nothing skipped without a word --------------------------------------------------------------


def _skips(paths):
    from newsweave.ingest import read_inputs

    items = list(read_inputs(paths))
    return [i for i in items if isinstance(i, RawArticle)], [i for i in items if not isinstance(i, RawArticle)]


def test_links_fifos_and_loops_in_a_folder_are_each_reported(tmp_path):
    import os

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(LEAD, encoding="utf-8")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "sub" / "loop").symlink_to(folder / "sub")
    (folder / "self").symlink_to(folder / "self")  # a link to itself: ELOOP
    os.mkfifo(folder / "pipe.txt")
    articles, skipped = _skips([folder])
    assert [a.source for a in articles] == [str(folder / "sub" / "a.txt")]
    reasons = {s.source.rsplit("/", 1)[-1]: s.message for s in skipped}
    assert set(reasons) == {"dangling.txt", "loop", "self", "pipe.txt"}
    assert "dangling symbolic link" in reasons["dangling.txt"] and "FIFO" in reasons["pipe.txt"]
    assert all(s.error is Errors.W112 for s in skipped)
    _, skipped = _skips([folder / "pipe.txt", "/dev/null"])  # named on the command line: reported, never opened
    assert [s.error for s in skipped] == [Errors.W112, Errors.W112] and "device" in skipped[1].message


def test_an_unreadable_folder_is_reported(tmp_path, monkeypatch):
    import os

    from newsweave import ingest as sources

    locked = tmp_path / "in" / "locked"
    locked.mkdir(parents=True)
    (locked / "a.txt").write_text(LEAD, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(LEAD, encoding="utf-8")
    real = os.scandir

    def scandir(path):  # as chmod 000 does for a user that is not root
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(sources.os, "scandir", scandir)
    articles, skipped = _skips([tmp_path / "in"])
    assert [a.source for a in articles] == [str(tmp_path / "in" / "b.txt")]
    assert [(s.source, s.error) for s in skipped] == [(str(locked), Errors.W112)]
    assert "folder: Permission denied" in skipped[0].message


@pytest.mark.parametrize(("name", "content"), [("h.csv", "id,title,text\n"), ("e.json", "[]"), ("s.json", " [ ] \n")])
def test_a_file_with_no_records_is_reported(tmp_path, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    _, skipped = _skips([tmp_path / name])
    assert [s.error for s in skipped] == [Errors.W104]


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be", "utf-8"])
def test_text_with_a_byte_order_mark_is_decoded_by_it(tmp_path, codec):
    (tmp_path / "a.txt").write_bytes(("\ufeff" + LEAD).encode(codec))
    articles, skipped = _skips([tmp_path / "a.txt"])
    assert skipped == [] and articles[0].text == LEAD


def test_a_nul_byte_anywhere_marks_a_binary_file(tmp_path):
    (tmp_path / "late.txt").write_bytes(LEAD.encode() * 200 + b"\x00" + LEAD.encode())
    (tmp_path / "wide.txt").write_bytes(("\ufeff" + LEAD * 200 + "\x00").encode("utf-16"))
    _, skipped = _skips([tmp_path / "late.txt", tmp_path / "wide.txt"])
    assert [s.error for s in skipped] == [Errors.W103, Errors.W103]


# -- 11. a flood of bad items is a few lines ----------------------------------------------------------


def test_a_flood_of_bad_lines_gives_one_line_each_up_to_a_limit_then_a_count(tmp_path):
    from click.testing import CliRunner

    from newsweave.cli import cli
    from newsweave.runtime.logs import SHOWN

    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n" * 3000 + json.dumps({"id": "ok", "text": LEAD}) + "\n", encoding="utf-8")
    (tmp_path / "empty.html").write_text("<<<>>>", encoding="utf-8")  # trafilatura logs ERROR lines
    db = str(tmp_path / "n.db")
    result = CliRunner().invoke(cli, ["--db", db, "ingest", str(path), str(tmp_path / "empty.html")])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == SHOWN + 2 and sum("[W106]" in ln for ln in lines) == SHOWN
    assert f"{3001 - SHOWN} more warnings not shown" in lines[-2] and "1 new" in lines[-1]
    assert not any(ln.startswith("ERROR:") for ln in lines)  # trafilatura's own complaints stay out
    verbose = CliRunner().invoke(cli, ["--db", db, "-v", "ingest", str(path)])
    assert sum("[W106]" in ln for ln in verbose.stderr.splitlines()) == 3000


def test_a_page_read_again_past_its_time_budget_is_skipped_with_a_reason(monkeypatch):
    from newsweave.errors import SkipItem
    from newsweave.ingest import html as reader

    def endless(_html):
        while True:
            pass

    monkeypatch.setattr(reader, "flatten_html", endless)  # the page read again after trafilatura
    page = "<html><body><p>Too short.</p></body></html>"
    with pytest.raises(SkipItem) as skipped:
        reader.extract_html(page, "slow.html", seconds=0.3)
    assert skipped.value.error == Errors.W122
