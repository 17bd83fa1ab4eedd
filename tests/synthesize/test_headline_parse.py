"""Headlines cut along the dependency parse (issue 22, titles): sentences written here, kept as
regression tests; the measure on real articles is ``benchmarks/headlines.py``."""

from __future__ import annotations

import pytest

from newsweave.config import Config
from newsweave.synthesize.headline_parse import headline_from_parse
from newsweave.synthesize.headlines import headline_from_text, title_problem
from newsweave.text.clauses import ClauseSplitter


@pytest.fixture(scope="module")
def splitter() -> ClauseSplitter:
    return ClauseSplitter(Config().spacy_model)


def cut(splitter: ClauseSplitter, text: str, most: int = 14) -> str | None:
    return headline_from_parse(text, splitter.parse([text])[0], most)


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        # trailing attribution and a time phrase go; what was said stays
        (
            "The Eastbrook council approved a new harbour bridge on Monday, officials said.",
            "The Eastbrook council approved a new harbour bridge",
        ),
        # a relative clause and a fronted adverbial clause go
        (
            "After a long night of talks, the ferry union, which represents 900 crews, called off its strike.",
            "The ferry union called off its strike",
        ),
        # an apposition goes
        (
            "Ada Quill, the mayor of Eastbrook, resigned from the harbour board on Tuesday.",
            "Ada Quill resigned from the harbour board",
        ),
        # a verb's last phrase goes when the verb keeps its object; a name after its title stays
        (
            "Police in Northvale arrested the former port director Tom Vale at his home on a warrant "
            "from the Eastbrook prosecutors.",
            "Police in Northvale arrested the former port director Tom Vale",
        ),
    ],
)
def test_optional_parts_go_and_the_clause_stays(splitter, sentence, headline):
    assert cut(splitter, sentence) == headline


def test_a_speaker_who_leads_the_sentence_stays(splitter):
    # "The company reported that ..." : the speaker is the news, the clause is not cut out of it
    text = "Northvale Shipping reported that its quarterly profit rose 40 percent."
    assert cut(splitter, text) == "Northvale Shipping reported that its quarterly profit rose 40 percent"


def test_a_needed_phrase_of_the_verb_is_never_cut_off(splitter):
    # "answer for the fees" is all the verb has: the phrase stays, so the headline is the whole
    # clause or none, never "... may have to answer"
    text = (
        "Members of the Eastbrook council may have to answer for the fees they took from the harbour company "
        "over the years."
    )
    assert cut(splitter, text, most=20) == "Members of the Eastbrook council may have to answer for the fees"
    assert cut(splitter, text, most=6) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "It was the worst storm the harbour had seen in forty years.",  # a pronoun names nothing
        "All are being counted as casualties of the flood.",  # a bare determiner
        "Here is a timeline of the strike at the Eastbrook docks.",  # a subject after its verb
        "Criminal charges for the collapse of the northern bridge.",  # no finite verb
    ],
)
def test_sentences_that_make_no_headline(splitter, sentence):
    assert cut(splitter, sentence) is None


def test_a_compound_word_is_not_split(splitter):
    # "stick-wielding", "self-styled": the first part is not a phrase to drop
    text = "A stick-wielding gang attacked people waiting for food at the Eastbrook depot."
    headline = cut(splitter, text)
    assert headline is not None and "stick-wielding gang" in headline


def test_a_quote_left_open_makes_no_headline(splitter):
    text = "The rebels are now taking the roads to the capital,” the commander said of the advance."
    headline = cut(splitter, text, most=20)
    assert headline is None or title_problem(headline) is None and "”" not in headline


def test_headline_from_text_uses_the_parse_when_given(splitter):
    sentences = ["The Eastbrook council approved a new harbour bridge on Monday, officials said."]
    assert headline_from_text(sentences, parse=splitter.parse) == "The Eastbrook council approved a new harbour bridge"


def test_where_the_parse_makes_none_the_word_shape_cut_is_used(splitter):
    # the parse refuses a sentence whose subject follows its verb; the word-shape cut still gives one
    sentences = ["Here is the plan for the new harbour bridge that the council approved on Monday."]
    with_parse = headline_from_text(sentences, parse=splitter.parse)
    assert with_parse == headline_from_text(sentences)
    assert with_parse


def test_a_page_stamp_marks_a_built_headline_as_glued_but_a_title_may_name_a_time():
    from newsweave.synthesize.headlines import looks_glued

    assert looks_glued("Council approves harbour bridge June 2031 17.37 BST Work begins")
    assert title_problem("Ferry leaves Eastbrook at 4:14 a.m. EDT") is None  # an article's own title
    assert title_problem("Harbour shares climb to $2.35") is None


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        # the attribution alone is no headline: what was said names nothing, so no cut of it is used
        ("Nobody was hurt when the old harbour crane collapsed on Monday, police said.", None),
        # a time phrase that is all the verb has stays, beside another one or "according to"
        ("The ferry strike in Eastbrook lasted for two weeks.", "The ferry strike in Eastbrook lasted for two weeks"),
        ("The ferry strike lasted for two weeks, according to the union.", "The ferry strike lasted for two weeks"),
        # a quotation with no subject before its speaker, or nothing reported: no headline
        ('"Expect more delays," the port director said.', None),
        ('"No comment," the port director said.', None),
        # a cut inside a quotation leaves no full stop and no space before the closing mark
        (
            'The mayor said: "We will rebuild the bridge before the winter comes."',
            'The mayor said: "We will rebuild the bridge"',
        ),
    ],
)
def test_cuts_that_would_strand_or_garble_are_not_made(splitter, sentence, headline):
    assert cut(splitter, sentence, most=20) == headline


def test_an_age_keeps_its_number_and_a_dropped_aside_leaves_no_empty_brackets(splitter):
    aged = cut(splitter, "A 20-year-old student has died in Eastbrook after the flood, officials said.")
    assert aged is not None and "20-year-old student" in aged
    bracket = "The Eastbrook Port Authority (EPA) denied that any new deal had been struck with the ferry union."
    headline = cut(splitter, bracket, most=20)
    assert headline is not None and "( )" not in headline and "()" not in headline


@pytest.mark.parametrize(
    ("text", "glued"),
    [
        ("The clean-up costs are mounting for Acme Acme said the bill would rise", True),
        ("Acme Acme's shares fell", True),
        ("JANE ROE The council voted to close the harbour", True),
        ("NATO agrees to take command in Northvale", False),
        ("US and UK troops leave the harbour", False),
    ],
)
def test_a_built_headline_with_the_seam_of_glued_lines_is_refused(text, glued):
    from newsweave.synthesize.headlines import looks_glued

    assert looks_glued(text) is glued


def test_a_sentence_whose_subject_names_nothing_is_passed_over_for_the_next(splitter):
    sentences = [
        "All are being counted as casualties of the flood that hit the lower town of Eastbrook last week.",
        "The Eastbrook flood killed 40 sea birds and two seals, wildlife officials said.",
    ]
    headline = headline_from_text(sentences, parse=splitter.parse)
    assert headline.startswith("The Eastbrook flood killed")
