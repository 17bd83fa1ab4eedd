"""``newsweave serve``: the web app and JSON API over a store."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click

from newsweave.cli.app import Context, cli, db_option
from newsweave.errors import Errors, NewsweaveError

log = logging.getLogger("newsweave")


@cli.command()
@db_option
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
    obj: Context,
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
