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

import math
import re
from collections.abc import Sequence
from itertools import chain

from newsweave.text.headline_rules import (
    _any,
    _is_byline,
    _normalise,
    _rules,
    _strip_front,
    title_problem,
)
from newsweave.text.parse import Parse

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NO_VOWEL = re.compile(r"^[^AEIOUY]+$")
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "our"})


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
    reach: float = 1.0,
    reach_min: int = 3,
) -> str:
    """The headline of an event or story.

    ``candidates`` are the articles' own titles (or None) with how representative each article is
    of the group (e.g. cosine to the group's centroid; for a story the story's centroid, so that
    the title names the story, not only its latest event). The most representative title usable
    once cleaned (:func:`clean_title`, :func:`title_problem`) wins; when none is, the headline is
    built from ``fallback_sentences`` by :func:`headline_from_text` (with ``parse``, along the
    sentences' dependency parse). Only the titles of the most representative ``reach`` share of
    the articles (at least ``reach_min``) are considered: a title far down the ranking names one
    corner of a large story, and a headline built from the central articles' leads names it better.
    """
    ranked = sorted(candidates, key=lambda c: -c[1])
    ranked = ranked[: max(reach_min, math.ceil(reach * len(ranked)))]
    for title, _ in ranked:
        cleaned = clean_title(title) if title else ""
        if cleaned and title_problem(cleaned) is None:
            return cleaned
    return headline_from_text(fallback_sentences, actors, parse=parse)
