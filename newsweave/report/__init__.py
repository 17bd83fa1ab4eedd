"""Reports of a store: ``stories.json`` (the contract), ``stories.md`` and HTML pages."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.errors import Errors, NewsweaveError
from newsweave.records import Article, Story
from newsweave.store.store import Store

from .html import write_html
from .markdown import render_markdown

__all__ = ["ReportData", "check_report_folder", "collect", "write_report", "stories_json"]

OWNER_FILE = ".newsweave-report"  # which store wrote the report in a folder (its name and a key, no path)


@dataclass
class ReportData:
    """Stories with the articles and cited sentences they point to."""

    stories: list[Story]
    articles: dict[str, Article]
    sentences: dict[tuple[str, int], str]

    def cited(self, article_id: str, index: int) -> str:
        return self.sentences.get((article_id, index), "")

    def unknown_outlets(self, article_ids: list[str]) -> int:
        """How many of the given articles name no outlet (each counts as an outlet of its own)."""
        return sum(1 for a in article_ids if a in self.articles and not self.articles[a].outlet)


def collect(store: Store, story_ids: list[str] | None = None) -> ReportData:
    """Read what a report shows from the store."""
    stories = store.stories()
    if story_ids is not None:
        wanted = set(story_ids)
        stories = [s for s in stories if s.id in wanted]
    ids = [a for s in stories for a in s.article_ids]
    articles = {a.id: a for a in store.articles(ids)}
    sentences = {
        (article_id, sent.index): sent.text
        for article_id, found in store.sentences_of(articles).items()
        for sent in found
    }
    return ReportData(stories, articles, sentences)


def stories_json(data: ReportData) -> dict[str, Any]:
    """The ``stories.json`` document: articles, then stories with their cited parts."""
    return {
        "articles": [
            {
                "id": a.id,
                "source": a.source,
                "title": a.title,
                "label": a.label,
                "outlet": a.outlet,
                "published": a.published,
                "url": a.url,
                "language": a.language,
                "published_source": a.published_source,
            }
            for a in sorted(data.articles.values(), key=lambda a: (a.published or "", a.id))
        ],
        "stories": [s.to_dict() for s in data.stories],
    }


def json_document(document: dict[str, Any]) -> str:
    """A JSON object with each item of its lists on a line of its own: readable and diffable like
    an indented file, but encoded by the json module's C encoder (indenting runs its pure-Python
    one, which took most of a large store's report). Values that are not lists take one line."""
    parts = []
    for key, items in document.items():
        if not isinstance(items, list) or not items:
            parts.append(f"  {json.dumps(key)}: {json.dumps(items, ensure_ascii=False)}")
            continue
        body = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in items)
        parts.append(f"  {json.dumps(key)}: [\n{body}\n  ]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _owner(store_path: str | Path) -> dict[str, str]:
    """A store as a report folder records it: the file name and a key of its absolute path (the
    path itself is not written: a report may be published)."""
    path = Path(store_path).absolute()
    return {"store": path.name, "key": hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:16]}


def check_report_folder(out_dir: str | Path, store_path: str | Path, *, force: bool = False) -> None:
    """Raise E012 when ``out_dir`` holds a report that another store wrote (unless ``force``).

    A folder without a report, or with one of this store (or one written before reports
    recorded their store), may be written."""
    if force:
        return
    try:
        found = json.loads((Path(out_dir) / OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    mine = _owner(store_path)
    if isinstance(found, dict) and found.get("key") and found.get("key") != mine["key"]:
        raise NewsweaveError(Errors.E012, out=out_dir, other=found.get("store") or "unknown", store=mine["store"])


def write_report(
    store: Store, out_dir: str | Path, formats: tuple[str, ...] = ("json", "md", "html"), *, force: bool = False
) -> list[Path]:
    """Write the chosen formats into ``out_dir``; return the files written.

    A folder holding the report of another store is refused (E012) unless ``force``."""
    out = Path(out_dir)
    check_report_folder(out, store.path, force=force)
    out.mkdir(parents=True, exist_ok=True)
    (out / OWNER_FILE).write_text(json.dumps(_owner(store.path)) + "\n", encoding="utf-8")
    data = collect(store)
    written: list[Path] = []
    if "json" in formats:
        path = out / "stories.json"
        path.write_text(json_document(stories_json(data)), encoding="utf-8")
        written.append(path)
    if "md" in formats:
        path = out / "stories.md"
        path.write_text(render_markdown(data), encoding="utf-8")
        written.append(path)
    if "html" in formats:
        written += write_html(data, out)
    return written
