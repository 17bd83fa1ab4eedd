"""Whose words a quote is: "he"/"she" stand for the nearest subject of their gender, named or
described; "X quoted Y as saying" gives Y; a name in apposition after the verb is the speaker;
a name never runs across a sentence end. Invented sentences, each with the slip it guards."""

from __future__ import annotations

import pytest

from newsweave.synthesize.persons import names_in, speaker_as_written
from newsweave.synthesize.quotes import extract_quotes, indirect_speech
from newsweave.synthesize.referents import Described, Genders, described_person, resolve


def _quotes(paragraphs: list[str], annotator) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(paragraphs, parse=annotator.clauses.parse)]


def _reported(paragraphs: list[str], annotator) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in indirect_speech(paragraphs, parse=annotator.clauses.parse)]


def test_a_subject_described_as_a_person_is_whom_a_later_pronoun_may_stand_for():
    assert described_person("One woman", "woman") == Described("One woman", "f", "woman")
    assert described_person("a young volunteer", "volunteer") == Described("a young volunteer", None, "volunteer")
    assert described_person("the Valmoran leader", "leader") is not None  # a title word
    assert described_person("the ministry", "ministry") is None
    assert described_person("witnesses", "witnesses", singular=False) is None
    genders = Genders(["Mr. Idris Kell spoke. One woman sorted pears."], ["Idris Kell"])
    woman = Described("One woman", "f", "woman")
    assert resolve("she", ["Idris Kell", woman], genders) is woman
    assert resolve("he", ["Idris Kell", woman], genders) == "Idris Kell"


def test_a_surname_written_with_mrs_and_bare_in_a_text_that_titles_only_women_is_two_people():
    paragraphs = [
        "President Holloway met the delegation.",
        "Mrs. Holloway toured a school.",
        "Holloway praised the talks.",
    ]
    genders = Genders(paragraphs, ["Holloway"])
    assert genders.of("Holloway") is None  # not "f": the bare surname is the president
    assert resolve("he", ["Holloway"], genders) == "Holloway"
    # a text that titles men too ("Mr. Kell") would have titled a man named Holloway: the bare
    # surname is Mrs. Holloway
    both = Genders(["Mr. Kell met the delegation.", "Mrs. Holloway toured a school.", "Holloway spoke."], ["Holloway"])
    assert both.of("Holloway") == "f"
    only_her = Genders(["Mrs. Holloway toured a school.", "“It went well,” Mrs. Holloway said."], ["Holloway"])
    assert only_her.of("Holloway") == "f"


def test_a_name_with_its_given_name_is_not_a_longer_name_ending_the_same_way():
    assert speaker_as_written("Omar Haddad", ["Yusuf Omar Haddad"]) == ("Omar Haddad", "named")
    assert speaker_as_written("Haddad", ["Yusuf Omar Haddad"]) == ("Yusuf Omar Haddad", "named")


def test_a_name_does_not_run_across_the_end_of_a_sentence():
    text = "An officer told him after flying to Port Elden Thursday. Kanal Nine reported it. Gen. Ada Berg agreed."
    found = names_in(text)
    assert "Kanal Nine" in found and "Ada Berg" in found
    assert not any(". " in name for name in found)
    assert speaker_as_written("Nine", found) == ("Kanal Nine", "named")


@pytest.mark.slow
def test_he_and_she_after_an_unnamed_person_are_that_person_not_the_name_before(annotator):
    paragraphs = [
        "Idris Kell, a trader, said prices had risen since the blast.",
        "One woman sorted through a pile of pears. “We cannot stop now,” she said.",
        "One young volunteer stared down the road. “It is tiring work,” he said.",
    ]
    assert _quotes(paragraphs, annotator) == [
        ("We cannot stop now,", "One woman"),
        ("It is tiring work,", "One young volunteer"),
    ]


@pytest.mark.slow
def test_the_object_of_quoted_as_saying_is_the_speaker_not_the_agency(annotator):
    paragraphs = [
        "“The talks will resume in May,” the Valmora news agency quoted Emre Dalton as saying.",
        "The daily Courier quoted witnesses as saying they saw smoke over the harbour.",
    ]
    assert _quotes(paragraphs, annotator) == [("The talks will resume in May,", "Emre Dalton")]
    assert _reported(paragraphs, annotator) == [("they saw smoke over the harbour", "witnesses")]
    pronoun = [
        "Defence Minister Tarn Holloway said the army would stay away from the border.",
        "“We want no confrontation,” his office quoted him as saying.",
    ]
    assert _quotes(pronoun, annotator) == [("We want no confrontation,", "Tarn Holloway")]


@pytest.mark.slow
def test_a_name_in_apposition_after_the_verb_is_the_speaker_and_a_later_he(annotator):
    paragraphs = [
        "Mayor Idris Kell was not in court.",
        "“We will appeal the ruling,” said one of the council's lawyers, Rui Matos. "
        "He said the appeal would be filed on Friday.",
    ]
    assert _quotes(paragraphs, annotator) == [("We will appeal the ruling,", "Rui Matos")]
    assert _reported(paragraphs, annotator) == [("the appeal would be filed on Friday", "Rui Matos")]


@pytest.mark.slow
def test_a_name_of_one_word_that_speaks_is_whom_he_stands_for(annotator):
    paragraphs = [
        "Defence Minister Ismet Koral denied any troop movement.",
        "In Brennick, Dalvo told reporters the decision would come in May. "
        "It was up to the courts to decide the request, he said.",
    ]
    assert _reported(paragraphs, annotator)[-1] == ("It was up to the courts to decide the request", "Dalvo")


@pytest.mark.slow
def test_he_is_the_subject_of_a_clause_before_the_subject_of_a_clause_inside_it(annotator):
    paragraphs = [
        "The standoff could end if the interior minister, Jack Moor, decides that the colonel should be freed. "
        "Last week he said he would settle the question within a month."
    ]
    assert _reported(paragraphs, annotator) == [("he would settle the question within a month", "Jack Moor")]


@pytest.mark.slow
def test_a_described_leader_a_pronoun_stands_for_is_the_titled_person_the_description_fits(annotator):
    paragraphs = [
        "Two leaders, Valmoran President Idris Kell and Orlen President Ada Berg, criticised the arrest.",
        "Tarn Holloway said the arrest was lawful.",
        "The Valmoran leader said he would skip the summit. He later said he would attend after all.",
    ]
    assert _reported(paragraphs, annotator)[-1] == ("he would attend after all", "Idris Kell")


@pytest.mark.slow
def test_a_quote_without_a_verb_after_a_negated_verb_or_a_new_speaker(annotator):
    negated = [
        "“We do not give advice to other countries,” said parliament speaker Anna Weber. "
        "“Europe keeps its traditions.” Valmora has not officially responded to the arrest."
    ]
    assert [speaker for _, speaker in _quotes(negated, annotator)] == ["Anna Weber", "Anna Weber"]
    dismissed = [
        "“It is a matter for the courts,” Tarn Holloway said. The government argued that the senator was immune. "
        "Emre Dalton dismissed the reports. “This is nonsense.”"
    ]
    assert _quotes(dismissed, annotator)[-1] == ("This is nonsense.", "Emre Dalton")
    shouted = ["“Who invited them?” Silvan Roth yelled at the mayor. “We want jobs, not speeches,” the crowd chanted."]
    assert [speaker for _, speaker in _quotes(shouted, annotator)] == ["Silvan Roth", "the crowd"]


@pytest.mark.slow
def test_descriptions_keep_their_hyphens_their_family_ties_and_their_antecedent(annotator):
    paragraphs = [
        "“He was a gentle soul,” said a brother-in-law, who asked not to be named.",
        "Weber's son, Karl, said the family would retain “the best lawyers in the city.”",
        "Hassan Idris, a senior official, said the talks went well. A security official said a meeting was held on "
        "Saturday. The idea was raised at the meeting and on the telephone, the official said.",
        "“The influence of the governors is overwhelming,” said University of Brennick political scientist "
        "Eduardo Lund.",
    ]
    quotes = _quotes(paragraphs, annotator)
    assert quotes[0] == ("He was a gentle soul,", "a brother-in-law")
    assert quotes[1] == ("the best lawyers in the city.", "Weber's son, Karl")
    assert quotes[2] == ("The influence of the governors is overwhelming,", "Eduardo Lund")
    said = dict(_reported(paragraphs, annotator))
    assert said["The idea was raised at the meeting and on the telephone"] == "A security official"
