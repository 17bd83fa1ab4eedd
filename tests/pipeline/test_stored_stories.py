"""Clustering against stored stories read a block at a time gives what holding them whole gives."""

import copy
import random
from datetime import date, timedelta

import numpy as np

from newsweave.clean.article import clean_article
from newsweave.cluster.stories import (
    ArticleFeatures,
    MemoryStories,
    RegroupWindow,
    StoryState,
    Weights,
    entity_keys,
    group,
    idf_weights,
    place,
)
from newsweave.config import Config
from newsweave.pipeline.story_source import StoredStories, StoredWeights, article_features
from newsweave.records import Annotation, Entity, RawArticle, Sentence
from newsweave.store.store import Store

EVENTS = [("harbour", "crane"), ("vote", "senate"), ("flood", "river"), ("strike", "union")]
DIM = 8
START = date(2024, 3, 1)


def _features(n, seed, undated_every=0):
    """``n`` articles about the events above: a noisy vector near the event's axis, its words."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        e = rng.randrange(len(EVENTS))
        vec = np.array([rng.gauss(0, 0.35) for _ in range(DIM)], dtype=np.float32)
        vec[e] += 1.0
        words = set(EVENTS[e]) | {rng.choice(["report", "city", "official", "week"])}
        day = None if undated_every and i % undated_every == 0 else START + timedelta(days=rng.randrange(30))
        out.append(
            ArticleFeatures(f"{seed}-{i}", vec / np.linalg.norm(vec), frozenset(words), day, dict.fromkeys(words, 2))
        )
    return out


WEIGHTS = Weights(
    idf_weights({w: 3 for e in EVENTS for w in e}, 40), idf_weights({w: 3 for e in EVENTS for w in e}, 40)
)


def _stories(features, config):
    assignment = group(features, [], WEIGHTS, config)
    stories = {}
    for f in features:
        stories.setdefault(assignment[f.id], StoryState(assignment[f.id])).members.append(f)
    return list(stories.values())


def test_stories_cut_into_blocks_group_new_articles_as_stories_held_whole():
    config = Config().event_grouping()
    stories = _stories(_features(40, 1, undated_every=5), config)
    assert len(stories) >= 3
    new = _features(12, 2, undated_every=4)
    whole = group(new, copy.deepcopy(stories), WEIGHTS, config)
    one_by_one = group(new, [], WEIGHTS, config, blocks=[[s] for s in copy.deepcopy(stories)])
    assert one_by_one == whole
    # new articles that join a stored story count as its members for the next chunk of new articles
    chunked = Config(cluster_chunk=3).event_grouping()
    assert group(new, [], WEIGHTS, chunked, blocks=[[s] for s in copy.deepcopy(stories)]) == group(
        new, copy.deepcopy(stories), WEIGHTS, chunked
    )


def test_articles_joining_a_stored_story_count_as_its_members_for_the_next_chunk():
    def at(name, degrees):
        angle = np.radians(degrees)
        return ArticleFeatures(name, np.array([np.cos(angle), np.sin(angle)], dtype=np.float32), frozenset(), START)

    story = StoryState("s-harbour", [at("a", 0), at("b", 0)])
    new = [at("c1", 25), at("c2", 25), at("d", 50)]  # d is close to c1 and c2, far from a and b
    chunked = Config(
        cluster_chunk=2, event_entity_weight=0.0, event_term_weight=0.0, event_threshold=0.75
    ).event_grouping()
    alone = group([at("d", 50)], [copy.deepcopy(story)], WEIGHTS, chunked)
    assert alone["d"] != "s-harbour"
    whole = group(new, [copy.deepcopy(story)], WEIGHTS, chunked)
    assert set(whole.values()) == {"s-harbour"}
    assert group(new, [], WEIGHTS, chunked, blocks=[[copy.deepcopy(story)]]) == whole


def _store_features(store, features, stories):
    """Store ``features`` as annotated articles in ``stories`` (article id → story id)."""
    ids = {}
    for f in features:
        text = f"Report {f.id} on the " + " and the ".join(sorted(f.entities)) + "."
        article = clean_article(
            RawArticle(source=f"{f.id}.txt", text=text, id=f.id, published=f.date.isoformat() if f.date else None)
        )
        store.add_articles([article])
        sentence = Sentence(article.id, 0, text, "body", 0, len(text))
        entities = [Entity(article.id, 0, w, "ORG", text.index(w), text.index(w) + len(w)) for w in sorted(f.entities)]
        store.save_annotations(
            [Annotation(article.id, [sentence], entities, [float(x) for x in f.vector], dict(f.terms))],
            {article.id: f.entities},
        )
        ids[f.id] = article.id
    store.assign({ids[a]: s for a, s in stories.items()})
    return ids


def test_the_store_read_in_blocks_places_new_articles_as_the_stories_held_in_memory(tmp_path):
    config = Config(recluster_days=10).event_grouping()
    old = _features(30, 3, undated_every=6)
    stories = _stories(old, config)
    with Store(tmp_path / "s.db") as store:
        _store_features(store, old, {m.id: s.id for s in stories for m in s.members})
        stored = [
            StoryState(
                s.id, [article_features(store, m.id, m.date.isoformat() if m.date else None, DIM) for m in s.members]
            )
            for s in stories
        ]
        new = _features(10, 4, undated_every=3)
        new = [
            ArticleFeatures(f.id, f.vector, entity_keys((w, "ORG") for w in f.entities), f.date, f.terms) for f in new
        ]
        source = StoredStories(store, [s.id for s in stories], DIM, block_members=1)
        blocks = list(source.cores(RegroupWindow.around([START + timedelta(days=40)], 20)))
        assert len(blocks) == len([s for s in stories if any(not m.date or m.date.day < 21 for m in s.members)])
        assert all(len(b) == 1 for b in blocks)
        ids = [[(s.id, [m.id for m in s.members]) for s in b] for b in source.cores(None)]
        assert ids and ids == [[(s.id, [m.id for m in s.members]) for s in b] for b in source.cores(None)]
        assert all(m.entities for b in source.cores(None) for s in b for m in s.members)
        assert place(new, source, WEIGHTS, config) == place(new, MemoryStories(stored), WEIGHTS, config)
        assert place(new, source, WEIGHTS, config) == place(new, copy.deepcopy(stored), WEIGHTS, config)
        # the store's word weights, read for the keys asked, are those of its whole tables
        df, n = store.entity_df()
        whole = Weights(idf_weights(df, n), idf_weights(store.term_df(), n))
        read = StoredWeights(store)
        entities, terms = {"harbour", "vote", "absent"}, {"crane", "city", "absent"}
        got, want = read.lookup(entities, terms), whole.lookup(entities, terms)
        assert got[0] == {k: v for k, v in want[0].items() if k in entities} and set(got[0]) == {"harbour", "vote"}
        assert got[1] == {k: v for k, v in want[1].items() if k in terms} and got[2] == want[2] > 1.0
        assert place(new, source, read, config) == place(new, MemoryStories(stored), whole, config)


def test_features_read_for_many_articles_at_once_are_those_of_each_article_read_alone(tmp_path):
    from newsweave.cluster.stories import principal_people
    from newsweave.pipeline.story_source import articles_features

    old = _features(30, 3, undated_every=6)
    with Store(tmp_path / "s.db") as store:
        ids = _store_features(store, old, {})
        pairs = [(ids[f.id], f.date.isoformat() if f.date else None) for f in old] + [("missing", None)]
        many = articles_features(store, pairs, DIM)
        for (article_id, _), got in zip(pairs[:-1], many, strict=False):
            entities = store.entities(article_id)
            assert got.id == article_id and got.terms == store.terms(article_id)
            assert got.entities == entity_keys((e.text, e.label) for e in entities)
            assert got.principals == principal_people(entities)
            assert np.array_equal(got.vector, store.article_vector(article_id))
        assert [f.date for f in many[:-1]] == [f.date for f in old]
        assert not many[-1].vector.any() and many[-1].entities == frozenset()


def test_date_bounds_reach_both_ways_only_when_every_item_is_dated():
    from newsweave.pipeline.grouping import date_bounds

    week = timedelta(days=7)
    assert date_bounds([START, START + week], week) == ((START - week).isoformat(), (START + 2 * week).isoformat())
    assert date_bounds([START, None], week) == ((START - week).isoformat(), None)  # an undated one: no end
    assert date_bounds([None], week) == (None, None)


def test_features_read_from_the_store_carry_each_kind_of_prominent_name_in_its_own_field(tmp_path):
    from newsweave.pipeline.story_source import articles_features

    text = "Ada Vantorre of the Harbour Board in Lindhaven spoke."
    names = [("Ada Vantorre", "PERSON"), ("Harbour Board", "ORG"), ("Lindhaven", "GPE")]
    with Store(tmp_path / "s.db") as store:
        article = clean_article(RawArticle(source="a.txt", text=text, id="a", published=None))
        store.add_articles([article])
        sentences = [Sentence(article.id, k, text, "body", 0, len(text)) for k in range(3)]
        entities = [
            Entity(article.id, k, name, label, text.index(name), text.index(name) + len(name))
            for k in range(3)
            for name, label in names
        ]
        store.save_annotations(
            [Annotation(article.id, sentences, entities, [0.0] * DIM, {})], {article.id: frozenset()}
        )
        (got,) = articles_features(store, [(article.id, None)], DIM)
    assert got.salient_people == {"vantorre"}
    assert got.salient_places == {"lindhaven"}
    assert got.salient_organisations == {"harbour board"}
