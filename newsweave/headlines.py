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
from typing import Any

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_PTB = [
    ("` `", "``"),
    ("-LRB-", "("),
    ("-RRB-", ")"),
    ("-LSB-", "["),
    ("-RSB-", "]"),
    ("``", "“"),
    ("''", "”"),
    ("\\*", "*"),
    ("\\/", "/"),
]
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "our"})
_SUBORDINATE = frozenset(
    {"as", "when", "while", "although", "though", "because", "if", "since", "until", "whereas", "once", "unless"}
)
_SEPARATORS = frozenset({"--", "—", "–", "_", "-", "|"})


@lru_cache(maxsize=2)
def _rules(name: str = "headlines_en.json") -> dict[str, Any]:
    """The rule file with its patterns expanded ({MONTH}, {AGENCY}, ...) and compiled."""
    data = json.loads(resources.files("newsweave.rules").joinpath(name).read_text("utf-8"))
    names: dict[str, str] = data["names"]

    def expand(pattern: str) -> str:
        previous = None
        while previous != pattern:
            previous = pattern
            for key, value in names.items():
                pattern = pattern.replace("{" + key + "}", value)
        return pattern

    out: dict[str, Any] = dict(data)
    for key in (
        "datelines",
        "bylines",
        "byline_short",
        "captions",
        "slugs",
        "lead_fluff",
        "trailing_attribution",
        "time_modifiers",
        "skip_sentences",
    ):
        out[key] = [re.compile(expand(p)) for p in data[key]]
    for key in ("kickers", "title_tags", "site_separators"):
        out[key] = re.compile(expand(data[key]))
    out["timestamp"] = re.compile(expand(r"({DATETOKEN})(?!\w)[\s,|:/.@\-–—]*"))
    glue = "|".join(data["glue_openers"])
    out["byline_lead"] = [
        re.compile(
            expand(
                r"^(?i:by)\s*:?\s+(?:the\s+)?\S+(?:\s+\S+){0,4}?\s+(?i:wire\s+staff|staff|special to \S+|"
                r"for \S+|{ROLE})(?:\s*,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s+(?=[A-Z‘“])"
            )
        ),
        re.compile(expand(rf"^(?i:by)\s*:?\s+{{NAME}}\s+(?=(?:{glue})\b)")),
    ]
    out["byline_pipe"] = re.compile(expand(r"^{NAME}\s*\|\s*(?=\d)"))
    out["caps_dateline"] = re.compile(
        expand(
            r"(?:^|\s)[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][\w.]+(?: [A-Z][\w.]+){0,2})?"
            r"(?:,? {MONTH} \d{1,2})?\s*(?:--|—|_)\s+(?=[A-Z‘“])"
        )
    )
    out["subordinators"] = frozenset(data["subordinators"])
    out["agency_marker"] = re.compile(expand(r"\({AGENCY}[^)]{0,24}\)\s*(?:--|—|–|-|_|:)\s*(?=\S)"))
    out["month"] = re.compile(
        expand(r"^(?:{MONTH}|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[AaPp]\.?[Mm]\.?)?|\d{4}|\d{1,2}/\d{1,2}/\d{2,4})$")
    )
    out["outlet"] = re.compile(expand(r"\b{OUTLET}\b|^[A-Z]{2,6}$|^[\w.-]+\.[a-z]{2,4}$"))
    for key in (
        "no_cut_before_to",
        "acronyms",
        "glue_after_name",
        "section_words",
        "dangling_end_words",
        "fragment_start_words",
        "lowercase_ok",
        "clause_openers",
        "phrase_openers",
        "glue_openers",
        "no_glue_after",
        "function_words",
        "verbs",
    ):
        out[key] = frozenset(data[key])
    return out


def _normalise(text: str) -> str:
    """Undo PTB tokenisation (`` -LRB- " , " " 's") and collapse white space."""
    text = " ".join(text.split())
    if not re.search(r" [,.;:!?)'’]|-LRB-|``|` `| n't\b|\( ", text):
        return text
    for old, new in _PTB:
        text = text.replace(old, new)
    text = re.sub(r"(^|\s)` ?", r"\1‘", text).replace(" '", " ’").replace("‘ ", "‘")
    text = re.sub(r"\s+([,.;:!?%)\]”’])", r"\1", text)
    text = re.sub(r"([(\[$“‘])\s+", r"\1", text)
    text = re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    return re.sub(r"(\d)\s*([:.])\s+(\d)", r"\1\2\3", text)


def _timestamp_end(text: str) -> int:
    """Length of a leading run of date and time ("Monday 13 September 2010 19.48 BST "), else 0.

    The run needs two tokens, one a month, a clock time, a year or a numeric date, and must be
    followed by the end, a capital or a quote ("March 2012 protests" keeps its date)."""
    rules = _rules()
    pos, count, dated, best = 0, 0, False, 0
    while match := rules["timestamp"].match(text, pos):
        pos, count = match.end(), count + 1
        dated = dated or bool(rules["month"].match(match.group(1)))
        rest = text[pos:]
        if (
            (count >= 2 or re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", match.group(1)))
            and dated
            and (not rest or rest[0].isupper() or rest[0] in '"“‘')
        ):
            best = pos
    return best


def _strip_front(text: str) -> str:
    """Remove leading datelines, timestamps, kickers and bylines that end clearly."""
    rules = _rules()
    for _ in range(6):
        before = text
        for pattern in (*rules["datelines"], rules["byline_pipe"], rules["kickers"]):
            text = pattern.sub("", text, count=1)
        text = text[_timestamp_end(text) :].lstrip(" ,|:-–—_")
        for pattern in rules["byline_lead"]:
            byline = pattern.match(text)
            if byline and _is_byline(byline.group(0)):
                text = text[byline.end() :]
        if text == before:
            break
    return text.strip()


def _is_byline(text: str) -> bool:
    rules = _rules()
    if any(p.search(text) for p in rules["bylines"]):
        return True
    return len(text.split()) <= rules["limits"]["byline_max_words"] and any(
        p.search(text) for p in rules["byline_short"]
    )


def title_problem(text: str) -> str | None:
    """The reason ``text`` cannot serve as a headline, or ``None`` when it can.

    Reasons: "empty", "id" (a bare identifier or address), "slug" (all capitals, wire slugs, editors'
    notes), "byline", "dateline" (a wire dateline or a line of date and time), "caption" (a photo
    caption or credit), "cut-off" (ends mid-phrase, "…", an open bracket or quote, or starts mid-
    sentence), "too long", "too short".
    """
    rules, limits = _rules(), _rules()["limits"]
    text = _normalise(text or "").strip()
    letters = [ch for ch in text if ch.isalpha()]
    words = text.split()
    if not letters:
        dated = re.fullmatch(r"[\d\s/.:,-]*\d{1,2}\s*[/.:-]\s*\d{1,2}[\d\s/.:,-]*", text)
        return "dateline" if dated else "id" if text else "empty"
    if re.match(r"^(?:https?://|www\.)\S+$", text) or (len(words) == 1 and re.search(r"[\d_./:#]", text)):
        return "id"
    if any(p.search(text) for p in rules["captions"]):
        return "caption"
    if any(p.match(text) for p in rules["datelines"]) or _timestamp_end(text):
        return "dateline"
    if _is_byline(text):
        return "byline"
    upper = sum(ch.isupper() for ch in letters) / len(letters)
    if any(p.search(text) for p in rules["slugs"]) or (
        len(letters) >= limits["min_letters"] and upper >= limits["slug_upper_share"] and len(words) > 1
    ):
        return "slug"
    if len(words) > limits["max_words"] or len(text) > limits["max_chars"]:
        return "too long"
    if _cut_off(text):
        return "cut-off"
    if len(words) < limits["min_words"] or len(letters) < limits["min_letters"]:
        return "too short"
    return None


def _cut_off(text: str) -> bool:
    rules = _rules()
    if text.endswith(("…", "...", ",", ";", ":", "(", "[", "/", "&", "-", "–", "—", "“", "‘")):
        return True
    last = text.split()[-1].lower()
    if last in rules["dangling_end_words"]:
        return True
    first = text.split()[0]
    if first.isalpha() and first.islower() and first not in rules["lowercase_ok"]:
        return True
    opened = text.count("(") > text.count(")") or text.count("“") > text.count("”") or text.count('"') % 2
    opened = opened or text.count("‘") > text.count("’")
    return bool(opened)


def clean_title(title: str) -> str:
    """An article's own title without site names, sections, kickers, tags, datelines and quotes around it:
    "Council approves bridge - Example News" -> "Council approves bridge"."""
    rules = _rules()
    text = _normalise(title or "")
    text = rules["title_tags"].sub("", text)
    parts = rules["site_separators"].split(text)  # [segment, separator, segment, ...]
    site = {"left": False, "right": False}
    while len(parts) > 1:
        if _site_like(parts[-1].strip(), site["right"]):
            parts, site["right"] = parts[:-2], True
        elif _site_like(parts[0].strip(), site["left"]):
            parts, site["left"] = parts[2:], True
        else:
            break
    text = rules["kickers"].sub("", "".join(parts).strip(), count=1)
    letters = [ch for ch in text if ch.isalpha()]
    if (
        len(text.split()) >= 3
        and sum(ch.isupper() for ch in letters) >= rules["limits"]["slug_upper_share"] * len(letters)
        and not any(p.search(text) for p in rules["slugs"][:4])
    ):
        text = _title_case(text)
    text = _strip_front(text)
    for pair in ('""', "“”", "‘’", "''"):
        if len(text) > 2 and text[0] == pair[0] and text[-1] == pair[1] and pair[0] not in text[1:-1]:
            text = text[1:-1].strip()
    if text.endswith(".") and not text.endswith("..") and not re.search(r"\b[A-Z][a-z]?\.$", text):
        text = text[:-1]
    return text.strip()


def _title_case(text: str) -> str:
    """An all-capitals headline in title case; short words that are not function words stay capitals
    (acronyms: "UN", "BP")."""
    rules, out = _rules(), []
    for i, word in enumerate(text.split()):
        core = word.strip("\"'“”‘’()[],.:;!?")
        if i and core.lower() in rules["function_words"] and len(core) <= 4:
            out.append(word.lower())
        elif core.isalpha() and (
            len(core) <= 2
            and core.lower() not in rules["function_words"]
            or core in rules["acronyms"]
            or not re.search(r"[AEIOUY]", core)
        ):
            out.append(word)
        else:
            out.append(re.sub(r"[A-Za-z][A-Za-z'’]*", lambda m: m.group(0).capitalize(), word))
    return " ".join(out)


def _site_like(part: str, after_site: bool) -> bool:
    """A segment of a page title that names the site or one of its sections, not the story."""
    rules = _rules()
    words = part.split()
    if not words or len(words) > 5:
        return False
    if rules["outlet"].search(part) and len(words) <= 4:
        return True
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() for w in words)
    section = all(w.lower() in rules["section_words"] or w in "&/" for w in words)
    return after_site and len(words) <= 4 and (capitalised or section)


def _segments(sentence: str) -> list[str]:
    """Split text glued from a headline, a caption and the lead ("... trapped The committee said ...")."""
    rules = _rules()
    words = sentence.split()
    cuts = [
        i
        for i in range(1, len(words))
        if words[i] in rules["glue_openers"]
        and words[i - 1].isalpha()
        and (words[i - 1].islower() or (words[i] in rules["glue_after_name"] and words[i - 1].istitle()))
        and words[i - 1].lower() not in rules["function_words"]
        and words[i - 1].lower() not in rules["no_glue_after"]
    ]
    bounds = [0, *cuts, len(words)]
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def _lead_clause(sentence: str) -> str:
    """The body sentence inside a raw first line: after any wire dateline, byline or timestamp, the
    lead of text glued from headline, caption and lead, without leading fluff or subordinate clause."""
    rules = _rules()
    text = _normalise(sentence)
    markers = list(rules["agency_marker"].finditer(text)) or list(rules["caps_dateline"].finditer(text))
    if markers:
        text = text[markers[-1].end() :]
    text = _strip_front(text)
    if _is_byline(text) or any(p.match(text) for p in rules["datelines"]):
        return ""
    pieces = [p for p in _segments(text) if len(p.split()) >= rules["limits"]["min_sentence_words"]]
    if len(pieces) > 1:
        full = [p for p in pieces if len(p.split()) >= 8 and _has_verb(p.split())]
        text = _strip_front(full[-1] if full else max(pieces, key=len))
    for pattern in rules["lead_fluff"]:
        text = pattern.sub("", text, count=1)
    words = text.split()
    if words and words[0].lower() in rules["subordinators"]:
        for i, word in enumerate(words[: int(0.75 * len(words))]):
            rest = words[i + 1 :]
            clause = " ".join(rest).split(",")[0].split()
            if (
                word.endswith(",")
                and (rest[0].lower() not in rules["fragment_start_words"] or rest[0] in _DETERMINERS)
                and rest[0].lower() not in rules["phrase_openers"]
                and _has_verb(clause)
            ):
                text = " ".join(rest)
                break
    return text[:1].upper() + text[1:]


def _informative(text: str) -> bool:
    rules = _rules()
    if len(text.split()) < rules["limits"]["min_sentence_words"] or text.rstrip().endswith("?"):
        return False
    if any(p.search(text) for p in rules["skip_sentences"]) or any(p.search(text) for p in rules["captions"]):
        return False
    if _is_byline(text) or not _has_verb(text.split()):
        return False
    return sum(ch.isupper() for ch in text) < 0.5 * sum(ch.isalpha() for ch in text)


def _has_verb(words: Sequence[str], strict: bool = False) -> bool:
    """Whether the words hold a finite verb, as far as word shapes tell: a listed verb or an -ed
    word, or an -s word after a noun ("the founder plans"), not after a number or determiner."""
    rules = _rules()
    plain = [w.strip(',;:."“”‘’()').lower() for w in words]
    for i in range(1, len(plain)):
        word, before = plain[i], plain[i - 1]
        if not words[i][:1].islower():
            continue
        if word in rules["verbs"] or (word.endswith("ed") and len(word) > 4 and before not in _DETERMINERS):
            return True
        if not strict and (
            word.endswith("s")
            and not word.endswith(("ss", "us", "is", "'s", "’s"))
            and len(word) > 3
            and word not in rules["function_words"]
            and before.isalpha()
            and before not in rules["function_words"]
            and not before.endswith(("s", "’", "'"))
        ):
            return True
    return False


def _main_verb(words: Sequence[str]) -> bool:
    """A verb outside a restrictive relative clause: "The boy who decided to ride" has none."""
    rel = next((i for i, w in enumerate(words) if i and w.lower() in ("who", "which", "that", "whose")), None)
    if rel is None or _has_verb(words[:rel]):
        return _has_verb(words)
    after = words[rel + 1 :]
    return any(_has_verb(after[j - 1 :]) and _has_verb(after[:j]) for j in range(2, len(after)))


def _verbal(pair: Sequence[str]) -> bool:
    """Whether a phrase cut after these two words would strand a verb ("could drag | on")."""
    rules = _rules()
    before, last = (w.strip(",;:").lower() for w in pair)
    if before in _DETERMINERS:
        return False
    if last in rules["function_words"] or last in rules["verbs"] or before in rules["verbs"]:
        return True
    return last.endswith(("ed", "ing")) or (
        last.endswith("s") and before.isalpha() and before not in rules["function_words"]
    )


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–—_")
    if text.endswith(".") and not re.search(r"\b(?:[A-Z][a-z]?|[A-Z]\.[A-Z]|[a-z]{1,3})\.$", text):
        text = text[:-1]
    return text[:1].upper() + text[1:]


def _compress(sentence: str, max_words: int, level: int = 0) -> str | None:
    """The sentence shortened to a headline at a clause (else phrase) boundary, or None.

    Level 0 keeps to ``max_words``; level 1 allows ``stretch_words`` more; level 2 also takes the
    whole sentence when it is no longer than a title may be."""
    rules, limits = _rules(), _rules()["limits"]
    text = re.sub(r"\s*\([^()]{0,80}\)", "", sentence)
    text = re.sub(r",\s+\d{1,3},(?=\s)", "", text)  # ages: "Jane Doe, 54, said"
    text = re.sub(r"[.!]+\s*$", "", text)
    for pattern in rules["trailing_attribution"] + rules["time_modifiers"]:
        text = pattern.sub("", text)
    text = re.sub(r"\s+(?=[,.;:])", "", text)
    words = text.split()
    if len(words) <= max_words and title_problem(_tidy(text)) is None and words[0].lower() not in _SUBORDINATE:
        return _tidy(text)

    def prefix(cut: int) -> str:
        return _tidy(" ".join(words[:cut]))

    def ok(cut: int) -> bool:
        head = prefix(cut)
        if re.search(r",\s+(?:who|which|whose|where|whom)\b[^,]*$", head):  # ends inside an aside: the verb follows
            return False
        if words[0].lower() in _SUBORDINATE and "," not in head:  # a subordinate clause alone
            return False
        if words[cut - 1].endswith(",") and cut >= 2 and words[cut - 2].lower() in _DETERMINERS:
            return False  # "the current, growing dispute"
        return cut >= 4 and _main_verb(words[:cut]) and title_problem(head) is None

    clause = [
        i
        for i in range(1, len(words))
        if words[i - 1].endswith((",", ";", ":"))
        or words[i] in _SEPARATORS
        or words[i].lower() in rules["clause_openers"]
    ]
    phrase = [
        i
        for i in range(2, len(words))
        if words[i].lower() in rules["phrase_openers"]
        and not _verbal(words[i - 2 : i])
        and not (words[i] == "to" and words[i - 1].lower() in rules["no_cut_before_to"])
    ]
    limit = max_words + (limits["stretch_words"] if level else 0)
    for cuts in (clause, phrase):
        good = [c for c in cuts if c <= limit and ok(c)]
        if good:
            return prefix(max(good))
    if (
        level == 2
        and len(words) <= limits["max_words"]
        and title_problem(_tidy(text)) is None
        and (words[0].lower() not in _SUBORDINATE)
    ):
        return _tidy(text)
    return None


def _content(text: str) -> set[str]:
    rules = _rules()
    return {w.lower() for w in _WORD.findall(text) if len(w) > 3 and w.lower() not in rules["function_words"]}


def headline_from_text(sentences: Sequence[str], actors: Sequence[str] | None = None, max_words: int = 14) -> str:
    """A headline built from body sentences when no article has a usable title.

    ``sentences`` come in reading order, the most representative article's lead first. The first
    informative sentences (not a byline, caption, question or boilerplate) are scored by position,
    by how much they share with the others (centrality) and by the ``actors`` they name; the best
    is stripped of datelines, bylines and attribution fluff and cut to at most ``max_words`` words
    at a clause boundary (never mid-clause, never with "…"); a short sentence is kept whole without
    its full stop. Returns "" when no sentence gives a usable headline.
    """
    rules = _rules()
    pool: list[tuple[int, str]] = []
    for index, sentence in enumerate(sentences):
        if len(pool) >= rules["limits"]["candidate_sentences"]:
            break
        lead = _lead_clause(sentence or "")
        if lead and _informative(lead):
            pool.append((index, lead))
    bags = [_content(text) for _, text in pool]
    names = [a.lower() for a in (actors or []) if a]

    def score(k: int) -> float:
        index, text = pool[k]
        others = [len(bags[k] & b) / (len(bags[k] | b) or 1) for j, b in enumerate(bags) if j != k]
        central = sum(others) / len(others) if others else 0.0
        named = sum(1 for a in names[:3] if a in text.lower())
        return 1.0 / (1 + index) + 2.0 * central + 0.6 * min(named, 2)

    ranked = sorted(range(len(pool)), key=score, reverse=True)
    tries = [(k, level) for k in ranked[:3] for level in (0, 1)] + [(k, 2) for k in ranked]
    for k, level in tries:
        headline = _compress(pool[k][1], max_words, level)
        if headline:
            return headline
    return ""


def choose_headline(
    candidates: Sequence[tuple[str | None, float]],
    fallback_sentences: Sequence[str],
    actors: Sequence[str] | None = None,
) -> str:
    """The headline of an event or story.

    ``candidates`` are the articles' own titles (or None) with how representative each article is
    of the group (e.g. cosine to the group's centroid; for a story, the story's centroid, so the
    title names the story rather than its latest event). The most representative title that is
    usable once cleaned (:func:`clean_title`, :func:`title_problem`) wins; when none is, the
    headline is built from ``fallback_sentences`` by :func:`headline_from_text`.
    """
    for title, _ in sorted(candidates, key=lambda c: -c[1]):
        cleaned = clean_title(title) if title else ""
        if cleaned and title_problem(cleaned) is None:
            return cleaned
    return headline_from_text(fallback_sentences, actors)
