"""A short burst of heavy coverage: does newsweave cut one busy week of a story into its happenings?

Issue 22's event level: "an event is one happening, usually hours to days". A review fed one week
of Timeline17's oil-spill folders (``bpoil_*``, 2010-06-01..07: 121 articles of five outlets) to
``newsweave run``, and one event held 99 of them over all seven days. The labels
(``benchmarks/data/event_pairs_bp.jsonl``: ids, a label and our own words; the texts are read from
``../shared``) are 200 pairs of that event's articles, drawn at random (seed 2318, no article in
more than six pairs) in four strata of 50: published the same day or not, times TF-IDF cosine
(first 1,500 characters, fitted on the week) at least 0.15 or below. Each was labelled by reading
both articles' openings: ``same`` (one happening is the main news of both), ``different`` (each
reports a happening the other does not, or one reports a happening and the other is a feature
without one), ``unsure`` (not scored: two features or analyses; one reports the other's happening
in passing; successive steps of one multi-day operation, such as a cut and a later fitting).
``half``: A or B by the first byte of sha1 of the pair's first id (sorted), even -> A; so all pairs
whose first article is one article are in one half.

The score: precision, recall and F1 of ``same`` per half (a pair is predicted ``same`` when both
articles are in one event), and the size of the largest event. The store is a copy of one made by
``newsweave run`` on the week (``--write-week`` prints the week's articles as JSON lines for it);
its groupings are forgotten and it is clustered again with this code, one batch, with ``--set``
overrides.

    python benchmarks/event_burst.py --write-week /tmp/week.jsonl && newsweave run /tmp/week.jsonl --db /tmp/week.db
    python benchmarks/event_burst.py --store /tmp/week.db [--halves A,B,all] [--set K=V] [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, ROOT, read_jsonl, settings  # noqa: E402

PAIRS = ROOT / "benchmarks" / "data" / "event_pairs_bp.jsonl"
FOLDERS = ("bpoil_bbc", "bpoil_foxnews", "bpoil_guardian", "bpoil_reuters", "bpoil_washingtonpost")
FIRST, LAST = "2010-06-01", "2010-06-07"


def half(a: str, b: str) -> str:
    """'A' or 'B' for a pair, by a stable hash of its first id (sorted)."""
    return "A" if hashlib.sha1(min(a, b).encode()).digest()[0] % 2 == 0 else "B"


def week() -> list[dict]:
    """The week's articles as ``newsweave run`` reads JSON lines (id ``outlet_number``)."""
    out = []
    for folder in FOLDERS:
        outlet = folder.split("_", 1)[1]
        for row in read_jsonl(DATA / "timeline17" / folder / "articles.jsonl"):
            if FIRST <= row["time"][:10] <= LAST:
                out.append(
                    {
                        "id": f"{outlet}_{row['id']}",
                        "outlet": outlet,
                        "published": row["time"][:10],
                        "text": row["text"],
                    }
                )
    return out


def stored_id(key: str) -> str:
    """The id of a labelled article (``bpoil_outlet/number``) in a store of :func:`week`."""
    folder, number = key.split("/")
    return f"{folder.split('_', 1)[1]}_{number}"


def events_of(store: Path, overrides: dict) -> dict[str, str]:
    """Article id -> event, clustering a copy of ``store`` afresh (one batch) with ``overrides``."""
    from newsweave.config import Config
    from newsweave.pipeline.runner import Newsweave

    work = Path(tempfile.mkdtemp()) / store.name
    shutil.copy(store, work)
    with Newsweave(work, Config().with_options(**overrides)) as nw:
        conn = nw.store.conn
        with conn:
            conn.execute("UPDATE articles SET story_id=NULL, event_id=NULL")
            for table in ("events", "redirects", "story_list", "story_actors", "stories"):
                conn.execute(f"DELETE FROM {table}")
        nw.cluster()
        rows = conn.execute("SELECT id, event_id FROM articles WHERE event_id IS NOT NULL").fetchall()
    shutil.rmtree(work.parent)
    return {str(a): str(e) for a, e in rows}


def score(rows: list[dict], event: dict[str, str]) -> tuple[int, int, int, float, float, float]:
    """TP, FP, FN, precision, recall and F1 of ``same`` over the labelled (not unsure) ``rows``."""
    together = [event.get(stored_id(r["a"]), "a") == event.get(stored_id(r["b"]), "b") for r in rows]
    tp = sum(t and r["label"] == "same" for t, r in zip(together, rows, strict=True))
    fp = sum(t and r["label"] == "different" for t, r in zip(together, rows, strict=True))
    fn = sum(not t and r["label"] == "same" for t, r in zip(together, rows, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return tp, fp, fn, p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="a store of the week made by `newsweave run` (read from a copy)")
    parser.add_argument("--write-week", type=Path, help="write the week's articles as JSON lines and stop")
    parser.add_argument("--halves", default="A", help="comma-separated: A, B, all")
    parser.add_argument("--show", action="store_true", help="list the disagreements and the events' sizes")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a Config setting")
    args = parser.parse_args()
    if args.write_week:
        with args.write_week.open("w", encoding="utf-8") as handle:
            for row in week():
                handle.write(json.dumps(row) + "\n")
        return
    if args.store is None:
        raise SystemExit("--store (a store of the week) or --write-week")
    rows = read_jsonl(PAIRS)
    for row in rows:
        assert row["half"] == half(row["a"], row["b"]), row
    event = events_of(args.store, settings(args.set))
    sizes = Counter(event.values())
    largest = sorted(sizes.values(), reverse=True)
    print(f"{len(event)} articles, {len(sizes)} events, the largest: {largest[:12]}")
    print(f"{'half':>4} {'pairs':>5} {'same':>5} {'diff':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for subset in args.halves.split(","):
        part = [r for r in rows if r["label"] != "unsure" and subset in ("all", r["half"])]
        tp, fp, fn, p, r, f = score(part, event)
        same = sum(x["label"] == "same" for x in part)
        counts = f"{subset:>4} {len(part):5d} {same:5d} {len(part) - same:5d} {tp:4d} {fp:4d} {fn:4d}"
        print(f"{counts} {p:6.3f} {r:6.3f} {f:6.3f}")
    if args.show:
        shown = [
            r for r in rows if r["label"] != "unsure" and any(s in ("all", r["half"]) for s in args.halves.split(","))
        ]
        for r in shown:
            joined = event.get(stored_id(r["a"]), "a") == event.get(stored_id(r["b"]), "b")
            if joined != (r["label"] == "same"):
                print(
                    f"  {r['half']} {r['label']:>9} {'joined' if joined else 'apart':>6} {r['a']} {r['b']} ({r['why']})"
                )


if __name__ == "__main__":
    main()
