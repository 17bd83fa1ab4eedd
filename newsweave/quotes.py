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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .actors import TYPES, demonym_state
from .config import Config
from .records import Actor, StoryMaterial

_NAME_WORD = r"[A-Z][\w'’.-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|van|von|al|bin|da|di|la|le|el))*"
_MIN_WORDS = 3


@dataclass(slots=True)
class Quote:
    """One quote: its words, speaker (as written and resolved), cue verb, place and kind."""

    text: str
    speaker: str | None
    speaker_kind: str  # "named", "pronoun", "description", "title", "continued", or "unknown"
    cue: str | None
    paragraph: int
    start: int  # where the quoted words start in paragraph ``paragraph``
    end: int  # where they end, in paragraph ``end_paragraph`` (the same one unless the quote goes on)
    kind: str = "direct"  # or "indirect": reported speech without quotation marks
    end_paragraph: int = -1  # -1: the paragraph it starts in


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    data = json.loads(resources.files("newsweave.rules").joinpath("quotes_en.json").read_text("utf-8"))
    verbs = "|".join(sorted((re.escape(v) for v in data["verbs"]), key=len, reverse=True))
    data["verb_re"] = verbs
    data["honorifics_set"] = frozenset(h.lower() for h in data["honorifics"])
    places = "|".join(re.escape(w) for w in data["place_prepositions"])
    data["place_re"] = re.compile(rf"\b(?:{places})\s+(?:the\s+)?$", re.IGNORECASE)
    words = "|".join(re.escape(w) for w in data["negations"] if w.isalpha())
    data["negation_re"] = re.compile(rf"\b(?:{words})\b|n[’']t\b", re.IGNORECASE)
    return data


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = _lexicon()
    # Only the verbs, pronouns and determiners ignore case: names must be capitalised.
    adverb = "|".join(re.escape(a) for a in lex["adverbs"])
    verb = rf"(?:(?i:{adverb})\s+)?(?P<verb>(?i:{lex['verb_re']}))"  # "a source allegedly said"
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


def _names_in(text: str, people: People | None = None) -> list[str]:
    """Person-like names in order, titles removed: two or more capitalised words, and with the
    story's ``people`` also a known person's surname alone ("Dalton said"), but never a name the
    story knows as a place or an organisation, one after "in" or "at" ("in Port Elden"), nor a
    nationality ("South Koreans")."""
    found = []
    lex = _lexicon()
    for m in re.finditer(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})*", text):
        words = _clean_name(m.group(0).rstrip(".")).split()  # "… in Port Elden." ends a sentence
        if not words:
            continue
        subs = [" ".join(words[cut:]) for cut in range(len(words))]  # "But Gregg Smith", "Gregg Smith", …
        if people is not None:
            full = next((people.names[sub] for sub in subs if sub in people.names), None)
            if full:
                found.append(full)
                continue
            if any(sub in people.others for sub in subs):
                continue
        if lex["place_re"].search(text[max(0, m.start() - 12) : m.start()]) or demonym_state(words[-1]):
            continue  # "in Port Elden", "South Koreans"
        name = subs[0]
        if len(words) >= 2 and not any(w.lower() in lex["not_names"] for w in words):
            found.append(name)
    return found


_NOT_PERSONS = frozenset(TYPES) - {"PERSON"} | {"NORP"}


def _unique_surnames(full_names: Iterable[str]) -> dict[str, str]:
    """Each surname that only one of ``full_names`` has, mapped to that full name."""
    holders: dict[str, set[str]] = {}
    for name in full_names:
        if " " in name:
            holders.setdefault(name.split()[-1], set()).add(name)
    return {surname: next(iter(names)) for surname, names in holders.items() if len(names) == 1}


@dataclass(frozen=True)
class People:
    """What the story knows its names to be: ``names`` maps each way a person is named (the full
    name, an alias, or a surname only one person has) to the display name; ``others`` are the
    names of places, organisations and groups. Build with :meth:`from_actors` (types by majority
    over the story) or :meth:`from_entities` (one text's NER labels)."""

    names: dict[str, str]
    others: frozenset[str]

    @classmethod
    def from_actors(cls, actors: Iterable[Actor], groups: Iterable[str] = ()) -> People:
        """From the story's actors (:func:`newsweave.actors.extract_actors`) and the names of
        its nationalities and groups (``groups``: "South Koreans", which are not actors)."""
        names: dict[str, str] = {}
        others: set[str] = {g.strip() for g in groups}
        for actor in actors:
            forms = [actor.name, *actor.aliases]
            if actor.type != "person":
                others.update(forms)
                continue
            for form in forms:
                names[_clean_name(form)] = actor.name
        persons = {a.name for a in actors if a.type == "person"}
        names = {**_unique_surnames(persons), **names}
        return cls(names, frozenset(others - set(names)))

    @classmethod
    def from_entities(cls, entities: Iterable[Any]) -> People:
        """From named entities (``text`` and ``label``) of one text, without a story."""
        entities = list(entities)
        persons = {_clean_name(e.text.strip()) for e in entities if e.label == "PERSON" and e.text.strip()}
        names = {**{name: name for name in persons}, **_unique_surnames(persons)}  # "Dalton" alone: Emre Dalton
        others = {e.text.strip() for e in entities if e.label in _NOT_PERSONS}
        return cls(names, frozenset(others - persons))

    def with_persons(self, found: Iterable[str]) -> People:
        """These people too: names the text introduces with a title ("chief executive, Sofia
        Marques") are persons whatever a tagger said."""
        extra = {name: self.names.get(name, name) for name in found}
        if all(name in self.names for name in extra):
            return self
        return People({**self.names, **extra}, self.others - set(extra))


def _titled_names(text: str) -> list[tuple[str, str]]:
    """(title, name) of the people the text introduces with a title ("Prime Minister Lena
    Varga", "Emre Dalton, Valmora's defence minister,")."""
    from .roles import roles_in_sentence, title_key

    found = []
    for m in re.finditer(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})+", text):
        name = _clean_name(m.group(0))
        at = m.group(0).rfind(name)
        if len(name.split()) < 2 or at < 0 or any(w.lower() in _lexicon()["not_names"] for w in name.split()):
            continue
        start = m.start() + at
        found += [(title_key(t), name) for t in roles_in_sentence(text, start, start + len(name))]
    return found


def _by_title(description: str, titled: list[tuple[str, str]]) -> str | None:
    """The one person the article gave the title a description names ("the prime minister")."""
    from .roles import title_key

    words = description.split()
    if len(words) < 2 or words[0].lower() != "the":
        return None
    wanted = title_key(" ".join(words[1:]))
    names = {name for title, name in titled if title == wanted or title.endswith(" " + wanted)}
    return names.pop() if len(names) == 1 else None


def extract_quotes(paragraphs: list[str], people: People | None = None) -> list[Quote]:
    """The direct quotes of an article given as its body paragraphs, in order.

    A speaker given as a title with "the" ("the prime minister said") is the person the article
    introduced with that title, when it introduced exactly one (``speaker_kind`` "title"). A
    pronoun is the person named last; with ``people`` (:class:`People`) a surname alone counts as
    a name and a place or a firm named last is passed over.
    """
    pats = _patterns()
    quotes: list[Quote] = []
    known: list[str] = []  # names seen so far: the referents of pronouns and surnames
    titled: list[tuple[str, str]] = []  # (title, name) introduced so far
    previous: Quote | None = None
    open_quote: Quote | None = None
    for p, para in enumerate(paragraphs):
        para = curl_quotes(para)
        spans = _quote_spans(para)
        if open_quote is not None and not (spans and spans[0][0] == 1):
            open_quote = None  # a paragraph that does not open with a quote mark ends the open quote
        cursor = 0
        introduced = _titled_names(para)
        titled += introduced
        if people is not None and introduced:
            people = people.with_persons(name for _, name in introduced)
        for start, end, closed in spans:
            known += _names_in(para[cursor : max(start - 1, cursor)], people)
            text = para[start:end].strip()
            if open_quote is not None and start == 1:  # the previous paragraph's quote goes on
                open_quote.text = f"{open_quote.text} {text}".strip()
                open_quote.end, open_quote.end_paragraph = end, p
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
            if quote.speaker and quote.speaker_kind == "description":
                holder = _by_title(quote.speaker, titled)
                if holder:
                    quote.speaker, quote.speaker_kind = holder, "title"
            if quote.speaker and quote.speaker_kind in ("named", "pronoun") and " " in quote.speaker:
                known.append(quote.speaker)
            previous = quote
            cursor = end
        known += _names_in(para[cursor:], people)
    return quotes


_INDIRECT_VERBS = (
    r"(?i:said|says|told (?:reporters|journalists|lawmakers|parliament|the \w+)|announced|warned|claimed|"
    r"insisted|added|stressed|argued|noted|confirmed)"
)


def indirect_speech(paragraphs: list[str], known: list[str] | None = None, people: People | None = None) -> list[Quote]:
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
            known += _names_in(para, people)
            continue
        for m in pattern.finditer(para):
            content = m.group("content").strip()
            if len(content.split()) < 4:
                continue
            speaker, kind = _speaker(m.group("who"), known)
            verb = m.group("verb").lower()
            found.append(Quote(content, speaker, kind, verb, p, m.start("content"), m.end("content"), "indirect"))
        known += _names_in(para, people)
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
    start: int = 0  # where the quoted words start and end in the article's clean text
    end: int = 0  # (its kept lines joined by newlines)


def article_quotes(article: Any, sentences: list[Any], people: People | None = None) -> list[_Found]:
    """The quotes of a stored article, each placed in the sentence where it starts; ``people``
    (:class:`People`) tells pronouns which names are persons."""
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
    for quote in extract_quotes(paragraphs, people) + indirect_speech(paragraphs, people=people):
        position = offsets[quote.paragraph] + quote.start
        stop = offsets[quote.paragraph if quote.end_paragraph < 0 else quote.end_paragraph] + quote.end
        index = next((s.index for s in sentences if s.start <= position < s.end + 1), None)
        if index is None and sentences:
            index = min(sentences, key=lambda s: abs(s.start - position)).index
        found.append(_Found(quote, article.id, index if index is not None else 0, position, stop))
    return found


def story_quotes(material: StoryMaterial, actors: list[Actor] | None = None) -> list[_Found]:
    """The quotes of every article of a story; the story's ``actors`` tell the finder which
    names are persons (the referents of pronouns) and which are places or organisations."""
    people = None
    if actors is not None:
        groups = {e.text for a in material.articles for e in material.entities.get(a.id, []) if e.label == "NORP"}
        people = People.from_actors(actors, groups)
    return [
        found
        for article in material.articles
        for found in article_quotes(article, material.sentences.get(article.id, []), people)
    ]


def _speaker_vectors(found: list[_Found], keys: list[str | None], encode: Any) -> dict[int, Any]:
    """Embeddings of the parts of each quote whose named speaker is quoted in several articles."""
    if encode is None:
        return {}
    articles: dict[str, set[str]] = {}
    for item, key in zip(found, keys, strict=True):
        if key:
            articles.setdefault(key, set()).add(item.article)
    chosen = [i for i, key in enumerate(keys) if key and len(articles[key]) > 1]
    if not chosen:
        return {}
    parts = {i: quote_parts(found[i].quote.text) for i in chosen}
    matrix = encode([p for i in chosen for p in parts[i]])
    vectors, start = {}, 0
    for i in chosen:
        vectors[i] = matrix[start : start + len(parts[i])]
        start += len(parts[i])
    return vectors


def speaker_key(speaker: str | None) -> str | None:
    """The surname key that identifies a named speaker (``None`` for pronouns and descriptions)."""
    from .names import name_key

    if not speaker or speaker[:1].islower():
        return None  # pronouns left unresolved and descriptions do not identify a speaker
    return name_key(speaker).split()[-1] if name_key(speaker) else None


_WORDS = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def _word_set(text: str) -> frozenset[str]:
    """The distinct lower-cased words of a text (cached: alignment compares each quote many times)."""
    return frozenset(_WORDS.findall(text.lower()))


def _overlap(a: str, b: str) -> float:
    """Share of the shorter quote's words found in the other (a quote cut shorter still matches)."""
    wa, wb = _word_set(a), _word_set(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_MAX_PARTS = 4  # sentences of a long quote compared with other quotes
_OPPOSITE_OVERLAP = 0.5
_MIN_PART_WORDS = 5  # distinct words of a quote's sentence compared by words alone


@lru_cache(maxsize=4096)
def _parts(text: str) -> tuple[str, ...]:
    """A quote's sentences and clauses, for matching a short quote against part of a long one."""
    parts = [p.strip(' ,“”"') for p in _SENTENCE_END.split(text)]
    return tuple(p for p in parts if len(p.split()) >= 3) or (text,)


def _closest(a: str, b: str) -> tuple[float, str, str]:
    """The word overlap of the closest pair among the quotes' sentences and the whole quotes, and
    that pair (on a tie, the sentences: the narrowest text that matches)."""
    best = (-1.0, a, b)
    for x in _parts(a)[:_MAX_PARTS]:
        for y in _parts(b)[:_MAX_PARTS]:
            if min(_distinct_words(x), _distinct_words(y)) < _MIN_PART_WORDS:
                continue  # "This is stupid." shares two of its three words with too much
            score = _overlap(x, y)
            if score > best[0]:
                best = (score, x, y)
    whole = _overlap(a, b)
    return (whole, a, b) if whole > best[0] else best


def _distinct_words(text: str) -> int:
    return len(_word_set(text))


def wording_overlap(a: str, b: str) -> float:
    """How much two quotes share their words: the best of the whole quotes and of any pair of
    their sentences (share of the shorter one's words, so a quote cut shorter still scores 1)."""
    return _closest(a, b)[0]


def opposite(a: str, b: str) -> bool:
    """Two wordings whose closest sentences share most words (overlap ≥ 0.5) while only one of
    the two is negated are opposite statements ("We will sign" / "We will not sign")."""
    return _opposed(*_closest(a, b))


def _opposed(score: float, x: str, y: str) -> bool:
    negation = _lexicon()["negation_re"]
    return score >= _OPPOSITE_OVERLAP and bool(negation.search(x)) != bool(negation.search(y))


def quote_parts(text: str) -> list[str]:
    """The pieces of a quote that are embedded to compare meanings (at most four sentences)."""
    return list(_parts(text)[:_MAX_PARTS])


def align_quotes(
    found: list[_Found],
    encode: Any = None,
    *,
    overlap: float = Config.quote_overlap,
    cosine: float = Config.quote_cosine,
) -> list[Any]:
    """Group the quotes of a story that are one statement.

    Two quotes are one statement when their speakers agree (or one is not named) and their
    words match (:func:`wording_overlap` ≥ ``overlap``, so a quote cut shorter still matches),
    or, for a translation or paraphrase, when they come from different articles, the same
    named speaker says both and some sentence of one is close in meaning to some sentence of
    the other (embedding ``cosine``; ``encode`` embeds a list of texts as L2-normalised rows).
    Only the quotes of speakers quoted in more than one article are embedded.

    The defaults were measured on a labelled set of quote pairs written for the project
    (``benchmarks/alignment.py``: translations, paraphrases, shortened and lightly edited
    quotes against different statements on the same topic by the same speaker).
    """
    from .records import Citation, QuoteVariant, StoryQuote

    keys = [speaker_key(item.quote.speaker) for item in found]
    vectors = _speaker_vectors(found, keys, encode)

    def same(i: int, j: int) -> bool:  # each pair is asked once: i joins the first group that matches
        closest = _closest(found[i].quote.text, found[j].quote.text)
        if _opposed(*closest):
            return False
        if closest[0] >= overlap:
            return True
        if i not in vectors or j not in vectors or found[i].article == found[j].article or keys[i] != keys[j]:
            return False
        return float((vectors[i] @ vectors[j].T).max()) >= cosine

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
        speaker = next((found[i].quote.speaker for i in group if speaker_key(found[i].quote.speaker)), None)
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
