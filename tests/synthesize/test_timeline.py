from newsweave.config import Config
from newsweave.synthesize.timeline import build_timeline

from ..synth_helpers import material


def test_events_are_dated_when_they_happened_and_cite_every_reporting_article():
    mat = material(
        [
            (
                "a",
                "2024-03-06",
                [
                    "Operators opened the spillway gates on Tuesday night and 2,400 residents were evacuated.",
                    "The governor declared a state of emergency.",
                ],
            ),
            (
                "b",
                "2024-03-07",
                [
                    "About 2,500 residents were evacuated after the spillway gates opened on Tuesday.",
                    "An inquiry will open on March 20.",
                ],
            ),
        ]
    )
    timeline = build_timeline(mat, Config())
    by_date = {e.date: e for e in timeline}
    assert "2024-03-05" in by_date  # Tuesday before both publication dates
    assert {c.article for c in by_date["2024-03-05"].citations} == {"a", "b"}
    assert "2024-03-20" in by_date
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)


def test_lead_sentence_falls_back_to_publication_date():
    mat = material([("a", "2024-01-10", ["The council approved the bridge.", "Work starts soon."])])
    (entry,) = build_timeline(mat, Config())
    assert entry.date == "2024-01-10" and entry.text == "The council approved the bridge."


def test_undated_story_has_no_timeline():
    assert build_timeline(material([("a", None, ["The council approved the bridge."])]), Config()) == []


def test_a_day_recalled_later_outranks_a_day_only_announced():
    mat = material(
        [
            ("a", "2024-05-02", ["Talks on the new port collapsed on April 30 after a week of rows."]),
            ("b", "2024-05-03", ["Since talks on the port collapsed on April 30, unions have met daily."]),
            ("c", "2024-04-20", ["Unions will hold a vote on the port deal on April 25, organisers said."]),
            ("d", "2024-04-21", ["A vote on the port deal by union members is planned for April 25."]),
        ]
    )
    (entry,) = build_timeline(mat, Config(), dates=1, per_date=1)
    assert entry.date == "2024-04-30"


def test_sentences_chosen_together_match_the_centroid_at_least_as_well_as_the_most_central_ones():
    import numpy as np
    from scipy import sparse

    from newsweave.synthesize.timeline import _closest_to_centroid

    rng = np.random.default_rng(7)
    for _ in range(20):
        dense = rng.random((12, 30)) * (rng.random((12, 30)) < 0.2)
        dense[dense.sum(axis=1) == 0, 0] = 1.0
        dense /= np.linalg.norm(dense, axis=1, keepdims=True)
        matrix = sparse.csr_matrix(dense)
        centroid = dense.sum(axis=0) / np.linalg.norm(dense.sum(axis=0))

        def cosine(rows: list[int], dense: np.ndarray = dense, centroid: np.ndarray = centroid) -> float:
            summed = dense[rows].sum(axis=0)
            return float(summed @ centroid / np.linalg.norm(summed))

        chosen = _closest_to_centroid(matrix, 2, lambda i, picked: False)
        most_central = list(np.argsort(-(dense @ centroid))[:2])
        assert len(set(chosen)) == 2
        assert cosine(chosen) >= cosine(most_central) - 1e-9


def test_a_sentence_opening_on_a_coarser_time_belongs_to_no_day():
    mat = material(
        [
            (
                "a",
                "2024-06-12",
                [
                    "In 2019, the dam failed on March 4 and the valley flooded for weeks.",
                    "Engineers closed the old spillway on Monday after a new inspection.",
                ],
            ),
        ]
    )
    days = {e.date: e.text for e in build_timeline(mat, Config(), dates=5, per_date=1)}
    assert "2019-03-04" not in days  # the sentence tells of 2019, not of a day
    assert days.get("2024-06-10", "").startswith("Engineers closed")
    assert all("In 2019" not in text for text in days.values())  # nor is it news of its publication day


def test_a_sentence_tells_one_day_only():
    """An undated sentence can tell its publication day or the day before, and a sentence naming
    two days can tell either; a timeline tells it once, on the higher-ranked day."""
    mat = material(
        [
            (
                "a",
                "2024-03-12",
                ["The council said more than 120 millimetres of rain fell since Friday and on Monday."],
            ),
            ("b", "2024-03-12", ["Crews cleared the harbour road on Tuesday after the storm."]),
            ("c", "2024-03-13", ["The harbour road reopened to traffic on Tuesday evening."]),
        ]
    )
    timeline = build_timeline(mat, Config(timeline_dates=5))
    texts = [e.text for e in timeline]
    assert len(texts) == len(set(texts)) >= 2
    assert len({e.date for e in timeline}) == len(timeline)


def test_a_story_is_parsed_ahead_in_one_call_holding_every_text_its_writer_parses():
    """The texts ``sentences_to_parse`` and ``paragraphs_to_parse`` give are all that the
    timeline and the quote finders parse, so the writer parses a story in one call."""
    import numpy as np

    from newsweave.synthesize.story import StoryInput, StoryWriter
    from newsweave.text.parse import ParseMemory

    mat = material(
        [
            ("a", "2024-03-06", ['"We opened the gates on Tuesday," the operator said.', "The dam held."]),
            ("b", "2024-03-07", ["Officials said the inquiry opens on March 20.", "Rain fell all week."]),
        ]
    )
    calls: list[list[str]] = []

    def parse(texts):
        calls.append(list(texts))
        return [[] for _ in texts]

    def encode(texts):
        return np.ones((len(texts), 4), dtype=np.float32) / 2

    writer = StoryWriter(Config().synthesize, encode=encode, dimension=4, parse=ParseMemory(parse))
    writer.story(StoryInput(mat, {}, {}))
    assert len(calls) == 1 and len(calls[0]) >= 3  # two dated sentences, one quote paragraph at least


def test_a_story_written_again_reads_its_sentences_event_dates_instead_of_parsing_them():
    """What one writer hands back as ``event_dates`` (for the store), another is handed in the
    story's inputs: the story's dated sentences are not parsed again and its timeline is the same."""
    import numpy as np

    from newsweave.synthesize.story import StoryInput, StoryWriter
    from newsweave.text.clauses import ClauseSplitter
    from newsweave.text.eventdate_memory import EventDateMemory
    from newsweave.text.parse import ParseMemory

    dated = ["The levee was breached on Tuesday.", "An inquiry opens on March 20."]  # no quote paragraphs
    mat = material([("a", "2024-03-06", [dated[0], "The dam held."]), ("b", "2024-03-07", [dated[1]])])

    def encode(texts):
        return np.ones((len(texts), 4), dtype=np.float32) / 2

    splitter = ClauseSplitter(Config().spacy_model)

    def writer(calls, dates):
        def parse(texts):
            calls.extend(texts)
            return splitter.parse(texts)

        # the summary's citations off the parse (all sentences alike here): this is about event dates
        config = Config(citation_subjects=False).synthesize
        return StoryWriter(config, encode=encode, dimension=4, parse=ParseMemory(parse), dates=dates)

    first_calls: list[str] = []
    first = writer(first_calls, None).story(StoryInput(mat, {}, {}))
    assert set(dated) <= set(first_calls)
    assert len(first.event_dates) == 2  # one per dated sentence, for the store
    stored = dict(first.event_dates)
    again_calls: list[str] = []  # a new writer (another process, a Ray worker): the runner hands it the stored dates
    again = writer(again_calls, EventDateMemory()).story(StoryInput(mat, {}, {}, event_dates=stored))
    assert not set(dated) & set(again_calls)  # read, not parsed
    assert again.event_dates == {}  # nothing new to store
    assert first.story is not None and again.story is not None
    assert [(e.date, e.text) for e in again.story.timeline] == [(e.date, e.text) for e in first.story.timeline]
    assert first.story.timeline


def test_a_date_found_without_a_parse_is_not_kept_as_the_parsers():
    from newsweave.synthesize.timeline import build_timeline as build
    from newsweave.text.eventdate_memory import EventDateMemory

    mat = material([("a", "2024-03-06", ["The levee was breached on Tuesday."])])
    memory = EventDateMemory()
    entries = build(mat, Config().synthesize, parse=lambda texts: [[] for _ in texts], memory=memory)
    assert entries  # dated by the rules all the same
    assert memory.take_new() == {}


def test_a_sentence_far_from_its_lead_naming_an_old_date_is_not_news_of_its_day():
    """The timeline dates a sentence with the article's position of it: a background sentence
    (an old date, far from the lead) reports nothing of its publication day; at the lead it does."""
    from newsweave.synthesize.timeline import date_pools
    from newsweave.text.clauses import ClauseSplitter

    background = "The cooperative, founded in 1994, lost its biggest customer under the new rules."
    filler = [f"Farmers in district {n} said the harvest was smaller than usual." for n in range(8)]
    mat = material([("a", "2031-03-14", [background, *filler]), ("b", "2031-03-14", [*filler, background])])
    splitter = ClauseSplitter(Config().spacy_model)
    pools = date_pools(mat, parse=splitter.parse)
    published = {(s.article_id, s.index) for s in pools["2031-03-14"].published}
    assert ("a", 0) in published
    assert ("b", 8) not in published


def test_a_question_counts_for_its_day_but_does_not_tell_it():
    mat = material(
        [
            (
                "a",
                "2024-05-02",
                [
                    "What has the mayor said about the inquiry into the port deal?",
                    "The mayor said on Tuesday that the port inquiry would report in June.",
                ],
            ),
            ("b", "2024-05-02", ['" Why was the port deal signed on Tuesday without a vote? "']),
        ]
    )
    timeline = build_timeline(mat, Config(), dates=2, per_date=2)
    assert timeline and all(not e.text.rstrip(' "').endswith("?") for e in timeline)
    assert {e.text for e in timeline} == {"The mayor said on Tuesday that the port inquiry would report in June."}
    only_questions = material([("a", "2024-05-02", ["What has the mayor said about the port deal inquiry?"])])
    assert build_timeline(only_questions, Config()) == []


def test_a_caption_is_dated_by_no_day_and_does_not_tell_one():
    from newsweave.synthesize.timeline import date_pools
    from newsweave.text.clauses import ClauseSplitter
    from newsweave.text.eventdate_memory import EventDateMemory

    caption = "Members of the migrant caravan at the border wall in Tijuana on Sunday."
    told = "Hundreds of migrants reached the border wall in Tijuana on Sunday after a month on the road."
    mat = material([("a", "2018-04-30", [caption]), ("b", "2018-04-30", [told]), ("c", "2018-04-30", [caption])])
    splitter = ClauseSplitter(Config().spacy_model)
    memory = EventDateMemory()
    parsed = build_timeline(mat, Config(), dates=1, per_date=1, parse=splitter.parse, memory=memory)
    assert [(e.date, e.text) for e in parsed] == [("2018-04-29", told)]
    assert build_timeline(mat, Config(), dates=1, per_date=1)[0].text == caption  # no parse: no caption found
    # a writer reading the kept dates (no parse) leaves it out the same way
    kept = date_pools(mat, parse=lambda texts: [[] for _ in texts], memory=memory)
    assert [s.text for s in kept["2018-04-29"].mentions] == [told]


def test_an_undated_report_tells_the_day_before_only_when_its_article_names_that_day():
    from newsweave.synthesize.timeline import date_pools

    mat = material(
        [
            # a report of its own day: nothing in it names the day before
            ("wire", "2024-06-12", ["Divers found the second hull breach.", "The port stayed shut to traffic."]),
            # a morning-after report: its lead names the day before (a Tuesday)
            ("paper", "2024-06-12", ["Divers found the breach on Tuesday.", "The port stayed shut to traffic."]),
        ]
    )
    told = date_pools(mat, day_before_rule="told")
    wire_days = {day for day, pool in told.items() if any(s.article_id == "wire" for s in pool.published)}
    paper_days = {day for day, pool in told.items() if any(s.article_id == "paper" for s in pool.published)}
    assert wire_days == {"2024-06-12"}
    assert paper_days == {"2024-06-12", "2024-06-11"}
    always = date_pools(mat, day_before_rule="always")
    assert any(s.article_id == "wire" for s in always["2024-06-11"].published)
    never = date_pools(mat, day_before_rule="never")
    assert all(day == "2024-06-12" for day, pool in never.items() if pool.published)


def test_a_long_story_tells_a_day_per_event_reported_twice_within_bounds():
    from newsweave.synthesize.timeline import timeline_length

    config = Config(timeline_dates=12, timeline_dates_max=40)
    assert timeline_length([1] * 50 + [2] * 5, config) == 12
    assert timeline_length([3] * 20 + [1] * 10, config) == 20
    assert timeline_length([2] * 90, config) == 40


def test_a_day_is_told_in_the_writers_words_rather_than_by_a_quotation():
    mat = material(
        [
            ("a", "2024-02-07", ['"We have never seen water this high," the lock keeper said on Tuesday.']),
            ("b", "2024-02-07", ["The river burst its banks at the lock on Tuesday, flooding the towpath."]),
            ("c", "2024-02-08", ["The lock keeper said on Tuesday the water was the highest he had seen."]),
        ]
    )
    (entry,) = build_timeline(mat, Config(), dates=1, per_date=1)
    assert not entry.text.startswith('"')
    quoted_only = material([("a", "2024-02-07", ['"We have never seen water this high," she said on Tuesday.'])])
    (only,) = build_timeline(quoted_only, Config(), dates=1, per_date=1)
    assert only.text.startswith('"')  # a day with nothing else is still told
    (anyway,) = build_timeline(mat, Config(timeline_reports_only=False), dates=1, per_date=1)
    assert anyway.text.startswith('"')  # the quotation is the day's most central sentence


def test_with_sentence_vectors_an_entry_cites_only_articles_that_state_its_fact():
    from newsweave.synthesize.similarity import SentenceVectors

    from ..conftest import bag_of_words_encoder

    day = "2024-06-04"
    mat = material(
        [
            ("a", day, ["Workers lifted a new steel span onto the broken river bridge at Dunmore on Tuesday."]),
            ("b", day, ["On Tuesday workers lifted a new steel span onto the broken river bridge at Dunmore."]),
            ("c", day, ["Workers at the Dunmore river bridge complained on Tuesday about their pay."]),
        ]
    )
    by_words = build_timeline(mat, Config(), dates=1, per_date=1)
    by_meaning = build_timeline(
        mat, Config(), dates=1, per_date=1, support=SentenceVectors(bag_of_words_encoder()).matrix
    )
    assert len(by_words) == len(by_meaning) == 1
    assert by_meaning[0].text == by_words[0].text and "span" in by_meaning[0].text
    cited = {c.article for c in by_meaning[0].citations}
    assert {"a", "b"} <= cited and "c" not in cited
    assert "c" in {c.article for c in by_words[0].citations}  # words shared are not a fact shared
