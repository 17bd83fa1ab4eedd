"""JSON Lines and CSV: many articles a file, one per line or row.

Fields: ``id, title, text, published`` (or ``time``/``date``), ``outlet`` (or ``source``/
``site``), ``url``. The news-tls ``articles.jsonl`` format (``{id, time, text}``) loads as is.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import Errors, SkipItem
from ..records import RawArticle
from .base import Skipped, decode_text, parse_published

log = logging.getLogger(__name__)

_TEXT_FIELDS = ("text", "body", "content")
_DATE_FIELDS = ("published", "time", "date", "published_at")
_OUTLET_FIELDS = ("outlet", "source", "site", "sitename")


def _first(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None


def record_to_article(record: Mapping[str, Any], source: str, line: int) -> RawArticle:
    """Map one JSON/CSV record to a :class:`RawArticle`; raise :class:`SkipItem` if unusable."""
    text = _first(record, _TEXT_FIELDS)
    if text is None or not isinstance(text, str):
        raise SkipItem(Errors.W107)
    if not text.strip():
        raise SkipItem(Errors.W104)
    raw_date = _first(record, _DATE_FIELDS)
    published = None
    try:
        published = parse_published(raw_date)
    except ValueError:
        log.warning("%s:%d: %s", source, line, Errors.W110.format(value=raw_date, field="published"))
    outlet = _first(record, _OUTLET_FIELDS)
    title = record.get("title")
    return RawArticle(
        source=source,
        text=text,
        id=str(record["id"]) if record.get("id") not in (None, "") else None,
        title=str(title).strip() if title else None,
        outlet=str(outlet) if outlet else None,
        published=published,
        url=str(record["url"]) if record.get("url") else None,
        line=line,
    )


def read_jsonl_file(path: Path, data: bytes) -> Iterator[RawArticle | Skipped]:
    """Read JSON Lines (or one JSON array); each bad line is skipped with its number."""
    text = decode_text(data)
    if not text.strip():
        raise SkipItem(Errors.W104)
    whole = _whole_document(text) if path.suffix.lower() == ".json" or text.lstrip()[:1] == "[" else None
    if whole is not None:
        if isinstance(whole, dict):
            yield record_to_article(whole, str(path), 1)
            return
        items = [(i + 1, row) for i, row in enumerate(whole)]
    else:
        items = []
        for number, raw in enumerate(text.split("\n"), start=1):
            if not raw.strip():
                continue
            try:
                items.append((number, json.loads(raw)))
            except json.JSONDecodeError as exc:
                err = Errors.W106
                yield Skipped(str(path), number, err, err.format(detail=exc.msg))
    for number, row in items:
        if not isinstance(row, dict):
            err = Errors.W106
            yield Skipped(str(path), number, err, err.format(detail="not a JSON object"))
            continue
        try:
            yield record_to_article(row, str(path), number)
        except SkipItem as exc:
            yield Skipped(str(path), number, exc.error, str(exc))


def _whole_document(text: str) -> dict[str, Any] | list[Any] | None:
    """A ``.json`` file holding one object or an array; ``None`` if it is JSON Lines."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip()[:1] == "[":
            raise SkipItem(Errors.W106, detail=f"line {exc.lineno}: {exc.msg}") from exc
        return None
    if isinstance(data, dict | list):
        return data
    raise SkipItem(Errors.W106, detail="not a JSON object or array")


def read_csv_file(path: Path, data: bytes) -> Iterator[RawArticle | Skipped]:
    """Read a CSV file with a header row; each bad row is skipped with its line number."""
    text = decode_text(data)
    if not text.strip():
        raise SkipItem(Errors.W104)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(io.StringIO(text))
    try:
        for row in reader:
            number = reader.line_num
            try:
                yield record_to_article(row, str(path), number)
            except SkipItem as exc:
                yield Skipped(str(path), number, exc.error, str(exc))
    except csv.Error as exc:
        err = Errors.W111
        yield Skipped(str(path), reader.line_num, err, err.format(detail=str(exc)))
