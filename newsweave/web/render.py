"""Template environment and the filters pages use: highlighting, safe links, small SVG charts.

Every filter that returns markup builds it from escaped text or from numbers only, so
untrusted article text can never become markup.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from newsweave.records import OUTLET_UNKNOWN, counted, outlet_name, outlets_label
from newsweave.runtime.cache import template_cache
from newsweave.store.search import MARK_END, MARK_START

from .views import citation_pair

TEMPLATES = Path(__file__).parent / "templates"


def marked(snippet: str | None) -> Markup:
    """A search snippet, escaped, with its matches in ``<mark>``."""
    text = escape(snippet or "")
    return Markup(text.replace(MARK_START, Markup("<mark>")).replace(MARK_END, Markup("</mark>")))


def plain(snippet: str | None) -> str:
    """A search snippet without its match marks."""
    return (snippet or "").replace(MARK_START, "").replace(MARK_END, "")


def segment(value: object) -> str:
    """A value quoted to be one path segment (``/`` and everything else reserved are escaped)."""
    return quote(str(value), safe="")


def safe_href(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL, else ``None`` (no ``javascript:`` or ``data:`` links)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def _days(per_day: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Counts per day with the missing days between the first and last filled with zero."""
    parsed = []
    for day, count in per_day:
        try:
            parsed.append((date.fromisoformat(day), count))
        except (TypeError, ValueError):
            continue
    if not parsed:
        return []
    parsed.sort()
    counts = dict(parsed)
    first, last = parsed[0][0], parsed[-1][0]
    span = min((last - first).days, 366)
    return [((first + timedelta(d)).isoformat(), counts.get(first + timedelta(d), 0)) for d in range(span + 1)]


def _binned(per_day: list[tuple[str, int]], bins: int) -> tuple[list[int], int]:
    """Article counts from the first to the last day in at most ``bins`` equal bins, and the days spanned."""
    ordinals = []
    for day, count in per_day:
        try:
            ordinals.append((date.fromisoformat(day).toordinal(), count))
        except (TypeError, ValueError):
            continue
    if not ordinals:
        return [], 0
    first = min(o for o, _ in ordinals)
    span = max(o for o, _ in ordinals) - first + 1
    n = min(span, bins)
    counts = [0] * n
    for ordinal, count in ordinals:
        counts[(ordinal - first) * n // span] += count
    return counts, span


def sparkline(per_day: list[tuple[str, int]], width: int = 120, height: int = 24) -> Markup:
    """An inline SVG line of articles over time (numbers only; labelled for screen readers)."""
    counts, span = _binned(per_day, 40)
    if not counts:
        return Markup("")
    peak = max(counts) or 1
    step = width / max(len(counts) - 1, 1)
    points = " ".join(f"{i * step:.1f},{height - 2 - (c / peak) * (height - 4):.1f}" for i, c in enumerate(counts))
    label = escape(f"{sum(counts)} articles over {span} day{'s' if span != 1 else ''}")
    if len(counts) == 1:
        shape = f'<circle cx="{width / 2:.1f}" cy="{height / 2:.1f}" r="2.5" class="spark-dot"/>'
    else:
        shape = f'<polyline points="{points}" class="spark-line"/>'
    return Markup(
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img"'
        f' aria-label="{label}"><title>{label}</title>{shape}</svg>'
    )


def coverage_chart(per_day: list[tuple[str, int]], width: int = 640, height: int = 120) -> Markup:
    """An inline SVG bar chart of articles per day, with the first and last date under it."""
    days = _days(per_day)
    if not days:
        return Markup("")
    peak = max(c for _, c in days) or 1
    bar = width / len(days)
    inner = height - 18
    bars = []
    for i, (day, count) in enumerate(days):
        h = (count / peak) * (inner - 4)
        tip = escape(f"{day}: {count} article{'s' if count != 1 else ''}")
        bars.append(
            f'<rect x="{i * bar:.1f}" y="{inner - h:.1f}" width="{max(bar - 1, 1):.1f}" height="{h:.1f}"'
            f' class="bar"><title>{tip}</title></rect>'
        )
    first, last = escape(days[0][0]), escape(days[-1][0])
    label = escape(f"articles per day from {days[0][0]} to {days[-1][0]}, at most {peak} a day")
    return Markup(
        f'<svg class="coverage-chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{''.join(bars)}"
        f'<text x="0" y="{height - 4}" class="axis">{first}</text>'
        f'<text x="{width}" y="{height - 4}" class="axis" text-anchor="end">{last}</text></svg>'
    )


def cite(view: Any, citation: Any) -> Markup:
    """A citation ``[n]`` linking to the cited sentence, its outlet and text in the hover title.

    Written in Python rather than as a template macro: a story page has hundreds of them.
    """
    article, index = citation_pair(citation)
    meta = view.meta(article)
    outlet = meta.outlet if meta and meta.outlet else OUTLET_UNKNOWN
    number = meta.number if meta else "?"
    title = escape(f"{outlet}: {view.cited((article, index))}")
    return Markup(
        f'<a class="cite" href="{view.article_path(article)}#s{int(index)}" title="{title}">[{escape(number)}]</a>'
    )


def sources(view: Any, citations: list[Any]) -> Markup:
    """A disclosure listing each cited sentence with its outlet and date (no script needed)."""
    if not citations:
        return Markup("")
    items = []
    for citation in citations:
        article, index = citation_pair(citation)
        meta = view.meta(article)
        where = (meta.outlet if meta and meta.outlet else OUTLET_UNKNOWN) + (
            f", {meta.published}" if meta and meta.published else ""
        )
        items.append(
            f'<li><a href="{view.article_path(article)}#s{int(index)}">{escape(where)}</a>:'
            f" <q>{escape(view.cited((article, index)))}</q></li>"
        )
    return Markup(
        f'<details class="sources-of"><summary>{counted(len(citations), "source")}</summary>'
        f"<ul>{''.join(items)}</ul></details>"
    )


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` from the current parameters with ``changes`` applied (``None`` removes one)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


def environment() -> Environment:
    """The Jinja2 environment of the web pages: autoescaping on for everything."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=template_cache(),
    )
    env.filters.update(marked=marked, plain=plain, safe_href=safe_href, sparkline=sparkline)
    env.filters.update(coverage_chart=coverage_chart, segment=segment)
    env.globals.update(query_string=query_string, cite=cite, sources=sources, outlet_name=outlet_name)
    env.globals.update(counted=counted, outlets_label=outlets_label)
    return env
