"""Clean stage: keep exactly the article — title, standfirst, headings and body lines.

Every input line is kept with a kind (title, dek, heading, body, dropped) and, when
dropped, the reason; the raw text stays untouched so nothing is lost. The line rules are in
:mod:`newsweave.clean.line_rules` (their data in ``rules/boilerplate_*.json``), the text's
normalisation in :mod:`newsweave.clean.normalise`; this module assembles the article.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

from newsweave.clean.choice import choose_text
from newsweave.clean.comments import drop_comments
from newsweave.clean.glued_head import split_glued_head
from newsweave.clean.language import LanguageIdentifier, default_identifier
from newsweave.clean.line_model import LineModel, load_line_model
from newsweave.clean.line_rules import (
    TERMINAL,
    dominant_script,
    line_evidence,
    looks_like_heading,
    looks_like_title,
    max_line_chars,
)
from newsweave.clean.normalise import content_hash, folded, normalise_text, numbered_lines
from newsweave.clean.rule_files import boilerplate_rules
from newsweave.clean.untokenise import looks_tokenised, untokenise
from newsweave.config import CleanSettings
from newsweave.records import Article, Line, LineKind, RawArticle, stage
from newsweave.text.dates import infer_published
from newsweave.text.headline_rules import is_stamp, title_problem
from newsweave.text.ids import stable_id

# LONDON, WASHINGTON, May 3; a wire's date after the place: NEW YORK May 7 (Reuters) -
_PLACE = (
    r"[A-Z][A-Z.'’/\- ]{1,40}(?:,\s*[A-Z][A-Za-z0-9.\- ]{1,30})?"
    r"(?:,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?=\s*\())?"
)
_AGENCY = r"\([A-Za-z&.\- ]{1,24}\)"
_DATELINE = re.compile(rf"^(?P<dl>{_PLACE}\s*(?:{_AGENCY})?\s*(?:_|--|—|–|-)\s+)(?=\S)")
# ... with its agency, as a wire's dateline opens a paragraph after a standfirst sentence
_WIRE_DATELINE = re.compile(rf"^(?P<dl>{_PLACE}\s*{_AGENCY}\s*(?:_|--|—|–|-)\s+)(?=\S)")
_WIRE_DATELINE_LINES = 3  # the body lines a wire dateline may open
# A page's time stamp: a date with its month named and its year, and a clock time, in either
# order ("Wed May 26, 2010 7:46 pm EDT", "7:46 PM ET, May 26, 2010"); a date before the clock
# may leave out its year ("Wed, Dec 15 6:14 PM EST"). Before a dateline at the start of an
# article's first line, it is the page's header, not the article's prose.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
_DAY = _WEEKDAY + _MONTH + r"\s+\d{1,2},?\s+\d{4}"
_DAY_OR_YEARLESS = _WEEKDAY + _MONTH + r"\s+\d{1,2}(?:,?\s+\d{4})?"
_CLOCK = r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+(?-i:[A-Z]{1,5})\b)?"
_STAMP = re.compile(
    rf"(?:{_DAY_OR_YEARLESS},?\s+(?:at\s+)?{_CLOCK}|{_CLOCK},?\s+(?:on\s+)?{_DAY})\s*(?:[|/–—-]\s*)?",
    re.IGNORECASE,
)
_STAMP_REACH = 160  # characters of a first line within which a header's stamp starts
# after a page header's stamp, a dateline where the match starts, or the agency alone
_DATELINE_AT = re.compile(rf"(?P<dl>(?:{_PLACE}\s*(?:{_AGENCY})?|{_AGENCY})\s*(?:_|--|—|–|-)\s+)(?=\S)")
# A wire dateline with its agency further into the first line ("* Bullet * Bullet By Jane Roe
# PLACE, May 3 (Agency) - Lead"): what comes before it is not the article's prose
_DATELINE_INSIDE = re.compile(rf"(?<!\w)\s*(?P<dl>{_PLACE}\s*{_AGENCY}\s*(?:_|--|—|–|-)\s+)(?=[A-Z0-9$\"“‘'])")
# what may stand before it: bullets, a byline, an editor's note in brackets ("(Adds quotes)"), a
# page header's separator or clock time ("Sept 21 | Wed Sep 21, 2011 5:53 pm BST")
_BEFORE_DATELINE = re.compile(r"[*•|]|\bBy\s+[A-Z]|\)\s*$|\b\d{1,2}[:.]\d{2}\b")
_DATELINE_REACH = 400  # characters of the first line searched for it
_PLACE_END = re.compile(r"\s*[(,]|\s+(?:_|--|—|–|-)\s")  # where a dateline's place ends
_HEADER_LINES = 3  # body lines a page header with a time stamp may stand on (captions before it)
_LEAD_AFTER_HEADER = 20  # characters after a dropped byline line's page header that make it a lead
_SENTENCE_END = re.compile(r"[.!?…:][\"”’'»)\]]*\s*$")
_MAX_HEAD = 4
_MAX_TITLE_WORDS = 20
_MIN_DEK_WORDS = 8
# the reasons of the classifier's own drops (a sentence among them may be restored)
_CLASSIFIER_REASONS = frozenset({"classifier", "fringe"})
_BLOCK_REASONS = frozenset({"promotion", "footer", "other-language", "cookie", "related", "menu"}) | _CLASSIFIER_REASONS


@stage(requires=("raw",), assigns=("articles",))
def clean_article(
    raw: RawArticle,
    max_chars: int = 200_000,
    identifier: LanguageIdentifier | None = None,
    fringe_threshold: float = CleanSettings.html_fringe_threshold,
) -> Article:
    """Classify every line of one raw article and build the :class:`Article`.

    Each line gets the line classifier's probability of being boilerplate (``Line.score``, see
    :mod:`newsweave.clean.line_model`), from its features and its neighbours'; a line at or above the
    model's threshold is dropped as ``classifier``. Of an HTML page with trafilatura's text
    favouring precision (``core_text``), a line only the recall text has is dropped at the model's
    ``threshold_doubtful`` (a sentence among them at the page's threshold: :func:`_drop_threshold`),
    a line of the precise text at ``threshold_core`` (shipped above 1:
    never), and a line of the precise text is dropped only by the phrase rules, not by its shape
    (``SHAPE_REASONS``) nor for its language. A line only the recall text has that is not a
    sentence and lies outside the span of the precise text's lines is dropped at
    ``fringe_threshold`` (``CleanSettings.html_fringe_threshold``; shipped 0: always: the precise
    pass bounds the article), as ``fringe``. The page's standfirst found by its description
    (``RawArticle.lead``, the text's first line) is trusted as a line of the precise text and
    kept as the dek. The rules of ``rules/boilerplate_*.json`` are
    features of the classifier and also drop a line outright (their reason), as do another
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
    article_script = dominant_script(text)
    normalised = normalise_text(text)
    language = identifier.identify(normalised).code
    numbered = numbered_lines(normalised)
    texts = [t for _, t in numbered]
    reasons, features = line_evidence(texts, language, article_script, raw.is_html)
    model = load_line_model()
    scores = model.boilerplate_probability(features) if model else np.zeros(len(texts))
    threshold = (model.threshold_html if raw.is_html else model.threshold) if model else 1.1
    core = f" {folded(raw.core_text)} " if raw.is_html and raw.core_text else ""
    in_core = [bool(core) and f" {folded(t)} " in core for t in texts]
    sure_at = [i for i, sure in enumerate(in_core) if sure]
    lead = [folded(t) for t in raw.lead.split("\n")] if raw.is_html and raw.lead else []
    has_lead = bool(lead) and [folded(t) for t in texts[: len(lead)]] == lead
    for pos in range(len(lead) if has_lead else 0):
        in_core[pos] = True  # the page's standfirst, found by its description (outside the span)
    span = range(sure_at[0], sure_at[-1] + 1) if sure_at else range(len(texts))
    max_chars_line = max_line_chars()
    lines: list[Line] = []
    for pos, ((number, stripped), reason, score, sure) in enumerate(
        zip(numbered, reasons, scores.tolist(), in_core, strict=True)
    ):
        score = round(score, 3)
        if sure and reason in SHAPE_REASONS:  # trafilatura is sure of it: only phrase rules drop it
            reason = None
        prose = bool(core) and not sure and is_prose(stripped)  # only then does the threshold depend on it
        drop_at = _drop_threshold(model, threshold, bool(core), sure, prose)
        if reason is None and score >= drop_at:
            reason = "classifier"
        if reason is None and core and not sure and not prose and pos not in span and score >= fringe_threshold:
            reason = "fringe"  # only the recall pass found it, beyond what the precise pass bounds
        if reason is None and not sure and len(stripped) <= max_chars_line:
            foreign = identifier.foreign_line(stripped, language)
            reason = f"other-language:{foreign}" if foreign else None
        kind: LineKind = "dropped" if reason else "body"
        lines.append(Line(number, stripped, kind, reason, score))
    _keep_closing_sentences(lines)
    _keep_mixed_language(lines)
    _drop_menu_runs(lines)
    _drop_related_lists(lines)
    drop_comments(lines)
    title = raw.title.strip() if raw.title else None
    if title and looks_tokenised(text):
        title = untokenise(title)  # as the text (normalise_text)
    for line in lines[: len(lead) if has_lead else 0]:
        line.kind = "dek" if line.kind == "body" else line.kind
    _restore_bylined_header(lines)
    wrapped = hard_wrapped(lines)  # read once: whether lines carry on into capitalised ones
    if not raw.is_html:
        title = split_glued_head(lines, title, wrapped, language, _wire_header)
        title = _mark_head(lines, title, wrapped)
    _drop_before_stamped_header(lines)
    headline = _mark_headings_and_dateline(lines, wrapped)
    if title is None and headline:
        first = next(i for i, ln in enumerate(lines) if ln.reason == "dateline")
        lines.insert(first, Line(lines[first].number, headline, "title", None))
        title = headline
    _mark_boilerplate_tail(lines)
    body = [ln.text for ln in lines if ln.kind == "body"]
    chash = content_hash(body)
    article_id = raw.id or stable_id(raw.url or "", chash)
    published, source, evidence = raw.published, "record" if raw.published else None, []
    if published is None:  # a dateline, dropped from the text, still dates it
        kept = [ln.text for ln in lines if ln.kind != "dropped" or ln.reason == "dateline"]
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
        if line.reason not in _CLASSIFIER_REASONS or pos == 0 or lines[pos - 1].kind != "body":
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
            if line is not None and len(line.text.split()) <= _MENU_WORDS and not line.text.endswith(TERMINAL):
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


# a head line of date and time, a byline, a caption or an address is never the title
_NOT_TITLES = frozenset({"dateline", "byline", "caption", "id"})
_MIN_TITLE_WORDS = 4
_MAX_HEADLINE_WORDS = 14
_WRAP_WIDTH = 100  # hard-wrapped text: nine lines in ten at most this long ...
_WRAP_MIN_LINES = 6  # ... of at least this many lines


def _mark_head(lines: list[Line], title: str | None, wrapped: bool) -> str | None:
    """Title and standfirst among the kept lines before the first paragraph of prose.

    The first headline-like line of four to fourteen words is the title, else the shortest (unless
    the source gave one; never a line of date and time, a byline or a caption); the other head
    lines of eight words or more are standfirsts (dek), shorter ones headings. A head needs
    prose after it, and more than ``_MAX_HEAD`` lines means there is no head to find.
    """
    kept = [ln for ln in lines if ln.kind != "dropped"]

    def opens_body(i: int, text: str) -> bool:
        # prose, a line carried on by the next, or a lead opening with a dateline ("PLACE May 7 -")
        lead = len(text.split()) >= _MIN_DEK_WORDS and title_problem(text) == "dateline" and not is_stamp(text)
        return is_prose(text) or _continues(kept[i], kept[i + 1 : i + 2], wrapped) or lead

    first_prose = next((i for i, ln in enumerate(kept) if opens_body(i, ln.text)), None)
    if not first_prose or first_prose > _MAX_HEAD:
        return title
    head = kept[:first_prose]
    if title is None:
        candidates = [
            ln
            for ln in head
            if ln.kind == "body"  # a head part a glued first line was cut into has its kind
            and looks_like_title(ln.text)
            and len(ln.text.split()) <= _MAX_TITLE_WORDS
            and title_problem(ln.text) not in _NOT_TITLES
        ]
        if candidates:
            # the first line of a headline's length (a kicker is shorter, a standfirst longer), else the shortest
            full = [ln for ln in candidates if _MIN_TITLE_WORDS <= len(ln.text.split()) <= _MAX_HEADLINE_WORDS]
            chosen = full[0] if full else min(candidates, key=lambda ln: (len(ln.text.split()), ln.number))
            chosen.kind = "title"
            title = chosen.text
    for line in head:
        if line.kind == "body" and is_stamp(line.text):
            line.kind, line.reason = "dropped", "dateline"  # the page's date and time (still read for dating)
        elif line.kind == "body":
            line.kind = "dek" if len(line.text.split()) >= _MIN_DEK_WORDS else "heading"
    return title


def hard_wrapped(lines: list[Line]) -> bool:
    """Whether the text is hard-wrapped: its paragraphs broken into lines of a fixed width, so
    that most of its longer lines stop short of the width without ending a sentence. Text with a
    paragraph a line (a headline, a date, then paragraphs of hundreds of characters) is not."""
    kept = [ln.text for ln in lines if ln.kind != "dropped"]
    lengths = sorted(len(text) for text in kept)
    if len(kept) < _WRAP_MIN_LINES or lengths[int(0.9 * (len(lengths) - 1))] > _WRAP_WIDTH:
        return False
    longer = [text for text in kept if len(text) >= _WRAP_WIDTH // 2]
    open_ended = sum(_SENTENCE_END.search(text) is None for text in longer)
    return bool(longer) and open_ended >= len(longer) / 2


def _continues(line: Line, following: list[Line], wrapped: bool = True) -> bool:
    """Whether the next line carries on this one's sentence: it opens in lower case, or the text
    is hard-``wrapped``, this line stops on a word and the next (a capitalised name may open it) is
    no line of date and time."""
    if not following or _SENTENCE_END.search(line.text):
        return False
    nxt = following[0].text
    if nxt[:1].islower():
        return True
    return wrapped and line.text[-1:].isalpha() and following[0].number == line.number + 1 and not is_stamp(nxt)


def _mark_headings_and_dateline(lines: list[Line], wrapped: bool) -> str | None:
    """Headings inside the body; a dateline (``LONDON (AP) _``) split off the first body line,
    with the page header before it when a time stamp ends that header (``HOUSTON | Wed May 26,
    2010 7:46 pm EDT HOUSTON (Reuters) -``). Returns the headline such a header opens with, when
    it has one (``Headline words HOUSTON | stamp HOUSTON (Reuters) -``: the words before the
    place the dateline repeats)."""
    seen_body = False
    body_lines = 0
    headline = None
    pos = -1
    while pos + 1 < len(lines):  # lines are inserted as it goes: each is seen once
        pos += 1
        line = lines[pos]
        if line.kind != "body":
            continue
        following = [ln for ln in lines[pos + 1 : pos + 2] if ln.kind != "dropped"]
        body_lines += 1
        wire = _WIRE_DATELINE.match(line.text) if seen_body and body_lines <= _WIRE_DATELINE_LINES else None
        if wire and len(line.text) > wire.end("dl") + 20:
            # a standfirst sentence came first: the wire's dateline opens the next paragraph
            lines.insert(pos, Line(line.number, line.text[: wire.end("dl")].strip(), "dropped", "dateline"))
            line.text = line.text[wire.end("dl") :]
            pos += 1
            continue
        if seen_body and looks_like_heading(line.text) and not _continues(line, following, wrapped):
            line.kind = "heading"
            continue
        if not seen_body:
            header, headline = _stamped_header(line.text)
            match = (_DATELINE_AT if header else _DATELINE).match(line.text, header)
            inside = None if match or header else _DATELINE_INSIDE.search(line.text, 1, _DATELINE_REACH)
            before = line.text[: inside.start("dl")].rstrip() if inside else ""
            if (
                inside
                and _BEFORE_DATELINE.search(before)
                and not before.endswith(",")
                and len(line.text) > inside.end("dl") + 20
            ):
                # wire copy's bullets, byline or editor's note before its dateline: not the article's prose
                line.text = line.text[inside.start("dl") :]
                lines.insert(pos, Line(line.number, before.strip(), "dropped", "before-dateline"))
                pos += 1
                match = _DATELINE.match(line.text)
            if match and len(line.text) > match.end("dl") + 20:
                lines.insert(pos, Line(line.number, line.text[: match.end("dl")].strip(), "dropped", "dateline"))
                line.text = line.text[match.end("dl") :]
                pos += 1
            else:
                headline = None
        seen_body = True
    return headline


def _wire_header(text: str) -> bool:
    """Whether a line opens with a wire's dateline or holds a page header before one (they are
    split by :func:`_mark_headings_and_dateline`)."""
    return bool(_stamped_header(text)[0] or _DATELINE.match(text) or _DATELINE_INSIDE.search(text, 1, _DATELINE_REACH))


def _restore_bylined_header(lines: list[Line]) -> None:
    """A first line the byline rule dropped whole that is a page header with a time stamp and a
    dateline, the article's lead after it ("By Jane Roe PLACE | stamp PLACE (Agency) - Lead …"),
    is kept: the header goes with the dateline (:func:`_mark_headings_and_dateline`), the lead stays."""
    seen = 0
    for line in lines:
        if seen >= _HEADER_LINES:
            return
        if line.kind == "body":
            seen += 1
        elif line.reason == "contributor":
            end = _stamped_header(line.text)[0]
            if end and len(line.text) > end + _LEAD_AFTER_HEADER:
                line.kind, line.reason = "body", None
                return


def _drop_before_stamped_header(lines: list[Line]) -> None:
    """Body lines before a page header with a time stamp and a dateline, on one of the first
    :data:`_HEADER_LINES` body lines, are not the article (a photo's caption, a teaser): the
    dateline is where the article starts."""
    body = [i for i, ln in enumerate(lines) if ln.kind == "body"][:_HEADER_LINES]
    for k, i in enumerate(body[1:], start=1):
        if _stamped_header(lines[i].text)[0]:
            for j in body[:k]:
                lines[j].kind, lines[j].reason = "dropped", "before-dateline"
            return


def _stamped_header(text: str) -> tuple[int, str | None]:
    """Where a page header that ends with a time stamp ends in a first line (0: none), and the
    headline it opens with: the words before ``PLACE |`` when the dateline after the stamp begins
    with that same place."""
    stamp = _STAMP.search(text, 0, _STAMP_REACH + 60)
    if stamp is None or stamp.start() > _STAMP_REACH:
        return 0, None
    before = text[: stamp.start()].rstrip(" |/–—-")
    byline = _header_rules()["byline_after_stamp"].match(text, stamp.end())  # "… EST By Jane Roe PLACE (…) -"
    end = byline.end() if byline else stamp.end()
    dateline = _DATELINE_AT.match(text, end)
    if dateline is None:
        return 0, None
    place = _PLACE_END.split(text[end : dateline.end("dl")], maxsplit=1)[0].strip()
    headline = _header_headline(before[: -len(place)]) if place and before.endswith(place) else ""
    words = len(headline.split())
    return end, headline if 3 <= words <= _MAX_TITLE_WORDS else None


@lru_cache(maxsize=1)
def _header_rules() -> dict[str, re.Pattern[str]]:
    data = boilerplate_rules()
    return {k: re.compile(v) for k, v in data["page_header"].items() if not k.startswith("about")}


def _header_headline(text: str) -> str:
    """The headline in the text a page header has before its place: after the last link label
    ("Full Article"), before a byline; none where a photo credit stands."""
    rules = _header_rules()
    text = rules["link_label"].split(text.strip())[-1]
    text = rules["byline"].sub("", text).strip()
    return "" if rules["credit"].search(text) else text


def _mark_boilerplate_tail(lines: list[Line]) -> None:
    """At the end of an article, the last body line, when it stands between two boilerplate lines
    of the kind that runs in blocks (promotion, footer, other language), is part of that block."""
    last = max((i for i, ln in enumerate(lines) if ln.kind == "body"), default=-1)
    if not 0 < last < len(lines) - 1:
        return
    line, before, after = lines[last], lines[last - 1], lines[last + 1]
    if _blocky(before) and _blocky(after) and len(line.text) <= max_line_chars():
        line.kind, line.reason = "dropped", (before.reason or "").split(":")[0]


def _blocky(line: Line) -> bool:
    return line.kind == "dropped" and (line.reason or "").split(":")[0] in _BLOCK_REASONS


def line_key(text: str) -> str:
    """A key for a line that ignores case, spacing and punctuation (for counting repeats)."""
    return hashlib.sha1(folded(text).encode("utf-8")).hexdigest()[:16]


def countable_line_keys(article: Article) -> set[str]:
    """Keys of the article's kept lines short enough to be boilerplate (each counted once)."""
    return {line_key(ln.text) for ln in article.lines if ln.kind != "dropped" and len(ln.text) <= max_line_chars()}


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
        if line.kind == "dropped" or len(line.text) > max_line_chars():
            continue
        n = counts.get(line_key(line.text), 0)
        needed = min_articles if len(line.text.split()) <= 25 else max(min_articles, 5)
        if n >= needed and n >= min_share * outlet_articles:
            line.kind, line.reason = "dropped", "recurring"
            dropped += 1
    return dropped
