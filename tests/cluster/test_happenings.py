"""A dense stretch of a developing story's coverage is cut into the happenings it holds."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import numpy as np

from newsweave.clean.article import clean_article
from newsweave.cluster.conflicts import dense_pieces, happenings, is_burst, is_dense
from newsweave.cluster.stories import ArticleFeatures, Weights, similarity_matrix
from newsweave.config import Config
from newsweave.pipeline.grouping import GroupSteps
from newsweave.records import Annotation, Entity, Event, RawArticle, Sentence
from newsweave.store.store import Store

START = date(2024, 3, 1)
DAYS = 16
DIM = DAYS + 2
WEIGHTS = Weights({}, {})


def _config(**overrides: object) -> Config:
    # similarity by the embedding alone: within a day's happening 1.0, across days 0.25
    return Config(event_entity_weight=0.0, event_term_weight=0.0, **overrides)  # type: ignore[arg-type]


def _report(day: int, k: int, prefix: str = "a") -> ArticleFeatures:
    vec = np.zeros(DIM, dtype=np.float32)
    vec[0], vec[1 + day] = 0.5, np.sqrt(0.75)
    return ArticleFeatures(f"{prefix}{day:02d}-{k}", vec, frozenset({f"pier{day}"}), START + timedelta(days=day))


def _stretch(days: int = DAYS, per_day: int = 2, prefix: str = "a") -> list[ArticleFeatures]:
    """``per_day`` reports a day of one happening a day, every report sharing the story's axis."""
    return [_report(d, k, prefix) for d in range(days) for k in range(per_day)]


def _cut(groups, config, before=None, taken=frozenset()):
    grouping = config.event_grouping()
    return happenings(
        groups, before or {}, set(taken), lambda items: similarity_matrix(items, items, WEIGHTS, grouping), grouping
    )


def test_a_group_is_dense_when_it_holds_many_dated_reports_a_day_over_weeks():
    grouping = _config().event_grouping()
    assert is_dense(_stretch(), grouping)  # 32 reports over 16 days
    assert not is_dense(_stretch(days=8, per_day=4), grouping)  # as many, but over days: one happening may
    assert not is_dense(_stretch(per_day=1), grouping)  # weeks, but one report a day
    assert not is_dense(_stretch(days=5), grouping)  # too few reports
    undated = [ArticleFeatures(a.id, a.vector, a.entities) for a in _stretch()]
    assert not is_dense(undated, grouping)
    assert not is_dense(_stretch(), _config(event_dense_rate=0.0).event_grouping())


def test_a_dense_stretch_is_cut_into_its_happenings_and_a_stretch_grouped_again_keeps_them():
    stretch = _stretch()
    events, families = _cut({"e-stretch": stretch}, _config())
    by_event: dict[str, set[str]] = {}
    for a in stretch:
        by_event.setdefault(events[a.id], set()).add(a.id)
    assert len(by_event) == DAYS and "e-stretch" in by_event
    assert all(len({m.split("-")[0] for m in members}) == 1 for members in by_event.values())  # one day each
    assert families == dict.fromkeys(by_event, "e-stretch")
    # grouped again under another id with a new report of day 3: only the new report takes an
    # event it did not have, and every happening keeps its id
    grown = [*stretch, _report(3, 9)]
    again, _ = _cut({"e-other": grown}, _config(), before=events)
    assert {a: e for a, e in again.items() if events.get(a) != e} == {"a03-9": events["a03-0"]}
    # an id an event outside keeps is not taken from it
    taken, _ = _cut({"e-other": grown}, _config(), before=events, taken={events["a03-0"]})
    assert taken["a03-0"] != events["a03-0"] and taken["a03-0"] == taken["a03-9"]


def test_groups_that_are_not_dense_keep_their_id_and_have_no_family():
    short = _stretch(days=8, per_day=4)
    events, families = _cut({"e-short": short}, _config())
    assert set(events.values()) == {"e-short"} and families == {}
    vec = np.zeros(DIM, dtype=np.float32)
    vec[0] = 1.0
    same = [ArticleFeatures(a.id, vec.copy(), a.entities, a.date) for a in _stretch()]
    events, families = _cut({"e-one": same}, _config())  # dense, but one happening reported for weeks
    assert set(events.values()) == {"e-one"} and families == {"e-one": "e-one"}


def _burst(days: int = 8, per_day: int = 6, day_share: float = 0.2, story_share: float = 0.1) -> list[ArticleFeatures]:
    """``per_day`` reports a day of one happening a day over ``days`` days, each report also
    saying much of its own: two reports of one day are ``story_share + day_share`` alike, of two
    days ``story_share`` (by the embedding alone)."""
    size = days * per_day
    out = []
    for d in range(days):
        for k in range(per_day):
            vec = np.zeros(1 + days + size, dtype=np.float32)
            vec[0], vec[1 + d] = np.sqrt(story_share), np.sqrt(day_share)
            vec[1 + days + d * per_day + k] = np.sqrt(1.0 - story_share - day_share)
            out.append(ArticleFeatures(f"b{d:02d}-{k}", vec, frozenset({f"pier{d}"}), START + timedelta(days=d)))
    return out


def test_a_burst_of_many_reports_over_days_is_dense_when_bursts_are_cut():
    burst = _burst()  # 48 reports over 8 days
    assert not is_dense(burst, _config(event_dense_burst=0).event_grouping())  # off: only weeks are cut
    grouping = _config(event_dense_burst=40).event_grouping()
    assert is_burst(burst, grouping) and is_dense(burst, grouping)
    assert not is_burst(_burst(days=5, per_day=4), grouping)  # 20 reports: a happening may draw as many
    assert not is_burst(_burst(per_day=1), grouping)  # too few a day
    assert not is_burst(_stretch(per_day=3), grouping)  # 48 over 16 days: a stretch of weeks, not a burst
    assert is_dense(_stretch(per_day=3), grouping)


def test_a_burst_is_cut_relative_to_its_own_similarity_into_its_days_happenings():
    burst = _burst()
    grouping = _config(event_dense_burst=40, event_dense_relative=1.4).event_grouping()
    sim = similarity_matrix(burst, burst, WEIGHTS, grouping)
    pieces = dense_pieces(list(range(len(burst))), sim, burst, grouping)
    assert len(pieces) == 8
    assert all(len({burst[m].id.split("-")[0] for m in piece}) == 1 for piece in pieces)  # one day each
    # the bar of weeks of coverage alone (0.35) is above two reports of one happening here: every
    # report would stand alone
    absolute = _config(event_dense_burst=40, event_dense_relative=0.0).event_grouping()
    assert len(dense_pieces(list(range(len(burst))), sim, burst, absolute)) == len(burst)


def test_one_happenings_many_reports_over_the_same_days_stay_one_event():
    """60 reports of one happening over three days, each the happening plus noise of its own: the
    bar relative to their own similarity cuts them by chance into pieces that spread over all
    three days alike, so the cut is not kept (with the check off, it shatters them)."""
    rng = np.random.default_rng(5)
    dim, items = 120, []
    for k in range(60):
        vec = np.zeros(dim, dtype=np.float32)
        vec[0] = np.sqrt(0.3)
        noise = rng.normal(size=dim - 1)
        vec[1:] = np.sqrt(0.7) * noise / np.linalg.norm(noise)
        items.append(ArticleFeatures(f"r{k}", vec, frozenset({"quake"}), date(2024, 3, 1) + timedelta(days=k % 3)))
    grouping = _config(event_dense_burst=40, event_dense_relative=1.4).event_grouping()
    sim = similarity_matrix(items, items, WEIGHTS, grouping)
    assert len(dense_pieces(list(range(60)), sim, items, grouping)) == 1
    unchecked = _config(event_dense_burst=40, event_dense_relative=1.4, event_dense_localised=0.0).event_grouping()
    assert len(dense_pieces(list(range(60)), sim, items, unchecked)) > 5


def _store(store: Store, items: list[ArticleFeatures]) -> None:
    for f in items:
        (name,) = f.entities
        text = f"Report {f.id} on the {name}."
        article = clean_article(RawArticle(source=f"{f.id}.txt", text=text, id=f.id, published=f.date.isoformat()))
        store.add_articles([article])
        sentence = Sentence(f.id, 0, text, "body", 0, len(text))
        entity = Entity(f.id, 0, name, "ORG", text.index(name), text.index(name) + len(name))
        store.save_annotations([Annotation(f.id, [sentence], [entity], [float(x) for x in f.vector], {})], {})


def _steps(store: Store) -> GroupSteps:
    steps = GroupSteps.__new__(GroupSteps)
    steps.store, steps.config, steps.embedder = store, _config(), SimpleNamespace(dimension=DIM)  # type: ignore[assignment]
    return steps


def _linked_stretch(store: Store, items: list[ArticleFeatures], event: str = "e-stretch") -> GroupSteps:
    """``items`` stored as one event of one story, as the event level and the story level leave
    them; the grouping steps over that store."""
    _store(store, items)
    store.assign_events({a.id: event for a in items})
    row = (np.ones(DIM, dtype=np.float32), frozenset({"harbour"}), {}, START.isoformat(), frozenset())
    store.link_events({event: "s-story"}, [(event, *row)])
    return _steps(store)


def _written(store: Store) -> None:
    """Every event written (a stand-in for synthesis: its id as its title)."""
    store.save_events([Event(e, title=f"title of {e}") for e in store.dirty_events()])


def test_the_pipeline_cuts_a_dense_event_after_linking_and_keeps_its_happenings_in_its_story(tmp_path):
    stretch = _stretch()
    with Store(tmp_path / "s.db") as store:
        steps = _linked_stretch(store, stretch)
        assert steps.cut_happenings({"e-stretch"}, {}) == len(stretch) - 2
        events = {str(r[0]) for r in store.conn.execute("SELECT DISTINCT event_id FROM articles")}
        assert len(events) == DAYS and "e-stretch" in events
        assert set(store.stories_of_events(events).values()) == {"s-story"}
        assert sorted(store.story_members("s-story")) == sorted(a.id for a in stretch)
        assert store.unlinked_events() == []  # every happening has its features and story
        assert steps.cut_happenings(events, {}) == 0  # happenings are not dense: nothing moves again


def test_a_stretch_grouped_again_keeps_its_happenings_ids_and_writing_but_for_what_changed(tmp_path):
    stretch = _stretch()
    with Store(tmp_path / "s.db") as store:
        steps = _linked_stretch(store, stretch)
        steps.cut_happenings({"e-stretch"}, {})
        _written(store)
        first = {str(r[0]): str(r[1]) for r in store.conn.execute("SELECT id, event_id FROM articles")}
        late = [_report(3, 9), _report(DAYS, 0), _report(DAYS, 1)]  # day 3 again, and a new day
        _store(store, late)
        # the next build groups the window again: every happening back into one event, written
        moves = {a.id: first["a00-0"] for a in [*stretch, *late]}
        written = store.event_writings(set(first.values()))
        store.assign_events(moves)
        assert steps.cut_happenings({first["a00-0"]}, written) == len(stretch) + len(late) - 2
        now = {str(r[0]): str(r[1]) for r in store.conn.execute("SELECT id, event_id FROM articles")}
        assert {a: now[a] for a in first} == first  # every article is back in its happening
        assert now["a03-9"] == first["a03-0"] and now[f"a{DAYS:02d}-0"] == now[f"a{DAYS:02d}-1"]
        assert now[f"a{DAYS:02d}-0"] not in first.values()
        # what was written stays for the happenings that hold the same articles; the others are to write
        assert sorted(store.dirty_events()) == sorted({first["a03-0"], now[f"a{DAYS:02d}-0"]})
        assert store.written_events([first["a05-0"]])[first["a05-0"]].title == f"title of {first['a05-0']}"
        assert set(store.stories_of_events(set(now.values())).values()) == {"s-story"}


def test_a_piece_never_takes_the_id_of_an_event_that_keeps_other_articles():
    stretch = _stretch()
    events, _ = _cut({"e-stretch": stretch}, _config())
    day1 = events["a01-0"]
    # the day-1 happening also holds a report outside the group: its id is taken, and no piece
    # may take it, not even by the id a piece would be given without it
    again, _ = _cut({"e-stretch": stretch}, _config(), before=events, taken={day1})
    assert day1 not in again.values()
    assert again["a01-0"] == again["a01-1"] and len(set(again.values())) == DAYS
