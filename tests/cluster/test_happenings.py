"""A dense stretch of a developing story's coverage is cut into the happenings it holds."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import numpy as np

from newsweave.clean.article import clean_article
from newsweave.cluster.conflicts import happening_cuts, is_dense
from newsweave.cluster.stories import ArticleFeatures, Weights, similarity_matrix
from newsweave.config import Config
from newsweave.pipeline.grouping import GroupSteps
from newsweave.records import Annotation, Entity, RawArticle, Sentence
from newsweave.store.store import Store

START = date(2024, 3, 1)
DAYS = 16
DIM = DAYS + 1
WEIGHTS = Weights({}, {})


def _config(**overrides: object) -> Config:
    # similarity by the embedding alone: within a day's happening 1.0, across days 0.25
    return Config(event_entity_weight=0.0, event_term_weight=0.0, **overrides)  # type: ignore[arg-type]


def _stretch(days: int = DAYS, per_day: int = 2, prefix: str = "a") -> list[ArticleFeatures]:
    """``per_day`` reports a day of one happening a day, every report sharing the story's axis."""
    out = []
    for d in range(days):
        vec = np.zeros(DIM, dtype=np.float32)
        vec[0], vec[1 + d % DAYS] = 0.5, np.sqrt(0.75)
        for k in range(per_day):
            out.append(ArticleFeatures(f"{prefix}{d:02d}-{k}", vec.copy(), frozenset(), START + timedelta(days=d)))
    return out


def _cuts(events: dict[str, list[ArticleFeatures]], config: Config) -> dict[str, str]:
    grouping = config.event_grouping()
    return happening_cuts(events, lambda items: similarity_matrix(items, items, WEIGHTS, grouping), grouping)


def test_a_group_is_dense_when_it_holds_many_dated_reports_a_day_over_weeks():
    grouping = _config().event_grouping()
    assert is_dense(_stretch(), grouping)  # 32 reports over 16 days
    assert not is_dense(_stretch(days=8, per_day=4), grouping)  # as many, but over days: one happening may
    assert not is_dense(_stretch(per_day=1), grouping)  # weeks, but one report a day
    assert not is_dense(_stretch(days=5), grouping)  # too few reports
    undated = [ArticleFeatures(a.id, a.vector, a.entities) for a in _stretch()]
    assert not is_dense(undated, grouping)
    assert not is_dense(_stretch(), _config(event_dense_rate=0.0).event_grouping())


def test_a_dense_stretch_is_cut_into_its_happenings_and_the_largest_keeps_the_id():
    stretch = _stretch()
    moved = _cuts({"e-stretch": stretch}, _config())
    events: dict[str, set[str]] = {}
    for a in stretch:
        events.setdefault(moved.get(a.id, "e-stretch"), set()).add(a.id)
    assert len(events) == DAYS and "e-stretch" in events
    assert all(len({m.split("-")[0] for m in members}) == 1 for members in events.values())  # one day each
    # the same articles cut again, in another order and beside another event, take the same ids
    other = _stretch(prefix="b")
    assert _cuts({"e-other": other, "e-stretch": stretch[::-1]}, _config()) == {
        **moved,
        **_cuts({"e-other": other}, _config()),
    }
    assert _cuts({"e-stretch": stretch}, _config(event_dense_rate=0.0)) == {}
    assert _cuts({"e-short": _stretch(days=8, per_day=4)}, _config()) == {}


def test_a_stretch_of_one_happening_reported_for_weeks_is_kept_whole():
    vec = np.zeros(DIM, dtype=np.float32)
    vec[0] = 1.0
    same = [ArticleFeatures(a.id, vec.copy(), frozenset(), a.date) for a in _stretch()]
    assert _cuts({"e-one": same}, _config()) == {}


def _store(store: Store, items: list[ArticleFeatures]) -> None:
    for f in items:
        text = f"Report {f.id} on the harbour."
        article = clean_article(RawArticle(source=f"{f.id}.txt", text=text, id=f.id, published=f.date.isoformat()))
        store.add_articles([article])
        sentence = Sentence(f.id, 0, text, "body", 0, len(text))
        entity = Entity(f.id, 0, "harbour", "ORG", text.index("harbour"), text.index("harbour") + 7)
        store.save_annotations([Annotation(f.id, [sentence], [entity], [float(x) for x in f.vector], {})], {})


def test_the_pipeline_cuts_a_dense_event_after_linking_and_keeps_its_pieces_in_its_story(tmp_path):
    stretch = _stretch()
    with Store(tmp_path / "s.db") as store:
        _store(store, stretch)
        store.assign_events({a.id: "e-stretch" for a in stretch})
        row = (np.ones(DIM, dtype=np.float32), frozenset({"harbour"}), {}, START.isoformat(), frozenset())
        store.link_events({"e-stretch": "s-story"}, [("e-stretch", *row)])
        steps = GroupSteps.__new__(GroupSteps)
        steps.store, steps.config, steps.embedder = store, _config(), SimpleNamespace(dimension=DIM)  # type: ignore[assignment]
        assert steps.cut_happenings({"e-stretch"}) == len(stretch) - 2
        events = {str(r[0]) for r in store.conn.execute("SELECT DISTINCT event_id FROM articles")}
        assert len(events) == DAYS and "e-stretch" in events
        assert set(store.stories_of_events(events).values()) == {"s-story"}
        assert sorted(store.story_members("s-story")) == sorted(a.id for a in stretch)
        assert store.unlinked_events() == []  # every piece has its features and story
        assert steps.cut_happenings(events) == 0  # happenings are not dense: nothing moves again
