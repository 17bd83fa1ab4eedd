"""Story clustering quality: B-cubed precision, recall and F1 on DUC 2003 task 2 + DUC 2004.

The 80 clusters (30 + 50, ~800 articles) are mixed into one stream ordered by publication
date. Every cluster is one TDT event; 21 cluster ids occur in both sets and name the same
event, so the gold labelling has 59 stories. The stream is fed to newsweave's ingest → annotate → cluster.
Target (issue 2): F1 ≥ 0.90.

    python benchmarks/stories.py [--db benchmarks/out/duc.db] [--sweep] [--increments N]

``--db`` keeps the annotated store so that ``--sweep`` can re-cluster it at other thresholds
without annotating again; the sweep prints DUC 2003 and DUC 2004 separately so a threshold
chosen on one can be checked on the other. ``--increments N`` clusters the stored articles in N
date-ordered parts, each against the stories so far, as a stream is clustered.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, duc_record, peak_rss_mb, read_jsonl, require  # noqa: E402

from newsweave.clean import clean_article  # noqa: E402
from newsweave.config import Config  # noqa: E402
from newsweave.pipeline import Newsweave  # noqa: E402
from newsweave.records import RawArticle  # noqa: E402


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) over the items of ``gold``."""
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for item, label in gold.items():
        by_gold[label].add(item)
        by_pred[pred[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        same = by_pred[pred[item]] & by_gold[gold[item]]
        precision += len(same) / len(by_pred[pred[item]])
        recall += len(same) / len(by_gold[gold[item]])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def load_stream() -> tuple[list[RawArticle], dict[str, str]]:
    records, gold = [], {}
    for name in ("duc2003-task2.jsonl", "duc2004-clusters.jsonl"):
        require(DATA / name)
        for cluster in read_jsonl(DATA / name):
            for doc in cluster["docs"]:
                # The two sets share 21 cluster ids, which are the same TDT events (and 37
                # documents): the gold story is the cluster id; ids stay unique per set.
                aid = f"{name[:7]}/{cluster['id']}/{doc['id']}"
                gold[aid] = cluster["id"]
                records.append(duc_record(doc, f"{name}#{aid}", aid))
    records.sort(key=lambda r: (r.published or "", r.id or ""))
    return records, gold


def assignment(nw: Newsweave, stored_as: dict[str, str]) -> dict[str, str]:
    """Story of every input record; a duplicate record gets the story of the article it repeats."""
    rows = nw.store.conn.execute("SELECT id, story_id FROM articles")
    story = {str(r[0]): str(r[1]) for r in rows}
    return {record: story[article] for record, article in stored_as.items() if article in story}


def stored_ids(nw: Newsweave, records: list[RawArticle]) -> dict[str, str]:
    """Which stored article each input record became: itself, the article it repeats, or the
    article it is a near-duplicate copy of (scored with that article's story)."""
    by_hash = {str(r[0]): str(r[1]) for r in nw.store.conn.execute("SELECT content_hash, original_id FROM copies")}
    by_hash.update({str(r[0]): str(r[1]) for r in nw.store.conn.execute("SELECT content_hash, id FROM articles")})
    out = {}
    for record in records:
        article = clean_article(record)
        if article.content_hash in by_hash and record.id:
            out[record.id] = by_hash[article.content_hash]
    return out


def cluster_in_parts(nw: Newsweave, parts: int) -> None:
    """Cluster the store's articles in ``parts`` date-ordered parts, each against the stories so
    far: the later parts are hidden from clustering (marked not annotated) until their turn."""
    rows = nw.store.conn.execute("SELECT id FROM articles WHERE annotated=1 ORDER BY published, id").fetchall()
    ids = [str(r[0]) for r in rows]
    cuts = [ids[k * len(ids) // parts : (k + 1) * len(ids) // parts] for k in range(parts)]
    with nw.store.conn:
        nw.store.conn.executemany("UPDATE articles SET annotated=0 WHERE id=?", [(i,) for cut in cuts[1:] for i in cut])
    for k, cut in enumerate(cuts):
        if k:
            with nw.store.conn:
                nw.store.conn.executemany("UPDATE articles SET annotated=1 WHERE id=?", [(i,) for i in cut])
        nw.cluster()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=None, help="keep the annotated store here (default: a temporary file)")
    parser.add_argument("--sweep", action="store_true", help="re-cluster at several thresholds")
    parser.add_argument("--thresholds", default="0.20,0.25,0.30,0.35,0.40,0.45,0.50", help="grid for --sweep")
    parser.add_argument("--entity-weight", type=float, default=None, help="override Config.entity_weight")
    parser.add_argument("--term-weight", type=float, default=None, help="override Config.term_weight")
    parser.add_argument("--window", type=int, default=None, help="override Config.time_window_days")
    parser.add_argument("--recluster-days", type=int, default=None, help="override Config.recluster_days")
    parser.add_argument("--increments", type=int, default=1, help="cluster in this many date-ordered parts")
    args = parser.parse_args()
    records, gold = load_stream()
    import tempfile

    db = args.db or str(Path(tempfile.mkdtemp()) / "duc.db")
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    nw = Newsweave(db, Config())
    started = time.perf_counter()
    nw.add(records)
    annotated = nw.annotate()
    t_annotate = time.perf_counter() - started
    nw.config = nw.config.with_options(
        entity_weight=args.entity_weight,
        term_weight=args.term_weight,
        time_window_days=args.window,
        recluster_days=args.recluster_days,
    )
    grid = [float(x) for x in args.thresholds.split(",")]
    thresholds = grid if args.sweep else [nw.config.story_threshold]
    stored_as = stored_ids(nw, records)
    excluded = len(gold) - len(stored_as)
    gold = {k: v for k, v in gold.items() if k in stored_as}
    print(
        f"records: {len(records)}  evaluated: {len(gold)} (no text: {excluded})  stored articles:"
        f" {nw.store.count()}  gold stories: {len(set(gold.values()))}  annotated now: {annotated} ({t_annotate:.1f} s)"
    )
    if args.increments > 1:
        print(f"clustered in {args.increments} date-ordered parts")
    print(f"{'threshold':>9} {'set':>8} {'stories':>7} {'P':>6} {'R':>6} {'F1':>6} {'seconds':>7}")
    for threshold in thresholds:
        nw.store.conn.execute("UPDATE articles SET story_id=NULL")
        nw.store.conn.execute("DELETE FROM stories")
        nw.store.conn.commit()
        nw.config = nw.config.with_options(story_threshold=threshold)
        t0 = time.perf_counter()
        cluster_in_parts(nw, max(args.increments, 1))
        seconds = time.perf_counter() - t0
        pred = assignment(nw, stored_as)
        for subset in ("all", "duc2003", "duc2004"):
            items = {k: v for k, v in gold.items() if subset == "all" or k.startswith(subset)}
            p, r, f = bcubed(items, pred)
            n_pred = len({pred[k] for k in items})
            print(f"{threshold:9.2f} {subset:>8} {n_pred:7d} {p:6.3f} {r:6.3f} {f:6.3f} {seconds:7.1f}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    nw.close()


if __name__ == "__main__":
    main()
