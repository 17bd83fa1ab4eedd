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

The last lines score both sets as the coverage stage decides: without the same-fact model (the
``claim_sure`` gate: a match below it needs a shared subject or words) and with it
(``Config.claim_model``, :mod:`newsweave.synthesize.claim_model`, trained on ClaimDiff), as
regression only. Both sets were looked at when keeping ``claim_sure`` beside the model
(2026-12-07: the model alone scored F1 0.750 / 0.759), so the held-out set is no longer strictly
held out for the model.

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


def learned(rows: list[dict], encode, parse, config: Config) -> np.ndarray:
    """Whether the same-fact model (``Config.claim_model``) takes each pair for one fact, as the
    coverage stage decides with it: all words of the shorter in the other, a cosine from
    ``claim_sure``, or a cosine from the model's floor and a probability from ``claim_model_threshold``."""
    from newsweave.synthesize.claim_model import claim_facts, load_claim_model, pair_features
    from newsweave.synthesize.coverage import subject_words

    model = load_claim_model()
    threshold = model.threshold if config.claim_model_threshold is None else config.claim_model_threshold
    words, cosines, _ = pair_scores(rows, encode)
    out = []
    for row, lexical, cosine in zip(rows, words, cosines, strict=True):
        pa, pb = parse([row["a"], row["b"]])
        features = pair_features(
            float(cosine), claim_facts(row["a"]), claim_facts(row["b"]), (subject_words(pa), subject_words(pb))
        )
        out.append(
            lexical >= config.claim_word_match
            or cosine >= config.claim_sure
            or (cosine >= model.floor and model.probability(features) >= threshold)
        )
    return np.array(out)


def gated(rows: list[dict], encode, parse, config: Config) -> np.ndarray:
    """Whether the coverage stage without the model takes each pair for one fact: all words of
    the shorter in the other, or a cosine from ``claim_threshold`` that is sure (``claim_sure``)
    or has a shared subject or words (:func:`newsweave.synthesize.coverage.one_fact`)."""
    from newsweave.synthesize.coverage import one_fact, subject_words

    words, cosines, _ = pair_scores(rows, encode)
    out = []
    for row, lexical, cosine in zip(rows, words, cosines, strict=True):
        a, b = content_words(row["a"]), content_words(row["b"])
        pa, pb = parse([row["a"], row["b"]])
        subjects = (subject_words(pa), subject_words(pb))
        out.append(
            lexical >= config.claim_word_match
            or (cosine >= config.claim_threshold and one_fact(float(cosine), a, b, subjects, config.synthesize))
        )
    return np.array(out)


def main() -> None:
    defaults = Config()
    thresholds = (defaults.claim_word_match, defaults.claim_threshold)
    run(__doc__, SETS, pair_scores, thresholds, "word match", cosine_grid=COSINES, word_grid=WORDS)
    from _common import read_jsonl

    from newsweave.models.embed import Embedder
    from newsweave.text.clauses import ClauseSplitter

    encode = Embedder(None, backend=defaults.sentence_backend or defaults.embedding_backend).encode
    parse = ClauseSplitter(defaults.spacy_model).parse
    for name, path in SETS.items():
        rows = read_jsonl(path)
        gold = np.array([bool(r["same"]) for r in rows])
        for what, pred in (
            ("the stage without the model (claim_sure gate)", gated(rows, encode, parse, defaults)),
            ("the stage with the same-fact model (claim_model)", learned(rows, encode, parse, defaults)),
        ):
            tp = int((pred & gold).sum())
            p, r = tp / (pred.sum() or 1), tp / (gold.sum() or 1)
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{name:12} {len(rows):5} {what}: P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
