"""Two happenings in one group: parts whose prominent names the other part never mentions."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np

from newsweave.cluster.conflicts import parts_conflict, salient_names, split_conflicting
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


def _report(i: int, opponent: str, town: str = "arena") -> ArticleFeatures:
    names = frozenset({"champion", opponent, town})
    return ArticleFeatures(
        f"a{i}", np.asarray((1.0, 0.0), np.float32), names, None, {}, salient_people=frozenset({"champion", opponent})
    )


def _events() -> Config:
    return Config(event_split_share=0.4, event_split_foreign=0.25, event_split_min=3)


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
    assert len(set(group(items, [], weights, Config(event_split_share=0.0).event_grouping()).values())) == 1


def test_a_new_group_does_not_join_an_event_it_conflicts_with():
    from newsweave.cluster.stories import StoryState

    stored = StoryState("e-first", [_report(i, "askeland") for i in range(4)])
    new = [_report(i, "dubreuil") for i in range(4, 8)]
    weights = Weights({"champion": 1.0, "arena": 1.0, "askeland": 3.0, "dubreuil": 3.0}, {})
    apart = group(new, [StoryState(stored.id, list(stored.members))], weights, _events().event_grouping())
    assert len(set(apart.values())) == 1 and "e-first" not in apart.values()
    off = Config(event_split_share=0.0).event_grouping()
    assert set(group(new, [StoryState(stored.id, list(stored.members))], weights, off).values()) == {"e-first"}
