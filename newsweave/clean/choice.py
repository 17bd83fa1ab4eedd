"""Which text of an HTML page the clean stage reads: trafilatura's extraction or the whole page.

The HTML reader (:func:`newsweave.ingest.html.extract_html`) hands over trafilatura's text in
``RawArticle.text`` and, when that text is short, the page flattened to plain text in
``RawArticle.page_text``. trafilatura sometimes misses the article of a page (its recall
misses): when the line classifier takes much more of the flattened page for the article than
trafilatura found, the flattened page is read instead, as plain text, line by line.
"""

from __future__ import annotations

from dataclasses import replace

from newsweave.clean.line_model import load_line_model
from newsweave.clean.line_rules import article_context, line_evidence
from newsweave.clean.normalise import text_lines
from newsweave.records import RawArticle
from newsweave.text.words import has_words

# The flattened page is read instead of trafilatura's text when the line classifier keeps
# FALLBACK_GAIN times as many of its words as trafilatura's text has, and FALLBACK_MIN more.
# (The reader offers the flattened page only when trafilatura's text is short.)
FALLBACK_GAIN = 2.0
FALLBACK_MIN = 40


def _words(text: str) -> int:
    return len(text.split())


def kept_words(text: str) -> int:
    """How many words of a plain text the line classifier takes for the article."""
    model = load_line_model()
    texts = [t for _, t in text_lines(text)]
    if model is None or not texts:
        return 0
    language, script = article_context(text)
    _, features = line_evidence(texts, language, script, False)
    keep = model.boilerplate_probability(features) < model.threshold
    return sum(len(t.split()) for t, k in zip(texts, keep, strict=True) if k)


def choose_text(raw: RawArticle) -> RawArticle:
    """The record with the text to clean: trafilatura's, or the flattened page (as plain text,
    ``is_html`` false) when the classifier finds much more article in it. Without a flattened
    page the record is returned as it is. Trafilatura's text with no words is read as empty:
    the page has no extractable article text (W109, see :func:`no_article_text`)."""
    if raw.page_text is None:
        return raw
    flat = raw.page_text
    if _words(flat) and kept_words(flat) >= FALLBACK_GAIN * _words(raw.text) + FALLBACK_MIN:
        return replace(raw, text=flat, is_html=False, page_text=None)
    return replace(raw, text=raw.text if has_words(raw.text) else "", page_text=None)


def no_article_text(raw: RawArticle, chosen_text: str) -> bool:
    """Whether an HTML page offered with its flattened text came to no article text at all: the
    flattened page was not chosen and trafilatura's text has no words (W109)."""
    return raw.page_text is not None and not has_words(chosen_text)
