"""Clean one input item into an article or a reason to skip it: what every engine runs.

The local engine calls :func:`clean_items` in the process that stores (which forks processes to
clean many records); the Ray engine calls it
on workers and sends the :class:`Cleaned` outcomes back to the driver, which logs them, counts
them and stores the articles (:meth:`newsweave.pipeline.runner.Newsweave.ingest`). Nothing here
logs a warning or touches the store: each outcome carries what is to be said about it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from newsweave.clean.article import clean_article
from newsweave.clean.choice import no_article_text
from newsweave.config import Config
from newsweave.errors import Errors
from newsweave.ingest import Skipped
from newsweave.ingest.base import invalid_text, json_kind
from newsweave.records import Article, RawArticle
from newsweave.runtime.budget import OverBudget, time_budget
from newsweave.runtime.forked import forked_map, worth_forking
from newsweave.text.dates import EARLIEST_YEAR, LATEST_YEAR, is_sane_published

log = logging.getLogger(__name__)

YEARS = {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
FORK_FROM = 64  # records from which the local engine cleans in forked processes
CHUNK = 8  # records a forked process cleans at a time
_TEXT_FIELDS = ("text", "source", "id", "title", "outlet", "published", "url", "page_text")


@dataclass(slots=True)
class Cleaned:
    """What became of one input item: its article, or why it was skipped, and warnings to log.

    ``record`` is false for an item the readers could not read as a record at all (a missing
    file, a malformed line): it is skipped without being counted among the articles read."""

    article: Article | None = None
    skipped: Skipped | None = None
    record: bool = True
    warnings: list[str] = field(default_factory=list)


def where(raw: RawArticle, *, line: bool = True) -> str:
    """Where a record comes from, printable (a source named in another encoding is escaped)."""
    source = str(raw.source).encode("utf-8", "backslashreplace").decode()
    return f"{source}:{raw.line}" if line and raw.line else source


def unstorable(raw: RawArticle) -> str | None:
    """Why a record cannot be cleaned and stored (a field that is not text, or text with a lone
    surrogate, which SQLite cannot store), or ``None``."""
    for name in _TEXT_FIELDS:
        value = getattr(raw, name)
        if value is None and name not in ("text", "source"):
            continue
        if not isinstance(value, str):
            return f"field '{name}' is {json_kind(value)}, not text"
        problem = invalid_text(value)
        if problem:
            return f"field '{name}' has a {problem}"
    return None


def _skip(raw: RawArticle, error: Errors, warnings: list[str], **detail: object) -> Cleaned:
    return Cleaned(skipped=Skipped(where(raw, line=False), raw.line, error, error.format(**detail)), warnings=warnings)


def clean_with(raw: RawArticle, config: Config) -> Article:
    """:func:`~newsweave.clean.article.clean_article` with the run's settings (the size cap and
    the HTML fringe threshold)."""
    return clean_article(raw, config.max_article_chars, fringe_threshold=config.html_fringe_threshold)


def clean_record(raw: RawArticle, config: Config) -> Cleaned:
    """Clean one record within ``config.article_seconds``; a record that cannot be stored, that
    fails or runs over its budget, or that cleans to no text is skipped with the reason (an HTML
    page whose text has no words at all: W109).

    A publication date outside the years newsweave can reason about (W119) is dropped with a
    warning and the record kept."""
    warnings: list[str] = []
    problem = unstorable(raw)
    if problem is not None:
        return _skip(raw, Errors.W120, warnings, detail=problem)
    if raw.published is not None and not is_sane_published(raw.published):
        # refused, not stored: date arithmetic on it would fail (year 1, 9999) or mislead
        warnings.append(f"{where(raw)}: {Errors.W119.format(value=raw.published, field='published', **YEARS)}")
        raw.published = None
        raw.meta.pop("published_by", None)
    try:
        with time_budget(config.article_seconds):
            article = clean_with(raw, config)
    except OverBudget as exc:
        return _skip(raw, Errors.W122, warnings, detail=f"cleaning {exc}")
    except Exception as exc:  # noqa: BLE001 - one hostile record is skipped, the run goes on
        log.debug("%s: cleaning failed", where(raw), exc_info=True)
        return _skip(raw, Errors.W112, warnings, detail=f"{type(exc).__name__}: {str(exc)[:200]}")
    if not article.body:
        return _skip(raw, Errors.W109 if no_article_text(raw, article.raw_text) else Errors.W104, warnings)
    return Cleaned(article=article, warnings=warnings)


def clean_items(items: Iterable[RawArticle | Skipped], config: Config, processes: int = 1) -> Iterator[Cleaned]:
    """The outcome of each item the readers give, in order (their skips passed on as they are).

    With ``processes`` > 1 and at least :data:`FORK_FROM` items, the records are cleaned in that
    many forked processes as the readers give them (the items are read here)."""
    stream = iter(items)
    head = list(islice(stream, FORK_FROM))

    def outcomes(chunk: list[RawArticle | Skipped]) -> list[Cleaned]:
        return [Cleaned(skipped=i, record=False) if isinstance(i, Skipped) else clean_record(i, config) for i in chunk]

    if not worth_forking(processes, len(head), FORK_FROM):
        for item in chain(head, stream):
            yield from outcomes([item])
        return
    yield from outcomes(head[:1])  # here first: the models cleaning loads are loaded once, then inherited
    for _, cleaned in forked_map(outcomes, chain(head[1:], stream), processes=processes, chunk=CHUNK):
        yield cleaned
