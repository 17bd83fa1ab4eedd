"""Reader comments: their headers, found by what a header does, and the comment section they open.

A header gives a comment's time stamp (:mod:`newsweave.clean.stamps`) with what a comment system
writes next to it: a handle and a verb of writing ("At 7:25 pm on 15 Aug 2013, HANDLE wrote:",
"HANDLE said, on August 3, 2019 at 3:12 pm"), reply or report links after it ("October 4, 2012 at
12:43 am | Reply"), a "Posted by: HANDLE |" before it; or, without a stamp, a handle with digits
or underscores and a verb of writing ("HANDLE_99 wrote:"). A moderator's notice ("This comment was
removed ...") stands in comment sections too. The words are rule data
(``rules/boilerplate_en.json``, ``comments``); no rule names a site.

Comment sections come last on a page, and their comments carry no mark but their headers: from
the first header sure of itself (a stamp with a handle or links), else from the first of at least
:data:`MIN_EVIDENCE` stamps alone or notices (a notice among them), to the end, every line is a
comment (:func:`drop_comments`). Text before a header that opens a comment ("... last sentence. At 2:10 pm
on ..., HANDLE wrote: ...") stays the article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsweave.clean.rule_files import boilerplate_rules
from newsweave.clean.stamps import carries_sentence, find_stamps, opens_sentence
from newsweave.records import Line

MIN_EVIDENCE = 2  # headers or notices that make a comment section
_HEADING_LINES = 3  # lines before the first header where the section's heading may stand
_HEADING_WORDS = 12
_MIN_HANDLE = 4  # characters of a handle that has no stamp beside it
_MIN_COMMENT_WORDS = 3  # words after a stamp alone: a comment's text
_HEAD_LINES = 3  # a stamp alone on one of an article's first lines is the page's, not a comment's


@dataclass(frozen=True)
class _Patterns:
    verb_after: re.Pattern[str]  # ", HANDLE wrote:" right after a stamp
    verb_before: re.Pattern[str]  # "HANDLE said, on " right before a stamp
    link_after: re.Pattern[str]  # "| Reply" right after a stamp
    posted_by: re.Pattern[str]  # "Posted by: HANDLE | " right before a stamp
    lead_words: re.Pattern[str]  # "At " before a stamp that opens a header
    handle_verb: re.Pattern[str]  # "HANDLE_99 wrote:" (no stamp)
    notice: re.Pattern[str]
    notice_hints: tuple[str, ...]  # one of them is in every notice (lower case)
    headings: re.Pattern[str]
    prose_words: frozenset[str]  # a "handle" opening with one, or after one, is a sentence's subject


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = boilerplate_rules()
    rules = data["comments"]
    verbs = "(?:" + "|".join(re.escape(v) for v in rules["verbs"]) + ")"
    links = "(?:" + "|".join(re.escape(v) for v in rules["links"]) + ")"
    handle = r"[^\s,.;:!?]+(?:\s+[^\s,.;:!?]+){0,2}"

    def joined(patterns: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)

    return _Patterns(
        verb_after=re.compile(rf"\s*,?\s*{handle}\s+{verbs}\s*:", re.IGNORECASE),
        verb_before=re.compile(rf"(?<![\w@])[^\s,.;:!?]+\s+{verbs},\s+(?:on\s+)?$", re.IGNORECASE),
        link_after=re.compile(rf"\s*[|·•]\s*{links}\b", re.IGNORECASE),
        posted_by=re.compile(rules["posted_by"], re.IGNORECASE),
        lead_words=re.compile(rules["lead_words"], re.IGNORECASE),
        handle_verb=re.compile(rf"(?<![\w@])[A-Za-z][\w.-]*[\d_][\w.-]*\s+{verbs}\s*:(?=\s|$)", re.IGNORECASE),
        notice=joined(rules["notices"]),
        notice_hints=tuple(rules["notice_hints"]),
        headings=joined(rules["section_headings"]),
        prose_words=frozenset(rules["prose_words"]),
    )


@dataclass(frozen=True)
class Header:
    start: int  # where the header starts in its line
    leading: bool  # the comment's text follows it (else it closes the comment before it)
    sure: bool  # a stamp with a handle or links: one is enough to open a comment section


def comment_header(text: str) -> Header | None:
    """The first comment header in a line, if it has one. A stamp alone with a sentence after it
    ("11th May 2015 - 18:05 Thoughts with everyone ...") is one, not sure of itself: a page's own
    stamp opens its first line that way, and a blog's stamp each of its posts."""
    patterns = _patterns()
    alone: Header | None = None  # the first stamp alone, unless a header sure of itself follows
    for stamp in find_stamps(text):
        before = text[: stamp.start]
        lead = patterns.lead_words.search(before)
        opening = lead.start() if lead else stamp.start
        if (after_stamp := patterns.verb_after.match(text, stamp.end)) and not _prose(after_stamp.group(0), ""):
            return Header(opening, True, True)
        if (by := patterns.verb_before.search(before)) and not _prose(by.group(0), before[: by.start()]):
            return Header(by.start(), True, True)
        if posted := patterns.posted_by.search(before):
            return Header(posted.start(), False, True)
        if patterns.link_after.match(text, stamp.end):
            return Header(stamp.start, False, True)
        after = text[stamp.end :].lstrip(" -–—|:")
        words = before.split()
        carried = bool(words) and carries_sentence(words[-1])  # "... at 16:53 on 2 June 2012"
        if alone is None and not carried and len(after.split()) >= _MIN_COMMENT_WORDS and opens_sentence(after):
            alone = Header(opening, True, False)
    if alone is not None:
        return alone
    handle = patterns.handle_verb.search(text) if ":" in text else None
    if handle and len(handle.group(0).split()[0]) >= _MIN_HANDLE:
        return Header(handle.start(), True, False)
    return None


def _prose(handle: str, before: str) -> bool:
    """Whether the words taken for a handle and a verb of writing are a sentence's subject and
    verb: the first word is a determiner, a pronoun or a common subject noun ("the pilot said:"),
    or the word before them is ("The spokesman said, on ...")."""
    words = handle.strip(" ,").split()
    preceding = before.split()[-1:] if before.strip() else []
    prose = _patterns().prose_words
    return bool(words) and words[0].lower() in prose or bool(preceding) and preceding[0].lower() in prose


def is_notice(text: str) -> bool:
    """A moderator's notice in place of a comment."""
    lower = text.lower()
    return any(hint in lower for hint in _patterns().notice_hints) and _patterns().notice.search(text) is not None


def drop_comments(lines: list[Line]) -> int:
    """Mark a comment section as dropped lines (reason ``comment``); return how many lines it
    drops. The section starts at the first header sure of itself (a stamp with a handle and a
    verb of writing, or with links); without one, at the first stamp alone or notice, when there
    are :data:`MIN_EVIDENCE` of them and a notice among them (stamps alone also open a blog's
    posts). A header that opens a comment inside a line splits it (the text before it stays), one
    that closes a comment takes its line. The section's heading ("12 comments"), on one of the few
    lines before it, goes with it; a moderator's notice goes wherever it stands."""
    evidence: list[tuple[int, Header | None]] = []
    notices: list[Line] = []
    for pos, line in enumerate(lines):
        header = comment_header(line.text)
        if header is not None and not header.sure and pos < _HEAD_LINES:
            header = None  # the page's stamp before its lead
        if is_notice(line.text):
            notices.append(line)
        if header is not None or (notices and notices[-1] is line):
            evidence.append((pos, header))
    sure_at = [p for p, h in evidence if h is not None and h.sure]
    if len(sure_at) == 1 and len(evidence) == 1 and not notices and sure_at[0] < len(lines) // 2:
        # one header alone in the first half: a sentence shaped like one, not a comment section
        # (a page's comments come after its article)
        evidence = []
    sure = any(h is not None and h.sure for _, h in evidence)
    if (not sure and not notices) or (len(evidence) < MIN_EVIDENCE and not sure):
        # stamps alone stand before a blog's posts as well as before comments
        return _drop(notices)  # a moderator's notice is never the article's
    # where headers sure of themselves stand, the section starts at the first of them (a blog's
    # post opens with a stamp alone); else at the first stamp or notice
    first, header = next(((p, h) for p, h in evidence if h is not None and h.sure), evidence[0])
    line = lines[first]
    if header is not None and header.leading and line.text[: header.start].strip():
        kept = Line(line.number, line.text[: header.start].rstrip(), line.kind, line.reason, line.score)
        line.text = line.text[header.start :]
        lines.insert(first, kept)
        first += 1
    start = first
    for pos in range(first - 1, max(first - 1 - _HEADING_LINES, -1), -1):
        text = lines[pos].text
        if len(text.split()) <= _HEADING_WORDS and _patterns().headings.search(text):
            start = pos
    return _drop(lines[start:]) + _drop(notices)


def _drop(lines: list[Line]) -> int:
    dropped = 0
    for line in lines:
        if line.kind != "dropped":
            line.kind, line.reason = "dropped", "comment"
            dropped += 1
    return dropped
