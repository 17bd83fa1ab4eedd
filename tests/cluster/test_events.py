"""Two levels of grouping: articles in events, events in developing stories."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from newsweave.clean.article import clean_article
from newsweave.cluster.events import event_features
from newsweave.cluster.stories import ArticleFeatures
from newsweave.pipeline.runner import Newsweave
from newsweave.records import RawArticle
from newsweave.store.groups import CameWith
from newsweave.store.store import Store

from ..conftest import SEEDS


def _features(i: int, vector, entities, day=None, terms=None) -> ArticleFeatures:
    return ArticleFeatures(f"a{i}", np.asarray(vector, dtype=np.float32), frozenset(entities), day, terms or {})


def _named(name: str, vector, names=()) -> ArticleFeatures:
    """An undated event's or story's features: its vector and names, no words."""
    return ArticleFeatures(name, np.asarray(vector, np.float32), frozenset(names), None, {})


def test_an_event_stands_for_its_articles_mean_vector_core_names_words_and_earliest_date():
    members = [
        _features(1, (1, 0), {"harbour", "mayor"}, date(2024, 3, 2), {"bridge": 2}),
        _features(2, (0, 1), {"harbour"}, date(2024, 3, 1), {"bridge": 1, "vote": 1}),
        _features(3, (1, 0), {"harbour", "ferry"}, None, {"vote": 3}),
    ]
    event = event_features("e1", members)
    assert event.id == "e1" and event.date == date(2024, 3, 1)
    assert np.isclose(np.linalg.norm(event.vector), 1.0) and event.vector[0] > event.vector[1] > 0
    assert event.entities == {"harbour"}  # named by one article of three: not what the event is about
    assert event.terms == {"bridge": 3, "vote": 4}
    with pytest.raises(ValueError):
        event_features("e2", [])


def _stored(store: Store, n: int) -> list[str]:
    articles = [
        clean_article(RawArticle(source=f"t{i}.txt", text=f"Story number {i} about the harbour.\n", id=f"a{i}"))
        for i in range(n)
    ]
    added, _ = store.add_articles(articles)
    return added


def _link(store: Store, linking: dict[str, str]) -> None:
    features = [
        (e, np.ones(2, dtype=np.float32), frozenset({"harbour"}), {"bridge": 1}, None, frozenset()) for e in linking
    ]
    store.link_events(linking, features)


def test_a_story_merged_into_another_leaves_a_redirect(tmp_path):
    with Store(tmp_path / "s.db") as store:
        a0, a1, a2 = _stored(store, 3)
        changed = store.assign_events({a0: "e-one", a1: "e-one", a2: "e-two"})
        assert changed == {"e-one", "e-two"}
        _link(store, {"e-one": "s-first", "e-two": "s-second"})
        assert store.stories_of_events(["e-one", "e-two"]) == {"e-one": "s-first", "e-two": "s-second"}
        assert store.story_members("s-second") == [a2]
        _link(store, {"e-two": "s-first"})  # the second story's only event joins the first
        assert sorted(store.story_members("s-first")) == sorted([a0, a1, a2])
        assert store.story_members("s-second") == []
        row = store.conn.execute("SELECT new_id, kind FROM redirects WHERE old_id='s-second'").fetchone()
        assert tuple(row) == ("s-first", "story")


def test_an_event_whose_articles_all_moved_is_deleted_and_redirected(tmp_path):
    with Store(tmp_path / "s.db") as store:
        a0, a1 = _stored(store, 2)
        store.assign_events({a0: "e-one", a1: "e-two"})
        changed = store.assign_events({a1: "e-one"})
        assert changed == {"e-one"}
        assert store.event_ids() == ["e-one"]
        assert store.event_member_dates("e-one") == sorted([(a0, None), (a1, None)])
        assert store.resolve("e-two") == ("event", "e-one")
        assert store.resolve("nothing") is None


def test_events_to_link_are_found_again_after_an_interruption(tmp_path):
    with Store(tmp_path / "s.db") as store:
        (a0,) = _stored(store, 1)
        store.assign_events({a0: "e-one"})
        assert store.unlinked_events() == ["e-one"]  # grouped, not yet linked: a later build links it
        _link(store, {"e-one": "s-first"})
        assert store.unlinked_events() == []
        store.assign_events({a0: "e-one"})  # the event changed: its features are stale again
        assert store.unlinked_events() == ["e-one"]


def test_events_and_stories_that_may_take_new_ones_are_bounded_on_both_sides_by_date(tmp_path):
    days = {"a0": "2010-03-01", "a1": "2010-03-20", "a2": "2014-06-01"}
    with Store(tmp_path / "s.db") as store:
        articles = [
            clean_article(RawArticle(source=f"{i}.txt", text=f"Report {i} on the harbour.\n", id=i, published=d))
            for i, d in days.items()
        ]
        store.add_articles(articles)
        store.assign_events({"a0": "e-early", "a1": "e-early", "a2": "e-late"})
        _link(store, {"e-early": "s-early", "e-late": "s-late"})
        assert store.event_ids() == ["e-early", "e-late"]
        assert store.event_ids(since="2010-03-10") == ["e-early", "e-late"]  # coverage reaches it
        assert store.event_ids(since="2010-03-21") == ["e-late"]
        assert store.event_ids(since="2009-01-01", until="2011-01-01") == ["e-early"]  # the later began after
        assert store.linkable_story_ids("2009-01-01") == ["s-early", "s-late"]
        assert store.linkable_story_ids("2009-01-01", "2011-01-01") == ["s-early"]
        assert store.linkable_story_ids(None, "2014-06-01") == ["s-early", "s-late"]


SEED_DATES = {"000": "2022-06-22", "001": "2022-06-22", "002": "2022-06-24", "003": "2022-10-27", "004": "2022-10-28"}


@pytest.mark.slow
@pytest.mark.skipif(not (SEEDS / "labels.json").exists(), reason="../shared/seeds not present")
def test_seeds_with_dates_are_one_story_of_two_visits_in_order(tmp_path, annotator):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
        (folder / f"{path.stem}.meta.json").write_text(json.dumps({"published": SEED_DATES[path.name[:3]]}))
    with Newsweave(tmp_path / "s.db", annotator=annotator) as nw:
        nw.run([folder])
        stories = nw.stories()
        assert len(stories) == 1
        story = stories[0]
        assert [(e.first_date, len(e.articles)) for e in story.events] == [("2022-06-22", 3), ("2022-10-27", 2)]
        assert all(e.dated == "record" and e.title and e.summary for e in story.events)
        assert sorted(a for e in story.events for a in e.articles) == sorted(story.article_ids)
        # both visits' people on one page, with roles cited from each visit's articles
        cited = {c.article for a in story.actors if a.type == "person" for r in a.roles for c in r.citations}
        assert all(cited & set(e.articles) for e in story.events)
        assert not story.title.endswith("…") and not story.title.lower().startswith("by ")
        for event in story.events:  # an event's id leads to its story
            assert nw.store.resolve(event.id) == ("event", event.id)
            assert nw.store.story_of_event(event.id) == story.id


@pytest.mark.slow
@pytest.mark.skipif(not (SEEDS / "labels.json").exists(), reason="../shared/seeds not present")
def test_seeds_without_dates_are_one_story_of_two_visits_in_order(tmp_path, annotator):
    with Newsweave(tmp_path / "s.db", annotator=annotator) as nw:
        nw.run(sorted(SEEDS.glob("*.txt")))
        stories = nw.stories()
        assert len(stories) == 1
        events = stories[0].events
        visits = [sorted(a.source.rsplit("/", 1)[-1][:3] for a in nw.store.articles(e.articles)) for e in events]
        assert visits == [["000", "001", "002"], ["003", "004"]]  # June's visit first, by what the texts say
        assert all(e.first_date is None for e in events)
        assert any(why.startswith(f"after '{events[0].title}'") for why in events[1].evidence)


def test_undated_articles_mainly_about_different_people_are_different_events():
    from newsweave.cluster.stories import Weights, group
    from newsweave.config import Config

    def art(i, who, day=None):
        names = {"clinic", "rehab", who}
        vector = np.asarray((1, 0.05 * i), np.float32)
        return ArticleFeatures(f"a{i}", vector, frozenset(names), day, {}, frozenset({who}))

    items = [art(1, "vantorre"), art(2, "vantorre"), art(3, "quellin"), art(4, "quellin")]
    weights = Weights({"clinic": 1.0, "rehab": 1.0, "vantorre": 3.0, "quellin": 3.0}, {})
    apart = Config(event_conflict_penalty=0.5).event_grouping()
    together = Config(event_conflict_penalty=0.0).event_grouping()
    assert len(set(group(items, [], weights, apart).values())) == 2
    assert len(set(group(items, [], weights, together).values())) == 1
    people = ((1, "vantorre"), (2, "vantorre"), (3, "quellin"), (4, "quellin"))
    dated = [art(i, who, date(2024, 5, 1)) for i, who in people]
    assert len(set(group(dated, [], weights, apart).values())) == 1  # dates, not the penalty, decide dated ones


@pytest.mark.slow
def test_a_store_from_before_events_keeps_its_story_ids(tmp_path, annotator):
    from ..conftest import SAMPLE

    with Newsweave(tmp_path / "s.db", annotator=annotator) as nw:
        nw.run([SAMPLE])
        before = {s.id: set(s.article_ids) for s in nw.stories()}
        nw.store.conn.executescript(  # schema 6: no events, stories written without them
            "DROP TABLE events; DROP TABLE redirects; DROP INDEX articles_event; DROP TABLE text_results;"
            " DROP TABLE article_quotes; DROP TABLE story_quote_pairs; DROP TABLE article_results;"
            " ALTER TABLE articles DROP COLUMN event_id; PRAGMA user_version=6;"
        )
    with Newsweave(tmp_path / "s.db", annotator=annotator) as nw:
        assert nw.store.dirty_stories() == sorted(before)  # every story is written again, with events
        assert len(nw.store.event_ids()) == len(before)  # one event per former story
        nw.build()
        after = {s.id: s for s in nw.stories()}
        for story_id, articles in before.items():
            kind, current = nw.store.resolve(story_id) or ("", "")
            assert kind == "story" and articles <= set(after[current].article_ids)
        assert all(s.events for s in after.values())


def test_two_stories_of_one_subject_merge_the_smaller_into_the_larger():
    from newsweave.cluster.events import story_merges
    from newsweave.cluster.stories import Weights
    from newsweave.config import Config

    profile = _named

    harbour_a = profile("s-a", (1, 0, 0), {"harbour", "mayor"})
    harbour_b = profile("s-b", (0.98, 0.2, 0), {"harbour", "mayor"})
    election = profile("s-c", (0, 0, 1), {"ballot"})
    weights = Weights({"harbour": 2.0, "mayor": 2.0, "ballot": 2.0}, {})
    config = Config().story_grouping()
    others = {p.id: p for p in (harbour_a, harbour_b, election)}
    sizes = {"s-a": 40, "s-b": 7, "s-c": 30}
    merges = story_merges({"s-b": harbour_b}, others, sizes, weights, config)
    assert merges == {"s-b": "s-a"} and merges.whole == {"s-b"}  # met the merge bar as a whole story
    assert story_merges({"s-a": harbour_a}, others, sizes, weights, config) == {"s-b": "s-a"}  # the larger keeps its id
    assert story_merges({"s-c": election}, others, sizes, weights, config) == {}


def test_a_small_piece_of_a_story_joins_it_below_the_merge_bar_but_stories_of_a_size_do_not():
    from newsweave.cluster.events import Piece, story_merges
    from newsweave.cluster.stories import Weights, similarity_matrix
    from newsweave.config import Config

    profile = _named

    war = profile("s-war", (1, 0, 0))
    comment = profile("s-comment", (0.6, 0.8, 0))  # a column that mentions the war
    other = profile("s-other", (0, 0, 1))
    weights = Weights({}, {})
    config = Config().story_grouping()
    value = float(similarity_matrix([comment], [war], weights, config)[0, 0])
    merge = replace(config, threshold=value + 0.1)  # below the bar for stories of a size
    piece = Piece(threshold=value - 0.05, share=0.1)
    others = {p.id: p for p in (war, comment, other)}
    small = {"s-war": 300, "s-comment": 3, "s-other": 40}
    assert story_merges({"s-comment": comment}, others, small, weights, merge) == {}  # no piece rule
    joined = story_merges({"s-comment": comment}, others, small, weights, merge, piece)
    assert joined == {"s-comment": "s-war"} and joined.whole == set()  # a piece, never parted again
    # the larger story took events: the quiet piece is examined again
    assert story_merges({"s-war": war}, others, small, weights, merge, piece) == {"s-comment": "s-war"}
    # not a piece: more than a tenth of the other's articles
    sized = {"s-war": 300, "s-comment": 60, "s-other": 40}
    assert story_merges({"s-comment": comment}, others, sized, weights, merge, piece) == {}
    # a piece between two stories it is about as near to stays alone under a margin
    rival = profile("s-rival", (0, 0.75, 0.6614))  # as near to the piece as the war, unlike it
    between = {p.id: p for p in (war, comment, rival)}
    sizes = {"s-war": 300, "s-comment": 3, "s-rival": 300}
    guarded = Piece(threshold=value - 0.05, share=0.1, margin=0.05)
    assert story_merges({"s-comment": comment}, between, sizes, weights, merge, guarded) == {}


def test_a_tight_story_takes_no_loosely_related_piece_but_a_broad_one_takes_it():
    from newsweave.cluster.events import Piece, event_features, story_merges
    from newsweave.cluster.stories import Weights, similarity_matrix
    from newsweave.config import Config

    item = _named

    weights = Weights({}, {})
    config = Config().story_grouping()
    # a broad story: its events spread far around their mean; a tight one: all near one point
    broad_events = [item(f"e{i}", v) for i, v in enumerate([(1, 0, 0), (0.6, 0.8, 0), (0.6, -0.8, 0)])]
    tight_events = [item(f"t{i}", v) for i, v in enumerate([(1, 0, 0), (0.995, 0.0998, 0), (0.995, -0.0998, 0)])]
    piece = item("s-piece", (0.4, 0, 0.9165))  # loosely related to both, in the same measure
    for name, events in (("s-broad", broad_events), ("s-tight", tight_events)):
        story = event_features(name, events, share=0.1)
        others = {name: story, "s-piece": piece}
        value = float(similarity_matrix([piece], [story], weights, config)[0, 0])
        loosest = float(similarity_matrix(events, [story], weights, config).min())
        merge = replace(config, threshold=value + 0.1)
        sizes = {name: 300, "s-piece": 3}
        spread = Piece(threshold=value - 0.05, share=0.1, spread=0.5)
        assert story_merges({"s-piece": piece}, others, sizes, weights, merge, Piece(value - 0.05, 0.1)) == {
            "s-piece": name
        }  # without the guard both take it
        joined = story_merges({"s-piece": piece}, others, sizes, weights, merge, spread, {name: events})
        assert (joined == {"s-piece": name}) == (value >= 0.5 * loosest)
        if name == "s-broad":
            assert joined == {"s-piece": name}  # as near as half its loosest event's nearness
        else:
            assert joined == {}  # a tight story's events are all far nearer than the piece
        # without its events the guard cannot judge a story's spread: it takes no piece
        assert story_merges({"s-piece": piece}, others, sizes, weights, merge, spread) == {}


def test_a_story_profile_keeps_the_names_a_given_share_of_its_events_name():
    events = [_features(i, (1, 0), {"harbour"} | ({"mayor"} if i == 0 else set())) for i in range(10)]
    assert event_features("s", events).entities == {"harbour"}
    assert event_features("s", events, share=0.1).entities == {"harbour", "mayor"}


def test_an_undated_event_is_bounded_and_ordered_by_the_dates_its_articles_mention():
    from newsweave.records import Event, event_when
    from newsweave.synthesize.story import latest_mention

    early = clean_article(
        RawArticle(source="a.txt", text="Ferry halted.\n\nThe ferry stopped on March 3, 2024, after a crack.\n")
    )
    later = clean_article(
        RawArticle(source="b.txt", text="Repairs begin.\n\nWork began on April 9, 2024, five weeks after the crack.\n")
    )
    assert latest_mention([early, later]) == ("2024-04-09", [f"article {later.id} mentions 2024-04-09"])
    assert latest_mention([clean_article(RawArticle(source="c.txt", text="No date here at all.\n"))]) == (None, [])
    assert event_when(Event("e1", not_before="2024-04-09")) == "undated, not before 2024-04-09"
    assert event_when(Event("e2", first_date="2024-03-03", last_date="2024-03-05", dated="inferred")) == (
        "2024-03-03..2024-03-05 (inferred)"
    )


def test_an_event_is_marked_inferred_only_when_the_dates_it_rests_on_are():
    from newsweave.records import Article
    from newsweave.synthesize.story import event_dates

    def article(aid: str, published: str | None, source: str | None) -> Article:
        return Article(aid, f"{aid}.txt", "", [], published=published, published_source=source)

    own = [article("a", "2018-04-28", "record"), article("b", "2018-04-29", "user")]
    borrowed = article("c", "2018-04-25", "story")  # borrowed from the story, and earlier
    assert event_dates([*own, borrowed]) == ("2018-04-28", "2018-04-29", "record")
    assert event_dates([borrowed, article("d", "2018-04-27", "inferred")]) == ("2018-04-25", "2018-04-27", "inferred")
    assert event_dates([borrowed, article("e", None, None)]) == ("2018-04-25", "2018-04-25", "inferred")
    assert event_dates([article("e", None, None)]) == (None, None, None)


def test_a_person_named_in_passing_does_not_make_an_article_about_them():
    from types import SimpleNamespace

    from newsweave.cluster.stories import Weights, group, passing_people, principal_people
    from newsweave.config import Config

    def mention(sentence, text):
        return SimpleNamespace(text=text, label="PERSON", sentence=sentence)

    # a report about Quellin's visit that recalls, once, that Vantorre went there before
    quellin = [mention(0, "Ida Quellin"), mention(1, "Quellin"), mention(4, "Quellin"), mention(6, "Quellin")]
    recalled = [*quellin, mention(2, "Rolf Vantorre")]
    assert principal_people(recalled) == {"quellin"}
    assert passing_people(recalled) == {"vantorre"}
    assert passing_people(quellin) == frozenset()
    assert passing_people(recalled, share=0.0) == frozenset()  # share 0: any mention counts

    def art(i, who, passing=frozenset()):
        names = {"port", "visit", "vantorre", "quellin"} if passing else {"port", "visit", who}
        vector = np.asarray((1, 0.05 * i), np.float32)
        return ArticleFeatures(f"a{i}", vector, frozenset(names), None, {}, frozenset({who}), frozenset(passing))

    items = [art(1, "vantorre"), art(2, "vantorre"), art(3, "quellin", {"vantorre"}), art(4, "quellin", {"vantorre"})]
    weights = Weights({"port": 1.0, "visit": 1.0, "vantorre": 3.0, "quellin": 3.0}, {})
    assert len(set(group(items, [], weights, Config().event_grouping()).values())) == 2
    named = [ArticleFeatures(f.id, f.vector, f.entities, None, {}, f.principals) for f in items]
    assert len(set(group(named, [], weights, Config().event_grouping()).values())) == 1


def test_a_report_that_recalls_another_ones_principal_as_background_tells_another_happening():
    from types import SimpleNamespace

    from newsweave.cluster.stories import Weights, group, recalled_people
    from newsweave.config import Config

    def mention(sentence, text, start, label="PERSON"):
        return SimpleNamespace(text=text, label=label, sentence=sentence, start=start)

    # "Earlier this year, Ida Quellin visited the port." in a report about Vantorre's visit
    later = [mention(0, "Rolf Vantorre", 0), mention(1, "earlier this year", 40, "DATE"), mention(1, "Ida Quellin", 60)]
    assert recalled_people(later) == {"quellin"}
    assert recalled_people([*later, mention(3, "Quellin", 120)]) == frozenset()  # an actor here too
    assert recalled_people([*later[:2], mention(1, "Ida Quellin", 20)]) == frozenset()  # before the date

    def art(i, who, recalled=frozenset()):
        vector = np.asarray((1, 0.05 * i), np.float32)
        names = frozenset({"port", "visit", "vantorre", "quellin"})  # both named in every report
        return ArticleFeatures(f"a{i}", vector, names, None, {}, frozenset({who}), frozenset(), frozenset(recalled))

    weights = Weights({"port": 1.0, "visit": 1.0, "vantorre": 3.0, "quellin": 3.0}, {})
    items = [art(1, "quellin"), art(2, "quellin"), art(3, "vantorre", {"quellin"}), art(4, "vantorre", {"quellin"})]
    assert len(set(group(items, [], weights, Config().event_grouping()).values())) == 2
    plain = [art(i, who) for i, who in ((1, "quellin"), (2, "quellin"), (3, "vantorre"), (4, "vantorre"))]
    assert len(set(group(plain, [], weights, Config().event_grouping()).values())) == 1


def test_stories_of_a_size_meet_the_merge_bar_by_their_core_names_when_cores_are_given():
    from newsweave.cluster.events import story_merges
    from newsweave.cluster.stories import Weights
    from newsweave.config import Config

    profile = _named

    # two broad neighbouring stories whose side names (named by few of their events) are shared
    side = {"region", "capital", "envoy"}
    war = profile("s-war", (1, 0, 0), {"north"} | side)
    uprising = profile("s-uprising", (0.6, 0.8, 0), {"south"} | side)
    weights = Weights({k: 2.0 for k in side | {"north", "south"}}, {})
    config = Config().story_grouping()
    others = {p.id: p for p in (war, uprising)}
    sizes = {"s-war": 800, "s-uprising": 300}
    assert story_merges({"s-uprising": uprising}, others, sizes, weights, config) == {"s-uprising": "s-war"}
    cores = {
        "s-war": profile("s-war", (1, 0, 0), {"north"}),
        "s-uprising": profile("s-uprising", (0.6, 0.8, 0), {"south"}),
    }
    assert story_merges({"s-uprising": uprising}, others, sizes, weights, config, cores=cores) == {}
    # cores that share what the stories are about still merge them
    same = {"s-war": cores["s-war"], "s-uprising": profile("s-uprising", (0.6, 0.8, 0), {"north"})}
    assert story_merges({"s-uprising": uprising}, others, sizes, weights, config, cores=same) == {"s-uprising": "s-war"}


def test_a_whole_story_merged_in_is_remembered_and_lives_again_when_it_parts(tmp_path):
    with Store(tmp_path / "s.db") as store:
        a0, a1, a2 = _stored(store, 3)
        store.assign_events({a0: "e-one", a1: "e-two", a2: "e-three"})
        _link(store, {"e-one": "s-first", "e-two": "s-first", "e-three": "s-second"})
        assert store.merged_parts(["s-first", "s-second"]) == {}  # nothing merged yet
        rows = list(store.event_features(["e-three"]).values())
        store.link_events({"e-three": "s-first"}, rows, merged_from={"e-three": CameWith("s-second")})
        row = store.conn.execute("SELECT new_id FROM redirects WHERE old_id='s-second'").fetchone()
        assert store.story_members("s-second") == [] and tuple(row) == ("s-first",)
        assert store.merged_parts(["s-first"]) == {
            "s-first": {"e-one": None, "e-two": None, "e-three": CameWith("s-second", piece=False)}
        }
        store.link_events({"e-three": "s-second"}, rows, merged_from={"e-three": None})  # it parts again
        assert store.story_members("s-second") == [a2]
        assert store.conn.execute("SELECT 1 FROM redirects WHERE old_id='s-second'").fetchone() is None
        assert store.merged_parts(["s-first", "s-second"]) == {}


def test_an_event_linked_to_another_story_forgets_the_story_it_came_with(tmp_path):
    with Store(tmp_path / "s.db") as store:
        a0, a1 = _stored(store, 2)
        store.assign_events({a0: "e-one", a1: "e-two"})
        _link(store, {"e-one": "s-first", "e-two": "s-second"})
        rows = list(store.event_features(["e-two"]).values())
        store.link_events({"e-two": "s-first"}, rows, merged_from={"e-two": CameWith("s-second", piece=True)})
        _link(store, {"e-two": "s-first"})  # grouped again into the same story: still remembered
        assert store.merged_parts(["s-first"])["s-first"]["e-two"] == CameWith("s-second", piece=True)
        _link(store, {"e-two": "s-third"})  # moved by ordinary linking: no longer a merged part
        assert store.merged_parts(["s-first", "s-third"]) == {}


def test_a_part_that_moves_again_is_remembered_with_how_it_came_and_events_count_their_articles(tmp_path):
    with Store(tmp_path / "s.db") as store:
        a0, a1, a2 = _stored(store, 3)
        store.assign_events({a0: "e-one", a1: "e-two", a2: "e-two"})
        _link(store, {"e-one": "s-first", "e-two": "s-second"})
        assert store.event_sizes(["e-one", "e-two", "e-none"]) == {"e-one": 1, "e-two": 2}
        rows = list(store.event_features(["e-two"]).values())
        store.link_events({"e-two": "s-first"}, rows, merged_from={"e-two": CameWith("s-second", piece=True)})
        # the piece moves on to a nearer story, which it would join whole: no longer a piece
        store.link_events({"e-two": "s-third"}, rows, merged_from={"e-two": CameWith("s-second")})
        assert store.merged_parts(["s-first", "s-third"]) == {"s-third": {"e-two": CameWith("s-second", piece=False)}}
        store.link_events({"e-two": "s-second"}, rows, merged_from={"e-two": None})  # back where it began
        assert store.merged_parts(["s-first", "s-second", "s-third"]) == {}
        assert store.conn.execute("SELECT merged_as_piece FROM events WHERE id='e-two'").fetchone()[0] == 0


def test_a_store_from_before_the_piece_column_keeps_which_parts_came_as_pieces(tmp_path):
    import sqlite3

    from newsweave.store.schema import MIGRATIONS, SCHEMA_VERSION

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript("".join(MIGRATIONS[v] for v in range(1, 12)) + "PRAGMA user_version=11;")
    conn.executemany(
        "INSERT INTO events (id, story_id, n_articles, merged_from) VALUES (?, ?, 1, ?)",
        [("e-own", "s-big", None), ("e-piece", "s-big", "~s-small"), ("e-whole", "s-big", "s-other")],
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION  # every later migration ran too
        assert store.merged_parts(["s-big"]) == {
            "s-big": {
                "e-own": None,
                "e-piece": CameWith("s-small", piece=True),
                "e-whole": CameWith("s-other", piece=False),
            }
        }


def test_a_merged_part_leaves_the_story_when_the_two_no_longer_meet_the_merge_bar():
    from newsweave.cluster.events import story_splits
    from newsweave.cluster.stories import Weights
    from newsweave.config import Config

    event = _named

    events = {
        "e-harbour-1": event("e-harbour-1", (1, 0, 0), {"harbour", "mayor"}),
        "e-harbour-2": event("e-harbour-2", (0.95, 0.3, 0), {"harbour", "mayor"}),
        "e-ferry": event("e-ferry", (0.9, 0.4, 0), {"harbour", "ferry"}),
        "e-ballot": event("e-ballot", (0, 0.2, 1), {"ballot"}),
    }
    weights = Weights({"harbour": 2.0, "mayor": 2.0, "ferry": 2.0, "ballot": 2.0}, {})
    config = replace(Config().story_grouping(), threshold=Config().story_merge_threshold)
    near = {"s-harbour": {"e-harbour-1": None, "e-harbour-2": None, "e-ferry": "s-ferry"}}
    far = {"s-harbour": {"e-harbour-1": None, "e-harbour-2": None, "e-ballot": "s-ballot"}}
    assert story_splits(near, events, weights, config, margin=0.0) == {}  # still one subject: stays
    assert story_splits(far, events, weights, config, margin=0.0) == {"s-ballot": "s-harbour"}
    assert story_splits(far, events, weights, config, margin=1.0) == {}  # a margin below the bar holds it
    own = {"s-harbour": {"e-harbour-1": None, "e-harbour-2": None}}
    assert story_splits(own, events, weights, config, margin=0.0) == {}  # nothing merged in: nothing to part


def test_a_merged_part_moves_to_a_story_nearer_to_it_than_the_rest_of_its_own():
    from newsweave.cluster.events import Piece, event_features, part_moves
    from newsweave.cluster.stories import Weights
    from newsweave.config import Config

    event = _named

    events = {
        "e-war-1": event("e-war-1", (1, 0, 0), {"north", "army"}),
        "e-war-2": event("e-war-2", (0.95, 0.3, 0), {"north", "army"}),
        "e-revolt": event("e-revolt", (0.3, 0.2, 0.93), {"south", "square"}),
    }
    revolt = event_features("s-revolt-later", [event("e-later", (0.25, 0.1, 0.96), {"south", "square"})])
    weights = Weights({k: 2.0 for k in ("north", "army", "south", "square")}, {})
    config = replace(Config().story_grouping(), threshold=Config().story_merge_threshold)
    parts = {"s-war": {"e-war-1": None, "e-war-2": None, "e-revolt": "s-revolt"}}
    sizes = {e: 10 for e in events}
    # the piece is nearer the revolt's own later coverage than the war it was taken into: it moves, whole
    assert part_moves(parts, events, sizes, {"s-revolt-later": revolt}, {"s-revolt-later": 40}, weights, config) == {
        "s-revolt": ("s-revolt-later", True)
    }
    # a rival that is farther than the rest of its own story takes nothing
    far = event_features("s-far", [event("e-far", (0, 1, 0), {"harbour"})])
    assert part_moves(parts, events, sizes, {"s-far": far}, {"s-far": 40}, weights, config) == {}
    # nearer but below the merge bar: it moves only as a piece, and only to a story ten times its size
    below = replace(config, threshold=1.0)
    piece = Piece(0.16, 0.1)
    rivals, rival_sizes = {"s-revolt-later": revolt}, {"s-revolt-later": 40}
    assert part_moves(parts, events, sizes, rivals, rival_sizes, weights, below, piece) == {}
    assert part_moves(parts, events, sizes, rivals, {"s-revolt-later": 100}, weights, below, piece) == {
        "s-revolt": ("s-revolt-later", False)
    }
    assert part_moves(parts, events, sizes, rivals, {"s-revolt-later": 100}, weights, below) == {}  # no pieces


def _unit(name, vector, day=None):
    v = np.asarray(vector, np.float32)
    return ArticleFeatures(name, v / np.linalg.norm(v), frozenset(), day, {})


def _by_vector():
    """Story settings where only the vectors count, with a link bar of 0.5."""
    from newsweave.config import Config

    return replace(Config().story_grouping(), entity_weight=0.0, term_weight=0.0, threshold=0.5)


def test_a_recent_event_loosely_held_by_its_story_moves_to_a_story_formed_after_it():
    from newsweave.cluster.events import event_moves
    from newsweave.cluster.stories import Weights

    config, weights = _by_vector(), Weights({}, {})
    old = {"e1": _unit("e1", (1, 0, 0)), "e2": _unit("e2", (1, 0.1, 0)), "e3": _unit("e3", (0.3, 0.95, 0))}
    new = {"e4": _unit("e4", (0, 1, 0)), "e5": _unit("e5", (0.1, 1, 0))}
    stories = {"s-old": old, "s-new": new}
    recent = {"e1": "s-old", "e3": "s-old", "e4": "s-new", "e5": "s-new"}
    # e3 is below the bar from e1 and e2 and near the later story; e1 is near its own rest
    assert event_moves(recent, stories, weights, config) == {"e3": "s-new"}
    assert event_moves({"e1": "s-old"}, stories, weights, config) == {}  # only recent events are judged
    assert event_moves(recent, stories, weights, replace(config, threshold=0.99)) == {}  # nothing reaches the bar
    # an event alone in its story joins one it reaches
    lone = {**stories, "s-lone": {"e6": _unit("e6", (0, 0.98, 0.2))}}
    assert event_moves({"e6": "s-lone"}, lone, weights, config) == {"e6": "s-new"}


def test_an_event_its_own_story_still_holds_moves_only_when_no_longer_weak_and_by_the_margin():
    from newsweave.cluster.events import event_moves
    from newsweave.cluster.stories import Weights, similarity_matrix

    config, weights = _by_vector(), Weights({}, {})
    own = {"e1": _unit("e1", (1, 0, 0)), "e2": _unit("e2", (1, 0, 0.05)), "e3": _unit("e3", (0.6, 0.8, 0))}
    other = {"e4": _unit("e4", (0.2, 1, 0)), "e5": _unit("e5", (0.25, 1, 0))}
    stories = {"s-own": own, "s-other": other}
    mine = float(similarity_matrix([own["e3"]], [event_features("r", [own["e1"], own["e2"]])], weights, config)[0, 0])
    theirs = float(similarity_matrix([own["e3"]], [event_features("o", list(other.values()))], weights, config)[0, 0])
    assert config.threshold <= mine < theirs  # e3 still reaches its own story, but the other is nearer
    assert event_moves({"e3": "s-own"}, stories, weights, config) == {}  # weak only: it stays
    assert event_moves({"e3": "s-own"}, stories, weights, config, weak=False) == {"e3": "s-other"}
    margin = theirs - mine + 0.01
    assert event_moves({"e3": "s-own"}, stories, weights, config, weak=False, margin=margin) == {}


def test_two_lone_events_near_each_other_do_not_swap_stories():
    from newsweave.cluster.events import event_moves
    from newsweave.cluster.stories import Weights

    stories = {"s-x": {"e8": _unit("e8", (0, 0, 1))}, "s-y": {"e9": _unit("e9", (0, 0.1, 1))}}
    moves = event_moves({"e8": "s-x", "e9": "s-y"}, stories, Weights({}, {}), _by_vector())
    assert len(moves) == 1 and set(moves.items()) <= {("e8", "s-y"), ("e9", "s-x")}


def test_the_build_moves_a_recent_lone_event_to_the_story_it_belongs_to_and_its_story_id_redirects(tmp_path):
    from newsweave.config import Config
    from newsweave.pipeline.grouping import GroupSteps

    with Store(tmp_path / "s.db") as store:
        a0, a1, a2, a3 = _stored(store, 4)
        store.assign_events({a0: "e-one", a1: "e-two", a2: "e-lone", a3: "e-far"})
        near, far = np.array([1.0, 0.0], np.float32), np.array([0.0, 1.0], np.float32)

        def row(event, vector, names):
            return (event, vector, frozenset(names), dict.fromkeys(names, 1), "2024-03-01", frozenset())

        store.link_events(
            {"e-one": "s-first", "e-two": "s-first", "e-lone": "s-lone", "e-far": "s-far"},
            [
                row("e-one", near, {"harbour"}),
                row("e-two", near, {"harbour"}),
                row("e-lone", near, {"harbour"}),
                row("e-far", far, {"ballot"}),
            ],
        )
        steps = GroupSteps()
        steps.store, steps.config = store, Config().with_options(story_regroup_days=30)
        pool = ["s-far", "s-first", "s-lone"]
        assert steps._regroup_recent([date(2025, 3, 1)], pool) == {}  # a year later: none is recent
        assert steps._regroup_recent([date(2024, 3, 5)], pool) == {"e-lone": ("s-lone", "s-first")}
        assert store.stories_of_events(["e-lone", "e-far"]) == {"e-lone": "s-first", "e-far": "s-far"}
        redirect = store.conn.execute("SELECT new_id FROM redirects WHERE old_id='s-lone'").fetchone()
        assert tuple(redirect) == ("s-first",)
        off = Config().with_options(story_regroup_days=0)
        steps.config = off
        assert steps._regroup_recent([date(2024, 3, 5)], pool) == {}


def _led(name: str, vector, names=(), principals=()) -> ArticleFeatures:
    """An undated event's features with the people it is mainly about."""
    return ArticleFeatures(name, np.asarray(vector, np.float32), frozenset(names), None, {}, frozenset(principals))


def test_a_story_is_led_by_the_principal_people_enough_of_its_events_name():
    from newsweave.cluster.events import leading_people

    events = [
        _led("e1", (1, 0), {"varga", "port"}, {"varga"}),
        _led("e2", (1, 0), {"varga"}),
        _led("e3", (1, 0), {"port", "olsen"}, {"olsen"}),
        _led("e4", (1, 0), {"port"}),
    ]
    assert leading_people(events, 0.5) == {"varga"}  # olsen leads one event, named by one of four
    assert leading_people(events, 0.25) == {"varga", "olsen"}
    assert leading_people(events[3:], 0.25) == frozenset()  # named, never anyone's principal
    assert leading_people([], 0.25) == frozenset()


def test_stories_led_by_different_people_conflict_but_a_story_without_leaders_does_not():
    from newsweave.cluster.events import Leads, leads_conflict

    leads = Leads(threshold=0.3, share=0.5, foreign=0.25)
    north = [_led(f"n{i}", (1, 0), {"varga", "north"}, {"varga"}) for i in range(4)]
    south = [_led(f"s{i}", (1, 0), {"olsen", "south"}, {"olsen"}) for i in range(4)]
    markets = [_led(f"m{i}", (1, 0), {"markets"}) for i in range(4)]
    assert leads_conflict(north, south, leads) and leads_conflict(south, north, leads)
    assert not leads_conflict(north, markets, leads)  # no leader: nothing to conflict with
    # one of four southern events names varga: the north's leader is part of the south's story,
    # but the south's is not part of the north's
    named = [*south[:3], _led("s3", (1, 0), {"olsen", "varga"}, {"olsen"})]
    assert leads_conflict(north, named, leads)
    both = [*north[:3], _led("n3", (1, 0), {"varga", "olsen"}, {"varga"})]
    assert not leads_conflict(both, named, leads)  # each names the other's leader
    assert leads_conflict(both, named, replace(leads, foreign=0.5))  # too few name them
    # a young story that recalls its neighbour's ruler: its first leader is its own
    young = [
        _led("y0", (1, 0), {"olsen", "varga"}, {"varga"}),
        _led("y1", (1, 0), {"olsen"}, {"olsen"}),
        _led("y2", (1, 0), {"olsen"}, {"olsen"}),
    ]
    assert leads_conflict(young, north, replace(leads, share=0.3))
    # three events cannot show they never name someone a quarter of events would name: the north's
    # leader missing from a part of three is no evidence, the part's leader missing from the north is
    part = [_led(f"p{i}", (1, 0), {"olsen", "north"}, {"olsen"}) for i in range(3)]
    assert leads_conflict(part, north, leads)
    assert not leads_conflict(part, [*north[:3], _led("n3", (1, 0), {"olsen"})], leads)
    assert not leads_conflict(part, north[:3], leads)  # neither can tell


def test_stories_of_a_size_merge_below_the_bar_unless_their_leading_people_conflict():
    from newsweave.cluster.events import Leads, event_features, story_merges, story_splits
    from newsweave.cluster.stories import Weights, similarity_matrix
    from newsweave.config import Config

    weights = Weights({}, {})
    config = Config().story_grouping()
    home = [_led(f"h{i}", (1, 0.1 * i, 0), {"markets"}) for i in range(3)]  # a crisis at home
    abroad = [_led(f"a{i}", (0.8, 0.6, 0.1 * i), {"markets"}) for i in range(3)]  # the same abroad
    ruled = [_led(f"r{i}", (0.8, 0.6, 0.1 * i), {"markets", "varga"}, {"varga"}) for i in range(3)]
    other = [_led(f"o{i}", (1, 0.1 * i, 0), {"markets", "olsen"}, {"olsen"}) for i in range(3)]
    stories = {
        "s-home": home,
        "s-abroad": abroad,
        "s-ruled": ruled,
        "s-other": other,
    }
    profiles = {s: event_features(s, events, share=0.1) for s, events in stories.items()}
    pairs = [("s-abroad", "s-home"), ("s-ruled", "s-home"), ("s-ruled", "s-other")]
    values = [float(similarity_matrix([profiles[a]], [profiles[b]], weights, config)[0, 0]) for a, b in pairs]
    value = values[0]
    merge = replace(config, threshold=max(values) + 0.05)  # every pair is below the merge bar
    # a third of three events is one: each story is large enough to show whom it never names
    leads = Leads(threshold=min(values) - 0.05, share=0.5, foreign=0.34)
    sizes = {"s-home": 200, "s-abroad": 60, "s-ruled": 60, "s-other": 200}

    def merged(small: str, large: str, lead: Leads | None) -> dict[str, str]:
        pair = {s: profiles[s] for s in (small, large)}
        return story_merges({small: pair[small]}, pair, sizes, weights, merge, None, stories, None, lead)

    assert merged("s-abroad", "s-home", None) == {}  # below the merge bar
    joined = merged("s-abroad", "s-home", leads)
    assert joined == {"s-abroad": "s-home"} and joined.whole == {"s-abroad"}  # may part again
    assert merged("s-ruled", "s-home", leads) == {"s-ruled": "s-home"}  # one leader, no conflict
    assert merged("s-ruled", "s-other", leads) == {}  # each about its own ruler
    assert merged("s-abroad", "s-home", replace(leads, threshold=value + 0.01)) == {}  # below the lower bar too
    # a part merged below the bar stays while it meets the lower bar, and leaves without it
    parts = {"s-home": {**{e.id: None for e in home}, **{e.id: "s-abroad" for e in abroad}}}
    features = {e.id: e for e in home + abroad}
    assert story_splits(parts, features, weights, merge, margin=0.0, share=0.1, leads=leads) == {}
    assert story_splits(parts, features, weights, merge, margin=0.0, share=0.1) == {"s-abroad": "s-home"}


def test_the_keys_named_as_places_are_those_labelled_places_in_most_mentions():
    from newsweave.cluster.events import place_keys

    labels = [
        ("Northland", "GPE", 5),
        ("the Port", "FAC", 1),
        ("Acme", "GPE", 2),
        ("Acme", "ORG", 3),
        ("Varga", "PERSON", 4),
    ]
    assert place_keys(labels) == {"northland", "port"}  # acme is a company the tagger misread twice
    assert place_keys([("Acme", "GPE", 3), ("Acme", "ORG", 2)]) == {"acme"}
    assert place_keys([]) == frozenset()


def test_stories_happening_in_different_places_conflict_when_places_are_known():
    from newsweave.cluster.events import Leads, leading_places, leads_conflict

    leads = Leads(threshold=0.3, share=0.5, foreign=0.25)
    places = frozenset({"northland", "southland", "capital"})
    # no leading person in either: a young story names its country before its ruler leads it
    north = [_led(f"n{i}", (1, 0), {"northland", "markets"}) for i in range(4)]
    south = [_led(f"s{i}", (1, 0), {"southland", "markets"}) for i in range(4)]
    assert leading_places(north, 0.5, places) == {"northland"}  # markets is no place
    assert not leads_conflict(north, south, leads)  # places unknown: nothing to conflict with
    assert leads_conflict(north, south, leads, places) and leads_conflict(south, north, leads, places)
    # a crisis' halves at home and abroad: each names the other's place often enough
    abroad = [*south[:2], *(_led(f"a{i}", (1, 0), {"southland", "northland"}) for i in range(2))]
    assert leads_conflict(north, abroad, leads, places)  # home never names abroad
    home = [*north[:3], _led("n3", (1, 0), {"northland", "southland"})]
    assert not leads_conflict(home, abroad, leads, places) and not leads_conflict(abroad, home, leads, places)
    assert leads_conflict(home, abroad, replace(leads, foreign=0.5), places)  # one of four is too few
    # a story with no leading place (named by too few of its events) has nothing to conflict with
    scattered = [_led(f"c{i}", (1, 0), {"capital"} if i == 0 else {"markets"}) for i in range(4)]
    assert leading_places(scattered, 0.5, places) == frozenset()
    assert not leads_conflict(north, scattered, leads, places)


def test_stories_of_a_size_below_the_bar_do_not_merge_when_their_leading_places_conflict():
    from newsweave.cluster.events import Leads, event_features, story_merges, story_splits
    from newsweave.cluster.stories import Weights, similarity_matrix
    from newsweave.config import Config

    weights = Weights({}, {})
    config = Config().story_grouping()
    home = [_led(f"h{i}", (1, 0.1 * i, 0), {"markets", "northland"}) for i in range(3)]
    abroad = [_led(f"a{i}", (0.8, 0.6, 0.1 * i), {"markets", "southland"}) for i in range(3)]
    stories = {"s-home": home, "s-abroad": abroad}
    profiles = {s: event_features(s, events, share=0.1) for s, events in stories.items()}
    value = float(similarity_matrix([profiles["s-abroad"]], [profiles["s-home"]], weights, config)[0, 0])
    merge = replace(config, threshold=value + 0.05)
    asked: list[list[str]] = []

    def places(ids):
        asked.append(sorted(ids))
        return frozenset({"northland", "southland"})

    leads = Leads(threshold=value - 0.05, share=0.5, foreign=0.34, places=places)
    sizes = {"s-home": 200, "s-abroad": 60}
    merged = story_merges(
        {"s-abroad": profiles["s-abroad"]}, profiles, sizes, weights, merge, None, stories, None, leads
    )
    assert merged == {} and asked == [["s-abroad", "s-home"]]
    no_places = replace(leads, places=None)
    merged = story_merges(
        {"s-abroad": profiles["s-abroad"]}, profiles, sizes, weights, merge, None, stories, None, no_places
    )
    assert merged == {"s-abroad": "s-home"}
    # a part that came below the bar leaves when its place conflicts with the rest's
    parts = {"s-home": {**{e.id: None for e in home}, **{e.id: "s-abroad" for e in abroad}}}
    features = {e.id: e for e in home + abroad}
    assert story_splits(parts, features, weights, merge, margin=0.0, share=0.1, leads=no_places) == {}
    assert story_splits(parts, features, weights, merge, margin=0.0, share=0.1, leads=leads) == {"s-abroad": "s-home"}


def test_a_story_profile_weighs_its_names_by_the_share_of_its_events_naming_them():
    from newsweave.cluster.stories import Weights, similarity_matrix
    from newsweave.config import Config

    weights = Weights({}, {})
    # two broad stories, each about its own country, both naming a world body in a few events
    north = [_named(f"n{i}", (1, 0), {"northland"} | ({"world council"} if i < 2 else set())) for i in range(8)]
    south = [_named(f"s{i}", (1, 0), {"southland"} | ({"world council"} if i < 2 else set())) for i in range(8)]
    profiles = [event_features(s, events, share=0.1) for s, events in (("s-north", north), ("s-south", south))]
    assert profiles[0].entity_shares == {"northland": 1.0, "world council": 0.25}
    flat = Config().story_grouping()
    shared = replace(flat, entity_share_power=1.0)
    apart = [float(similarity_matrix(profiles[:1], profiles[1:], weights, c)[0, 0]) for c in (flat, shared)]
    assert apart[1] < apart[0]  # the world body weighs a quarter in each: what each is about differs
    # so, at a merge bar between the two, they merge only when every name weighs alike
    from newsweave.cluster.events import story_merges

    bar = (apart[0] + apart[1]) / 2
    sizes = {"s-north": 300, "s-south": 200}
    stories = {"s-north": profiles[0], "s-south": profiles[1]}
    for c, merged in ((flat, {"s-south": "s-north"}), (shared, {})):
        assert story_merges({"s-south": profiles[1]}, stories, sizes, weights, replace(c, threshold=bar)) == merged
    # an event about the country is nearer to its story, one naming only the world body farther
    home = _named("e-home", (1, 0), {"northland"})
    council = _named("e-council", (1, 0), {"world council"})
    assert (
        similarity_matrix([home], profiles[:1], weights, shared)[0, 0]
        > similarity_matrix([home], profiles[:1], weights, flat)[0, 0]
    )
    assert (
        similarity_matrix([council], profiles[:1], weights, shared)[0, 0]
        < similarity_matrix([council], profiles[:1], weights, flat)[0, 0]
    )
    # articles and stored events have no shares: every key counts alike whatever the power
    assert (
        similarity_matrix([home], [council], weights, shared)[0, 0]
        == similarity_matrix([home], [council], weights, flat)[0, 0]
    )
