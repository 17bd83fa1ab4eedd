"""Actor profiles across stories (newsweave.report.profiles): roles over time, stories, quotes, co-occurrence."""

from __future__ import annotations

from newsweave.records import Actor, Citation, Role, Story, StoryQuote
from newsweave.report.profiles import actor_profiles


def _story(sid, date, actors, quotes=()):
    return Story(
        sid, [f"{sid}-a"], title=f"Story {sid}", first_date=date, last_date=date, actors=actors, quotes=list(quotes)
    )


def test_an_actor_is_one_profile_across_stories_with_roles_in_date_order():
    early = _story(
        "s1",
        "2024-06-01",
        [
            Actor(
                "Yael Ben-Ami",
                "person",
                ["Ben-Ami"],
                4,
                roles=[Role("Foreign Minister", "2024-06-01", [Citation("s1-a", 2)])],
            ),
            Actor("Harbour Authority", "organization", [], 2),
        ],
        [StoryQuote("Ben-Ami", "We will answer", [Citation("s1-a", 3)])],
    )
    late = _story(
        "s2",
        "2024-10-05",
        [Actor("Yaël Ben-Ami", "person", [], 3, roles=[Role("Prime Minister", "2024-10-05", [Citation("s2-a", 0)])])],
    )
    (first, second) = actor_profiles([late, early])
    assert first.key == "yael ben-ami" and first.type == "person" and first.mentions == 7
    assert [r["title"] for r in first.roles] == ["Foreign Minister", "Prime Minister"]
    assert [s["id"] for s in first.stories] == ["s2", "s1"]  # most recent first
    assert [q["text"] for q in first.quotes] == ["We will answer"]  # said under her surname
    assert first.related == [
        {"key": "harbour authority", "name": "Harbour Authority", "type": "organization", "stories": 1}
    ]
    assert second.key == "harbour authority" and second.quotes == []


def test_profiles_can_be_limited_to_some_keys():
    story = _story("s1", None, [Actor("A B", "person", [], 1), Actor("C D", "person", [], 1)])
    assert [p.key for p in actor_profiles([story], keys={"c d"})] == ["c d"]
