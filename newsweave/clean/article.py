"""Clean stage: keep exactly the article — title, standfirst, headings and body lines.

Every input line is kept with a kind (title, dek, heading, body, dropped) and, when
dropped, the reason; the raw text stays untouched so nothing is lost. Rule data (the
patterns) lives in ``rules/boilerplate_en.json``, apart from this logic.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsweave.clean.choice import choose_text
from newsweave.clean.language import LanguageIdentifier, default_identifier
from newsweave.clean.line_features import line_features
from newsweave.clean.line_model import LineModel, load_line_model
from newsweave.records import Article, Line, LineKind, RawArticle, stage
from newsweave.text.dates import infer_published
from newsweave.text.ids import stable_id

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
_BLOCK_REASONS = frozenset({"promotion", "footer", "other-language", "cookie", "related", "classifier", "menu"})
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
    starts: re.Pattern[str] | None  # the patterns anchored at the line's start, joined
    others: tuple[re.Pattern[str], ...]
    hints: tuple[str, ...] = ()  # one of them must be in the lower-cased line before ``others`` are tried
    needs: re.Pattern[str] | None = None  # what every match of ``others`` holds (see _needed_literals)

    def search_others(self, line: str, lower: str) -> bool:
        """Whether a pattern not anchored at the line's start matches."""
        if self.hints and not any(hint in lower for hint in self.hints):
            return False
        if self.needs is not None and self.needs.search(line) is None:
            return False
        return any(pattern.search(line) for pattern in self.others)


def _needed_literals(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """A pattern of plain strings, one of which every match of ``patterns`` contains (matched with
    their flags), or ``None`` when one of them needs no plain string. Most rules' patterns start
    with a word boundary, which makes the regular expression engine try them at every position of
    a line; a search for plain strings skips along the line, and a line without any of them is done.
    The strings come from the patterns' parse: the longest run of literal characters in sequence,
    or every alternative's own."""
    try:
        parser: Any = importlib.import_module("re._parser")
        constants: Any = importlib.import_module("re._constants")
    except ImportError:  # another Python: every line gets every pattern
        return None

    def needed(items: Any) -> set[str] | None:
        found: list[set[str]] = []
        run: list[str] = []
        for op, arg in [*items, (None, None)]:
            if op is constants.LITERAL:
                run.append(chr(arg))
                continue
            if run:
                found.append({"".join(run)})
                run = []
            inner: set[str] | None = None
            if op is constants.SUBPATTERN:
                inner = needed(arg[3])
            elif op is constants.BRANCH:
                branches = [needed(branch) for branch in arg[1]]
                inner = set().union(*branches) if all(branches) else None  # type: ignore[arg-type]
            elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and arg[0] >= 1:
                inner = needed(arg[2])
            if inner:
                found.append(inner)
        return max(found, key=lambda strings: (min(map(len, strings)), -len(strings)), default=None)

    strings: set[str] = set()
    for pattern in patterns:
        try:
            mine = needed(parser.parse(pattern.pattern, pattern.flags))
        except Exception:  # an unexpected parse: no short cut
            return None
        if not mine:
            return None
        strings |= mine
    if not strings:
        return None
    flags = re.IGNORECASE if all(p.flags & re.IGNORECASE for p in patterns) else 0
    return re.compile("|".join(re.escape(s) for s in sorted(strings, key=len, reverse=True)), flags)


RULE_FILES = ("boilerplate_en.json", "boilerplate_intl.json")


def _anchored(pattern: str) -> bool:
    """Whether a pattern starts with ``^`` and has no alternative outside its groups."""
    if not pattern.startswith("^"):
        return False
    depth, escaped, in_class = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
    return True


@lru_cache(maxsize=4)
def load_rules(names: tuple[str, ...] = RULE_FILES) -> tuple[_Rule, ...]:
    """Load the line rules shipped in ``newsweave/rules``, English first, in their order.

    The patterns of a rule that match at the start of a line are joined into one expression (a
    failed match costs one look at the line's start); the others are kept apart.
    """
    rules: list[_Rule] = []
    for name in names:
        data = json.loads(resources.files("newsweave.rules").joinpath(name).read_text("utf-8"))
        for rule in data["rules"]:
            starts = [p[1:] for p in rule["patterns"] if _anchored(p)]
            others = tuple(re.compile(p, re.IGNORECASE) for p in rule["patterns"] if not _anchored(p))
            joined = "^(?:" + "|".join(f"(?:{p})" for p in starts) + ")"
            start = re.compile(joined, re.IGNORECASE) if starts else None
            rules.append(_Rule(rule["reason"], start, others, tuple(rule.get("hints", ())), _needed_literals(others)))
    return tuple(rules)


_ASCII_LETTERS = bytes(c for c in range(128) if chr(c).isalpha())
_NON_ASCII_WORD_CHAR = re.compile(r"[^\W\x00-\x7f]")  # every non-ASCII letter, and other word characters


def _script(text: str) -> str | None:
    """The dominant Unicode script family of the letters in ``text`` (LATIN, HEBREW, …)."""
    counts: dict[str, int] = {}
    if text.isascii():  # the common case, decided without a per-letter lookup
        return "LATIN" if any(ch.isalpha() for ch in text) else None
    ascii_part = text.encode("ascii", "ignore")
    ascii_letters = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
    if ascii_letters:
        counts["LATIN"] = ascii_letters
    for ch in _NON_ASCII_WORD_CHAR.findall(text):
        if ch.isalpha():
            family = _char_script(ch)
            counts[family] = counts.get(family, 0) + 1
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


# Scripts written together in one language count as one: Japanese mixes kana with kanji.
_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK", "FULLWIDTH": "CJK"}


@lru_cache(maxsize=4096)
def _char_script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    first = name.split(" ")[0] if name else ""
    return _SCRIPT_FAMILY.get(first, first)


def looks_like_title(line: str) -> bool:
    """A short line without closing punctuation, as headlines are written."""
    words = line.split()
    return 2 <= len(words) <= 25 and len(line) <= 200 and not line.rstrip().endswith(_TERMINAL)


def looks_like_heading(line: str) -> bool:
    """A short line inside the body without closing punctuation, capitalised."""
    words = line.split()
    return 1 <= len(words) <= 12 and not line.rstrip().endswith(_TERMINAL) and line[:1].isupper()


_MAX_TAG_CHARS = 40


def _is_stray_tag(line: str) -> bool:
    """A few lower-case words with no punctuation: a tag or keyword line, not prose. Only a script
    with cases has lower-case words (a line of Chinese without punctuation is not a tag)."""
    words = line.split()
    return (
        1 <= len(words) <= 4
        and len(line) <= _MAX_TAG_CHARS
        and line == line.lower()
        and line != line.upper()
        and re.fullmatch(r"[\w\s-]+", line) is not None
    )


@lru_cache(maxsize=4)
def _max_line_chars(name: str = "boilerplate_en.json") -> int:
    data = json.loads(resources.files("newsweave.rules").joinpath(name).read_text("utf-8"))
    return int(data.get("max_line_chars", 400))


@lru_cache(maxsize=4)
def _first_start(names: tuple[str, ...] = RULE_FILES) -> re.Pattern[str]:
    """The start patterns of all rules in one expression, a named group ``r<i>`` for rule ``i``:
    its match names the first rule whose start pattern matches (alternatives are tried in order)."""
    joined = [f"(?P<r{i}>{rule.starts.pattern[1:]})" for i, rule in enumerate(load_rules(names)) if rule.starts]
    return re.compile("^(?:" + "|".join(joined) + ")", re.IGNORECASE)


def _rule_reason(line: str) -> str | None:
    """The reason of the first rule that matches ``line`` (one look at the line's start for all
    rules' start patterns; before the first rule that matches there, the other patterns)."""
    rules = load_rules()
    match = _first_start().match(line)
    first = int(match.lastgroup[1:]) if match and match.lastgroup else len(rules)
    lower = line.lower()
    for rule in rules[:first]:
        if rule.search_others(line, lower):
            return rule.reason
    return rules[first].reason if first < len(rules) else None


def classify_line(line: str, article_script: str | None) -> str | None:
    """Return the reason a line is boilerplate, or ``None`` if it may be article text."""
    if len(line) > _max_line_chars():
        return None
    reason = _rule_reason(line)
    if reason is not None:
        return reason
    if _CREDIT_PREFIX.match(line):
        return "caption"
    script = _script(line)
    if article_script and script and script != article_script:
        return "other-script"
    if _is_stray_tag(line):
        return "tag"
    return None


def article_context(text: str, identifier: LanguageIdentifier | None = None) -> tuple[str | None, str | None]:
    """The language code and the dominant script of a whole text."""
    identifier = identifier or default_identifier()
    return identifier.identify(normalise_text(text)).code, _script(text)


def line_evidence(
    texts: list[str], language: str | None, article_script: str | None, is_html: bool
) -> tuple[list[str | None], np.ndarray]:
    """The rule each line matches (or ``None``) and the classifier's features of every line."""
    reasons = [classify_line(t, article_script) for t in texts]
    return reasons, line_features(texts, reasons, language, is_html)


def normalise_text(text: str) -> str:
    """Unify quotes written the PTB way (`` '') and non-breaking spaces; cut runs of more than
    :data:`MAX_SYMBOL_RUN` punctuation marks or symbols ("!!!!!!!!!!!!", 20,000 quote marks)."""
    text = _SYMBOL_RUN.sub(lambda m: m.group()[:MAX_SYMBOL_RUN], text)
    if "''" in text:
        text = _PTB_OPENING.sub("“", text)
    for old, new in _PTB_QUOTES:
        text = text.replace(old, new)
    return text.replace("\u00a0", " ")


def text_lines(text: str) -> list[tuple[int, str]]:
    """The non-empty lines of a text, normalised and stripped, with their 1-based numbers."""
    return _numbered(normalise_text(text))


def _numbered(normalised: str) -> list[tuple[int, str]]:
    """The non-empty stripped lines of a normalised text (normalising a text normalises each of its
    lines as it would alone: nothing :func:`normalise_text` changes spans a line break)."""
    out = []
    for number, line in enumerate(normalised.split("\n"), start=1):
        stripped = line.strip()
        if stripped:
            out.append((number, stripped))
    return out


_NON_WORD_RUN = re.compile(r"[\W_]+")
_ASCII_NON_WORD = str.maketrans({c: " " for c in range(128) if not chr(c).isalnum()})


def _folded(text: str) -> str:
    """``text`` case-folded, each run of characters other than letters and digits one space."""
    folded = text.casefold()
    if folded.isascii():  # the common case: a translation and a split, no regular expression
        return " ".join(folded.translate(_ASCII_NON_WORD).split())
    return _NON_WORD_RUN.sub(" ", folded).strip()


def content_hash(lines: Iterable[str]) -> str:
    """Hash of the body with case, spacing and punctuation folded: equal for re-scrapes."""
    return hashlib.sha1(_folded(" ".join(lines)).encode("utf-8")).hexdigest()


@stage(requires=("raw",), assigns=("articles",))
def clean_article(raw: RawArticle, max_chars: int = 200_000, identifier: LanguageIdentifier | None = None) -> Article:
    """Classify every line of one raw article and build the :class:`Article`.

    Each line gets the line classifier's probability of being boilerplate (``Line.score``, see
    :mod:`newsweave.clean.line_model`), from its features and its neighbours'; a line at or above the
    model's threshold is dropped as ``classifier``. Of an HTML page with trafilatura's text
    favouring precision (``core_text``), a line only the recall text has is dropped at the model's
    ``threshold_doubtful``, a line of the precise text at ``threshold_core`` (shipped above 1:
    never), and a line of the precise text is dropped only by the phrase rules, not by its shape
    (``SHAPE_REASONS``) nor for its language. The rules of ``rules/boilerplate_*.json``
    are features of the classifier and also drop a line outright (their reason), as do another
    script or language than the article's. A sentence the classifier alone would drop is kept
    when it follows the body and no boilerplate follows it (the end of a paragraph, a short
    closing sentence). The lines before the first paragraph of prose are the head
    (title, standfirst); short capitalised lines inside the body are headings; a line wedged
    between boilerplate at the end of the article is boilerplate too. Of an HTML page offered
    with its flattened text, the text that holds the article is read
    (:func:`newsweave.clean.choice.choose_text`).
    """
    identifier = identifier or default_identifier()
    raw = choose_text(raw)
    text = raw.text[:max_chars]
    article_script = _script(text)
    normalised = normalise_text(text)
    language = identifier.identify(normalised).code
    numbered = _numbered(normalised)
    texts = [t for _, t in numbered]
    reasons, features = line_evidence(texts, language, article_script, raw.is_html)
    model = load_line_model()
    scores = model.boilerplate_probability(features) if model else np.zeros(len(texts))
    threshold = (model.threshold_html if raw.is_html else model.threshold) if model else 1.1
    core = f" {_folded(raw.core_text)} " if raw.is_html and raw.core_text else ""
    in_core = [bool(core) and f" {_folded(t)} " in core for t in texts]
    max_chars_line = _max_line_chars()
    lines: list[Line] = []
    for (number, stripped), reason, score, sure in zip(numbered, reasons, scores.tolist(), in_core, strict=True):
        score = round(score, 3)
        if sure and reason in SHAPE_REASONS:  # trafilatura is sure of it: only phrase rules drop it
            reason = None
        if reason is None and score >= _drop_threshold(model, threshold, bool(core), sure, is_prose(stripped)):
            reason = "classifier"
        if reason is None and not sure and len(stripped) <= max_chars_line:
            foreign = identifier.foreign_line(stripped, language)
            reason = f"other-language:{foreign}" if foreign else None
        kind: LineKind = "dropped" if reason else "body"
        lines.append(Line(number, stripped, kind, reason, score))
    _keep_closing_sentences(lines)
    _keep_mixed_language(lines)
    _drop_menu_runs(lines)
    _drop_related_lists(lines)
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
        kept = [ln.text for ln in lines if ln.kind != "dropped"]
        guess = infer_published(kept)
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


# The reasons a line's shape gives (not the phrase rules of ``rules/boilerplate_*.json``): they do
# not drop a line of trafilatura's precise extraction, which is sure of it.
SHAPE_REASONS = frozenset({"tag", "other-script"})


def _drop_threshold(
    model: LineModel | None, threshold: float, has_core: bool, sure: bool, prose: bool = False
) -> float:
    """The classifier's probability at which a line is dropped: ``threshold`` (plain text, or an
    HTML page without a precise extraction); of an HTML page with one, ``threshold_core`` for a
    line in it and ``threshold_doubtful`` for a line only the recall extraction has, unless that
    line is prose (:func:`is_prose`): then ``threshold`` as on a page without a precise
    extraction (the passes often choose different parts of a page, and a sentence is the kind of
    line the classifier can judge alone; chosen on half A out of fold, ``benchmarks/clean_cv.py``)."""
    if model is None or not has_core:
        return threshold
    if sure:
        return model.threshold_core
    return max(model.threshold_doubtful, threshold) if prose else model.threshold_doubtful


_MAX_FOREIGN_SHARE = 0.5


def _keep_mixed_language(lines: list[Line]) -> None:
    """When lines in other languages hold more than ``_MAX_FOREIGN_SHARE`` of the words, the
    article's language is not clear (mixed or made-up text): no line is dropped for its language."""
    foreign = [ln for ln in lines if (ln.reason or "").startswith("other-language")]
    total = sum(len(ln.text.split()) for ln in lines)
    if foreign and sum(len(ln.text.split()) for ln in foreign) > _MAX_FOREIGN_SHARE * total:
        for line in foreign:
            line.kind, line.reason = "body", None


def _keep_closing_sentences(lines: list[Line]) -> None:
    """Restore what the classifier alone dropped right after body text when it is article text
    by its shape: a sentence followed by body text or by nothing (a short last sentence), or a
    line of a hard-wrapped paragraph (it goes on in the next line or carries on the last one)."""
    for pos, line in enumerate(lines):
        if line.reason != "classifier" or pos == 0 or lines[pos - 1].kind != "body":
            continue
        before = lines[pos - 1]
        after = lines[pos + 1] if pos + 1 < len(lines) else None
        closing = _SENTENCE_END.search(line.text) is not None and (after is None or after.kind == "body")
        wrapped = after is not None and after.text[:1].islower() and after.number == line.number + 1
        carried = line.text[:1].islower() and not _SENTENCE_END.search(before.text)
        if closing or wrapped or carried:
            line.kind, line.reason = "body", None


_MENU_RUN = 5
_MENU_WORDS = 3


def _drop_menu_runs(lines: list[Line]) -> None:
    """A run of at least ``_MENU_RUN`` kept lines of at most ``_MENU_WORDS`` words with no closing
    punctuation, before the first paragraph of prose or after the last, is a menu or a list of
    links: boilerplate comes in blocks."""
    prose = [i for i, ln in enumerate(lines) if ln.kind != "dropped" and is_prose(ln.text)]
    if not prose:
        return
    for lo, hi in ((0, prose[0]), (prose[-1] + 1, len(lines))):
        run: list[Line] = []
        for line in [*lines[lo:hi], None]:
            if line is not None and line.kind == "dropped":
                continue
            if line is not None and len(line.text.split()) <= _MENU_WORDS and not line.text.endswith(_TERMINAL):
                run.append(line)
                continue
            if len(run) >= _MENU_RUN:
                for item in run:
                    item.kind, item.reason = "dropped", "menu"
            run = []


def _drop_related_lists(lines: list[Line]) -> None:
    """The headlines listed under a related-article marker ("Most read", "Lire aussi"): the kept
    lines after it without closing punctuation, up to the next paragraph of prose."""
    listing = False
    for line in lines:
        if line.kind == "dropped":
            listing = listing or line.reason == "related"
            continue
        if listing and looks_like_heading(line.text) and not is_prose(line.text):
            line.kind, line.reason = "dropped", "related"
        else:
            listing = False


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
    return hashlib.sha1(_folded(text).encode("utf-8")).hexdigest()[:16]


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
    from the store (:meth:`~newsweave.store.store.Store.line_counts`).
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
