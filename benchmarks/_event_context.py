"""Where a labelled event-date sentence stands in its article: the ``position`` of
:func:`newsweave.text.eventdate.event_date` as the timeline gives it. The document is cleaned and
split as the pipeline does (:func:`newsweave.pipeline.cleaning.clean_with`, then
:meth:`newsweave.annotate.annotator.Annotator.split`) and the position is
:func:`newsweave.text.eventdate.body_positions` of the pipeline's sentence that holds the labelled
sentence's start (found by the line it is on and its offset in the normalised line). A labelled
sentence on a line the cleaner drops, or in the title, standfirst or a heading, is no body
sentence of the pipeline's (the timeline never dates it): its position is None. The ``previous``
of ``event_date`` is read the same way: the temporal expressions of the pipeline's body sentence
before it (:func:`previous_timexes`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from _real_text import document


@lru_cache(maxsize=1)
def _tools() -> tuple[Any, Any]:
    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    config = Config()
    return config, Annotator(config)


@lru_cache(maxsize=4096)
def _cleaned(doc_id: str) -> tuple[Any, list[Any]]:
    """The pipeline's cleaned article of a document and its sentences (split as the pipeline does)."""
    from newsweave.pipeline.cleaning import clean_with
    from newsweave.records import RawArticle

    config, annotator = _tools()
    text, published = document(doc_id)
    article = clean_with(RawArticle(source=doc_id, text=text, id=doc_id, published=published), config)
    return article, annotator.split(article)


def _sentences(doc_id: str) -> list[Any]:
    """The pipeline's sentences of a document."""
    return _cleaned(doc_id)[1]


@lru_cache(maxsize=4096)
def _article(doc_id: str) -> tuple[dict[int, int], list[tuple[int, int, int, str]], dict[int, int]]:
    """The pipeline's reading of a document: where each kept line starts in the text the annotator
    splits (by line number), its sentences (start, end, index, kind) and their body positions."""
    from newsweave.text.eventdate import body_positions

    article, sentences = _cleaned(doc_id)
    line_starts: dict[int, int] = {}
    offset = 0
    for line in article.lines:  # as Annotator.split joins the kept lines
        if line.kind == "dropped":
            continue
        line_starts[line.number] = offset
        offset += len(line.text) + 1
    spans = [(s.start, s.end, s.index, s.kind) for s in sentences]
    return line_starts, spans, body_positions(sentences)


def pipeline_sentence(row: dict) -> tuple[int, str] | None:
    """The index and kind of the pipeline's sentence holding a labelled row's first letter or
    digit (None: its line is dropped by the cleaner)."""
    from newsweave.clean.normalise import normalise_text

    text = document(row["doc"])[0]
    label = text[row["start"] : row["end"]]
    # its first letter or digit: the splitter may leave an opening quote with the sentence before
    start = row["start"] + next((i for i, c in enumerate(label) if c.isalnum()), 0)
    number = text.count("\n", 0, start) + 1
    line_starts, spans, _ = _article(row["doc"])
    if number not in line_starts:
        return None
    line_begin = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = normalise_text(text[line_begin : len(text) if line_end < 0 else line_end])
    lead = len(line) - len(line.lstrip())
    at = line_starts[number] + max(0, len(normalise_text(text[line_begin:start])) - lead)
    found = None
    for begin, _, index, kind in spans:
        if begin > at:
            break
        found = (index, kind)
    return found


def previous_text(row: dict) -> str | None:
    """The text of the pipeline's body sentence before a labelled row's sentence (None: it is the
    first body sentence, or no body sentence of the pipeline's)."""
    from newsweave.text.eventdate import previous_body

    found = pipeline_sentence(row)
    if found is None:
        return None
    before = previous_body(_sentences(row["doc"])).get(found[0])
    return None if before is None else next(s.text for s in _sentences(row["doc"]) if s.index == before)


def previous_timexes(row: dict) -> list | None:
    """The temporal expressions of :func:`previous_text` (against the row's publication date), as
    the pipeline gives :func:`newsweave.text.eventdate.event_date` its ``previous``."""
    from newsweave.text.dates import parse_iso
    from newsweave.text.timexes import find_timexes

    text = previous_text(row)
    return None if text is None else list(find_timexes(text, parse_iso(row["published"])))


def position_of(row: dict) -> int | None:
    """How many body sentences of its article come before a labelled row's sentence, as the
    pipeline counts them (None: the pipeline has it in no body sentence)."""
    found = pipeline_sentence(row)
    if found is None:
        return None
    return _article(row["doc"])[2].get(found[0])
