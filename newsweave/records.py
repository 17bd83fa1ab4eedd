"""Typed records that flow between the pipeline stages.

sources → :class:`RawArticle` → clean → :class:`Article` → annotate → :class:`Annotation`
→ stories → :class:`Story` (with summary, timeline and actors).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from newsweave.errors import Errors

LineKind = Literal["title", "dek", "heading", "body", "dropped"]
SentenceKind = Literal["title", "dek", "heading", "body"]


@dataclass(slots=True)
class Skipped:
    """An input item that was not read, with where it is and why."""

    source: str
    line: int | None
    error: Errors
    message: str
    expected: bool = False  # routine (e.g. a WARC request record): counted, logged at debug level only

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass(slots=True)
class RawArticle:
    """One input item as a reader found it, before cleaning."""

    source: str
    text: str
    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    line: int | None = None  # 1-based line of a JSONL/CSV record in its file
    is_html: bool = False
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Line:
    """A line of the input with what cleaning decided about it (1-based ``number``)."""

    number: int
    text: str
    kind: LineKind
    reason: str | None = None
    score: float | None = None  # the line classifier's probability that the line is boilerplate


@dataclass(slots=True)
class Article:
    """A cleaned article: metadata, the raw text kept intact, and its classified lines."""

    id: str
    source: str
    raw_text: str
    lines: list[Line]
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    content_hash: str = ""
    published_source: str | None = None  # "record", "user", "inferred" (from its text) or "story" (None: unknown)
    published_evidence: list[str] = field(default_factory=list)

    @property
    def body(self) -> list[Line]:
        """The body lines, in order."""
        return [ln for ln in self.lines if ln.kind == "body"]

    @property
    def label(self) -> str:
        """What to call the article where it is listed: its title, else the opening words of its
        standfirst or first body line (many pages and text files have no title), else its source."""
        if self.title:
            return self.title
        for kind in ("dek", "body"):
            line = next((ln.text for ln in self.lines if ln.kind == kind and ln.text.strip()), None)
            if line:
                return opening_words(line)
        return self.source

    @property
    def dropped(self) -> list[Line]:
        """The lines cleaning dropped, each with its reason."""
        return [ln for ln in self.lines if ln.kind == "dropped"]


_UNKNOWN_OUTLET = "source:"


OUTLET_UNKNOWN = "outlet unknown"  # how every page, report and command names a missing outlet


def clean_text(article: Article) -> str:
    """The article's kept lines (title, dek, headings, body) joined by newlines."""
    return "\n".join(ln.text for ln in article.lines if ln.kind != "dropped")


def outlet_key(article: Article) -> str:
    """The outlet an article counts for when outlets are compared: its outlet, else the article
    itself (``source:<id>``), so that articles whose outlets are unknown never count as one outlet."""
    return article.outlet or f"{_UNKNOWN_OUTLET}{article.id}"


def outlet_name(key: str, numbers: Mapping[str, int]) -> str:
    """An outlet key as a reader sees it: an unknown outlet by its article's number on the page."""
    if not key.startswith(_UNKNOWN_OUTLET):
        return key
    number = numbers.get(key[len(_UNKNOWN_OUTLET) :])
    return f"{OUTLET_UNKNOWN} [{number}]" if number else OUTLET_UNKNOWN


def outlets_label(known: Sequence[str], unknown: int = 0) -> str:
    """The outlets of a story or event as a reader sees them: the known ones, then 'outlet unknown'
    (with how many articles, when more than one) for the articles that name none."""
    names = list(known)
    if unknown:
        names.append(OUTLET_UNKNOWN if unknown == 1 else f"{OUTLET_UNKNOWN} ({unknown} articles)")
    return ", ".join(names) or OUTLET_UNKNOWN


def event_when(event: dict[str, Any], joiner: str = "..") -> str:
    """An event's dates as a reader sees them: "2024-03-01..2024-03-04 (inferred)", "undated",
    "undated, not before 2024-02-27" (the latest date its articles mention)."""
    when = event.get("first_date") or (
        f"undated, not before {event['not_before']}" if event.get("not_before") else "undated"
    )
    if event.get("last_date") and event.get("last_date") != event.get("first_date"):
        when += f"{joiner}{event['last_date']}"
    if event.get("dated") == "inferred":
        when += " (inferred)"
    return str(when)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun in the right number: '1 article', '3 articles', '1 story', '2 stories'."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def opening_words(text: str, words: int = 14) -> str:
    """The first sentence of ``text`` when it has at most ``words`` words, else its first
    ``words`` words and an ellipsis: a label for an article that has no title."""
    tokens = text.split()
    for i, token in enumerate(tokens[:words]):
        if token.endswith((".", "!", "?")) and i >= 3 and not (len(token) <= 3 and token[:1].isupper()):
            return " ".join(tokens[: i + 1])
    if len(tokens) <= words:
        return " ".join(tokens)
    return " ".join(tokens[:words]).rstrip(",;:") + "…"


@dataclass(slots=True)
class Sentence:
    """A sentence of an article; ``index`` is its position in the article (0-based).

    ``part`` is 0 for a whole sentence; a claim that is one clause of a sentence holding two
    facts is part 1, 2, … of it (same ``index``, its own text and span: :mod:`newsweave.text.clauses`).
    """

    article_id: str
    index: int
    text: str
    kind: SentenceKind
    start: int
    end: int
    part: int = 0


@dataclass(slots=True)
class Entity:
    """A named entity or temporal expression, with its normalised date value if any."""

    article_id: str
    sentence: int
    text: str
    label: str
    start: int
    end: int
    value: str | None = None  # for DATE: ISO-like value (2022-06-23, 2022-06, 2022)


@dataclass(slots=True)
class Annotation:
    """What the annotate stage sets on one article."""

    article_id: str
    sentences: list[Sentence]
    entities: list[Entity]
    vector: list[float]  # document embedding (title and lead), L2-normalised
    terms: dict[str, int] = field(default_factory=dict)  # content-word counts of the body


@dataclass(slots=True)
class Citation:
    """A pointer to one sentence of one article."""

    article: str
    sentence: int

    def as_dict(self) -> dict[str, object]:
        """The citation as ``stories.json`` writes it: ``{"article", "sentence"}``."""
        return {"article": self.article, "sentence": self.sentence}


@dataclass(slots=True)
class SummarySentence:
    text: str
    citations: list[Citation]
    date: str | None = None
    outlets: int = 0  # distinct outlets of the cited articles


@dataclass(slots=True)
class TimelineEntry:
    date: str
    text: str
    citations: list[Citation]


@dataclass(slots=True)
class Role:
    """A title or position an article gives an actor, dated by that article."""

    title: str
    as_of: str | None
    citations: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class Actor:
    name: str
    type: str
    aliases: list[str]
    mentions: int
    articles: int = 0
    roles: list[Role] = field(default_factory=list)  # oldest first


@dataclass(slots=True)
class QuoteVariant:
    """One outlet's wording of a statement, with the articles that print it so."""

    text: str
    citations: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class StoryQuote:
    """A statement by one speaker, as printed first, and the other wordings of it."""

    speaker: str | None
    text: str
    citations: list[Citation] = field(default_factory=list)
    variants: list[QuoteVariant] = field(default_factory=list)
    kind: str = "direct"  # or "indirect" (reported speech)


@dataclass(slots=True)
class Story:
    """A developing story: its events in order, their articles, and what was written for it."""

    id: str
    article_ids: list[str]
    title: str = ""
    outlets: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    summary: list[SummarySentence] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    copies: list[dict[str, Any]] = field(default_factory=list)  # near-duplicates of member articles
    quotes: list[StoryQuote] = field(default_factory=list)
    coverage: dict[str, Any] = field(default_factory=dict)  # claims, unique, disagreements, matrix
    # the story's events in order: {"id", "title", "first_date", "last_date", "articles", "outlets",
    # "summary", "dated"}; "dated" is "record" or "inferred" (from the text, with "evidence")
    events: list[dict[str, Any]] = field(default_factory=list)
    # articles and copies that name no outlet: each counts as an outlet of its own
    unknown_outlets: int = 0

    @property
    def outlet_count(self) -> int:
        """How many outlets covered the story: the named ones, and one per article naming none."""
        return len(self.outlets) + self.unknown_outlets

    def to_dict(self) -> dict[str, Any]:
        """The story as in the ``stories.json`` contract."""
        return {
            "id": self.id,
            "title": self.title,
            "articles": list(self.article_ids),
            "outlets": list(self.outlets),
            "unknown_outlets": self.unknown_outlets,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "summary": [asdict(s) for s in self.summary],
            "timeline": [asdict(t) for t in self.timeline],
            "actors": [asdict(a) for a in self.actors],
            "copies": [dict(c) for c in self.copies],
            "quotes": [asdict(q) for q in self.quotes],
            "claims": list(self.coverage.get("claims", [])),
            "unique_claims": dict(self.coverage.get("unique", {})),
            "disagreements": list(self.coverage.get("disagreements", [])),
            "coverage_matrix": dict(self.coverage.get("matrix", {})),
            "events": [dict(e) for e in self.events],
        }


@dataclass(slots=True)
class StoryMaterial:
    """What the synthesis stages (summary, timeline, actors) read of one story."""

    story_id: str
    articles: list[Article]
    sentences: dict[str, list[Sentence]]
    entities: dict[str, list[Entity]]

    def article_date(self, article_id: str) -> str | None:
        for article in self.articles:
            if article.id == article_id:
                return article.published
        return None


# -- stage declarations -----------------------------------------------------------------------
# Each stage declares what it reads and what it sets, as spaCy's components do; the runner
# lists its stages in the order it runs them and :func:`check_order` refuses an order in which
# a stage would read what no stage before it has set.


def stage(*, requires: Sequence[str] = (), assigns: Sequence[str] = ()) -> Any:
    """Mark a stage function with what it ``requires`` and what it ``assigns`` (names such as
    ``"articles"``, ``"sentences"``, ``"events.members"``)."""

    def mark(fn: Any) -> Any:
        fn.requires = tuple(requires)
        fn.assigns = tuple(assigns)
        return fn

    return mark


def check_order(stages: Sequence[Any], given: Sequence[str] = ()) -> list[str]:
    """What the ``stages`` set in turn, starting from ``given``; raises ``ValueError`` naming the
    first stage that requires what is not set yet, and what it lacks."""
    present = list(given)
    for fn in stages:
        missing = [need for need in getattr(fn, "requires", ()) if need not in present]
        if missing:
            name = getattr(fn, "__qualname__", repr(fn))
            raise ValueError(f"stage {name} requires {', '.join(missing)}, which no stage before it assigns")
        present.extend(a for a in getattr(fn, "assigns", ()) if a not in present)
    return present
