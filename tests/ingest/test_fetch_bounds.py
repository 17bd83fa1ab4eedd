"""Fetch bounds and the address guard, against servers on 127.0.0.1 started by the test.

A server trickling its headers, a huge ``Retry-After``, a slow feed, an allowed private feed
whose entries point at metadata or link-local addresses, and DNS answers that change between
check and connect: each is refused or bounded in time (never the internet).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsweave.errors import Errors, SkipItem
from newsweave.ingest import Fetcher, FetchPolicy, Skipped, read_feed
from newsweave.ingest.fetch import check_address
from newsweave.records import RawArticle

PAGE = b"""<html><head><title>Bridge reopened</title></head><body><article><h1>Bridge reopened</h1>
<p>The bridge over the river reopened on Friday after engineers spent a week checking every pillar.</p>
<p>Traffic returned to the old town within the hour, and the ferry that replaced it was stopped.</p>
</article></body></html>"""


@contextlib.contextmanager
def _trickling_server(step: float = 0.2, limit: float = 20.0) -> Iterator[str]:
    """A raw socket server that answers every request with one header byte every ``step`` seconds."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    stop = threading.Event()

    def trickle(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.recv(65536)
            header = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 10_000
            started = time.monotonic()
            for byte in header:
                if stop.is_set() or time.monotonic() - started > limit:
                    return
                conn.sendall(bytes([byte]))
                time.sleep(step)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=trickle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        listener.close()


class _Handler(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()
    hosts: list[str] = []
    feed = b""

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers:
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the http.server API
        self.hits[self.path] += 1
        self.hosts.append(self.headers.get("Host", ""))
        if self.path == "/robots.txt":
            return self._send(404)
        if self.path == "/busy":
            if self.hits[self.path] == 1:
                return self._send(503, headers=[("Retry-After", "100000")])
            return self._send(200, PAGE)
        if self.path == "/feed.xml":
            return self._send(200, self.feed, "application/rss+xml")
        if self.path.startswith("/go/"):  # a redirect to whatever address follows
            return self._send(302, headers=[("Location", "http://" + self.path[4:])])
        if self.path.startswith("/slow/"):
            time.sleep(0.6)
            return self._send(200, PAGE)
        if self.path.startswith("/a/"):
            return self._send(200, PAGE)
        return self._send(404)


@pytest.fixture
def server():
    _Handler.hits, _Handler.hosts, _Handler.feed = Counter(), [], b""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _feed(*links: str) -> bytes:
    items = "".join(f"<item><title>Entry {n}</title><link>{link}</link></item>" for n, link in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>{items}</channel></rss>'.encode()


@pytest.fixture
def connections(monkeypatch):
    """Every address a TCP connection is attempted to."""
    seen: list[str] = []
    real = socket.create_connection

    def spy(address, *args, **kwargs):
        seen.append(str(address[0]))
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", spy)
    return seen


def test_a_server_trickling_its_headers_is_cut_at_the_deadline():
    with _trickling_server() as url:
        fetcher = Fetcher(FetchPolicy(allow_private=True, timeout=1.0, deadline=1.5, retries=2), sleep=time.sleep)
        started = time.monotonic()
        with pytest.raises(SkipItem) as err:
            fetcher.get(url + "/article", named=True)  # robots.txt trickles too: one deadline for both
        elapsed = time.monotonic() - started
        fetcher.close()
    assert err.value.error is Errors.W117
    assert "deadline of 1.5 s" in str(err.value)
    assert elapsed < 2.5  # a byte every 0.2 s never trips the read timeout; the deadline holds


def test_retry_after_is_capped_and_bounded_by_the_deadline(server):
    waits: list[float] = []
    fetcher = Fetcher(FetchPolicy(allow_private=True, retries=2), sleep=waits.append)
    assert fetcher.get(server + "/busy", named=True).status == 200
    assert waits == [30.0]  # asked for 100,000 s, capped
    _Handler.hits.clear()
    waits.clear()
    short = Fetcher(FetchPolicy(allow_private=True, retries=2, deadline=5.0), sleep=waits.append)
    with pytest.raises(SkipItem) as err:
        short.get(server + "/busy", named=True)
    assert "HTTP 503" in str(err.value) and waits == []  # 30 s do not fit in a 5 s deadline: no wait


def test_a_feed_has_one_time_budget_for_all_its_entries(server):
    _Handler.feed = _feed(*(f"{server}/slow/{n}" for n in range(4)))
    fetcher = Fetcher(FetchPolicy(allow_private=True, timeout=5.0, feed_budget=1.0, retries=0))
    started = time.monotonic()
    items = list(read_feed(server + "/feed.xml", fetcher))
    assert time.monotonic() - started < 2.0
    assert isinstance(items[0], RawArticle)
    assert all(isinstance(i, Skipped) and i.error is Errors.W117 for i in items[1:])
    assert "budget" in items[-1].message
    assert _Handler.hits["/slow/3"] == 0  # never asked for once the budget was spent


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/x",
        "http://[::ffff:169.254.169.254]/x",
        "http://[fd00:ec2::254]/x",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://0.0.0.0/x",
    ],
)
def test_link_local_and_metadata_addresses_are_refused_even_when_private_is_allowed(url):
    with pytest.raises(SkipItem) as err:
        check_address(url, allow_private=True)
    assert err.value.error is Errors.W116


def test_allowing_private_hosts_covers_only_the_hosts_named(server, connections):
    _Handler.feed = _feed(
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://[fe80::1]/x",
        "http://10.11.12.13/intranet",  # private, but not a host the user named
        server + "/a/1",  # the feed's own host, which the user named
    )
    fetcher = Fetcher(FetchPolicy(allow_private=True, timeout=1.0, retries=0))
    items = list(read_feed(server + "/feed.xml", fetcher))
    assert [type(i).__name__ for i in items] == ["Skipped"] * 4 + ["RawArticle"]
    assert all(i.error is Errors.W116 for i in items[:4] if isinstance(i, Skipped))
    assert set(connections) == {"127.0.0.1"}  # no connection was even attempted elsewhere
    with pytest.raises(SkipItem) as err:  # the same server, not named: refused
        Fetcher(FetchPolicy(allow_private=True)).get(server + "/a/1")
    assert err.value.error is Errors.W116


def test_every_redirect_hop_is_checked_against_the_hosts_named(server, connections):
    fetcher = Fetcher(FetchPolicy(allow_private=True, timeout=1.0, retries=0))
    own = server.removeprefix("http://")
    assert fetcher.get(f"{server}/go/{own}/a/1", named=True).status == 200  # back to the named host
    for target in ("169.254.169.254/latest/meta-data/", "[fd00:ec2::254]/x", "10.11.12.13/intranet"):
        with pytest.raises(SkipItem) as err:
            fetcher.get(f"{server}/go/{target}", named=True)
        assert err.value.error is Errors.W116
    assert set(connections) == {"127.0.0.1"}


def test_the_connection_goes_to_the_address_that_was_checked(server, connections, monkeypatch):
    port = int(server.rsplit(":", 1)[1])
    answers: list[str] = []
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host != "news.test":
            return real(host, *args, **kwargs)
        address = "127.0.0.1" if not answers else "169.254.169.254"  # a second answer: the metadata service
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    fetcher = Fetcher(FetchPolicy(allow_private=True, timeout=1.0, retries=0, respect_robots=False))
    page = fetcher.get(f"http://news.test:{port}/a/1", named=True)
    assert page.status == 200 and page.url == f"http://news.test:{port}/a/1"
    assert answers == ["127.0.0.1"]  # resolved once, for the check
    assert connections == ["127.0.0.1"]  # and connected to that address
    assert _Handler.hosts == [f"news.test:{port}"]  # with the name in the Host header
    with pytest.raises(SkipItem) as err:  # the next request resolves again, and is checked again
        fetcher.get(f"http://news.test:{port}/a/2", named=True)
    assert err.value.error is Errors.W116 and "169.254.169.254" in str(err.value)


def test_a_host_that_was_not_checked_is_never_connected_to(server, connections):
    fetcher = Fetcher(FetchPolicy(allow_private=True, retries=0))
    with pytest.raises(Exception, match="not checked"):
        fetcher.client.get(server + "/a/1")  # the client alone, bypassing the check
    assert connections == []
