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

Every sentence of a summary is judged too (:mod:`newsweave.synthesize.introduced`): whether it
leans on what no sentence before it in the summary introduced (a pronoun, a first-person "I"
outside quotes, "the company", a surname alone), with ``--sample`` of the flagged sentences
printed with the sentences before them, to read by hand.

Halves: A (develop) is DUC 2003 and the first half of the Timeline17 topics (sorted by name);
B (held out) DUC 2004 and the other topics. The articles get their entities as the pipeline's
annotate stage gives them (the summariser reads the persons it tags).

Also the length of the ``--words`` summaries (how far from N words, share within N ± 10 %) and
ROUGE on DUC 2003 as :mod:`benchmarks.summaries` scores it (output cut to N words, best and mean
reference), before and after.

    python benchmarks/openers.py [--half A|B|all] [--words 100] [--days 6] [--show] [--sample 30]
"""

from __future__ import annotations

import argparse
import json
import random
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


def groups(days: int, half: str = "all") -> list[tuple[str, str, list[Any]]]:
    """(corpus, id, raw records) of every article group of ``half`` (A: DUC 2003 and the first half
    of the Timeline17 topics; B: DUC 2004 and the others)."""
    from newsweave.records import RawArticle

    out = []
    for corpus, name, part in (("DUC 2003", "duc2003-task2.jsonl", "A"), ("DUC 2004", "duc2004-clusters.jsonl", "B")):
        if half not in ("all", part):
            continue
        for row in read_jsonl(DATA / name):
            out.append((corpus, row["id"], [duc_record(d, f"{row['id']}/{d['id']}") for d in row["docs"]]))
    folders = sorted(p for p in (DATA / "timeline17").iterdir() if p.is_dir())
    first = (len(folders) + 1) // 2
    chosen = {"all": folders, "A": folders[:first], "B": folders[first:]}[half]
    for folder in chosen:
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
    """The story of a group: its cleaned articles, their sentences and entities."""
    from newsweave.clean.article import clean_article
    from newsweave.records import StoryMaterial

    articles = {}
    for raw in records:
        article = clean_article(raw, config.max_article_chars)
        if article.body and article.id not in articles:
            articles[article.id] = article
    ordered = sorted(articles.values(), key=lambda a: (a.published or "9999", a.id))
    found = dict(zip([a.id for a in ordered], annotator.sentences_and_entities(ordered), strict=True))
    return StoryMaterial("bench", ordered, {k: f[0] for k, f in found.items()}, {k: f[1] for k, f in found.items()})


def lacking(summary: list[Any], mat: Any) -> list[str | None]:
    """For each sentence of a summary, what it leans on that no sentence before it introduced."""
    from newsweave.synthesize.introduced import Introductions, StoryNames, leaning

    by_text = {s.text: s for sents in mat.sentences.values() for s in sents}
    intro = Introductions(StoryNames.of(mat))
    out = []
    for sent in summary:
        source = by_text.get(sent.text)
        out.append(intro.lacking(leaning(sent.text), sent.text, source))
        intro.add(sent.text, source)
    return out


def paired_noise(before: list[float], after: list[float], rounds: int = 2000, seed: int = 7) -> tuple[float, float]:
    """The 95 % interval of the mean paired difference (after - before), by a bootstrap over groups."""
    rng = random.Random(seed)
    diffs = [a - b for a, b in zip(after, before, strict=True)]
    means = sorted(statistics.mean(rng.choices(diffs, k=len(diffs))) for _ in range(rounds))
    return means[int(0.025 * rounds)], means[int(0.975 * rounds)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--days", type=int, default=6, help="Timeline17 days per topic")
    parser.add_argument("--show", action="store_true", help="print every summary's dangling opener")
    parser.add_argument("--half", choices=("A", "B", "all"), default="A")
    parser.add_argument("--sample", type=int, default=30, help="flagged sentences to print, to read by hand")
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
    leaning: dict[tuple[str, str, str], list[int]] = {}  # -> [sentences leaning on nothing introduced, sentences]
    reasons: dict[str, dict[str, int]] = {"before": {}, "after": {}}
    flagged: dict[str, list[tuple[str, list[str], str, str]]] = {"before": [], "after": []}
    per_group: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    lengths: dict[str, list[int]] = {"before": [], "after": []}
    rouge: dict[str, dict[str, float]] = {"before": {}, "after": {}}
    seconds = {"before": 0.0, "after": 0.0}
    started = time.perf_counter()
    for corpus, gid, records in groups(args.days, args.half):
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
                why = lacking(out, mat)
                cell = leaning.setdefault((corpus, kind, version), [0, 0])
                cell[0] += sum(w is not None for w in why)
                cell[1] += len(why)
                for k, w in enumerate(why):
                    if w is not None:
                        kind_of = {"the": "description", "surname": "surname"}.get(w.split()[0], w)
                        reasons[version][kind_of] = reasons[version].get(kind_of, 0) + 1
                        flagged[version].append((gid, [s.text for s in out[:k]], out[k].text, w))
                if kind == "story":
                    text = " ".join(s.text for s in out)
                    lengths[version].append(len(text.split()))
                    if corpus == "DUC 2003":
                        for key, value in score(text, references[gid], scorer, args.words).items():
                            rouge[version][key] = rouge[version].get(key, 0.0) + value / len(references)
                            per_group[version].setdefault(key, []).append(value)
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
    print("\nsummary sentences leaning on what no sentence before them introduced (rule of this tree):")
    print(f"{'corpus':12}{'kind':7}{'before':>18}{'after':>18}")
    for corpus in ("DUC 2003", "DUC 2004", "Timeline17"):
        for kind in ("story", "event"):
            cells = []
            for version in ("before", "after"):
                bad, n = leaning.get((corpus, kind, version), [0, 0])
                cells.append(f"{bad}/{n} ({100 * bad / max(n, 1):.1f}%)")
            if any(leaning.get((corpus, kind, v)) for v in ("before", "after")):
                print(f"{corpus:12}{kind:7}{cells[0]:>18}{cells[1]:>18}")
    for version, row in reasons.items():
        print(f"  {version:6} by what they lean on: {json.dumps(dict(sorted(row.items())))}")
    for version in ("before", "after"):
        rng = random.Random(23)
        sample = rng.sample(flagged[version], min(args.sample, len(flagged[version])))
        print(f"\n{len(sample)} flagged sentences ({version}), to read by hand:")
        for gid, earlier, text, why in sample:
            shown = " | ".join(t[:70] for t in earlier[-2:])
            print(f"  [{why}] {gid}: {text[:160]!r}\n      before: {shown!r}")
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
        if not row:
            print(f"  {version:6} (no DUC 2003 in this half)")
            continue
        cells = "  ".join(f"{m}: {100 * row[f'{m}_f_best']:.2f} / {100 * row[f'{m}_f_mean']:.2f}" for m in METRICS)
        print(f"  {version:6} {cells}")
    if per_group["after"]:
        print("  paired difference after - before, 95 % bootstrap interval over clusters (x100; the noise):")
        for m in METRICS:
            key = f"{m}_f_mean"
            low_d, high_d = paired_noise(per_group["before"][key], per_group["after"][key])
            diff = statistics.mean(per_group["after"][key]) - statistics.mean(per_group["before"][key])
            print(f"    {m} mean-reference F1: {100 * diff:+.2f}  [{100 * low_d:+.2f}, {100 * high_d:+.2f}]")
    print(f"\nsummarise seconds: {json.dumps({k: round(v, 1) for k, v in seconds.items()})}")


if __name__ == "__main__":
    main()
