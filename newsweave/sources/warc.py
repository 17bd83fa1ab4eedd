"""WARC and WARC.gz archives (e.g. Common Crawl's CC-NEWS) through warcio.

HTML responses with status 200 become articles (extracted like ``.html`` files, the target URI
as their URL); every other record (requests, metadata, redirects, images) is skipped and
counted. The archive is streamed, never read whole; each record's payload is capped.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import Errors, SkipItem
from ..records import RawArticle
from .base import Skipped, decode_text
from .html import extract_html

log = logging.getLogger(__name__)

SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_archive(path: Path) -> bool:
    """Whether ``path`` names a (possibly gzipped) web archive."""
    return path.name.lower().endswith(SUFFIXES)


def read_warc_file(path: Path, max_bytes: int) -> Iterator[RawArticle | Skipped]:
    """Stream the HTML pages of an archive; a damaged archive yields what it had before the damage."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = str(path)
    number = 0
    try:
        with path.open("rb") as handle:
            start = handle.read(5)
            handle.seek(0)
            if path.name.lower().endswith(".gz") and not start.startswith(b"\x1f\x8b"):
                raise ValueError("named .gz but not gzip-compressed")
            if not path.name.lower().endswith(".gz") and not start.startswith((b"WARC/", b"filed")):
                raise ValueError("does not start with a WARC or ARC header")
            for record in _records(ArchiveIterator(handle, arc2warc=True)):
                number += 1
                item = _record(record, source, number, max_bytes)
                if item is not None:
                    yield item
        if number == 0:
            raise ValueError("no complete record")
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        where = f"{source}#{number}" if number else source
        yield Skipped(where, None, Errors.W115, Errors.W115.format(detail=detail))


def _records(iterator: Iterator[object]) -> Iterator[object]:
    """The records of an archive; a record cut inside its headers is damage, not a crash (warcio
    then fails inside its parser with AttributeError, TypeError, IndexError or KeyError)."""
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except (AttributeError, TypeError, IndexError, KeyError) as exc:
            raise ValueError("a record is cut inside its headers") from exc
        yield record


def _record(record: object, source: str, number: int, max_bytes: int) -> RawArticle | Skipped | None:
    rec_type = getattr(record, "rec_type", "")
    if record.rec_headers.get_header("Content-Length") is None:  # type: ignore[attr-defined]
        raise ValueError(f"record {number} has no complete header")
    if rec_type == "warcinfo":
        return None  # the archive's own description: not an item
    where = f"{source}#{number}"
    http = getattr(record, "http_headers", None) if rec_type == "response" else None
    status = http.get_statuscode() if http is not None else None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""  # type: ignore[attr-defined]
    if rec_type == "response" and not status and url.startswith("http"):
        raise ValueError(f"record {number} has no complete HTTP header")
    # Read before deciding what the record is (the archive is read past it anyway): a record that
    # ends before its declared length is damage, whatever it holds.
    payload = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(payload) <= max_bytes and getattr(record.raw_stream, "limit", 0) > 0:  # type: ignore[attr-defined]
        raise ValueError(f"record {number} ends before its declared length")
    if rec_type != "response":
        return Skipped(where, None, Errors.W114, Errors.W114.format(kind=rec_type or "unknown"), expected=True)
    mime = (http.get_header("Content-Type") or "").split(";")[0].strip().lower() if http is not None else ""
    if status != "200" or mime not in ("text/html", "application/xhtml+xml"):
        kind = f"HTTP {status}, {mime or 'no content type'}"
        return Skipped(where, None, Errors.W114, Errors.W114.format(kind=kind), expected=True)
    if len(payload) > max_bytes:
        return Skipped(where, None, Errors.W105, Errors.W105.format(size=f"more than {max_bytes}", limit=max_bytes))
    try:
        html = decode_text(_as_utf8(payload, http.get_header("Content-Type") or ""))  # type: ignore[union-attr]
        article = extract_html(html, where, url=url or None)
    except SkipItem as exc:
        return Skipped(where, None, exc.error, str(exc))
    return article


def _as_utf8(payload: bytes, content_type: str) -> bytes:
    """Re-encode a payload whose declared charset is not UTF-8 (pages are often Latin-1)."""
    charset = ""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset":
            charset = value.strip().strip('"').lower()
    if charset and charset not in ("utf-8", "utf8"):
        try:
            return payload.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            return payload
    return payload
