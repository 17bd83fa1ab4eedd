"""Hostile requests to the web server (issue 28, item 10): a lone surrogate is a clean 4xx with
the security headers, a 422 never echoes more than a little of the request, any failure is a
500 with the headers, and the Host header must name the server (no DNS rebinding)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from newsweave.store.store import Store
from newsweave.web import create_app
from newsweave.web.app import MAX_ECHO, HostCheck

AUTH = {"Authorization": "Bearer secret", "Content-Type": "application/json"}


@pytest.fixture
def client(tmp_path):
    db = tmp_path / "n.db"
    Store(db).close()
    return TestClient(create_app(db, allow_ingest=True, token="secret"), raise_server_exceptions=False)


@pytest.mark.parametrize(
    "body",
    [
        '{"articles": [{"text": "A text \\ud800 of several words here."}]}',
        '{"articles": [{"text": "Fine text of several words.", "title": "\\udfff"}]}',
        '["' + "\\ud800" * 50 + '"]',
    ],
)
def test_a_lone_surrogate_is_a_clean_422_with_the_security_headers(client, body):
    response = client.post("/api/articles", content=body, headers=AUTH)
    assert response.status_code == 422 and response.headers["x-frame-options"] == "DENY"
    assert "content-security-policy" in response.headers
    response.json()  # valid JSON, valid UTF-8


def test_a_422_echoes_only_a_little_of_the_request(client):
    big = json.dumps({"articles": [{"text": 5, "title": "y" * 1_000_000}] * 3 + [{"x": i} for i in range(40)]})
    response = client.post("/api/articles", content=big, headers=AUTH)
    assert response.status_code == 422 and len(response.content) < 5_000
    detail = response.json()["detail"]
    assert len(detail) == 11 and detail[-1]["msg"].endswith("more errors")
    assert all(len(e["input"]) <= MAX_ECHO + 40 for e in detail)


def test_a_failure_inside_is_a_500_with_the_security_headers(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(client.app.state.ingestor, "add", broken)
    body = json.dumps({"articles": [{"text": "A fine text of several words here."}]})
    response = client.post("/api/articles", content=body, headers=AUTH)
    assert response.status_code == 500 and response.headers["x-frame-options"] == "DENY"
    assert "boom" not in response.text


def test_the_host_header_must_name_the_server(tmp_path):
    db = tmp_path / "n.db"
    Store(db).close()
    client = TestClient(create_app(db, allowed_hosts=["127.0.0.1", "news.example"]))
    for host in ("127.0.0.1:8000", "localhost", "[::1]:8000", "news.example", "NEWS.example.:80", "10.1.2.3"):
        assert client.get("/api/stories", headers={"Host": host}).status_code == 200, host
    for host in ("attacker.example", "news.example.attacker.example", "", "localhost.attacker.example"):
        response = client.get("/api/stories", headers={"Host": host})
        assert response.status_code == 400 and response.headers["x-frame-options"] == "DENY", host
    open_app = TestClient(create_app(db))  # no names given: any Host (as a library, behind a proxy)
    assert open_app.get("/api/stories", headers={"Host": "anything.example"}).status_code == 200


def test_host_check_reads_ports_and_brackets():
    check = HostCheck(None, ["box"])  # type: ignore[arg-type]
    assert check.accepts("box:8000") and check.accepts("[fe80::1]") and check.accepts("::1")
    assert not check.accepts("box.evil") and not check.accepts("[::1")
