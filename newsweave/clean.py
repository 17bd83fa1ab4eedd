"""Clean stage: keep exactly the article — title, standfirst, headings and body lines.

Every input line is kept with a kind (title, dek, heading, body, dropped) and, when
dropped, the reason; the raw text stays untouched so nothing is lost. Rule data (the
patterns) lives in ``rules/boilerplate_en.json``, apart from this logic.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .records import Article, Line, RawArticle
from .sources.base import stable_id

_TERMINAL = tuple(".!?:;,\"”’'»…")
_CREDIT_PREFIX = re.compile(r"^[A-Z0-9ÁÉÍÓÚÑÜ .&'’-]{2,}/[A-Z0-9ÁÉÍÓÚÑÜ .&/'’-]{2,}\s+[-–—]\s+\S")
_DATELINE = re.compile(
    r"^(?P<dl>[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.\- ]{1,30})?\s*"
    r"(?:\([A-Za-z&.\- ]{1,24}\))?\s*(?:_|--|—|–|-)\s+)(?=\S)"
)
_PTB_QUOTES = [("``", "“"), ("''", "”")]
# Some wire copy opens a quote with '' too: at the start of a line or after a space or bracket.
_PTB_OPENING = re.compile(r"(^|(?<=[\s(\[]))''(?=\w)", re.MULTILINE)


@dataclass(frozen=True)
class _Rule:
    reason: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=4)
def load_rules(name: str = "boilerplate_en.json") -> tuple[_Rule, ...]:
    """Load the line rules shipped in ``newsweave/rules``."""
    data = json.loads(resources.files("newsweave.rules").joinpath(name).read_text("utf-8"))
    return tuple(
        _Rule(rule["reason"], re.compile(pattern, re.IGNORECASE))
        for rule in data["rules"]
        for pattern in rule["patterns"]
    )


def _script(text: str) -> str | None:
    """The dominant Unicode script family of the letters in ``text`` (LATIN, HEBREW, …)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            family = name.split(" ")[0] if name else ""
            counts[family] = counts.get(family, 0) + 1
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


def looks_like_title(line: str) -> bool:
    """A short line without closing punctuation, as headlines are written."""
    words = line.split()
    return 2 <= len(words) <= 25 and len(line) <= 200 and not line.rstrip().endswith(_TERMINAL)


def looks_like_heading(line: str) -> bool:
    """A short line inside the body without closing punctuation, capitalised."""
    words = line.split()
    return 1 <= len(words) <= 12 and not line.rstrip().endswith(_TERMINAL) and line[:1].isupper()


def _is_stray_tag(line: str) -> bool:
    """A few lower-case words with no punctuation: a tag or keyword line, not prose."""
    words = line.split()
    return 1 <= len(words) <= 4 and line == line.lower() and re.fullmatch(r"[\w\s-]+", line) is not None


@lru_cache(maxsize=4)
def _max_line_chars(name: str = "boilerplate_en.json") -> int:
    data = json.loads(resources.files("newsweave.rules").joinpath(name).read_text("utf-8"))
    return int(data.get("max_line_chars", 400))


def classify_line(line: str, article_script: str | None) -> str | None:
    """Return the reason a line is boilerplate, or ``None`` if it may be article text."""
    if len(line) > _max_line_chars():
        return None
    for rule in load_rules():
        if rule.pattern.search(line):
            return rule.reason
    if _CREDIT_PREFIX.match(line):
        return "caption"
    script = _script(line)
    if article_script and script and script != article_script:
        return "other-script"
    if _is_stray_tag(line):
        return "tag"
    return None


def normalise_text(text: str) -> str:
    """Unify quotes written the PTB way (`` '') and non-breaking spaces."""
    text = _PTB_OPENING.sub("“", text)
    for old, new in _PTB_QUOTES:
        text = text.replace(old, new)
    return text.replace("\u00a0", " ")


def content_hash(lines: Iterable[str]) -> str:
    """Hash of the body with case, spacing and punctuation folded: equal for re-scrapes."""
    folded = re.sub(r"[\W_]+", " ", " ".join(lines).casefold()).strip()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()


def clean_article(raw: RawArticle, max_chars: int = 200_000) -> Article:
    """Classify every line of one raw article and build the :class:`Article`."""
    text = raw.text[:max_chars]
    raw_lines = text.split("\n")
    article_script = _script(text)
    lines: list[Line] = []
    title = raw.title.strip() if raw.title else None
    seen_body = False
    last_text_line = max((i for i, ln in enumerate(raw_lines, start=1) if ln.strip()), default=0)
    for number, raw_line in enumerate(raw_lines, start=1):
        stripped = normalise_text(raw_line).strip()
        if not stripped:
            continue
        reason = classify_line(stripped, article_script)
        if reason:
            lines.append(Line(number, stripped, "dropped", reason))
            continue
        if (
            title is None
            and not seen_body
            and not raw.is_html
            and number < last_text_line
            and looks_like_title(stripped)
        ):
            title = stripped
            lines.append(Line(number, stripped, "title"))
            continue
        if seen_body and looks_like_heading(stripped):
            lines.append(Line(number, stripped, "heading"))
            continue
        if not seen_body:
            match = _DATELINE.match(stripped)
            if match and len(stripped) > len(match.group("dl")) + 20:
                lines.append(Line(number, match.group("dl").strip(), "dropped", "dateline"))
                stripped = stripped[match.end("dl") :]
        lines.append(Line(number, stripped, "body"))
        seen_body = True
    body = [ln.text for ln in lines if ln.kind == "body"]
    chash = content_hash(body)
    article_id = raw.id or stable_id(raw.url or "", chash)
    return Article(
        id=article_id,
        source=raw.source if raw.line is None else f"{raw.source}:{raw.line}",
        raw_text=raw.text,
        lines=lines,
        title=title,
        outlet=raw.outlet,
        published=raw.published,
        url=raw.url,
        content_hash=chash,
    )
