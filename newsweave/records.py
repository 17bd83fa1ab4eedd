"""Typed records that flow between the pipeline stages.

sources → :class:`RawArticle` → clean → :class:`Article` → annotate → :class:`Annotation`
→ stories → :class:`Story` (with summary, timeline and actors).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from newsweave.errors import Errors

LineKind = Literal["title", "dek", "heading", "body", "dropped"]
SentenceKind = Literal["title", "dek", "heading", "body"]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """``value`` with its dataclasses made dicts, recursively, as :func:`dataclasses.asdict` makes
    them (same keys in the same order; lists and dicts rebuilt, tuples kept tuples), without
    deep-copying the leaves: the records hold strings, numbers and None, and asdict's copying
    was most of the time of writing a store's lines and a story's ``stories.json``."""
    kind = type(value)
    names = _FIELD_NAMES.get(kind)
    if names is None and hasattr(kind, "__dataclass_fields__"):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if kind is list:
        return [plain(v) for v in value]
    if kind is dict:
        return {plain(k): plain(v) for k, v in value.items()}
    if kind is tuple:
        return tuple(plain(v) for v in value)
    return value


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
    # An HTML page flattened to plain text, beside trafilatura's extraction in ``text`` when that
    # is short: the clean stage reads whichever holds the article (newsweave.clean.choice).
    page_text: str | None = None
    # trafilatura's extraction of the page favouring precision: the lines of ``text`` not in it are
    # doubtful, and the clean stage drops a doubtful line its classifier finds likely boilerplate.
    core_text: str | None = None
    # The page's standfirst that trafilatura left out, found by the page's description
    # (newsweave.ingest.html.page_lead): the first line of ``text``; the clean stage trusts it as
    # it trusts ``core_text``.
    lead: str | None = None


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


_FILE_GROUP = "file:"


def boilerplate_group(article: Article) -> str:
    """Whose boilerplate an article's recurring lines are, as one key: its outlet, or for an
    article whose outlet is unknown ``file:<path>``, the file it was read from (an export or scrape
    of one site, as a rule: a site's comment notices and promotions recur across its records). An
    article read from a file of its own never shares a file group."""
    if article.outlet:
        return article.outlet
    path, _, line = article.source.rpartition(":")  # a record of a file is read as PATH:LINE
    return f"{_FILE_GROUP}{path if path and line.isdigit() else article.source}"


def group_file(key: str) -> str | None:
    """The source file of a :func:`boilerplate_group` of an article without an outlet, else None."""
    return key[len(_FILE_GROUP) :] if key.startswith(_FILE_GROUP) else None


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


def days_when(first: str | None, last: str | None, joiner: str = "..") -> str:
    """A span of days as a reader sees it: "2024-03-01..2024-03-04", "2024-03-01", "undated"."""
    if not first:
        return "undated"
    return first if not last or last == first else f"{first}{joiner}{last}"


def event_when(event: Event, joiner: str = "..") -> str:
    """An event's dates as a reader sees them: "2024-03-01..2024-03-04 (inferred)", "undated",
    "undated, not before 2024-02-27" (the latest date its articles mention)."""
    when = event.first_date or (f"undated, not before {event.not_before}" if event.not_before else "undated")
    if event.last_date and event.last_date != event.first_date:
        when += f"{joiner}{event.last_date}"
    if event.dated == "inferred":
        when += " (inferred)"
    return when


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
class CitedText:
    """A wording and the sentences that state it: a side of a disagreement, a sentence of an
    event's summary, one outlet's wording of a quote."""

    text: str
    citations: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class QuoteVariant(CitedText):
    """One outlet's wording of a statement, the articles that print it so, and the speaker those
    articles give it (which may be no name, or a description, where the statement's is a name)."""

    speaker: str | None = None


@dataclass(slots=True)
class StoryQuote:
    """A statement by one speaker, as printed first, and the other wordings of it."""

    speaker: str | None
    text: str
    citations: list[Citation] = field(default_factory=list)
    variants: list[QuoteVariant] = field(default_factory=list)
    kind: str = "direct"  # or "indirect" (reported speech), "denied" (what the speaker denied: "X denied that …")


@dataclass(slots=True)
class Claim:
    """One fact as outlets state it: its most representative wording, the outlets, every sentence stating it."""

    text: str
    outlets: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class Disagreement:
    """Outlets giving one thing different values: ``kind`` is "number", "date", "title" or
    "attribution"; each side is a wording with the sentences that give it. Kind "update" is no
    disagreement: a count later reports give anew ("the death toll rose to 15"), sides earliest first."""

    about: str
    kind: str
    sides: list[CitedText] = field(default_factory=list)


@dataclass(slots=True)
class CoverageMatrix:
    """Which outlet reports which of the most reported claims: ``reports[o][c]`` is 1 or 0."""

    outlets: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    reports: list[list[int]] = field(default_factory=list)


@dataclass(slots=True)
class Coverage:
    """How coverage differs: the claims most outlets report, each outlet's own, the disagreements
    and the outlet × claim matrix (``None`` for a story of one article: nothing to compare)."""

    claims: list[Claim] = field(default_factory=list)
    unique: dict[str, list[Claim]] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    matrix: CoverageMatrix | None = None

    def to_dict(self) -> dict[str, Any]:
        """The coverage as the ``stories.json`` contract gives it (keys of the story)."""
        return {
            "claims": [plain(c) for c in self.claims],
            "unique_claims": {o: [plain(c) for c in claims] for o, claims in self.unique.items()},
            "disagreements": [plain(d) for d in self.disagreements],
            "coverage_matrix": plain(self.matrix) if self.matrix is not None else {},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Coverage:
        """Read back what :meth:`to_dict` wrote (the keys of a story in ``stories.json``)."""

        def claim(c: Mapping[str, Any]) -> Claim:
            return Claim(c["text"], list(c.get("outlets", [])), cites(c.get("citations", [])))

        matrix = data.get("coverage_matrix") or None
        return cls(
            [claim(c) for c in data.get("claims", [])],
            {o: [claim(c) for c in claims] for o, claims in data.get("unique_claims", {}).items()},
            [
                Disagreement(d["about"], d["kind"], [CitedText(s["text"], cites(s["citations"])) for s in d["sides"]])
                for d in data.get("disagreements", [])
            ],
            CoverageMatrix(matrix["outlets"], matrix["claims"], matrix["reports"]) if matrix else None,
        )


@dataclass(slots=True)
class Event:
    """One happening of a developing story as written: its headline, its dates (``dated`` is
    "record" when they are those its articles' records gave, "inferred" when no record gave one
    and they are inferred from the texts or the story, None when undated; an undated event keeps
    the latest full date its articles mention as ``not_before``, with the ``evidence``), its
    articles and outlets, and a short summary of cited sentences."""

    id: str
    title: str = ""
    first_date: str | None = None
    last_date: str | None = None
    dated: str | None = None
    not_before: str | None = None
    evidence: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    summary: list[CitedText] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The event as ``stories.json`` gives it."""
        return plain(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        """Read back what :meth:`to_dict` wrote."""
        return cls(
            id=data["id"],
            title=data.get("title") or "",
            first_date=data.get("first_date"),
            last_date=data.get("last_date"),
            dated=data.get("dated"),
            not_before=data.get("not_before"),
            evidence=list(data.get("evidence", [])),
            articles=list(data.get("articles", [])),
            outlets=list(data.get("outlets", [])),
            summary=[CitedText(s["text"], cites(s.get("citations", []))) for s in data.get("summary", [])],
        )


def cites(items: Sequence[Mapping[str, Any]]) -> list[Citation]:
    """Citations from their ``stories.json`` form (``{"article", "sentence"}``)."""
    return [Citation(c["article"], int(c["sentence"])) for c in items]


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
    coverage: Coverage = field(default_factory=Coverage)
    events: list[Event] = field(default_factory=list)  # in the order they happened
    # articles and copies that name no outlet: each counts as an outlet of its own
    unknown_outlets: int = 0

    @property
    def outlet_count(self) -> int:
        """How many outlets covered the story: the named ones, and one per article naming none."""
        return len(self.outlets) + self.unknown_outlets

    @property
    def outlets_line(self) -> str:
        """The story's outlets as a reader sees them: "3 outlets", "3 outlets, 2 articles naming
        none", "outlet unknown" (articles naming no outlet are not counted as outlets here)."""
        named = counted(len(self.outlets), "outlet") if self.outlets else ""
        if not self.unknown_outlets:
            return named or OUTLET_UNKNOWN
        if not named:
            return OUTLET_UNKNOWN
        return f"{named}, {' and '.join(self._unnamed())} naming none"

    def _unnamed(self) -> list[str]:
        """The articles and the copies naming no outlet, counted apart ("28 articles", "2 copies")."""
        copies = sum(not c.get("outlet") for c in self.copies)
        parts = [counted(self.unknown_outlets - copies, "article")] if self.unknown_outlets > copies else []
        return [*parts, counted(copies, "copy", "copies")] if copies else parts

    @property
    def unknown_label(self) -> str:
        """The articles and copies naming no outlet as a reader sees them: "outlet unknown (28
        articles, 2 copies)" (copies are not among the story's articles)."""
        parts = self._unnamed()
        return f"{OUTLET_UNKNOWN} ({', '.join(parts)})" if parts else OUTLET_UNKNOWN

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
            "summary": [plain(s) for s in self.summary],
            "timeline": [plain(t) for t in self.timeline],
            "actors": [plain(a) for a in self.actors],
            "copies": [dict(c) for c in self.copies],
            "quotes": [plain(q) for q in self.quotes],
            **self.coverage.to_dict(),
            "events": [e.to_dict() for e in self.events],
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
