from newsweave.config import Config
from newsweave.timeline import build_timeline

from .synth_helpers import material


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
