"""HTML article pages, through trafilatura: main text, title, date and site name."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

from ..budget import OverBudget, time_budget
from ..errors import Errors, SkipItem
from ..records import RawArticle
from .base import Skipped, decode_text, parse_published, read_sidecar, sidecar_of

log = logging.getLogger(__name__)

EXTRACT_SECONDS = 30.0  # one page's extraction, at most (W122)
_MAX_TAG_CHARS = 4000
# a start tag longer than _MAX_TAG_CHARS: its attributes (libxml2 checks each against the others)
_LONG_TAG = re.compile(rf"<([A-Za-z][\w:-]{{0,40}})(?:\s[^<>]{{{_MAX_TAG_CHARS},}})>")


def defuse_html(html: str) -> str:
    """The page without what makes parsing it quadratic: the attributes of a start tag longer than
    4,000 characters (a ``<p>`` with 200,000 attributes held extraction for minutes)."""
    return _LONG_TAG.sub(r"<\1>", html)


def extract_html(html: str, source: str, url: str | None = None, seconds: float = EXTRACT_SECONDS) -> RawArticle:
    """Extract the article of one HTML page; raise :class:`SkipItem` if it has none (W109) or if
    extraction takes more than ``seconds`` (W122)."""
    import trafilatura

    try:
        with time_budget(seconds):
            doc = trafilatura.bare_extraction(
                defuse_html(html), url=url, with_metadata=True, include_comments=False, include_tables=False
            )
    except OverBudget as exc:
        raise SkipItem(Errors.W122, detail=f"HTML extraction {exc}") from exc
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise SkipItem(Errors.W109) from exc
    if doc is None:
        raise SkipItem(Errors.W109)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    title = (data.get("title") or "").strip() or None
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title:
        text = "\n".join(lines[1:]).strip()
    if len(re.findall(r"[^\W\d_]{2,}", text)) < 3:  # no words: markup debris, not an article
        raise SkipItem(Errors.W109)
    published = None
    try:
        published = parse_published(data.get("date"))
    except ValueError:
        published = None
    return RawArticle(
        source=source,
        text=text,
        title=title,
        outlet=(data.get("sitename") or None),
        published=published,
        url=url or data.get("url") or None,
        is_html=True,
        meta={"author": data.get("author")} if data.get("author") else {},
    )


def read_html_file(path: Path, data: bytes) -> Iterator[RawArticle | Skipped]:
    """Read one ``.html`` file; a sidecar ``x.meta.json`` overrides what the page says."""
    html = decode_text(data)
    if not html.strip():
        raise SkipItem(Errors.W104)
    try:
        meta = read_sidecar(path)
    except SkipItem as exc:  # the sidecar is the skipped item; the page is kept without it
        yield Skipped(str(sidecar_of(path)), None, exc.error, str(exc))
        meta = {}
    record = extract_html(html, str(path), url=meta.get("url"))
    for key in ("title", "outlet", "url"):
        if meta.get(key):
            setattr(record, key, meta[key])
    if meta.get("id"):
        record.id = str(meta["id"])
    if meta.get("published"):
        try:
            record.published = parse_published(meta["published"])
        except ValueError:
            log.warning("%s: %s", path, Errors.W110.format(value=meta["published"], field="published"))
    yield record
