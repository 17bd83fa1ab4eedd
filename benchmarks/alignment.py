"""Quote alignment: when are two wordings one statement? Measures the thresholds (issue 5).

Data: ``benchmarks/data/quote_pairs_en.jsonl`` (development: the thresholds are chosen on it)
and ``quote_pairs_en_heldout.jsonl`` (written with it, scored with the chosen thresholds only),
pairs of quotes by one speaker written for this project. ``same: true`` pairs are one statement
worded twice: two translations, a paraphrase, a quote cut shorter, light edits. ``same: false``
pairs are two statements of the speaker on the same topic, or opposite statements. Each row:
``{"id", "kind", "same", "a", "b"}``.

A pair is predicted the same when it is not two opposite statements
(:func:`newsweave.synthesize.alignment.opposite`)
and :func:`newsweave.synthesize.alignment.wording_overlap` ≥ the overlap
threshold or the best embedding cosine of their sentences ≥ the cosine threshold, which is how
:func:`newsweave.synthesize.alignment.align_quotes` decides for quotes of one speaker in two articles. The
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
from newsweave.models.embed import Embedder  # noqa: E402
from newsweave.synthesize.alignment import opposite, quote_parts, wording_overlap  # noqa: E402

HERE = Path(__file__).resolve().parent / "data"
SETS = {"development": HERE / "quote_pairs_en.jsonl", "held-out": HERE / "quote_pairs_en_heldout.jsonl"}
COSINES = [round(0.50 + 0.01 * k, 2) for k in range(46)]
OVERLAPS = [round(0.40 + 0.05 * k, 2) for k in range(11)]


def pair_scores(rows: list[dict], encode) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(word overlap, best sentence cosine, gold label) of every pair; a pair of opposite
    statements (:func:`newsweave.synthesize.alignment.opposite`) scores 0 on both, as in ``align_quotes``."""
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


def choose(words, cosines, gold, cosine_grid=COSINES, word_grid=OVERLAPS) -> tuple[float, float]:
    """The thresholds with the best F1; among ties the highest cosine, then the highest word threshold."""
    best = max(
        ((scores(words, cosines, gold, o, c)["f1"], c, o) for c in cosine_grid for o in word_grid),
        key=lambda t: (round(t[0], 6), t[1], t[2]),
    )
    return best[2], best[1]


def report(
    data: dict[str, list[dict]],
    measured: dict[str, tuple],
    chosen: tuple[float, float],
    defaults: tuple[float, float],
    words: str,
    pairs: bool = False,
) -> None:
    """Print P/R/F1 of the chosen and default (word, cosine) thresholds on every set, F1 by
    cosine threshold, the cosines of same and different pairs, and with ``pairs`` every pair."""
    print(f"chosen on development: {words} ≥ {chosen[0]:.2f}, cosine ≥ {chosen[1]:.2f}")
    print(f"library defaults:      {words} ≥ {defaults[0]:.2f}, cosine ≥ {defaults[1]:.2f}")
    print(f"{'set':<12} {'pairs':>5} {'thresholds':<12} {'P':>6} {'R':>6} {'F1':>6}")
    for name, (word_scores, cosines, gold) in measured.items():
        for label, (w, c) in (
            ("chosen", chosen),
            ("defaults", defaults),
            ("cosine only", (2.0, chosen[1])),
            ("words only", (chosen[0], 2.0)),
        ):
            s = scores(word_scores, cosines, gold, w, c)
            print(f"{name:<12} {len(gold):>5} {label:<12} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}")
    print(f"F1 by cosine threshold ({words} ≥ {chosen[0]:.2f}):")
    steps = [0.50, 0.55, 0.60, 0.62, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90]
    print(f"{'':<12} " + " ".join(f"{c:>5.2f}" for c in steps))
    for name, (word_scores, cosines, gold) in measured.items():
        f1s = [scores(word_scores, cosines, gold, chosen[0], c)["f1"] for c in steps]
        print(f"{name:<12} " + " ".join(f"{f:>5.3f}" for f in f1s))
    for name, (_words, cosines, gold) in measured.items():
        same, other = cosines[gold], cosines[~gold]
        print(
            f"{name}: cosine of same pairs {np.median(same):.2f} median (min {same.min():.2f});"
            f" of different pairs {np.median(other):.2f} median (max {other.max():.2f})"
        )
    if pairs:
        for name, rows in data.items():
            word_scores, cosines, gold = measured[name]
            for row, w, c in zip(rows, word_scores, cosines, strict=True):
                label = f"{name[:3]} {row['id']:<5} {row['kind']:<11} same={row['same']!s:<5}"
                print(f"{label} {words}={w:.2f} cos={c:.2f}")


def run(
    description: str, sets: dict[str, Path], score_pairs, defaults: tuple[float, float], words: str, **grids
) -> None:
    """The command line of a pair benchmark: score the ``sets`` with ``score_pairs``, choose the
    thresholds on the development set (``grids``: see :func:`choose`) and :func:`report`."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="a sentence-transformers folder (default: all-MiniLM-L6-v2)")
    config = Config()
    parser.add_argument(
        "--backend",
        default=config.sentence_backend or config.embedding_backend,
        help="torch, onnx, onnx-int8 or static (default: Config's sentence_backend)",
    )
    parser.add_argument("--pairs", action="store_true", help="print every pair's scores")
    args = parser.parse_args()
    encode = Embedder(args.model, backend=args.backend).encode
    data = {name: read_jsonl(path) for name, path in sets.items()}
    measured = {name: score_pairs(rows, encode) for name, rows in data.items()}
    report(data, measured, choose(*measured["development"], **grids), defaults, words, args.pairs)


def main() -> None:
    defaults = Config()
    run(__doc__, SETS, pair_scores, (defaults.quote_overlap, defaults.quote_cosine), "overlap")


if __name__ == "__main__":
    main()
