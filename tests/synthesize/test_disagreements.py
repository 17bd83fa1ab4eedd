"""Disagreements: dates, titles and attributions that outlets give differently."""

from __future__ import annotations

from datetime import date

from newsweave.config import Config
from newsweave.records import Actor, Citation, Role, StoryQuote
from newsweave.synthesize.coverage import coverage
from newsweave.synthesize.disagreements import _acronym_of, attribution_conflicts, date_conflicts, title_conflicts
from newsweave.synthesize.similarity import SentenceVectors
from newsweave.text.timex_values import date_span

from ..conftest import bag_of_words_encoder
from ..synth_helpers import material


def test_date_spans_cover_days_weeks_months_quarters_and_years():
    assert date_span("2022-06-23") == (date(2022, 6, 23), date(2022, 6, 23))
    assert date_span("2022-02") == (date(2022, 2, 1), date(2022, 2, 28))
    assert date_span("2022-W25") == (date(2022, 6, 20), date(2022, 6, 26))
    assert date_span("2022-Q3") == (date(2022, 7, 1), date(2022, 9, 30))
    assert date_span("2012") == (date(2012, 1, 1), date(2012, 12, 31))
    assert date_span("PAST_REF") is None and date_span("2022-13") is None


def _dated_story(second: str):
    mat = material(
        [
            (
                "a",
                "2022-08-02",
                ["Security services foiled the planned attack on tourists in early June, officials said."],
            ),
            ("b", "2022-08-03", [second]),
        ]
    )
    return mat, coverage(mat, SentenceVectors(bag_of_words_encoder()), Config())


def test_one_fact_given_two_dates_by_two_outlets_is_a_date_disagreement():
    _mat, cov = _dated_story("Security services foiled the planned attack on tourists in late July, officials said.")
    [found] = [d for d in cov.disagreements if d.kind == "date"]
    assert [side.citations[0].article for side in found.sides] == ["a", "b"]
    assert "early June" in found.sides[0].text and "late July" in found.sides[1].text


def test_the_same_day_written_two_ways_is_no_disagreement():
    mat = material(
        [
            ("a", "2022-06-14", ["Security services foiled the planned attack on tourists on Monday, officials said."]),
            (
                "b",
                "2022-06-15",
                ["Security services foiled the planned attack on tourists on June 13, officials said."],
            ),
        ]
    )
    groups = [[mat.sentences["a"][0], mat.sentences["b"][0]]]
    assert date_conflicts(groups, mat) == []


def _actor(*roles):
    return Actor("Emre Dalton", "PERSON", [], 3, roles=list(roles))


def _titles(*roles):
    mat = material([(x, "2022-06-20", ["Text."]) for x in "abc"])
    return title_conflicts([_actor(*roles)], mat)


def test_two_outlets_giving_one_person_two_ministries_in_a_week_disagree():
    found = _titles(
        Role("Valmora's defense minister", "2022-06-20", [Citation("a", 0)]),
        Role("Valmora's foreign minister", "2022-06-22", [Citation("b", 0)]),
    )
    assert [side.text for side in found[0].sides] == [
        "Emre Dalton, Valmora's defense minister",
        "Emre Dalton, Valmora's foreign minister",
    ]


def test_a_role_change_over_months_a_more_precise_title_or_another_office_is_no_disagreement():
    assert (
        _titles(
            Role("foreign minister", "2022-06-20", [Citation("a", 0)]),
            Role("prime minister", "2022-10-03", [Citation("b", 0)]),
        )
        == []
    )
    assert (
        _titles(
            Role("foreign minister", "2022-06-20", [Citation("a", 0)]),
            Role("Valmora's foreign minister", "2022-06-20", [Citation("b", 0)]),
        )
        == []
    )
    assert (
        _titles(
            Role("foreign minister", "2022-06-20", [Citation("a", 0)]),
            Role("party leader", "2022-06-20", [Citation("b", 0)]),
        )
        == []
    )
    same_outlet = material([("a", "2022-06-20", ["Text."]), ("b", "2022-06-20", ["Text."])])
    for article in same_outlet.articles:
        article.outlet = "One Outlet"
    roles = [
        Role("defense minister", "2022-06-20", [Citation("a", 0)]),
        Role("foreign minister", "2022-06-20", [Citation("b", 0)]),
    ]
    assert title_conflicts([_actor(*roles)], same_outlet) == []


def test_an_acronym_of_the_other_titles_words_is_the_same_office():
    full = Role("Central Intelligence Agency director", "2022-06-20", [Citation("a", 0)])
    for short in ("CIA director", "C.I.A. director"):
        assert _titles(full, Role(short, "2022-06-20", [Citation("b", 0)])) == []
    # a connector of the title lexicon may give no initial, or one
    for short in ("fbi director", "f.b.i. director"):
        assert _acronym_of(short, "federal bureau of investigation director")
        assert not _acronym_of(short, "federal office of investigation director")
    assert _acronym_of("doj spokesman", "department of justice spokesman")
    # initials of other words are another office
    found = _titles(full, Role("NSA director", "2022-06-20", [Citation("b", 0)]))
    assert [side.text for side in found[0].sides] == [
        "Emre Dalton, Central Intelligence Agency director",
        "Emre Dalton, NSA director",
    ]


def test_the_same_words_given_to_two_speakers_by_two_articles_is_an_attribution_disagreement():
    said = "We will rebuild every school and clinic the flood destroyed in the northern valley."
    quotes = [
        StoryQuote("Ana Ruiz", said, [Citation("a", 1)]),
        StoryQuote("Tomas Berg", said.replace(".", ","), [Citation("b", 2)]),
        StoryQuote("Carla Nunes", said.replace("will", "will not"), [Citation("c", 0)]),
        StoryQuote("Lena Holt", said, [Citation("a", 3)]),
    ]
    quotes.append(StoryQuote("Ida Lind", "We will rebuild the schools that the flood destroyed.", [Citation("e", 0)]))
    [found] = attribution_conflicts(quotes)
    assert [side.citations[0].article for side in found.sides] == ["a", "b"]
    assert found.sides[1].text.startswith("Tomas Berg:")
    spelled = [quotes[0], StoryQuote("Ana Ruis", quotes[0].text, [Citation("d", 0)])]
    assert attribution_conflicts(spelled) == []  # one person, two spellings


def test_quotes_that_share_a_short_sentence_or_only_common_words_are_no_attribution_disagreement():
    # one short sentence in common, the rest of each quote its own
    first = (
        "Farmers have lost their whole harvest to the floods this spring. How can there be business? "
        "The ministry must pay compensation before the winter comes."
    )
    second = (
        "How can there be business? Our shops along the river have been closed for eleven weeks "
        "and the banks refuse every new loan to traders."
    )
    # many words in common, all of them function words
    third = "It was not what we had been told it would be, and that is what they had to say about it."
    fourth = "It is what it is, and we have been told that it would be what they had said it was."
    cases = [(first, second), (third, fourth)]
    for a, b in cases:
        pair = [StoryQuote("Ana Ruiz", a, [Citation("a", 0)]), StoryQuote("Tomas Berg", b, [Citation("b", 0)])]
        assert attribution_conflicts(pair) == []
    # the same long quote given to the two is one
    pair = [StoryQuote("Ana Ruiz", first, [Citation("a", 0)]), StoryQuote("Tomas Berg", first, [Citation("b", 0)])]
    assert len(attribution_conflicts(pair)) == 1


def test_words_a_person_denied_are_not_a_who_said_it_disagreement():
    words = "the company had paid the inspectors to look away from the leaks"

    def quote(speaker: str, kind: str, article: str) -> StoryQuote:
        return StoryQuote(text=words, speaker=speaker, kind=kind, citations=[Citation(article, 0)])

    said = quote("Maria Lopez", "indirect", "a")
    assert attribution_conflicts([said, quote("John Carter", "denied", "b")]) == []
    assert attribution_conflicts([said, quote("John Carter", "indirect", "b")])  # said by both: a conflict


def test_qualifiers_that_name_no_field_of_office_are_no_disagreement():
    def role(title, article):
        return Role(title, "2022-06-20", [Citation(article, 0)])

    # a second post held at once, an opinion: not two offices of one kind
    assert _titles(role("harbour patrol commander", "a"), role("flood response commander", "b")) == []
    assert _titles(role("trusted chief executive", "a"), role("XQ chief executive", "b")) == []
    assert _titles(role("health minister", "a"), role("finance minister", "b"))  # two fields
