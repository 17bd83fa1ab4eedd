"""WARC and WARC.gz archives (e.g. Common Crawl's CC-NEWS) through warcio.

HTML responses with status 200 become articles (extracted like ``.html`` files, the target URI
as their URL); every other record (requests, metadata, redirects, images) is skipped and
counted. The archive is streamed, never read whole; each record's payload is capped, and the
archive has budgets (:class:`ArchiveLimits`): a header line of at most 64 KiB, at most 1 MiB of
headers a record, a number of bytes (after decompression) and of seconds for the whole archive.
A zip bomb, an endless header or an unterminated header line in a sparse file stop that archive
with a reason (the records before are kept), never the run.
"""

from __future__ import annotations

import contextlib
import io
import logging
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.errors import Errors, SkipItem
from newsweave.records import RawArticle, Skipped

from .base import decode_text
from .html import extract_html

log = logging.getLogger(__name__)

SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True)
class ArchiveLimits:
    """Budgets of one archive: longest header line, header bytes a record, bytes read (after
    decompression) and seconds for the whole archive."""

    header_line: int = 64 * 1024
    header_bytes: int = 1024 * 1024
    archive_bytes: int = 16 * 1024**3  # a CC-NEWS archive holds about 4 GB
    archive_seconds: float = 3 * 3600.0


class ArchiveOverLimit(ValueError):
    """An archive went past one of its :class:`ArchiveLimits`; ``error`` says how it is reported."""

    def __init__(self, error: Errors, detail: str) -> None:
        self.error = error
        super().__init__(detail)


def _bounded_reader(handle: Any, limits: ArchiveLimits) -> Any:
    """warcio's reader of the archive with the budgets of ``limits`` enforced as it reads:
    warcio reads header lines without a bound (and, across buffer boundaries, in quadratic time)."""
    from warcio.bufferedreaders import DecompressingBufferedReader

    class Bounded(DecompressingBufferedReader):
        def __init__(self, stream: Any) -> None:
            super().__init__(stream)
            self.started = time.monotonic()
            self.total = 0
            self.in_headers = 0  # bytes read line by line since the record began or its payload was read

        def _process_read(self, data: bytes) -> None:
            super()._process_read(data)
            self.total += self.buff_size
            if self.total > limits.archive_bytes:
                raise ArchiveOverLimit(Errors.W123, f"more than {limits.archive_bytes} bytes after decompression")
            if time.monotonic() - self.started > limits.archive_seconds:
                raise ArchiveOverLimit(Errors.W123, f"reading it took more than {limits.archive_seconds:g} s")

        def readline(self, length: int | None = None) -> bytes:
            if length:  # a caller's own bound (chunk sizes): as asked
                return bytes(super().readline(length))
            line = bytes(super().readline(limits.header_line + 1))
            self.in_headers += len(line)
            if len(line) > limits.header_line:
                raise ArchiveOverLimit(Errors.W115, f"a header line is longer than {limits.header_line} bytes")
            if self.in_headers > limits.header_bytes:
                raise ArchiveOverLimit(Errors.W115, f"a record has more than {limits.header_bytes} bytes of headers")
            return line

        def read(self, length: int | None = None) -> bytes:
            self.in_headers = 0
            return bytes(super().read(length))

    return Bounded(handle)


def is_archive(path: Path) -> bool:
    """Whether ``path`` names a (possibly gzipped) web archive."""
    return path.name.lower().endswith(SUFFIXES)


def read_warc_file(path: Path, max_bytes: int, limits: ArchiveLimits | None = None) -> Iterator[RawArticle | Skipped]:
    """Stream the HTML pages of an archive; a damaged archive, or one past its ``limits``
    (:class:`ArchiveLimits`), yields what it had before."""
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
            iterator = ArchiveIterator(handle, arc2warc=True)
            iterator.reader = _bounded_reader(handle, limits or ArchiveLimits())
            for record in _records(iterator):
                iterator.reader.in_headers = 0
                number += 1
                item = _record(record, source, number, max_bytes)
                if item is not None:
                    yield item
        if number == 0:
            raise ValueError("no complete record")
    except ArchiveOverLimit as exc:
        yield Skipped(f"{source}#{number + 1}", None, exc.error, exc.error.format(detail=str(exc)))
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        where = f"{source}#{number}" if number else source
        yield Skipped(where, None, Errors.W115, Errors.W115.format(detail=detail))


def _records(iterator: Iterator[object]) -> Iterator[object]:
    """The records of an archive; a record cut inside its headers is damage, not a crash (warcio
    then fails inside its parser with AttributeError, TypeError, IndexError or KeyError)."""
    while True:
        said = _Said()
        try:
            with contextlib.redirect_stderr(said):  # warcio prints its complaints to stderr
                record = next(iterator)
        except StopIteration:
            return
        except (AttributeError, TypeError, IndexError, KeyError) as exc:
            raise ValueError("a record is cut inside its headers") from exc
        finally:
            if said.text:
                log.debug("warcio: %s", said.text.strip())
        yield record


class _Said(io.StringIO):
    """What a library wrote to stderr, its first 1,000 characters kept."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""

    def write(self, text: str) -> int:
        if len(self.text) < 1000:
            self.text += text[: 1000 - len(self.text)]
        return len(text)


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
