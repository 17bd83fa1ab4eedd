"""Commands that read the store: stories, show and search."""

from __future__ import annotations

import json
import logging

import click

from newsweave.cli.app import Context, cli, db_option
from newsweave.errors import Errors, NewsweaveError
from newsweave.records import counted, days_when, event_when

log = logging.getLogger("newsweave")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def stories(obj: Context, fmt: str) -> None:
    """List the developing stories, each with its events in order: id, dates, articles, outlets, title."""
    with obj.open(existing=True) as nw:
        items = nw.stories()
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "title": s.title,
                        "articles": len(s.article_ids),
                        "outlets": s.outlets,
                        "unknown_outlets": s.unknown_outlets,
                        "first_date": s.first_date,
                        "last_date": s.last_date,
                        "events": [
                            {"id": e.id, "title": e.title, "first_date": e.first_date, "last_date": e.last_date}
                            | {"articles": len(e.articles)}
                            for e in s.events
                        ],
                    }
                    for s in items
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not items:
        click.echo("no stories yet: `newsweave ingest ARTICLES` then `newsweave build`", err=True)
    for s in items:
        dates = days_when(s.first_date, s.last_date)
        click.echo(
            f"{s.id}  {dates:22}  {counted(len(s.article_ids), 'article')}, {s.outlets_line},"
            f" {counted(len(s.events), 'event')}  {s.title}"
        )
        for e in s.events:
            size = counted(len(e.articles), "article")
            click.echo(f"    {e.id}  {event_when(e):22}  {size}  {e.title}")


@cli.command()
@db_option
@click.argument("story")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@click.pass_obj
def show(obj: Context, story: str, fmt: str) -> None:
    """Show one STORY (an id from `newsweave stories`; an event's id shows its story): summary,
    events, timeline, actors. The id of a story that was merged into another still works: it
    leads to the story that took its articles."""
    from newsweave.records import OUTLET_UNKNOWN, outlets_label
    from newsweave.report import collect, stories_json
    from newsweave.report.markdown import render_markdown

    with obj.open(existing=True) as nw:
        found = nw.store.resolve(story)
        story_id = found[1] if found else story
        if found and found[0] == "event":
            story_id = nw.store.story_of_event(found[1]) or story
        if found and story_id != story:
            click.echo(f"{story} is now part of story {story_id}", err=True)
        data = collect(nw.store, [story_id])
    if not data.stories:
        raise NewsweaveError(Errors.E004, story=story)
    if fmt == "json":
        click.echo(json.dumps(stories_json(data)["stories"][0], ensure_ascii=False, indent=2))
    elif fmt == "md":
        click.echo(render_markdown(data))
    else:
        s = data.stories[0]
        click.echo(
            f"{s.title}\n{s.id} · {counted(len(s.article_ids), 'article')} ·"
            f" {', '.join([*s.outlets, s.unknown_label] if s.unknown_outlets else s.outlets) or OUTLET_UNKNOWN}\n"
        )
        for sent in s.summary:
            n = len(sent.citations)
            click.echo(f"  {sent.text} [{counted(n, 'source')}]")
        if s.events:
            click.echo(f"\nEvents ({len(s.events)}):")
            for e in s.events:
                when = event_when(e)
                outlets = outlets_label(e.outlets, data.unknown_outlets(e.articles))
                size = counted(len(e.articles), "article")
                click.echo(f"  {when}  {e.title}  [{size}; {outlets}]")
                for line in e.summary:
                    click.echo(f"      {line.text}")
        if s.timeline:
            click.echo("\nTimeline:")
            for entry in s.timeline:
                click.echo(f"  {entry.date}  {entry.text}")
        if s.actors:
            click.echo("\nActors: " + ", ".join(f"{a.name} ({a.type}, {a.mentions})" for a in s.actors))


@cli.command("search")
@db_option
@click.argument("query")
@click.option("--stories", "kind", flag_value="stories", help="Search story titles and summaries.")
@click.option("--articles", "kind", flag_value="articles", default=True, help="Search articles [default].")
@click.option("--since", default=None, help="Only from this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Only up to this date (YYYY-MM-DD).")
@click.option("--outlet", default=None, help="Only this outlet.")
@click.option("--actor", default=None, help="Only stories with this actor (a name; case and accents ignored).")
@click.option("--language", default=None, help="Only articles in this language (ISO 639-1 code).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def search_command(
    obj: Context,
    query: str,
    kind: str,
    since: str | None,
    until: str | None,
    outlet: str | None,
    actor: str | None,
    language: str | None,
    limit: int,
    fmt: str,
) -> None:
    """Full-text search of the store, best matches first.

    \b
    QUERY: words (any form: "strikes" finds "strike"), "an exact phrase", prefix*,
    -excluded, and OR between alternatives:   newsweave search '"port strike" -rail'
    """
    from newsweave.store.search import Filters, search_articles, search_stories
    from newsweave.store.store import Store
    from newsweave.web.render import plain

    filters = Filters(since, until, outlet, actor, language)
    obj.require_store()
    with Store(obj.db) as store:
        if kind == "stories":
            page = search_stories(store, query, filters, limit=limit)
            rows = [
                {
                    "id": r.id,
                    "title": r.title,
                    "first_date": r.first_date,
                    "last_date": r.last_date,
                    "articles": r.articles,
                    "snippet": plain(r.snippet),
                }
                for r in page.items
            ]
        else:
            page = search_articles(store, query, filters, limit=limit)
            rows = [
                {
                    "id": h.id,
                    "title": h.title,
                    "label": h.label,
                    "outlet": h.outlet,
                    "language": h.language,
                    "source": h.source,
                    "published": h.published,
                    "story": h.story_id,
                    "snippet": plain(h.snippet),
                }
                for h in page.items
            ]
    if fmt == "json":
        click.echo(json.dumps({"total": page.total, "items": rows}, ensure_ascii=False, indent=2))
        return
    for row in rows:
        if kind == "stories":
            where, label = counted(row["articles"], "article"), row["title"] or row["id"]
        else:
            where, label = row["outlet"] or "outlet unknown", row["label"]
        when = row.get("published") or row.get("last_date") or "undated"
        click.echo(f"{row['id']}  {label}  ({where}, {when})")
        click.echo(f"    {row['snippet']}")
    noun = counted(page.total, "story", "stories") if kind == "stories" else counted(page.total, "article")
    click.echo(f"{noun} match; {len(rows)} shown", err=True)
