"""Bounded spaCy vocabularies (newsweave/vocab.py) and the stages that use them."""

from __future__ import annotations

import pytest

from newsweave.clean.article import clean_article
from newsweave.models.vocab import VocabBudget
from newsweave.records import RawArticle

spacy = pytest.importorskip("spacy")

NEW_WORDS = "Qorvathel Brenzimoor and Ulvastrine met at Pryndale with Xavremont officials."


def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_words_are_kept_while_the_budget_lasts():
    nlp = blank()
    budget = VocabBudget(nlp, growth=1000)
    before = budget.strings
    with budget.zone():
        doc = nlp(NEW_WORDS)
        assert doc[0].text == "Qorvathel"
    assert budget.strings > before  # kept: the tokenizer and vocabulary learn the words
    assert not budget.full


def test_new_words_are_freed_once_the_budget_is_used():
    nlp = blank()
    budget = VocabBudget(nlp, growth=0)
    assert budget.full
    before = budget.strings
    with budget.zone():
        doc = nlp(NEW_WORDS)
        assert [t.text for t in doc][:3] == ["Qorvathel", "Brenzimoor", "and"]
        assert len(list(doc.sents)) == 1
    assert budget.strings == before
    with budget.zone():  # and the same words again, still correct
        assert nlp(NEW_WORDS)[-2].text == "officials"
    assert budget.strings == before


def test_budget_counts_growth_from_the_size_at_load():
    nlp = blank()
    budget = VocabBudget(nlp, growth=5)
    with budget.zone():
        nlp(NEW_WORDS)
    assert budget.full  # more than five new strings: later calls run in memory zones
    kept = budget.strings
    with budget.zone():
        nlp("Zembrocalyx and Quandrilefor arrived.")
    assert budget.strings == kept


def test_a_zone_asked_for_inside_an_open_one_runs_in_it():
    nlp = blank()
    budget = VocabBudget(nlp, growth=0)
    before = budget.strings
    with budget.zone():
        first = nlp(NEW_WORDS)
        with budget.zone():  # another view of the same pipeline, say: no second zone
            second = nlp("Zembrocalyx and Quandrilefor arrived.")
        assert first[0].text == "Qorvathel" and second[0].text == "Zembrocalyx"  # still readable
    assert budget.strings == before


ARTICLES = [
    "Talks in Vellmora stall\n\nDelegates of the Orsk Federation met Foreign Minister Adaeze Kovalchuk-Rhee "
    "in Vellmora on Tuesday. Kovalchuk-Rhee said the talks would resume on 14 March.\n\n"
    "The Orsk Federation has not commented. Analysts at the Brisko Institute expect delays.",
    "Harbour reopens at Quillon\n\nThe port authority of Quillon reopened the harbour last week after storms. "
    "Mayor Teodrin Valsgaard thanked crews from Marnholt.\n\nValsgaard said repairs would cost 3 million euros.",
]


@pytest.mark.slow
def test_annotations_are_the_same_in_memory_zones(annotator):
    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    articles = [
        clean_article(RawArticle(source=f"a{i}.txt", text=t, id=f"a{i}"), 200_000) for i, t in enumerate(ARTICLES)
    ]
    articles = [a for a in articles if a is not None]
    zoned = Annotator(Config(vocab_growth=0), embedder=annotator.embedder)
    at_load = (len(zoned.ner.vocab.strings), len(zoned.splitter.vocab.strings))
    expected = list(annotator.annotate(articles))
    key = lambda anns: [  # noqa: E731
        ([(s.text, s.kind, s.start) for s in a.sentences], [(e.text, e.label, e.start, e.value) for e in a.entities])
        for a in anns
    ]
    assert any(e.label == "PERSON" for a in expected for e in a.entities)
    # one process, and two (forked processes for large batches, which send back the records)
    for n_process in (1, 2):
        got = list(zoned.annotate(articles, n_process=n_process))
        assert key(got) == key(expected)
        # nothing read was kept: the vocabularies are still the size they had when loaded
        assert (len(zoned.ner.vocab.strings), len(zoned.splitter.vocab.strings)) == at_load


@pytest.mark.slow
def test_clauses_are_the_same_in_memory_zones():
    from newsweave.config import Config
    from newsweave.text.clauses import ClauseSplitter

    sentences = [
        "Police in Drevanport arrested four men on Tuesday, and prosecutors said charges against Oskvall would follow.",
        "The Velmark council approved the budget, but Ingrath residents said the vote was rushed.",
    ]
    zoned = ClauseSplitter(Config().spacy_model, vocab_growth=0)
    plain = ClauseSplitter(Config().spacy_model, vocab_growth=10**9)
    at_load = len(zoned.nlp.vocab.strings)
    spans = zoned.split(sentences)
    assert spans == plain.split(sentences)
    assert all(len(s) == 2 for s in spans)
    assert len(zoned.nlp.vocab.strings) == at_load
    assert len(plain.nlp.vocab.strings) > at_load  # while the budget lasts, the words are kept
