"""The near-duplicate index: kept in the store against held in memory, at growing store sizes.

Builds a store of N synthetic articles (random word sequences, so any Jaccard above the
threshold is a planted copy) and compares, in one process, the two ways of keeping the
MinHash LSH index of the stored articles:

- ``datasketch``: every stored signature loaded at start into datasketch's ``MinHashLSH`` as
  ``MinHash`` objects (what ingest did before the band table);
- ``memory``: the same band tables in plain dictionaries (:class:`newsweave.clean.dedup.MemoryBands`,
  what the index of one batch uses);
- ``stored``: the store's band table, read as each article is looked up (what ingest does now).

For each it prints the time to open the index, the Python memory it holds (tracemalloc), the
time per look-up of 400 articles (200 edited copies of stored ones, 200 new) and whether they
give the answers of ``datasketch``, and for the stored index the time to add an article and the
size on disk per article of the signature and band tables (SQLite's dbstat).

    python benchmarks/dedup.py [--sizes 2000,10000,30000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsweave.clean.article import clean_article  # noqa: E402
from newsweave.clean.dedup import NearDuplicates, from_bytes  # noqa: E402
from newsweave.records import RawArticle  # noqa: E402
from newsweave.store.store import Store  # noqa: E402

WORDS = [f"w{i}" for i in range(5000)]


class DatasketchIndex:
    """The index ingest kept before: datasketch's MinHashLSH over MinHash objects, all in memory."""

    def __init__(self, rows: Iterable[tuple[str, bytes]], threshold: float = 0.8, num_perm: int = 128) -> None:
        from datasketch import MinHash, MinHashLSH

        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.signatures: dict[str, Any] = {}
        for key, blob in rows:
            signature = MinHash(num_perm=num_perm, hashvalues=from_bytes(blob), scheme="affine32")
            self.lsh.insert(key, signature)
            self.signatures[key] = signature

    def find(self, signature: Any) -> tuple[str, float] | None:
        best: tuple[str, float] | None = None
        for key in self.lsh.query(signature):
            similarity = float(signature.jaccard(self.signatures[key]))
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (key, similarity)
        return best


def text(rng: random.Random, words: int = 300) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def edited(rng: random.Random, body: str, changes: int = 6) -> str:
    words = body.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def query_text(rng: random.Random, bodies: list[str], i: int) -> str:
    """An edited copy of a stored article (odd ``i``) or a new article (even ``i``)."""
    return edited(rng, rng.choice(bodies)) if i % 2 else text(rng)


def open_index(kind: str, store: Store) -> Any:
    if kind == "datasketch":
        return DatasketchIndex(store.signatures())
    if kind == "memory":
        index = NearDuplicates()
        index.load(store.signatures())
        return index
    return NearDuplicates.stored(store)


def fill(store: Store, index: NearDuplicates, n: int, rng: random.Random) -> tuple[list[str], float]:
    """Store ``n`` articles with their signatures; returns their texts and seconds per article added."""
    bodies, spent, batch = [], 0.0, []
    for i in range(n):
        body = text(rng)
        bodies.append(body)
        batch.append(clean_article(RawArticle(source=f"a{i}.txt", text=body, id=f"a{i}")))
        if len(batch) == 500 or i == n - 1:
            store.add_articles(batch)
            signatures = [(a.id, index.signature(a)) for a in batch]
            started = time.perf_counter()
            index.add_many(signatures)
            spent += time.perf_counter() - started
            batch = []
    return bodies, spent / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,10000,30000", help="store sizes (articles)")
    args = parser.parse_args()
    print(
        f"{'articles':>8} {'index':>10} {'open s':>7} {'held MB':>8} {'B/article':>9} {'lookup ms':>9} "
        f"{'add ms':>7} {'store KB/article':>16} {'same':>5}"
    )
    for n in (int(x) for x in args.sizes.split(",")):
        rng = random.Random(n)
        path = Path(tempfile.mkdtemp()) / "dedup.db"
        with Store(path) as store:
            bodies, add_seconds = fill(store, NearDuplicates.stored(store), n, rng)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            on_disk = store.conn.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name IN "
                "('signatures', 'sqlite_autoindex_signatures_1', 'minhash_bands', 'minhash_bands_article')"
            ).fetchone()[0]
            per_article = on_disk / n / 1024
            queries = [
                clean_article(RawArticle(source=f"q{i}.txt", text=query_text(rng, bodies, i))) for i in range(400)
            ]
            answers = {}
            signatures = [NearDuplicates().signature(q) for q in queries]
            for kind in ("datasketch", "memory", "stored"):
                tracemalloc.start()  # what the index holds (a build of its own: tracing slows it)
                index = open_index(kind, store)
                held = tracemalloc.get_traced_memory()[0]
                tracemalloc.stop()
                del index
                started = time.perf_counter()
                index = open_index(kind, store)
                opened = time.perf_counter() - started
                started = time.perf_counter()
                answers[kind] = [index.find(s) for s in signatures]
                lookup = (time.perf_counter() - started) / len(queries) * 1000
                add = f"{add_seconds * 1000:7.2f}" if kind == "stored" else f"{'':>7}"
                size = f"{per_article:16.2f}" if kind == "stored" else f"{'':>16}"
                same = "yes" if answers[kind] == answers["datasketch"] else "NO"
                print(
                    f"{n:8d} {kind:>10} {opened:7.2f} {held / 2**20:8.1f} {held / n:9.0f} {lookup:9.3f} {add} {size} "
                    f"{same:>5}",
                    flush=True,
                )
                del index
            found = sum(a is not None for a in answers["stored"])
            print(
                f"{'':8} copies found: {found} of 200 planted; new articles matched: "
                f"{sum(a is not None for a in answers['stored'][0::2])}"
            )


if __name__ == "__main__":
    main()
