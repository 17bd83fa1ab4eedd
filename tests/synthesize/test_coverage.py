"""Coverage: claims grouped across outlets, unique claims, and number disagreements."""

from __future__ import annotations

from newsweave.config import Config
from newsweave.synthesize.coverage import coverage
from newsweave.synthesize.disagreements import counts
from newsweave.synthesize.similarity import SentenceVectors

from ..conftest import bag_of_words_encoder, pair_benchmark_f1
from ..synth_helpers import material

STORY = [
    (
        "a",
        "2024-03-06",
        [
            "Dam operators opened the spillway gates on Tuesday night and about 2,400 residents were evacuated.",
            "The governor declared a state of emergency for the whole valley on Wednesday morning.",
            "A local bakery handed out free bread to the families sleeping in the school hall.",
        ],
    ),
    (
        "b",
        "2024-03-07",
        [
            "About 2,500 people were evacuated after dam operators opened the spillway gates on Tuesday night.",
            "The governor declared a state of emergency for the valley on Wednesday.",
        ],
    ),
    (
        "c",
        "2024-03-07",
        ["The governor declared a state of emergency for the whole valley early on Wednesday."],
    ),
]


def _coverage():
    mat = material(STORY)
    for article, outlet in zip(mat.articles, ["Ledger", "Wire", "Post"], strict=True):
        article.outlet = outlet
    return coverage(mat, SentenceVectors(bag_of_words_encoder()), Config())


def test_claims_most_outlets_report_come_first_with_their_outlets():
    cov = _coverage()
    top = cov.claims[0]
    assert "state of emergency" in top.text
    assert top.outlets == ["Ledger", "Post", "Wire"]
    assert {c.article for c in top.citations} == {"a", "b", "c"}
    assert cov.matrix is not None and cov.matrix.outlets == ["Ledger", "Post", "Wire"]
    assert [row[0] for row in cov.matrix.reports] == [1, 1, 1]


def test_a_claim_only_one_outlet_reports_is_its_unique_contribution():
    unique = _coverage().unique
    assert any("bakery" in claim.text for claim in unique["Ledger"])
    assert "Post" not in unique


def test_different_numbers_for_the_same_thing_are_flagged_with_both_sides_cited():
    (disagreement,) = _coverage().disagreements
    assert disagreement.about == "number of people"
    sides = {side.citations[0].article: side.text for side in disagreement.sides}
    assert "2,400" in sides["a"] and "2,500" in sides["b"]


def test_counts_read_numbers_words_and_magnitudes_but_not_units():
    assert counts("Police arrested ten Iranians and 1.2 million customers were affected.") == {
        "iranian": 10.0,
        "customer": 1_200_000.0,
    }
    assert counts("Prices rose 40 percent in three years.") == {}


def test_claim_grouping_benchmark_stays_above_its_floor_with_the_default_thresholds():
    """The labelled claim pairs (benchmarks/claim_pairs.py): F1 with the defaults ≥ 0.80 on both sets."""
    config = Config()
    for name, f1 in pair_benchmark_f1("claim_pairs", config.claim_word_match, config.claim_threshold).items():
        assert f1 >= 0.80, name
