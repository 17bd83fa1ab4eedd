"""Claim grouping: when do two sentences of different articles state one fact? Measures the
thresholds of :func:`newsweave.synthesize.coverage.group_claims` (issue 5).

Data: ``benchmarks/data/claim_pairs_en.jsonl`` (development: the thresholds are chosen on it)
and ``claim_pairs_en_heldout.jsonl`` (written with it, scored with the chosen thresholds only):
pairs of news sentences written for this project. ``same: true`` pairs state one fact: two
outlets' wordings, a translation-like rewording, one wording with more detail, or the same fact
with a conflicting value ("ten arrested" / "twelve arrested": one group, so that the conflict can
be flagged). ``same: false`` pairs are different facts of one story: another detail, another
event of the same actors, the opposite outcome, background beside news. Each row:
``{"id", "kind", "same", "a", "b"}``.

A pair is predicted one fact when the embedding cosine of the two sentences reaches the cosine
threshold or :func:`newsweave.synthesize.coverage.word_match` of their content words reaches the word
threshold, as in the coverage stage. The benchmark sweeps both on the development pairs and
prints precision, recall and F1 of the best pair (ties go to the higher, more cautious,
thresholds) and of the library's defaults on both sets, and each pair's scores with ``--pairs``.
(A guard against pairs of which only one side is negated, as quote alignment has, was tried: it
blocks as many pairs of one fact, "broke down without a deal" / "collapsed with no agreement",
as of opposite facts, so it is not used for claims.)

    python benchmarks/claim_pairs.py [--model PATH] [--pairs]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alignment import run, scores  # noqa: E402

from newsweave.config import Config  # noqa: E402
from newsweave.synthesize.coverage import word_match  # noqa: E402
from newsweave.text.words import content_words  # noqa: E402

__all__ = ["SETS", "pair_scores", "scores"]  # what tests/test_coverage.py uses

HERE = Path(__file__).resolve().parent / "data"
SETS = {"development": HERE / "claim_pairs_en.jsonl", "held-out": HERE / "claim_pairs_en_heldout.jsonl"}
COSINES = [round(0.40 + 0.01 * k, 2) for k in range(56)]
WORDS = [round(0.40 + 0.05 * k, 2) for k in range(13)]


def pair_scores(rows: list[dict], encode) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(content-word match, embedding cosine, gold label) of every pair."""
    words = np.array([word_match(content_words(r["a"]), content_words(r["b"])) for r in rows])
    matrix = encode([t for r in rows for t in (r["a"], r["b"])])
    cosines = np.einsum("ij,ij->i", matrix[0::2], matrix[1::2])
    return words, cosines, np.array([bool(r["same"]) for r in rows])


def main() -> None:
    defaults = Config()
    thresholds = (defaults.claim_word_match, defaults.claim_threshold)
    run(__doc__, SETS, pair_scores, thresholds, "word match", cosine_grid=COSINES, word_grid=WORDS)


if __name__ == "__main__":
    main()
