"""Roles read from the title lexicon and the parse (issue 23): sentences written here, kept as
regression tests; the measure on real articles is ``benchmarks/roles.py``."""

from __future__ import annotations

import pytest

from newsweave.config import Config
from newsweave.synthesize.roles import roles_in_sentence
from newsweave.text.clauses import ClauseSplitter


@pytest.fixture(scope="module")
def splitter() -> ClauseSplitter:
    return ClauseSplitter(Config().spacy_model)


def roles(splitter: ClauseSplitter, sentence: str, name: str) -> list[str]:
    start = sentence.index(name)
    return roles_in_sentence(sentence, start, start + len(name), splitter.parse([sentence])[0])


def test_roles_of_two_titles_a_title_of_several_words_and_a_hyphenated_one(splitter):
    sentence = (
        "Lena Varga, a law professor and director of the Centre for Maritime Law at Orlen University"
        " in Veldmark, said the ruling was wrong."
    )
    start = sentence.index("Lena Varga")
    assert roles_in_sentence(sentence, start, start + len("Lena Varga")) == ["law professor"]
    staff = "Investigators interviewed former Navy chief of staff Jan Morel."
    assert roles(splitter, staff, "Jan Morel") == ["former Navy chief of staff"]
    editor = "Ana Sela , editor-in-chief at the Orlen Courier , said the paper would appeal ."
    assert roles(splitter, editor, "Ana Sela") == ["editor-in-chief at the Orlen Courier"]


def test_a_parsed_apposition_stops_at_the_comma_before_the_name(splitter):
    head = "The head of Orlen Relief , Tomas Brandt , told reporters that aid had to arrive by Thursday ."
    assert roles(splitter, head, "Tomas Brandt") == ["head of Orlen Relief"]


def test_a_long_apposition_with_its_organisation_and_an_abbreviated_title(splitter):
    long = (
        "Ana Sela, communications director of the regional advocacy group Friends of the Orlen Harbour,"
        " or FOH, said the plan would fail."
    )
    start = long.index("Ana Sela")
    assert roles_in_sentence(long, start, start + len("Ana Sela")) == [
        "communications director of the regional advocacy group Friends of the Orlen Harbour"
    ]
    manager = "GM Jan Morel had given the coach two contract extensions."
    assert roles_in_sentence(manager, 3, 3 + len("Jan Morel")) == ["GM"]
