"""The same-fact model of claims: its features, its probability and its place in the grouping."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np

from newsweave.config import Config
from newsweave.synthesize.claim_model import (
    ClaimModel,
    claim_facts,
    counted,
    load_claim_model,
    names,
    negated,
    numbers,
    pair_features,
)
from newsweave.synthesize.coverage import _group
from newsweave.text.parse import Tok

from ..synth_helpers import material


def _features(a: str, b: str, cosine: float = 0.7, parsed=None) -> dict[str, float]:
    return pair_features(cosine, claim_facts(a), claim_facts(b), parsed)


def test_numbers_names_and_negation_are_read_from_the_text():
    assert numbers("About 2,400 residents left; 3.5 percent stayed.") == {"2400", "3.5"}
    assert names("The Senate voted after Reid spoke in Washington.") == {"senate", "reid", "washington"}
    assert names('"The Senate voted," Reid said.') == {"senate", "reid"}  # the first word, not the first character
    assert negated("Police did not charge him.") and negated("He won't run.") and not negated("He will run.")


def test_years_days_ordinals_and_times_are_not_counted_numbers():
    assert numbers("In 2015 the government said 12 people died on March 3 at 10:30, the 3rd time.") == {"12"}
    assert numbers("Since 3 May, 1,990 people left, as in the 1990s.") == {"1990"}
    assert counted("The blast killed 12 workers and hurt 5% of the staff.") == {("12", "worke"), ("5", "perce")}
    # a year both claims give is not a shared number, nor are two years a count that differs
    storm = _features("The storm killed 40 people in 2015.", "In 2015 the government said it would build dams.")
    assert "numbers_shared" not in storm and "counts_differ" not in storm
    years = _features("The law passed in 2015.", "The law was changed in 2019.")
    assert "numbers_shared" not in years and "counts_differ" not in years


def test_features_tell_shared_numbers_from_one_count_given_differently():
    same = _features("Officials said 12 workers were killed.", "The blast killed 12 workers, officials said.")
    other = _features("Officials said 12 workers were killed.", "The blast killed 15 workers, officials said.")
    unrelated = _features("Officials said 12 workers were killed.", "The company lost 15 contracts this year.")
    assert same.get("numbers_shared") == 1.0 and "counts_differ" not in same
    assert other.get("counts_differ") == 1.0 and "numbers_shared" not in other
    assert "counts_differ" not in unrelated and "numbers_shared" not in unrelated  # numbers of two things
    assert "negation_one" in _features("Police charged the man.", "Police did not charge the man.")
    assert _features("Police charged the man.", "Police charged the man.")["word_match"] == 1.0


def test_parse_features_come_only_with_the_parse():
    a, b = "The agency approved the pill.", "The agency approved the drug."
    assert "subject_shared" not in _features(a, b, 0.8)
    assert _features(a, b, 0.8, ({"agency"}, {"agency"}))["subject_shared"] == 1.0
    assert "subject_shared" not in _features(a, b, 0.8, ({"agency"}, {"maker"}))


def test_probability_follows_the_weights():
    model = ClaimModel({"cosine": 4.0, "counts_differ": -1.0}, bias=-3.0, floor=0.5)
    assert model.probability({"cosine": 0.9}) > model.probability({"cosine": 0.6})
    assert model.probability({"cosine": 0.9, "counts_differ": 1.0}) < model.probability({"cosine": 0.9})
    assert abs(model.probability({"cosine": 0.75}) - 0.5) < 1e-9


def test_the_shipped_model_at_one_cosine_weighs_shared_words_and_names_as_evidence():
    model = load_claim_model()
    for name in ("cosine", "word_match", "names_share"):
        assert model.weights[name] > 0, name
    assert 0.0 < model.floor < 1.0 and 0.0 < model.threshold < 1.0
    a = "Senator Reid asked the agency to approve the pill for adults."
    close = _features(a, "The agency approved the pill for adults, Reid said.", 0.65)
    far = _features(a, "Shares of Pfizer rose on Friday in New York.", 0.65)
    assert close["cosine"] == far["cosine"]
    assert model.probability(close) > model.probability(far)


def test_the_default_threshold_is_the_one_trained_with_the_weights():
    data = json.loads(resources.files("newsweave.rules").joinpath("claim_model.json").read_text("utf-8"))
    assert Config().claim_model_threshold is None  # None: the JSON's, so a retrain cannot drift from it
    assert load_claim_model().threshold == data["threshold"]


A = "The drug maker asked the agency to approve its pill for all adults."
B = "The agency approved the pill for every adult on Friday."


def _pair(cos: float, a: str = A, b: str = B):
    mat = material([("a", None, [a]), ("b", None, [b])])
    claims = [s for art in mat.articles for s in mat.sentences[art.id]]
    return mat, claims, np.array([[1.0, 0.0], [cos, float(np.sqrt(1 - cos**2))]])


def _subject_parse(subject_of: dict[str, str], calls: list[list[str]] | None = None):
    """A parse stub: each text a clause whose root verb has the subject ``subject_of[text]``."""

    def parse(texts):
        if calls is not None:
            calls.append(list(texts))
        return [
            [
                Tok(0, 0, subject_of[t], "NN", "nsubj", 1, 0),
                Tok(1, 1, "said", "VBD", "ROOT", 1, 0),
            ]
            for t in texts
        ]

    return parse


def test_with_the_model_only_pairs_between_its_floor_and_the_sure_cosine_are_parsed_in_one_batch():
    calls: list[list[str]] = []
    parse = _subject_parse({A: "maker", B: "agency"}, calls)
    config = Config(claim_model=True).synthesize
    floor = load_claim_model().floor
    mat, claims, matrix = _pair(floor - 0.05)
    assert len(_group(claims, matrix, mat, config, parse)) == 2 and not calls  # never an empty batch
    mat, claims, matrix = _pair(0.99)  # sure by meaning alone (claim_sure): not scored either
    assert len(_group(claims, matrix, mat, config, parse)) == 1 and not calls
    mat, claims, matrix = _pair((floor + config.claim_sure) / 2)  # between: scored, with the parse
    _group(claims, matrix, mat, config, parse)
    assert len(calls) == 1 and sorted(calls[0]) == sorted(c.text for c in claims)


def _probability(cos: float, subjects: tuple[str, str]) -> float:
    return load_claim_model().probability(_features(A, B, cos, ({subjects[0]}, {subjects[1]})))


def test_the_model_threshold_decides_a_pair_from_just_above_to_just_below_its_probability():
    cos = 0.65
    p = _probability(cos, ("maker", "agency"))
    parse = _subject_parse({A: "maker", B: "agency"})
    mat, claims, matrix = _pair(cos)
    grouped = {
        t: len(_group(claims, matrix, mat, Config(claim_model=True, claim_model_threshold=t).synthesize, parse))
        for t in (p - 0.01, p + 0.01)
    }
    assert grouped == {p - 0.01: 1, p + 0.01: 2}


def test_a_shared_subject_in_the_parse_can_decide_a_pair():
    cos = 0.65
    with_subject, without = _probability(cos, ("agency", "agency")), _probability(cos, ("maker", "agency"))
    assert with_subject != without
    t = (with_subject + without) / 2
    config = Config(claim_model=True, claim_model_threshold=t).synthesize
    mat, claims, matrix = _pair(cos)
    counts = {
        subjects: len(_group(claims, matrix, mat, config, _subject_parse({A: subjects[0], B: subjects[1]})))
        for subjects in (("agency", "agency"), ("maker", "agency"))
    }
    assert counts[("agency", "agency")] != counts[("maker", "agency")]
    assert (counts[("agency", "agency")] == 1) == (with_subject > without)  # grouped: the likelier one


def test_without_the_parse_the_gate_decides_not_the_model():
    cos = 0.65  # below claim_threshold (0.66): the gate never groups it by meaning
    p = _probability(cos, ("maker", "agency"))
    mat, claims, matrix = _pair(cos)
    config = Config(claim_model=True, claim_model_threshold=p - 0.01).synthesize
    assert len(_group(claims, matrix, mat, config, _subject_parse({A: "maker", B: "agency"}))) == 1
    assert len(_group(claims, matrix, mat, config, None)) == 2
