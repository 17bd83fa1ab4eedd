"""Clause splitting: a sentence joining two facts gives two claims, and only such a sentence."""

from __future__ import annotations

import logging

import pytest

from newsweave.config import Config
from newsweave.synthesize.coverage import claims_of, coverage
from newsweave.synthesize.similarity import SentenceVectors
from newsweave.text.clauses import ClauseSplitter, has_cue

from ..conftest import bag_of_words_encoder, load_benchmark
from ..synth_helpers import material


@pytest.fixture(scope="module")
def splitter() -> ClauseSplitter:
    return ClauseSplitter(Config().spacy_model)


@pytest.mark.parametrize("name", ["development", "held-out"])
def test_clause_split_f1_stays_above_its_floor(splitter, name):
    bench = load_benchmark("clauses")
    result = bench.score(bench.load(bench.SETS[name]), splitter)
    assert result["f1"] >= 0.90, result
    assert result["precision"] >= 0.90, result


def test_two_independent_clauses_are_divided_without_their_conjunction(splitter):
    text = "Guards closed the border crossing at dawn, but hundreds of trucks were still waiting at noon."
    (spans,) = splitter.split([text])
    assert [text[a:b] for a, b in spans] == [
        "Guards closed the border crossing at dawn",
        "hundreds of trucks were still waiting at noon.",
    ]


def test_shared_subject_and_quoted_clauses_stay_whole(splitter):
    texts = [
        "The council approved the budget on Monday, and cut spending on roads by a tenth.",
        "“We tried everything, and nobody listened to us,” the mayor told reporters at the town hall.",
    ]
    assert [len(spans) for spans in splitter.split(texts)] == [1, 1]


def test_sentences_without_a_cue_are_not_parsed():
    missing = ClauseSplitter("no_such_spacy_model")
    texts = ["The council approved the budget on Monday after a long debate."]
    assert not has_cue(texts[0])
    assert missing.split(texts) == [[(0, len(texts[0]))]]
    assert missing._nlp is None and not missing._failed  # the model was never asked for


def test_a_pipeline_without_a_parser_leaves_sentences_whole_with_a_warning(caplog):
    missing = ClauseSplitter("no_such_spacy_model")
    text = "Guards closed the crossing at dawn, and trucks were waiting at noon."
    with caplog.at_level(logging.WARNING, logger="newsweave.text.clauses"):
        assert missing.split([text]) == [[(0, len(text))]]
    assert "no dependency parser" in caplog.text


STORY = [
    (
        "a",
        "2024-05-02",
        ["Guards closed the border crossing at dawn on Monday, and the ministry suspended all cargo permits."],
    ),
    ("b", "2024-05-02", ["The ministry suspended all cargo permits for the crossing until further notice."]),
]


def test_a_clause_claim_groups_with_the_article_that_reports_only_that_fact(splitter):
    mat = material(STORY)
    claims = claims_of(mat, 8, splitter.split)
    parts = [c for c in claims if c.article_id == "a"]
    assert [c.part for c in parts] == [1, 2]
    assert all(c.index == parts[0].index for c in parts)
    sentence = mat.sentences["a"][parts[1].index]
    assert parts[1].text == sentence.text[parts[1].start - sentence.start : parts[1].end - sentence.start]
    vectors = SentenceVectors(bag_of_words_encoder())
    cov = coverage(mat, vectors, Config(), split=splitter.split)
    (shared,) = cov.claims
    assert shared.text.startswith("the ministry suspended all cargo permits")
    assert {c.article for c in shared.citations} == {"a", "b"}
    assert not any(key[0] == "a" for key in vectors.new)  # clause vectors are not stored


def test_a_large_batch_parsed_in_forked_processes_is_the_batch_parsed_here(splitter, monkeypatch):
    import newsweave.text.clauses as clauses

    monkeypatch.setattr(clauses, "FORK_FROM", 8)
    forked: list[int] = []
    real = clauses.ClauseSplitter._parse_forked

    def counted(self, texts, processes):
        forked.append(len(texts))
        return real(self, texts, processes)

    monkeypatch.setattr(clauses.ClauseSplitter, "_parse_forked", counted)
    texts = [
        f"Officials in district {k} said on Monday that {k + 2} bridges had closed, and crews worked overnight."
        for k in range(20)
    ]
    texts += ["Short one.", "", "She left; he stayed behind at the station."]
    here = splitter.parse(texts)
    there = splitter.parse(texts, processes=2)
    assert forked == [len(texts)]
    assert there == here and len(here) == len(texts) and here[-3] and here[-2] == []
    assert splitter.parse(texts[:5], processes=2) == here[:5] and forked == [len(texts)]  # too few to fork
