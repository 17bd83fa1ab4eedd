"""One sense per article: people's names found by NER are that person throughout the article."""

from __future__ import annotations

from newsweave.annotate.annotator import Annotator, one_sense, person_names, surname
from newsweave.records import Article, Entity, Sentence


def _sentences(*texts: str) -> list[Sentence]:
    out, start = [], 0
    for i, text in enumerate(texts):
        out.append(Sentence("a", i, text, "body", start, start + len(text)))
        start += len(text) + 1
    return out


def _entity(sentences: list[Sentence], index: int, text: str, label: str) -> Entity:
    sent = sentences[index]
    at = sent.text.index(text)
    return Entity("a", index, text, label, sent.start + at, sent.start + at + len(text))


def test_a_surname_is_the_last_capitalised_token_of_a_full_name():
    assert surname("Maren Oksvik") == "Oksvik"
    assert surname("Oksvik") is None  # a one-word name is its own
    assert surname("Tom Ek") is None  # too short to match safely
    assert surname("Arlen Dovey III") is None
    assert person_names([Entity("a", 0, "Maren Oksvik", "PERSON", 0, 12)]) == {
        "Maren Oksvik": "PERSON",
        "Oksvik": "PERSON",
    }


def test_a_bare_surname_ner_labelled_otherwise_is_the_person_of_the_article():
    sents = _sentences(
        "Trade envoy Maren Oksvik will fly to Velmora on Monday.",
        "Oksvik is to meet the port authority of Velmora.",
    )
    found = [
        _entity(sents, 0, "Maren Oksvik", "PERSON"),
        _entity(sents, 0, "Velmora", "GPE"),
        _entity(sents, 1, "Oksvik", "ORG"),
        _entity(sents, 1, "Velmora", "GPE"),
    ]
    labels = [(e.text, e.label) for e in one_sense(found)]
    assert labels == [("Maren Oksvik", "PERSON"), ("Velmora", "GPE"), ("Oksvik", "PERSON"), ("Velmora", "GPE")]


def test_names_found_are_matched_in_every_sentence_where_nothing_covers_them():
    sents = _sentences(
        "Oksvik lands in Velmora",  # a title NER read without finding her
        "Trade envoy Maren Oksvik landed in Velmora on Monday.",
        "Talks between Oksvik and the harbour board follow.",
    )
    found = [_entity(sents, 1, "Maren Oksvik", "PERSON"), _entity(sents, 1, "Velmora", "GPE")]
    article = Article(id="a", source="s", raw_text="", lines=[])
    extra = Annotator._propagate(article, sents, found)
    got = sorted((e.sentence, e.text, e.label) for e in extra)
    assert got == [(0, "Oksvik", "PERSON"), (0, "Velmora", "GPE"), (2, "Oksvik", "PERSON")]
    # the spans NER labelled are not matched again (no "Oksvik" inside "Maren Oksvik")
    assert not any(e.sentence == 1 for e in extra)
