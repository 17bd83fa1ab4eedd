"""HTML article pages, through trafilatura: main text, title, date and site name."""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from newsweave.errors import Errors, SkipItem
from newsweave.records import RawArticle, Skipped
from newsweave.runtime.budget import OverBudget, time_budget
from newsweave.text.dates import parse_published
from newsweave.text.words import has_words

from .base import decode_text, read_sidecar, sidecar_of

if TYPE_CHECKING:
    from lxml.html import HtmlElement

log = logging.getLogger(__name__)

EXTRACT_SECONDS = 30.0  # one page's extraction, at most (W122)
_MAX_TAG_CHARS = 4000
# a start tag longer than _MAX_TAG_CHARS: its attributes (libxml2 checks each against the others)
_LONG_TAG = re.compile(rf"<([A-Za-z][\w:-]{{0,40}})(?:\s[^<>]{{{_MAX_TAG_CHARS},}})>")


def defuse_html(html: str) -> str:
    """The page without what makes parsing it quadratic: the attributes of a start tag longer than
    4,000 characters (a ``<p>`` with 200,000 attributes held extraction for minutes)."""
    return _LONG_TAG.sub(r"<\1>", html)


# When trafilatura's text has fewer than FALLBACK_WORDS words, the page flattened to text is
# handed to the clean stage too, which reads it instead when it holds more of the article. (At
# 120 words, site-grouped cross-validation on half A found the flattened page chosen for 7 pages
# and worse than trafilatura's text on 6: only a page where trafilatura found next to nothing.)
FALLBACK_WORDS = 40


def _words(text: str) -> int:
    return len(text.split())


def page_tree(html: str) -> HtmlElement | None:
    """The page parsed as trafilatura parses it (its loader: comments and processing instructions
    left out, their tails kept as text); ``None`` when it reads no HTML there. One tree serves
    trafilatura's two passes (which copy it before changing it), :func:`block_lines` and
    :func:`flatten_html` (which leave it unchanged)."""
    from trafilatura import load_html

    try:
        return load_html(html)
    except Exception:  # noqa: BLE001 - lxml raises many kinds on broken markup
        return None


def _root(page: str | HtmlElement) -> HtmlElement | None:
    """A page's tree: the one given, or the markup parsed by lxml (``None``: empty or broken)."""
    import lxml.html

    if not isinstance(page, str):
        return page
    try:
        return lxml.html.fromstring(page)
    except Exception:  # empty or broken documents
        return None


_UNSEEN = frozenset(["script", "style", "noscript"])


def _text_pieces(root: HtmlElement, unseen: frozenset[str], blocks: frozenset[str] = frozenset()) -> list[str]:
    """The text of ``root`` in document order, without the elements named in ``unseen`` (their
    tails kept) and a line break where each of ``blocks`` starts and ends; the tree is not changed."""
    import lxml.etree

    pieces: list[str] = []
    walk = lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, element in walk:
        if event in ("comment", "pi"):  # its text is not the page's, what follows it is
            pieces.append(element.tail or "")
            continue
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in blocks:
            pieces.append("\n")
        if event == "start":
            if tag in unseen and element is not root:
                walk.skip_subtree()  # its end comes next: only its tail is read
            else:
                pieces.append(element.text or "")
        elif element is not root:
            pieces.append(element.tail or "")
    return pieces


def flatten_html(page: str | HtmlElement) -> str:
    """A page (its markup or :func:`page_tree`) as plain text: its text content without scripts
    and styles, one line a text line."""
    root = _root(page)
    if root is None:
        return ""
    lines = (ln.strip() for ln in "".join(_text_pieces(root, _UNSEEN)).splitlines())
    return "\n".join(ln for ln in lines if ln)


_BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "td",
        "th",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "blockquote",
        "figure",
        "figcaption",
        "pre",
        "main",
        "form",
        "br",
        "hr",
        "address",
        "details",
        "summary",
    ]
)


def block_lines(page: str | HtmlElement) -> list[str]:
    """The text of a page's body (its markup or :func:`page_tree`) one block a line: a line ends
    where a paragraph, heading, list item, table cell or other block element does, whatever the
    markup's own line breaks (a page written on one line flattens to one line otherwise)."""
    root = _root(page)
    if root is None:
        return []
    lines = (" ".join(ln.split()) for ln in "".join(_text_pieces(root, _UNSEEN | {"head"}, _BLOCKS)).splitlines())
    return [ln for ln in lines if ln]


_NON_WORD_RUN = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    return _NON_WORD_RUN.sub(" ", text.casefold()).strip()


def merge_core(text: str, core: str | None) -> str:
    """trafilatura's text favouring recall with the lines of its text favouring precision that it
    lacks (the two passes sometimes choose different parts of a page): each such line goes after
    the line of ``text`` that holds the precise text's line before it (case, spacing and
    punctuation folded), or first when none does."""
    if not core:
        return text
    lines = text.split("\n")
    starts, offset = [], 1
    for line in lines:
        starts.append(offset)
        offset += len(_fold(line)) + 1
    whole = " " + " ".join(_fold(line) for line in lines) + " "
    missing: dict[int, list[str]] = {}
    pos = -1
    for line in core.split("\n"):
        key = _fold(line)
        if not key:
            continue
        at = whole.find(f" {key} ")
        if at >= 0:
            pos = max(pos, bisect.bisect_right(starts, at + 1) - 1)
        else:
            missing.setdefault(pos, []).append(line.strip())
    if not missing:
        return text
    out = list(missing.get(-1, []))
    for number, line in enumerate(lines):
        out.append(line)
        out.extend(missing.get(number, []))
    return "\n".join(out)


# A description shorter than this (in words) is not taken as the page's standfirst.
LEAD_MIN_WORDS = 5
# The page's line that shows the description may be this many times as long as it (a description
# cut short), no longer.
LEAD_MAX_GROWTH = 3
# A standfirst runs through at most this many of the page's blocks (it bounds the work on a page
# of many tiny blocks that repeat the description's words).
LEAD_MAX_LINES = 5
_TRUNCATED = re.compile(r"\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")


def page_lead(
    description: str | None, page_lines: Callable[[], list[str]], text: str, title: str | None = None
) -> str | None:
    """The page's standfirst when trafilatura left it out: the lines of the page (``page_lines()``,
    :func:`block_lines`, read only when needed) that show the page's own ``description`` (its ``description`` or
    ``og:description`` meta tag), when ``text`` lacks it; ``None`` when no line does. Two things
    agree on it: the page says it sums up the article, and it shows it as text.

    A description is often cut short, with an ellipsis or without: its last word need not be
    whole. It is shown in one line (at most ``LEAD_MAX_GROWTH`` times as long as it: a longer
    line is a block of the page, not its standfirst), or in consecutive lines that it runs
    through (a standfirst of two paragraphs; at most ``LEAD_MAX_LINES``). Several lines are joined by newlines."""
    if not description:
        return None
    key = _fold(_TRUNCATED.sub("", description))
    words = key.split()
    whole = " ".join(words[:-1])  # the last word may be cut
    if len(words) < LEAD_MIN_WORDS or whole in _fold(text):
        return None
    if title and (key in _fold(title) or _fold(title) in key):  # the title again, not a standfirst
        return None
    lines = page_lines()
    folded = [_fold(line) for line in lines]
    for i, line in enumerate(folded):
        if not line:
            continue
        if whole in line and len(line) <= LEAD_MAX_GROWTH * len(key):
            return lines[i].strip()
        if key.startswith(line + " "):  # the description runs on into the next lines
            run = _lines_through(key[len(line) + 1 :], folded[i + 1 : i + LEAD_MAX_LINES])
            if run:
                return "\n".join(ln.strip() for ln in lines[i : i + 1 + run])
    return None


def _lines_through(rest: str, lines: list[str]) -> int:
    """How many of ``lines`` (folded) the rest of a description runs through, to its end (the
    last line may go on beyond it, or the description's last word be cut); 0 when it does not."""
    for n, line in enumerate(lines, 1):
        if not line:
            return 0
        if rest.startswith(line + " "):
            rest = rest[len(line) + 1 :]
            continue
        head = rest.rsplit(" ", 1)[0] if " " in rest else ""
        return n if rest == line or line.startswith(rest) or (head and line.startswith(head + " ")) else 0
    return 0


def _core_text(page: str | HtmlElement, url: str | None) -> str | None:
    """trafilatura's text of the page (its markup or :func:`page_tree`) favouring precision (what
    it is sure of), or ``None``."""
    import trafilatura

    try:
        core = trafilatura.extract(
            page, url=url, include_comments=False, include_tables=True, favor_precision=True, deduplicate=False
        )
    except Exception:  # noqa: BLE001 - trafilatura raises many kinds on broken markup
        return None
    return core or None


def extract_html(html: str, source: str, url: str | None = None, seconds: float = EXTRACT_SECONDS) -> RawArticle:
    """Extract the article of one HTML page; raise :class:`SkipItem` if it has none (W109) or if
    extraction takes more than ``seconds`` (W122).

    trafilatura finds the main text and the metadata, set to favour recall (the clean stage's
    line classifier takes out what it let in), and again favouring precision (``core_text``: the
    clean stage weighs the lines only the first found); the lines only the second found are put
    into the text too (:func:`merge_core`); the page's standfirst, when trafilatura left it out
    and the page's description shows where it is, goes first (``lead``, :func:`page_lead`). When
    its text is short, the page flattened to
    text goes with it (``page_text``): trafilatura may have missed the article, and the clean
    stage reads the flattened page instead when its line classifier finds much more article
    there (:func:`newsweave.clean.choice.choose_text`). A page with no words in either has no
    article (W109).
    """
    import trafilatura

    html = defuse_html(html)
    tree: HtmlElement | None = None
    try:
        with time_budget(seconds):
            # parsed once: trafilatura copies a tree it is given before changing it, block_lines
            # and flatten_html only read it
            tree = page_tree(html)
            page = html if tree is None else tree
            doc = trafilatura.bare_extraction(
                page, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
            )
            core = _core_text(page, url)
    except OverBudget as exc:
        raise SkipItem(Errors.W122, detail=f"HTML extraction {exc}") from exc
    except Exception:  # trafilatura raises many kinds on broken markup
        doc, core = None, None
    data = (doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)) if doc is not None else {}
    text = merge_core((data.get("text") or "").strip(), core)
    title = (data.get("title") or "").strip() or None
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title:
        text = "\n".join(lines[1:]).strip()
    page_text = None
    try:
        with time_budget(seconds):  # the page's tree read again: bounded as trafilatura's reading is
            page = html if tree is None else tree
            lead = page_lead(data.get("description"), lambda: block_lines(page), text, title)
            if lead:
                text = f"{lead}\n{text}" if text else lead
            if _words(text) < FALLBACK_WORDS:  # trafilatura may have missed the article: the page as text
                page_text = flatten_html(page) or None
    except OverBudget as exc:
        raise SkipItem(Errors.W122, detail=f"HTML reading {exc}") from exc
    if not has_words(text) and not has_words(page_text or ""):  # markup debris, not an article
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
        page_text=page_text,
        core_text=core,
        lead=lead,
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
