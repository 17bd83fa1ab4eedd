"""The stages run on given articles with nothing stored: what cleaning and annotation find, for a
person to inspect (``newsweave clean`` and ``newsweave annotate``), and a summary of articles a
user picked (``newsweave summarize``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsweave.annotate.annotator import Annotator
from newsweave.clean.choice import no_article_text
from newsweave.config import Config
from newsweave.errors import Errors
from newsweave.ingest import read_inputs
from newsweave.pipeline.cleaning import clean_with
from newsweave.records import Article, RawArticle, Skipped, StoryMaterial, SummarySentence
from newsweave.synthesize.quotes import People, article_quotes
from newsweave.synthesize.similarity import SentenceVectors
from newsweave.synthesize.summary import summarize
from newsweave.text.dates import parse_iso
from newsweave.text.eventdate import body_positions, event_date, previous_body
from newsweave.text.timexes import find_timexes


def readable(
    paths: Iterable[str | Path], config: Config, *, outlet: str | None = None
) -> Iterator[RawArticle | Skipped]:
    """The articles the readers find in ``paths`` (files, folders, JSON Lines, CSV, WARC), each a
    :class:`~newsweave.records.RawArticle` or the :class:`~newsweave.records.Skipped` item it could not read."""
    return read_inputs(paths, outlet=outlet, max_bytes=config.max_bytes)


def cleaned(paths: Iterable[str | Path], config: Config | None = None) -> Iterator[dict[str, Any] | Skipped]:
    """For each article read from ``paths``: its language, title, standfirst (dek), headings,
    body lines and dropped lines with their reason and the line classifier's confidence; or
    the :class:`~newsweave.ingest.Skipped` item a reader could not read."""
    config = config or Config()
    for item in read_inputs(paths, max_bytes=config.max_bytes):
        if isinstance(item, Skipped):
            yield item
            continue
        article = clean_with(item, config)
        if not article.body and no_article_text(item, article.raw_text):
            yield Skipped(item.source, item.line, Errors.W109, Errors.W109.format())
            continue
        yield {
            "source": article.source,
            "language": article.language,
            "title": article.title,
            "dek": [ln.text for ln in article.lines if ln.kind == "dek"],
            "headings": [{"line": ln.number, "text": ln.text} for ln in article.lines if ln.kind == "heading"],
            "body": [{"line": ln.number, "text": ln.text} for ln in article.lines if ln.kind == "body"],
            "dropped": [
                {"line": ln.number, "text": ln.text, "reason": ln.reason, "confidence": ln.score}
                for ln in article.dropped
            ],
            "lines": [
                {"line": ln.number, "kind": ln.kind, "text": ln.text, "reason": ln.reason, "confidence": ln.score}
                for ln in article.lines
            ],
        }


def annotated(
    paths: Iterable[str | Path], config: Config, *, published: str | None = None, annotator: Annotator | None = None
) -> Iterator[dict[str, Any] | Skipped]:
    """For each article read from ``paths``: its sentences (each with the date of what it reports,
    :func:`~newsweave.text.eventdate.event_date`), named entities, temporal expressions
    (resolved against ``published``, else the article's own or inferred date) and quotes with
    their speakers; character spans are offsets in the article's clean text. Unreadable items
    come as :class:`~newsweave.ingest.Skipped`."""
    annotator = annotator or Annotator(config)
    for item in read_inputs(paths, published=published, max_bytes=config.max_bytes):
        if isinstance(item, Skipped):
            yield item
            continue
        article = clean_with(item, config)
        (annotation,) = list(annotator.annotate([article]))
        reference = parse_iso(article.published)
        found_timexes = [list(find_timexes(s.text, reference)) for s in annotation.sentences]
        timexes = [
            {
                "text": tx.text,
                "value": tx.value,
                "granularity": tx.granularity,
                "modifier": tx.modifier,
                "start": sent.start + tx.start,
                "end": sent.start + tx.end,
                "sentence": sent.index,
            }
            for sent, found in zip(annotation.sentences, found_timexes, strict=True)
            for tx in found
        ]
        parse = annotator.clauses.parse if config.quote_parse else None
        parses = parse([s.text for s in annotation.sentences]) if parse else [None] * len(annotation.sentences)
        positions = body_positions(annotation.sentences)
        before = previous_body(annotation.sentences)
        whole = {s.index: found for s, found in zip(annotation.sentences, found_timexes, strict=True) if s.part == 0}
        event_dates = [
            event_date(
                s.text,
                found,
                article.published,
                toks,
                config.event_date_model,
                positions.get(s.index),
                whole.get(before[s.index], []) if s.index in before else None,
            )
            for s, found, toks in zip(annotation.sentences, found_timexes, parses, strict=True)
        ]
        people = People.from_entities(annotation.entities)
        quotes = [
            {
                "text": found.quote.text,
                "speaker": found.quote.speaker,
                "speaker_kind": found.quote.speaker_kind,
                "cue": found.quote.cue,
                "kind": found.quote.kind,
                "start": found.start,
                "end": found.end,
                "sentence": found.sentence,
            }
            for found in article_quotes(article, annotation.sentences, people, parse)
        ]
        yield {
            "source": article.source,
            "published": article.published,
            "published_source": article.published_source,
            "published_evidence": article.published_evidence,
            "language": article.language,
            "sentences": [
                {"index": s.index, "kind": s.kind, "text": s.text, "start": s.start, "end": s.end, "event_date": day}
                for s, day in zip(annotation.sentences, event_dates, strict=True)
            ],
            "entities": [
                {"text": e.text, "label": e.label, "start": e.start, "end": e.end, "sentence": e.sentence}
                for e in annotation.entities
                if e.label != "DATE"
            ],
            "timexes": timexes,
            "quotes": quotes,
        }


def summarize_articles(
    records: Iterable[RawArticle],
    config: Config | None = None,
    *,
    annotator: Annotator | None = None,
    words: int | None = None,
    sentences: int | None = None,
) -> tuple[list[SummarySentence], StoryMaterial]:
    """Summarise ``records`` as one story, without a store: clean, split, summarise.

    For a user who has picked the articles already (``newsweave summarize``) and for the
    summary benchmark; the story pipeline calls the same :func:`~newsweave.synthesize.summary.summarize`.
    Records whose text cleans to nothing are left out; a repeated id is read once.
    """
    config = config or Config()
    annotator = annotator or Annotator(config)
    articles: dict[str, Article] = {}
    for raw in records:
        article = clean_with(raw, config)
        if article.body and article.id not in articles:
            articles[article.id] = article
    ordered = sorted(articles.values(), key=lambda a: (a.published or "9999", a.id))
    material = StoryMaterial(
        "summary", ordered, {a.id: annotator.split(a) for a in ordered}, {a.id: [] for a in ordered}
    )
    if not ordered:
        return [], material
    vectors = SentenceVectors(annotator.summary_embedder.encode)
    support = SentenceVectors(annotator.sentence_embedder.encode)
    parse = annotator.clauses.parse if config.quote_parse and config.citation_subjects else None
    summary = summarize(material, vectors, config.synthesize, words, sentences, support_vectors=support, parse=parse)
    return summary, material
