"""Plain-text and Markdown articles: one article a file, metadata from a sidecar."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from newsweave.errors import Errors, SkipItem
from newsweave.records import RawArticle, Skipped
from newsweave.text.dates import parse_published

from .base import decode_text, read_sidecar, sidecar_of

log = logging.getLogger(__name__)


def read_text_file(path: Path, data: bytes) -> Iterator[RawArticle | Skipped]:
    """Read one ``.txt``/``.md`` article; ``x.meta.json`` may give id, title, outlet, date, url."""
    text = decode_text(data)
    if not text.strip():
        raise SkipItem(Errors.W104)
    try:
        meta = read_sidecar(path)
    except SkipItem as exc:  # the sidecar is the skipped item; the article is kept without it
        yield Skipped(str(sidecar_of(path)), None, exc.error, str(exc))
        meta = {}
    published = None
    raw_date = meta.get("published") or meta.get("date")
    try:
        published = parse_published(raw_date)
    except ValueError:
        log.warning("%s: %s", path, Errors.W110.format(value=raw_date, field="published"))
    yield RawArticle(
        source=str(path),
        text=text,
        id=str(meta["id"]) if meta.get("id") else None,
        title=meta.get("title"),
        outlet=meta.get("outlet"),
        published=published,
        url=meta.get("url"),
        meta={k: v for k, v in meta.items() if k not in {"id", "title", "outlet", "url"}},
    )
