"""Feeds and URLs, against a local HTTP server on 127.0.0.1 started by the test (never the internet)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsweave.config import Config
from newsweave.errors import Errors, SkipItem
from newsweave.ingest import Fetcher, FetchPolicy, Skipped, read_feed, read_inputs
from newsweave.ingest.fetch import check_address
from newsweave.ingest.web import parse_feed
from newsweave.pipeline.runner import Newsweave
from newsweave.records import RawArticle

ARTICLE = """<html><head><title>{title}</title><meta name="date" content="2025-03-0{day}"></head><body>
<nav>Home | World</nav><article><h1>{title}</h1>
<p>{lead}</p><p>{more}</p></article></body></html>"""
LEADS = [
    "The regional government said on Tuesday that rescue teams had reached every village cut off by the river.",
    "Farmers in the lower valley counted their losses as the water slowly drained from flooded fields and barns.",
    "Insurers expect claims worth several million euros after the worst floods the valley has seen in decades.",
    "Schools in three towns stayed closed for a second day while engineers inspected the bridges and roads.",
    "Volunteers from neighbouring regions arrived with pumps, sandbags and food for the families in the shelters.",
    "The river authority promised an inquiry into why the new flood barriers failed to hold back the water.",
]


def _page(n: int) -> bytes:
    lead, more = LEADS[n % len(LEADS)], LEADS[(n + 3) % len(LEADS)]
    return ARTICLE.format(title=f"Flood report number {n}", day=n, lead=lead, more=more).encode()


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Courier</title>
<item><title>First</title><link>{base}/a/1</link><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate></item>
<item><title>Second</title><link>{base}/a/2</link></item>
<item><title>Gone</title><link>{base}/a/missing</link>
<description>&lt;p&gt;The bridge over the river reopened on Friday after engineers checked it.&lt;/p&gt;
</description></item>
</channel></rss>"""

BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss><channel><title>&lol3;</title></channel></rss>"""


class _Handler(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers:
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts are tested)
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the http.server API
        path = self.path
        self.hits[path] += 1
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path.startswith("/a/") and path[3:].isdigit():
            return self._send(200, _page(int(path[3:])))
        if path == "/private/x":
            return self._send(200, _page(1))
        if path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                return self._send(304)
            return self._send(200, FEED.format(base=base).encode(), "application/rss+xml", [("ETag", '"v1"')])
        if path == "/bomb.xml":
            return self._send(200, BOMB, "application/rss+xml")
        if path == "/broken.xml":
            return self._send(200, b"<rss><channel><item><title>unclosed", "application/rss+xml")
        if path == "/loop":
            return self._send(302, headers=[("Location", "/loop")])
        if path == "/flaky":
            if self.hits[path] < 3:
                return self._send(503)
            return self._send(200, _page(5))
        if path == "/slow":
            time.sleep(3)
            return self._send(200, _page(6))
        if path == "/huge":  # no length announced; would send 1 GB
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(1024):
                    self.wfile.write(b"x" * (1 << 20))
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        return self._send(404, b"not found")


@pytest.fixture
def server():
    _Handler.hits = Counter()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _fetcher(**policy):
    options = {"allow_private": True, "timeout": 1.0, "deadline": 2.0, "max_bytes": 200_000, "retries": 2}
    options.update(policy)
    return Fetcher(FetchPolicy(**options), sleep=lambda _s: None)


def test_private_addresses_and_other_schemes_are_refused_by_default(server):
    for url in (server + "/a/1", "http://localhost/x", "http://10.1.2.3/x", "http://[::1]/x", "file:///etc/passwd"):
        with pytest.raises(SkipItem) as err:
            check_address(url)
        assert err.value.error is Errors.W116
    items = list(read_inputs([server + "/a/1"]))  # the default fetcher refuses the test server
    assert isinstance(items[0], Skipped) and items[0].error is Errors.W116


def test_a_url_becomes_an_article(server):
    items = list(read_inputs([server + "/a/1"], fetcher=_fetcher()))
    assert len(items) == 1 and isinstance(items[0], RawArticle)
    assert items[0].url == server + "/a/1"
    assert LEADS[1] in items[0].text
    assert "Home | World" not in items[0].text


@pytest.mark.parametrize(
    ("path", "error", "words"),
    [
        ("/private/x", Errors.W116, "robots.txt"),
        ("/loop", Errors.W117, "redirects"),
        ("/huge", Errors.W117, "more than"),
        ("/slow", Errors.W117, "deadline"),
        ("/nothing-here", Errors.W117, "HTTP 404"),
    ],
)
def test_refusals_and_failures_are_clear_skips(server, path, error, words):
    started = time.monotonic()
    with pytest.raises(SkipItem) as err:
        _fetcher().get(server + path, named=True)
    assert err.value.error is error
    assert words in str(err.value)
    assert time.monotonic() - started < 15  # bounded: timeouts, size cap and retries hold


def test_server_errors_are_retried_with_back_off(server):
    waits: list[float] = []
    fetcher = Fetcher(FetchPolicy(allow_private=True, retries=3, backoff=0.5), sleep=waits.append)
    page = fetcher.get(server + "/flaky", named=True)
    assert page.status == 200
    assert waits == [0.5, 1.0]  # two 503s, then success


def test_feeds_with_entity_bombs_or_invalid_xml_are_refused():
    with pytest.raises(SkipItem) as err:
        parse_feed(BOMB)
    assert err.value.error is Errors.W118 and "refused" in str(err.value)
    with pytest.raises(SkipItem) as err:
        parse_feed(b"<rss><channel><item><title>unclosed")
    assert err.value.error is Errors.W118


def test_a_feed_is_read_once_and_re_polled_conditionally(server, tmp_path):
    config = Config().with_options(allow_private_urls=True)
    with Newsweave(tmp_path / "n.db", config) as nw:
        nw._fetcher = Fetcher(FetchPolicy(allow_private=True, timeout=2.0, retries=0), cache=nw.store)
        report = nw.ingest(feeds=[server + "/feed.xml"])
        assert (report.read, report.added) == (3, 3)  # two pages, and the missing one from the feed's text
        stored = {a.url: a for a in nw.articles()}
        assert stored[server + "/a/1"].published == "2025-03-01"  # the page's own date
        assert stored[server + "/a/1"].outlet == "Valley Courier"  # the feed's title fills the outlet
        assert "bridge over the river reopened" in stored[server + "/a/missing"].raw_text
        again = nw.ingest(feeds=[server + "/feed.xml", server + "/bomb.xml", server + "/broken.xml"])
        assert again.read == 0  # 304 Not Modified: nothing fetched but the feed
        assert [s.error for s in again.skipped] == [Errors.W118, Errors.W118]
        after = {a.url: (a.raw_text, a.lines) for a in nw.articles()}
        assert after == {url: (a.raw_text, a.lines) for url, a in stored.items()}  # nothing stored is touched
    assert _Handler.hits["/a/1"] == 1


def test_known_entries_are_not_fetched_again(server):
    fetcher = _fetcher()
    items = list(read_feed(server + "/feed.xml", fetcher, is_known=lambda url: url.endswith("/a/1")))
    assert [i.url for i in items if isinstance(i, RawArticle)] == [server + "/a/2", server + "/a/missing"]
    assert _Handler.hits["/a/1"] == 0


def test_cli_ingest_needs_something_to_read(tmp_path, capsys):
    from newsweave.cli import main

    assert main(["--db", str(tmp_path / "n.db"), "ingest"]) == 2
    assert "--feed" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "n.db"), "watch", str(tmp_path / "n.db"), "--every", "soon"]) == 2


@pytest.mark.slow
def test_watch_polls_feeds_and_updates_stories(server, tmp_path, capsys):
    from newsweave.cli import main

    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# local test feed\n{server}/feed.xml\n", encoding="utf-8")
    db = str(tmp_path / "n.db")
    args = ["--db", db, "-q", "watch", str(feeds), "--every", "1s", "--polls", "2", "--allow-private"]
    assert main([*args, "--out", str(tmp_path / "report")]) == 0
    lines = [ln for ln in capsys.readouterr().err.splitlines() if "articles read" in ln]
    assert len(lines) == 2
    assert "3 articles read" in lines[0] and "0 articles read" in lines[1]  # the second poll gets 304
    assert (tmp_path / "report" / "stories.json").exists()
    assert _Handler.hits["/feed.xml"] == 2 and _Handler.hits["/a/1"] == 1
