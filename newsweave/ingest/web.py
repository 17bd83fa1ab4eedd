"""Articles from the web: single URLs and RSS/Atom feeds (feedparser, XML checked by defusedxml).

A feed is fetched conditionally (only when it changed since the last poll); each entry's page
is fetched and extracted like an ``.html`` file, unless its URL is already stored. An entry
whose page cannot be fetched falls back to the text the feed itself carries, when it has any.
Nothing a page links to is ever fetched. The URLs and feeds given are the hosts the user named
(``allow_private`` applies to them only, never to what an entry points at); a feed and all its
entries share a time budget, after which the remaining entries keep only the feed's own text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from newsweave.errors import Errors, SkipItem
from newsweave.records import RawArticle, Skipped
from newsweave.text.dates import parse_published
from newsweave.text.words import has_words

from .base import decode_text
from .fetch import Fetcher
from .html import extract_html

log = logging.getLogger(__name__)


def is_url(value: str) -> bool:
    """Whether ``value`` is an http(s) URL (the scheme in any case: ``HTTP://`` too), not a path."""
    return value[:8].lower().startswith(("http://", "https://"))


def read_url(url: str, fetcher: Fetcher) -> Iterator[RawArticle | Skipped]:
    """One article page."""
    try:
        page = fetcher.get(url, named=True)
        if page.body is None:
            raise SkipItem(Errors.W109)
        yield extract_html(decode_text(page.body), url, url=page.url)
    except SkipItem as exc:
        yield Skipped(url, None, exc.error, str(exc))


def parse_feed(data: bytes) -> list[dict[str, str | None]]:
    """The entries of an RSS/Atom document: link, title, published, summary.

    The XML is first parsed by defusedxml, which refuses entity expansion (billion laughs),
    external entities and DTD tricks; feedparser then reads the checked bytes.
    """
    import defusedxml.ElementTree as SafeET
    import feedparser
    from defusedxml import DefusedXmlException

    try:
        SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise SkipItem(Errors.W118, detail=f"refused XML construct: {type(exc).__name__}") from exc
    except SafeET.ParseError as exc:
        raise SkipItem(Errors.W118, detail=f"invalid XML: {exc}") from exc
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries and parsed.get("bozo"):
        raise SkipItem(Errors.W118, detail=str(parsed.get("bozo_exception", "not a feed"))[:200])
    entries = []
    for entry in parsed.entries:
        summary = entry.get("summary")
        if entry.get("content"):
            summary = entry["content"][0].get("value") or summary
        entries.append(
            {
                "link": entry.get("link"),
                "title": entry.get("title"),
                "published": entry.get("published") or entry.get("updated"),
                "summary": summary,
                "outlet": parsed.feed.get("title"),
            }
        )
    return entries


def read_feed(
    url: str, fetcher: Fetcher, is_known: Callable[[str], bool] = lambda _: False
) -> Iterator[RawArticle | Skipped]:
    """The new articles of one feed; entries whose URL ``is_known`` are not fetched again.

    The feed and its entries together take at most the policy's ``feed_budget`` seconds.
    """
    until = time.monotonic() + fetcher.policy.feed_budget
    try:
        page = fetcher.get(url, conditional=True, named=True, until=until)
    except SkipItem as exc:
        yield Skipped(url, None, exc.error, str(exc))
        return
    if page.not_modified or page.body is None:
        log.info("%s: not modified since the last poll", url)
        return
    try:
        entries = parse_feed(page.body)
    except SkipItem as exc:
        yield Skipped(url, None, exc.error, str(exc))
        return
    for number, entry in enumerate(entries, start=1):
        link = entry.get("link")
        where = f"{url}#{number}"
        if not link or not is_url(link):
            yield Skipped(where, None, Errors.W116, Errors.W116.format(detail="entry has no http(s) link"))
            continue
        if is_known(link):
            continue
        yield _entry_article(entry, link, fetcher, until)


def _entry_article(entry: dict[str, str | None], link: str, fetcher: Fetcher, until: float) -> RawArticle | Skipped:
    try:
        if time.monotonic() >= until:
            budget = fetcher.policy.feed_budget
            raise SkipItem(Errors.W117, detail=f"the feed's time budget of {budget:.0f} s is spent")
        page = fetcher.get(link, until=until)
        if page.body is None:
            raise SkipItem(Errors.W109)
        article = extract_html(decode_text(page.body), link, url=link)
    except SkipItem as exc:
        fallback = _feed_text(entry)
        if not fallback:
            return Skipped(link, None, exc.error, str(exc))
        log.info("%s: %s; using the text the feed carries", link, exc)
        article = RawArticle(source=link, text=fallback, url=link, is_html=True)
    if not has_words(article.text) and article.page_text is not None:
        # trafilatura found no article text: the feed's own text stands in for it beside the
        # flattened page, and the clean stage reads whichever holds the article
        article.text = _feed_text(entry) or article.text
    article.title = article.title or entry.get("title")
    host = urlsplit(link).netloc.lower()
    if entry.get("outlet") and (not article.outlet or article.outlet.lower().removeprefix("www.") in host):
        article.outlet = entry["outlet"]  # the feed's name beats a site name that is only the host
    if not article.published and entry.get("published"):
        try:
            article.published = parse_published(entry["published"])
        except ValueError:
            article.published = None
    return article


def _feed_text(entry: dict[str, str | None]) -> str:
    """The entry's own text (summary or content), with markup removed."""
    import lxml.html

    summary = entry.get("summary") or ""
    if not summary.strip():
        return ""
    try:
        return str(lxml.html.fromstring(summary).text_content()).strip()
    except Exception:  # noqa: BLE001 - plain text is not HTML
        return summary.strip()
