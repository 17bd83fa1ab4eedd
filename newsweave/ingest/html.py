"""HTML article pages, through trafilatura: main text, title, date and site name."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

from newsweave.errors import Errors, SkipItem
from newsweave.records import RawArticle, Skipped
from newsweave.runtime.budget import OverBudget, time_budget
from newsweave.text.dates import parse_published

from .base import decode_text, read_sidecar, sidecar_of

log = logging.getLogger(__name__)

EXTRACT_SECONDS = 30.0  # one page's extraction, at most (W122)
_MAX_TAG_CHARS = 4000
# a start tag longer than _MAX_TAG_CHARS: its attributes (libxml2 checks each against the others)
_LONG_TAG = re.compile(rf"<([A-Za-z][\w:-]{{0,40}})(?:\s[^<>]{{{_MAX_TAG_CHARS},}})>")


def defuse_html(html: str) -> str:
    """The page without what makes parsing it quadratic: the attributes of a start tag longer than
    4,000 characters (a ``<p>`` with 200,000 attributes held extraction for minutes)."""
    return _LONG_TAG.sub(r"<\1>", html)


# When trafilatura's text has fewer words than FALLBACK_WORDS, the page flattened to text is
# read instead if the line classifier keeps FALLBACK_GAIN times as many words and FALLBACK_MIN more.
FALLBACK_WORDS = 120
FALLBACK_GAIN = 2.0
FALLBACK_MIN = 40


def _words(text: str) -> int:
    return len(text.split())


def flatten_html(html: str) -> str:
    """A page as plain text: its text content without scripts and styles, one line a text line."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # empty or broken documents
        return ""
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    lines = (ln.strip() for ln in root.text_content().splitlines())
    return "\n".join(ln for ln in lines if ln)


def kept_words(text: str) -> int:
    """How many words of a plain text the line classifier takes for the article."""
    from newsweave.clean.article import article_context, line_evidence, text_lines
    from newsweave.clean.line_model import load_line_model

    model = load_line_model()
    texts = [t for _, t in text_lines(text)]
    if model is None or not texts:
        return 0
    language, script = article_context(text)
    _, features = line_evidence(texts, language, script, False)
    keep = model.boilerplate_probability(features) < model.threshold
    return sum(len(t.split()) for t, k in zip(texts, keep, strict=True) if k)


def extract_html(html: str, source: str, url: str | None = None, seconds: float = EXTRACT_SECONDS) -> RawArticle:
    """Extract the article of one HTML page; raise :class:`SkipItem` if it has none (W109) or if
    extraction takes more than ``seconds`` (W122).

    trafilatura finds the main text and the metadata, set to favour recall (the clean stage's
    line classifier takes out what it let in); when its text is short and the page
    flattened to text holds much more that the line classifier takes for the article (a page
    whose article trafilatura missed), the flattened text is read instead, as plain text, for
    the clean stage to classify line by line.
    """
    import trafilatura

    html = defuse_html(html)
    try:
        with time_budget(seconds):
            doc = trafilatura.bare_extraction(
                html, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
            )
    except OverBudget as exc:
        raise SkipItem(Errors.W122, detail=f"HTML extraction {exc}") from exc
    except Exception:  # trafilatura raises many kinds on broken markup
        doc = None
    data = (doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)) if doc is not None else {}
    text = (data.get("text") or "").strip()
    title = (data.get("title") or "").strip() or None
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title:
        text = "\n".join(lines[1:]).strip()
    is_html = True
    if _words(text) < FALLBACK_WORDS:  # trafilatura may have missed the article: the page as text
        flat = flatten_html(html)
        if _words(flat) and kept_words(flat) >= FALLBACK_GAIN * _words(text) + FALLBACK_MIN:
            text, is_html = flat, False
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
        is_html=is_html,
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
