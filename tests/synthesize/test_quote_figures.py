"""Quote figures: the numbers a quote gives, and whether two wordings give different ones."""

from __future__ import annotations

from newsweave.synthesize.quote_figures import Figure, figures, figures_differ


def test_a_figure_is_scaled_by_the_word_after_it_and_bounded_by_the_words_before_it():
    assert figures("the repairs have cost $48m so far") == (Figure(48e6),)
    assert figures("about 2.5 billion litres") == (Figure(2.5e9, "approx"),)
    assert figures("as many as 1,200 boats, more than 30 harbours") == (Figure(1200, "upper"), Figure(30, "lower"))
    assert figures("in the 3rd week, at 10am") == ()  # letters that scale nothing: no figure
    assert figures("12,000 tonnes (26.4m pounds)") == (Figure(12000),)  # a conversion in brackets is the writer's


def test_two_wordings_with_different_figures_differ_and_a_shorter_one_with_none_or_fewer_does_not():
    assert figures_differ("the ferry carried 412 people", "the ferry carried 421 people")
    assert figures_differ("it has spent $48m on the clean-up", "the clean-up will cost about $120m")
    assert not figures_differ("it has spent $48m on the clean-up", "it has spent heavily on the clean-up")
    assert not figures_differ("412 people on board and 12 crew", "412 people on board")  # cut shorter
    assert not figures_differ("around 6,000 tonnes a day", "6,300 tonnes a day")  # an estimate, within the margin
    assert figures_differ("around 6,000 tonnes a day", "9,000 tonnes a day")
    assert not figures_differ("more than $2bn", "$2.1 billion")
    assert figures_differ("more than $2bn", "$7 billion")  # a floor admits nothing far past it
    assert figures_differ("as much as 800 tonnes a day", "15,000 tonnes a day within 90 days")
