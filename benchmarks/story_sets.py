"""The real development sets for events and stories, read from ../shared at run time.

- ``duc``: DUC 2003 task 2 + DUC 2004 (80 clusters, ~800 AP/NYT articles, dated); every
  cluster is one TDT event; the 21 cluster ids shared by both sets name the same event (59 in
  all). Stories: ``benchmarks/data/duc_stories.jsonl`` files every cluster id under a developing
  story, labelled by reading (50 stories; seven hold two to four clusters, e.g. the two China
  dissident clusters, the Wye accord's bombing, airport and Clinton-visit clusters).
- ``ecb``: ECB+ topics 1-24 (509 articles, fed without dates); gold ``event_cluster``: each
  topic holds two similar but different events (two rehab check-ins, two earthquakes).
- ``wcl``: NewsWCL50 (50 articles, fed without dates): ten happenings of one month of US politics,
  each reported by five outlets, nearly all naming the same president; gold: the happening, at
  both levels (several are arguably one developing story: the story level is printed, not a target).
- ``t17``: Timeline17, all 17 folders mixed into one dated stream (4,650 articles); gold is the
  topic: every topic is one developing story, whichever outlet wrote it.

Every set is split in two halves by a hash of the gold cluster (``half`` of ``topic``): weights and
thresholds are tuned on half ``A`` and reported on ``B`` as they come out (and on the other sets
whole). Events are split by their gold event, stories by their gold story (``split_label``): on
DUC the two differ, so a half's story rows come from a clustering of that half's stories.

    python benchmarks/story_sets.py build duc ecb t17 wcl   # ingest + annotate into benchmarks/out/SET.db
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, ROOT, duc_record, read_jsonl, require  # noqa: E402

from newsweave.records import RawArticle  # noqa: E402

# $NEWSWEAVE_BENCH_OUT: another folder of stores, e.g. copies re-embedded with another model
OUT = Path(os.environ.get("NEWSWEAVE_BENCH_OUT") or ROOT / "benchmarks" / "out")
SETS = ("duc", "ecb", "t17", "wcl")


@dataclass
class DevSet:
    """Records of one development set with their gold event and story labels (by record id)."""

    name: str
    records: list[RawArticle]
    events: dict[str, str]  # record id -> gold event
    stories: dict[str, str]  # record id -> gold developing story


def half(label: str) -> str:
    """'A' (tuning) or 'B' (held out) for a gold cluster label, by a stable hash."""
    return "A" if hashlib.sha1(label.encode()).digest()[0] % 2 == 0 else "B"


def topic(name: str, label: str) -> str:
    """The unit a set is split by: ECB+'s topic (its two events stay together), else the label."""
    return label.split("_")[0] if name == "ecb" else label


def split_label(dev: DevSet, level: str) -> dict[str, str]:
    """Record id -> the gold label its half is decided by at ``level`` ('event' or 'story'):
    events by their event, stories by their story (a story's events all in one half)."""
    return dev.events if level == "event" and dev.events else dev.stories


def in_half(name: str, label: str, subset: str) -> bool:
    """Whether a gold label belongs to ``subset`` ('all', 'A' or 'B')."""
    return subset == "all" or half(topic(name, label)) == subset


DUC_STORIES = ROOT / "benchmarks" / "data" / "duc_stories.jsonl"


def duc_stories() -> dict[str, str]:
    """DUC cluster id -> developing story, as labelled by reading (benchmarks/data/duc_stories.jsonl)."""
    out: dict[str, str] = {}
    for row in read_jsonl(DUC_STORIES):
        if row["cluster"] in out:
            raise ValueError(f"{DUC_STORIES}: {row['cluster']} labelled twice")
        out[row["cluster"]] = row["story"]
    return out


def load_duc() -> DevSet:
    stories = duc_stories()
    records, gold = [], {}
    for name in ("duc2003-task2.jsonl", "duc2004-clusters.jsonl"):
        require(DATA / name)
        for cluster in read_jsonl(DATA / name):
            for doc in cluster["docs"]:
                aid = f"{name[:7]}/{cluster['id']}/{doc['id']}"
                gold[aid] = cluster["id"]
                records.append(duc_record(doc, f"{name}#{aid}", aid))
    missing = sorted(set(gold.values()) - set(stories))
    if missing:
        raise ValueError(f"{DUC_STORIES}: no story for {', '.join(missing)}")
    records.sort(key=lambda r: (r.published or "", r.id or ""))
    return DevSet("duc", records, gold, {r: stories[c] for r, c in gold.items()})


def load_ecb() -> DevSet:
    path = DATA / "external" / "ecbplus-docs.jsonl.gz"
    require(path)
    records, events, stories = [], {}, {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            aid = f"ecb/{doc['doc_id']}"
            events[aid] = doc["event_cluster"]
            stories[aid] = doc["event_cluster"]  # two celebrities' rehab stays are two stories too
            records.append(RawArticle(source=f"ecbplus#{aid}", text=doc["text"], id=aid))
    records.sort(key=lambda r: r.id or "")
    return DevSet("ecb", records, events, stories)


def load_t17() -> DevSet:
    root = DATA / "timeline17"
    require(root)
    records, gold = [], {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        topic, _, outlet = folder.name.partition("_")
        for row in read_jsonl(folder / "articles.jsonl"):
            aid = f"t17/{folder.name}/{row['id']}"
            gold[aid] = topic.lower()
            records.append(
                RawArticle(
                    source=f"{folder.name}#{aid}", text=row["text"], id=aid, outlet=outlet, published=row["time"]
                )
            )
    records.sort(key=lambda r: (r.published or "", r.id or ""))
    return DevSet("t17", records, {}, gold)


def load_wcl() -> DevSet:
    path = DATA / "external" / "newswcl50-docs.jsonl.gz"
    require(path)
    records, events = [], {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            aid = f"wcl/{doc['doc_id']}"
            events[aid] = f"wcl{doc['event_id']}"
            outlet = str(doc.get("outlet_name") or "").split(" (")[0] or None
            records.append(RawArticle(source=f"newswcl50#{aid}", text=doc["text"], id=aid, outlet=outlet))
    records.sort(key=lambda r: r.id or "")
    return DevSet("wcl", records, events, dict(events))


LOADERS = {"duc": load_duc, "ecb": load_ecb, "t17": load_t17, "wcl": load_wcl}


def load(name: str) -> DevSet:
    return LOADERS[name]()


def build(name: str, db: Path | None = None) -> Path:
    """Ingest and annotate one set into ``benchmarks/out/NAME.db`` (kept: later runs re-cluster it)."""
    from newsweave.config import Config
    from newsweave.pipeline.runner import Newsweave

    db = db or OUT / f"{name}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    dev = load(name)
    started = time.perf_counter()
    with Newsweave(db, Config()) as nw:
        nw.add(dev.records)
        annotated = nw.annotate()
        nw.fill_vectors()
    print(f"{name}: {len(dev.records)} records, {annotated} annotated in {time.perf_counter() - started:.0f} s -> {db}")
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["build"])
    parser.add_argument("sets", nargs="+", choices=SETS)
    args = parser.parse_args()
    for name in args.sets:
        build(name)


if __name__ == "__main__":
    main()
