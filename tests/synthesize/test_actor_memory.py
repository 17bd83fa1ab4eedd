"""Articles' actor mentions kept: each article is read alone once, and a story written again as it
grows (in a later command too) merges what its articles gave into the same actors as reading them
all again."""

from __future__ import annotations

import random
from dataclasses import replace

from newsweave.config import Config
from newsweave.records import StoryMaterial
from newsweave.synthesize.actor_memory import MentionMemory, decode_mentions, encode_mentions, mentions_version
from newsweave.synthesize.actors import resolve_actors
from newsweave.text.names import NameFinder, capitalised_words
from newsweave.text.parse import Tok

from ..synth_helpers import grown_in_parts, material

PEOPLE = ["Lena Brandt", "Brandt", "Tomas Berg", "Berg", "Carla Nunes", "Nunes", "Kim Jong", "Kim"]
ORGS = ["Water Authority", "NATO", "North Atlantic Treaty Organization", "Lumatek", "Defense"]
PLACES = ["Brennick", "Turkey", "Ankara", "Marrow Star", "Britain", "UK"]
TITLES = ["Defense Minister ", "Foreign Minister ", "", "", "operations director "]
TEMPLATES = [
    "{title}{p} said on Tuesday that the plan for {place} was sound.",
    "{p}, the defense minister, met officials of the {org} in {place}.",
    "Crews left the {place} at dawn, {p} said.",
    "The {org} said {p} would visit {place} next week with {q}.",
    "{p} told reporters the {org} had approved the Turkish offer.",
    "The defense minister said the {org} would answer {q} soon.",
    "In {place}, {title}{q} and {p} spoke to the {org} about May 3.",
]
LABELS = ["PERSON", "ORG", "GPE", "NORP", "FAC"]


def _article(rng: random.Random, k: int) -> tuple[str, str, list[str], dict[str, str]]:
    """A random article: its id, date, body and the names its tagger took (some mislabelled, some missed)."""
    body = [
        rng.choice(TEMPLATES).format(
            title=rng.choice(TITLES),
            p=rng.choice(PEOPLE),
            q=rng.choice(PEOPLE),
            org=rng.choice(ORGS),
            place=rng.choice(PLACES),
        )
        for _ in range(rng.randint(1, 5))
    ]
    names = {}
    for name in PEOPLE + ORGS + PLACES + ["Turkish"]:
        if rng.random() < 0.6:
            usual = "PERSON" if name in PEOPLE else "ORG" if name in ORGS else "NORP" if name == "Turkish" else "GPE"
            names[name] = usual if rng.random() < 0.85 else rng.choice(LABELS)
    return f"a{k:02d}", f"2031-03-{rng.randint(1, 9):02d}", body, names


def _story(articles: list[tuple[str, str, list[str], dict[str, str]]]) -> StoryMaterial:
    """The story of ``articles``, oldest first (as the runner orders it), each tagged with its own names."""
    parts = [material([(aid, published, body)], names) for aid, published, body, names in articles]
    story = StoryMaterial("s1", [], {}, {})
    for part in parts:
        story.articles += part.articles
        story.sentences.update(part.sentences)
        story.entities.update(part.entities)
    story.articles.sort(key=lambda a: (a.published or "9999", a.id))
    return story


def _fake_parse(asked: list[str]):
    """A dependency parse of the shape the role rules read: each word attached to the first."""

    def parse(texts):
        asked.extend(texts)
        out = []
        for text in texts:
            words, at = [], 0
            for i, word in enumerate(text.split()):
                at = text.index(word, at)
                words.append(
                    Tok(i, at, word, "NNP" if word[:1].isupper() else "NN", "ROOT" if i == 0 else "appos", 0, 0)
                )
                at += len(word)
            out.append(words)
        return out

    return parse


def test_a_story_grown_in_random_parts_has_the_actors_of_reading_every_article_at_once():
    config = Config().synthesize
    drawn = []
    for seed in range(12):
        rng = random.Random(seed)
        articles = [_article(rng, k) for k in range(rng.randint(2, 14))]
        settings = replace(config, actor_story_names=rng.random() < 0.8)
        parsed: list[str] = []
        parse = _fake_parse(parsed) if rng.random() < 0.7 else None
        expected = resolve_actors(_story(articles), settings, parse=parse)
        drawn.append(len(expected))
        for part, seen, later in grown_in_parts(rng, articles, MentionMemory, _through_store):
            story = _story(seen)
            parsed.clear()
            got = resolve_actors(story, settings, parse=parse, memory=later)
            new = {a for a, *_ in part}  # only their sentences are parsed
            assert all(any(text == s.text for a in new for s in story.sentences[a]) for text in parsed)
            assert (later.read, later.reused) == (len(part), len(seen) - len(part))
            assert got == resolve_actors(story, settings, parse=parse), seed
            assert set(later.new) <= new
        assert got == expected, seed
    assert sum(n > 3 for n in drawn) >= 10  # the draws have actors: the comparison is not vacuous


def _through_store(kept):
    return decode_mentions(encode_mentions(kept))


def test_a_changed_article_is_read_again_and_a_new_date_dates_its_roles_without_reading_it():
    rng = random.Random(3)
    articles = [("a1", "2031-03-02", ["Defense Minister Lena Brandt visited Brennick."], {"Lena Brandt": "PERSON"})]
    articles += [_article(rng, k) for k in range(2, 6)]
    config = Config().synthesize
    memory = MentionMemory()
    resolve_actors(_story(articles), config, memory=memory)
    assert memory.read == len(articles)
    memory.take_new()
    redated = [("a1", "2031-03-07", *articles[0][2:]), *articles[1:]]
    got = resolve_actors(_story(redated), config, memory=memory)
    assert (memory.read, memory.reused) == (0, len(articles))
    assert got == resolve_actors(_story(redated), config)
    brandt = next(r.actor for r in got if r.actor.name == "Lena Brandt")
    assert [(role.title, role.as_of) for role in brandt.roles] == [("Defense Minister", "2031-03-07")]
    changed = [("a1", "2031-03-07", ["Foreign Minister Lena Brandt visited Brennick."], articles[0][3]), *articles[1:]]
    got = resolve_actors(_story(changed), config, memory=memory)
    assert (memory.read, memory.reused) == (1, len(articles) - 1) and set(memory.take_new()) == {"a1"}
    assert got == resolve_actors(_story(changed), config)


def test_mentions_read_with_a_parse_that_gave_nothing_are_not_kept():
    """No parser loaded: the parse gives empty trees, and what was read without it is not kept as
    the parser's (the next writing with a parser reads the article again)."""
    articles = [
        ("a1", "2031-03-02", ["Lena Brandt was named director of the agency on Tuesday."], {"Lena Brandt": "PERSON"})
    ]
    memory = MentionMemory()
    with_empty = resolve_actors(
        _story(articles), Config().synthesize, parse=lambda texts: [[] for _ in texts], memory=memory
    )
    assert memory.read == 1 and memory.take_new() == {}
    assert with_empty == resolve_actors(_story(articles), Config().synthesize, parse=lambda texts: [[] for _ in texts])


def test_names_are_found_at_capitalised_words_as_in_the_whole_text():
    rng = random.Random(5)
    words = ["Brandt", "Brand", "the", "Lena", "Lena-Brandt", "Water", "Authority", "said", "of", "B", "Berg's", "x"]
    names = ["Lena Brandt", "Brandt", "Water Authority", "Water", "Berg", "Lena", "Authority of"]
    for _ in range(300):
        text = " ".join(rng.choices(words, k=rng.randint(1, 12)))
        find = NameFinder(rng.sample(names, rng.randint(1, len(names))))
        assert find.among(text, capitalised_words(text)) == find(text)


def test_the_version_names_the_parser_and_the_code(monkeypatch):
    from newsweave.synthesize import actor_memory, kept_articles

    assert mentions_version("en_core_web_sm 3.8") != mentions_version(None)
    before = mentions_version(None)
    monkeypatch.setattr(actor_memory, "code_digest", lambda: "another")
    assert mentions_version(None) != before
    # the code that reads an article: the actors' module and what it imports (the role rules too)
    from newsweave.runtime import code_digest as code

    modules = code.imported_modules([actor_memory.FOUND_BY], data_only=kept_articles.DATA_ONLY)
    assert {"newsweave.synthesize.actors", "newsweave.synthesize.roles", "newsweave.text.names"} <= set(modules)
