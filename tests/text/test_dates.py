from datetime import date

from newsweave.text.dates import parse_iso


def test_parse_iso():
    assert parse_iso("2022-06-01") == date(2022, 6, 1)
    assert parse_iso("2022-06") is None
    assert parse_iso(None) is None


def test_publication_date_is_inferred_only_on_strong_evidence():
    from newsweave.text.dates import infer_published

    dateline = infer_published(["Ankara talks", "ANKARA, June 23, 2022 - The minister arrived on Thursday."])
    assert dateline.value == "2022-06-23" and "line 2" in dateline.evidence[0]
    weekday = infer_published(
        ["Title", "A first paragraph.", "More text here.", "Police said on Thursday, June 23, 2022, that..."]
    )
    assert weekday.value == "2022-06-23"
    old_event = infer_published(["Title", "Body.", "More.", "The treaty signed on March 9, 2022 still holds."])
    assert old_event.value is None and old_event.not_before == "2022-03-09"  # a past event bounds, never dates
    future = infer_published(["Talks will resume on July 12, 2030, officials said."])
    assert future.value is None and future.not_before is None
    assert infer_published(["No dates at all here."]).evidence == []


def test_articles_record_where_their_date_comes_from(tmp_path):
    from newsweave.clean.article import clean_article
    from newsweave.ingest import read_inputs
    from newsweave.records import RawArticle

    given = clean_article(RawArticle(source="a", text="Body text of the article.", published="2024-01-02"))
    assert (given.published, given.published_source) == ("2024-01-02", "record")
    inferred = clean_article(RawArticle(source="b", text="Title here\nLONDON, May 3, 2024 - Rain fell all day."))
    assert (inferred.published, inferred.published_source) == ("2024-05-03", "inferred")
    assert inferred.published_evidence
    (tmp_path / "c.txt").write_text("Rain fell all day in the valley on Monday.", encoding="utf-8")
    (record,) = read_inputs([tmp_path / "c.txt"], published="2024-05-15")
    user = clean_article(record)
    assert (user.published, user.published_source) == ("2024-05-15", "user")


def test_an_undated_article_takes_the_date_of_the_most_similar_dated_article_no_older_than_its_own_dates():
    from newsweave.text.dates import published_from_story

    neighbours = [("a", "2024-03-04", 0.61), ("b", "2024-03-08", 0.74), ("c", "2024-03-02", 0.90)]
    guess = published_from_story("2024-03-03", neighbours)
    assert guess.value == "2024-03-08"  # c is more similar but older than a date the article mentions
    assert "b" in guess.evidence[0]
    assert published_from_story(None, neighbours).value == "2024-03-02"
    assert published_from_story("2024-04-01", neighbours).value is None
    assert published_from_story(None, []).value is None


def test_an_undated_article_is_dated_by_its_own_event_before_its_story():
    from newsweave.text.dates import published_from_event

    # its own happening's report, three years before the story's most similar dated report
    event = [("capture", "2008-12-13", 0.4)]
    story = [("capture", "2008-12-13", 0.4), ("foiled", "2011-11-11", 0.6)]
    guess = published_from_event(None, event, story)
    assert guess.value == "2008-12-13" and "event's" in guess.evidence[0]
    assert published_from_event(None, [], story).value == "2011-11-11"  # no dated report of its own event
    # its event's reports are older than a date the article names: the story's are asked
    guess = published_from_event("2011-10-01", event, story)
    assert guess.value == "2011-11-11" and "story's" in guess.evidence[0]
    assert published_from_event("2012-01-01", event, story).value is None
    # ... but not one dated far beyond the latest date the article names
    assert published_from_event("2010-01-01", event, story).value is None
    assert published_from_event("2010-01-01", event, story, reach_days=None).value == "2011-11-11"
    # the story's more similar report is beyond reach of a date it names; its other one is not
    assert published_from_event("2008-10-01", [], story).value == "2008-12-13"
    # an article naming no date, whose happening's other undated report names one, is bound so too
    assert published_from_event(None, [], story[1:]).value == "2011-11-11"
    assert published_from_event(None, [], story[1:], event_bound="2008-10-01").value is None


DAM_DATED = (
    "Flood waters breached the Halvern river dam on Monday, forcing 2,400 residents of Marlow "
    "to leave their homes. Engineers from the Halvern water board opened the spillway gates."
)


DAM_UNDATED = (
    "Residents of Marlow returned home after flood waters breached the Halvern river dam on Monday. "
    "Engineers of the Halvern water board had opened the spillway gates last week."
)


def test_a_story_dates_its_undated_article_and_its_relative_dates_are_resolved(tmp_path, annotator):
    from newsweave.pipeline.runner import Newsweave
    from newsweave.records import RawArticle

    records = [
        RawArticle("one.txt", DAM_DATED, id="one", title="Halvern dam breached", published="2024-03-06"),
        RawArticle(
            "two.txt", DAM_DATED.replace("2,400", "2,500"), id="two", title="Dam breach", published="2024-03-07"
        ),
        RawArticle("three.txt", DAM_UNDATED, id="three", title="Marlow residents return after Halvern breach"),
    ]
    with Newsweave(tmp_path / "d.db", annotator=annotator) as nw:
        nw.add(records)
        report = nw.build()
        article = nw.store.article("three")
        assert article is not None and report.dated_from_story == 1
        assert article.published in {"2024-03-06", "2024-03-07"} and article.published_source == "story"
        values = {e.text: e.value for e in nw.store.entities("three") if e.label == "DATE"}
        assert values["Monday"] is not None and values["last week"] is not None
        assert nw.store.article("one").published_source == "record"  # a record's own date is kept
        story = nw.store.conn.execute("SELECT story_id FROM articles WHERE id='three'").fetchone()[0]
        # a date guessed from the story is no evidence for dating others
        assert {a for a, _ in nw.store.evidence_dates(story)} == {"one", "two"}


def test_an_undated_article_is_dated_when_its_story_gains_a_dated_article_later(tmp_path, annotator):
    from newsweave.pipeline.runner import Newsweave
    from newsweave.records import RawArticle

    with Newsweave(tmp_path / "d.db", annotator=annotator) as nw:
        nw.add([RawArticle("three.txt", DAM_UNDATED, id="three", title="Marlow residents return after Halvern breach")])
        assert nw.build().dated_from_story == 0
        assert nw.store.article("three").published is None
        assert nw.store.dirty_stories() == []
        nw.add([RawArticle("one.txt", DAM_DATED, id="one", title="Halvern dam breached", published="2024-03-06")])
        report = nw.build()
        story = "SELECT story_id FROM articles WHERE id=?"
        assert (
            nw.store.conn.execute(story, ("one",)).fetchone()[0]
            == nw.store.conn.execute(story, ("three",)).fetchone()[0]
        )
        assert report.dated_from_story == 1 and nw.store.article("three").published == "2024-03-06"


def test_a_story_dated_article_reads_its_weekdays_by_the_days_it_names(tmp_path, annotator):
    from newsweave.pipeline.runner import Newsweave
    from newsweave.records import RawArticle

    undated = DAM_UNDATED + " The last of them were back in their homes on March 11."  # a Monday
    records = [
        RawArticle("one.txt", DAM_DATED, id="one", title="Halvern dam breached", published="2024-03-06"),
        RawArticle("three.txt", undated, id="three", title="Marlow residents return after Halvern breach"),
    ]
    with Newsweave(tmp_path / "d.db", annotator=annotator) as nw:
        nw.add(records)
        assert nw.build().dated_from_story == 1
        article = nw.store.article("three")
        assert article.published == "2024-03-06" and article.published_source == "story"
        values = {e.text: e.value for e in nw.store.entities("three") if e.label == "DATE"}
        assert values["Monday"] == "2024-03-11"  # not 03-04, the Monday before the borrowed date
        assert values["last week"] is not None
