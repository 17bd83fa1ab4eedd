"""`summarize_articles` and `newsweave summarize`: a hand-picked set of articles as one story."""

from __future__ import annotations

import json

import pytest

from newsweave.cli import main
from newsweave.config import Config
from newsweave.pipeline.inspect import summarize_articles
from newsweave.records import RawArticle

from ..conftest import SAMPLE

pytestmark = pytest.mark.slow

SHARED_FACT = "The regional council approved a budget of 40 million euros for the new tram line on Monday."


def _records() -> list[RawArticle]:
    return [
        RawArticle(
            source="a.txt",
            id="a",
            published="2025-05-02",
            text=f"{SHARED_FACT}\n\nThe line will connect the airport with the old harbour district by 2029.",
        ),
        RawArticle(
            source="b.txt",
            id="b",
            published="2025-05-03",
            text="Opponents say the tram will bring noise to quiet streets near the harbour.\n\n" + SHARED_FACT,
        ),
        RawArticle(source="empty.txt", id="c", text="   \n\n"),
    ]


def test_summary_cites_every_article_that_reports_a_sentence(annotator):
    summary, material = summarize_articles(_records(), Config(), annotator=annotator, words=60)
    assert [a.id for a in material.articles] == ["a", "b"]  # the empty record is left out
    shared = [s for s in summary if s.text == SHARED_FACT]
    assert shared, [s.text for s in summary]
    assert {c.article for c in shared[0].citations} == {"a", "b"}
    for sent in summary:
        article_sentences = material.sentences[sent.citations[0].article]
        assert article_sentences[sent.citations[0].sentence].text == sent.text


def test_summarize_command_prints_json_with_citations(capsys):
    files = sorted(str(p) for p in SAMPLE.glob("*calloway*.txt"))
    assert len(files) >= 3
    assert main(["-q", "summarize", *files, "--words", "60", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = {a["id"] for a in data["articles"]}
    assert len(ids) == len(files)
    assert data["summary"]
    words = [len(s["text"].split()) for s in data["summary"]]
    assert sum(words) - words[-1] < 60  # the budget is reached by the last sentence, not before
    for sent in data["summary"]:
        assert sent["citations"] and {c["article"] for c in sent["citations"]} <= ids


def test_summarize_command_fails_clearly_when_nothing_is_readable(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["-q", "summarize", str(empty)]) == 3
    assert "nothing" in capsys.readouterr().err.lower()
