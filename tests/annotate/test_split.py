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
