"""An article's first line glued from its head parts and its lead, as plain text taken from a page
often is: "Headline Standfirst Wednesday 9 July 2014 11.05 BST Lead ...", "Jane Roe | 09:20 UK time,
Monday, 22 June 2009 Lead ...", "Headline Caption without a full stop The lead ...".

:func:`split_glued_head` cuts such a line into its parts: at the page's time stamp
(:mod:`newsweave.clean.stamps`, kept as a dropped ``dateline`` line for dating) when one stands
near its start with a lead after it; else where a sentence opener ("The", "A", "It") follows a word
in lower case with no punctuation between (a lead glued to a head part that has no full stop).
What comes before is the head: a byline before a pipe (dropped, ``contributor``), else a headline
(the title: headlinese, without "is", "was", "have"), then a standfirst (dek) or a photo's caption
(a sentence with one of those verbs: dropped, ``caption``). A photo credit opening the next line
("Photograph: Jane Roe/Agency Lead ...") marks what the first line ends with as the photo's
caption and is cut from the lead it is glued to. The word lists are rule data
(``rules/boilerplate_en.json``, ``head``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from newsweave.clean.rule_files import boilerplate_rules
from newsweave.clean.stamps import after_stamp, carries_sentence, find_stamps, opens_sentence, page_stamp_prefix
from newsweave.records import Line
from newsweave.text.headline_rules import title_problem

_STAMP_REACH = 300  # characters of the first line within which the page's stamp starts
_MIN_LEAD_WORDS = 6  # words after the head that make a lead
_MIN_LEAD_AFTER_STAMP = 2  # ... after a stamp that opens the line
_MIN_GLUED_LEAD_WORDS = 8
_MAX_GLUE_WORDS = 45  # words of the first line within which a lead may be glued to the head
_MIN_HEAD_WORDS = 3
_MAX_TITLE_WORDS = 14
_MIN_DEK_WORDS = 5
_MAX_BYLINE_WORDS = 5
_FIRST_LINES = 3  # the first line of text is one of these
_STAMP_LINES = 2  # lines of text the page's stamp may be glued into
_CREDIT_WORDS = 8  # words of a photo credit, at most
_CREDIT_OPENER = 5  # tokens of a credit without a slash, with the sentence opener after it
_MAX_CAPTION_WORDS = 45
_SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*\s*$")
_SEPARATORS = " |,;:-–—"
_CLOSING = "’”'\")]"


@dataclass(frozen=True)
class _Words:
    glue_openers: frozenset[str]
    glue_after_name: frozenset[str]
    articles: frozenset[str]
    no_cut_after: frozenset[str]
    caption_verbs: frozenset[str]
    credit: re.Pattern[str]
    credit_tail: re.Pattern[str]


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = boilerplate_rules()["head"]
    return _Words(
        glue_openers=frozenset(data["glue_openers"]),
        glue_after_name=frozenset(data["glue_after_name"]),
        articles=frozenset(data["articles"]),
        no_cut_after=frozenset(data["no_cut_after"]),
        caption_verbs=frozenset(data["caption_verbs"]),
        credit=re.compile(data["credit"], re.IGNORECASE),
        credit_tail=re.compile(data["credit_tail"], re.IGNORECASE),
    )


def split_glued_head(
    lines: list[Line],
    title: str | None,
    wrapped: bool = False,
    language: str | None = "en",
    wire: Callable[[str], bool] = lambda text: False,
) -> str | None:
    """Cut the first line of text into head parts and lead (in place); return the title, the one
    given or the headline found. Hard-``wrapped`` text, and text in another ``language`` than
    English (the sentence openers are English words), is cut at a stamp only. A line that opens
    with a ``wire``'s header or dateline is left to the reading of datelines."""
    body = [i for i, ln in enumerate(lines[:_FIRST_LINES]) if ln.kind == "body"]
    if not body:
        return title
    glue = not wrapped and language == "en"
    # the page's stamp on the first line of text or the next (after a kicker), else glue on the first
    stamped = next(((i, parts) for i in body[:_STAMP_LINES] if (parts := _at_stamp(lines[i].text))), None)
    first, parts = stamped or (body[0], _at_glue(lines[body[0]].text) if glue else None)
    if parts is not None and wire(lines[first].text):
        return title
    line = lines[first]
    after = next((ln for ln in lines[first + 1 :] if ln.kind != "dropped"), None)
    credited = after is not None and _credit_end(after.text) > 0
    if parts is None:
        if credited and after is not None and after.kind == "body":
            # what stands before a photo's credit is its caption, or the head glued to it
            if _SENTENCE_END.search(line.text) and len(line.text.split()) <= _MAX_CAPTION_WORDS:
                line.kind, line.reason = "dropped", "caption"
            else:
                line.kind = "dek"
            _cut_credit(lines, after)
        return title
    head, stamp, lead = parts
    glued = not stamp
    if stamp and not head.strip() and glue and (inner := _at_glue(lead)):
        head, _, lead = inner  # a stamp, then a headline glued to the lead
        glued = True
    new: list[Line] = []
    byline = head.rstrip().endswith("|") and len(head.split()) <= _MAX_BYLINE_WORDS + 1
    head = head.rstrip(_SEPARATORS)
    if head and byline:
        new.append(Line(line.number, head, "dropped", "contributor"))
    elif head:
        words = article_words([ln for ln in lines[first + 1 :] if ln.kind != "dropped"])
        pieces, title = _head_pieces(head, title, line.number, words, glued)
        new += pieces
    if stamp:
        new.append(Line(line.number, stamp, "dropped", "dateline"))
    if credited and after is not None and after.kind == "body":
        new.append(Line(line.number, lead, "dropped", "caption"))  # the photo's caption, credited next
        _cut_credit(lines, after)
    else:
        new.append(Line(line.number, lead, "body", None, line.score))
    lines[first : first + 1] = new
    return title


def _at_stamp(text: str) -> tuple[str, str, str] | None:
    """Head, stamp and lead of a first line with the page's time stamp before its lead."""
    for stamp in find_stamps(text, _STAMP_REACH + 80):
        if stamp.start > _STAMP_REACH:
            break
        start = page_stamp_prefix(text[: stamp.start])
        end = after_stamp(text, stamp.end)
        head = text[:start]
        lead = text[end:].lstrip(_SEPARATORS)
        words = head.rstrip(_SEPARATORS).split()
        if words and carries_sentence(words[-1].strip(_CLOSING)):
            continue  # the stamp carries on a sentence ("struck at 14:22 GMT on Thursday ...")
        least = _MIN_LEAD_WORDS if words else _MIN_LEAD_AFTER_STAMP
        if len(lead.split()) < least or not opens_sentence(lead):
            continue
        if find_stamps(lead, 200):
            return None  # a list of dated items (posts, updates), not a head and its lead
        return head, text[start:end].strip(_SEPARATORS), lead
    return None


def _at_glue(text: str) -> tuple[str, str, str] | None:
    """Head and lead of a first line whose lead is glued to a head part without a full stop: the
    last glue point (a sentence opener after a word in lower case) within the first words."""
    words = text.split()
    cut = None
    for i in range(_MIN_HEAD_WORDS, min(len(words) - _MIN_GLUED_LEAD_WORDS, _MAX_GLUE_WORDS) + 1):
        if _glued(words[i - 1], words[i], words[i + 1]):
            cut = i
    if cut is None:
        return None
    return " ".join(words[:cut]), "", " ".join(words[cut:])


def _glued(before: str, word: str, after: str = "") -> bool:
    """Whether ``word`` opens a sentence glued on after ``before`` (a word in lower case, or a
    name before "The", "It" ...). An article that opens a name ("An Mei") opens no sentence."""
    rules = _words()
    plain = before.rstrip(_CLOSING)
    if word not in rules.glue_openers or not plain.isalpha() or plain.lower() in rules.no_cut_after:
        return False
    if word in rules.articles and after[:1].isupper():
        return False
    return plain.islower() or (word in rules.glue_after_name and plain.istitle())


def _head_pieces(
    head: str, title: str | None, number: int, words_of: tuple[frozenset[str], frozenset[str]], glued: bool
) -> tuple[list[Line], str | None]:
    """The head's lines. Before a page's stamp: a headline (the title, unless one was given), then
    a standfirst; the headline ends where a capitalised word follows a word in lower case, a word
    the article's sentences write in lower case and never capitalise inside them (``words_of``:
    :func:`article_words`), not a name.
    A head ``glued`` to its lead without a stamp may be a photo's caption as well as a headline:
    a standfirst (dek), or a caption when it is a sentence with "is", "have" (not headlinese)."""
    rules = _words()
    names, common = words_of
    words = head.split()
    cuts = [
        i
        for i in range(_MIN_HEAD_WORDS, len(words) - 1)
        if words[i][:1].isupper()
        and words[i].rstrip(_CLOSING).isalpha()
        and words[i].rstrip(_CLOSING) not in names
        and (words[i].lower() in common or words[i] in rules.glue_openers)
        and words[i - 1].isalpha()
        and words[i - 1].islower()
        and words[i - 1] not in rules.no_cut_after
    ]
    out: list[Line] = []
    if glued:  # a headline, a caption: each piece where a sentence opener is glued on
        glued_at = [i for i in range(1, len(words)) if _glued(words[i - 1], words[i], "".join(words[i + 1 : i + 2]))]
        bounds = [0, *glued_at, len(words)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            text = " ".join(words[a:b])
            if _is_caption(text):
                out.append(Line(number, text, "dropped", "caption"))
            else:
                out.append(Line(number, text, "dek" if b - a >= _MIN_DEK_WORDS else "heading"))
        return out, title
    rest = words
    if title is None:
        for cut in [c for c in cuts if c <= _MAX_TITLE_WORDS and len(words) - c >= _MIN_DEK_WORDS] + [len(words)]:
            candidate = " ".join(words[:cut])
            if _headline(candidate):
                out.append(Line(number, candidate, "title"))
                title, rest = candidate, words[cut:]
                break
    if rest:
        out.append(Line(number, " ".join(rest), "dek" if len(rest) >= _MIN_DEK_WORDS else "heading"))
    return out, title


def article_words(lines: list[Line]) -> tuple[frozenset[str], frozenset[str]]:
    """The words of an article's sentences: those capitalised inside them (names, not sentence
    openers) and those written in lower case."""
    names: set[str] = set()
    common: set[str] = set()
    for line in lines:
        words = line.text.split()
        for before, word in zip(["."] + words, words, strict=False):
            plain = word.strip("\"“”‘’'(),.;:!?")
            if not plain.isalpha():
                continue
            if plain.islower():
                common.add(plain)
            elif plain[:1].isupper() and not before.endswith((".", "!", "?", ":", '"', "”")):
                names.add(plain)
    return frozenset(names), frozenset(common)


def _headline(text: str) -> bool:
    words = text.split()
    return _MIN_HEAD_WORDS <= len(words) <= _MAX_TITLE_WORDS and title_problem(text) is None


def _is_caption(text: str) -> bool:
    """A sentence with a finite form of "be" or "have": a caption's, not a headline's."""
    verbs = _words().caption_verbs
    return any(w.lower().strip(".,;:'’\"“”") in verbs for w in text.split())


def _credit_end(text: str) -> int:
    """Where a photo credit opening ``text`` ends ("Photograph: Jane Roe/Agency Lead ..."): after its
    last word joined by a slash (and "Images"), else after the one name that follows the label; 0
    when the text does not open with a credit or nothing follows it."""
    rules = _words()
    label = rules.credit.match(text)
    if label is None:
        return 0
    tokens = list(re.finditer(r"\S+", text[label.end() :]))[: _CREDIT_WORDS + 1]
    slashed = [k for k, t in enumerate(tokens[:_CREDIT_WORDS]) if "/" in t.group(0)]
    if slashed:
        last = slashed[-1]
    elif label.group(0).rstrip().endswith(":"):  # no slash: the name up to a sentence opener
        opener = [k for k, t in enumerate(tokens[1:_CREDIT_OPENER], 1) if t.group(0) in rules.glue_openers]
        if not opener:
            return 0
        last = opener[0] - 1
    else:
        return 0  # "Photograph by ...", a sentence about a photograph
    if last + 1 < len(tokens) and rules.credit_tail.match(tokens[last + 1].group(0)):
        last += 1
    if last + 1 >= len(tokens):
        return 0
    return label.end() + tokens[last].end()


def _cut_credit(lines: list[Line], line: Line) -> None:
    end = _credit_end(line.text)
    pos = next(i for i, ln in enumerate(lines) if ln is line)
    lines.insert(pos, Line(line.number, line.text[:end].strip(), "dropped", "caption"))
    line.text = line.text[end:].strip()
