"""The web server: HTML pages for readers and a JSON API, over one store.

``create_app(db)`` returns a FastAPI application. Every request reads through a read-only
SQLite connection from a small pool; the only write is ``POST /api/articles``, which exists
only when the app is created with ``allow_ingest=True`` and a token. Article text is
untrusted: templates autoescape everything, links to article URLs are made only for
http(s) URLs, and every response carries a Content-Security-Policy that allows scripts,
styles and images from this server alone (nothing is loaded from a CDN).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsweave.config import Config
from newsweave.errors import Errors, NewsweaveError
from newsweave.store.store import Store

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
        " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
MAX_BODY_BYTES = 5_000_000


class StorePool:
    """Read-only connections to one store, one per concurrent request, reused.

    It also keeps what every page needs and rarely changes (the filter menus) for ``ttl``
    seconds; an ingest through the API forgets it at once.
    """

    def __init__(self, path: str | Path, size: int = 16, ttl: float = 60.0) -> None:
        self.path = str(path)
        self.ttl = ttl
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue(maxsize=size)
        self._cache: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def cached(self, name: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, or its value from less than ``ttl`` seconds ago."""
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(name)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        value = compute()
        with self._lock:
            self._cache[name] = (now, value)
        return value

    def forget(self) -> None:
        with self._lock:
            self._cache.clear()

    @contextmanager
    def connection(self) -> Iterator[Store]:
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = Store(self.path, readonly=True)
        try:
            yield store
        finally:
            try:
                self._idle.put_nowait(store)
            except queue.Full:
                store.close()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


class Ingestor:
    """The one writer of a server started with ingest enabled (models load on first use)."""

    def __init__(self, db: str, token: str, config: Config) -> None:
        self.db = db
        self.token = token
        self.config = config
        self._lock = threading.Lock()
        self._project: Any = None

    def add(self, records: list[Any]) -> Any:
        from newsweave.pipeline.runner import Newsweave

        with self._lock:
            if self._project is None:
                self._project = Newsweave(self.db, self.config)
            return self._project.add(records)


class SecurityHeaders:
    """ASGI middleware: security headers on every response, and a cap on request bodies."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":  # every page answers HEAD as it answers GET, without the body
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            response = JSONResponse({"detail": f"request body over {self.max_body} bytes"}, status_code=413)
            await response(scope, receive, self._with_headers(send))
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _BodyTooLarge
            return message

        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, self._with_headers(sending))
        except _BodyTooLarge:
            response = JSONResponse({"detail": f"request body over {self.max_body} bytes"}, status_code=413)
            await response(scope, receive, self._with_headers(send))
        except Exception:  # a bug or a hostile request: a clean 500, with the security headers
            log.exception("request %s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = JSONResponse({"detail": "internal error"}, status_code=500)
            await response(scope, receive, self._with_headers(send))

    @staticmethod
    def _with_headers(send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        return wrapped


class _BodyTooLarge(Exception):
    pass


def _without_body(send: Send) -> Send:
    """``send`` that passes the status and headers of a response but not its body (for HEAD)."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)}
        await send(message)

    return wrapped


class HostCheck:
    """ASGI middleware: refuse a request whose ``Host`` is not one of the server's names (400).

    A page on another site can make a browser send requests to a local server under its own
    name, once that name resolves to 127.0.0.1 (DNS rebinding), and read the answers. An IP
    address, ``localhost`` and the names in ``allowed`` are accepted: no rebinding comes under them.
    """

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = {name.lower().strip("[]") for name in allowed} | {"localhost"}

    def accepts(self, host: str) -> bool:
        """Whether a ``Host`` header value (port and brackets allowed) names this server."""
        name = host.strip().lower()
        if name.startswith("["):  # [::1]:8000
            name = name[1 : name.find("]")] if "]" in name else name
        elif name.count(":") == 1:
            name = name.split(":")[0]
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return name.rstrip(".") in self.allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
            if not self.accepts(host):
                response = JSONResponse({"detail": "host not allowed"}, status_code=400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(
    db: str | Path = "newsweave.db",
    *,
    allow_ingest: bool = False,
    token: str | None = None,
    config: Config | None = None,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """The newsweave web application over the store ``db`` (which must exist).

    With ``allowed_hosts``, a request must name the server by one of them, an IP address or
    ``localhost`` (:class:`HostCheck`); ``None`` accepts any ``Host``.

    The store is migrated to the current schema once, here; requests then only read it,
    unless ``allow_ingest`` is set, which needs ``token`` (E009).
    """
    path = str(db)
    if not Path(path).is_file():
        raise NewsweaveError(Errors.E006, path=path, detail="no such file; build one with `newsweave run`")
    if allow_ingest and not token:
        raise NewsweaveError(Errors.E009)
    Store(path).close()  # create nothing, but migrate an older store before serving it
    pool = StorePool(path)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsweave",
        summary="Stories, articles, actors and search over a newsweave store.",
        version=_version(),
        docs_url=None,  # the interactive docs load scripts from a CDN; the schema is at /api/openapi.json
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.pool = pool
    app.state.ingestor = Ingestor(path, token, config or Config()) if allow_ingest and token else None
    if allowed_hosts is not None:
        app.add_middleware(HostCheck, allowed=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)  # outermost: its headers go on every answer
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    from .api import router as api_router
    from .pages import router as page_router

    app.include_router(api_router)
    app.include_router(page_router)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Any:
        return JSONResponse({"detail": brief_errors(exc.errors())}, status_code=422)

    @app.exception_handler(NewsweaveError)
    async def newsweave_error(request: Request, exc: NewsweaveError) -> Any:
        status = 400 if exc.error is Errors.E008 else 503
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc), "code": exc.error.value.code}, status_code=status)
        return HTMLResponse(f"<!doctype html><title>newsweave</title><p>{_escape(str(exc))}</p>", status_code=status)

    return app


ENV_DB = "NEWSWEAVE_SERVE_DB"
ENV_INGEST = "NEWSWEAVE_SERVE_INGEST"
ENV_HOSTS = "NEWSWEAVE_SERVE_HOSTS"  # the names a request may give as Host, comma-separated; "*": any


def app_from_environment() -> FastAPI:
    """The app of ``newsweave serve --workers N``: each worker process builds it from the environment.

    ``NEWSWEAVE_SERVE_DB`` names the store; ``NEWSWEAVE_SERVE_INGEST=1`` with ``NEWSWEAVE_TOKEN``
    enables ingest (the token travels in the environment, never on a command line).
    """
    hosts = os.environ.get(ENV_HOSTS, "")
    return create_app(
        os.environ[ENV_DB],
        allow_ingest=os.environ.get(ENV_INGEST) == "1",
        token=os.environ.get("NEWSWEAVE_TOKEN") or None,
        allowed_hosts=None if hosts == "*" else [h for h in hosts.split(",") if h],
    )


MAX_ERRORS = 10  # validation errors a 422 lists
MAX_ECHO = 80  # characters of a bad value a 422 shows


def _printable(value: Any, limit: int = MAX_ECHO) -> str:
    """A short, printable form of a value: at most ``limit`` characters, lone surrogates escaped."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[:limit] + f"… ({len(text)} characters)"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def brief_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Validation errors as a 422 gives them: where and why, the bad value cut to a few characters
    (never the whole request echoed back), the first :data:`MAX_ERRORS` of them."""
    brief = [
        {
            "loc": [_printable(part, 40) if isinstance(part, str) else part for part in error.get("loc", ())],
            "msg": _printable(error.get("msg", ""), 200),
            "type": error.get("type", ""),
            "input": _printable(error.get("input", "")),
        }
        for error in list(errors)[:MAX_ERRORS]
    ]
    if len(errors) > MAX_ERRORS:
        brief.append({"loc": [], "msg": f"{len(errors) - MAX_ERRORS} more errors", "type": "more", "input": ""})
    return brief


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsweave")
    except PackageNotFoundError:
        return "0"
