"""Events and developing stories: B-cubed precision, recall and F1 of both levels on real sets.

Runs newsweave's own clustering (``Newsweave.cluster``: articles into events, events into
stories) on the annotated development stores that ``story_sets.py build`` makes, as a user's
build would, and scores
- events on DUC 2003+2004 (every cluster one TDT event, dated) and ECB+ topics 1-24 (fed
  without dates; two similar but different events per topic);
- events on NewsWCL50 (ten happenings of one month of US politics, five outlets each, fed
  without dates; its story line is printed, not a target: several happenings are one story);
- stories on Timeline17, all 17 folders mixed into one dated stream (every topic one story),
  and on DUC, its clusters filed under developing stories by reading
  (``benchmarks/data/duc_stories.jsonl``: 59 clusters, 50 stories, several concurrent and related).
Where some texts are filed under two gold events (DUC: two TDT topics of one subject), two more
event lines: ``ceil``, the best any grouping of the stored articles can score, and ``joined``,
the events scored against the gold with such events joined (neither is a target).
Targets (issue 22): F1 >= 0.90 at both levels; fed in ten date-ordered parts, within 0.02 of
one batch. Each set is also clustered as its two halves apart (``story_sets.half``): A is the
half settings were tuned on, B is held out. Events are split by gold event and stories by gold
story (``story_sets.split_label``); on DUC these differ, so a half's story row comes from a
clustering of that half's stories (its events from one of that half's events). Titles: the
share of event and story titles that are a cut-off sentence, a byline or a dateline
(``newsweave.synthesize.headlines.title_problem``).

    python benchmarks/story_sets.py build duc ecb t17 wcl  # once: ingest + annotate (~10 min)
    python benchmarks/stories.py [duc ecb t17 wcl] [--increments 10] [--halves all,A,B] [--titles]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import peak_rss_mb, settings  # noqa: E402
from cluster_lab import bcubed, ceiling, joined_labels  # noqa: E402
from story_sets import OUT, in_half, load, split_label  # noqa: E402

from newsweave.config import Config  # noqa: E402
from newsweave.pipeline.runner import Newsweave  # noqa: E402


def stored_as(nw: Newsweave) -> dict[str, str]:
    """Which stored article each record became (itself, or the article it is a copy of)."""
    out = {str(r[0]): str(r[0]) for r in nw.store.conn.execute("SELECT id FROM articles")}
    out.update({str(r[0]): str(r[1]) for r in nw.store.conn.execute("SELECT id, original_id FROM copies")})
    return out


def reset(nw: Newsweave, keep: set[str] | None) -> None:
    """Forget every grouping; hide the articles not in ``keep`` (marked not annotated)."""
    conn = nw.store.conn
    with conn:
        conn.execute("UPDATE articles SET story_id=NULL, event_id=NULL, annotated=1")
        for table in ("events", "redirects", "story_list", "story_actors", "stories"):
            conn.execute(f"DELETE FROM {table}")
        if keep is not None:
            hidden = [(a,) for (a,) in conn.execute("SELECT id FROM articles") if a not in keep]
            conn.executemany("UPDATE articles SET annotated=0 WHERE id=?", hidden)


def bags(nw: Newsweave) -> dict[str, tuple[frozenset[str], list[str]]]:
    """Every annotated article's entity keys and content words (what the frequency tables count)."""
    from newsweave.cluster.stories import entity_keys

    out = {}
    for (article,) in nw.store.conn.execute("SELECT id FROM articles WHERE annotated=1").fetchall():
        keys = entity_keys((e.text, e.label) for e in nw.store.entities(article))
        out[str(article)] = (keys, list(nw.store.terms(article)))
    return out


def count_visible(nw: Newsweave, words: dict[str, tuple[frozenset[str], list[str]]]) -> None:
    """Make the document frequencies those of the visible articles only, as a store that had
    received just them would hold (hidden articles were annotated, so they are counted too)."""
    from collections import Counter

    visible = [str(r[0]) for r in nw.store.conn.execute("SELECT id FROM articles WHERE annotated=1")]
    entities, terms = Counter(), Counter()
    for article in visible:
        keys, words_of = words[article]
        entities.update(keys)
        terms.update(words_of)
    with nw.store.conn as conn:
        conn.execute("DELETE FROM entity_df")
        conn.execute("DELETE FROM term_df")
        conn.executemany("INSERT INTO entity_df (key, df) VALUES (?, ?)", entities.items())
        conn.executemany("INSERT INTO term_df (term, df) VALUES (?, ?)", terms.items())


def cluster_in_parts(nw: Newsweave, parts: int, words: dict[str, tuple[frozenset[str], list[str]]]) -> None:
    """Cluster the visible articles in ``parts`` date-ordered parts, each against the groups so far,
    with the word weights of the articles seen so far."""
    conn = nw.store.conn
    ids = [str(r[0]) for r in conn.execute("SELECT id FROM articles WHERE annotated=1 ORDER BY published, id")]
    cuts = [ids[k * len(ids) // parts : (k + 1) * len(ids) // parts] for k in range(parts)]
    with conn:
        conn.executemany("UPDATE articles SET annotated=0 WHERE id=?", [(i,) for cut in cuts[1:] for i in cut])
    for k, cut in enumerate(cuts):
        if k:
            with conn:
                conn.executemany("UPDATE articles SET annotated=1 WHERE id=?", [(i,) for i in cut])
        count_visible(nw, words)
        nw.cluster()


def groups(nw: Newsweave) -> tuple[dict[str, str], dict[str, str]]:
    rows = nw.store.conn.execute("SELECT id, event_id, story_id FROM articles WHERE event_id IS NOT NULL").fetchall()
    return {str(r[0]): str(r[1]) for r in rows}, {str(r[0]): str(r[2]) for r in rows}


def line(name: str, level: str, subset: str, gold: dict[str, str], pred: dict[str, str], seconds: float) -> None:
    gold = {k: v for k, v in gold.items() if k in pred}
    p, r, f = bcubed(gold, pred)
    print(
        f"{name:>4} {level:>6} {subset:>4} {len(gold):6d} {len(set(gold.values())):5d}"
        f" {len({pred[k] for k in gold}):5d} {p:6.3f} {r:6.3f} {f:6.3f} {seconds:7.1f}"
    )


def titles(nw: Newsweave) -> Counter[str]:
    """Write every event's and story's title and count those a newsroom would not use."""
    from newsweave.synthesize.headlines import title_problem

    problems: Counter[str] = Counter()
    events = nw.store.event_ids()
    for event in events:
        title = nw.write_event(event).title
        problems[f"event {title_problem(title) or 'ok'}"] += 1
    for story in nw.store.conn.execute("SELECT DISTINCT story_id FROM articles WHERE story_id IS NOT NULL"):
        title = nw.title(str(story[0]))
        problems[f"story {title_problem(title) or 'ok'}"] += 1
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="*", default=["duc", "ecb", "t17", "wcl"])
    parser.add_argument("--increments", type=int, default=1, help="cluster in this many date-ordered parts")
    parser.add_argument("--halves", default="all", help="comma-separated: all, A (tuning), B (held out)")
    parser.add_argument("--titles", action="store_true", help="count unusable event and story titles")
    parser.add_argument("--show", type=int, default=0, help="print the gold make-up of the N largest stories")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a Config setting")
    args = parser.parse_args()
    config = Config().with_options(**settings(args.set))
    print(
        f"{'set':>4} {'level':>6} {'half':>4} {'items':>6} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'s':>7}"
    )
    for name in args.sets:
        source = OUT / f"{name}.db"
        if not source.exists():
            raise SystemExit(f"missing {source}: run `python benchmarks/story_sets.py build {name}` first")
        dev = load(name)
        work = Path(tempfile.mkdtemp()) / f"{name}.db"
        shutil.copy(source, work)
        with Newsweave(work, config) as nw:
            mapping = stored_as(nw)
            words = bags(nw)
            for subset in args.halves.split(","):
                # events are split by their gold event, stories by their gold story (a story's
                # events in one half): where the splits differ (DUC), each level has its own run
                runs: dict[frozenset[str], tuple[dict[str, str], dict[str, str], float]] = {}
                for level in ("event", "story") if dev.events else ("story",):
                    label = split_label(dev, level)
                    # a half scores the records of its own gold labels only: a text filed under two
                    # clusters is visible in both halves, but its other half's record is not this half's
                    own = {r for r, v in label.items() if in_half(name, v, subset)}
                    keep = frozenset(mapping[r] for r in own if r in mapping)
                    if keep not in runs:
                        reset(nw, None if subset == "all" else set(keep))
                        started = time.perf_counter()
                        cluster_in_parts(nw, max(args.increments, 1), words)
                        runs[keep] = (*groups(nw), time.perf_counter() - started)
                    event_of, story_of, seconds = runs[keep]
                    if level == "event":
                        events = {r: event_of[a] for r, a in mapping.items() if a in event_of and r in own}
                        line(name, "event", subset, dev.events, events, seconds)
                        shown = {r: v for r, v in dev.events.items() if r in events}
                        joined = joined_labels(shown, mapping)
                        if len(set(joined.values())) < len(set(shown.values())):
                            # some texts are filed under two gold events: what the labels allow at
                            # best, and the score with such events joined (not targets; BENCHMARKS.md)
                            line(name, "ceil", subset, shown, ceiling(shown, mapping), 0.0)
                            line(name, "joined", subset, joined, events, seconds)
                        continue
                    stories = {r: story_of[a] for r, a in mapping.items() if a in story_of and r in own}
                    line(name, "story", subset, dev.stories, stories, seconds)
                    if args.show:
                        makeup: dict[str, Counter[str]] = {}
                        for record, story in stories.items():
                            makeup.setdefault(story, Counter())[dev.stories[record]] += 1
                        for story, parts in sorted(makeup.items(), key=lambda kv: -sum(kv[1].values()))[: args.show]:
                            print(f"     {story} {sum(parts.values()):5d} {dict(parts.most_common(4))}")
            if args.titles:
                reset(nw, None)
                count_visible(nw, words)
                nw.cluster()
                for key, n in sorted(titles(nw).items()):
                    print(f"     {name} titles: {key}: {n}")
        shutil.rmtree(work.parent, ignore_errors=True)
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
