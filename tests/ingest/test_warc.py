"""WARC archives: HTML responses become articles, everything else is skipped and counted."""

from __future__ import annotations

from io import BytesIO

import pytest

from newsweave.errors import Errors
from newsweave.ingest import Skipped, read_inputs
from newsweave.records import RawArticle

PAGE = """<!doctype html><html><head><title>Valley floods: villages cut off</title>
<meta property="og:site_name" content="Valley Courier"><meta name="date" content="2025-03-04"></head>
<body><nav>Home | World | Sport</nav><article><h1>Valley floods: villages cut off</h1>
<p>Rescue teams reached the last villages cut off by the flooded river on Tuesday, the regional
government said, after three days of heavy rain across the valley.</p>
<p>About 400 residents spent the night in school halls, and the army sent boats and trucks to help
with the evacuation of the lower districts near the old bridge.</p>
<p>The weather service expects the rain to ease on Wednesday, but warned that the river would stay
high for several days.</p></article><footer>© Valley Courier</footer></body></html>"""


def _warc(path, gz=True, records=None):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for uri, status, ctype, body, kind in records or []:
            http = None
            if kind == "response":
                http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            if kind == "request":
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            record = writer.create_warc_record(uri, kind, payload=BytesIO(body), http_headers=http)
            writer.write_record(record)
    return path


RECORDS = [
    ("https://example.org/floods", "200 OK", "text/html; charset=utf-8", PAGE.encode(), "response"),
    ("https://example.org/floods", "", "", b"", "request"),
    ("https://example.org/logo.png", "200 OK", "image/png", b"\x89PNG....", "response"),
    ("https://example.org/gone", "404 Not Found", "text/html", b"<html>not here</html>", "response"),
]


@pytest.mark.parametrize("gz", [True, False])
def test_html_responses_become_articles_and_the_rest_is_counted(tmp_path, gz):
    path = _warc(tmp_path / ("a.warc.gz" if gz else "a.warc"), gz=gz, records=RECORDS)
    items = list(read_inputs([path]))
    articles = [i for i in items if isinstance(i, RawArticle)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(articles) == 1
    page = articles[0]
    assert page.url == "https://example.org/floods"
    assert page.is_html and "Rescue teams reached the last villages" in page.text
    assert "Home | World" not in page.text
    assert page.source.startswith(str(path) + "#")
    assert [s.error for s in skipped] == [Errors.W114] * 3  # request, image, 404
    assert all(s.expected for s in skipped)


def test_a_truncated_archive_keeps_what_came_before_the_damage(tmp_path):
    whole = _warc(tmp_path / "whole.warc.gz", records=RECORDS[:1] + RECORDS[:1])
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 3 // 4])
    items = list(read_inputs([cut]))
    assert sum(isinstance(i, RawArticle) for i in items) == 1
    assert isinstance(items[-1], Skipped) and items[-1].error is Errors.W115


@pytest.mark.parametrize("gz", [True, False])
def test_an_archive_cut_anywhere_in_its_first_record_is_one_clear_skip(tmp_path, gz):
    """Every cut point, not a few fractions: each archive written has its own record id and date,
    so a fixed fraction lands in a different place each run (a cut inside the headers made warcio
    raise AttributeError, a traceback for the user, in some runs only)."""
    name = "whole.warc.gz" if gz else "whole.warc"
    data = _warc(tmp_path / name, gz=gz, records=RECORDS[:1]).read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    whole = [i for i in read_inputs([tmp_path / name]) if isinstance(i, RawArticle)]
    articles = 0
    for size in range(1, len(data)):
        cut.write_bytes(data[:size])
        items = list(read_inputs([cut]))
        if any(isinstance(i, RawArticle) for i in items):
            # only the gzip trailer or the record's closing blank lines are missing: the page is whole
            assert [i.text for i in items] == [whole[0].text] and len(data) - size <= 12
            articles += 1
            continue
        assert len(items) == 1 and isinstance(items[0], Skipped) and items[0].error is Errors.W115, size
    assert articles <= 12


def test_gzip_that_is_not_gzip_is_a_clear_skip(tmp_path):
    fake = tmp_path / "fake.warc.gz"
    fake.write_bytes(b"this is not a gzip file at all\n" * 20)
    items = list(read_inputs([fake]))
    assert len(items) == 1 and isinstance(items[0], Skipped)
    assert items[0].error is Errors.W115
    assert "fake.warc.gz" in items[0].where


def test_an_oversized_page_in_an_archive_is_skipped(tmp_path):
    big = PAGE.replace("</article>", "<p>" + "word " * 5000 + "</p></article>").encode()
    record = ("https://example.org/big", "200 OK", "text/html", big, "response")
    path = _warc(tmp_path / "big.warc.gz", records=[record])
    items = list(read_inputs([path], max_bytes=10_000))
    assert len(items) == 1 and isinstance(items[0], Skipped) and items[0].error is Errors.W105
