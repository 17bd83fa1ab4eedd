"""Fetching pages and feeds over HTTP, politely and safely (httpx).

A :class:`Fetcher` refuses what a news reader should never fetch: schemes other than http(s),
hosts that resolve to private, loopback, link-local or reserved addresses (unless the user
allows them: an SSRF guard, checked again on every redirect), paths that robots.txt disallows.
It bounds everything: connect and read timeouts plus a deadline for the whole body, a size cap
checked while streaming, a limited number of redirects, retries with exponential back-off on
connection errors, 429 and 5xx. ``If-None-Match`` / ``If-Modified-Since`` come from a
:class:`ValidatorCache` (the store keeps them), so re-polling a feed fetches only what changed.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from ..errors import Errors, SkipItem

log = logging.getLogger(__name__)

USER_AGENT = "newsweave/0.1 (news reader; respects robots.txt)"
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch. ``allow_private`` lets a user read an intranet or a local test server."""

    timeout: float = 15.0  # seconds to connect, and between bytes
    deadline: float = 60.0  # seconds for the whole response
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    user_agent: str = USER_AGENT
    allow_private: bool = False
    respect_robots: bool = True


@dataclass
class Page:
    """A fetched response: final URL, status, headers and body (``None`` when not modified)."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class ValidatorCache(Protocol):
    """Where ETag and Last-Modified of fetched URLs are kept (the store implements it)."""

    def validators(self, url: str) -> tuple[str | None, str | None]: ...

    def save_validators(self, url: str, etag: str | None, last_modified: str | None) -> None: ...


def check_address(url: str, allow_private: bool = False) -> None:
    """Refuse a URL whose scheme is not http(s) or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SkipItem(Errors.W116, detail=f"only http(s) URLs are fetched, not '{url[:80]}'")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as exc:
        raise SkipItem(Errors.W117, detail=f"cannot resolve {parts.hostname} ({exc})") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise SkipItem(
                Errors.W116,
                detail=f"{parts.hostname} resolves to the non-public address {address} (use --allow-private)",
            )


@dataclass
class Fetcher:
    """Fetches URLs under a :class:`FetchPolicy`; ``sleep`` is replaceable for tests."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    cache: ValidatorCache | None = None
    sleep: Callable[[float], None] = time.sleep
    _client: Any = None
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict)

    @property
    def client(self) -> Any:
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                timeout=httpx.Timeout(self.policy.timeout),
                follow_redirects=False,
                headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
                trust_env=False,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def get(self, url: str, *, conditional: bool = False) -> Page:
        """Fetch ``url`` (following redirects within the policy); raise :class:`SkipItem` on failure."""
        if self.policy.respect_robots and not self.allowed(url):
            raise SkipItem(Errors.W116, detail=f"robots.txt of {urlsplit(url).netloc} disallows {url[:120]}")
        headers: dict[str, str] = {}
        if conditional and self.cache is not None:
            etag, modified = self.cache.validators(url)
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        current = url
        for _ in range(self.policy.max_redirects + 1):
            check_address(current, self.policy.allow_private)
            page = self._with_retries(current, headers)
            if page.status in _REDIRECTS and "location" in page.headers:
                current = urljoin(current, page.headers["location"])
                continue
            if page.status == 304 or 200 <= page.status < 300:
                if conditional and self.cache is not None and page.status != 304:
                    self.cache.save_validators(url, page.headers.get("etag"), page.headers.get("last-modified"))
                return page
            raise SkipItem(Errors.W117, detail=f"HTTP {page.status} from {current[:120]}")
        raise SkipItem(Errors.W117, detail=f"more than {self.policy.max_redirects} redirects from {url[:120]}")

    def _with_retries(self, url: str, headers: dict[str, str]) -> Page:
        import httpx

        delay = self.policy.backoff
        for attempt in range(self.policy.retries + 1):
            last = attempt == self.policy.retries
            try:
                page = self._once(url, headers)
            except (httpx.TransportError, TimeoutError) as exc:
                if last:
                    raise SkipItem(Errors.W117, detail=f"{type(exc).__name__} for {url[:120]}") from exc
                log.info("%s: %s, retrying in %.1f s", url, type(exc).__name__, delay)
            else:
                if page.status not in _RETRY_STATUS or last:
                    return page
                wait = page.headers.get("retry-after", "")
                delay = min(float(wait), 60.0) if wait.isdigit() else delay
                log.info("%s: HTTP %d, retrying in %.1f s", url, page.status, delay)
            self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, headers: dict[str, str]) -> Page:
        started = time.monotonic()
        with self.client.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.policy.max_bytes:
                raise SkipItem(Errors.W117, detail=f"{url[:120]} is {declared} bytes (limit {self.policy.max_bytes})")
            body = bytearray()
            if response.status_code in _REDIRECTS or response.status_code == 304:
                return Page(str(response.url), response.status_code, _lower(response.headers), None)
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.policy.max_bytes:
                    raise SkipItem(Errors.W117, detail=f"{url[:120]} sends more than {self.policy.max_bytes} bytes")
                if time.monotonic() - started > self.policy.deadline:
                    raise SkipItem(Errors.W117, detail=f"{url[:120]} took longer than {self.policy.deadline:.0f} s")
            return Page(str(response.url), response.status_code, _lower(response.headers), bytes(body))

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's site lets this user agent fetch it (unreadable: allowed)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        robots = self._robots[origin]
        return True if robots is None else robots.can_fetch(self.policy.user_agent, url)

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        try:
            check_address(origin + "/robots.txt", self.policy.allow_private)
            page = self._once(origin + "/robots.txt", {})
        except (SkipItem, Exception) as exc:  # noqa: BLE001 - any failure means no rules
            log.debug("%s/robots.txt unreadable (%s): no rules", origin, exc)
            return None
        if page.status != 200 or page.body is None:
            return None
        parser = RobotFileParser()
        parser.parse(page.body.decode("utf-8", "replace").splitlines())
        return parser


def _lower(headers: Any) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}
