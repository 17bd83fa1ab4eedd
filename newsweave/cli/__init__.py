"""The ``newsweave`` command: a thin layer over :mod:`newsweave.pipeline` and :mod:`newsweave.store`.

Exit codes: 0 done (some items may have been skipped, see the summary line);
1 a command failed (the message says why and how to fix it); 2 wrong usage;
3 nothing could be read from the inputs; 4 done, but some events or stories could not be written.
"""

from __future__ import annotations

import sys

import click

from newsweave.cli import build, inspect, read  # noqa: F401 - each module adds its commands to the group
from newsweave.cli.app import EXIT_FAILED, EXIT_INCOMPLETE, EXIT_NOTHING_READ, EXIT_OK, EXIT_USAGE, cli
from newsweave.cli.serve import serve
from newsweave.errors import Errors, NewsweaveError

__all__ = ["cli", "entry_point", "main", "serve"]


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
        codes = {Errors.E005: EXIT_NOTHING_READ, Errors.E016: EXIT_INCOMPLETE}
        return codes.get(exc.error, EXIT_FAILED)
    except KeyboardInterrupt:
        click.echo("interrupted: the store is consistent; run the same command again to resume", err=True)
        return 130
    return EXIT_OK


def entry_point() -> None:
    """Console script: exit with :func:`main`'s code."""
    sys.exit(main())
