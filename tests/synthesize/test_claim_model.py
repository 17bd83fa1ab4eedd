"""The same-fact model of claims: its features, its probability and its place in the grouping."""

from __future__ import annotations

import numpy as np

from newsweave.config import Config
from newsweave.synthesize.claim_model import ClaimModel, load_claim_model, names, negated, numbers, pair_features
from newsweave.synthesize.coverage import _group
from newsweave.text.words import content_words

from ..synth_helpers import material


def _features(a: str, b: str, cosine: float = 0.7) -> dict[str, float]:
    return pair_features(cosine, (a, b), (content_words(a), content_words(b)))


def test_numbers_names_and_negation_are_read_from_the_text():
    assert numbers("About 2,400 residents left; 3.5 percent stayed.") == {"2400", "3.5"}
    assert names("The Senate voted after Reid spoke in Washington.") == {"senate", "reid", "washington"}
    assert negated("Police did not charge him.") and negated("He won't run.") and not negated("He will run.")


def test_features_tell_shared_numbers_from_numbers_that_differ():
    same = _features("Officials said 12 workers were killed.", "The blast killed 12 workers, officials said.")
    other = _features("Officials said 12 workers were killed.", "The blast killed 15 workers, officials said.")
    assert same.get("numbers_shared") == 1.0 and "numbers_differ" not in same
    assert other.get("numbers_differ") == 1.0 and "numbers_shared" not in other
    assert "negation_one" in _features("Police charged the man.", "Police did not charge the man.")
    assert _features("Police charged the man.", "Police charged the man.")["word_match"] == 1.0


def test_parse_features_come_only_with_the_parse():
    a, b = "The agency approved the pill.", "The agency approved the drug."
    words = (content_words(a), content_words(b))
    assert "subject_shared" not in pair_features(0.8, (a, b), words)
    parsed = (({"agency"}, {"appro"}), ({"agency"}, {"appro"}))
    feats = pair_features(0.8, (a, b), words, parsed)
    assert feats["subject_shared"] == 1.0 and feats["verb_shared"] == 1.0


def test_probability_follows_the_weights():
    model = ClaimModel({"cosine": 4.0, "numbers_differ": -1.0}, bias=-3.0, floor=0.5)
    assert model.probability({"cosine": 0.9}) > model.probability({"cosine": 0.6})
    assert model.probability({"cosine": 0.9, "numbers_differ": 1.0}) < model.probability({"cosine": 0.9})
    assert abs(model.probability({"cosine": 0.75}) - 0.5) < 1e-9


def test_the_shipped_model_weighs_meaning_words_and_shared_names_as_evidence():
    model = load_claim_model()
    for name in ("cosine", "word_match", "names_share", "numbers_shared"):
        assert model.weights[name] > 0, name
    assert 0.0 < model.floor < 1.0
    close = _features("The agency approved the pill for adults.", "The agency approved the pill for all adults.", 0.9)
    far = _features("The agency approved the pill for adults.", "Shares of the maker rose on Friday.", 0.6)
    assert model.probability(close) > model.probability(far)


def _pair(cos: float):
    mat = material(
        [
            ("a", None, ["The drug maker asked the agency to approve its pill for all adults."]),
            ("b", None, ["The agency approved the pill for every adult on Friday."]),
        ]
    )
    claims = [s for a in mat.articles for s in mat.sentences[a.id]]
    return mat, claims, np.array([[1.0, 0.0], [cos, float(np.sqrt(1 - cos**2))]])


def test_with_the_model_only_pairs_between_its_floor_and_the_sure_cosine_are_scored_and_parsed():
    asked: list[str] = []

    def parse(texts):
        asked.extend(texts)
        return [[] for _ in texts]

    config = Config(claim_model=True).synthesize
    floor = load_claim_model().floor
    mat, claims, matrix = _pair(floor - 0.05)
    assert len(_group(claims, matrix, mat, config, parse)) == 2 and not asked
    mat, claims, matrix = _pair(0.99)  # sure by meaning alone (claim_sure): not scored either
    assert len(_group(claims, matrix, mat, config, parse)) == 1 and not asked
    mat, claims, matrix = _pair((floor + config.claim_sure) / 2)  # between: scored, with the parse
    _group(claims, matrix, mat, config, parse)
    assert sorted(asked) == sorted(c.text for c in claims)


def test_the_model_threshold_decides_a_close_pair():
    mat, claims, matrix = _pair(0.7)
    grouped = {
        t: len(_group(claims, matrix, mat, Config(claim_model=True, claim_model_threshold=t).synthesize))
        for t in (0.0, 1.0)
    }
    assert grouped == {0.0: 1, 1.0: 2}
