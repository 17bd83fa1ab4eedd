"""The days articles' sentences tell, kept: a story written again as it grows dates only its new
(or changed, or re-dated) articles, and its timeline is the one of dating every article again."""

from __future__ import annotations

import random

import pytest

from newsweave.config import Config
from newsweave.records import StoryMaterial
from newsweave.synthesize import timeline
from newsweave.synthesize.timeline import build_timeline, sentences_to_parse
from newsweave.synthesize.timeline_memory import DayMemory, days_version, decode_days, encode_days
from newsweave.text.eventdate_memory import EventDateMemory

from ..synth_helpers import grown_in_parts, material

EVENTS = [
    "The levee was breached on {day} and 2,400 residents were evacuated.",
    "Operators opened the spillway gates on {day} night.",
    "An inquiry into the flooding opens on {date}.",
    "The governor, who declared an emergency in 2019, visited the dam on {day}.",
    "Crews said on {day} that the water had fallen by a metre since {date}.",
    "Rain fell all week and the river rose again.",
    "In March the authority said the dam would be inspected every year.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Friday", "Sunday"]
DATES = ["March 2", "March 5", "March 20", "April 1"]


@pytest.fixture(scope="module")
def parse():
    from newsweave.text.clauses import ClauseSplitter

    splitter = ClauseSplitter(Config().spacy_model)
    known: dict[str, list] = {}

    def parse(texts):
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        known.update(zip(missing, splitter.parse(missing), strict=True))
        return [known[t] for t in texts]

    return parse


def _article(rng: random.Random, k: int) -> tuple[str, str, list[str]]:
    body = [rng.choice(EVENTS).format(day=rng.choice(DAYS), date=rng.choice(DATES)) for _ in range(rng.randint(1, 5))]
    return f"a{k:02d}", f"2031-03-{rng.randint(3, 12):02d}", body


def _story(articles) -> StoryMaterial:
    story = material(list(articles))
    story.articles.sort(key=lambda a: (a.published or "9999", a.id))
    return story


def _shown(entries):
    return [(e.date, e.text, [(c.article, c.sentence) for c in e.citations]) for e in entries]


def test_a_timeline_grown_in_random_parts_is_the_one_of_dating_every_article_at_once(parse, monkeypatch):
    config = Config().synthesize
    dated: list[str] = []
    real = timeline._event_days

    def counted(published, sentences, *args, **kwargs):
        dated.append(sentences[0].article_id if sentences else "")
        return real(published, sentences, *args, **kwargs)

    monkeypatch.setattr(timeline, "_event_days", counted)
    sizes = []
    for seed in range(8):
        rng = random.Random(seed)
        articles = [_article(rng, k) for k in range(rng.randint(3, 12))]
        expected = _shown(build_timeline(_story(articles), config, parse=parse))
        sizes.append(len(expected))
        for part, seen, later in grown_in_parts(rng, articles, DayMemory, lambda d: decode_days(encode_days(d))):
            story = _story(seen)
            to_parse = sentences_to_parse(story, EventDateMemory(), later)
            new = {aid for aid, *_ in part}
            assert all(any(t == s.text for a in new for s in story.sentences[a]) for t in to_parse)
            dated.clear()
            got = _shown(build_timeline(story, config, parse=parse, memory=EventDateMemory(), article_days=later))
            assert (later.read, later.reused) == (len(part), len(seen) - len(part))
            assert {a for a in dated if a} <= new  # only the new articles are dated
            assert got == _shown(build_timeline(story, config, parse=parse)), seed
        assert got == expected, seed
    assert sum(n >= 2 for n in sizes) >= 6  # the draws make timelines: the comparison is not vacuous


def test_an_article_re_dated_or_changed_is_dated_again_and_the_others_are_not(parse):
    config = Config().synthesize
    rng = random.Random(2)
    articles = [_article(rng, k) for k in range(5)]
    memory = DayMemory()
    build_timeline(_story(articles), config, parse=parse, article_days=memory)
    assert memory.read == 5
    kept = {a: decode_days(encode_days(d)) for a, d in memory.take_new().items()}
    redated = [(articles[0][0], "2031-03-20", articles[0][2]), *articles[1:]]
    again = DayMemory()
    again.remember(kept)
    got = build_timeline(_story(redated), config, parse=parse, article_days=again)
    assert (again.read, again.reused) == (1, 4) and set(again.take_new()) == {articles[0][0]}
    assert _shown(got) == _shown(build_timeline(_story(redated), config, parse=parse))
    changed = [*articles[:-1], (articles[-1][0], articles[-1][1], [*articles[-1][2], "A dam burst on Monday."])]
    again = DayMemory()
    again.remember(kept)
    got = build_timeline(_story(changed), config, parse=parse, article_days=again)
    assert (again.read, again.reused) == (1, 4)
    assert _shown(got) == _shown(build_timeline(_story(changed), config, parse=parse))


def test_days_found_without_a_parse_are_not_kept_and_without_a_parser_none_are_read():
    config = Config().synthesize
    mat = _story([("a", "2031-03-06", ["The levee was breached on Tuesday."])])
    memory = DayMemory()
    assert build_timeline(mat, config, parse=lambda texts: [[] for _ in texts], article_days=memory)
    assert memory.read == 1 and memory.take_new() == {}
    # the rules alone (no parse): the days are neither read nor kept
    build_timeline(mat, config, article_days=memory)
    assert (memory.read, memory.reused) == (0, 0) and memory.take_new() == {}


def test_the_version_names_the_dating_and_the_code(monkeypatch):
    from newsweave.synthesize import timeline_memory

    assert days_version("event date learned x parser") != days_version("event date rules x parser")
    before = days_version("kind")
    monkeypatch.setattr(timeline_memory, "code_digest", lambda: "another")
    assert days_version("kind") != before
