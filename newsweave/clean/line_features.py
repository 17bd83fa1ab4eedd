"""Features of the lines of one article, for the line classifier (:mod:`newsweave.clean.line_model`).

What a line looks like on any page: its length, the shape of its words and punctuation, the share
of function words (of the article's language) and of capitalised words, link- and menu-like
patterns, the rules it matches (as evidence, see ``rules/boilerplate_*.json``), its position,
how near it is to the article's main run of prose, whether it repeats on the page, whether its
function words are another language's; and the same for the lines around it, since boilerplate
comes in blocks. All of it is computed from the text alone, in one pass, so that cleaning stays
fast.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from operator import itemgetter

import numpy as np

from newsweave.clean.language import _languages_of_word, function_words

REASONS = (
    "promotion", "caption", "contributor", "syndication", "editor-note", "footer", "cookie", "related",
    "other-script", "tag",
)  # fmt: skip
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)
# A line ends a sentence when it ends in one of _ENDS and then only _CLOSERS (r"[.!?…][\"”’'»)\]]*$").
_ENDS, _CLOSERS = tuple(".!?…"), "\"”’'»)]"
_MENU_SEP = re.compile(r"\s[|•·»›/]\s|\s{3,}|\t")
_LINKISH = re.compile(r"https?://|www\.|\.(com|org|net|de|fr|uk|html?)\b|@\w|#\w", re.IGNORECASE)
_DATEISH = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b(19|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(ago|gestern|heute|hier|ayer)\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[-–—•·*»›>|#\d.)(\[\]]+\s*")
_PROSE_WORDS = 12
_FIRST = itemgetter(0)
_ASCII_DIGITS = b"0123456789"
_ASCII_ALNUM = bytes(c for c in range(128) if chr(c).isalnum())
# Names of the features of one line; the neighbours' features are a subset of these.
BASE = (
    "log_chars",
    "log_words",
    "mean_word_len",
    "ends_sentence",
    "ends_colon",
    "function_share",
    "capital_share",
    "upper_line",
    "digit_share",
    "punct_share",
    "comma_rate",
    "menu_sep",
    "linkish",
    "dateish",
    "bullet",
    "prose",
    "short",
    "repeated",
    "foreign_words",
    "any_rule",
) + tuple(f"rule_{r}" for r in REASONS)
_NEIGHBOUR = ("log_words", "ends_sentence", "function_share", "capital_share", "prose", "short", "any_rule", "linkish")
_OFFSETS = (-3, -2, -1, 1, 2, 3)
_WINDOWS = (2, 5, 12)
_WINDOW_OF = ("prose", "log_words", "any_rule", "function_share", "short")
DOC = ("rel_pos", "log_from_start", "log_to_end", "chars_before", "log_n_lines", "prose_share", "in_main",
       "log_dist_main", "log_dist_prose", "is_html", "bias")  # fmt: skip
# The line against its own page, whatever the site: its length, function words and capitals less
# those of the page's main run of prose, and the share of its content words the main run uses.
PAGE = ("log_words_vs_main", "function_vs_main", "capital_vs_main", "main_vocab", "main_vocab~2")


def feature_names() -> tuple[str, ...]:
    """The names of the columns :func:`line_features` returns, in order."""
    names = list(BASE)
    names += [f"{name}@{off:+d}" for off in _OFFSETS for name in _NEIGHBOUR]
    names += [f"{name}~{w}" for w in _WINDOWS for name in _WINDOW_OF]
    names += list(DOC)
    names += list(PAGE)
    return tuple(names)


@lru_cache(maxsize=64)
def _function_set(language: str | None) -> frozenset[str]:
    table = function_words()
    if language in table:
        return table[language]
    return frozenset().union(*table.values())


def _base(
    text: str, reason: str | None, fw: frozenset[str], language: str | None, repeats: int, vocab: list[frozenset[str]]
) -> list[float]:
    words = text.split()
    n_words = len(words)
    letters = _LETTERS.findall(text)
    n_letters = len(letters) or 1
    counts = Counter(map(str.lower, letters))  # each distinct word once below
    vocab.append(frozenset(w for w in counts if len(w) > 2 and w not in fw))
    chars = len(text)
    function_share = sum(n for w, n in counts.items() if w in fw) / n_letters
    capital_share = sum(map(str.isupper, map(_FIRST, letters))) / n_letters
    if text.isascii():  # the common case: count by deleting bytes, not char by char
        raw = text.encode("ascii")
        digits = chars - len(raw.translate(None, _ASCII_DIGITS))
        alnum = chars - len(raw.translate(None, _ASCII_ALNUM))
    else:
        digits, alnum = sum(map(str.isdigit, text)), sum(map(str.isalnum, text))
    punct = chars - alnum - text.count(" ")
    foreign = 0.0
    if language and n_words >= 3:
        hits: dict[str, int] = {}
        index = _languages_of_word()
        for w, n in counts.items():
            for code in index.get(w, ()):
                hits[code] = hits.get(code, 0) + n
        own = hits.get(language, 0)
        foreign = float(any(n > own for code, n in hits.items() if code != language))
    ends_sentence = text.rstrip(_CLOSERS).endswith(_ENDS)
    prose = float(n_words >= _PROSE_WORDS and ends_sentence) + float(n_words >= 40)
    rules = [float(reason is not None and reason.split(":")[0] == r) for r in REASONS]
    return [
        math.log1p(chars),
        math.log1p(n_words),
        sum(map(len, letters)) / n_letters,
        float(ends_sentence),
        float(text.endswith(":")),
        function_share,
        capital_share,
        float(text.isupper()),
        digits / chars,
        punct / chars,
        text.count(",") / (n_words or 1),
        float(_MENU_SEP.search(text) is not None),
        float(_LINKISH.search(text) is not None),
        float(_DATEISH.search(text) is not None),
        float(_BULLET.match(text) is not None),
        prose,
        float(n_words <= 3),
        float(repeats > 1),
        foreign,
        float(reason is not None),
        *rules,
    ]


def line_features(
    texts: list[str], reasons: list[str | None], language: str | None, is_html: bool = False
) -> np.ndarray:
    """One row of features per line (stripped, non-empty ``texts``); ``reasons`` are rule hits."""
    n = len(texts)
    names = feature_names()
    if n == 0:
        return np.zeros((0, len(names)), dtype=np.float32)
    fw = _function_set(language)
    counts = Counter(texts)
    vocab: list[frozenset[str]] = []
    base = np.array(
        [_base(t, r, fw, language, counts[t], vocab) for t, r in zip(texts, reasons, strict=True)], dtype=np.float64
    )
    index = {name: i for i, name in enumerate(BASE)}
    columns = [base]
    pad = 3
    for off in _OFFSETS:
        cols = [index[name] for name in _NEIGHBOUR]
        shifted = np.zeros((n, len(cols)))
        src = np.arange(n) + off
        ok = (src >= 0) & (src < n)
        shifted[ok] = base[src[ok]][:, cols]
        shifted[~ok, cols.index(index["short"])] = 1.0  # outside the text counts as a short line
        columns.append(shifted)
    cols = [index[name] for name in _WINDOW_OF]
    padded = np.vstack(
        [np.zeros((max(_WINDOWS) + pad, len(cols))), base[:, cols], np.zeros((max(_WINDOWS) + pad, len(cols)))]
    )
    cumulative = np.vstack([np.zeros((1, len(cols))), np.cumsum(padded, axis=0)])
    offset = max(_WINDOWS) + pad
    for w in _WINDOWS:
        lo = np.arange(n) + offset - w
        hi = np.arange(n) + offset + w + 1
        columns.append((cumulative[hi] - cumulative[lo]) / (2 * w + 1))
    positions = np.arange(n, dtype=np.float64)
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    before = (np.cumsum(chars) - chars) / chars.sum()
    prose = base[:, index["prose"]] > 0
    main_lo, main_hi = _main_run(chars, prose)
    dist_main = np.where(
        positions < main_lo, main_lo - positions, np.where(positions > main_hi, positions - main_hi, 0)
    )
    prose_at = np.flatnonzero(prose)
    dist_prose = np.full(n, float(n))
    if prose_at.size:
        dist_prose = np.abs(positions[:, None] - prose_at[None, :]).min(axis=1)
    doc = np.column_stack(
        [
            positions / max(n - 1, 1),
            np.log1p(positions),
            np.log1p(n - 1 - positions),
            before,
            np.full(n, np.log1p(n)),
            np.full(n, prose.mean()),
            (dist_main == 0).astype(np.float64),
            np.log1p(dist_main),
            np.log1p(dist_prose),
            np.full(n, float(is_html)),
            np.ones(n),
        ]
    )
    columns.append(doc)
    columns.append(_page_relative(base, index, vocab, prose & (dist_main == 0)))
    return np.hstack(columns).astype(np.float32)


def _page_relative(
    base: np.ndarray, index: dict[str, int], vocab: list[frozenset[str]], main: np.ndarray
) -> np.ndarray:
    """The columns of ``PAGE``: each line against the prose of the page's main run (``main``)."""
    n = len(vocab)
    ref = main if main.any() else np.ones(n, dtype=bool)
    cols = [base[:, index[name]] - base[ref, index[name]].mean() for name in ("log_words", "function_share")]
    cols.append(base[:, index["capital_share"]] - base[ref, index["capital_share"]].mean())
    used: Counter[str] = Counter()
    for i in np.flatnonzero(main).tolist():
        used.update(vocab[i])
    share = np.zeros(n)
    for i, words in enumerate(vocab):
        if words:
            own = 1 if main[i] else 0
            share[i] = sum(used[w] > own for w in words) / len(words)
    cols.append(share)
    padded = np.concatenate([np.zeros(2), share, np.zeros(2)])
    cols.append(np.convolve(padded, np.ones(5) / 5, mode="valid"))
    return np.column_stack(cols)


def _main_run(chars: np.ndarray, prose: np.ndarray) -> tuple[int, int]:
    """The run of lines holding the most prose, gaps of non-prose lines costing their length.

    A maximum-sum segment over line scores (a prose line scores its characters, another line
    minus its characters plus a fixed cost): the article's main content, as a block.
    """
    scores = np.where(prose, chars, -(chars + 40.0))
    best, best_lo, best_hi = -np.inf, 0, len(chars) - 1
    running, lo = 0.0, 0
    for i, s in enumerate(scores.tolist()):
        if running <= 0:
            running, lo = s, i
        else:
            running += s
        if running > best:
            best, best_lo, best_hi = running, lo, i
    return best_lo, best_hi
