"""The one reading of the demonym rule data, as every stage sees it."""

from __future__ import annotations

from newsweave.synthesize.demonyms import demonym_rules, demonym_state, demonyms, nationalities


def test_a_nationality_word_names_its_state_in_the_singular_or_plural_and_any_case():
    word, state = next(iter(demonym_rules()["demonyms"].items()))
    assert demonym_state(word.title()) == state
    assert demonym_state(word.title() + "s") == state
    assert demonym_state("Harbourmaster") is None


def test_nationalities_hold_the_words_the_states_and_their_other_names():
    data = demonym_rules()
    state, others = next(iter(data["state_names"].items()))
    assert demonyms() <= nationalities()
    assert {state.lower(), *(o.lower() for o in others)} <= nationalities()
    assert all(s.lower() in nationalities() for s in data["demonyms"].values())
