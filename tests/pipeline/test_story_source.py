"""A stored story as new events meet it: a profile whose embedding part is average linkage."""

from datetime import date

import numpy as np

from newsweave.cluster.stories import ArticleFeatures, StoryState, Weights, group, similarity_matrix
from newsweave.config import Grouping
from newsweave.pipeline.story_source import linking_profile

DAY = date(2024, 5, 1)
# embeddings only: the combined similarity is the cosine
COSINE = Grouping(threshold=0.8, entity_weight=0.0, term_weight=0.0, window_days=180)


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def _broad_story() -> list[ArticleFeatures]:
    """Two events of one story that share nothing: their unit vectors are orthogonal."""
    return [
        ArticleFeatures("e1", _unit(1, 0, 0), frozenset(), DAY),
        ArticleFeatures("e2", _unit(0, 1, 0), frozenset(), DAY),
    ]


def test_a_new_item_meets_the_averaged_profile_as_it_meets_the_events_on_average():
    events = _broad_story()
    new = ArticleFeatures("n", _unit(0.7, 0.3, 0.2), frozenset(), DAY)
    each = similarity_matrix([new], events, Weights(), COSINE)[0]
    averaged = similarity_matrix([new], [linking_profile("s", events, average=True)], Weights(), COSINE)[0, 0]
    normalised = similarity_matrix([new], [linking_profile("s", events, average=False)], Weights(), COSINE)[0, 0]
    assert np.isclose(averaged, each.mean(), atol=1e-6)
    assert normalised > averaged + 0.2  # a broad story's normalised profile is nearer than its events


def test_a_group_between_a_broad_storys_events_opens_its_own_story_unless_profiles_are_normalised():
    events = _broad_story()
    new = [ArticleFeatures("n", _unit(0.98, 0.98, 0.28), frozenset(), DAY)]  # cosine 0.98 with the normalised mean

    def placed(average: bool) -> str:
        story = StoryState("s-old", [linking_profile("s-old", events, average=average)])
        return group(new, [story], Weights(), COSINE)["n"]

    assert placed(average=False) == "s-old"
    assert placed(average=True) != "s-old"
