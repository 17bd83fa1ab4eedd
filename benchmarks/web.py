"""Web latency under load: p50/p95 of the story list, a story page and a search, 20 concurrent clients.

1. A base store is built once with the real pipeline from DUC 2003 task 2 in ../shared/data
   (kept in benchmarks/out/web-base.db).
2. It is repeated, with changed ids, into a store of N articles (default 20,000): articles,
   sentences, entities and stories are copied; every story's citations point at its own copies;
   the search index is filled by the store's triggers and ``save_story``, as in normal use.
3. ``newsweave serve`` runs on 127.0.0.1 in its own process; 20 keep-alive clients (asyncio, in
   this process) send requests without pause: each scenario is bounded in requests and seconds.

Targets (issue 6): p95 < 150 ms for pages, < 300 ms for search.

    python benchmarks/web.py [--articles 20000] [--requests 600] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, ROOT, duc_record, read_jsonl, require  # noqa: E402

from newsweave.store.store import Store, story_from_dict  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
ARTICLE_COLUMNS = (
    "source, content_hash, title, outlet, published, language, raw_text, lines, ingested_at, annotated, vector,"
    " terms, published_source, published_evidence"
)


def build_base(path: Path) -> None:
    """Run the pipeline on DUC 2003 task 2 (about 300 articles in 30 stories)."""
    from newsweave.pipeline.runner import Newsweave

    source = DATA / "duc2003-task2.jsonl"
    require(source)
    records = [duc_record(doc, f"duc2003#{doc['id']}") for cluster in read_jsonl(source) for doc in cluster["docs"]]
    started = time.perf_counter()
    with Newsweave(path) as nw:
        nw.add(records)
        nw.build()
        print(f"base store: {nw.store.count()} articles, {len(nw.store.story_ids())} stories", end="")
    print(f" ({time.perf_counter() - started:.0f} s)")


def _renamed(value: Any, ids: set[str], suffix: str) -> Any:
    if isinstance(value, str):
        return value + suffix if value in ids else value
    if isinstance(value, list):
        return [_renamed(v, ids, suffix) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, ids, suffix) for k, v in value.items()}
    return value


def replicate(base: Path, out: Path, articles: int) -> tuple[int, int]:
    """Copy the base store's articles and stories, with new ids, until ``out`` holds ``articles``."""
    if out.exists():
        out.unlink()
    with Store(out) as store:
        conn = store.conn
        conn.execute("ATTACH DATABASE ? AS base", (str(base),))
        n_base = int(conn.execute("SELECT COUNT(*) FROM base.articles").fetchone()[0])
        ids = {str(r[0]) for r in conn.execute("SELECT id FROM base.articles")}
        stories = [
            (str(r[0]), json.loads(r[1]))
            for r in conn.execute("SELECT id, data FROM base.stories WHERE data IS NOT NULL")
        ]
        story_ids = {s for s, _ in stories}
        copies = -(-articles // n_base)
        for k in range(copies):
            sfx = f"~r{k}"
            take = min(n_base, articles - k * n_base)
            with conn:
                conn.execute(
                    "INSERT INTO stories (id, first_date, last_date, dirty, created_at, updated_at)"
                    " SELECT id || ?, first_date, last_date, 0, created_at, updated_at FROM base.stories",
                    (sfx,),
                )
                conn.execute(
                    f"INSERT INTO articles (id, url, story_id, {ARTICLE_COLUMNS})"
                    f" SELECT id || ?, CASE WHEN url IS NULL THEN NULL ELSE url || ? END, story_id || ?,"
                    f" {ARTICLE_COLUMNS} FROM base.articles ORDER BY id LIMIT ?",
                    (sfx, sfx, sfx, take),
                )
                conn.execute(
                    'INSERT INTO sentences (article_id, idx, kind, text, start, "end", vector)'
                    ' SELECT article_id || ?, idx, kind, text, start, "end", vector FROM base.sentences'
                    " WHERE article_id || ? IN (SELECT id FROM main.articles)",
                    (sfx, sfx),
                )
                conn.execute(
                    'INSERT INTO entities (article_id, sentence, text, label, start, "end", value)'
                    ' SELECT article_id || ?, sentence, text, label, start, "end", value FROM base.entities'
                    " WHERE article_id || ? IN (SELECT id FROM main.articles)",
                    (sfx, sfx),
                )
            for _, data in stories:
                story = story_from_dict(_renamed(data, ids | story_ids, sfx))
                store.save_story(story)
        store.delete_empty_stories()
        conn.commit()
        conn.execute("DETACH DATABASE base")
        return store.count(), len(store.story_ids())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _client(host: str, port: int, queue: asyncio.Queue[str], deadline: float, out: list[float]) -> int:
    """One keep-alive HTTP/1.1 client: GET paths from the queue until it is empty or time is up.

    A few lines of asyncio streams rather than an HTTP library, so that 20 clients cost the
    machine little next to the server they measure (the server gets both cores' spare time).
    """
    reader, writer = await asyncio.open_connection(host, port)
    errors = 0
    try:
        while time.perf_counter() < deadline:
            try:
                path = queue.get_nowait()
            except asyncio.QueueEmpty:
                break
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            out.append((time.perf_counter() - started) * 1000)
            errors += status != 200
    finally:
        writer.close()
    return errors


async def _load(port: int, paths: list[str], clients: int, seconds: float) -> tuple[list[float], int]:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(quote(path, safe="/?=&+%"))
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    errors = await asyncio.gather(*(_client("127.0.0.1", port, queue, deadline, latencies) for _ in range(clients)))
    return latencies, sum(errors)


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=600, help="per scenario")
    parser.add_argument("--seconds", type=float, default=60, help="at most, per scenario")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="server processes (newsweave serve --workers)")
    parser.add_argument("--rebuild-base", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    base = OUT / "web-base.db"
    if args.rebuild_base or not base.exists():
        for path in OUT.glob("web-base.db*"):
            path.unlink()
        build_base(base)
    db = OUT / f"web-{args.articles}.db"
    started = time.perf_counter()
    n_articles, n_stories = replicate(base, db, args.articles)
    print(
        f"store: {n_articles} articles, {n_stories} stories, {db.stat().st_size / 2**20:.0f} MB"
        f" (replicated in {time.perf_counter() - started:.0f} s)"
    )

    rng = random.Random(13)
    with Store(db) as store:
        story_ids = store.story_ids()
        words = [
            w
            for (text,) in store.conn.execute("SELECT text FROM sentences WHERE kind='body' LIMIT 3000")
            for w in str(text).split()
            if w.isalpha() and len(w) > 4
        ]
        actors = [str(r[0]) for r in store.conn.execute("SELECT DISTINCT name FROM story_actors LIMIT 200")]
    pages = max(1, n_stories // 20)
    scenarios = {
        "story list": [f"/?page={rng.randint(1, min(pages, 50))}" for _ in range(args.requests)],
        "story list, filtered": [f"/?actor={rng.choice(actors)}" for _ in range(args.requests)],
        "story page": [f"/stories/{rng.choice(story_ids)}" for _ in range(args.requests)],
        "search (1 word)": [f"/search?q={rng.choice(words)}" for _ in range(args.requests)],
        "search (2 words)": [f"/search?q={rng.choice(words)}+{rng.choice(words)}" for _ in range(args.requests)],
        "search (phrase)": [f'/search?q="{rng.choice(words)} {rng.choice(words)}"' for _ in range(args.requests)],
        "API search": [f"/api/search/articles?q={rng.choice(words)}" for _ in range(args.requests)],
    }

    port = _free_port()
    command = [sys.executable, "-m", "newsweave.cli", "--db", str(db), "serve", "--port", str(port)]
    if args.workers > 1:
        command += ["--workers", str(args.workers)]
    log = (OUT / "web-server.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=log, env=dict(os.environ))
    try:
        _wait(port)
        asyncio.run(_load(port, ["/", "/search?q=court"] * 20, args.clients, 30))  # warm-up
        print(f"{args.clients} concurrent clients, server workers: {args.workers}")
        print(f"{'scenario':<22} {'requests':>8} {'errors':>6} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
        for name, paths in scenarios.items():
            t0 = time.perf_counter()
            latencies, errors = asyncio.run(_load(port, paths, args.clients, args.seconds))
            elapsed = time.perf_counter() - t0
            print(
                f"{name:<22} {len(latencies):>8} {errors:>6} {len(latencies) / elapsed:>6.0f}"
                f" {_percentile(latencies, 50):>7.1f} {_percentile(latencies, 95):>7.1f} {max(latencies):>7.1f}"
            )
        print("one client at a time (latency without queueing):")
        for name in ("story list", "story page", "search (1 word)", "search (2 words)"):
            latencies, errors = asyncio.run(_load(port, scenarios[name][:200], 1, args.seconds))
            print(
                f"{name:<22} {len(latencies):>8} {errors:>6} {'':>6}"
                f" {_percentile(latencies, 50):>7.1f} {_percentile(latencies, 95):>7.1f} {max(latencies):>7.1f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("the server did not start")


if __name__ == "__main__":
    main()
