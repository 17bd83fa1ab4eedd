"""Clustering laboratory: re-cluster the annotated development stores without annotating again.

Reads every article's clustering features from ``benchmarks/out/SET.db`` (made by
``story_sets.py build``) once, then runs newsweave's event and story grouping in memory (one
batch, or N date-ordered parts against the groups so far) and scores both levels with B-cubed,
on the whole set and on its halves A (tuning) and B (held out). It leaves out what the pipeline
adds around grouping (stories that meet are merged; fed in parts, the word weights are those of
the articles seen so far): ``stories.py`` gives the figures of record.

    python benchmarks/cluster_lab.py duc ecb t17 [--increments 10] [--set story_threshold=0.2 ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import settings  # noqa: E402
from story_sets import OUT, in_half, load, split_label  # noqa: E402

from newsweave.cluster.conflicts import happenings  # noqa: E402
from newsweave.cluster.events import event_features  # noqa: E402
from newsweave.cluster.stories import (  # noqa: E402
    ArticleFeatures,
    MemoryStories,
    Weights,
    idf_weights,
    place,
    similarity_matrix,
)
from newsweave.config import Config  # noqa: E402


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


def joined_labels(gold: dict[str, str], stored: dict[str, str]) -> dict[str, str]:
    """``gold`` (record -> label) with every two labels joined whose records include the same stored
    article: DUC files some texts under two clusters (two TDT topics of one subject), which no
    grouping of stored articles can keep apart. Each record's label is then its joined set's."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            label = parent[label]
        return label

    first: dict[str, str] = {}
    for record, label in sorted(gold.items()):
        article = stored.get(record, record)
        if article in first:
            a, b = sorted((root(first[article]), root(label)))
            parent[b] = a
        else:
            first[article] = label
    return {record: root(label) for record, label in gold.items()}


def ceiling(gold: dict[str, str], stored: dict[str, str]) -> dict[str, str]:
    """The best grouping of stored articles for ``gold``: every record labelled with the label most
    of its stored article's records carry (a copy goes where its original goes)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for record, label in gold.items():
        counts[stored.get(record, record)][label] += 1
    best = {a: max(sorted(c), key=lambda k: c[k]) for a, c in counts.items()}
    return {record: best[stored.get(record, record)] for record in gold}


def features(name: str) -> tuple[list[ArticleFeatures], Weights, dict[str, str]]:
    """Every annotated article's features, the store's weights, and record id -> stored id."""
    # the cache is named by the features' fields: one pickled before a field was added is not read
    fields = ",".join(f.name for f in dataclasses.fields(ArticleFeatures))
    cache = OUT / f"{name}.features.{hashlib.sha1(fields.encode()).hexdigest()[:8]}.pkl"
    db = OUT / f"{name}.db"
    if cache.exists() and cache.stat().st_mtime > db.stat().st_mtime:
        with cache.open("rb") as handle:
            return pickle.load(handle)
    from newsweave.pipeline.story_source import article_features
    from newsweave.store.store import Store

    store = Store(db)
    rows = store.conn.execute("SELECT id, published FROM articles WHERE annotated=1 ORDER BY id").fetchall()
    dim = len(store.article_vector(str(rows[0][0])))
    items = [article_features(store, str(r[0]), r[1], dim) for r in rows]
    entity_df, n = store.entity_df()
    weights = Weights(idf_weights(entity_df, n), idf_weights(store.term_df(), n))
    stored = {str(r[0]): str(r[0]) for r in rows}
    for copy, original in store.conn.execute("SELECT id, original_id FROM copies"):
        stored[str(copy)] = str(original)
    store.close()
    out = (items, weights, stored)
    with cache.open("wb") as handle:
        pickle.dump(out, handle)
    return out


def run(items: list[ArticleFeatures], weights: Weights, config: Config, parts: int) -> tuple[dict, dict]:
    """Events (article -> event) and stories (article -> story), fed in ``parts`` date-ordered parts."""
    ordered = sorted(items, key=lambda a: (a.date is None, a.date or 0, a.id))
    cuts = [ordered[k * len(ordered) // parts : (k + 1) * len(ordered) // parts] for k in range(parts)]
    event_of: dict[str, str] = {}
    story_of_event: dict[str, str] = {}
    by_id = {a.id: a for a in items}
    story_config = config.story_grouping()
    event_config = config.event_grouping()
    for cut in cuts:
        from newsweave.cluster.stories import StoryState

        members: dict[str, list[ArticleFeatures]] = defaultdict(list)
        for article, event in event_of.items():
            members[event].append(by_id[article])
        previous_events = dict(event_of)
        moved = place(cut, MemoryStories(StoryState(e, m) for e, m in members.items()), weights, event_config)
        changed = set(moved.values()) | {event_of[a] for a in moved if a in event_of}
        event_of.update(moved)
        members = defaultdict(list)
        for article, event in event_of.items():
            members[event].append(by_id[article])
        changed = {e for e in changed if e in members}
        for gone in [e for e in story_of_event if e not in members]:
            del story_of_event[gone]
        new_events = [event_features(e, members[e]) for e in sorted(changed)]
        stories: dict[str, list[ArticleFeatures]] = defaultdict(list)
        for event, story in story_of_event.items():
            if event not in changed:
                stories[story].append(event_features(event, members[event]))
        stories = {s: [event_features(s, m)] for s, m in stories.items()}  # profiles, as the pipeline
        linked = place(new_events, MemoryStories(StoryState(s, m) for s, m in stories.items()), weights, story_config)
        for event in changed:
            story_of_event[event] = linked.get(event, story_of_event.get(event, event))
        # dense events are cut into happenings (as the pipeline does before linking, whose
        # stretches link as one item: here after linking, the pieces staying in the story)
        taken = set(members) - changed  # events not grouped again keep their ids and articles
        pieces, _ = happenings(
            {e: members[e] for e in changed},
            previous_events,
            taken,
            lambda m: similarity_matrix(m, m, weights, event_config),
            event_config,
        )
        for article, piece in pieces.items():
            story_of_event.setdefault(piece, story_of_event[event_of[article]])
        event_of.update(pieces)
    story_of = {a: story_of_event[e] for a, e in event_of.items()}
    return event_of, story_of


def score(name: str, level: str, subset: str, gold: dict[str, str], pred: dict[str, str]) -> None:
    p, r, f = bcubed(gold, pred)
    print(
        f"{name:>4} {level:>6} {subset:>4} {len(set(gold.values())):5d} {len(set(pred.values())):5d}"
        f" {p:6.3f} {r:6.3f} {f:6.3f}"
    )


def mapped(assignment: dict[str, str], stored: dict[str, str]) -> dict[str, str]:
    """Group of every record (a copy is scored with the article it copies)."""
    return {r: assignment[stored[r]] for r in stored if stored[r] in assignment}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+")
    parser.add_argument("--increments", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--halves", default="all,A,B", help="cluster the whole set and each half apart")
    args = parser.parse_args()
    config = Config().with_options(**settings(args.set))
    print(f"{'set':>4} {'level':>6} {'half':>4} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for name in args.sets:
        dev = load(name)
        all_items, weights, stored = features(name)
        for subset in args.halves.split(","):
            # events are split by their gold event, stories by their gold story: where the two
            # splits differ (DUC's halves), the story rows come from a clustering of their own
            runs: dict[frozenset[str], tuple[dict, dict, float]] = {}
            for level in ("event", "story") if dev.events else ("story",):
                label = split_label(dev, level)
                own = {r for r, v in label.items() if in_half(name, v, subset)}
                keep = frozenset(stored[r] for r in own if r in stored)
                if keep not in runs:
                    items = [i for i in all_items if i.id in keep]
                    started = time.perf_counter()
                    event_of, story_of = run(items, weights, config, args.increments)
                    runs[keep] = (event_of, story_of, time.perf_counter() - started)
                    print(
                        f"     {name} {subset} ({level} split): {len(items)} articles,"
                        f" {len(set(event_of.values()))} events, {len(set(story_of.values()))} stories,"
                        f" {runs[keep][2]:.1f} s"
                    )
                event_of, story_of, _ = runs[keep]
                if level == "event":
                    events = {r: v for r, v in mapped(event_of, stored).items() if r in own}
                    score(name, "event", subset, {k: v for k, v in dev.events.items() if k in events}, events)
                else:
                    stories = {r: v for r, v in mapped(story_of, stored).items() if r in own}
                    score(name, "story", subset, {k: v for k, v in dev.stories.items() if k in stories}, stories)


if __name__ == "__main__":
    main()
