"""The citation model's reading of (summary sentence, article) and how the summary cites with it;
sentences written here; the measure on real articles is ``benchmarks/citations.py``."""

from __future__ import annotations

import numpy as np

from newsweave.config import Config
from newsweave.synthesize import summary as summary_module
from newsweave.synthesize.citation_model import (
    CitationModel,
    load_citation_model,
    read_article,
    sentence_facts,
    specific_words,
    support_features,
)
from newsweave.synthesize.similarity import SentenceVectors
from newsweave.synthesize.summary import choose

from ..synth_helpers import material


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float64)
    return v / np.linalg.norm(v)


def test_two_adjacent_sentences_read_together_can_come_closer_than_either():
    picked = unit(1, 1)
    rows = np.vstack([unit(1, 0), unit(0, 1), unit(-1, 0.2)])
    facts = [sentence_facts(t) for t in ("One half.", "Other half.", "Elsewhere.")]
    reading = read_article(picked, rows, [0, 1, 2], facts)
    assert max(reading.cosines) < 0.75
    assert reading.window > 0.99  # the first two together say it
    apart = read_article(picked, rows, [0, 5, 9], facts)  # not adjacent: no window
    assert apart.window == max(apart.cosines)


def test_features_count_the_sentences_words_names_and_numbers_the_article_holds():
    text = "Harbour pilots in Calloway ended a strike over 40 automated cranes."
    article_texts = ["The Calloway pilots' strike is over.", "They had opposed 40 automated cranes."]
    rows = np.vstack([unit(1, 0.3), unit(0.2, 1)])
    reading = read_article(unit(1, 0.1), rows, [0, 1], [sentence_facts(t) for t in article_texts])
    feats = support_features(sentence_facts(text), reading, counts_differ=False)
    assert feats["cosine"] == max(reading.cosines) and feats["second"] == min(reading.cosines)
    assert 0 < feats["word_match"] < feats["article_words"] < 1  # the closest sentence holds fewer of them
    assert feats["names_found"] == 1.0 and feats["numbers_found"] == 1.0
    assert "counts_differ" not in feats and "subject_shared" not in feats
    named = support_features(sentence_facts(text), reading, True, (frozenset({"calloway"}), frozenset({"orlen"})))
    assert named["counts_differ"] == 1.0 and named["subject_other"] == 1.0


def test_specific_words_are_those_few_other_articles_hold():
    words = frozenset({"strike", "cranes", "pension"})
    others = [frozenset({"strike", "cranes"}), frozenset({"strike"}), frozenset({"strike", "pension"})]
    assert specific_words(words, others) == {"cranes", "pension"}  # one of three: at most half


def test_the_shipped_model_gives_a_closer_article_a_higher_probability():
    model = load_citation_model()
    assert 0 < model.floor < 1 and 0 < model.threshold < 1
    base = {"cosine": 0.6, "window": 0.6, "second": 0.5, "centroid": 0.5, "word_match": 0.3, "article_words": 0.4}
    closer = {**base, "cosine": 0.85, "window": 0.85}
    assert model.probability(closer) > model.probability(base)


STORY = [
    ("a", "2024-03-01", ["Dockworkers at the Port of Calloway began a strike on Monday over automated cranes."]),
    ("b", "2024-03-02", ["Port of Calloway dockworkers went on strike Monday over plans for automated cranes."]),
    ("c", "2024-03-02", ["A bakery near the Port of Calloway sold cinnamon rolls to striking dockworkers."]),
]
VECTORS = {"began": [1, 0], "went": [1, 0.5], "bakery": [0.3, 1]}  # b is near a (0.89), c far (0.29)


def _encoder(rows):
    def encode(texts):
        return np.array([unit(*next(v for k, v in rows.items() if k in t)) for t in texts], dtype=np.float32)

    return encode


def _citations(monkeypatch, model: CitationModel, parse=None, story_rows=STORY) -> tuple[str, set[str], list]:
    monkeypatch.setattr(summary_module, "load_citation_model", lambda: model)
    config = Config().with_options(summary_sentences=1).synthesize
    story = material(story_rows)
    vectors = SentenceVectors(_encoder(VECTORS))
    chosen = choose(story, vectors, config)
    asked: list[list[str]] = []

    def counted(texts):
        asked.append(list(texts))
        return [[] for _ in texts]

    citer = chosen.citer(story, config, vectors, counted if parse else None)
    assert citer is not None
    i = chosen.selected[0]
    cited = {c.article for c in citer(i)[1:]}
    return chosen.pool[i].article_id, cited, asked


def test_the_model_cites_what_it_scores_from_its_threshold_and_reads_nothing_below_its_floor(monkeypatch):
    by_cosine = CitationModel({"cosine": 20.0}, -15.0, floor=0.5, threshold=0.5)  # from cosine 0.75
    own, cited, _ = _citations(monkeypatch, by_cosine)
    assert own in ("a", "b") and cited == ({"a", "b"} - {own})  # the strike reports cite each other
    everything = CitationModel({"cosine": 20.0}, 0.0, floor=0.0, threshold=0.5)
    own, cited, _ = _citations(monkeypatch, everything)
    assert cited == {"a", "b", "c"} - {own}
    floored = CitationModel({"cosine": 20.0}, 0.0, floor=0.95, threshold=0.5)  # nothing that close
    own, cited, asked = _citations(monkeypatch, floored, parse=True)
    assert cited == set() and asked == []  # not scored, nor parsed


def test_the_model_parses_the_sentence_and_only_each_articles_closest_candidate(monkeypatch):
    model = CitationModel({"cosine": 20.0}, -15.0, floor=0.75, threshold=0.5)
    own, cited, asked = _citations(monkeypatch, model, parse=True)
    other = ({"a", "b"} - {own}).pop()
    texts = {s[2][0] for s in STORY}
    (batch,) = asked
    assert set(batch) <= texts and len(batch) == 2  # the picked sentence and the other strike report
    assert cited == {other}


def test_another_figure_is_refused_whatever_the_model_says(monkeypatch):
    counted = [
        ("a", "2024-03-01", ["Police began to question 23 dockworkers at the Port of Calloway on Monday."]),
        ("b", "2024-03-01", ["Police went on to question 26 dockworkers at the Port of Calloway on Monday."]),
        ("c", "2024-03-02", ["A bakery near the Port of Calloway sold cinnamon rolls to striking dockworkers."]),
    ]
    everything = CitationModel({}, 10.0, floor=0.0, threshold=0.5)
    own, cited, _ = _citations(monkeypatch, everything, story_rows=counted)
    assert own in ("a", "b") and cited == {"c"}  # 23 and 26 questioned: the other count supports nothing
