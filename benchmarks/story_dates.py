"""Publication dates from the story (issue 4): each dated article's date hidden in turn.

Reads a store grouped into events and stories (grouped here first when it has none; give a copy:
grouping writes into it), by default the DUC 2003 and 2004 store that ``benchmarks/story_sets.py
build duc`` makes. For every article of a story with other dated articles, its date is guessed
as :meth:`newsweave.pipeline.runner.Newsweave.date_from_stories` would guess it
(:func:`newsweave.text.dates.published_from_event`: the most similar dated article of its own
event not older than the latest date the article mentions, else of its story dated within 90 days
of that date) and compared with its true date, with simpler guesses beside it; ">90 days off"
counts guesses of another happening months or years away.

    python benchmarks/story_dates.py [--db benchmarks/out/duc.db]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import ROOT  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=str(ROOT / "benchmarks" / "out" / "duc.db"))
    args = parser.parse_args()
    if not Path(args.db).exists():
        sys.exit(f"{args.db}: no store; run benchmarks/story_sets.py build duc first")
    import numpy as np

    from newsweave.store.store import Store
    from newsweave.text.dates import infer_published, published_from_event, published_from_story

    store = Store(args.db)
    if not store.conn.execute("SELECT 1 FROM articles WHERE story_id IS NOT NULL LIMIT 1").fetchone():
        from newsweave.pipeline.runner import Newsweave

        with Newsweave(args.db) as nw:
            nw.cluster()
    rows = store.conn.execute("SELECT id, story_id, event_id FROM articles WHERE story_id IS NOT NULL").fetchall()
    stories: dict[str, list[str]] = defaultdict(list)
    event_of: dict[str, str | None] = {}
    for article_id, story_id, event_id in rows:
        stories[str(story_id)].append(str(article_id))
        event_of[str(article_id)] = event_id
    articles = {a.id: a for a in store.articles([str(r[0]) for r in rows])}
    vectors = {i: store.article_vector(i) for i in articles}
    from newsweave.config import Config

    reach = Config().story_date_reach_days or None  # the event bound never acts here: one date is hidden at a time
    errors: dict[str, list[int | None]] = defaultdict(list)
    for members in stories.values():
        for article_id in members:
            article = articles[article_id]
            others = [m for m in members if m != article_id and articles[m].published]
            if not article.published or not others:
                continue
            bound = infer_published([ln.text for ln in article.lines if ln.kind != "dropped"]).not_before
            vector = vectors[article_id]
            neighbours = [(m, articles[m].published or "", float(np.dot(vector, vectors[m]))) for m in others]
            dates = sorted(articles[m].published or "" for m in others)
            fitting = [d for d in dates if bound is None or d >= bound]
            event = event_of[article_id]
            same_event = [n for n in neighbours if event is not None and event_of[n[0]] == event]
            guesses = {
                "its event's, else its story's within the reach (newsweave)": published_from_event(
                    bound, same_event, neighbours, reach
                ).value,
                "its event's, else its story's at any distance": published_from_event(
                    bound, same_event, neighbours, None
                ).value,
                "its event's only": published_from_story(bound, same_event).value,
                "its story's most similar (before 2026-12-07)": published_from_story(bound, neighbours).value,
                "median date of the story": dates[len(dates) // 2],
                "earliest date not older than its dates": fitting[0] if fitting else None,
            }
            truth = date.fromisoformat(article.published)
            for name, guess in guesses.items():
                errors[name].append(abs((date.fromisoformat(guess) - truth).days) if guess else None)
    n = len(next(iter(errors.values()), []))
    print(f"articles whose date was hidden: {n}")
    print(f"{'guess':52} {'none':>5} {'exact':>6} {'±1 day':>7} {'±3 days':>8} {'>90 days off':>13}")
    for name, errs in errors.items():
        share = [sum(1 for e in errs if e is not None and e <= k) / n for k in (0, 1, 3)]
        far = sum(1 for e in errs if e is not None and e > 90)
        print(f"{name:52} {errs.count(None):5d} {share[0]:6.3f} {share[1]:7.3f} {share[2]:8.3f} {far:13d}")


if __name__ == "__main__":
    main()
