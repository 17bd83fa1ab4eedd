from datetime import date

import numpy as np

from newsweave.config import Config
from newsweave.stories import ArticleFeatures, StoryState, Weights, entity_keys, group, idf_weights


def _unit(*xs):
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def _art(i, vec, ents, day):
    # Articles about an entity also use it as a content word.
    return ArticleFeatures(f"a{i}", _unit(*vec), frozenset(ents), date(2024, 1, day), {e: 3 for e in ents})


CFG = Config()
IDF = Weights(
    idf_weights({"lumatek": 3, "calloway": 3, "union": 3}, 10),
    idf_weights({"lumatek": 3}, 10),
)


def _clusters(assignment):
    groups = {}
    for art, story in assignment.items():
        groups.setdefault(story, set()).add(art)
    return sorted(sorted(g) for g in groups.values())


def test_two_events_become_two_stories():
    arts = [
        _art(1, (1, 0.1, 0), {"lumatek"}, 1),
        _art(2, (1, 0.15, 0.05), {"lumatek"}, 2),
        _art(3, (0, 1, 0.1), {"calloway", "union"}, 1),
        _art(4, (0.05, 1, 0.1), {"calloway"}, 3),
    ]
    assert _clusters(group(arts, [], IDF, CFG)) == [["a1", "a2"], ["a3", "a4"]]


def test_new_articles_join_existing_stories_or_open_new_ones():
    first = group([_art(1, (1, 0, 0), {"lumatek"}, 1), _art(2, (1, 0.1, 0), {"lumatek"}, 2)], [], IDF, CFG)
    story_id = first["a1"]
    state = StoryState(story_id, [_art(1, (1, 0, 0), {"lumatek"}, 1), _art(2, (1, 0.1, 0), {"lumatek"}, 2)])
    later = group([_art(5, (1, 0.05, 0), {"lumatek"}, 4), _art(6, (0, 0, 1), set(), 4)], [state], IDF, CFG)
    assert later["a5"] == story_id
    assert later["a6"] != story_id


def test_a_large_time_gap_separates_similar_articles():
    near = group([_art(1, (1, 0.3, 0), set(), 1), _art(2, (0.8, 0.6, 0), set(), 2)], [], IDF, CFG)
    assert len(set(near.values())) == 1
    far_second = ArticleFeatures("a2", _unit(0.8, 0.6, 0), frozenset(), date(2024, 9, 1))
    far = group([_art(1, (1, 0.3, 0), set(), 1), far_second], [], IDF, CFG)
    assert len(set(far.values())) == 2


def test_shared_content_words_join_articles_whose_leads_differ():
    a = ArticleFeatures("a1", _unit(1, 0, 0), frozenset(), date(2024, 1, 1), {"pinochet": 4, "extradition": 2})
    b = ArticleFeatures("a2", _unit(0, 1, 0), frozenset(), date(2024, 1, 3), {"pinochet": 3, "extradition": 1})
    c = ArticleFeatures("a3", _unit(0, 0, 1), frozenset(), date(2024, 1, 2), {"hurricane": 5})
    assert _clusters(group([a, b, c], [], IDF, CFG)) == [["a1", "a2"], ["a3"]]


def test_story_ids_are_stable():
    arts = [_art(1, (1, 0, 0), {"x"}, 1), _art(2, (0, 1, 0), {"y"}, 1)]
    assert group(arts, [], IDF, CFG) == group(list(reversed(arts)), [], IDF, CFG)


def test_entity_keys_fold_spelling_and_add_surnames():
    keys = entity_keys([("Recep Tayyip Erdoğan", "PERSON"), ("the Kessel River", "LOC"), ("Monday", "DATE")])
    assert keys == frozenset({"recep tayyip erdogan", "erdogan", "kessel river"})


def test_name_folding_covers_letters_without_decomposition():
    from newsweave.names import name_key

    assert name_key("Mirela Sørensen") == name_key("Mirela Sorensen") == "mirela sorensen"
    assert name_key("Łukasz Wałęsa’s") == "lukasz walesa"
    assert name_key("the Kessel River") == "kessel river"


def test_an_article_close_to_one_member_of_a_broad_story_joins_it():
    # a1-a3 form one story; s is close to a1 only, so its average similarity to the story is
    # below the threshold, but its single nearest pair is above it.
    members = [
        ArticleFeatures("a1", _unit(1, 0, 0, 0), frozenset(), date(2024, 1, 1)),
        ArticleFeatures("a2", _unit(0.85, -0.3, 0.43, 0), frozenset(), date(2024, 1, 1)),
        ArticleFeatures("a3", _unit(0.85, -0.3, -0.43, 0), frozenset(), date(2024, 1, 1)),
    ]
    single = ArticleFeatures("s", _unit(0.7, 0.714, 0, 0), frozenset(), date(2024, 1, 1))
    far = ArticleFeatures("f", _unit(0, 0, 0, 1), frozenset(), date(2024, 1, 1))
    assert _clusters(group([*members, single, far], [], IDF, CFG)) == [["a1", "a2", "a3", "s"], ["f"]]
    story = group(members, [], IDF, CFG)["a1"]
    later = group([single, far], [StoryState(story, members)], IDF, CFG)
    assert later["s"] == story and later["f"] != story
