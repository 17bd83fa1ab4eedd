"""Quotes: finding them with their speakers, and aligning one statement across outlets."""

from __future__ import annotations

import json
from importlib import util
from pathlib import Path

from newsweave.quotes import _Found, align_quotes, curl_quotes, extract_quotes

from .conftest import bag_of_words_encoder

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


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
    text = 'Bennett said, "We see the attempts. We will act. "We have a new rule," the prime minister stressed.'
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
    spec = util.spec_from_file_location("quotes_benchmark", BENCH / "quotes.py")
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
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
