"""Two happenings in one group: parts whose prominent names the other part never mentions, or parts
each far tighter than their join."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import numpy as np

from newsweave.cluster.conflicts import (
    name_partition,
    parts_conflict,
    salient_names,
    salient_organisations,
    split_conflicting,
)
from newsweave.cluster.stories import ArticleFeatures, Weights, group
from newsweave.config import Config


def _entity(text: str, label: str, sentence: int) -> SimpleNamespace:
    return SimpleNamespace(text=text, label=label, sentence=sentence)


def test_salient_names_count_lead_mentions_twice_and_keep_people_by_surname():
    entities = [
        _entity("Ada Vantorre", "PERSON", 0),  # 2
        _entity("Vantorre", "PERSON", 5),  # 3
        _entity("Quellin", "PERSON", 6),
        _entity("Quellin", "PERSON", 7),  # 2: below the bar
        _entity("Lindhaven", "GPE", 1),
        _entity("Lindhaven", "GPE", 9),  # 3
        _entity("Brakemoor", "GPE", 4),  # 1
        _entity("Harbour Board", "ORG", 0),  # neither a person nor a place
    ]
    people, places = salient_names(entities, least=3)
    assert people == {"vantorre"} and places == {"lindhaven"}
    assert salient_names(entities, least=2)[0] == {"vantorre", "quellin"}


def test_salient_organisations_are_scored_as_places_are():
    entities = [
        _entity("Harbour Board", "ORG", 0),
        _entity("Harbour Board", "ORG", 6),  # 3
        _entity("Dock Union", "ORG", 7),  # 1
        _entity("Lindhaven", "GPE", 0),
        _entity("Lindhaven", "GPE", 1),  # a place, not an organisation
    ]
    assert salient_organisations(entities) == {"harbour board"}
    assert salient_organisations(entities, least=1) == {"harbour board", "dock union"}


def _ship_report(i: int, ship: str, sea: str = "strait") -> ArticleFeatures:
    """A report of a navy's action against pirates naming its ship prominently; reports of the
    other action may name this one's sea and crew but never its ship."""
    return ArticleFeatures(
        f"s{i}",
        np.asarray((1.0, 0.0), np.float32),
        frozenset({"navy", sea, ship}),
        None,
        {},
        salient_people=frozenset({ship}),
        salient_places=frozenset({sea}),
    )


def test_a_name_only_one_happenings_reports_give_draws_the_line_the_tree_does_not():
    items = [_ship_report(i, "corvina") for i in range(4)] + [_ship_report(i, "marlow") for i in range(4, 9)]
    config = _events().event_grouping()  # split_by_names on by default
    naming, others = name_partition(list(range(9)), items, config)  # type: ignore[misc]
    assert {frozenset(naming), frozenset(others)} == {frozenset(range(4)), frozenset(range(4, 9))}
    # one sea, one ship: nothing to tell the reports apart
    same = [_ship_report(i, "corvina") for i in range(9)]
    assert name_partition(list(range(9)), same, config) is None
    # the second action's reports recall the first ship: no conflict, no cut
    recalled = items[:4] + [replace(r, entities=r.entities | {"corvina"}) for r in items[4:]]
    assert name_partition(list(range(9)), recalled, config) is None
    # with every similarity alike the tree has no top split (one cluster); the names cut it right
    sim = np.full((9, 9), 0.5)
    labels = np.zeros(9, dtype=int)
    split = split_conflicting(sim, labels, items, config)
    assert len(set(split[:4])) == 1 and len(set(split[4:])) == 1 and split[0] != split[4]
    off = replace(config, split_by_names=False)
    assert len(set(split_conflicting(sim, labels, items, off))) == 1
    assert len(set(split_conflicting(sim, labels, items, replace(config, split_share=0.0)))) == 1
    dated = [replace(r, date=date(2024, 5, 1)) for r in items]  # dates tell dated reports apart
    assert len(set(split_conflicting(sim, labels, dated, config))) == 1


def test_of_the_cuts_that_conflict_the_one_leaving_fewest_reports_astray_is_taken():
    # ten reports of each ship; 9 of the first ship's and 2 of the second's name the island, the
    # most often prominent name, whose cut conflicts too but leaves three reports astray
    def report(i: int, ship: str, island: bool) -> ArticleFeatures:
        names = frozenset({ship, "isle"} if island else {ship})
        return ArticleFeatures(
            f"r{i}",
            np.asarray((1.0, 0.0), np.float32),
            names | {"navy"},
            salient_people=frozenset({ship}),
            salient_places=names - {ship},
        )

    items = [report(i, "corvina", i < 9) for i in range(10)] + [report(i, "marlow", i < 12) for i in range(10, 20)]
    config = replace(_events().event_grouping(), split_min=6)
    # the island's own cut conflicts (so the first cut tried would have been taken) ...
    naming_isle = [m for m in range(20) if "isle" in items[m].entities]
    others_isle = [m for m in range(20) if m not in naming_isle]
    assert parts_conflict([items[m] for m in naming_isle], [items[m] for m in others_isle], config)
    # ... but the ship's cut puts every report on its side
    naming, others = name_partition(list(range(20)), items, config)  # type: ignore[misc]
    assert {frozenset(naming), frozenset(others)} == {frozenset(range(10)), frozenset(range(10, 20))}


def test_organisations_count_as_names_only_with_the_setting():
    def shop(i: int, jeweller: str) -> ArticleFeatures:
        return ArticleFeatures(
            f"j{i}",
            np.asarray((1.0, 0.0), np.float32),
            frozenset({"city", jeweller}),
            salient_organisations=frozenset({jeweller}),
        )

    first, second = [shop(i, "orlan") for i in range(4)], [shop(i, "vesk") for i in range(4, 8)]
    config = _events().event_grouping()
    assert parts_conflict(first, second, config)  # on by default
    assert not parts_conflict(first, second, replace(config, split_organisations=False))


def _report(i: int, opponent: str, town: str = "arena") -> ArticleFeatures:
    names = frozenset({"champion", opponent, town})
    return ArticleFeatures(
        f"a{i}", np.asarray((1.0, 0.0), np.float32), names, None, {}, salient_people=frozenset({"champion", opponent})
    )


def _events() -> Config:
    return Config(event_split_share=0.4, event_split_foreign=0.25, event_split_min=3, event_split_ratio=0.0)


def test_parts_that_each_name_their_own_opponent_conflict_and_parts_sharing_names_do_not():
    config = _events().event_grouping()
    first = [_report(i, "askeland") for i in range(4)]
    second = [_report(i, "dubreuil") for i in range(4, 8)]
    assert parts_conflict(first, second, config)
    assert not parts_conflict(first, [_report(i, "askeland") for i in range(4, 8)], config)
    assert not parts_conflict(first[:2], second, config)  # too few articles to judge a part
    one_sided = [replace(r, salient_people=frozenset({"champion"})) for r in second]
    assert not parts_conflict(first, one_sided, config)  # the second part names nobody of its own
    named_back = [replace(r, entities=r.entities | {"askeland"}) for r in second]
    assert not parts_conflict(first, named_back, config)  # the other opponent is named there too


def test_a_group_whose_halves_conflict_is_split_and_not_without_the_setting():
    items = [_report(i, "askeland") for i in range(5)] + [_report(i, "dubreuil") for i in range(5, 10)]
    sim = np.full((10, 10), 0.3)
    sim[:5, :5] = sim[5:, 5:] = 0.6
    labels = np.zeros(10, dtype=int)
    split = split_conflicting(sim, labels, items, _events().event_grouping())
    assert len(set(split[:5])) == 1 and len(set(split[5:])) == 1 and split[0] != split[5]
    off = replace(_events().event_grouping(), split_share=0.0)
    assert (split_conflicting(sim, labels, items, off) == labels).all()
    same = [_report(i, "askeland") for i in range(10)]
    assert len(set(split_conflicting(sim, labels, same, _events().event_grouping()))) == 1


def test_grouping_parts_two_title_defences_that_similarity_alone_joins():
    def bout(i: int, opponent: str) -> ArticleFeatures:
        vector = np.asarray((1.0, 0.02 * i), np.float32)
        return replace(_report(i, opponent), vector=vector / np.linalg.norm(vector))

    items = [bout(i, "askeland") for i in range(4)] + [bout(i, "dubreuil") for i in range(4, 8)]
    weights = Weights({"champion": 1.0, "arena": 1.0, "askeland": 3.0, "dubreuil": 3.0}, {})
    assert len(set(group(items, [], weights, _events().event_grouping()).values())) == 2
    off = Config(event_split_share=0.0, event_split_ratio=0.0).event_grouping()
    assert len(set(group(items, [], weights, off).values())) == 1


def test_a_new_group_does_not_join_an_event_it_conflicts_with():
    from newsweave.cluster.stories import StoryState

    stored = StoryState("e-first", [_report(i, "askeland") for i in range(4)])
    new = [_report(i, "dubreuil") for i in range(4, 8)]
    weights = Weights({"champion": 1.0, "arena": 1.0, "askeland": 3.0, "dubreuil": 3.0}, {})
    apart = group(new, [StoryState(stored.id, list(stored.members))], weights, _events().event_grouping())
    assert len(set(apart.values())) == 1 and "e-first" not in apart.values()
    off = Config(event_split_share=0.0, event_split_ratio=0.0).event_grouping()
    assert set(group(new, [StoryState(stored.id, list(stored.members))], weights, off).values()) == {"e-first"}


def _plain(i: int, angle: float) -> ArticleFeatures:
    """A report naming nobody, its vector at ``angle`` radians: similarity by the embedding alone."""
    return ArticleFeatures(f"p{i}", np.asarray((np.cos(angle), np.sin(angle)), np.float32), frozenset())


def _by_vectors(ratio: float = 0.6, dated: bool = False) -> Config:
    return Config(
        event_entity_weight=0.0,
        event_term_weight=0.0,
        event_split_min=3,
        event_split_ratio=ratio,
        event_split_dated=dated,
    )


def test_parts_each_far_tighter_than_their_join_are_loosely_joined():
    from newsweave.cluster.conflicts import loosely_joined

    config = _by_vectors().event_grouping()
    sim = np.full((8, 8), 0.25)
    sim[:4, :4] = sim[4:, 4:] = 0.5
    first, second = list(range(4)), list(range(4, 8))
    assert loosely_joined(sim, first, second, config)  # 0.25 < 0.6 x 0.5
    sim[:4, 4:] = sim[4:, :4] = 0.35
    assert not loosely_joined(sim, first, second, config)  # 0.35: one broad happening
    sim[:4, 4:] = sim[4:, :4] = 0.25
    assert not loosely_joined(sim, first[:2], second, config)  # too few articles to judge a part
    assert not loosely_joined(sim, first, second, _by_vectors(0.0).event_grouping())


def test_a_group_naming_nobody_is_split_where_its_halves_are_loosely_joined():
    items = [_plain(i, 0.0) for i in range(4)] + [_plain(i, 1.0) for i in range(4, 8)]
    sim = np.full((8, 8), 0.25)
    sim[:4, :4] = sim[4:, 4:] = 0.5
    labels = np.zeros(8, dtype=int)
    split = split_conflicting(sim, labels, items, _by_vectors().event_grouping())
    assert len(set(split[:4])) == 1 and len(set(split[4:])) == 1 and split[0] != split[4]
    assert (split_conflicting(sim, labels, items, _by_vectors(0.0).event_grouping()) == labels).all()
    dated = [replace(a, date=date(2020, 5, 1)) for a in items]
    # a group whose reports all carry dates is left to the time penalty to tell apart ...
    assert (split_conflicting(sim, labels, dated, _by_vectors().event_grouping()) == labels).all()
    one_undated = [*dated[:7], items[7]]
    assert (split_conflicting(sim, labels, one_undated, _by_vectors().event_grouping()) == split).all()
    # ... unless event_split_dated examines it the same way
    assert (split_conflicting(sim, labels, dated, _by_vectors(dated=True).event_grouping()) == split).all()


def test_a_stored_event_grown_by_another_happenings_reports_is_split_again():
    from newsweave.cluster.stories import StoryState

    # cosine 1 within each happening, cos(1.05) = 0.50 across; the stored event took the second
    # happening's reports two at a time, too few to be seen apart
    first = [_plain(i, 0.0) for i in range(3)]
    second = [_plain(i, 1.05) for i in range(3, 6)]
    stored = [StoryState("e-old", first + second[:2])]
    weights = Weights({}, {})

    def again(config: Config) -> dict[str, str]:
        return group(second[2:], [StoryState(s.id, list(s.members)) for s in stored], weights, config.event_grouping())

    moved = again(_by_vectors())
    assert {moved[a.id] for a in second} != {"e-old"} and len({moved[a.id] for a in second}) == 1
    assert not any(a.id in moved for a in first)  # the earlier piece keeps its id
    assert again(_by_vectors(0.0)) == {"p5": "e-old"}


def test_the_piece_split_off_takes_a_new_id_even_when_its_earliest_report_opened_the_group():
    from newsweave.cluster.stories import StoryState
    from newsweave.text.ids import stable_id

    first = [_plain(i, 0.0) for i in range(3)]
    second = [_plain(i, 1.05) for i in range(3, 6)]
    config = _by_vectors().event_grouping()
    founded = config.prefix + stable_id("story", second[0].id)[:10]  # the id its earliest report gave
    moved = group(second[2:], [StoryState(founded, first + second[:2])], Weights({}, {}), config)
    assert len({moved[a.id] for a in second}) == 1 and moved[second[0].id] != founded


def test_an_undated_group_may_be_split_into_smaller_parts_than_a_dated_one():
    # five reports of each of two happenings: too few for event_split_min, enough undated
    items = [_plain(i, 0.0) for i in range(5)] + [_plain(i, 1.0) for i in range(5, 10)]
    sim = np.full((10, 10), 0.25)
    sim[:5, :5] = sim[5:, 5:] = 0.5
    labels = np.zeros(10, dtype=int)

    def split(articles: list[ArticleFeatures], undated_min: int) -> np.ndarray:
        config = replace(_by_vectors(dated=True), event_split_min=6, event_split_min_undated=undated_min)
        return split_conflicting(sim, labels, articles, config.event_grouping())

    apart = split(items, 5)
    assert len(set(apart[:5])) == 1 and len(set(apart[5:])) == 1 and apart[0] != apart[5]
    assert (split(items, 0) == labels).all()  # the parts of five are too small at 6
    assert (split(items, 4) == apart).all()
    dated = [replace(a, date=date(2020, 5, 1)) for a in items]
    assert (split(dated, 5) == labels).all()  # all dated: parts of six or more


def test_a_dated_part_of_an_undated_group_is_judged_as_a_dated_group():
    # five undated reports apart from ten dated ones of two loosely joined happenings of five
    items = [_plain(i, 0.0) for i in range(15)]
    items = items[:5] + [replace(a, date=date(2020, 5, 1)) for a in items[5:]]
    sim = np.full((15, 15), 0.05)
    sim[:5, :5] = sim[5:10, 5:10] = sim[10:, 10:] = 0.5
    sim[5:10, 10:] = sim[10:, 5:10] = 0.25
    config = replace(_by_vectors(dated=True), event_split_min=6, event_split_min_undated=5).event_grouping()
    split = split_conflicting(sim, np.zeros(15, dtype=int), items, config)
    assert len(set(split[:5])) == 1 and split[0] not in set(split[5:])
    assert len(set(split[5:])) == 1  # the dated ten: parts of five are too small for a dated group


def test_a_dated_group_is_split_where_one_loosely_joined_part_follows_the_other():
    from newsweave.cluster.conflicts import sequential

    items = [_plain(i, 0.0) for i in range(4)] + [_plain(i, 1.0) for i in range(4, 8)]
    sim = np.full((8, 8), 0.25)
    sim[:4, :4] = sim[4:, 4:] = 0.5
    labels = np.zeros(8, dtype=int)
    # the first happening reported in the first week, the second three weeks later
    later = [replace(a, date=date(2020, 5, 1 + i)) for i, a in enumerate(items[:4])] + [
        replace(a, date=date(2020, 5, 22 + i)) for i, a in enumerate(items[4:])
    ]
    assert sequential(later[:4], later[4:]) and sequential(later[4:], later[:4])
    on = _by_vectors().event_grouping()  # split_sequential on by default
    split = split_conflicting(sim, labels, later, on)
    assert len(set(split[:4])) == 1 and len(set(split[4:])) == 1 and split[0] != split[4]
    assert (split_conflicting(sim, labels, later, replace(on, split_sequential=False)) == labels).all()
    # reports of the two parts interleaved in time: facets of one broad happening, kept
    interleaved = [replace(a, date=date(2020, 5, 1 + 2 * (i % 4) + (i >= 4))) for i, a in enumerate(items)]
    assert not sequential(interleaved[:4], interleaved[4:])
    assert (split_conflicting(sim, labels, interleaved, on) == labels).all()
    # as near across as within: one happening, whatever the dates
    assert (split_conflicting(np.full((8, 8), 0.5), labels, later, on) == labels).all()
