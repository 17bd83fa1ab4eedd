"""Hostile input costs bounded time and memory (issue 28, items 4, 5, 9, 11): pathological runs are
cut before the models, the quote finder's patterns never backtrack over long runs, an item that
takes too long is skipped with a reason (W122), archives are read within byte and time budgets,
nothing in the input is skipped without a word, and a flood of bad items is a few lines of log."""

from __future__ import annotations

import json
import time

import pytest

from newsweave.budget import OverBudget, time_budget
from newsweave.clean import MAX_SYMBOL_RUN, clean_article, normalise_text
from newsweave.config import Config
from newsweave.errors import Errors
from newsweave.pipeline import Newsweave
from newsweave.quotes import extract_quotes, indirect_speech
from newsweave.records import RawArticle
from newsweave.sources.html import defuse_html, extract_html

LEAD = "The harbour board of Calloway voted on Tuesday to rebuild the north pier before the autumn storms."


def _elapsed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


# -- 5. quadratic text processing ------------------------------------------------------------------


@pytest.mark.parametrize("run", ['"' * 20000, "$" * 20000, "(" * 20000, "!" * 20000, '."' * 10000, "“”" * 10000])
def test_runs_of_punctuation_are_cut_before_the_models(run):
    text = normalise_text(f"It ended {run} there.")
    assert len(text) <= len("It ended  there.") + MAX_SYMBOL_RUN
    seconds, article = _elapsed(clean_article, RawArticle(source="x", text=LEAD + "\n" + run + "\n" + LEAD))
    assert seconds < 5 and all(len(ln.text) < 200 for ln in article.lines)


def test_ordinary_punctuation_is_left_as_written():
    text = 'He said: "No!" -- and left... (Really?!) $5 -- “quoted” ** note'
    assert normalise_text(text) == text


def test_the_tokenizer_on_a_cleaned_run_of_quote_marks_is_fast():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    article = clean_article(RawArticle(source="x", text=LEAD + "\n" + '"' * 20000 + " end.\n" + LEAD))
    seconds, _ = _elapsed(lambda: [nlp(ln.text) for ln in article.lines])
    assert seconds < 1.0


@pytest.mark.parametrize(
    "paragraph",
    [
        "He said " + "A" * 16000 + " and more.",
        "He said " + "A." * 8000 + " and more.",
        "He said " + "Abc " * 4000 + "and more.",
        "A" * 16000 + ' said: "This is a quote of some words here."',
        '"This is a quote of words," said ' + "Abc " * 4000,
    ],
)
def test_the_quote_finder_never_backtracks_over_a_long_capitalised_run(paragraph):
    seconds, _ = _elapsed(lambda: (extract_quotes([paragraph]), indirect_speech([paragraph])))
    assert seconds < 1.5


def test_many_quotes_in_one_paragraph_take_linear_time():
    small, _ = _elapsed(extract_quotes, ['"one two three four" ' * 1000])
    large, quotes = _elapsed(extract_quotes, ['"one two three four" ' * 4000])
    assert len(quotes) == 4000 and large < 8 * small + 0.5  # 4 times the text: not 16 times the time


def test_the_quote_finder_still_finds_speakers():
    quotes = extract_quotes(['"We will rebuild the pier before winter," said Marta Olsen, the director.'])
    assert [(q.speaker, q.cue) for q in quotes] == [("Marta Olsen", "said")]
    (reported,) = indirect_speech(["Governor Ingrid Falk said the works would end before the storms came."])
    assert reported.speaker == "Governor Ingrid Falk" or reported.speaker == "Ingrid Falk"


def test_a_tag_with_a_huge_number_of_attributes_is_defused():
    attrs = " ".join(f"a{i}=x" for i in range(40000))
    page = f"<html><body><article><p>{LEAD}</p><p {attrs}>The pier opens again in spring.</p></article></body></html>"
    assert defuse_html(page).count("=x") == 0 and defuse_html("<p class=a>x</p>") == "<p class=a>x</p>"
    seconds, record = _elapsed(extract_html, page, "page.html")
    assert seconds < 5 and "pier" in record.text


def test_a_time_budget_interrupts_python_work_and_nests():
    with pytest.raises(OverBudget), time_budget(0.2):
        while True:
            pass
    with time_budget(5):
        with pytest.raises(OverBudget), time_budget(0.1):
            time.sleep(2)
        time.sleep(0.05)  # the outer budget goes on, restored
    with pytest.raises(OverBudget), time_budget(0.2), time_budget(5):  # the inner one never outlives the outer
        while True:
            pass
    with time_budget(0):  # no budget
        time.sleep(0.01)


def test_an_item_that_takes_too_long_to_clean_is_skipped_with_a_reason(tmp_path, monkeypatch):
    from newsweave import pipeline

    real = pipeline.clean_article

    def slow(raw, *args):
        while "slow" in raw.text:
            pass
        return real(raw, *args)

    monkeypatch.setattr(pipeline, "clean_article", slow)
    path = tmp_path / "a.jsonl"
    rows = [{"id": "ok", "text": LEAD}, {"id": "bad", "text": "A slow text that never ends cleaning here."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Newsweave(tmp_path / "n.db", Config(article_seconds=0.3)) as nw:
        report = nw.ingest([path])
        assert [a.id for a in nw.store.articles()] == ["ok"]
    assert [(s.line, s.error) for s in report.skipped] == [(2, Errors.W122)]
    assert "cleaning took more than 0.3 s" in report.skipped[0].message
