"""Clause splitting: does newsweave divide a sentence where it joins two facts, and only there?
(issue 5: "a claim is a sentence, or a clause when a sentence carries two facts").

Data: ``benchmarks/data/clauses_en.jsonl`` (development: the rules were written against it) and
``clauses_en_heldout.jsonl`` (written before the rules were run on it): news-style sentences
written for this project, each ``{"text", "clauses"}`` with its clauses as they appear in the
text. About half join two independent clauses ("…, and prosecutors said …", "…; the death toll
rose …", "…, while the opposition called …"); the rest must stay whole: shared-subject
predicates, noun-phrase lists, subordinate and relative clauses, attributions, quotations.

Printed per set: precision, recall and F1 of the clause starts found (a split is right when the
next clause starts at the gold position), the share of sentences divided exactly as the gold,
and, with ``--show``, each sentence divided differently.

    python benchmarks/clauses.py [--model NAME] [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsweave.config import Config  # noqa: E402
from newsweave.text.clauses import ClauseSplitter  # noqa: E402

HERE = Path(__file__).resolve().parent / "data"
SETS = {"development": HERE / "clauses_en.jsonl", "held-out": HERE / "clauses_en_heldout.jsonl"}


def score(rows: list[dict], splitter: ClauseSplitter, show: bool = False) -> dict[str, float]:
    """Precision, recall and F1 of clause starts, and exact-split accuracy, over ``rows``."""
    found = splitter.split([r["text"] for r in rows])
    tp = fp = fn = exact = 0
    for row, spans in zip(rows, found, strict=True):
        text = row["text"]
        got = [text[a:b] for a, b in spans]
        gold_starts = {text.index(c) for c in row["clauses"][1:]}
        got_starts = {a for a, _ in spans[1:]}
        tp += len(gold_starts & got_starts)
        fp += len(got_starts - gold_starts)
        fn += len(gold_starts - got_starts)
        exact += got == row["clauses"]
        if show and got != row["clauses"]:
            print(f"  gold {row['clauses']}\n  got  {got}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "exact": exact / len(rows)}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=Config().spacy_model, help="spaCy pipeline with a parser")
    parser.add_argument("--show", action="store_true", help="print each sentence divided differently")
    args = parser.parse_args()
    splitter = ClauseSplitter(args.model)
    for name, path in SETS.items():
        rows = load(path)
        s = score(rows, splitter, args.show)
        two = sum(len(r["clauses"]) > 1 for r in rows)
        print(
            f"{name:12s} {len(rows)} sentences ({two} of two clauses): precision {s['precision']:.3f}"
            f"  recall {s['recall']:.3f}  F1 {s['f1']:.3f}  exact {s['exact']:.3f}"
        )


if __name__ == "__main__":
    main()
