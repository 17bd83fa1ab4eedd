"""Articles' quotes found once and read back while they are still valid."""

from __future__ import annotations

from newsweave.config import SynthesizeSettings
from newsweave.synthesize import quotes as quotes_module
from newsweave.synthesize.actors import extract_actors
from newsweave.synthesize.persons import People
from newsweave.synthesize.quote_memory import (
    QuoteMemory,
    article_key,
    decode_quotes,
    encode_quotes,
    people_of_article,
    quotes_kind,
)

from ..synth_helpers import material

BODIES = {
    "a1": [
        "Mayor Ilse Brandt opened the harbour bridge on Monday.",
        "“This crossing joins two halves of the town,” Brandt told residents.",
        "She said it had cost less than planned.",
    ],
    "a2": [
        "Engineer Tomas Ruud inspected the harbour bridge on Tuesday.",
        "“The deck will carry trams within a year,” Ruud said.",
    ],
}
NAMES = {"Ilse Brandt": "PERSON", "Tomas Ruud": "PERSON"}


def _story(bodies=BODIES):
    return material([(aid, "2031-05-05", body) for aid, body in bodies.items()], NAMES)


def _rows(found):
    return [(f.article, f.sentence, f.start, f.end, f.quote) for f in found]


def test_an_articles_people_are_those_sharing_a_word_with_it():
    story = _story()
    people = People({"Ilse Brandt": "Ilse Brandt", "Brandt": "Ilse Brandt", "Tomas Ruud": "Tomas Ruud"}, frozenset())
    people = People(people.names, frozenset({"Harbour Authority", "Valmora"}))
    first = people_of_article(story.articles[0], people)
    assert first is not None
    assert set(first.names) == {"Ilse Brandt", "Brandt"}  # Ruud is not in the first article
    assert first.others == frozenset({"Harbour Authority"})  # "harbour" is; Valmora is not
    assert people_of_article(story.articles[0], None) is None


def test_the_key_changes_with_the_article_and_its_people_only():
    story = _story()
    article, sentences = story.articles[0], story.sentences["a1"]
    people = People({"Ilse Brandt": "Ilse Brandt"}, frozenset())
    key = article_key(article, sentences, people)
    assert key == article_key(article, sentences, People({"Ilse Brandt": "Ilse Brandt"}, frozenset()))
    assert key != article_key(article, sentences, None)
    assert key != article_key(article, sentences, People({"Brandt": "Ilse Brandt"}, frozenset()))
    changed = _story({"a1": [*BODIES["a1"][:2], "She said it had cost more than planned."]})
    assert key != article_key(changed.articles[0], changed.sentences["a1"], people)


def test_kept_quotes_go_through_bytes_unchanged():
    story = _story()
    memory = QuoteMemory()
    quotes_module.story_quotes(story, extract_actors(story, SynthesizeSettings(), everyone=True), memory=memory)
    kept = memory.take_new()
    assert set(kept) == {"a1", "a2"} and all(k.quotes for k in kept.values())
    assert {a: decode_quotes(encode_quotes(k)) for a, k in kept.items()} == kept
    assert quotes_kind(None) != quotes_kind("parser x")


def test_a_story_written_again_reads_its_articles_quotes_from_memory(monkeypatch):
    story = _story()
    actors = extract_actors(story, SynthesizeSettings(), everyone=True)
    read = []
    real = quotes_module.article_quotes

    def counted(article, *args, **kwargs):
        read.append(article.id)
        return real(article, *args, **kwargs)

    monkeypatch.setattr(quotes_module, "article_quotes", counted)
    memory = QuoteMemory()
    first = quotes_module.story_quotes(story, actors, memory=memory)
    assert read == ["a1", "a2"]
    stored = memory.take_new()
    # a later writer (another command) is handed what the store kept
    later = QuoteMemory()
    later.remember(stored)
    again = quotes_module.story_quotes(story, actors, memory=later)
    assert read == ["a1", "a2"]  # nothing read again
    assert _rows(again) == _rows(first)
    assert later.take_new() == {}
    # the story grows by an article naming someone new: only the articles that name him are read
    grown = _story({**BODIES, "a3": ["Councillor Piet Vos said the tram plan was premature."]})
    actors = extract_actors(grown, SynthesizeSettings(), everyone=True)
    third = quotes_module.story_quotes(grown, actors, memory=later)
    assert read[2:] == ["a3"]
    assert _rows(third)[: len(first)] == _rows(first)
    assert set(later.take_new()) == {"a3"}


def test_a_memory_keeps_its_last_articles_only():
    memory = QuoteMemory(size=2)
    story = _story({**BODIES, "a3": ["Councillor Piet Vos said the tram plan was premature."]})
    quotes_module.story_quotes(story, None, memory=memory)
    assert list(memory.recent) == ["a2", "a3"]
