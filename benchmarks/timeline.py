"""Timeline summarisation on Timeline17, evaluated as news-tls does (issue 4).

For each of the 19 gold timelines in ``../shared/data/timeline17``: the input is the topic's
articles published within the gold timeline's first and last date; newsweave's timeline stage
(:func:`newsweave.synthesize.timeline.build_timeline`) writes a timeline with as many dates as the gold and
as many sentences per date as the gold has on average; only sentences that mention one of the
topic's keywords are candidates (Gholipour Ghalandari & Ifrim, ACL 2020, news-tls). Scores come
from tilse: ``TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])`` with the
``align_date_content_costs_many_to_one`` metric (AR1-F, AR2-F) and date F1. As news-tls's
``evaluate.py`` does, precision and recall are averaged over the timelines and the F-score is
taken of the averages; the mean of the per-timeline F-scores is printed too.

Keywords: the keyword files here hold one topic name each ("bpoil", "IraqWar"); a name is split
at capitals into terms matched as word prefixes, and a keyword list that keeps fewer than 5 % of
the sentences is not used (the topic's articles are all on topic anyway).

Dates come from newsweave's temporal tagger over lightly detokenised text (the corpus is
tokenised PTB-style); the output sentences are the corpus's own tokenised sentences.

    python benchmarks/timeline.py [--topics bpoil_bbc,haiti_bbc]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, require, settings  # noqa: E402

T17 = DATA / "timeline17"
# Figures published by Gholipour Ghalandari & Ifrim (ACL 2020), Table 3, T17: AR1-F, AR2-F, date F1.
PUBLISHED = {"Datewise": (0.120, 0.035, 0.544), "Clust": (0.082, 0.020, 0.407), "text oracle": (0.198, 0.073, 0.541)}


def detokenise(text: str) -> str:
    """Undo PTB tokenisation enough for the date tagger ("May 3 , 2010 ." -> "May 3, 2010.")."""
    text = text.replace("-LRB-", "(").replace("-RRB-", ")").replace("``", '"').replace("''", '"')
    text = re.sub(r"\s+([,.;:!?%)])", r"\1", text)
    text = re.sub(r"([($])\s+", r"\1", text)
    return re.sub(r"\s+('s|n't|'re|'ve|'ll|'d)\b", r"\1", text)


def keyword_filter(keywords: list[str], sentences: list[str]):
    """A sentence filter from the topic's keywords, or ``None`` when they match too little."""
    terms = []
    for keyword in keywords:
        parts = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z0-9]+(?![a-z])", keyword) or [keyword]
        terms += [p.lower() for p in parts if len(p) >= 2]
    if not terms:
        return None
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")", re.IGNORECASE)
    share = sum(1 for s in sentences if pattern.search(s)) / max(len(sentences), 1)
    if share < 0.05:
        return None
    return lambda sent: pattern.search(sent.text) is not None


def load_topic(folder: Path, start: date, end: date):
    """The topic's articles within [start, end] as story material (sentences and DATE entities)."""
    from newsweave.records import Article, Entity, Sentence, StoryMaterial
    from newsweave.text.timexes import find_timexes

    articles, sentences, entities = [], {}, {}
    with (folder / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            published = date.fromisoformat(row["time"][:10])
            if not start <= published <= end:
                continue
            aid = str(row["id"])
            articles.append(Article(aid, str(folder), row["text"], [], published=published.isoformat()))
            sents, ents = [], []
            for i, raw in enumerate(x.strip() for x in row["text"].split("\n")):
                if not raw:
                    continue
                sents.append(Sentence(aid, len(sents), raw, "body", 0, len(raw)))
                for tx in find_timexes(detokenise(raw), published):
                    if tx.value:
                        ents.append(Entity(aid, len(sents) - 1, tx.text, "DATE", 0, 0, tx.value))
                del i
            sentences[aid], entities[aid] = sents, ents
    return StoryMaterial(folder.name, articles, sentences, entities)


def evaluate_topic(folder: Path, evaluator, config) -> list[dict]:
    from tilse.data.timelines import GroundTruth, Timeline

    from newsweave.synthesize.timeline import build_timeline

    keywords = json.loads((folder / "keywords.json").read_text(encoding="utf-8"))
    rows = []
    for n, line in enumerate((folder / "timelines.jsonl").read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        gold_items = json.loads(line)
        gold = {date.fromisoformat(d[:10]): sents for d, sents in gold_items}
        start, end = min(gold), max(gold)
        k = len(gold)
        per_date = max(1, round(sum(len(s) for s in gold.values()) / k))
        material = load_topic(folder, start, end)
        all_sents = [s.text for ss in material.sentences.values() for s in ss]
        keep = keyword_filter(keywords, all_sents)
        entries = build_timeline(material, config, dates=k, per_date=per_date, keep=keep, span=(start, end))
        predicted: dict[date, list[str]] = {}
        for entry in entries:
            predicted.setdefault(date.fromisoformat(entry.date), []).append(entry.text)
        pred_tl = Timeline(predicted)
        truth = GroundTruth([Timeline(gold)])
        scores = evaluator.evaluate_align_date_content_costs_many_to_one(pred_tl, truth)
        hits = len(set(predicted) & set(gold))
        precision = hits / len(predicted) if predicted else 0.0
        recall = hits / len(gold)
        date_f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        rows.append(
            {
                "timeline": f"{folder.name}#{n}",
                "ar1": scores["rouge_1"]["f_score"],
                "ar2": scores["rouge_2"]["f_score"],
                "date_f1": date_f1,
                "ar1_p": scores["rouge_1"]["precision"],
                "ar1_r": scores["rouge_1"]["recall"],
                "ar2_p": scores["rouge_2"]["precision"],
                "ar2_r": scores["rouge_2"]["recall"],
                "date_p": precision,
                "date_r": recall,
                "dates": k,
                "per_date": per_date,
                "articles": len(material.articles),
                "keywords": keep is not None,
            }
        )
    return rows


def f_score(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topics", default=None, help="comma-separated topic folders (default: all)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a Config setting")
    args = parser.parse_args()
    require(T17)
    from tilse.evaluation import rouge

    from newsweave.config import Config

    evaluator = rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])
    folders = sorted(p for p in T17.iterdir() if p.is_dir())
    if args.topics:
        wanted = set(args.topics.split(","))
        folders = [f for f in folders if f.name in wanted]
    started = time.perf_counter()
    rows = []
    print(f"{'timeline':28} {'AR1-F':>6} {'AR2-F':>6} {'dateF1':>6} {'dates':>5} {'l':>2} {'art':>4} kw")
    for folder in folders:
        for row in evaluate_topic(folder, evaluator, Config(**settings(args.set))):
            rows.append(row)
            print(
                f"{row['timeline']:28} {row['ar1']:6.3f} {row['ar2']:6.3f} {row['date_f1']:6.3f} "
                f"{row['dates']:5d} {row['per_date']:2d} {row['articles']:4d} {'y' if row['keywords'] else 'n'}"
            )
    n = len(rows)
    mean = {key: sum(r[key] for r in rows) / n for key in rows[0] if isinstance(rows[0][key], float)}
    print(
        f"\nmean of per-timeline F-scores: AR1-F {mean['ar1']:.3f}  AR2-F {mean['ar2']:.3f}  "
        f"date F1 {mean['date_f1']:.3f}  ({time.perf_counter() - started:.0f} s)"
    )
    print(
        f"newsweave, as news-tls averages (F of mean P and R over {n} timelines): "
        f"AR1-F {f_score(mean['ar1_p'], mean['ar1_r']):.4f}  AR2-F {f_score(mean['ar2_p'], mean['ar2_r']):.4f}  "
        f"date F1 {f_score(mean['date_p'], mean['date_r']):.4f}"
    )
    if not args.topics:  # the halves: A the first ten timelines (developed on), B the last nine
        for half, part in (("A", rows[:10]), ("B", rows[10:])):
            keys = ("ar1_p", "ar1_r", "ar2_p", "ar2_r", "date_p", "date_r")
            avg = {key: sum(r[key] for r in part) / len(part) for key in keys}
            print(
                f"half {half} ({len(part)} timelines): AR1-F {f_score(avg['ar1_p'], avg['ar1_r']):.4f}  "
                f"AR2-F {f_score(avg['ar2_p'], avg['ar2_r']):.4f}  date F1 {f_score(avg['date_p'], avg['date_r']):.4f}"
            )
    for name, (ar1, ar2, df1) in PUBLISHED.items():
        print(f"published {name:12}: AR1-F {ar1:.3f}  AR2-F {ar2:.3f}  date F1 {df1:.3f}")


if __name__ == "__main__":
    main()
