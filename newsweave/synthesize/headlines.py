"""Headlines for events and stories: judge candidate titles, clean them, or build one from the text.

Pure functions over the data passed in (no store, no model). Rule data (dateline, byline, caption
and slug patterns, word lists) lives in ``rules/headlines_en.json``, apart from this logic.

>>> choose_headline([("Council approves new bridge | Example Gazette", 0.9)], [])
'Council approves new bridge'
>>> title_problem("By Jane Doe, Example News, Springfield")
'byline'
>>> headline_from_text(["SPRINGFIELD (AP) -- The city council approved a new bridge on Monday, officials said."])
'The city council approved a new bridge'
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import chain
from typing import Any

from newsweave.text.parse import Parse

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NO_VOWEL = re.compile(r"^[^AEIOUY]+$")
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "our"})
_OPEN_END = ("…", "...", ",", ";", ":", "(", "[", "/", "&", "-", "–", "—", "“", "‘")


@lru_cache(maxsize=2)
def _rules(name: str = "headlines_en.json") -> dict[str, Any]:
    """The rule file: patterns expanded ({MONTH}, {AGENCY}, ...) and compiled, word lists as sets."""
    data = json.loads(resources.files("newsweave.rules").joinpath(name).read_text("utf-8"))
    names = dict(data["names"], GLUE="(?:" + "|".join(data["words"]["glue_openers"]) + ")")

    def compiled(pattern: str) -> re.Pattern[str]:
        while "{" in pattern and any("{" + key + "}" in pattern for key in names):
            for key, value in names.items():
                pattern = pattern.replace("{" + key + "}", value)
        return re.compile(pattern)

    out: dict[str, Any] = {"limits": data["limits"]}
    for key, value in data["patterns"].items():
        out[key] = [compiled(p) for p in value] if isinstance(value, list) else compiled(value)
    out.update({key: frozenset(value) for key, value in data["words"].items()})
    return out


def _any(key: str, text: str) -> bool:
    return any(p.search(text) for p in _rules()[key])


def _normalise(text: str) -> str:
    """White space collapsed (text tokenised the PTB way comes joined back from the clean stage:
    :mod:`newsweave.clean.untokenise`)."""
    return " ".join(text.split())


def _timestamp_end(text: str) -> int:
    """Length of a leading run of date and time ("Monday 13 September 2010 19.48 BST "), else 0: two
    tokens or a numeric date, one dated (month, clock, year), then the end, a capital or a quote."""
    rules = _rules()
    pos, count, dated, best = 0, 0, False, 0
    while match := rules["timestamp"].match(text, pos):
        pos, count = match.end(), count + 1
        dated = dated or bool(rules["dated"].match(match.group(1)))
        whole = count >= 2 or rules["numeric_date"].match(match.group(1))
        if whole and dated and (pos == len(text) or text[pos].isupper() or text[pos] in '"“‘'):
            best = pos
    return best


def is_stamp(text: str) -> bool:
    """A line of date and time, however worded: "First Published: June 13, 2013 4:59 PM EDT",
    "Updated 4:08 p. m. ET", "WASHINGTON, DC, April 28, 2009", "Mumbai, Nov 11 -". It holds a
    digit, and ``stamp_share`` or more of its (at most ``stamp_max_words``) words are numbers,
    month and day names or the words stamps are made of (``stamp_words``: updated, posted, GMT)."""
    rules, limits = _rules(), _rules()["limits"]
    words = re.findall(r"[^\W_]+(?:[:./][^\W_]+)*", text)
    if not words or len(words) > limits["stamp_max_words"] or not any(ch.isdigit() for ch in text):
        return False
    # a stamp names a month or a weekday, or gives a clock time or a date with its year: "9/11: 10
    # years on" and "Day 3 of the trial" are headlines
    anchored = any(w.lower().rstrip(".") in rules["stamp_anchors"] for w in words) or bool(
        re.search(r"(?<![/\d])\d{1,2} ?[:.] ?\d{2}(?!\d)|\b\d{1,2} ?/ ?\d{1,2} ?/ ?\d{2,4}\b", text)
    )
    if not anchored:
        return False
    dateish = sum(
        w[:1].isdigit() or w.lower() in rules["time_words"] or w.lower() in rules["stamp_words"] for w in words
    )
    return dateish >= limits["stamp_share"] * len(words)


def _strip_front(text: str) -> str:
    """Remove leading datelines, timestamps, kickers and bylines that end clearly."""
    rules = _rules()
    for _ in range(6):
        before = text
        for pattern in (*rules["datelines"], rules["byline_pipe"], rules["kickers"]):
            text = pattern.sub("", text, count=1)
        text = text[_timestamp_end(text) :].lstrip(" ,|:-–—_")
        for pattern in rules["byline_lead"]:
            if (byline := pattern.match(text)) and _is_byline(byline.group(0)):
                text = text[byline.end() :]
        if text == before:
            break
    return text.strip()


def _is_byline(text: str) -> bool:
    short = len(text.split()) <= _rules()["limits"]["byline_max_words"]
    return _any("bylines", text) or (short and _any("byline_short", text))


def title_problem(text: str) -> str | None:
    """The reason ``text`` cannot serve as a headline, or ``None`` when it can.

    Reasons: "empty", "id" (a bare identifier or address), "caption" (a photo caption or credit),
    "dateline" (a wire dateline or a line of date and time), "byline", "slug" (all capitals, wire
    slugs, editors' notes), "too long", "cut-off" (ends mid-phrase, with "…", an open bracket or
    quote, or starts mid-sentence), "too short".
    """
    rules, limits = _rules(), _rules()["limits"]
    text = _normalise(text or "").strip()
    letters, words = [ch for ch in text if ch.isalpha()], text.split()
    if not letters:
        return ("dateline" if rules["numeric_date"].match(text) else "id") if text else "empty"
    if re.match(r"^(?:https?://|www\.)\S+$", text) or (len(words) == 1 and re.search(r"[\d_./:#]", text)):
        return "id"
    if _any("captions", text):
        return "caption"
    if any(p.match(text) for p in rules["datelines"]) or _timestamp_end(text) or is_stamp(text):
        return "dateline"
    if _is_byline(text):
        return "byline"
    shouting = len(words) > 1 and sum(ch.isupper() for ch in letters) >= limits["slug_upper_share"] * len(letters)
    if _any("slugs", text) or (shouting and len(letters) >= limits["min_letters"]):
        return "slug"
    if len(words) > limits["max_words"] or len(text) > limits["max_chars"]:
        return "too long"
    closing = len(re.findall(r"’(?!\w)", text))  # not the apostrophe in "Bush’s"
    opened = text.count("“") > text.count("”") or text.count("‘") > closing or text.count("(") > text.count(")")
    fragment = words[0].isalpha() and words[0].islower() and words[0] not in rules["lowercase_ok"]
    if (
        text.endswith(_OPEN_END)
        or words[-1].lower() in rules["dangling_end_words"]
        or fragment
        or opened
        or (text.count('"') % 2)
    ):
        return "cut-off"
    return "too short" if len(words) < limits["min_words"] or len(letters) < limits["min_letters"] else None


def clean_title(title: str) -> str:
    """An article's own title without site and section names, kickers, tags, leading dates and
    surrounding quotes, all capitals made title case: "Bridge opens - Example News" -> "Bridge opens"."""
    rules = _rules()
    parts = rules["site_separators"].split(rules["title_tags"].sub("", _normalise(title or "")))
    site = {"left": False, "right": False}  # [segment, separator, segment, ...]
    while len(parts) > 1:
        if _site_like(parts[-1].strip(), site["right"]):
            parts, site["right"] = parts[:-2], True
        elif _site_like(parts[0].strip(), site["left"]):
            parts, site["left"] = parts[2:], True
        else:
            break
    text = _strip_front(rules["kickers"].sub("", "".join(parts).strip(), count=1))
    text = text[:1].upper() + text[1:]
    letters = [ch for ch in text if ch.isalpha()]
    caps = sum(ch.isupper() for ch in letters) >= rules["limits"]["slug_upper_share"] * len(letters)
    if len(text.split()) >= 3 and caps and not any(p.search(text) for p in rules["slugs"][:4]):
        text = _title_case(text)
    for left, right in ('""', "“”", "‘’", "''"):
        if len(text) > 2 and text[0] == left and text[-1] == right and left not in text[1:-1]:
            text = text[1:-1].strip()
    if text.endswith(".") and not text.endswith("..") and not re.search(r"\b[A-Z][a-z]?\.$", text):
        text = text[:-1]
    return text.strip()


def _title_case(text: str) -> str:
    """An all-capitals headline in title case; acronyms ("UN", "NATO", "NYPD") stay capitals."""
    rules, out = _rules(), []
    for i, word in enumerate(text.split()):
        core = word.strip("\"'“”‘’()[],.:;!?")
        small = core.lower() in rules["function_words"]
        if i and small and len(core) <= 4:
            out.append(word.lower())
        elif core.isalpha() and ((len(core) <= 2 and not small) or core in rules["acronyms"] or _NO_VOWEL.match(core)):
            out.append(word)
        else:
            out.append(re.sub(r"[A-Za-z][A-Za-z'’]*", lambda m: m.group(0).capitalize(), word))
    return " ".join(out)


def _site_like(part: str, after_site: bool) -> bool:
    """A segment of a page title that names the site, or next to it a section, not the story."""
    rules, words = _rules(), part.split()
    if not words or len(words) > 4:
        return False
    if rules["outlet"].search(part):
        return True
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() for w in words)
    return after_site and (capitalised or all(w.lower() in rules["section_words"] or w in "&/" for w in words))


def _segments(words: list[str]) -> list[list[str]]:
    """Split text glued from a headline, a caption and the lead ("... are trapped The committee said ...")."""
    rules, cuts = _rules(), []
    for i, (before, word) in enumerate(zip(words, words[1:], strict=False), 1):
        plain = before.isalpha() and before.lower() not in rules["function_words"] | rules["no_glue_after"]
        if (
            word in rules["glue_openers"]
            and plain
            and (before.islower() or (word in rules["glue_after_name"] and before.istitle()))
        ):
            cuts.append(i)
    bounds = [0, *cuts, len(words)]
    return [words[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _lead_clause(sentence: str) -> str:
    """The body sentence in a raw line: after any wire dateline, byline or timestamp, the lead of a
    line glued from headline, caption and lead, without leading fluff or subordinate clause."""
    rules = _rules()
    text = _normalise(sentence)
    markers = [m for key in ("agency_marker", "caps_dateline", "stamp_marker") for m in rules[key].finditer(text)]
    markers.sort(key=lambda m: m.end())
    text = _strip_front(text[markers[-1].end() :] if markers else text)
    if byline := rules["mid_byline"].search(text):  # "Headline By Jane Doe Health correspondent Lead ..."
        after = text[byline.end() :]
        text = after if len(after.split()) >= rules["limits"]["min_sentence_words"] else text[: byline.start()]
    if _is_byline(text) or any(p.match(text) for p in rules["datelines"]):
        return ""
    pieces = [p for p in _segments(text.split()) if len(p) >= rules["limits"]["min_sentence_words"]]
    if len(pieces) > 1:
        full: list[list[str]] = [p for p in pieces if len(p) >= 8 and _has_verb(p)] or [max(pieces, key=len)]
        text = _strip_front(" ".join(full[-1]))
    for pattern in rules["lead_fluff"]:
        text = pattern.sub("", text, count=1)
    words = text.split()
    if words and words[0].lower() in rules["subordinators"]:
        for i, word in enumerate(words[: int(0.75 * len(words))]):  # drop it when a main clause follows
            rest, opener = words[i + 1 :], words[i + 1].lower()
            starts = opener not in rules["fragment_start_words"] | rules["phrase_openers"] or opener in _DETERMINERS
            if word.endswith(",") and starts and _has_verb(" ".join(rest).split(",")[0].split()):
                text = " ".join(rest)
                break
    return text[:1].upper() + text[1:]


def _informative(text: str) -> bool:
    words = text.split()
    if len(words) < _rules()["limits"]["min_sentence_words"] or text.endswith("?") or not _has_verb(words):
        return False
    if _any("skip_sentences", text) or _any("captions", text) or _is_byline(text):
        return False
    return sum(ch.isupper() for ch in text) < 0.5 * sum(ch.isalpha() for ch in text)


def _has_verb(words: Sequence[str]) -> bool:
    """Whether the words hold a finite verb as far as word shapes tell: a listed verb, an -ed word not
    after a determiner, or an -s word after a noun ("the founder plans"), not after a number."""
    rules = _rules()
    plain = [w.strip(',;:."“”‘’()').lower() for w in words]
    for i in range(1, len(plain)):
        word, before = plain[i], plain[i - 1]
        if not words[i][:1].islower():
            continue
        if word in rules["verbs"] or (word.endswith("ed") and len(word) > 4 and before not in _DETERMINERS):
            return True
        after = plain[i + 1] if i + 1 < len(plain) else "and"  # "shortages and", "troops were": nouns
        plural = word.endswith(("ss", "us", "is", "'s", "’s")) or len(word) <= 3 or word in rules["function_words"]
        plural = plural or after in rules["after_plural"]
        noun_before = before.isalpha() and before not in rules["function_words"] and not before.endswith("s")
        if word.endswith("s") and not plural and noun_before:
            return True
    return False


def _main_verb(words: Sequence[str]) -> bool:
    """A verb outside a restrictive relative clause: "The boy who decided to ride" has none."""
    rel = next((i for i, w in enumerate(words) if i and w.lower() in _rules()["relatives"]), None)
    if rel is None or _has_verb(words[:rel]):
        return _has_verb(words)
    after = words[rel + 1 :]
    return any(_has_verb(after[j - 1 :]) and _has_verb(after[:j]) for j in range(2, len(after)))


def _verbal(before: str, last: str) -> bool:
    """Whether a phrase cut after these two words would strand a verb ("could drag | on")."""
    rules = _rules()
    before, last = before.strip(",;:").lower(), last.strip(",;:").lower()
    if before in _DETERMINERS:
        return False
    if last in rules["function_words"] or last in rules["verbs"] or before in rules["verbs"]:
        return True
    noun_before = before.isalpha() and before not in rules["function_words"]
    return last.endswith(("ed", "ing")) or (last.endswith("s") and noun_before)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–—_")
    if text.endswith(".") and not re.search(r"\b(?:[A-Z][a-z]?|[A-Z]\.[A-Z]|[a-z]{1,3})\.$", text):
        text = text[:-1]
    return text[:1].upper() + text[1:]


def _unattributed(text: str) -> str:
    for pattern in _rules()["trailing_attribution"]:
        text = pattern.sub("", text)
    return text


def _compress(sentence: str, max_words: int, level: int = 0) -> str | None:
    """The sentence as a headline, cut at a clause (else phrase) boundary, or None. Level 0 keeps to
    ``max_words``, level 1 allows ``stretch_words`` more, level 2 also takes a whole sentence that
    is no longer than a title may be."""
    rules, limits = _rules(), _rules()["limits"]
    text = re.sub(r",\s+\d{1,3},(?=\s)", "", re.sub(r"\s*\([^()]{0,80}\)", "", sentence))  # "(ICRC)", ", 54,"
    text = re.sub(r"[.!]+\s*$", "", text)
    for pattern in rules["time_modifiers"]:
        text = pattern.sub("", text)
    text = _unattributed(text)
    words = re.sub(r"\s+(?=[,.;:])", "", text).split()
    if not words:
        return None
    subordinate = words[0].lower() in rules["subordinate_only"]  # usable only with its main clause
    whole = _tidy(" ".join(words))
    open_end = words[-1].lower() in rules["phrase_openers"]  # "... rolled in": a phrase was removed or cut
    if len(words) <= max_words and title_problem(whole) is None and not subordinate and not open_end:
        return whole

    def ok(cut: int) -> bool:
        head = _tidy(_unattributed(" ".join(words[:cut])))  # not "Jane Doe, who was", "the current,", "As X grew"
        aside = rules["open_aside"].search(head) or (words[cut - 1][-1] == "," and words[cut - 2] in _DETERMINERS)
        dangling = not head or head.split()[-1].lower() in rules["phrase_openers"]
        if aside or dangling or (subordinate and "," not in head):
            return False
        return cut >= 4 and _main_verb(words[:cut]) and title_problem(head) is None

    clause = [
        i
        for i, w in enumerate(words[1:], 1)
        if words[i - 1].endswith((",", ";", ":")) or w in rules["separators"] or w.lower() in rules["clause_openers"]
    ]
    phrase = [
        i
        for i, w in enumerate(words[2:], 2)
        if w.lower() in rules["phrase_openers"]
        and not _verbal(*words[i - 2 : i])
        and not (w == "to" and words[i - 1].lower() in rules["no_cut_before_to"])
    ]
    limit = max_words + (limits["stretch_words"] if level else 0)
    for cuts in (clause, phrase):
        if good := [c for c in cuts if c <= limit and ok(c)]:
            return _tidy(_unattributed(" ".join(words[: max(good)])))
    fits = level == 2 and len(words) <= limits["max_words"] and not subordinate and not open_end
    return whole if fits and title_problem(whole) is None else None


def headline_from_text(
    sentences: Sequence[str],
    actors: Sequence[str] | None = None,
    max_words: int = 14,
    parse: Parse | None = None,
) -> str:
    """A headline built from body sentences when no article has a usable title.

    ``sentences`` come in reading order, the most representative article's lead first. The first
    informative ones (not a byline, caption, question or boilerplate; datelines, bylines, leading
    fluff and subordinate clauses removed) are ranked by position, by what they share with the
    others (centrality) and by the ``actors`` they name. The best few are tried in turn: with
    ``parse`` (a dependency parse), one whose subject names nothing is passed over, and each is
    first cut along its parse (:func:`~newsweave.synthesize.headline_parse.headline_from_parse`:
    a grammatical clause of the sentence, at most ``max_words`` words, a few more when needed),
    then, when that makes none or without a parse, at a clause boundary found by word shapes
    (never mid-clause, never with "…"); a short sentence is kept whole without its full stop.
    A built headline showing the seam of glued lines (:func:`looks_glued`) is refused. "" when
    nothing is usable.
    """
    rules = _rules()
    pool: list[tuple[int, str]] = []
    for index, sentence in enumerate(sentences):
        lead = _lead_clause(sentence or "")
        if lead and _informative(lead):
            pool.append((index, lead))
        if len(pool) >= rules["limits"]["candidate_sentences"]:
            break
    bags = [
        {w.lower() for w in _WORD.findall(t) if len(w) > 3 and w.lower() not in rules["function_words"]}
        for _, t in pool
    ]
    names = [a.lower() for a in (actors or []) if a][:3]

    def score(k: int) -> float:
        shared = [len(bags[k] & b) / (len(bags[k] | b) or 1) for j, b in enumerate(bags) if j != k]
        named = sum(1 for a in names if a in pool[k][1].lower())
        return 1.0 / (1 + pool[k][0]) + 2.0 * sum(shared) / max(len(shared), 1) + 0.6 * min(named, 2)

    ranked = sorted(range(len(pool)), key=score, reverse=True)
    from newsweave.synthesize.headline_parse import headline_from_parse, names_nothing

    widths = (max_words, max_words + rules["limits"]["stretch_words"])
    vague: set[int] = set()
    for k in ranked[: rules["limits"]["tried_candidates"]]:  # each in turn, parsed only when reached
        text = pool[k][1]
        toks = parse([text])[0] if parse is not None else None
        if toks is not None and names_nothing(toks):
            vague.add(k)  # "All are being counted ...": however it is cut, it names nothing
            continue
        along = (headline_from_parse(text, toks, most) for most in widths) if toks is not None else ()
        shaped = (_compress(text, max_words, level) for level in (0, 1))
        if headline := next((h for h in chain(along, shaped) if h and not looks_glued(h)), None):
            return headline
    for k in [k for k in ranked if k not in vague] + sorted(vague, key=ranked.index):  # those last
        if (headline := _compress(pool[k][1], max_words, 2)) and not looks_glued(headline):
            return headline
    return ""


def looks_glued(text: str) -> bool:
    """Whether a headline built from a line shows the seam of pieces run together: a page's time
    stamp inside it ("... June 2031 17.37 BST Lead ..."), a capitalised word twice in a row
    ("Shares fall for Acme Acme said ..."), or a speaker's name in capitals before it, as
    transcripts give it ("JANE ROE The council ..."). Only for built headlines: an article's own
    title may name a time ("Shuttle lifts off at 4:14 EDT") or a doubled name ("Walla Walla")."""
    if _rules()["page_stamp"].search(text):
        return True
    words = text.split()
    plain = [w.removesuffix("'s").removesuffix("’s") for w in words]
    if any(a == b and a[:1].isupper() for a, b in zip(plain, plain[1:], strict=False)):
        return True
    caps = 0
    while caps < len(words) and words[caps].isalpha() and words[caps].isupper() and len(words[caps]) > 1:
        caps += 1
    return 2 <= caps < len(words) and words[caps][:1].isupper()


def choose_headline(
    candidates: Sequence[tuple[str | None, float]],
    fallback_sentences: Sequence[str],
    actors: Sequence[str] | None = None,
    parse: Parse | None = None,
) -> str:
    """The headline of an event or story.

    ``candidates`` are the articles' own titles (or None) with how representative each article is
    of the group (e.g. cosine to the group's centroid; for a story the story's centroid, so that
    the title names the story, not only its latest event). The most representative title usable
    once cleaned (:func:`clean_title`, :func:`title_problem`) wins; when none is, the headline is
    built from ``fallback_sentences`` by :func:`headline_from_text` (with ``parse``, along the
    sentences' dependency parse).
    """
    for title, _ in sorted(candidates, key=lambda c: -c[1]):
        cleaned = clean_title(title) if title else ""
        if cleaned and title_problem(cleaned) is None:
            return cleaned
    return headline_from_text(fallback_sentences, actors, parse=parse)
