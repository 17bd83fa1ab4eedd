"""Summary openers and summary length on real articles (issue 23).

A summary, or an event's two-sentence summary, must not open with a reference to something it
never introduced ("The statement said …", "He added …", "The move comes after …"). Counted here
over real article groups, with the summariser of branch ``main`` (before) and of this tree (after)
in one run, both judged by this tree's rule (:func:`newsweave.synthesize.summary.is_dangling`,
rule data ``rules/openers_en.json``):

- DUC 2003 (30 clusters) and DUC 2004 (50 clusters): each cluster as a story (``--words``-word
  summary) and as an event (two sentences, an event's candidates);
- Timeline17: per topic, the articles of a day with at least three (up to ``--days`` days a
  topic, spread over its time span, at most 12 articles each), as a story and as an event.

Also the length of the ``--words`` summaries (how far from N words, share within N ± 10 %) and
ROUGE on DUC 2003 as :mod:`benchmarks.summaries` scores it (output cut to N words, best and mean
reference), before and after.

    python benchmarks/openers.py [--words 100] [--days 6] [--show]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, duc_record, read_jsonl  # noqa: E402
from _real_text import at_main  # noqa: E402


def groups(days: int) -> list[tuple[str, str, list[Any]]]:
    """(corpus, id, raw records) of every article group."""
    from newsweave.records import RawArticle

    out = []
    for corpus, name in (("DUC 2003", "duc2003-task2.jsonl"), ("DUC 2004", "duc2004-clusters.jsonl")):
        for row in read_jsonl(DATA / name):
            out.append((corpus, row["id"], [duc_record(d, f"{row['id']}/{d['id']}") for d in row["docs"]]))
    for folder in sorted(p for p in (DATA / "timeline17").iterdir() if p.is_dir()):
        by_day: dict[str, list[dict]] = {}
        for row in read_jsonl(folder / "articles.jsonl"):
            by_day.setdefault(str(row["time"])[:10], []).append(row)
        full = sorted(day for day, rows in by_day.items() if len(rows) >= 3)
        step = max(1, len(full) // days)
        for day in full[::step][:days]:
            records = [
                RawArticle(source=f"{folder.name}/{r['id']}", text=r["text"], id=str(r["id"]), published=day)
                for r in by_day[day][:12]
            ]
            out.append(("Timeline17", f"{folder.name}/{day}", records))
    return out


def material(records: list[Any], annotator: Any, config: Any) -> Any:
    from newsweave.clean.article import clean_article
    from newsweave.records import StoryMaterial

    articles = {}
    for raw in records:
        article = clean_article(raw, config.max_article_chars)
        if article.body and article.id not in articles:
            articles[article.id] = article
    ordered = sorted(articles.values(), key=lambda a: (a.published or "9999", a.id))
    return StoryMaterial("bench", ordered, {a.id: annotator.split(a) for a in ordered}, {a.id: [] for a in ordered})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--days", type=int, default=6, help="Timeline17 days per topic")
    parser.add_argument("--show", action="store_true", help="print every summary's dangling opener")
    args = parser.parse_args()

    from rouge_score import rouge_scorer
    from summaries import METRICS, score

    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config
    from newsweave.synthesize import summary as new
    from newsweave.synthesize.similarity import SentenceVectors

    old = at_main("newsweave/synthesize/summary.py", "summary_main")
    config = Config()
    annotator = Annotator(config)
    settings = config.synthesize
    event_settings = replace(
        settings, candidate_sentences=settings.event_candidate_sentences, max_candidates=settings.event_max_candidates
    )
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    references = {row["id"]: row["summaries"] for row in read_jsonl(DATA / "duc2003-task2.jsonl")}
    counts: dict[tuple[str, str, str], list[int]] = {}  # (corpus, kind, version) -> [dangling, summaries]
    lengths: dict[str, list[int]] = {"before": [], "after": []}
    rouge: dict[str, dict[str, float]] = {"before": {}, "after": {}}
    seconds = {"before": 0.0, "after": 0.0}
    started = time.perf_counter()
    for corpus, gid, records in groups(args.days):
        mat = material(records, annotator, config)
        if not mat.articles:
            continue
        vectors = SentenceVectors(annotator.summary_embedder.encode)
        for version, module in (("before", old), ("after", new)):
            for kind in ("story", "event"):
                t0 = time.perf_counter()
                if kind == "story":
                    out = module.summarize(mat, vectors, settings, words=args.words)
                else:
                    out = module.summarize(mat, vectors, event_settings, sentences=settings.event_summary_sentences)
                seconds[version] += time.perf_counter() - t0
                if not out:
                    continue
                row = counts.setdefault((corpus, kind, version), [0, 0])
                bad = new.is_dangling(out[0].text)
                row[0] += bad
                row[1] += 1
                if bad and args.show:
                    print(f"  {version:6} {kind:5} {gid}: {out[0].text[:110]!r}")
                if kind == "story":
                    text = " ".join(s.text for s in out)
                    lengths[version].append(len(text.split()))
                    if corpus == "DUC 2003":
                        for key, value in score(text, references[gid], scorer, args.words).items():
                            rouge[version][key] = rouge[version].get(key, 0.0) + value / len(references)
    made = sum(v[1] for k, v in counts.items() if k[2] == "after")
    print(f"{made} summaries in {time.perf_counter() - started:.0f} s")
    print("\nsummaries opening with a reference back (rule of this tree):")
    print(f"{'corpus':12}{'kind':7}{'before':>14}{'after':>14}")
    for corpus in ("DUC 2003", "DUC 2004", "Timeline17"):
        for kind in ("story", "event"):
            cells = []
            for version in ("before", "after"):
                bad, n = counts.get((corpus, kind, version), [0, 0])
                cells.append(f"{bad}/{n} ({100 * bad / max(n, 1):.1f}%)")
            print(f"{corpus:12}{kind:7}{cells[0]:>14}{cells[1]:>14}")
    low, high = args.words * 0.9, args.words * 1.1
    print(f"\nlength of the {args.words}-word summaries (all corpora):")
    for version, values in lengths.items():
        within = sum(low <= v <= high for v in values) / len(values)
        off = statistics.mean(abs(v - args.words) for v in values)
        print(
            f"  {version:6} mean {statistics.mean(values):6.1f}  median {statistics.median(values):5.0f}  "
            f"min {min(values)}  max {max(values)}  mean |N - words| {off:5.1f}  "
            f"within ±10 %: {100 * within:.0f}%"
        )
    print(f"\nROUGE on DUC 2003 (output cut to {args.words} words, x100; F1 best / mean reference):")
    for version, row in rouge.items():
        cells = "  ".join(f"{m}: {100 * row[f'{m}_f_best']:.2f} / {100 * row[f'{m}_f_mean']:.2f}" for m in METRICS)
        print(f"  {version:6} {cells}")
    print(f"\nsummarise seconds: {json.dumps({k: round(v, 1) for k, v in seconds.items()})}")


if __name__ == "__main__":
    main()
