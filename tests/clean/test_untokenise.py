"""Text tokenised the PTB way joined back by the clean stage, and only such text."""

from __future__ import annotations

from newsweave.clean.normalise import normalise_text
from newsweave.clean.untokenise import looks_tokenised, mapped_offset, untokenise, untokenise_mapped

TOKENISED = (
    "ORLEN , Veldmark -LRB- Wire -RRB- - The ferry 's owner said it would `` not sail '' , "
    "and the crew do n't know when .\nThe harbour closed at 10 . 15 , officials said ."
)


def test_tokenised_text_is_joined_back_line_by_line():
    assert untokenise(TOKENISED) == (
        "ORLEN, Veldmark (Wire) - The ferry's owner said it would “not sail”, "
        "and the crew don't know when.\nThe harbour closed at 10.15, officials said."
    )
    assert untokenise("That is Lena ’ s lawyer .") == "That is Lena’s lawyer."


def test_only_text_that_reads_as_tokenised_is_taken_for_it():
    assert looks_tokenised(TOKENISED)
    assert looks_tokenised("A fire -LRB- the third -RRB- broke out")
    running = "The ferry's owner said it would not sail, and the crew (all 12) stayed. Pay is 10.15 an hour, he said."
    assert not looks_tokenised(running)
    mostly_written = "Bullets : one , two , three.\nBut most of the text is written, as text is, normally, here."
    assert not looks_tokenised(mostly_written)


def test_the_clean_stage_joins_a_tokenised_text_and_leaves_others_as_they_were():
    assert normalise_text(TOKENISED) == untokenise(TOKENISED)
    plain = "He said: ``We will sail.'' The crew (all 12) agreed , mostly."
    assert normalise_text(plain) == "He said: “We will sail.” The crew (all 12) agreed , mostly."


def test_offsets_into_the_tokenised_text_map_onto_the_joined_text():
    text, where = untokenise_mapped(TOKENISED)
    for word in ("Veldmark", "Wire", "ferry", "owner", "crew", "officials"):
        start = TOKENISED.index(word)
        assert text[mapped_offset(where, start) : mapped_offset(where, start + len(word))] == word
    start = TOKENISED.index("ferry 's owner")
    assert text[mapped_offset(where, start) : mapped_offset(where, start + len("ferry 's owner"))] == "ferry's owner"


SPACED = (
    "Veldt met Ana Mi - ro , the mayor , and Oona Pell - and no one else .\n"
    '" Nobody knows what we will do , " she said , " really .\n'
    'But we will see . "\n'
    "\n"
    "She called it ' a bad deal ' , not the ports ' 1990 charter .\n"
    'A " stray mark .'
)


def test_spaced_straight_quotes_of_tokenised_text_are_paired_within_a_paragraph():
    text = untokenise(SPACED)
    assert "“Nobody knows what we will do,” she said, “really.\nBut we will see.”" in text
    assert "She called it ‘a bad deal’, not the ports’ 1990 charter." in text
    assert 'A " stray mark.' in text  # one mark alone in its paragraph: left as it was
    assert untokenise('" We sail , " Pell said .\n" On Monday .\n"\nShe left .') == (
        "“We sail,” Pell said.\n“On Monday.\n”\nShe left."
    )  # a closing mark alone on its line
    mixed = "He said ‘ the ferry ' is late , and ‘ we sail ' .\n“ Late , \" she said ."
    assert untokenise(mixed) == 'He said ‘the ferry’ is late, and ‘we sail’.\n“Late, " she said.'
    over_two = 'Pell wrote : " If it rains , we stay .\n\n" We sail on Monday . "\n\nA " stray mark .'
    assert untokenise(over_two) == 'Pell wrote: “If it rains, we stay.\n\n“We sail on Monday.”\n\nA " stray mark.'
    assert looks_tokenised(SPACED) and normalise_text(SPACED) == text


def test_a_spaced_hyphen_is_joined_in_a_name_only():
    text = untokenise(SPACED)
    assert "Ana Mi-ro" in text  # "ro" stands nowhere else on its own
    assert "Oona Pell - and" in text  # "and" does
    aside = "Ana Crews - most on foot , some riding - left .\nThe crews left , and Ana Mi - ro stayed ."
    assert untokenise(aside) == "Ana Crews - most on foot, some riding - left.\nThe crews left, and Ana Mi-ro stayed."
    assert (
        untokenise("It is good news for the World - big progress !") == "It is good news for the World - big progress!"
    )


def test_marks_that_do_not_pair_are_left_as_they_were():
    unpaired = 'He said " , and then .\n" it went on , he said .'  # a closing mark where one opens
    assert untokenise(unpaired) == 'He said ", and then.\n" it went on, he said.'


def test_running_text_with_straight_quotes_and_hyphens_is_not_changed():
    running = (
        'Veldt said "we will sail," and Mi - ro agreed. "Yes," said Pell.\n'
        "The ports' charter is 'a bad deal', the Ana Mi-ro side - and others - said, as they did."
    )
    assert not looks_tokenised(running)
    assert normalise_text(running) == running


def test_a_sentence_a_line_pairs_marks_within_each_line_and_not_past_a_mark_against_a_word():
    lines = (
        "The old pier fell in overnight , the wardens said .\n"
        '"It is very , very sad , " Pell said .\n'
        '"We will build it again , " the mayor said .\n'
        '" We sail , " Ana said .\n'
    )
    text = untokenise(lines)
    assert '"It is very, very sad, " Pell said.' in text  # a mark against a word: the line left
    assert '"We will build it again, " the mayor said.' in text
    assert "“We sail,” Ana said." in text  # a line whose marks pair alone
    assert "“Pell" not in text and "“the mayor" not in text


def test_straight_single_marks_between_words_in_ptb_text_open_nothing():
    text = untokenise(
        "They were ` ` glad , '' singin ' and dancin ' all night .\n"
        "She said : ' I am glad ' .\nHe had to say ' I am ' ."
    )
    assert "singin’ and dancin’ all night." in text
    assert "She said: ‘I am glad’." in text  # one after a colon still opens
    assert "He had to say ‘I am’." in text  # and one before a capital
