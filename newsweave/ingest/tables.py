"""JSON Lines and CSV: many articles a file, one per line or row.

Fields: ``id, title, text, published`` (or ``time``/``date``), ``outlet`` (or ``source``/
``site``), ``url``. The news-tls ``articles.jsonl`` format (``{id, time, text}``) loads as is.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from newsweave.errors import Errors, SkipItem
from newsweave.records import RawArticle, Skipped
from newsweave.text.dates import parse_published

from .base import decode_text, json_kind

log = logging.getLogger(__name__)

_TEXT_FIELDS = ("text", "body", "content")
_DATE_FIELDS = ("published", "time", "date", "published_at")
_OUTLET_FIELDS = ("outlet", "source", "site", "sitename")
_NESTED_FIELDS = ("docs", "documents", "articles")  # a record holding a list of articles


def _first(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None


def _text_field(name: str, value: Any) -> str | None:
    """A metadata field as text: numbers are written out, a list or object is refused (W120)."""
    if value in (None, ""):
        return None
    if isinstance(value, list | dict):
        raise SkipItem(Errors.W120, detail=f"field '{name}' is {json_kind(value)}, not text")
    return str(value)


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
    outlet = _text_field("outlet", _first(record, _OUTLET_FIELDS))
    title = _text_field("title", record.get("title"))
    return RawArticle(
        source=source,
        text=text,
        id=_text_field("id", record.get("id")),
        title=title.strip() or None if title else None,
        outlet=outlet,
        published=published,
        url=_text_field("url", record.get("url")),
        line=line,
    )


def _json_error(exc: ValueError | RecursionError) -> str:
    """A short reason for a JSON text Python cannot read: malformed, nested too deeply, or a
    number too long to convert (more than 4,300 digits)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    return str(exc).split(";")[0][:200]


def read_jsonl_file(path: Path, data: bytes) -> Iterator[RawArticle | Skipped]:
    """Read JSON Lines (or one JSON array); each bad line (or array element) is skipped with its number."""
    text = decode_text(data, records=True)
    if not text.strip():
        raise SkipItem(Errors.W104)
    whole = _whole_document(text) if path.suffix.lower() == ".json" or text.lstrip()[:1] == "[" else None
    items: list[tuple[int, Any]] = []
    if isinstance(whole, dict):
        yield from _records(whole, path, 1)
        return
    if isinstance(whole, list):
        if not whole:
            raise SkipItem(Errors.W104)  # `[]`: said, not passed over
        items = [(i + 1, row) for i, row in enumerate(whole)]
    else:
        lines = _array_elements(text) if whole is _ARRAY else enumerate(text.split("\n"), start=1)
        for number, raw in lines:
            if not raw.strip():
                continue
            try:
                items.append((number, json.loads(raw)))
            except (ValueError, RecursionError) as exc:
                err = Errors.W106
                yield Skipped(str(path), number, err, err.format(detail=_json_error(exc)))
    for number, row in items:
        if not isinstance(row, dict):
            err = Errors.W106
            yield Skipped(str(path), number, err, err.format(detail="not a JSON object"))
            continue
        yield from _records(row, path, number)


def _records(row: dict[str, Any], path: Path, number: int) -> Iterator[RawArticle | Skipped]:
    """A record, or the documents it holds: a record without text whose ``docs`` (``documents``,
    ``articles``) is a list of objects, as DUC's ``{"id", "docs": [...]}``, is read as those."""
    nested = None if _first(row, _TEXT_FIELDS) is not None else _first(row, _NESTED_FIELDS)
    if not (isinstance(nested, list) and nested and all(isinstance(doc, dict) for doc in nested)):
        yield _record(row, path, number)
        return
    for doc in nested:
        yield _record(doc, path, number)


def _record(row: dict[str, Any], path: Path, number: int) -> RawArticle | Skipped:
    try:
        return record_to_article(row, str(path), number)
    except SkipItem as exc:
        return Skipped(str(path), number, exc.error, str(exc))


_ARRAY = object()  # an array that Python cannot read whole, to be read element by element
# strings (escapes included) and the characters that open, close and separate arrays and objects
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]')


def _whole_document(text: str) -> dict[str, Any] | list[Any] | object | None:
    """A ``.json`` file holding one object or an array; ``None`` if it is JSON Lines.

    An array with an element Python cannot read (a number of more than 4,300 digits, nesting
    deeper than the recursion limit) is :data:`_ARRAY`: its elements are read one by one, so
    one bad element is one skip.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        body = text.strip()
        if body[:1] != "[":
            return None  # JSON Lines (a bad one-object file is one bad line)
        if _array_spans(body) is not None:
            return _ARRAY  # one array with a bad element: read element by element
        if "\n" in body and _array_spans(body.split("\n", 1)[0]) is not None:
            return None  # JSON Lines whose first record is an array
        detail = f"line {exc.lineno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else _json_error(exc)
        raise SkipItem(Errors.W106, detail=detail) from exc
    if isinstance(data, dict | list):
        return data
    raise SkipItem(Errors.W106, detail="not a JSON object or array")


def _array_spans(text: str) -> list[tuple[int, int]] | None:
    """Where each element of the JSON array that is the whole of ``text`` starts and ends, found
    from its brackets, commas and strings alone (no recursion, any depth); ``None`` when the text
    is not one array."""
    start = len(text) - len(text.lstrip())
    if text[start : start + 1] != "[":
        return None
    spans: list[tuple[int, int]] = []
    depth, element = 0, start + 1
    for match in _JSON_TOKEN.finditer(text, start):
        token = match.group()
        if token in "[{":
            depth += 1
        elif token in "]}":
            depth -= 1
            if depth == 0:
                if text[element : match.start()].strip() or spans:
                    spans.append((element, match.start()))
                return spans if not text[match.end() :].strip() else None
        elif token == "," and depth == 1:
            spans.append((element, match.start()))
            element = match.end()
    return None


def _array_elements(text: str) -> Iterator[tuple[int, str]]:
    """The elements of a JSON array, numbered from 1, as text."""
    for number, (start, end) in enumerate(_array_spans(text) or [], start=1):
        yield number, text[start:end]


def read_csv_file(path: Path, data: bytes) -> Iterator[RawArticle | Skipped]:
    """Read a CSV file with a header row; each bad row is skipped with its line number."""
    text = decode_text(data, records=True)
    if not text.strip():
        raise SkipItem(Errors.W104)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(io.StringIO(text))
    rows = 0
    try:
        for row in reader:
            rows += 1
            number = reader.line_num
            try:
                yield record_to_article(row, str(path), number)
            except SkipItem as exc:
                yield Skipped(str(path), number, exc.error, str(exc))
    except csv.Error as exc:
        err = Errors.W111
        yield Skipped(str(path), reader.line_num, err, err.format(detail=str(exc)))
        return
    if not rows:  # a header row and nothing under it
        raise SkipItem(Errors.W104)
