"""Quote alignment: when are two wordings one statement? Measures the thresholds (issue 5).

Data: ``benchmarks/data/quote_pairs_en.jsonl`` (development: the thresholds are chosen on it)
and ``quote_pairs_en_heldout.jsonl`` (written with it, scored with the chosen thresholds only),
pairs of quotes by one speaker written for this project. ``same: true`` pairs are one statement
worded twice: two translations, a paraphrase, a quote cut shorter, light edits. ``same: false``
pairs are two statements of the speaker on the same topic, or opposite statements. Each row:
``{"id", "kind", "same", "a", "b"}``.

A pair is predicted the same when it is not two opposite statements
(:func:`newsweave.quotes.opposite`) and :func:`newsweave.quotes.wording_overlap` ≥ the overlap
threshold or the best embedding cosine of their sentences ≥ the cosine threshold, which is how
:func:`newsweave.quotes.align_quotes` decides for quotes of one speaker in two articles. The
benchmark sweeps both thresholds on the development pairs, prints precision, recall and F1 of
the best pair of thresholds (ties go to the higher, more cautious, thresholds) and of the
library's defaults, on both sets, and the cosine of every pair with ``--pairs``.

    python benchmarks/alignment.py [--model PATH] [--pairs]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import read_jsonl  # noqa: E402

from newsweave.config import Config  # noqa: E402
from newsweave.embed import Embedder  # noqa: E402
from newsweave.quotes import opposite, quote_parts, wording_overlap  # noqa: E402

HERE = Path(__file__).resolve().parent / "data"
SETS = {"development": HERE / "quote_pairs_en.jsonl", "held-out": HERE / "quote_pairs_en_heldout.jsonl"}
COSINES = [round(0.50 + 0.01 * k, 2) for k in range(46)]
OVERLAPS = [round(0.40 + 0.05 * k, 2) for k in range(11)]


def pair_scores(rows: list[dict], encode) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(word overlap, best sentence cosine, gold label) of every pair; a pair of opposite
    statements (:func:`newsweave.quotes.opposite`) scores 0 on both, as in ``align_quotes``."""
    words = np.array([wording_overlap(r["a"], r["b"]) for r in rows])
    blocked = np.array([opposite(r["a"], r["b"]) for r in rows])
    parts = [(quote_parts(r["a"]), quote_parts(r["b"])) for r in rows]
    flat = [p for a, b in parts for p in (*a, *b)]
    matrix = encode(flat)
    cosines, start = [], 0
    for a, b in parts:
        va, vb = matrix[start : start + len(a)], matrix[start + len(a) : start + len(a) + len(b)]
        start += len(a) + len(b)
        cosines.append(float((va @ vb.T).max()))
    cos = np.where(blocked, 0.0, np.array(cosines))
    return np.where(blocked, 0.0, words), cos, np.array([bool(r["same"]) for r in rows])


def scores(words, cosines, gold, overlap: float, cosine: float) -> dict[str, float]:
    predicted = (words >= overlap) | (cosines >= cosine)
    tp = int((predicted & gold).sum())
    p = tp / max(1, int(predicted.sum()))
    r = tp / max(1, int(gold.sum()))
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def choose(words, cosines, gold) -> tuple[float, float]:
    """The thresholds with the best F1; among ties the highest cosine, then the highest overlap."""
    best = max(
        ((scores(words, cosines, gold, o, c)["f1"], c, o) for c in COSINES for o in OVERLAPS),
        key=lambda t: (round(t[0], 6), t[1], t[2]),
    )
    return best[2], best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="a sentence-transformers folder (default: all-MiniLM-L6-v2)")
    parser.add_argument("--pairs", action="store_true", help="print every pair's scores")
    args = parser.parse_args()
    encode = Embedder(args.model).encode
    data = {name: read_jsonl(path) for name, path in SETS.items()}
    measured = {name: pair_scores(rows, encode) for name, rows in data.items()}
    overlap, cosine = choose(*measured["development"])
    defaults = Config()
    print(f"chosen on development: overlap ≥ {overlap:.2f}, cosine ≥ {cosine:.2f}")
    print(f"library defaults:      overlap ≥ {defaults.quote_overlap:.2f}, cosine ≥ {defaults.quote_cosine:.2f}")
    print(f"{'set':<12} {'pairs':>5} {'thresholds':<10} {'P':>6} {'R':>6} {'F1':>6}")
    for name, (words, cosines, gold) in measured.items():
        for label, (o, c) in (
            ("chosen", (overlap, cosine)),
            ("defaults", (defaults.quote_overlap, defaults.quote_cosine)),
            ("words only", (overlap, 2.0)),
        ):
            s = scores(words, cosines, gold, o, c)
            print(f"{name:<12} {len(gold):>5} {label:<10} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}")
    print(f"F1 by cosine threshold (overlap ≥ {overlap:.2f}):")
    steps = [0.55, 0.60, 0.62, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90]
    print(f"{'':<12} " + " ".join(f"{c:>5.2f}" for c in steps))
    for name, (words, cosines, gold) in measured.items():
        print(f"{name:<12} " + " ".join(f"{scores(words, cosines, gold, overlap, c)['f1']:>5.3f}" for c in steps))
    for name, (_words, cosines, gold) in measured.items():
        same, other = cosines[gold], cosines[~gold]
        print(
            f"{name}: cosine of one statement {np.median(same):.2f} median (min {same.min():.2f});"
            f" of different statements {np.median(other):.2f} median (max {other.max():.2f})"
        )
    if args.pairs:
        for name, rows in data.items():
            words, cosines, gold = measured[name]
            for row, w, c in zip(rows, words, cosines, strict=True):
                print(f"{name[:3]} {row['id']:<5} {row['kind']:<11} same={row['same']!s:<5} words={w:.2f} cos={c:.2f}")


if __name__ == "__main__":
    main()
