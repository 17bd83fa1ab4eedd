"""Readers that turn input paths into :class:`~newsweave.records.RawArticle` records.

Every reader yields either a ``RawArticle`` or a :class:`Skipped` record for an item it
could not read, so one bad file (or one bad line) never stops a batch.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsweave.errors import Errors, SkipItem
from newsweave.records import RawArticle, Skipped, stage

from .base import invalid_text, read_bytes
from .fetch import Fetcher, FetchPolicy
from .html import read_html_file
from .tables import read_csv_file, read_jsonl_file
from .text import read_text_file
from .warc import is_archive, read_warc_file
from .web import is_url, read_feed, read_url

__all__ = ["Fetcher", "FetchPolicy", "Skipped", "iter_files", "read_feed", "read_inputs", "READERS"]

log = logging.getLogger(__name__)

READERS = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".jsonl": read_jsonl_file,
    ".json": read_jsonl_file,
    ".csv": read_csv_file,
}
_SIDECAR_SUFFIX = ".meta.json"


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """Expand files and folders (recursively, sorted) into the files to read.

    Nothing is passed over without a word but hidden files and folders (``.git``) and sidecars:
    an unreadable folder, a dangling link, a loop of symbolic links and a FIFO, socket or device
    (never opened: reading a FIFO would wait for ever) are each a skip with a reason (W112).
    Symbolic links to folders are followed, each folder read once.
    """
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            continue  # URLs are read by read_inputs with a fetcher
        path = Path(raw)
        problem = _not_a_file(path)
        if path.is_dir():
            yield from _walk(path, set())
        elif problem is None:
            if not _is_sidecar_of_given_article(path):
                yield path
        elif problem == "not found":
            yield Skipped(printable_path(path), None, Errors.W101, Errors.W101.format())
        else:
            yield _cannot_read(path, problem)


def _cannot_read(path: Path, detail: str) -> Skipped:
    return Skipped(printable_path(path), None, Errors.W112, Errors.W112.format(detail=detail))


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` is not a regular file to read (``None`` when it is one)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "dangling symbolic link" if path.is_symlink() else "not found"
    except OSError as exc:  # a loop of links, a name too long, permission denied on the way
        return exc.strerror or type(exc).__name__
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"{kind}, not a regular file"


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Skipped]:
    """The files under ``folder``, sorted, folders reached twice (by links) read once."""
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in seen:
            if folder.is_symlink():
                yield _cannot_read(folder, "symbolic link to a folder already read (a loop?)")
            return
        seen.add(key)
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield _cannot_read(folder, f"folder: {exc.strerror or type(exc).__name__}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = Path(entry.path)
        problem = _not_a_file(child)
        if problem is not None:
            yield _cannot_read(child, problem)
        elif child.is_dir():
            yield from _walk(child, seen)
        elif not entry.name.endswith(_SIDECAR_SUFFIX):
            yield child


def _is_sidecar_of_given_article(path: Path) -> bool:
    """``x.meta.json`` beside an article ``x.*`` is that article's metadata, not a record file.

    A shell glob such as ``folder/*`` names sidecars too; they are read with their article.
    """
    if not path.name.endswith(_SIDECAR_SUFFIX):
        return False
    stem = path.name[: -len(_SIDECAR_SUFFIX)]
    return any((path.parent / (stem + suffix)).is_file() for suffix in READERS if suffix != ".json")


@stage(assigns=("raw",))
def read_inputs(
    paths: Iterable[str | Path],
    *,
    outlet: str | None = None,
    max_bytes: int = 20_000_000,
    fetcher: Fetcher | None = None,
    published: str | None = None,
) -> Iterator[RawArticle | Skipped]:
    """Read every supported file under ``paths`` and fetch the http(s) URLs among them.

    ``outlet`` and ``published`` (the user's word, e.g. ``--published``) fill records that lack
    them; URLs need a ``fetcher`` (its policy bounds them).
    """
    for record in _read_all(paths, outlet, max_bytes, fetcher):
        if published and isinstance(record, RawArticle) and not record.published:
            record.published = published
            record.meta["published_by"] = "user"
        yield record


def _read_all(
    paths: Iterable[str | Path], outlet: str | None, max_bytes: int, fetcher: Fetcher | None
) -> Iterator[RawArticle | Skipped]:
    paths = list(paths)
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            for record in read_url(raw, fetcher or Fetcher(FetchPolicy(max_bytes=max_bytes))):
                if isinstance(record, RawArticle) and outlet and not record.outlet:
                    record.outlet = outlet
                yield record
    for item in iter_files(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        if invalid_text(str(item)):  # a name in another encoding (Linux gives its bytes as surrogates)
            yield Skipped(printable_path(item), None, Errors.W121, Errors.W121.format())
            continue
        try:
            for record in _read_file(item, max_bytes):
                if isinstance(record, RawArticle) and outlet and not record.outlet:
                    record.outlet = outlet
                yield record
        except SkipItem as exc:
            yield Skipped(str(item), None, exc.error, str(exc))
        except Exception as exc:  # noqa: BLE001 - a reader's failure on hostile bytes skips that file, not the run
            log.debug("%s: reader failed", item, exc_info=True)
            detail = f"{type(exc).__name__}: {str(exc)[:200]}"
            yield Skipped(str(item), None, Errors.W112, Errors.W112.format(detail=detail))


def _read_file(item: Path, max_bytes: int) -> Iterator[RawArticle | Skipped]:
    """The records of one file, by its kind; raises :class:`SkipItem` for a file that is unreadable as a whole."""
    if is_archive(item):
        yield from read_warc_file(item, max_bytes)
        return
    reader = READERS.get(item.suffix.lower())
    if reader is None:
        err = Errors.W108
        yield Skipped(str(item), None, err, err.format(suffix=item.suffix or "(none)"))
        return
    yield from reader(item, read_bytes(item, max_bytes))


def printable_path(path: str | Path) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
