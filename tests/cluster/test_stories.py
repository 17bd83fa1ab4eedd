from datetime import date

import numpy as np

from newsweave.cluster.stories import ArticleFeatures, StoryState, Weights, entity_keys, group, idf_weights
from newsweave.config import Config


def _unit(*xs):
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def _art(i, vec, ents, day):
    # Articles about an entity also use it as a content word.
    return ArticleFeatures(f"a{i}", _unit(*vec), frozenset(ents), date(2024, 1, day), {e: 3 for e in ents})


CFG = Config().event_grouping()
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
    keys = entity_keys([("Selim Tarik Aydoğan", "PERSON"), ("the Kessel River", "LOC"), ("Monday", "DATE")])
    assert keys == frozenset({"selim tarik aydogan", "aydogan", "kessel river"})


def test_name_folding_covers_letters_without_decomposition():
    from newsweave.text.names import name_key

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
    # with no shared words or names, similarity is the cosine over (1 + weights): weights and
    # threshold are set so that s's pair with a1 (cosine 0.7) reaches it and its average does not
    config = Config(event_term_weight=2.0, event_entity_weight=0.35, event_threshold=0.18).event_grouping()
    assert _clusters(group([*members, single, far], [], IDF, config)) == [["a1", "a2", "a3", "s"], ["f"]]
    story = group(members, [], IDF, config)["a1"]
    later = group([single, far], [StoryState(story, members)], IDF, config)
    assert later["s"] == story and later["f"] != story


def _stream(parts, config):
    """Feed ``parts`` one after another, as the pipeline's cluster step does; article → story."""
    from newsweave.cluster.stories import place

    where, features = {}, {}
    for part in parts:
        features.update({f.id: f for f in part})
        stories = {}
        for article, story in sorted(where.items()):
            stories.setdefault(story, StoryState(story)).members.append(features[article])
        where.update(place(part, list(stories.values()), IDF, config))
    return where


def test_a_first_report_left_in_a_related_story_moves_when_its_own_coverage_arrives():
    older = [_art(i, (1, 0, 0.05 * i, 0), {"lumatek"}, i) for i in range(1, 5)]
    first = [_art(10, (1, 0.5, 0, 0), {"calloway"}, 10)]  # a new event, worded close to the old one
    coverage = [_art(10 + i, (0.2, 1, 0, 0.05 * i), {"calloway"}, 10 + i) for i in range(1, 4)]
    alone = _stream([older, first], CFG)
    assert alone["a10"] == alone["a1"]  # on its own, the first report joins the related story
    expected = [["a1", "a2", "a3", "a4"], ["a10", "a11", "a12", "a13"]]
    assert _clusters(group(older + first + coverage, [], IDF, CFG)) == expected
    assert _clusters(_stream([older, first, coverage], CFG)) == expected  # grouped again, it leaves
    # kept in place, it draws its event's whole coverage into the related story
    kept = Config(recluster_days=0).event_grouping()
    assert _clusters(_stream([older, first, coverage], kept)) == [sorted(sum(expected, []))]


def test_the_regroup_window_spans_the_weeks_around_each_new_date_and_a_late_article_leaves_later_coverage_alone():
    from newsweave.cluster.stories import RegroupWindow, split_recent

    window = RegroupWindow.around([date(2024, 1, 10), date(2024, 1, 13), date(2024, 5, 1)], 5)
    assert window is not None and len(window.spans) == 2  # the two January dates share one span
    assert window.holds(date(2024, 1, 5)) and window.holds(date(2024, 1, 18)) and window.holds(date(2024, 5, 6))
    assert not window.holds(date(2024, 1, 4)) and not window.holds(date(2024, 1, 19))
    assert not window.holds(date(2024, 3, 1)) and not window.holds(None)
    assert RegroupWindow.around([], 5) is None and RegroupWindow.around([date(2024, 1, 1)], 0) is None
    # an archive article of January fed into a store that already holds March: only the
    # January coverage is grouped again, the March story stays where it is
    january = [_art(1, (1, 0, 0), {"lumatek"}, 8), _art(2, (1, 0.1, 0), {"lumatek"}, 20)]
    march = ArticleFeatures("m1", _unit(1, 0, 0), frozenset({"lumatek"}), date(2024, 3, 2))
    cores, again = split_recent(
        [StoryState("s-jan", january), StoryState("s-mar", [march])], RegroupWindow.around([date(2024, 1, 9)], 5)
    )
    assert [f.id for f, _ in again] == ["a1"]
    assert [(s.id, [m.id for m in s.members]) for s in cores] == [("s-jan", ["a2"]), ("s-mar", ["m1"])]


def test_members_older_than_the_window_stay_and_a_re_formed_story_keeps_its_id():

    from newsweave.cluster.stories import RegroupWindow, keep_story_ids, split_recent

    old = _art(1, (1, 0, 0), {"lumatek"}, 1)
    recent = _art(2, (1, 0.1, 0), {"lumatek"}, 20)
    undated = ArticleFeatures("u", _unit(1, 0, 0), frozenset(), None)
    young = _art(3, (0, 1, 0), {"calloway"}, 21)
    cores, again = split_recent(
        [StoryState("s-old", [old, recent, undated]), StoryState("s-young", [young])],
        RegroupWindow.around([date(2024, 1, 22)], 5),
    )
    assert [(s.id, [m.id for m in s.members]) for s in cores] == [("s-old", ["a1", "u"])]
    assert [(f.id, s) for f, s in again] == [("a2", "s-old"), ("a3", "s-young")]
    # grouping gave fresh ids: the group of s-young's article takes s-young back; a kept story's
    # id is never claimed; of two groups from one former story, the larger keeps its id
    renamed = keep_story_ids(
        {"a3": "s-new1", "a2": "s-old", "a4": "s-new2", "a5": "s-new2", "a6": "s-new3"},
        {"a3": "s-young", "a2": "s-old", "a4": "s-young", "a5": "s-young"},
        {"s-old"},
    )
    assert renamed["a4"] == renamed["a5"] == "s-young" and renamed["a2"] == "s-old"
    assert renamed["a3"] not in {"s-young", "s-old"} and renamed["a6"] == "s-new3"
    # a group that kept the former id by chance yields it to the larger claimant and gets a fresh one
    split = keep_story_ids(
        {"a1": "s-young", "a2": "s-x", "a3": "s-x"}, dict.fromkeys(["a1", "a2", "a3"], "s-young"), set()
    )
    assert split["a2"] == split["a3"] == "s-young" and split["a1"] not in {"s-young", "s-x"}


def test_agglomerate_makes_scikit_learns_groups():
    """The same partition as scikit-learn's average-linkage clustering with a distance threshold,
    on random similarities, with ties at the threshold among them."""
    import numpy as np
    import pytest

    cluster = pytest.importorskip("sklearn.cluster")
    from newsweave.cluster.agglomerate import agglomerate

    def partition(labels):
        groups: dict[int, list[int]] = {}
        for i, label in enumerate(labels):
            groups.setdefault(int(label), []).append(i)
        return sorted(groups.values())

    rng = np.random.default_rng(7)
    for trial in range(60):
        n = int(rng.integers(2, 40))
        sim = rng.random((n, n)).round(1 if trial % 2 else 6)  # coarse values: ties at the threshold
        sim = (sim + sim.T) / 2
        np.fill_diagonal(sim, 1.0)
        threshold = float(rng.choice([0.24, 0.4, 0.5, 0.6]))
        distance = np.clip(1.0 - sim, 0.0, None)
        np.fill_diagonal(distance, 0.0)
        theirs = cluster.AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold
        ).fit_predict(distance)
        assert partition(agglomerate(sim, threshold)) == partition(theirs), (trial, n, threshold)


def test_principal_conflict_compares_the_same_person_across_two_lists():
    from newsweave.cluster.stories import Weights, _Space, _vocab, principal_conflict

    def art(i: int, who: str) -> ArticleFeatures:
        return ArticleFeatures(f"a{i}", np.ones(2, np.float32), frozenset({who}), None, {}, frozenset({who}))

    vocab = _vocab()
    # new articles and a stored event's members hold their people in different orders: the
    # columns must still stand for the same names
    a = _Space([art(1, "quellin"), art(2, "vantorre")], Weights(), vocab)
    b = _Space([art(3, "vantorre")], Weights(), vocab)
    assert principal_conflict(a, b)[:, 0].tolist() == [True, False]


def _blocks(sizes, across):
    """A similarity matrix of groups of ``sizes`` (0.6 within a group) with ``across[(g, h)]``
    between groups g and h (0 when not given), and the groups' labels."""
    labels = np.repeat(np.arange(len(sizes)), sizes)
    sim = np.where(labels[:, None] == labels[None, :], 0.6, 0.0)
    for (g, h), value in across.items():
        sim[np.ix_(labels == g, labels == h)] = value
        sim[np.ix_(labels == h, labels == g)] = value
    np.fill_diagonal(sim, 1.0)
    return sim, labels


def test_a_few_reports_join_the_larger_group_they_are_clearly_nearest_to():
    from newsweave.cluster.agglomerate import attach_small

    config = Config(event_threshold=0.15, event_small_most=3, event_small_share=0.85, event_small_margin=0.03)
    grouping = config.event_grouping()
    # group 2 (two reports) is near group 0 (0.14, above 0.85 x 0.15), far from group 1 (0.05)
    sim, labels = _blocks([5, 4, 2], {(2, 0): 0.14, (2, 1): 0.05})
    assert list(attach_small(sim, labels, grouping)) == [0] * 5 + [1] * 4 + [0, 0]
    # as near to group 1 as to group 0 (within the margin): it stays on its own
    sim, labels = _blocks([5, 4, 2], {(2, 0): 0.14, (2, 1): 0.13})
    assert list(attach_small(sim, labels, grouping)) == list(labels)
    # below the bar
    sim, labels = _blocks([5, 4, 2], {(2, 0): 0.12})
    assert list(attach_small(sim, labels, grouping)) == list(labels)
    # a group of four is more than a few reports; with the rule off, nothing moves either
    sim, labels = _blocks([5, 4], {(1, 0): 0.14})
    assert list(attach_small(sim, labels, grouping)) == list(labels)
    sim, labels = _blocks([5, 4, 2], {(2, 0): 0.14})
    off = Config(event_threshold=0.15, event_small_most=0).event_grouping()
    assert list(attach_small(sim, labels, off)) == list(labels)


def test_a_small_group_never_joins_one_no_larger_than_itself():
    from newsweave.cluster.agglomerate import attach_small

    grouping = Config(event_threshold=0.15, event_small_most=3, event_small_margin=0.0).event_grouping()
    sim, labels = _blocks([2, 2], {(1, 0): 0.5})
    assert list(attach_small(sim, labels, grouping)) == list(labels)


def test_two_reports_from_another_side_join_the_event_grouping_left_them_beside():
    # with no shared words or names, similarity is the cosine / 4.85: the pair's average with the
    # five (cosine 0.65, 0.134) is below the threshold 0.15 but above 0.8 x 0.15, and nothing else is near
    day = date(2024, 1, 1)
    five = [ArticleFeatures(f"e{i}", _unit(1, 0.01 * i, 0, 0), frozenset(), day) for i in range(5)]
    pair = [ArticleFeatures(f"p{i}", _unit(0.65, 0.76, 0.01 * i, 0), frozenset(), day) for i in range(2)]
    far = [ArticleFeatures(f"f{i}", _unit(0, 0, 1, 0.01 * i), frozenset(), day) for i in range(5)]
    on = Config(event_threshold=0.15, event_small_most=4, event_small_share=0.8, event_small_margin=0.05)
    off = Config(event_threshold=0.15, event_small_most=0)
    joined = _clusters(group([*five, *pair, *far], [], IDF, on.event_grouping()))
    apart = _clusters(group([*five, *pair, *far], [], IDF, off.event_grouping()))
    assert sorted(["e0", "e1", "e2", "e3", "e4", "p0", "p1"]) in joined
    assert ["p0", "p1"] in apart


def test_pieces_a_split_left_merge_again_by_average_linkage_but_never_with_each_other():
    from newsweave.cluster.agglomerate import merge_pieces

    # groups 0 and 1 were one group before a split (origin 0); group 2 was apart (origin 1)
    sim, labels = _blocks([4, 4, 3], {(0, 1): 0.3, (1, 2): 0.2, (0, 2): 0.05})
    origin = np.array([0] * 8 + [1] * 3)
    merged = merge_pieces(sim, labels, origin, 0.15)
    assert list(merged) == [0] * 4 + [1] * 7  # group 2 joins group 1, never group 0
    # below the threshold, or refused as two happenings: nothing moves
    assert list(merge_pieces(sim, labels, origin, 0.25)) == list(labels)
    assert list(merge_pieces(sim, labels, origin, 0.15, lambda x, y: True)) == list(labels)
    # had no split cut groups 0 and 1 apart, they would merge first (0.3), and the three reports,
    # at 0.125 on average from the eight, stay apart
    assert list(merge_pieces(sim, labels, np.arange(11), 0.15)) == [0] * 8 + [2] * 3


def test_a_piece_cut_from_the_wrong_group_joins_the_rest_of_its_own_event():
    # similarity is the cosine of the vectors: the first part of a broad event (angle 0.5) is
    # nearer another event (angle 0, 0.88) than its own second part (angle 1.1, 0.83), so average
    # linkage joins it to the other event, whose reports name another person: the split cuts it out
    def report(i: int, angle: float, person: str) -> ArticleFeatures:
        vector = np.asarray((np.cos(angle), np.sin(angle)), np.float32)
        names = frozenset({person})
        return ArticleFeatures(f"r{i}", vector, names, date(2024, 1, 1), salient_people=names)

    other = [report(i, 0.0, "ridley") for i in range(4)]
    first = [report(i, 0.5 + 0.001 * i, "osgood") for i in range(4, 8)]
    second = [report(i, 1.1 + 0.001 * i, "osgood") for i in range(8, 12)]
    settings = dict(
        event_threshold=0.8, event_entity_weight=0.0, event_term_weight=0.0, event_split_min=3, event_small_most=0
    )
    on = Config(**settings, event_merge_pieces=True).event_grouping()
    off = Config(**settings, event_merge_pieces=False).event_grouping()
    ids = lambda part: sorted(a.id for a in part)  # noqa: E731
    assert _clusters(group(other + first + second, [], Weights(), on)) == sorted([ids(other), ids(first + second)])
    assert _clusters(group(other + first + second, [], Weights(), off)) == sorted([ids(other), ids(first), ids(second)])
