"""Line rules of the clean stage: the phrase rules (``rules/boilerplate_*.json``) that name why
a line is boilerplate, the shape checks (a caption credit, another script, a stray tag), the
language and script of a text, and the evidence the line classifier reads.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from newsweave.clean.language import LanguageIdentifier, default_identifier
from newsweave.clean.line_features import line_features
from newsweave.clean.normalise import normalise_text
from newsweave.clean.rule_files import BOILERPLATE_EN, boilerplate_rules

TERMINAL = tuple(".!?:;,\"”’'»…")  # what closes a sentence (a title or heading has none of it)
_CREDIT_PREFIX = re.compile(r"^[A-Z0-9ÁÉÍÓÚÑÜ .&'’-]{2,}/[A-Z0-9ÁÉÍÓÚÑÜ .&/'’-]{2,}\s+[-–—]\s+\S")


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


RULE_FILES = (BOILERPLATE_EN, "boilerplate_intl.json")


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
        data = boilerplate_rules(name)
        for rule in data["rules"]:
            starts = [p[1:] for p in rule["patterns"] if _anchored(p)]
            others = tuple(re.compile(p, re.IGNORECASE) for p in rule["patterns"] if not _anchored(p))
            joined = "^(?:" + "|".join(f"(?:{p})" for p in starts) + ")"
            start = re.compile(joined, re.IGNORECASE) if starts else None
            rules.append(_Rule(rule["reason"], start, others, tuple(rule.get("hints", ())), _needed_literals(others)))
    return tuple(rules)


_ASCII_LETTERS = bytes(c for c in range(128) if chr(c).isalpha())
_NON_ASCII_WORD_CHAR = re.compile(r"[^\W\x00-\x7f]")  # every non-ASCII letter, and other word characters


def dominant_script(text: str) -> str | None:
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
    return 2 <= len(words) <= 25 and len(line) <= 200 and not line.rstrip().endswith(TERMINAL)


def looks_like_heading(line: str) -> bool:
    """A short line inside the body without closing punctuation, capitalised."""
    words = line.split()
    return 1 <= len(words) <= 12 and not line.rstrip().endswith(TERMINAL) and line[:1].isupper()


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
def max_line_chars(name: str = BOILERPLATE_EN) -> int:
    """The longest line the phrase rules judge (longer lines are prose, whatever they hold)."""
    data = boilerplate_rules(name)
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
    if len(line) > max_line_chars():
        return None
    reason = _rule_reason(line)
    if reason is not None:
        return reason
    if _CREDIT_PREFIX.match(line):
        return "caption"
    script = dominant_script(line)
    if article_script and script and script != article_script:
        return "other-script"
    if _is_stray_tag(line):
        return "tag"
    return None


def article_context(text: str, identifier: LanguageIdentifier | None = None) -> tuple[str | None, str | None]:
    """The language code and the dominant script of a whole text."""
    identifier = identifier or default_identifier()
    return identifier.identify(normalise_text(text)).code, dominant_script(text)


def line_evidence(
    texts: list[str], language: str | None, article_script: str | None, is_html: bool
) -> tuple[list[str | None], np.ndarray]:
    """The rule each line matches (or ``None``) and the classifier's features of every line."""
    reasons = [classify_line(t, article_script) for t in texts]
    return reasons, line_features(texts, reasons, language, is_html)
