"""Sentences are split as spaCy's sentencizer splits them, with its full lexeme attributes."""

from __future__ import annotations

import json

import pytest

from newsweave.clean.article import clean_article
from newsweave.records import RawArticle, clean_text

from ..conftest import SHARED

TOPIC = SHARED / "data" / "timeline17" / "bpoil_reuters" / "articles.jsonl"


@pytest.mark.slow
@pytest.mark.skipif(not TOPIC.exists(), reason="Timeline17 is not in ../shared")
def test_the_splitter_without_lexeme_attributes_splits_as_the_full_blank_pipeline(annotator):
    # the splitter keeps only the punctuation flag of its words' lexemes; a blank English
    # pipeline with every attribute must split real news lines at the same places
    import spacy

    rows = [json.loads(line) for line in TOPIC.read_text("utf-8").splitlines()[:40]]
    articles = [clean_article(RawArticle(source=r["id"], text=r["text"], id=r["id"])) for r in rows]
    articles = [a for a in articles if a is not None]
    full = spacy.blank("en")
    full.add_pipe("sentencizer")
    lines = [line.text for a in articles for line in a.body]
    expected = [[(s.start_char, s.end_char) for s in doc.sents] for doc in full.pipe(lines)]
    got = [[(s.start_char, s.end_char) for s in doc.sents] for doc in annotator.splitter.pipe(lines)]
    assert len(lines) > 300 and sum(map(len, got)) > len(lines)
    assert got == expected
    assert len(annotator.splitter.vocab.lex_attr_getters) < len(full.vocab.lex_attr_getters)


def test_a_sentence_ending_with_a_place_abbreviation_is_cut_there(annotator):
    text = (
        "The bakery chain opened its first shop in Harbourton, N.H. Corvane Mills sold flour to it. "
        "The Harbourton, N.H. Mayor Tom Poe agreed. In Harbourton, N.H., the council met. "
        "Envoys from Pellin, N.B. Deputy Mayor Ida Roos among them, came. "
        "Leaders of Tarvia, U.K. Prime Minister Ann Lo and others met. "
        "Troops from Tarvia, U.S. Forces Korea said, were ready. "
        "Allies including Veldmark, U.S. Navy ships and others sailed."
    )
    article = clean_article(RawArticle(source="x", text=text, id="x"))
    sentences = [s.text for s in annotator.split(article)]
    assert sentences == [
        "The bakery chain opened its first shop in Harbourton, N.H.",
        "Corvane Mills sold flour to it.",
        "The Harbourton, N.H. Mayor Tom Poe agreed.",
        "In Harbourton, N.H., the council met.",
        "Envoys from Pellin, N.B. Deputy Mayor Ida Roos among them, came.",
        "Leaders of Tarvia, U.K. Prime Minister Ann Lo and others met.",
        "Troops from Tarvia, U.S. Forces Korea said, were ready.",
        "Allies including Veldmark, U.S. Navy ships and others sailed.",
    ]
    assert all(clean_text(article)[s.start : s.end] == s.text for s in annotator.split(article))


def test_an_opening_quotation_mark_or_bracket_starts_the_next_sentence(annotator):
    text = (
        'The mayor left early. "We will rebuild," she said. Then the council met. '
        "The chief spoke. “It is over,” he said. "
        'Crews said, "The fire is out." "We go home," a firefighter said. '
        "The town slept. (Officials will meet on Friday.) "
        '"The road is open. Drive slowly," the police said.'
    )
    article = clean_article(RawArticle(source="x", text=text, id="x"))
    sentences = [s.text for s in annotator.split(article)]
    assert sentences == [
        "The mayor left early.",
        '"We will rebuild," she said.',
        "Then the council met.",
        "The chief spoke.",
        "“It is over,” he said.",
        'Crews said, "The fire is out."',
        '"We go home," a firefighter said.',
        "The town slept.",
        "(Officials will meet on Friday.)",
        '"The road is open.',
        'Drive slowly," the police said.',
    ]
    assert all(clean_text(article)[s.start : s.end] == s.text for s in annotator.split(article))


def test_spaced_straight_quotation_marks_move_only_when_they_open():
    from newsweave.text.sentence_cuts import move_opening_marks

    text = '" It is over . " He said . " We go , " she said .'
    first = text.index("He")
    second = text.index('" We')
    # as the sentencizer gives them: each mark after a full stop stays with its sentence
    spans = [(0, first - 1), (first, second + 1), (second + 2, len(text))]
    moved = [text[a:b] for a, b in move_opening_marks(text, spans)]
    assert moved == ['" It is over . "', "He said .", '" We go , " she said .']
