"""Text tokenised the Penn Treebank way made readable again, for the clean stage.

Research corpora of news (LDC-style releases, Timeline17) give articles as PTB tokens joined by
spaces: brackets written ``-LRB-`` and ``-RRB-``, quotes as `````` and ``''``, a space before
every comma and full stop, possessives and contractions split off ("Haiti 's", "do n't"). The
clean stage joins such text back (:func:`untokenise`) when the text as a whole looks tokenised
(:func:`looks_tokenised`), so that every later stage reads one kind of text and none needs
patterns of its own for tokens. Apart from the pairing of quotation marks below, nothing here
matches across a line break: a text's lines are untokenised as each would be alone.
:func:`untokenise_mapped` also tells where each character of the result came from (for offsets
into the tokenised text).

Some tokenised corpora (NewsWCL50, ECB+) keep straight quotation marks, each a token of its own
(`` " Yes , " he said``). Such marks are paired within a paragraph (lines up to a blank line;
one left open when the next paragraph opens with a mark, as quotes over several paragraphs are),
single ones within a line, before the steps join the words: an opening mark must have words
after it on its line and a closing one must not open a line of words, else the paragraph's marks
are left as they are (so are those of a paragraph, or a line, that holds curly marks too, or a
straight mark written against a word: `"It`). Text with no blank line (one sentence a line) pairs
its marks within each line. In text with PTB's own opening marks a straight single mark between a
word and a lower-case one opens nothing ("singin ' and dancin '"). A
hyphen the tokeniser spaced inside a name ("Kim Jong - un") is joined when the word after it
stands nowhere else in the text on its own (so "Donald Trump - and" is left).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable

# A bracket's token, a split contraction or possessive, a space before a full stop or comma.
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_BRACKET = re.compile("|".join(_BRACKETS))
_SPACED = re.compile(r"(?<=\w) [,.;:!?](?= |$)", re.MULTILINE)
_JOINED = re.compile(r"\w[,.;:!?](?= |$)", re.MULTILINE)
MIN_SPACED = 3  # spaced stops from which a text without bracket tokens may read as tokenised

Replacement = str | Callable[[re.Match[str]], str]
# In order: brackets and escaped characters, quotes, split possessives and contractions, then
# the spaces tokenising put inside brackets and quotes and before punctuation. " " only, never
# a line break.
_STEPS: list[tuple[re.Pattern[str], Replacement]] = [
    (_BRACKET, lambda m: _BRACKETS[m.group()]),
    (re.compile(r"\\([*/])"), r"\1"),
    (re.compile(r"` `|``"), "“"),
    (re.compile(r"''"), "”"),
    (re.compile(r"(^|(?<= ))` ?", re.MULTILINE), "‘"),
    (re.compile(r"(?<=[\w.]) (['’]) ?s\b"), r"\1s"),  # "Haiti 's", "Veldt ’ s", "Jr. 's"
    (re.compile(r"(?<=\w) (n't|n’t|['’](?:s|re|ve|ll|d|m))\b", re.IGNORECASE), r"\1"),
    (re.compile(r"(?<= )'(?=[ ,.;:!?]|$)", re.MULTILINE), "’"),  # a closing single quote
    (re.compile(r"(?<=[(\[$“‘]) +"), ""),
    (re.compile(r" +(?=[,.;:!?%)\]”’])"), ""),
    (re.compile(r"(?<=\d) ?([:.]) (?=\d)"), r"\1"),  # "10 . 15" -> "10.15"
]


_SPACED_MARK = re.compile(r"""(?:^|(?<= ))["'](?= |$)""", re.MULTILINE)
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_WORD = re.compile(r"\S")
_CURLY = re.compile("[“”]")
_CURLY_SINGLE = re.compile("[‘’]")
_AGAINST = re.compile(r'"(?=\w)|(?<=\w)"')  # a straight mark written against a word ("It)
_OPENS = re.compile(r'[ \t]*" ')  # a unit opening with a spaced mark
_AFTER_WORD = re.compile(r"\w ' [a-z]")  # a mark between a word and a lower-case one
_LINE = re.compile(r"^.*$", re.MULTILINE)
_MARK_ALONE = re.compile(r'[ \t]*"[ \t]*')
_NAME_HYPHEN = re.compile(r"(?<=[a-z]) - (?=([a-z]{1,4})\b(?! -))")
_NAME_BEFORE = re.compile(r"\b[A-Z][\w.]* [A-Z][a-z]*$")  # "Kim Jong", "New Zealand": a name of two words
_NAME_DASH = re.compile(r"\b[A-Z][a-z]* - [a-z]{1,4}\b(?! -)")


def _pairs(text: str, marks: list[int], lines: list[int], goes_on: bool = False) -> list[str] | None:
    """Opening and closing marks for the spaced quotation marks at ``marks`` of ``text`` (taken
    in turn; ``lines`` where its lines start), or ``None`` when they do not pair: an odd number
    (unless the quote ``goes_on`` into the next unit, which opens with a mark again), an opening
    mark with no words after it on its line, a closing one opening a line with words after it
    (one alone on its line may close the line before)."""
    if len(marks) % 2 and not goes_on:
        return None
    out = []
    for n, at in enumerate(marks):
        line = bisect.bisect_right(lines, at) - 1
        line_start = lines[line]
        line_end = lines[line + 1] - 1 if line + 1 < len(lines) else len(text)
        words_after = _WORD.search(text, at + 1, line_end) is not None
        if n % 2 == 0 and not words_after:
            return None
        if n % 2 == 1 and words_after and _WORD.search(text, line_start, at) is None:
            return None  # opens a line with words after it: an opening mark
        out.append("open" if n % 2 == 0 else "close")
    return out


def _units(text: str) -> tuple[list[tuple[int, int]], bool]:
    """Where the units whose marks pair start and end, and whether they are paragraphs (lines up
    to a blank line; else lines, when the text has no blank line: one sentence a line, where a
    paragraph's end is not known). A line holding a mark alone belongs to the line before."""
    breaks = list(_PARAGRAPH.finditer(text))
    if breaks:
        starts, ends = [0] + [m.end() for m in breaks], [m.start() for m in breaks] + [len(text)]
        return list(zip(starts, ends, strict=True)), True
    units: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        if units and _MARK_ALONE.fullmatch(m.group()):
            units[-1] = (units[-1][0], m.end())
        else:
            units.append((m.start(), m.end()))
    return units, False


def _paired_marks(text: str) -> str:
    """``text`` with its spaced straight quotation marks made opening and closing ones where they
    pair (see the module); the same length, each mark one character."""
    # text with PTB's own opening marks: a straight single one between a word and a lower-case one
    # closes a quote or stands for letters left out ("singin ' and dancin '"), so opens nothing
    ptb = "`" in text
    chars = list(text)
    lines = [0] + [m.end() for m in re.finditer("\n", text)]
    units, paragraphs = _units(text)
    for n, (start, end) in enumerate(units):
        if _CURLY.search(text, start, end) or _AGAINST.search(text, start, end):
            continue  # curly marks, or straight ones against a word: which pairs with which is not clear
        doubles = [m.start() for m in _SPACED_MARK.finditer(text, start, end) if m.group() == '"']
        # news quotes over several paragraphs: open at one's end, opened again at the next one's start
        goes_on = paragraphs and n + 1 < len(units) and _OPENS.match(text, units[n + 1][0]) is not None
        for at, role in zip(doubles, _pairs(text, doubles, lines, goes_on) or [], strict=False):
            chars[at] = "“" if role == "open" else "”"
    for start, end in zip(lines, [at - 1 for at in lines[1:]] + [len(text)], strict=True):
        singles = [m.start() for m in _SPACED_MARK.finditer(text, start, end) if m.group() == "'"]
        if _CURLY_SINGLE.search(text, start, end):
            singles = []  # as for double marks; a straight one closes (the steps below)
        elif len(singles) % 2:  # a plural's possessive ("the aides ' loyalty") is no quotation mark
            singles = [at for at in singles if not _possessive(text, at)]
        closes = ptb and any(n % 2 == 0 and _AFTER_WORD.match(text, max(0, at - 2)) for n, at in enumerate(singles))
        for at, role in zip(singles, [] if closes else _pairs(text, singles, lines) or [], strict=False):
            chars[at] = "‘" if role == "open" else "’"
    return "".join(chars)


def _possessive(text: str, at: int) -> bool:
    """Whether the spaced mark at ``at`` ends a plural before a word ("the Koreas ' 1945 division")."""
    return text[max(0, at - 2) : at] == "s " and text[at + 1 : at + 3].strip()[:1].isalnum()


def _joined_hyphens(text: str) -> Callable[[re.Match[str]], str]:
    """The replacement for a spaced hyphen after a name of two capitalised words or more: joined
    when the word after it stands nowhere else in ``text`` on its own ("Kim Jong - un"; not "Ana
    Kim - and", nor "the World - big") and no other spaced dash on its line may pair with it."""
    alone = Counter(re.findall(r"(?<![\w-])(?<!- )[a-z]+(?![\w-])(?! -)", text))

    def replace(m: re.Match[str]) -> str:
        named = _NAME_BEFORE.search(m.string, max(0, m.start() - 40), m.start())
        if not named or alone[m.group(1)]:
            return m.group()
        line_start = m.string.rfind("\n", 0, m.start()) + 1
        line_end = m.string.find("\n", m.end())
        line = m.string[line_start : len(m.string) if line_end < 0 else line_end]
        # another spaced dash on the line, not itself in a name: a pair of dashes around an
        # aside ("Youths - some on foot, others riding - attacked")
        dashes = line.count(" - ") - sum(1 for _ in _NAME_DASH.finditer(line))
        return m.group() if dashes > 0 else "-"

    return replace


def looks_tokenised(text: str) -> bool:
    """Whether ``text`` reads as PTB tokens joined by spaces: it holds a bracket token, or more of
    its full stops and commas stand after a space than right after a word (at least
    :data:`MIN_SPACED`)."""
    if _BRACKET.search(text):
        return True
    spaced = sum(1 for _ in _SPACED.finditer(text))
    return spaced >= MIN_SPACED and spaced > sum(1 for _ in _JOINED.finditer(text))


def untokenise_mapped(text: str) -> tuple[str, list[int]]:
    """``text`` joined back (see the module), and for each character of the result where it
    stood in ``text`` (a replaced stretch's characters at the stretch's start)."""
    where = list(range(len(text)))
    text = _paired_marks(text)
    for pattern, replacement in [*_STEPS, (_NAME_HYPHEN, _joined_hyphens(text))]:
        parts: list[str] = []
        moved: list[int] = []
        last = 0
        for m in pattern.finditer(text):
            parts.append(text[last : m.start()])
            moved.extend(where[last : m.start()])
            new = replacement(m) if callable(replacement) else m.expand(replacement)
            parts.append(new)
            at = where[m.start()] if m.start() < len(where) else len(text)
            moved.extend([at] * len(new))
            last = m.end()
        parts.append(text[last:])
        moved.extend(where[last:])
        text, where = "".join(parts), moved
    return text, where


def untokenise(text: str) -> str:
    """``text`` joined back: brackets, quotes, possessives, contractions and punctuation written as
    in running text ("Haiti 's toll -LRB- AP -RRB- ," -> "Haiti's toll (AP),")."""
    return untokenise_mapped(text)[0]


def mapped_offset(where: list[int], offset: int) -> int:
    """Where an offset into the tokenised text falls in the result of :func:`untokenise_mapped`
    (``where`` its map): at the first character that came from at or after it."""
    return bisect.bisect_left(where, offset)
