"""Property tests: the text functions never raise on any input (hypothesis, fast, bounded).

Cleaning, date resolution against any reference date in 1800-2200, quote extraction (the
rules, no parser), search query translation and decoding of bytes: each returns or refuses
with the project's own skip or error, never a crash.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsweave.clean.article import clean_article
from newsweave.errors import NewsweaveError, SkipItem
from newsweave.ingest.base import decode_text
from newsweave.records import RawArticle
from newsweave.store.search import fts_query
from newsweave.synthesize.quotes import extract_quotes
from newsweave.text.dates import parse_iso, parse_published
from newsweave.text.timex_values import date_span
from newsweave.text.timexes import find_timexes

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DATE_WORDS = [
    "today", "yesterday", "tomorrow", "next week", "last week", "this month", "next month", "last year",
    "next year", "in 2199", "in 1801", "the 1990s", "March 9", "31 February", "February 29", "Monday",
    "last Friday", "next Sunday", "this summer", "last winter", "Q4", "the third quarter", "two years ago",
    "in three weeks", "early next year", "late 2200", "December 31, 9999", "0001-01-01", "9999-12-31",
    "on 12/31", "the 31st", "at 10 pm", "decades ago", "spring 1800", "in May",
]  # fmt: skip
QUOTE_BITS = [
    '"', "“", "”", "‘", "’", "'", "«", "»", " said ", " says ", " told reporters", ", according to ",
    "Mr ", "Ms. ", "the prime minister", "President ", "Smith", "O'Neill", "van der Berg", ".", ",", ":",
    "\n", "  ", "—", " added", "he said", "she warned", "(", ")",
]  # fmt: skip

text = st.one_of(
    st.text(max_size=400),
    st.text(st.characters(categories=["Cs", "Cc", "Zl", "Zp", "Lu", "Ll", "Po", "Zs"]), max_size=200),
)  # lone surrogates, controls and line separators too
date_text = st.lists(st.one_of(st.sampled_from(DATE_WORDS), st.text(max_size=12)), max_size=8).map(" ".join)
quote_text = st.lists(st.one_of(st.sampled_from(QUOTE_BITS), st.text(max_size=15)), max_size=25).map("".join)
references = st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31))


@FAST
@given(body=text, title=st.one_of(st.none(), st.text(max_size=60)), is_html=st.booleans())
def test_cleaning_any_text_never_raises(body, title, is_html):
    try:
        article = clean_article(RawArticle(source="p", text=body, title=title, is_html=is_html))
    except SkipItem:
        return  # refusing an item is a skip with a reason, not a crash
    assert isinstance(article.lines, list) and article.raw_text == body


@FAST
@given(sentence=date_text, reference=st.one_of(st.none(), references))
def test_dates_resolve_against_any_reference_without_raising(sentence, reference):
    for timex in find_timexes(sentence, reference):
        assert isinstance(timex.value, str | None)
        if timex.value:
            date_span(timex.value)


@FAST
@given(value=st.one_of(text, date_text))
def test_date_parsing_of_any_text_never_raises(value):
    parse_iso(value)
    date_span(value)
    with contextlib.suppress(ValueError):  # the documented refusal of a value that is no date
        parse_published(value)


@FAST
@given(paragraphs=st.lists(quote_text, max_size=6))
def test_quote_extraction_by_the_rules_never_raises(paragraphs):
    for quote in extract_quotes(paragraphs):
        assert isinstance(quote.text, str)


@FAST
@given(query=st.one_of(text, st.lists(st.sampled_from(['"', "-", "OR", "*", "a", "b", " ", "NOT", "("])).map("".join)))
def test_search_queries_translate_to_valid_fts5_or_refuse(query):
    try:
        expression = fts_query(query)
    except NewsweaveError:
        return  # E008: nothing to search for
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
        db.execute("INSERT INTO t VALUES ('the bridge reopened')")
        db.execute("SELECT * FROM t WHERE t MATCH ?", (expression,)).fetchall()


@FAST
@given(data=st.binary(max_size=2000), records=st.booleans())
def test_decoding_any_bytes_returns_text_or_a_skip(data, records):
    try:
        decoded = decode_text(data, records=records)
    except SkipItem:
        return
    assert "\r" not in decoded
