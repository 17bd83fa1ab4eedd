"""Ordering a story's undated events by what their texts say (written text, invented names)."""

from __future__ import annotations

import pytest

from newsweave.clean.article import clean_article
from newsweave.records import Event, RawArticle, StoryMaterial
from newsweave.synthesize.event_order import event_people, in_order

FIRST = [
    "Foreign Minister Ida Quellin will visit Marrow on Thursday, her office said.\n\n"
    "Quellin will meet her counterpart to discuss the harbour treaty.\n\nQuellin last visited in 2019.\n",
    "Quellin lands in Marrow for harbour talks.\n\nForeign Minister Ida Quellin arrived on Thursday.\n\n"
    "Quellin said the treaty was close.\n",
]
LATER = [
    "Defence Minister Rolf Vantorre flew to Marrow on Wednesday on an official visit.\n\n"
    "Vantorre is expected to sign the harbour treaty.\n\n"
    "Earlier this year, Foreign Minister Ida Quellin held talks there.\n\nVantorre said the talks went well.\n",
]


def _material(annotator, texts):
    articles = [clean_article(RawArticle(source=f"{i}.txt", text=t)) for i, t in enumerate(texts)]
    done = {a.article_id: a for a in annotator.annotate(articles)}
    return StoryMaterial(
        "s1", articles, {a.id: done[a.id].sentences for a in articles}, {a.id: done[a.id].entities for a in articles}
    )


@pytest.mark.slow
def test_an_undated_event_that_recalls_another_ones_actor_comes_after_it(annotator):
    material = _material(annotator, FIRST + LATER)
    ids = [a.id for a in material.articles]
    first = Event("e-b", title="Quellin in Marrow", articles=ids[:2])
    later = Event("e-a", title="Vantorre in Marrow", articles=ids[2:])
    assert event_people(first.articles, material.entities).principal == "quellin"
    assert "quellin" in event_people(later.articles, material.entities).recalled  # "Earlier this year, ... Quellin"
    assert "quellin" not in event_people(first.articles, material.entities).recalled  # before "in 2019": an actor
    ordered = in_order([later, first], material)
    assert [e.id for e in ordered] == ["e-b", "e-a"]
    assert ordered[0].evidence == []
    assert any("recalls Ida Quellin" in why and "Quellin in Marrow" in why for why in ordered[1].evidence)
    assert [e.id for e in in_order([first, later], material)] == ["e-b", "e-a"]  # whatever order they come in


def test_events_without_recalls_keep_their_order_by_dates_then_by_the_dates_they_mention():
    material = StoryMaterial("s1", [], {}, {})
    dated = Event("e-z", first_date="2024-05-02", last_date="2024-05-03")
    early = Event("e-y", first_date="2024-04-01")
    bounded = Event("e-a", not_before="2024-05-20")
    bare = Event("e-b")
    assert [e.id for e in in_order([bounded, dated, bare, early], material)] == ["e-y", "e-z", "e-b", "e-a"]
    assert [e.id for e in in_order([bounded, dated, bare, early])] == ["e-y", "e-z", "e-b", "e-a"]


def test_a_later_event_inherits_the_bound_of_the_event_it_follows():
    from newsweave.records import Entity, Sentence

    def mention(article, sentence, text, label, start):
        return Entity(article, sentence, text, label, start, start + len(text))

    entities = {
        "a1": [mention("a1", 0, "Ida Quellin", "PERSON", 0), mention("a1", 1, "Quellin", "PERSON", 40)],
        "a2": [
            mention("a2", 0, "Rolf Vantorre", "PERSON", 0),
            mention("a2", 1, "Vantorre", "PERSON", 30),
            mention("a2", 2, "last month", "DATE", 60),
            mention("a2", 2, "Quellin", "PERSON", 75),
        ],
    }
    sentences = {"a2": [Sentence("a2", 2, "Also last month, Quellin met the mayor.", "body", 60, 100)]}
    material = StoryMaterial("s1", [], sentences, entities)
    first = Event("e-2", title="Quellin's visit", not_before="2024-03-09", articles=["a1"])
    later = Event("e-1", title="Vantorre's visit", articles=["a2"])
    ordered = in_order([later, first], material)
    assert [e.id for e in ordered] == ["e-2", "e-1"]
    assert ordered[1].not_before == "2024-03-09"
    assert ordered[1].evidence[0].startswith("after 'Quellin's visit': article a2 recalls Quellin")
    assert ordered[1].evidence[1] == "not before 2024-03-09, as 'Quellin's visit' it follows"
