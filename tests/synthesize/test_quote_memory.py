"""An article's quotes found once while its story grows: the same quotes, found again only when
what they depend on changes."""

from __future__ import annotations

from newsweave.records import Actor
from newsweave.synthesize.persons import People
from newsweave.synthesize.quote_memory import QuoteMemory, decode_found, encode_found, quote_key
from newsweave.synthesize.quotes import story_quotes

from ..synth_helpers import material

STORY = material(
    [
        ("a1", "2024-03-01", ["“We will reopen the bridge,” said Marta Olsen, the mayor.", "She added: “Soon.”"]),
        (
            "a2",
            "2024-03-02",
            [
                "“Nothing failed during the storm, and the cables held,” said Rui Matos, an engineer.",
                "The bridge opens in May.",
            ],
        ),
    ],
    names={"Marta Olsen": "PERSON", "Rui Matos": "PERSON"},
)
ACTORS = [Actor("Marta Olsen", "person", [], 2), Actor("Rui Matos", "person", [], 2)]


def test_quotes_read_back_are_the_quotes_found_and_each_article_is_read_once():
    memory = QuoteMemory()
    plain = story_quotes(STORY, ACTORS)
    assert "Marta Olsen" in {f.quote.speaker for f in plain} and {f.article for f in plain} == {"a1", "a2"}
    assert story_quotes(STORY, ACTORS, memory=memory) == plain
    new = memory.take_new()
    assert len(new) == 2 and memory.take_new() == {}
    stored = {k: encode_found(v) for k, v in new.items()}
    looked: list[str] = []

    def lookup(keys):
        looked.extend(keys)
        return {k: decode_found(stored[k]) for k in keys if k in stored}

    fresh = QuoteMemory(lookup=lookup)
    assert story_quotes(STORY, ACTORS, memory=fresh) == plain
    assert len(looked) == 2 and fresh.take_new() == {}  # read from the store, none found again
    first = story_quotes(STORY, ACTORS, memory=fresh)
    first[0].quote.speaker = "changed by a later step"
    assert story_quotes(STORY, ACTORS, memory=fresh) == plain  # handed out as copies


def test_a_new_name_the_article_contains_changes_its_key_an_unrelated_one_does_not():
    article, sentences = STORY.articles[0], STORY.sentences["a1"]
    before = quote_key(article, sentences, People.from_actors(ACTORS), parsed=True)
    unrelated = People.from_actors([*ACTORS, Actor("Ines Brandt", "person", [], 1)])
    related = People.from_actors([*ACTORS, Actor("Karl Olsen", "person", [], 1)])  # Olsen: no longer one person
    assert quote_key(article, sentences, unrelated, parsed=True) == before
    assert quote_key(article, sentences, related, parsed=True) != before
    assert quote_key(article, sentences, People.from_actors(ACTORS), parsed=False) != before
    assert quote_key(STORY.articles[1], STORY.sentences["a2"], People.from_actors(ACTORS), parsed=True) != before
