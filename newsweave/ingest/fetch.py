"""Fetching pages and feeds over HTTP, politely and safely (httpx).

A :class:`Fetcher` refuses what a news reader should never fetch: schemes other than http(s),
hosts that resolve to private, loopback, link-local or reserved addresses (an SSRF guard,
checked again on every redirect), paths that robots.txt disallows. ``allow_private`` lets
private and loopback addresses through only for the hosts the user named (the URLs and feeds
given, not what a feed or a redirect points at); link-local and cloud metadata addresses are
refused always. A host is resolved once per request and the connection goes to the address that
was checked (no second resolution: no DNS rebinding between check and connect).
It bounds everything: connect and read timeouts plus a deadline for the whole fetch (headers,
body, retries and redirects), a size cap checked while streaming, a limited number of redirects,
retries with exponential back-off on connection errors, 429 and 5xx (``Retry-After`` capped).
``If-None-Match`` / ``If-Modified-Since`` come from a
:class:`ValidatorCache` (the store keeps them), so re-polling a feed fetches only what changed.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from newsweave.errors import Errors, SkipItem

log = logging.getLogger(__name__)

USER_AGENT = "newsweave/0.1 (news reader; respects robots.txt)"
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch. ``allow_private`` lets a user read an intranet or a local test server."""

    timeout: float = 15.0  # seconds to connect, and between bytes
    deadline: float = 60.0  # seconds for one URL: headers and body, all retries and redirects
    max_retry_after: float = 30.0  # a server's Retry-After is honoured up to this (and the deadline)
    feed_budget: float = 300.0  # seconds for one feed and all its entries together
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    user_agent: str = USER_AGENT
    allow_private: bool = False  # only for hosts the user named, never link-local or metadata
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


# Cloud metadata services: refused always, whatever the user allows.
METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.internal",
        "instance-data",
        "instance-data.ec2.internal",
    }
)
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _embedded(address: _Address) -> list[_Address]:
    """The address and any IPv4 address it carries (IPv4-mapped, 6to4, NAT64 spellings)."""
    found: list[_Address] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        for inner in (address.ipv4_mapped, address.sixtofour):
            if inner is not None:
                found.append(inner)
        if address in _NAT64:
            found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def _refusal(address: _Address, allow_private: bool) -> str | None:
    """Why ``address`` must not be fetched, or ``None``."""
    for one in _embedded(address):
        if one in METADATA_ADDRESSES:
            return "a cloud metadata address"
        if one.is_link_local or one.is_multicast or one.is_unspecified:
            return "a link-local, multicast or unspecified address"
    if allow_private:
        return None
    if any(not one.is_global for one in _embedded(address)):
        return "a non-public address"
    return None


def url_host(url: str) -> str:
    """The host of ``url`` as the HTTP client connects to it (lower case, IDNA, no brackets)."""
    import httpx

    try:
        return httpx.URL(url).raw_host.decode("ascii").lower()
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise SkipItem(Errors.W116, detail=f"not a valid URL: '{url[:80]}'") from exc


def check_address(url: str, allow_private: bool = False) -> str:
    """The address to connect to for ``url``, after refusing what must not be fetched.

    The scheme must be http(s); the host is resolved once and every address it resolves to must
    be public (or, with ``allow_private``, at least not link-local or a metadata service).
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SkipItem(Errors.W116, detail=f"only http(s) URLs are fetched, not '{url[:80]}'")
    host = url_host(url)
    if host.rstrip(".") in METADATA_HOSTS:
        raise SkipItem(Errors.W116, detail=f"{host} is a cloud metadata service")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise SkipItem(Errors.W117, detail=f"cannot resolve {host} ({exc})") from exc
    if not infos:
        raise SkipItem(Errors.W117, detail=f"cannot resolve {host}")
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        reason = _refusal(address, allow_private)
        if reason:
            hint = "" if allow_private else " (use --allow-private for a host you name)"
            raise SkipItem(Errors.W116, detail=f"{host} resolves to {address}, {reason}{hint}")
    return str(addresses[0])


class _Guard:
    """An httpcore network backend: connects only to checked addresses, within the fetch deadline.

    ``pins`` maps each host to the address :func:`check_address` approved; a host without one is
    never connected to. Every connect, read and write gets at most the time left before the
    current thread's deadline, so a server trickling its headers cannot hold a fetch.
    """

    def __init__(self) -> None:
        import httpcore

        self._inner = httpcore.SyncBackend()
        self.pins: dict[str, str] = {}
        self._local = threading.local()

    @property
    def until(self) -> float | None:
        return getattr(self._local, "until", None)

    @until.setter
    def until(self, value: float | None) -> None:
        self._local.until = value

    def left(self, timeout: float | None) -> float | None:
        import httpcore

        if self.until is None:
            return timeout
        remaining = self.until - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("fetch deadline reached")
        return remaining if timeout is None else min(timeout, remaining)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> Any:
        import httpcore

        address = self.pins.get(host.strip("[]").lower())
        if address is None:
            raise httpcore.ConnectError(f"{host} was not checked before connecting")
        stream = self._inner.connect_tcp(address, port, self.left(timeout), local_address, socket_options)
        return _Bounded(stream, self)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        import httpcore

        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _Bounded:
    """A network stream whose every operation ends by the fetch deadline."""

    def __init__(self, inner: Any, guard: _Guard) -> None:
        self._inner, self._guard = inner, guard

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return bytes(self._inner.read(max_bytes, self._guard.left(timeout)))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._guard.left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        return _Bounded(self._inner.start_tls(ssl_context, server_hostname, self._guard.left(timeout)), self._guard)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def _transport(guard: _Guard) -> Any:
    """httpx's transport with its connection pool on the guarded network backend."""
    import httpcore
    import httpx

    transport = httpx.HTTPTransport(trust_env=False)
    ssl_context = transport._pool._ssl_context  # httpx exposes no network backend option
    backend: Any = guard  # duck-typed httpcore.NetworkBackend (httpcore is imported lazily)
    transport._pool = httpcore.ConnectionPool(ssl_context=ssl_context, network_backend=backend)
    return transport


@dataclass
class Fetcher:
    """Fetches URLs under a :class:`FetchPolicy`; ``sleep`` is replaceable for tests.

    ``named`` holds the hosts the user named (``get(url, named=True)``): with ``allow_private``
    only these may be private or loopback addresses.
    """

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    cache: ValidatorCache | None = None
    sleep: Callable[[float], None] = time.sleep
    named: set[str] = field(default_factory=set)
    _client: Any = None
    _guard: _Guard = field(default_factory=_Guard)
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
                transport=_transport(self._guard),
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def get(self, url: str, *, conditional: bool = False, named: bool = False, until: float | None = None) -> Page:
        """Fetch ``url`` (following redirects within the policy); raise :class:`SkipItem` on failure.

        ``named``: the user gave this URL (its host may be private with ``allow_private``).
        ``until``: a ``time.monotonic()`` time the fetch must end by (when sooner than the deadline).
        """
        deadline = time.monotonic() + self.policy.deadline
        until = deadline if until is None else min(until, deadline)
        if named:
            self.named.add(url_host(url))
        if self.policy.respect_robots and not self.allowed(url, until):
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
            self._check(current)
            page = self._with_retries(current, headers, until)
            if page.status in _REDIRECTS and "location" in page.headers:
                current = urljoin(current, page.headers["location"])
                continue
            if page.status == 304 or 200 <= page.status < 300:
                if conditional and self.cache is not None and page.status != 304:
                    self.cache.save_validators(url, page.headers.get("etag"), page.headers.get("last-modified"))
                return page
            raise SkipItem(Errors.W117, detail=f"HTTP {page.status} from {current[:120]}")
        raise SkipItem(Errors.W117, detail=f"more than {self.policy.max_redirects} redirects from {url[:120]}")

    def _check(self, url: str) -> None:
        """Check ``url``'s host and pin the checked address for the connection."""
        host = url_host(url)
        self._guard.pins[host] = check_address(url, self.policy.allow_private and host in self.named)

    def _with_retries(self, url: str, headers: dict[str, str], until: float) -> Page:
        import httpx

        delay = self.policy.backoff
        for attempt in range(self.policy.retries + 1):
            last = attempt == self.policy.retries
            try:
                page = self._once(url, headers, until)
            except (httpx.TransportError, TimeoutError) as exc:
                if last:
                    raise SkipItem(Errors.W117, detail=f"{type(exc).__name__} for {url[:120]}") from exc
                log.info("%s: %s, retrying in %.1f s", url, type(exc).__name__, delay)
            else:
                if page.status not in _RETRY_STATUS or last:
                    return page
                delay = _retry_after(page.headers.get("retry-after", ""), delay, self.policy.max_retry_after)
                if delay >= until - time.monotonic():
                    return page  # no time left to wait for: the status is the answer
                log.info("%s: HTTP %d, retrying in %.1f s", url, page.status, delay)
            if delay >= until - time.monotonic():
                raise SkipItem(Errors.W117, detail=self._late(url))
            self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, headers: dict[str, str], until: float) -> Page:
        import httpx

        self._guard.until = until
        try:
            return self._stream(url, headers, until)
        except httpx.TimeoutException as exc:
            if time.monotonic() >= until - 0.01:
                raise SkipItem(Errors.W117, detail=self._late(url)) from exc
            raise
        finally:
            self._guard.until = None

    def _late(self, url: str) -> str:
        return f"{url[:120]} took longer than the fetch deadline of {self.policy.deadline:g} s"

    def _stream(self, url: str, headers: dict[str, str], until: float) -> Page:
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
                if time.monotonic() > until:
                    raise SkipItem(Errors.W117, detail=self._late(url))
            return Page(str(response.url), response.status_code, _lower(response.headers), bytes(body))

    def allowed(self, url: str, until: float | None = None) -> bool:
        """Whether robots.txt of the URL's site lets this user agent fetch it (unreadable: allowed)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin, until or time.monotonic() + self.policy.deadline)
        robots = self._robots[origin]
        return True if robots is None else robots.can_fetch(self.policy.user_agent, url)

    def _read_robots(self, origin: str, until: float) -> RobotFileParser | None:
        try:
            self._check(origin + "/robots.txt")
            page = self._once(origin + "/robots.txt", {}, until)
        except (SkipItem, Exception) as exc:  # noqa: BLE001 - any failure means no rules
            log.debug("%s/robots.txt unreadable (%s): no rules", origin, exc)
            return None
        if page.status != 200 or page.body is None:
            return None
        parser = RobotFileParser()
        parser.parse(page.body.decode("utf-8", "replace").splitlines())
        return parser


def _retry_after(value: str, default: float, cap: float) -> float:
    """Seconds a ``Retry-After`` header asks for (seconds or an HTTP date), at most ``cap``."""
    value = value.strip()
    if not value:
        return default
    if value.isdigit():
        return min(float(value[:12]), cap)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, min((when - datetime.now(UTC)).total_seconds(), cap))


def _lower(headers: Any) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}
