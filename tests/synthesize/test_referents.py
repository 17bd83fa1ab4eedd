"""Which person "he" or "she" stands for: gender read from the article itself."""

from __future__ import annotations

from newsweave.synthesize.referents import Genders, resolve


def test_gender_comes_from_honorifics_nouns_and_pronouns_of_sentences_naming_one_person():
    paragraphs = [
        "Mr. Tarn Holloway opened the session.",
        "Vesna Roque, a spokeswoman for the council, disagreed.",
        "Idris Kell arrived late. He had been in Brennick all week.",
        "Oona Pell and Idris Kell met on Friday; she left early.",
        "Lior Bast spoke briefly.",
    ]
    genders = Genders(paragraphs, ["Tarn Holloway", "Vesna Roque", "Idris Kell", "Oona Pell", "Lior Bast"])
    assert genders.of("Tarn Holloway") == "m"
    assert genders.of("Vesna Roque") == "f"
    assert genders.of("Idris Kell") == "m"
    assert genders.of("Oona Pell") is None  # the only "she" is in a sentence naming two people
    assert genders.of("Lior Bast") is None


def test_pronouns_inside_quotation_marks_tell_nothing_of_the_person_named():
    paragraphs = ["“She will win,” Tarn Holloway said of his rival."]
    assert Genders(paragraphs, ["Tarn Holloway"]).of("Tarn Holloway") == "m"


def test_a_shared_surname_is_read_only_with_the_first_name():
    paragraphs = ["Ada Morrow spoke first. Morrow said she was ready.", "Ben Morrow listened. He nodded."]
    genders = Genders(paragraphs, ["Ada Morrow", "Ben Morrow"])
    assert genders.of("Ada Morrow") is None  # "Morrow said she" may be either of them
    assert genders.of("Ben Morrow") == "m"


def test_a_pronoun_skips_the_last_subject_of_the_other_gender_and_unknown_when_none_agrees():
    paragraphs = ["Ms. Vesna Roque spoke.", "Mr. Tarn Holloway replied."]
    genders = Genders(paragraphs, ["Vesna Roque", "Tarn Holloway"])
    subjects = ["Vesna Roque", "Tarn Holloway"]
    assert resolve("she", subjects, genders) == "Vesna Roque"
    assert resolve("he", subjects, genders) == "Tarn Holloway"
    assert resolve("she", ["Tarn Holloway"], genders) is None
    assert resolve("he", ["Lior Bast"], genders) == "Lior Bast"  # unmarked: agrees with both


def test_past_a_person_of_the_other_gender_only_one_given_this_gender_is_taken():
    paragraphs = ["Lior Bast spoke briefly.", "Ms. Vesna Roque spoke.", "Mr. Tarn Holloway replied."]
    genders = Genders(paragraphs, ["Lior Bast", "Vesna Roque", "Tarn Holloway"])
    # "she" after Holloway: Bast, whose gender the text does not give, is not taken past him
    assert resolve("she", ["Lior Bast", "Tarn Holloway"], genders) is None
    assert resolve("she", ["Vesna Roque", "Lior Bast", "Tarn Holloway"], genders) == "Vesna Roque"
    assert resolve("she", ["Tarn Holloway", "Lior Bast"], genders) == "Lior Bast"  # the last one: taken


def test_a_surname_with_an_honorific_of_the_other_gender_is_not_the_woman_of_that_name():
    from newsweave.synthesize.persons import People, persons_of, speaker_as_written
    from newsweave.synthesize.quotes import extract_quotes

    paragraphs = [
        "President Holloway and Vesna Holloway, the first lady, welcomed the delegation.",
        "Mr. Holloway praised the talks. He said they had gone well.",
        "“We will meet again in May,” Mr. Holloway said.",
        "“It was a warm visit for all of us,” Mrs. Holloway said.",
    ]
    genders = Genders(paragraphs, ["Vesna Holloway"])
    assert genders.of("Vesna Holloway") == "f"  # the first lady; "Mr. Holloway" is someone else
    assert genders.of("Holloway") == "m"  # the surname alone, where her first name does not come before it
    assert not genders.agrees("Mr. Holloway", "Vesna Holloway")
    assert not genders.agrees("Holloway", "Vesna Holloway")
    assert genders.agrees("Mrs. Holloway", "Vesna Holloway")
    assert speaker_as_written("Mr. Holloway", ["Vesna Holloway"], genders.agrees) == ("Holloway", "named")
    assert speaker_as_written("Mrs. Holloway", ["Vesna Holloway"], genders.agrees) == ("Vesna Holloway", "named")
    people = People({"Vesna Holloway": "Vesna Holloway", "Holloway": "Vesna Holloway"}, frozenset())
    assert persons_of([(0, "Mr. Holloway")], people, genders.agrees) == [(0, "Holloway")]
    assert persons_of([(0, "Mrs. Holloway")], people, genders.agrees) == [(0, "Vesna Holloway")]
    speakers = [q.speaker for q in extract_quotes(paragraphs, people)]
    assert speakers == ["Holloway", "Vesna Holloway"]


def test_a_surname_the_text_gives_one_gender_throughout_stands_for_the_full_name():
    paragraphs = ["Ms. Vesna Roque spoke first.", "“We are ready for the vote,” Ms. Roque said. She left."]
    genders = Genders(paragraphs, ["Vesna Roque"])
    assert genders.of("Vesna Roque") == "f"
    assert genders.agrees("Ms. Roque", "Vesna Roque") and genders.agrees("Roque", "Vesna Roque")
    assert not genders.agrees("Mr. Roque", "Vesna Roque")
