"""Shared helpers of the readers: bounded reading, decoding, dates, stable ids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsweave.errors import Errors, SkipItem


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a file, refusing one over ``max_bytes`` before reading it."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SkipItem(Errors.W105, size=size, limit=max_bytes)
        return path.read_bytes()
    except OSError as exc:
        raise SkipItem(Errors.W112, detail=exc.strerror or str(exc)) from exc


def decode_text(data: bytes, *, records: bool = False) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-32 or UTF-16; refuse binary (a NUL
    anywhere; for a file of ``records``, in its first 8 KB: a NUL later is one bad line) and others."""
    for boms, codec in (((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"), "utf-32"), ((b"\xff\xfe", b"\xfe\xff"), "utf-16")):
        if data.startswith(boms):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise SkipItem(Errors.W102, offset=exc.start) from exc
            if "\x00" in (text[:4096] if records else text):
                raise SkipItem(Errors.W103)
            return text.replace("\r\n", "\n").replace("\r", "\n")
    if b"\x00" in (data[:8192] if records else data):
        raise SkipItem(Errors.W103)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SkipItem(Errors.W102, offset=exc.start) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def invalid_text(value: str) -> str | None:
    """Why ``value`` cannot be stored as UTF-8 text (a lone surrogate, as JSON's ``"\\ud800"``
    decodes to), or ``None`` when it can."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"lone surrogate {value[exc.start]!r} at character {exc.start}"
    return None


def json_kind(value: Any) -> str:
    """What a JSON value is, as a message names it: a number, a list, an object, …"""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


def sidecar_of(path: Path) -> Path:
    """``x.meta.json`` beside ``x.txt``."""
    return path.with_name(path.stem + ".meta.json")


_SIDECAR_TEXT_FIELDS = ("id", "title", "outlet", "url", "published", "date")


def read_sidecar(path: Path) -> dict[str, Any]:
    """Metadata for ``x.txt`` from ``x.meta.json`` beside it, if there is one.

    Raises :class:`SkipItem` (W113) for a sidecar that is not one JSON object or whose id, title,
    outlet, url or date is not text (an id may be a number).
    """
    sidecar = sidecar_of(path)
    if not sidecar.is_file():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:200]
        raise SkipItem(Errors.W113, detail=f"{sidecar.name}: {detail}") from exc
    if not isinstance(data, dict):
        raise SkipItem(Errors.W113, detail=f"{sidecar.name}: not a JSON object")
    for key in _SIDECAR_TEXT_FIELDS:
        value = data.get(key)
        if value is None or (key == "id" and isinstance(value, int) and not isinstance(value, bool)):
            continue
        if not isinstance(value, str):
            raise SkipItem(Errors.W113, detail=f"{sidecar.name}: '{key}' must be text, not {json_kind(value)}")
        problem = invalid_text(value)
        if problem:
            raise SkipItem(Errors.W113, detail=f"{sidecar.name}: '{key}' has a {problem}")
    return data
