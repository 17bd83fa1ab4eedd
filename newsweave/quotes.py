"""Quotes: what was said, by whom, in which words.

Direct quotes are found paragraph by paragraph, in curly or straight quotation marks, with
their attribution: the speaker named before ("Alves told lawmakers: …") or after the quote
("…,” said Marta Olsen, the director."), a pronoun (resolved to the person named last before
it), or a description ("a senior security official", "the president's office"). A quote with no
attribution of its own takes the speaker of the quote it continues: the rest of a split quote
("…,” Ward said, “and …”), or a paragraph that only carries on the previous one's quote. A
quote that opens one paragraph and is re-opened by the next without closing is one quote
(news convention for quotes over several paragraphs). Short or embedded fragments ("were
“completely unrealistic”") are not quotes. Rule data lives in ``rules/quotes_en.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

_NAME_WORD = r"[A-Z][\w'’.-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|van|von|al|bin|da|di|la|le|el))*"
_MIN_WORDS = 3


@dataclass(slots=True)
class Quote:
    """One quote: its words, speaker (as written and resolved), cue verb, place and kind."""

    text: str
    speaker: str | None
    speaker_kind: str  # "named", "pronoun", "description", "continued", or "unknown"
    cue: str | None
    paragraph: int
    start: int  # character offsets of the quoted words in the paragraph
    end: int
    kind: str = "direct"  # or "indirect": reported speech without quotation marks


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    data = json.loads(resources.files("newsweave.rules").joinpath("quotes_en.json").read_text("utf-8"))
    verbs = "|".join(sorted((re.escape(v) for v in data["verbs"]), key=len, reverse=True))
    data["verb_re"] = verbs
    data["honorifics_set"] = frozenset(h.lower() for h in data["honorifics"])
    return data


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = _lexicon()
    # Only the verbs, pronouns and determiners ignore case: names must be capitalised.
    verb = rf"(?P<verb>(?i:{lex['verb_re']}))"
    det = r"(?i:a|an|the|his|her|their|its|one)"
    desc_to_stop = rf"(?:{det}\s+[^,.;:“”\"]{{2,60}})"  # "said a spokesman for the Red Crescent."
    desc_to_verb = rf"(?:{det}\s+[^,.;:“”\"]{{2,60}}?)"  # "the official said"
    pron = r"(?i:he|she|they|we|i)"
    from .roles import title_heads

    heads = "|".join(sorted((re.escape(h) for h in title_heads()), key=len, reverse=True))
    title = rf"(?:(?:[a-z]+\s+)?(?:{heads})\s+)?"  # "said coach Erik Lund", "said chief negotiator X"
    return {
        # after the quote: ", said Marta Olsen, …" / ", Olsen said" / ", she said" / ", the official said"
        "after_verb_first": re.compile(rf"^\s*{verb}\s+{title}(?P<who>{_NAME}|{desc_to_stop})"),
        "after_who_first": re.compile(rf"^\s*{title}(?P<who>{pron}|{desc_to_verb}|{_NAME})\s+{verb}\b"),
        # before the quote: "Alves told lawmakers: " / "she said: " / "Governor Ingrid Falk said: "
        "before": re.compile(
            rf"{title}(?P<who>{pron}|{desc_to_verb}|{_NAME})\s+{verb}(?:\s+[\w’'-]+){{0,3}}\s*[:,]\s*$"
        ),
    }


_STRAIGHT_OPEN = re.compile(r'(^|(?<=[\s(\[—–-]))"(?=\S)')


def curl_quotes(paragraph: str) -> str:
    """Straight double quotes as curly ones, told apart by what stands around them.

    A quote mark after a space (or at the start) and before a word opens; any other closes.
    Offsets do not change (one character for one).
    """
    opened = _STRAIGHT_OPEN.sub("“", paragraph)
    return opened.replace('"', "”")


def _quote_spans(paragraph: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of quoted stretches; a quote re-opened before it closed ends there."""
    spans: list[tuple[int, int, bool]] = []
    i = paragraph.find("“")
    while i != -1:
        close = paragraph.find("”", i + 1)
        reopen = paragraph.find("“", i + 1)
        if close == -1 and reopen == -1:
            spans.append((i + 1, len(paragraph), False))
            break
        if reopen != -1 and (close == -1 or reopen < close):
            spans.append((i + 1, reopen, True))  # the writer opened a new quote without closing
            i = reopen
            continue
        spans.append((i + 1, close, True))
        i = paragraph.find("“", close + 1)
    return spans


def _clean_name(who: str) -> str:
    """Drop titles and honorifics before a name ("Prime Minister Naftali Bennett" -> "Naftali Bennett")."""
    from .roles import premodifier

    words = who.split()
    lex = _lexicon()
    for cut in range(len(words) - 1, 0, -1):
        if premodifier(" ".join(words[:cut]) + " ") is not None:
            words = words[cut:]
            break
    while len(words) > 1 and words[0].lower().rstrip(".") in lex["honorifics_set"]:
        words = words[1:]
    return " ".join(words)


def _speaker(who: str, known: list[str]) -> tuple[str, str]:
    """The speaker as the reader should see it, and how it was given."""
    lowered = who.lower()
    if lowered in ("he", "she", "they", "we", "i"):
        return (known[-1] if known else who), "pronoun"
    if who[:1].islower() or lowered.split()[0] in ("a", "an", "the", "his", "her", "their", "its", "one"):
        # "the union’s chief negotiator, Rui Matos" is handled by the caller; here a description
        return who.strip().rstrip(".,"), "description"
    name = _clean_name(who.strip().rstrip(".,"))
    for full in reversed(known):  # a surname stands for the full name used before
        if full != name and full.split()[-1] == name.split()[-1] and len(full.split()) > len(name.split()):
            return full, "named"
    return name, "named"


def _names_in(text: str) -> list[str]:
    """Person-like names (two or more capitalised words) in order, titles removed."""
    found = []
    for m in re.finditer(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})+", text):
        name = _clean_name(m.group(0))
        if len(name.split()) >= 2 and not any(w.lower() in _lexicon()["not_names"] for w in name.split()):
            found.append(name)
    return found


def extract_quotes(paragraphs: list[str]) -> list[Quote]:
    """The direct quotes of an article given as its body paragraphs, in order."""
    pats = _patterns()
    quotes: list[Quote] = []
    known: list[str] = []  # names seen so far: the referents of pronouns and surnames
    previous: Quote | None = None
    open_quote: Quote | None = None
    for p, para in enumerate(paragraphs):
        para = curl_quotes(para)
        spans = _quote_spans(para)
        cursor = 0
        for start, end, closed in spans:
            known += _names_in(para[cursor : max(start - 1, cursor)])
            text = para[start:end].strip()
            if open_quote is not None and start == 1:  # the previous paragraph's quote goes on
                open_quote.text = f"{open_quote.text} {text}".strip()
                quote = open_quote
                open_quote = None if closed else quote
            else:
                before = para[: start - 1]
                if len(text.split()) < _MIN_WORDS or _embedded(before):
                    cursor = end
                    continue
                quote = Quote(text, None, "unknown", None, p, start, end)
                quotes.append(quote)
                open_quote = None if closed else quote
                match = pats["before"].search(before[-160:])
                if match:
                    quote.speaker, quote.speaker_kind = _speaker(match.group("who"), known)
                    quote.cue = match.group("verb").lower()
            after = para[end + 1 :] if closed else ""
            if quote.speaker is None and after:
                _attribute_after(quote, after, known)
            if not closed:  # the quote goes on in the next paragraph, which may name the speaker
                cursor = end
                continue
            if quote.speaker is None and previous is not None and (previous.paragraph in (p, p - 1)):
                quote.speaker, quote.speaker_kind, quote.cue = previous.speaker, "continued", previous.cue
            if quote.speaker and quote.speaker_kind in ("named", "pronoun") and " " in quote.speaker:
                known.append(quote.speaker)
            previous = quote
            cursor = end
        known += _names_in(para[cursor:])
    return quotes


_INDIRECT_VERBS = (
    r"(?i:said|says|told (?:reporters|journalists|lawmakers|parliament|the \w+)|announced|warned|claimed|"
    r"insisted|added|stressed|argued|noted|confirmed)"
)


def indirect_speech(paragraphs: list[str], known: list[str] | None = None) -> list[Quote]:
    """Reported speech: "Gantz said Israel obtained intelligence that …" (no quotation marks).

    The speaker is a name, pronoun or description right before the reporting verb at the start
    of a sentence; the content is the rest of the sentence (after an optional "that").
    """
    known = list(known or [])
    pattern = re.compile(
        rf"(?P<who>\b(?i:he|she|they)|\b(?i:the|a|an)\s+[a-z][\w’' -]{{2,50}}?|{_NAME})\s+"
        rf"(?P<verb>{_INDIRECT_VERBS})(?:\s+on\s+\w+)?(?:\s+in a statement)?\s+(?:that\s+)?"
        rf"(?P<content>[^“”\"]{{15,400}}?[.!?])(?=\s|$)"
    )
    found: list[Quote] = []
    for p, para in enumerate(paragraphs):
        if "“" in para or '"' in para:
            known += _names_in(para)
            continue
        for m in pattern.finditer(para):
            content = m.group("content").strip()
            if len(content.split()) < 4:
                continue
            speaker, kind = _speaker(m.group("who"), known)
            verb = m.group("verb").lower()
            found.append(Quote(content, speaker, kind, verb, p, m.start("content"), m.end("content"), "indirect"))
        known += _names_in(para)
    return found


def _embedded(before: str) -> bool:
    """Whether a quote opens in the middle of a sentence (a fragment, not a quotation)."""
    stripped = before.rstrip()
    if not stripped:
        return False
    if stripped[-1] in ":,":
        return False
    if re.search(rf"\b(?:{_lexicon()['verb_re']})$", stripped, re.IGNORECASE):
        return False
    return stripped[-1] not in '.!?”"'


def _attribute_after(quote: Quote, after: str, known: list[str]) -> None:
    pats = _patterns()
    head = after[:200]
    match = pats["after_verb_first"].match(head) or pats["after_who_first"].match(head)
    if not match:
        return
    who = match.group("who")
    if who.lower().split()[0] in ("a", "an", "the", "his", "her", "their", "its"):
        # "said the union’s chief negotiator, Rui Matos" -> the name after the description
        tail = head[match.end() :]
        name = re.match(rf"^,\s+({_NAME})\b", tail)
        if name and match.re is pats["after_verb_first"]:
            who = name.group(1)
    quote.speaker, quote.speaker_kind = _speaker(who, known)
    quote.cue = match.group("verb").lower()


@dataclass(slots=True)
class _Found:
    quote: Quote
    article: str
    sentence: int


def article_quotes(article: Any, sentences: list[Any]) -> list[_Found]:
    """The direct quotes of a stored article, each placed in the sentence where it starts."""
    body = [ln for ln in article.lines if ln.kind == "body"]
    offsets: list[int] = []
    cursor = 0
    for line in article.lines:
        if line.kind == "dropped":
            continue
        if line.kind == "body":
            offsets.append(cursor)
        cursor += len(line.text) + 1
    found = []
    paragraphs = [ln.text for ln in body]
    for quote in extract_quotes(paragraphs) + indirect_speech(paragraphs):
        position = offsets[quote.paragraph] + quote.start
        index = next((s.index for s in sentences if s.start <= position < s.end + 1), None)
        if index is None and sentences:
            index = min(sentences, key=lambda s: abs(s.start - position)).index
        found.append(_Found(quote, article.id, index if index is not None else 0))
    return found


def _speaker_key(speaker: str | None) -> str | None:
    from .names import name_key

    if not speaker or speaker[:1].islower():
        return None  # pronouns left unresolved and descriptions do not identify a speaker
    return name_key(speaker).split()[-1] if name_key(speaker) else None


_WORDS = re.compile(r"\w+")


def _overlap(a: str, b: str) -> float:
    """Share of the shorter quote's words found in the other (a quote cut shorter still matches)."""
    wa, wb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_MAX_PARTS = 4  # sentences of a long quote compared with other quotes


def _parts(text: str) -> list[str]:
    """A quote's sentences and clauses, for matching a short quote against part of a long one."""
    parts = [p.strip(' ,“”"') for p in _SENTENCE_END.split(text)]
    return [p for p in parts if len(p.split()) >= 3] or [text]


def align_quotes(found: list[_Found], encode: Any = None, *, overlap: float = 0.6, cosine: float = 0.85) -> list[Any]:
    """Group the quotes of a story that are one statement.

    Two quotes are one statement when their speakers agree (or one is not named) and some
    sentence of one matches some sentence of the other: by words (``overlap`` of the shorter's
    words, so a quote cut shorter still matches) or by meaning (embedding ``cosine``, for a
    translation or paraphrase). ``encode`` embeds a list of texts (L2-normalised rows).

    The cosine default is deliberately high: with all-MiniLM-L6-v2, two different statements
    on one topic can score 0.75-0.80 while two translations of one statement can score near
    0.6, so a lower threshold merges what should stay apart. It is provisional until measured
    on a labelled set of aligned quotes.
    """
    from .records import Citation, QuoteVariant, StoryQuote

    parts = [_parts(item.quote.text)[:_MAX_PARTS] for item in found]
    keys = [_speaker_key(item.quote.speaker) for item in found]
    vectors: list[Any] = []
    if encode is not None and len({item.article for item in found}) > 1:  # one article: nothing to align
        flat = [p for ps in parts for p in ps]
        matrix = encode(flat)
        start = 0
        for ps in parts:
            vectors.append(matrix[start : start + len(ps)])
            start += len(ps)

    def same(i: int, j: int) -> bool:
        if _overlap(found[i].quote.text, found[j].quote.text) >= overlap:
            return True
        if any(_overlap(a, b) >= overlap for a in parts[i] for b in parts[j]):
            return True
        return bool(vectors) and float((vectors[i] @ vectors[j].T).max()) >= cosine

    groups: list[list[int]] = []
    for i, _item in enumerate(found):
        key = keys[i]
        for group in groups:
            known = {keys[g] for g in group} - {None}
            if key and known and key not in known:
                continue
            if any(same(i, g) for g in group):
                group.append(i)
                break
        else:
            groups.append([i])
    out = []
    for group in sorted(groups, key=lambda g: (-len({found[i].article for i in g}), g[0])):
        head = found[group[0]]
        speaker = next((found[i].quote.speaker for i in group if _speaker_key(found[i].quote.speaker)), None)
        speaker = speaker or head.quote.speaker
        wordings: dict[str, list[Citation]] = {}
        for i in group:
            wordings.setdefault(found[i].quote.text, []).append(Citation(found[i].article, found[i].sentence))
        texts = list(wordings)
        kind = "direct" if any(found[i].quote.kind == "direct" for i in group) else "indirect"
        out.append(
            StoryQuote(
                speaker,
                texts[0],
                wordings[texts[0]],
                [QuoteVariant(t, wordings[t]) for t in texts[1:]],
                kind,
            )
        )
    return out
