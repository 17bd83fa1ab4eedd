"""Tallies counted by any noun, and updates of a count told apart from disagreements.

The sentences here are written for these tests: regression tests only, not evidence of accuracy
(that is benchmarks/count_updates.py on Timeline17)."""

from __future__ import annotations

from datetime import date

import numpy as np

from newsweave.records import Sentence
from newsweave.synthesize.disagreements import number_conflicts
from newsweave.synthesize.tallies import Count, counts, relation, updates


def _thing(text: str) -> dict[str, float]:
    return {c.thing: c.value for c in counts(text)}


def test_casualty_counts_are_one_tally_whatever_the_noun_or_construction():
    assert _thing("The explosion killed 12 workers at the plant.") == {"dead": 12.0}
    assert _thing("Police said 15 people died in the explosion.") == {"dead": 15.0}
    assert _thing("The death toll from the blast has risen to 12.") == {"dead": 12.0}
    assert _thing("At least 40 were wounded and three remain missing.") == {"injured": 40.0, "missing": 3.0}
    assert _thing("Officers detained 8 protesters near the square.") == {"arrested": 8.0}


def test_dates_units_and_other_things_are_not_tallies():
    assert _thing("The April 20 blast killed 11 workers.") == {"dead": 11.0}  # 20 is a day of April
    assert _thing("He was killed in a fire that destroyed 12 homes.") == {"home": 12.0}
    assert _thing("The plant was shut for 12 days after the blast killed workers.") == {}


def test_a_noun_counted_after_the_names_that_qualify_it_is_that_noun():
    assert _thing("A warship captured 26 Somali pirates.") == {"pirate": 26.0}
    assert _thing("Officials met 3 New Zealand ministers.") == {"minister": 3.0}
    assert _thing("There were 40 Democrats voting against it.") == {"democrat": 40.0}  # the plural is the noun
    assert _thing("The rig exploded on 20 April and burned.") == {}  # a day and its month
    assert _thing("Officers found 12 Texas firefighters.") == {"firefighter": 12.0}  # a place ending in s
    assert _thing("Guides led 3 Swiss climbers.") == {"climber": 3.0}
    assert _thing("A patrol of 3 US soldiers was hit.") == {"soldier": 3.0}
    assert _thing("Police held 10 Iranians near the port.") == {"iranian": 10.0}


def test_bounds_and_daily_counts_are_read():
    [count] = counts("At least 60 people have been killed, officials said.")
    assert count.bound == "lower" and count.value == 60.0
    [count] = counts("Activists said 28 civilians were killed on Sunday.")
    assert count.daily
    assert updates("The death toll rose to 30.") and not updates("The toll was 30.")


def test_a_later_higher_tally_is_an_update_a_same_day_difference_a_conflict():
    a, b = Count("dead", 12.0, tally=True), Count("dead", 15.0, tally=True)
    day, later = date(2024, 5, 1), date(2024, 5, 3)
    assert relation(a, b, day, later) == "update"
    assert relation(b, a, later, day) == "update"  # the later report is the higher one
    assert relation(a, b, day, day) == "conflict"
    assert relation(a, b, day, day, cue_b=True) == "update"  # "rose to 15" the same day
    assert relation(b, Count("dead", 12.0, tally=True), day, later) == "conflict"  # fell, no word of a revision
    assert relation(Count("dead", 12.0, "lower", True), b, day, day) == "consistent"
    assert relation(a, Count("dead", 400.0, tally=True), day, day) == "unrelated"
    assert relation(Count("dead", 12.0, tally=True, daily=True), b, day, later) == "unrelated"


def _claims(texts: list[tuple[str, str]]) -> list[Sentence]:
    return [Sentence(aid, 0, text, "body", 0, len(text)) for aid, text in texts]


def test_two_outlets_counting_the_dead_with_different_nouns_disagree_with_both_cited():
    claims = _claims([("a", "The explosion killed 12 workers at the plant."), ("b", "Police said 15 people died.")])
    same = np.ones((2, 1))
    day = date(2024, 5, 1)
    [found] = number_conflicts(claims, same, dates={"a": day, "b": day}, outlets={"a": "A", "b": "B"})
    assert (found.kind, found.about) == ("number", "death toll")
    assert [side.citations[0].article for side in found.sides] == ["a", "b"]


def test_a_toll_that_rises_in_a_later_report_is_an_update_in_date_order_not_a_disagreement():
    claims = _claims(
        [("late", "The death toll from the explosion rose to 15."), ("early", "The explosion killed 12 workers.")]
    )
    dates = {"early": date(2024, 5, 1), "late": date(2024, 5, 2)}
    [found] = number_conflicts(claims, np.ones((2, 1)), dates=dates, outlets={"early": "A", "late": "B"})
    assert found.kind == "update"
    assert [side.citations[0].article for side in found.sides] == ["early", "late"]


def test_one_outlet_giving_two_numbers_the_same_day_is_no_disagreement_between_outlets():
    claims = _claims([("a", "The explosion killed 12 workers."), ("b", "Police said 15 people died.")])
    day = date(2024, 5, 1)
    assert number_conflicts(claims, np.ones((2, 1)), dates={"a": day, "b": day}, outlets={"a": "A", "b": "A"}) == []


def test_now_alone_does_not_make_a_sentence_an_update():
    assert updates("The death toll now stands at 15.")
    assert updates("The death toll rose to 15 on Tuesday.")
    assert not updates("Police said 15 people died at the plant, which is now closed.")


def test_a_higher_count_later_is_an_update_only_for_a_running_total_or_with_a_word_of_update():
    day, later = date(2024, 5, 1), date(2024, 5, 3)
    [price] = counts("Shares closed at 300 pence on the day.")
    [higher] = counts("Shares closed at 320 pence after the report.")
    assert not price.running and not higher.running
    assert relation(price, higher, day, later) == "unrelated"  # a price is no total that only grows
    assert relation(price, higher, day, later, cue_b=True) == "update"  # "rose to 320": said to update it
    [so_far] = counts("The virus has spread to 20 countries.")
    [more] = counts("The virus has now been found in 24 countries.")
    assert so_far.running and more.running
    assert relation(so_far, more, day, later) == "update"
    [toll] = counts("The blast killed 12 workers.")
    assert toll.running  # a tally is a running total whatever the sentence's tense


def test_a_price_rising_in_a_later_report_is_flagged_neither_as_update_nor_disagreement():
    claims = _claims([("early", "Shares closed at 300 pence."), ("late", "Shares closed at 320 pence.")])
    dates = {"early": date(2024, 5, 1), "late": date(2024, 5, 2)}
    assert number_conflicts(claims, np.ones((2, 1)), dates=dates, outlets={"early": "A", "late": "B"}) == []


def test_a_count_is_a_running_total_by_a_perfect_or_a_cue_in_its_own_clause_not_by_has_alone():
    def told(text: str) -> dict[str, bool]:
        return {c.thing: c.running for c in counts(text)}

    assert told("The chain has 300 stores in 12 states.") == {"store": False, "state": False}
    assert told("The chain has opened 300 stores in 12 states.") == {"store": True, "state": True}
    assert told("Some 39 towns have now reported 800 cases.") == {"town": True, "case": True}
    # the perfect is in another clause: the count is not told as a total so far
    assert told("The fund has raised its target, and officials said 12 offices opened.") == {"office": False}
    assert told("Officials have said they expect the flood to reach 50 villages.") == {"village": False}
    # an auxiliary shared by two joined verbs
    assert told("The storm has flooded 300 homes, most near the coast, and damaged 40 bridges.") == {
        "home": True,
        "bridge": True,
    }
    assert told("Sales so far reached 40 units.")["unit"]
