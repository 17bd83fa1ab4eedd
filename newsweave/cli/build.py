"""Commands that fill the store: run, ingest, watch, build and report."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import click

from newsweave.cli.app import (
    Context,
    cli,
    db_option,
    engine_options,
    finish,
    incomplete,
    max_bytes_option,
    nothing_read,
    published_option,
)
from newsweave.records import counted

log = logging.getLogger("newsweave")


@cli.command()
@db_option
@click.argument("articles", nargs=-1, required=True, type=click.Path())
@click.option(
    "--out",
    default="report",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for stories.json, stories.md and the HTML pages; a folder holding the report of another"
    " store is refused unless --force.",
)
@click.option("--outlet", default=None, help="Outlet name for articles that do not give one.")
@published_option
@click.option("--words", default=None, type=click.IntRange(20, 1000), help="Summary length in words [100].")
@max_bytes_option
@click.option("--force", is_flag=True, help="Replace a report of another store in --out.")
@engine_options
@click.pass_obj
def run(
    obj: Context,
    articles: tuple[str, ...],
    out: str,
    outlet: str | None,
    published: str | None,
    words: int | None,
    max_bytes: int | None,
    force: bool,
) -> None:
    """Ingest ARTICLES (files or folders), build stories and write the report.

    Reads .txt/.md (one article a file; FILE.meta.json may give id, title, outlet,
    published, url), .html/.htm, .jsonl/.json and .csv (fields id, title, text, published
    or time, outlet, url).

    \b
    The last line counts what was done:
      read         articles read from the inputs
      new          articles stored for the first time
      duplicates   articles stored already (the same URL, or the same text), not stored again
      copies       near-duplicates of a stored article (syndicated or re-published text), kept
                   with their outlet and date under that article, not stored or summarised again
      skipped      items that could not be read, by reason (each is reported above it)
      stories      stories in the store (how many this run wrote or rewrote)
    """
    from newsweave.report import check_report_folder, write_report

    check_report_folder(out, obj.db, force=force)  # before anything is read: refused at once
    obj.config = obj.config.with_options(summary_words=words, max_bytes=max_bytes)
    with obj.open() as nw:
        nw.check_vectors()  # a store of another embedding model is refused before anything is read
        report = nw.ingest(articles, outlet=outlet, published=published)
        if report.read == 0:
            finish(report)
            raise nothing_read(len(report.skipped))
        nw.build(report=report)
        started = time.perf_counter()
        files = write_report(nw.store, out, force=force)
        log.info("report: %s written in %.1f s", counted(len(files), "file"), time.perf_counter() - started)
        finish(report, len(nw.stories()), nw.store.count("published IS NULL"))
    wrote(files, out)
    incomplete(report)


def wrote(files: list[Path], out: str) -> None:
    """Say where the report went: its folder as an absolute path, and the page to open."""
    folder = Path(out).absolute()
    opening = f" (open {folder / 'index.html'})" if any(f.name == "index.html" for f in files) else ""
    click.echo(f"wrote {len(files)} files to {folder}{os.sep}{opening}", err=True)


@cli.command()
@db_option
@click.argument("articles", nargs=-1, type=click.Path())
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS/Atom feed to read (repeatable).")
@click.option("--outlet", default=None, help="Outlet name for articles that do not give one.")
@published_option
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow private and loopback addresses for the hosts named here (never link-local or metadata).",
)
@max_bytes_option
@engine_options
@click.pass_obj
def ingest(
    obj: Context,
    articles: tuple[str, ...],
    feeds: tuple[str, ...],
    outlet: str | None,
    published: str | None,
    allow_private: bool,
    max_bytes: int | None,
) -> None:
    """Read, clean and store ARTICLES (files, folders, http(s) URLs) and the entries of --feed URLs.

    Run `build` afterwards. Ingesting twice stores once; a feed is fetched only when it changed
    since the last poll, and entries already stored are not fetched again.

    \b
    The last line counts what was done:
      read         articles read from the inputs
      new          articles stored for the first time
      duplicates   articles stored already (the same URL, or the same text), not stored again
      copies       near-duplicates of a stored article (syndicated or re-published text), kept
                   with their outlet and date under that article, not stored or summarised again
      skipped      items that could not be read, by reason (each is reported above it)
    """
    if not articles and not feeds:
        raise click.UsageError("give ARTICLES (files, folders or URLs) or --feed URL")
    obj.config = obj.config.with_options(allow_private_urls=allow_private or None, max_bytes=max_bytes)
    with obj.open() as nw:
        report = nw.ingest(articles, feeds=feeds, outlet=outlet, published=published)
        finish(report)
        if report.read == 0 and not feeds:
            raise nothing_read(len(report.skipped))


@cli.command()
@db_option
@click.argument("feeds_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--every", default="15m", show_default=True, help="Time between polls: 90s, 15m, 1h.")
@click.option("--out", default=None, type=click.Path(file_okay=False), help="Rewrite the report here after each poll.")
@click.option("--polls", default=0, type=click.IntRange(0), help="Stop after this many polls [0: until Ctrl-C].")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow private and loopback addresses for the hosts named here (never link-local or metadata).",
)
@click.option("--force", is_flag=True, help="Replace a report of another store in --out.")
@click.pass_obj
def watch(
    obj: Context, feeds_file: str, every: str, out: str | None, polls: int, allow_private: bool, force: bool
) -> None:
    """Poll the feeds listed in FEEDS_FILE (one URL a line, # for comments) until stopped,
    ingesting new articles and updating their stories after each poll."""
    import time as _time

    interval = _parse_interval(every)
    feeds = [
        line.strip()
        for line in Path(feeds_file).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not feeds:
        raise click.BadParameter(f"no feed URLs in {feeds_file}", param_hint="FEEDS_FILE")
    if out:
        from newsweave.report import check_report_folder

        check_report_folder(out, obj.db, force=force)
    obj.config = obj.config.with_options(allow_private_urls=allow_private or None)
    done = 0
    with obj.open() as nw:
        nw.check_vectors()  # a store of another embedding model is refused before the first poll
        while True:
            report = nw.ingest(feeds=feeds)
            nw.build(report=report)
            if out:
                from newsweave.report import write_report

                write_report(nw.store, out, force=force)
            click.echo(f"{_time.strftime('%Y-%m-%d %H:%M:%S')} {report.summary_line(len(nw.stories()))}", err=True)
            done += 1
            if polls and done >= polls:
                return
            _time.sleep(interval)


def _parse_interval(text: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    value = text.strip().lower()
    try:
        seconds = float(value[:-1]) * units[value[-1]] if value[-1:] in units else float(value)
    except ValueError:
        raise click.BadParameter(f"'{text}' is not a duration such as 90s, 15m or 1h", param_hint="--every") from None
    if seconds < 1:
        raise click.BadParameter("the interval must be at least one second", param_hint="--every")
    return seconds


@cli.command()
@db_option
@click.option("--rebuild", is_flag=True, help="Rewrite every story, not only those that changed.")
@click.option(
    "--reembed",
    is_flag=True,
    help="Make every stored vector again with the embedding model given now, and group the stories"
    " again: what changing --embedding-model (or --embedding-backend) of a store needs.",
)
@click.option("--words", default=None, type=click.IntRange(20, 1000), help="Summary length in words [100].")
@engine_options
@click.pass_obj
def build(obj: Context, rebuild: bool, reembed: bool, words: int | None) -> None:
    """Annotate new articles, add them to stories and rewrite the stories that changed.

    A store remembers the embedding model its vectors were made with; to change the model,
    run `newsweave --embedding-model NEW build --reembed --db PATH` once.
    """
    obj.config = obj.config.with_options(summary_words=words)
    with obj.open(existing=True) as nw:
        report = nw.build(rebuild=rebuild, reembed=reembed)
        finish(report, len(nw.stories()), nw.store.count("published IS NULL"))
        incomplete(report)


@cli.command()
@db_option
@click.option("--out", default="report", show_default=True, type=click.Path(file_okay=False))
@click.option("--format", "formats", default="json,md,html", show_default=True, help="Comma-separated: json, md, html.")
@click.option("--force", is_flag=True, help="Replace a report of another store in --out.")
@click.pass_obj
def report(obj: Context, out: str, formats: str, force: bool) -> None:
    """Write the report of the stored stories (no recomputation)."""
    from newsweave.report import write_report

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = set(chosen) - {"json", "md", "html"}
    if unknown:
        raise click.BadParameter(f"unknown format(s): {', '.join(sorted(unknown))}", param_hint="--format")
    with obj.open(existing=True) as nw:
        files = write_report(nw.store, out, chosen, force=force)
    wrote(files, out)
