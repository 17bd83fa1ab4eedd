"""Quotes: finding them with their speakers, and aligning one statement across outlets."""

from __future__ import annotations

import json

import numpy as np

from newsweave.quotes import _Found, align_quotes, curl_quotes, extract_quotes

from .conftest import bag_of_words_encoder, load_benchmark, pair_benchmark_f1


def test_speakers_before_after_pronoun_description_and_continuations():
    paragraphs = [
        "Finance Minister Pedro Alves defended the budget on Tuesday.",
        "“This budget protects the families who need help most,” Alves told lawmakers. “It is fair.”",
        "Opposition leader Carla Nunes disagreed. “The minister is hiding the real cost,” she said.",
        "“The threat is real and it is immediate,” a senior security official told reporters.",
        "“We made mistakes, and we will fix them.",
        "“But our data is safer today than a month ago,” said founder Jonas Ferreira, 52.",
        "The unions called the plan “completely unrealistic” on Monday.",
    ]
    found = [(q.text, q.speaker, q.speaker_kind) for q in extract_quotes(paragraphs)]
    assert found == [
        ("This budget protects the families who need help most,", "Pedro Alves", "named"),
        ("It is fair.", "Pedro Alves", "continued"),
        ("The minister is hiding the real cost,", "Carla Nunes", "pronoun"),
        ("The threat is real and it is immediate,", "a senior security official", "description"),
        (
            "We made mistakes, and we will fix them. But our data is safer today than a month ago,",
            "Jonas Ferreira",
            "named",
        ),
    ]


def test_straight_quotes_are_paired_by_context_even_when_one_is_never_closed():
    text = 'Varga said, "We see the attempts. We will act. "We have a new rule," the prime minister stressed.'
    assert curl_quotes(text).count("“") == 2
    quotes = extract_quotes([text])
    assert [q.text for q in quotes] == ["We see the attempts. We will act.", "We have a new rule,"]
    assert quotes[1].speaker == "the prime minister"


def test_one_statement_in_two_outlets_is_one_quote_with_variants():
    def found(text, speaker, article):
        from newsweave.quotes import Quote

        return _Found(Quote(text, speaker, "named", "said", 0, 0, len(text)), article, 1)

    items = [
        found("We will not allow our country to be used for attacks on your citizens.", "Recep Tayyip Erdogan", "a"),
        found("We will not allow our country to be used for attacks,", "Erdogan", "b"),  # cut shorter
        found("We will not allow our country to be used for attacks on your citizens.", "Isaac Herzog", "c"),
        found("Your cooperation saved lives,", "Herzog", "c"),
    ]
    quotes = align_quotes(items, bag_of_words_encoder())
    erdogan = next(q for q in quotes if q.speaker == "Recep Tayyip Erdogan")
    assert {c.article for c in erdogan.citations} | {c.article for v in erdogan.variants for c in v.citations} == {
        "a",
        "b",
    }
    assert len(quotes) == 3  # another speaker's identical words stay apart


def test_quote_benchmark_sets_stay_above_the_issue_floors():
    module = load_benchmark("quotes")
    for path in module.SETS.values():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        scores, errors = module.evaluate(rows)
        assert scores["f1"] >= 0.90 and scores["speaker_accuracy"] >= 0.85, errors


def test_reported_speech_is_a_second_kind_with_its_speaker():
    from newsweave.quotes import indirect_speech

    paragraphs = [
        "Defense Minister Benny Gantz said Israel obtained intelligence that Iran planned attacks in Istanbul.",
        "She said the team would return to the glacier next year.",
        "The ministry said in a statement that talks would resume next week.",
        "“We will stay,” she said.",
    ]
    found = [(q.speaker, q.kind, q.text) for q in indirect_speech(paragraphs)]
    assert found == [
        ("Benny Gantz", "indirect", "Israel obtained intelligence that Iran planned attacks in Istanbul."),
        ("Benny Gantz", "indirect", "the team would return to the glacier next year."),
        ("The ministry", "indirect", "talks would resume next week."),
    ]


def _found(text, speaker, article, kind="named"):
    from newsweave.quotes import Quote

    return _Found(Quote(text, speaker, kind, "said", 0, 0, len(text)), article, 1)


def test_a_negated_wording_is_another_statement_even_with_the_same_words():
    items = [
        _found("We will sign the agreement this week.", "Ana Ruiz", "a"),
        _found("We will not sign the agreement this week.", "Ana Ruiz", "b"),
        _found("We will sign the agreement this week,", "Ruiz", "c"),
    ]
    quotes = align_quotes(items, bag_of_words_encoder())
    assert sorted(len(q.variants) + len(q.citations) for q in quotes) == [1, 2]
    negated = next(q for q in quotes if "not" in q.text)
    assert [c.article for c in negated.citations] == ["b"]


def test_a_long_quote_with_a_negation_elsewhere_still_matches_its_shorter_wording():
    long = "We will continue to strike those who send them. We have warned citizens not to travel."
    items = [_found(long, "Ana Ruiz", "a"), _found("We will continue to strike those who send them,", "Ruiz", "b")]
    assert len(align_quotes(items, bag_of_words_encoder())) == 1


def test_only_quotes_of_speakers_quoted_in_several_articles_are_embedded():
    seen: list[str] = []
    encoder = bag_of_words_encoder()

    def recording(texts):
        seen.extend(texts)
        return encoder(texts)

    items = [
        _found("The harbour will reopen on Monday morning.", "Ana Ruiz", "a"),
        _found("Ships can dock again from Monday.", "Ruiz", "b"),
        _found("Nobody was hurt in the collapse.", "Tomas Berg", "a"),
        _found("It was a terrible day for the port.", "a spokesman", "b", kind="description"),
    ]
    align_quotes(items, recording)
    assert seen == ["The harbour will reopen on Monday morning.", "Ships can dock again from Monday."]


def test_meaning_alone_never_merges_two_quotes_of_one_article():
    def same_vector(texts):
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0  # every pair has cosine 1

    items = [
        _found("The harbour will reopen on Monday morning.", "Ana Ruiz", "a"),
        _found("Ships can dock again from Monday.", "Ruiz", "a"),
        _found("Dockers return to work at dawn.", "Ruiz", "b"),
    ]
    quotes = align_quotes(items, same_vector)
    articles = [
        sorted({c.article for c in q.citations} | {c.article for v in q.variants for c in v.citations}) for q in quotes
    ]
    assert articles == [["a", "b"], ["a"]]


def test_a_title_with_the_names_the_one_person_the_article_gave_it():
    paragraphs = [
        "Prime Minister Lena Varga spoke at the cabinet meeting.",
        "“We have a new rule,” the prime minister said.",
    ]
    quote = extract_quotes(paragraphs)[0]
    assert (quote.speaker, quote.speaker_kind) == ("Lena Varga", "title")
    two = [
        "Prime Minister Ana Ruiz met Prime Minister Tomas Berg.",
        "“We agree on everything,” the prime minister said.",
    ]
    assert extract_quotes(two)[0].speaker == "the prime minister"


def test_alignment_benchmark_stays_above_its_floor_with_the_default_thresholds():
    from newsweave.config import Config

    config = Config()
    for name, f1 in pair_benchmark_f1("alignment", config.quote_overlap, config.quote_cosine).items():
        assert f1 >= 0.90, name
