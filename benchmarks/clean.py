"""Cleaning quality and speed (issue 3).

1. Line-level precision, recall and F1 of dropping boilerplate on ``../shared/seeds/labels.json``,
   the body lines dropped by mistake, and how title, standfirst (dek) and subheading lines are
   recognised.
2. Body lines kept on clean newswire: the DUC 2003 and 2004 articles in ``../shared/data``
   (every line of them is article text, apart from the dateline prefix that is split off).
3. Speed: articles cleaned per second on one core (the DUC articles, language identification on).

    python benchmarks/clean.py
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, ROOT, read_jsonl, require  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
STRUCTURE = ("title", "dek", "heading")


def seeds_scores() -> dict[str, float]:
    from newsweave.clean import clean_article
    from newsweave.records import RawArticle

    labels = json.loads((SEEDS / "labels.json").read_text(encoding="utf-8"))["files"]
    tp = fp = fn = 0
    structure = Counter()
    misses: list[str] = []
    for name, lab in labels.items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        article = clean_article(RawArticle(source=name, text=text))
        gold = {int(k) for k in lab["boilerplate"]}
        dropped = {ln.number for ln in article.lines if ln.kind == "dropped" and ln.reason != "dateline"}
        tp, fp, fn = tp + len(gold & dropped), fp + len(dropped - gold), fn + len(gold - dropped)
        kinds = {ln.number: ln.kind for ln in article.lines if ln.kind != "dropped"}
        for kind in STRUCTURE:
            for number in lab[kind]:
                structure[f"{kind}_gold"] += 1
                structure[f"{kind}_right"] += kinds.get(number) == kind
        raw = text.split("\n")
        for number in sorted(gold - dropped):
            misses.append(f"  missed   {name}:{number}: {raw[number - 1][:90]}")
        for number in sorted(dropped - gold):
            misses.append(f"  body cut {name}:{number}: {raw[number - 1][:90]}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out = {"precision": precision, "recall": recall, "f1": f1, "body_dropped": float(fp), "boilerplate": tp + fn}
    for kind in STRUCTURE:
        out[kind] = structure[f"{kind}_right"] / structure[f"{kind}_gold"] if structure[f"{kind}_gold"] else 1.0
    for line in misses:
        print(line)
    return out


def duc_records() -> list:
    from newsweave.records import RawArticle

    records = []
    for name in ("duc2003-task2.jsonl", "duc2004-clusters.jsonl"):
        for row in read_jsonl(DATA / name):
            for doc in row["docs"]:
                records.append(RawArticle(source=f"{name}:{doc['id']}", text=doc["text"], id=doc["id"]))
    return records


def duc_body_kept(records: list) -> tuple[float, int, list[str]]:
    from newsweave.clean import clean_article

    kept = total = 0
    lost: list[str] = []
    for record in records:
        article = clean_article(record)
        for line in article.lines:
            if line.kind == "dropped" and line.reason == "dateline":
                continue  # the dateline prefix is split off its line, whose text stays body
            total += 1
            if line.kind == "dropped":
                lost.append(f"  {record.source}:{line.number} [{line.reason}] {line.text[:90]}")
            else:
                kept += 1
    return kept / total, total, lost


def speed(records: list, repeat: int = 1) -> float:
    from newsweave.clean import clean_article

    clean_article(records[0])  # load rule data and the language models first
    started = time.perf_counter()
    for _ in range(repeat):
        for record in records:
            clean_article(record)
    return repeat * len(records) / (time.perf_counter() - started)


def main() -> None:
    require(SEEDS / "labels.json")
    require(DATA / "duc2003-task2.jsonl")
    print("seeds (../shared/seeds/labels.json):")
    s = seeds_scores()
    print(
        f"boilerplate lines: {s['boilerplate']:.0f}  precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
        f"F1 {s['f1']:.3f}  body lines dropped: {s['body_dropped']:.0f}"
    )
    print(f"structure recognised: title {s['title']:.2f}  dek {s['dek']:.2f}  heading {s['heading']:.2f}")
    records = duc_records()
    share, total, lost = duc_body_kept(records)
    print(f"\nDUC 2003+2004: {len(records)} articles, {total} lines, kept {100 * share:.2f} %")
    reasons = Counter(line.split("[", 1)[1].split("]", 1)[0] for line in lost)
    print("dropped by reason: " + ", ".join(f"{reason} {n}" for reason, n in reasons.most_common()))
    for line in lost[:12]:
        print(line)
    rate = speed(records)
    print(f"\nspeed: {rate:.0f} articles/s on one core ({len(records)} DUC articles)")


if __name__ == "__main__":
    main()
