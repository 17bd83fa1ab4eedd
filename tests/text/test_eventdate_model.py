"""The learned choice of a sentence's event date (newsweave/text/eventdate_model.py)."""

from __future__ import annotations

import pytest

from newsweave.config import Config
from newsweave.text import eventdate_model
from newsweave.text.clauses import ClauseSplitter
from newsweave.text.dates import parse_iso
from newsweave.text.eventdate import event_date
from newsweave.text.eventdate_model import Candidate, EventDateModel, candidates, load_model
from newsweave.text.timexes import find_timexes

PUBLISHED = "2031-03-14"  # a Friday


@pytest.fixture(scope="module")
def splitter() -> ClauseSplitter:
    return ClauseSplitter(Config().spacy_model)


def found(splitter: ClauseSplitter, text: str) -> list[Candidate]:
    timexes = list(find_timexes(text, parse_iso(PUBLISHED)))
    return candidates(text, timexes, PUBLISHED, splitter.parse([text])[0])


def test_candidates_are_each_expression_the_publication_date_and_none(splitter):
    cands = found(splitter, "Officials said on Thursday that the dam failed on Monday, the worst since 1973.")
    assert [c.kind for c in cands] == ["timex", "timex", "timex", "published", "none"]
    assert [c.value for c in cands] == ["2031-03-13", "2031-03-10", "1973", PUBLISHED, None]
    for cand in cands:
        assert all(name.startswith(f"{cand.kind[0]}:") for name in cand.features)
    monday, since = cands[1].features, cands[2].features
    assert monday.get("t:place=main") == 1.0 and monday["t:rule"] == 1.0
    assert since.get("t:prev=since") == 1.0 and since.get("t:place=none") == 1.0 and since["t:rule"] == 0.0


def test_a_weekday_on_a_future_verb_is_the_one_ahead(splitter):
    (monday, *_rest) = found(splitter, "The minister said he would see the mayor Monday morning.")
    assert monday.value == "2031-03-17" and monday.features.get("t:forward") == 1.0


def test_the_model_takes_its_best_candidate():
    model = EventDateModel({"t:place=main": 2.0, "p:bias": 1.0, "n:bias": 0.5}, -1.0)
    cands = [
        Candidate("2031-03-10", "timex", {"t:place=none": 1.0}),
        Candidate("2031-03-11", "timex", {"t:place=main": 1.0}),
        Candidate(PUBLISHED, "published", {"p:bias": 1.0}),
        Candidate(None, "none", {"n:bias": 1.0}),
    ]
    assert model.choose(cands) == "2031-03-11"
    assert model.choose([c for c in cands if c.value != "2031-03-11"]) == PUBLISHED


def test_the_shipped_model_loads_and_a_stale_one_is_refused(monkeypatch):
    model = load_model()
    assert model is not None and any(name.endswith(":rule") for name in model.weights)
    load_model.cache_clear()
    monkeypatch.setattr(eventdate_model, "FEATURE_VERSION", eventdate_model.FEATURE_VERSION + 1)
    try:
        assert load_model() is None
    finally:
        load_model.cache_clear()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police arrested the former governor of Veldmark on Tuesday in the capital.", "2031-03-11"),
        ("Rescuers pulled four people from the river.", PUBLISHED),
        ("The council publishes its accounts on its website.", None),
        ("The mayor will open the new harbour, officials say.", None),
    ],
)
def test_the_learned_choice(splitter, text, expected):
    timexes = list(find_timexes(text, parse_iso(PUBLISHED)))
    assert event_date(text, timexes, PUBLISHED, splitter.parse([text])[0]) == expected


def test_without_a_parse_the_rules_decide():
    text = "The flood was the worst since 1973."
    timexes = list(find_timexes(text, parse_iso(PUBLISHED)))
    assert event_date(text, timexes, PUBLISHED, None) == event_date(text, timexes, PUBLISHED, None, learned=False)
    assert event_date(text, timexes, PUBLISHED, None) == PUBLISHED


def test_a_sentence_far_from_the_lead_with_an_old_date_tells_the_background(splitter):
    text = "The cooperative, founded in 1994, lost its biggest customer under the new rules."
    timexes = list(find_timexes(text, parse_iso(PUBLISHED)))
    toks = splitter.parse([text])[0]
    assert event_date(text, timexes, PUBLISHED, toks, position=0) == PUBLISHED
    assert event_date(text, timexes, PUBLISHED, toks, position=8) is None
    near, far = (candidates(text, timexes, PUBLISHED, toks, p) for p in (0, 8))
    assert near[-1].features.get("n:older_date") == 1.0 and "n:far" not in near[-1].features
    assert far[-1].features.get("n:far_older_date") == 1.0
    assert not any("far" in name or "older_date" in name for c in found(splitter, text) for name in c.features)


def _timexes(text: str) -> list:
    return list(find_timexes(text, parse_iso(PUBLISHED)))


def test_an_undated_sentence_after_an_old_date_goes_on_with_the_background(splitter):
    text = "The river flooded three villages and the harvest failed."
    toks = splitter.parse([text])[0]
    old, recent = _timexes("The dam was finished in 1971."), _timexes("The dam burst on Wednesday.")
    assert old[0].value == "1971" and recent[0].value == "2031-03-12"
    assert event_date(text, [], PUBLISHED, toks, position=6) == PUBLISHED
    assert event_date(text, [], PUBLISHED, toks, position=6, previous=recent) == PUBLISHED
    assert event_date(text, [], PUBLISHED, toks, position=6, previous=[]) == PUBLISHED
    assert event_date(text, [], PUBLISHED, toks, position=6, previous=old) is None
    marked = candidates(text, [], PUBLISHED, toks, 6, old)
    assert [c.features.get(f"{c.kind[0]}:after_older") for c in marked] == [1.0, 1.0]
    assert event_date(text, [], PUBLISHED, toks, position=6, previous=old, learned=False) == PUBLISHED


def test_a_sentence_with_its_own_date_is_not_read_by_the_one_before(splitter):
    text = "The river flooded three villages on Tuesday."
    timexes = _timexes(text)
    toks = splitter.parse([text])[0]
    old = _timexes("The dam was finished in 1971.")
    assert event_date(text, timexes, PUBLISHED, toks, position=6, previous=old) == "2031-03-11"
    assert not any(
        "after_older" in name for c in candidates(text, timexes, PUBLISHED, toks, 6, old) for name in c.features
    )
