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

from .dates import infer_published
from .language import LanguageIdentifier, default_identifier
from .records import Article, Line, RawArticle
from .sources.base import stable_id

_TERMINAL = tuple(".!?:;,\"”’'»…")
_CREDIT_PREFIX = re.compile(r"^[A-Z0-9ÁÉÍÓÚÑÜ .&'’-]{2,}/[A-Z0-9ÁÉÍÓÚÑÜ .&/'’-]{2,}\s+[-–—]\s+\S")
_DATELINE = re.compile(
    r"^(?P<dl>[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.\- ]{1,30})?\s*"
    r"(?:\([A-Za-z&.\- ]{1,24}\))?\s*(?:_|--|—|–|-)\s+)(?=\S)"
)
_SENTENCE_END = re.compile(r"[.!?…:][\"”’'»)\]]*\s*$")
_MAX_HEAD = 4
_MAX_TITLE_WORDS = 20
_MIN_DEK_WORDS = 8
_BLOCK_REASONS = frozenset({"promotion", "footer", "other-language"})
_PTB_QUOTES = [("``", "“"), ("''", "”")]
# Some wire copy opens a quote with '' too: at the start of a line or after a space or bracket.
_PTB_OPENING = re.compile(r"(^|(?<=[\s(\[]))''(?=\w)", re.MULTILINE)
# A run of punctuation and symbols with no letter, digit or space in it: spaCy's tokenizer strips
# such a run one character at a time, copying the rest each time (20,000 quote marks take a
# minute), so a run is cut to its first few characters, which is all any text needs.
MAX_SYMBOL_RUN = 8
_SYMBOL_RUN = re.compile(rf"[^\w\s]{{{MAX_SYMBOL_RUN + 1},}}")


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
    ascii_letters = sum(ch.isascii() and ch.isalpha() for ch in text) if not text.isascii() else None
    if ascii_letters is None:  # all ASCII: the common case, decided without a per-letter lookup
        return "LATIN" if any(ch.isalpha() for ch in text) else None
    if ascii_letters:
        counts["LATIN"] = ascii_letters
    for ch in text:
        if not ch.isascii() and ch.isalpha():
            family = _char_script(ch)
            counts[family] = counts.get(family, 0) + 1
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


@lru_cache(maxsize=4096)
def _char_script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ")[0] if name else ""


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
    """Unify quotes written the PTB way (`` '') and non-breaking spaces; cut runs of more than
    :data:`MAX_SYMBOL_RUN` punctuation marks or symbols ("!!!!!!!!!!!!", 20,000 quote marks)."""
    text = _SYMBOL_RUN.sub(lambda m: m.group()[:MAX_SYMBOL_RUN], text)
    text = _PTB_OPENING.sub("“", text)
    for old, new in _PTB_QUOTES:
        text = text.replace(old, new)
    return text.replace("\u00a0", " ")


def content_hash(lines: Iterable[str]) -> str:
    """Hash of the body with case, spacing and punctuation folded: equal for re-scrapes."""
    folded = re.sub(r"[\W_]+", " ", " ".join(lines).casefold()).strip()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()


def clean_article(raw: RawArticle, max_chars: int = 200_000, identifier: LanguageIdentifier | None = None) -> Article:
    """Classify every line of one raw article and build the :class:`Article`.

    Lines are dropped by the rules of ``rules/boilerplate_en.json``, by script and by language
    (a line in another language than the article's); the lines before the first paragraph of
    prose are the head (title, standfirst); short capitalised lines inside the body are
    headings; a line wedged between boilerplate at the end of the article is boilerplate too.
    """
    identifier = identifier or default_identifier()
    text = raw.text[:max_chars]
    raw_lines = text.split("\n")
    article_script = _script(text)
    language = identifier.identify(normalise_text(text)).code
    lines: list[Line] = []
    for number, raw_line in enumerate(raw_lines, start=1):
        stripped = normalise_text(raw_line).strip()
        if not stripped:
            continue
        reason = classify_line(stripped, article_script)
        if reason is None and len(stripped) <= _max_line_chars():
            foreign = identifier.foreign_line(stripped, language)
            reason = f"other-language:{foreign}" if foreign else None
        lines.append(Line(number, stripped, "dropped", reason) if reason else Line(number, stripped, "body"))
    title = raw.title.strip() if raw.title else None
    if not raw.is_html:
        title = _mark_head(lines, title)
    _mark_headings_and_dateline(lines)
    _mark_boilerplate_tail(lines)
    body = [ln.text for ln in lines if ln.kind == "body"]
    chash = content_hash(body)
    article_id = raw.id or stable_id(raw.url or "", chash)
    published, source, evidence = raw.published, "record" if raw.published else None, []
    if published is None:
        guess = infer_published([ln.text for ln in lines if ln.kind != "dropped"])
        published, evidence = guess.value, guess.evidence
        source = "inferred" if published else None
    return Article(
        id=article_id,
        source=raw.source if raw.line is None else f"{raw.source}:{raw.line}",
        raw_text=raw.text,
        lines=lines,
        title=title,
        outlet=raw.outlet,
        published=published,
        url=raw.url,
        language=language,
        content_hash=chash,
        published_source=source if raw.meta.get("published_by") != "user" else "user",
        published_evidence=evidence,
    )


def is_prose(line: str) -> bool:
    """A paragraph of running text: a sentence that ends as sentences do, or a long line."""
    words = len(line.split())
    return words >= 40 or _DATELINE.match(line) is not None or (words >= 6 and _SENTENCE_END.search(line) is not None)


def _mark_head(lines: list[Line], title: str | None) -> str | None:
    """Title and standfirst among the kept lines before the first paragraph of prose.

    The shortest headline-like line is the title (unless the source gave one); the other head
    lines of eight words or more are standfirsts (dek), shorter ones headings. A head needs
    prose after it, and more than ``_MAX_HEAD`` lines means there is no head to find.
    """
    kept = [ln for ln in lines if ln.kind != "dropped"]
    first_prose = next(
        (i for i, ln in enumerate(kept) if is_prose(ln.text) or _continues(ln, kept[i + 1 : i + 2])), None
    )
    if not first_prose or first_prose > _MAX_HEAD:
        return title
    head = kept[:first_prose]
    if title is None:
        candidates = [ln for ln in head if looks_like_title(ln.text) and len(ln.text.split()) <= _MAX_TITLE_WORDS]
        if candidates:
            chosen = min(candidates, key=lambda ln: (len(ln.text.split()), ln.number))
            chosen.kind = "title"
            title = chosen.text
    for line in head:
        if line.kind == "body":
            line.kind = "dek" if len(line.text.split()) >= _MIN_DEK_WORDS else "heading"
    return title


def _continues(line: Line, following: list[Line]) -> bool:
    """Whether the next line carries on this one's sentence (hard-wrapped text)."""
    if not following or _SENTENCE_END.search(line.text):
        return False
    nxt = following[0].text
    return nxt[:1].islower() or (line.text[-1:].isalpha() and following[0].number == line.number + 1)


def _mark_headings_and_dateline(lines: list[Line]) -> None:
    """Headings inside the body; a dateline (``LONDON (AP) _``) split off the first body line."""
    seen_body = False
    for pos in range(len(lines)):
        line = lines[pos]
        if line.kind != "body":
            continue
        following = [ln for ln in lines[pos + 1 : pos + 2] if ln.kind != "dropped"]
        if seen_body and looks_like_heading(line.text) and not _continues(line, following):
            line.kind = "heading"
            continue
        if not seen_body:
            match = _DATELINE.match(line.text)
            if match and len(line.text) > len(match.group("dl")) + 20:
                lines.insert(pos, Line(line.number, match.group("dl").strip(), "dropped", "dateline"))
                line.text = line.text[match.end("dl") :]
        seen_body = True


def _mark_boilerplate_tail(lines: list[Line]) -> None:
    """At the end of an article, the last body line, when it stands between two boilerplate lines
    of the kind that runs in blocks (promotion, footer, other language), is part of that block."""
    last = max((i for i, ln in enumerate(lines) if ln.kind == "body"), default=-1)
    if not 0 < last < len(lines) - 1:
        return
    line, before, after = lines[last], lines[last - 1], lines[last + 1]
    if _blocky(before) and _blocky(after) and len(line.text) <= _max_line_chars():
        line.kind, line.reason = "dropped", (before.reason or "").split(":")[0]


def _blocky(line: Line) -> bool:
    return line.kind == "dropped" and (line.reason or "").split(":")[0] in _BLOCK_REASONS


def line_key(text: str) -> str:
    """A key for a line that ignores case, spacing and punctuation (for counting repeats)."""
    folded = re.sub(r"[\W_]+", " ", text.casefold()).strip()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:16]


def countable_line_keys(article: Article) -> set[str]:
    """Keys of the article's kept lines short enough to be boilerplate (each counted once)."""
    return {line_key(ln.text) for ln in article.lines if ln.kind != "dropped" and len(ln.text) <= _max_line_chars()}


def drop_recurring(
    article: Article, counts: dict[str, int], outlet_articles: int, min_articles: int = 3, min_share: float = 0.5
) -> int:
    """Drop the lines that recur across the articles of the article's outlet; return how many.

    A line is the outlet's boilerplate when at least ``min_articles`` of its articles, and at
    least ``min_share`` of them, carry it. A long line of prose (more than 25 words) needs
    five articles, so that a background paragraph repeated in a few reports stays. Counts come
    from the store (:meth:`~newsweave.store.Store.line_counts`).
    """
    if outlet_articles < min_articles:
        return 0
    dropped = 0
    for line in article.lines:
        if line.kind == "dropped" or len(line.text) > _max_line_chars():
            continue
        n = counts.get(line_key(line.text), 0)
        needed = min_articles if len(line.text.split()) <= 25 else max(min_articles, 5)
        if n >= needed and n >= min_share * outlet_articles:
            line.kind, line.reason = "dropped", "recurring"
            dropped += 1
    return dropped
