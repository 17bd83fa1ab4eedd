"""Typed records: what an article is called where it is listed."""

from __future__ import annotations

import pytest

from newsweave.clean.article import clean_article
from newsweave.records import RawArticle, Story, opening_words
from newsweave.store.store import Store
from newsweave.web.views import story_view

UNTITLED = (
    "Crews in Marnholt worked through the night to clear the harbour road after the storm surge "
    "that flooded the lower town on Sunday.\n\n"
    "The mayor said the road would reopen on Friday."
)


def test_opening_words_give_a_short_first_sentence_or_the_first_words():
    assert opening_words("Storm closes the Marnholt road. Crews are working.") == "Storm closes the Marnholt road."
    assert opening_words("Mr. Valsgaard thanked the crews on Friday. More later.") == (
        "Mr. Valsgaard thanked the crews on Friday."
    )
    long = UNTITLED.split("\n")[0]
    assert opening_words(long) == "Crews in Marnholt worked through the night to clear the harbour road after the…"
    assert opening_words("Short line") == "Short line"


def test_an_article_without_a_title_is_labelled_by_its_opening_words():
    untitled = clean_article(RawArticle(source="a.txt", text=UNTITLED, id="a"))
    assert untitled.title is None
    assert untitled.label.startswith("Crews in Marnholt worked") and untitled.label.endswith("…")
    titled = clean_article(RawArticle(source="b.txt", text=UNTITLED, id="b", title="Harbour road cleared"))
    assert titled.label == "Harbour road cleared"


def test_the_story_page_lists_an_untitled_article_by_its_opening_words(tmp_path):
    with Store(tmp_path / "s.db") as store:
        untitled = clean_article(RawArticle(source="a.txt", text=UNTITLED, id="a"))
        titled = clean_article(RawArticle(source="b.txt", text=UNTITLED + " Again.", id="b", title="Road cleared"))
        store.add_articles([untitled, titled])
        store.assign({"a": "s1", "b": "s1"})
        store.save_story(Story("s1", ["a", "b"], title="Harbour road"))
        view = story_view(store, "s1")
        assert view is not None
        assert view.meta("a").label == untitled.label  # the same label as the report's, read by SQL
        assert view.meta("b").label == "Road cleared"
        assert view.meta("a").to_dict()["title"] is None


def test_articles_of_unknown_outlets_count_apart_and_are_named_by_their_number():
    from newsweave.records import outlet_key, outlet_name

    known = clean_article(RawArticle(source="a.txt", text=UNTITLED, id="a", outlet="Marnholt Post"))
    unknown = [clean_article(RawArticle(source=f"{i}.txt", text=UNTITLED, id=i)) for i in ("b", "c")]
    keys = [outlet_key(a) for a in (known, *unknown)]
    assert keys[0] == "Marnholt Post" and len(set(keys)) == 3  # two unknown outlets are not one outlet
    numbers = {"a": 1, "b": 2, "c": 3}
    names = [outlet_name(k, numbers) for k in keys]
    assert names == ["Marnholt Post", "outlet unknown [2]", "outlet unknown [3]"]
    assert outlet_name(keys[1], {}) == "outlet unknown"


def test_the_runner_runs_its_stages_in_an_order_where_each_finds_what_it_requires():
    from newsweave.pipeline.runner import STAGES
    from newsweave.records import check_order

    present = check_order(STAGES)
    assert {"articles", "events.written", "stories.written"} <= set(present)
    with pytest.raises(ValueError, match="requires events.written"):
        check_order([s for s in STAGES if s.__name__ != "event"])
    with pytest.raises(ValueError, match="story_merges requires events.members"):
        check_order([STAGES[0], STAGES[1], STAGES[5]])


def test_plain_gives_what_asdict_gives_for_nested_records():
    # stories.json and the stored lines are made with plain(): it must give asdict's dicts (keys,
    # order, nesting), and new containers rather than the records' own lists
    from dataclasses import asdict

    from newsweave.records import (
        Actor,
        Citation,
        CitedText,
        Claim,
        Coverage,
        CoverageMatrix,
        Line,
        Role,
        StoryQuote,
        TimelineEntry,
        plain,
    )

    cite = [Citation("a1", 3), Citation("b2", 0)]
    records = [
        Line(4, "A body line.", "body", None, 0.25),
        StoryQuote("Ada Berg", "“We will go on,” she said.", cite, [CitedText("We go on.", cite[:1])], "indirect"),
        Actor("Ada Berg", "PERSON", ["Berg"], 7, 2, [Role("minister", "2010-06-01", cite)]),
        TimelineEntry("2010-06-02", "It happened.", cite),
        Coverage([Claim("x", ["o1"], cite)], {"o1": [Claim("y", [], [])]}, [], CoverageMatrix(["o1"], ["x"], [[1]])),
    ]
    for record in records:
        assert plain(record) == asdict(record)
    assert plain({"k": (1, [Citation("c", 1)])}) == {"k": (1, [{"article": "c", "sentence": 1}])}
    quote = records[1]
    made = plain(quote)
    assert list(made) == ["speaker", "text", "citations", "variants", "kind"]
    made["citations"].append("changed")
    assert len(quote.citations) == 2


@pytest.mark.parametrize(
    ("outlets", "unknown", "line"),
    [
        (["Marnholt Post", "Harbour Wire"], 0, "2 outlets"),
        (["Marnholt Post"], 3, "1 outlet, 3 articles naming none"),
        ([], 294, "outlet unknown"),  # articles naming no outlet are not so many outlets
    ],
)
def test_a_story_names_its_outlets_without_counting_unnamed_articles_as_outlets(outlets, unknown, line):
    story = Story("s1", [f"a{i}" for i in range(max(unknown, 1))], outlets=outlets, unknown_outlets=unknown)
    assert story.outlets_line == line


def test_the_articles_naming_no_outlet_are_told_apart_from_the_copies_naming_none():
    copies = [{"id": "c1", "outlet": None}, {"id": "c2", "outlet": ""}, {"id": "c3", "outlet": "Harbour Wire"}]
    story = Story("s1", [f"a{i}" for i in range(28)], copies=copies, unknown_outlets=30)
    assert story.unknown_label == "outlet unknown (28 articles, 2 copies)"
    assert Story("s2", ["a1", "a2"], unknown_outlets=2).unknown_label == "outlet unknown (2 articles)"
    assert Story("s3", ["a1"], outlets=["Harbour Wire"]).unknown_label == "outlet unknown"
    named = Story("s4", ["a1", "a2"], outlets=["Harbour Wire"], copies=copies[:1], unknown_outlets=2)
    assert named.outlets_line == "1 outlet, 1 article and 1 copy naming none"
