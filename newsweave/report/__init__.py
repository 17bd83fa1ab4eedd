"""Reports of a store: ``stories.json`` (the contract), ``stories.md`` and HTML pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import Article, Story
from ..store import Store
from .html import write_html
from .markdown import render_markdown

__all__ = ["ReportData", "collect", "write_report", "stories_json"]


@dataclass
class ReportData:
    """Stories with the articles and cited sentences they point to."""

    stories: list[Story]
    articles: dict[str, Article]
    sentences: dict[tuple[str, int], str]

    def cited(self, article_id: str, index: int) -> str:
        return self.sentences.get((article_id, index), "")


def collect(store: Store, story_ids: list[str] | None = None) -> ReportData:
    """Read what a report shows from the store."""
    stories = store.stories()
    if story_ids is not None:
        wanted = set(story_ids)
        stories = [s for s in stories if s.id in wanted]
    ids = [a for s in stories for a in s.article_ids]
    articles = {a.id: a for a in store.articles(ids)}
    sentences: dict[tuple[str, int], str] = {}
    for article_id in articles:
        for sent in store.sentences(article_id):
            sentences[(article_id, sent.index)] = sent.text
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


def write_report(store: Store, out_dir: str | Path, formats: tuple[str, ...] = ("json", "md", "html")) -> list[Path]:
    """Write the chosen formats into ``out_dir``; return the files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = collect(store)
    written: list[Path] = []
    if "json" in formats:
        path = out / "stories.json"
        path.write_text(json.dumps(stories_json(data), ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(path)
    if "md" in formats:
        path = out / "stories.md"
        path.write_text(render_markdown(data), encoding="utf-8")
        written.append(path)
    if "html" in formats:
        written += write_html(data, out)
    return written
