"""Where a labelled event-date sentence stands in its article: how many sentences of the document
come before it (the ``position`` of :func:`newsweave.text.eventdate.event_date`), counted as the
pipeline counts an article's body sentences: its lines split by the annotator's sentencizer (a
blank English pipeline)."""

from __future__ import annotations

from functools import lru_cache

from _real_text import _sentencizer, document


@lru_cache(maxsize=4096)
def _starts(doc_id: str) -> tuple[int, ...]:
    """Where the document's sentences start, line by line."""
    text = document(doc_id)[0]
    found: list[int] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            for sent in _sentencizer()(line).sents:
                raw = line[sent.start_char : sent.end_char]
                if raw.strip():
                    found.append(offset + sent.start_char + len(raw) - len(raw.lstrip()))
        offset += len(line) + 1
    return tuple(found)


def position_of(row: dict) -> int:
    """How many sentences of its document start before a labelled row's sentence."""
    return sum(start < row["start"] - 1 for start in _starts(row["doc"]))
