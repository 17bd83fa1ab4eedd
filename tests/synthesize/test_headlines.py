"""newsweave.synthesize.headlines on made-up text shaped like wire copy, web titles and glued first lines."""

import pytest

from newsweave.clean.untokenise import untokenise
from newsweave.synthesize.headlines import choose_headline, clean_title, headline_from_text, title_problem


@pytest.mark.parametrize(
    "text",
    [
        "Storm floods the harbour district of Eastbrook",
        "Mayor Ada Quill checks into rehab, spokesman says",
        "Singer Tom Vale dies at 91",
        "Bridge vote: council backs the northern crossing",
        "Why did the river port close?",
        "Lindqvist Checks Into Clinic After Leaving Another",
        "‘We will rebuild’, says harbour master after fire",
        "By tradition, the eldest son inherits the farm",
        "May Day rally fills Eastbrook square",
        "March 2031 strikes halt the ferries",
        "Fire crews called in",
        "UN envoy meets rebels in Northvale",
    ],
)
def test_real_headline_shapes_are_usable(text):
    assert title_problem(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("art-00123", "id"),
        ("XQW20310417.0042", "id"),
        ("https://example.org/news/42", "id"),
        ("By Jane Doe, Example News, Springfield", "byline"),
        ("By the Example Wire Staff", "byline"),
        ("Reporting by Tom Vale; editing by Ada Quill", "byline"),
        ("Jane Doe, Staff Writer", "byline"),
        ("SPRINGFIELD (AP) -- The city council voted on Monday to close the old bridge for repairs", "dateline"),
        ("EASTBROOK, Northvale _ The ferry operator said", "dateline"),
        ("NORTH HAVEN, Jan. 3 --", "dateline"),
        ("Wednesday 14 March 2031 09.12 GMT", "dateline"),
        ("Posted: Apr 2, 2031 8:20 AM ET", "dateline"),
        ("12/04/31", "dateline"),
        ("NATIONAL WEATHER &QL;", "slug"),
        ("(STORY CAN END HERE. OPTIONAL MATERIAL FOLLOWS)", "slug"),
        ("BC-Northvale-Floods", "slug"),
        ("HARBOUR MASTER QUITS OVER FERRY ROW", "slug"),
        ("Rescue workers carry a child from the rubble (Photo: Jane Doe)", "caption"),
        ("A protester gestures during a rally in Eastbrook", "caption"),
        ("Dock workers unload grain in Port Alva March 4, 2031.", "caption"),
        ("June 5, 2031: The mayor speaks to reporters outside city hall.", "caption"),
        ("The mayor of Eastbrook said on Tuesday that the new bridge would…", "cut-off"),
        ("The mayor of Eastbrook said the new bridge would be", "cut-off"),
        ("Council approves plan to rebuild the", "cut-off"),
        ("The editorial board wrote on Sunday, Nov. 1:", "cut-off"),
        ("and the council agreed to the plan", "cut-off"),
        ("Harbour master warns of (new", "cut-off"),
        ("Ferry firm ‘close to collapse", "cut-off"),
        (" ".join(["word"] * 40), "too long"),
        ("Update", "slug"),
        ("Floods", "too short"),
    ],
)
def test_problems_are_named(text, reason):
    assert title_problem(text) == reason


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Council approves new bridge | Example Gazette", "Council approves new bridge"),
        ("Council approves new bridge - Example News", "Council approves new bridge"),
        ("Example News - Council approves new bridge", "Council approves new bridge"),
        ("Ferry Fares Rise Again - City Desk Blog - The Example Times", "Ferry Fares Rise Again"),
        ("Mayor quits | Politics | The Example Post", "Mayor quits"),
        ("Port strike: what happens next — EXN", "Port strike: what happens next"),
        ("Hit-and-run driver charged in Eastbrook", "Hit-and-run driver charged in Eastbrook"),
        ("BREAKING: Dam bursts near Northvale", "Dam bursts near Northvale"),
        ("Analysis : Rebels gain ground in the north", "Rebels gain ground in the north"),
        ("“Eastbrook votes to rebuild”", "Eastbrook votes to rebuild"),
        ("Storm hits coast (VIDEO)", "Storm hits coast"),
        ("Harbour reopens after floods.", "Harbour reopens after floods"),
        ("12/04/2031 - Northvale to hold first two-party election", "Northvale to hold first two-party election"),
        ("HARBOUR MASTER QUITS OVER FERRY ROW", "Harbour Master Quits over Ferry Row"),
        ("UN ENVOY MEETS REBELS IN NORTHVALE", "UN Envoy Meets Rebels in Northvale"),
    ],
)
def test_clean_title(raw, clean):
    assert clean_title(raw) == clean


def test_headline_strips_dateline_and_attribution():
    text = ["SPRINGFIELD (AP) _ The city council approved a new bridge over the Alva River on Monday, officials said."]
    assert headline_from_text(text) == "The city council approved a new bridge over the Alva River"


def test_headline_strips_comma_dateline_and_short_sentence_stays_whole():
    assert headline_from_text(["NORTH HAVEN, Jan. 3 -- Floods forced 2,000 people from their homes."]) == (
        "Floods forced 2,000 people from their homes"
    )


def test_headline_is_cut_at_a_clause_boundary_never_with_ellipsis():
    sentence = (
        "The harbour authority of Eastbrook closed the northern ferry terminal to all traffic, "
        "saying that cracks found in the pier during a routine inspection made it unsafe for passengers."
    )
    head = headline_from_text([sentence])
    assert head == "The harbour authority of Eastbrook closed the northern ferry terminal to all traffic"
    assert "…" not in head and title_problem(head) is None


def test_headline_drops_leading_subordinate_clause_and_fluff():
    sentence = "After three days of heavy rain, the Alva River burst its banks and flooded the old town of Northvale."
    assert headline_from_text([sentence]) == "The Alva River burst its banks and flooded the old town of Northvale"
    fluff = "According to local officials, a landslide buried the coastal road near Port Alva."
    assert headline_from_text([fluff]) == "A landslide buried the coastal road near Port Alva"


def test_headline_skips_bylines_captions_and_boilerplate():
    sentences = [
        "By Jane Doe, Example News, Springfield",
        "Click here to sign up for our daily newsletter.",
        "Rescue workers carry a child from the rubble (Photo: Jane Doe)",
        "Rescuers pulled 14 survivors from a collapsed school in Northvale.",
    ]
    assert headline_from_text(sentences) == "Rescuers pulled 14 survivors from a collapsed school in Northvale"


def test_headline_from_glued_first_line_and_tokenised_text():
    glued = (
        "By the Example Wire Staff Dam bursts in the north Thousands fled their homes "
        "NORTHVALE , Freeland -LRB- EXN -RRB- -- Engineers said the Alva dam collapsed after days of rain , "
        "flooding 12 villages ."
    )
    head = headline_from_text([untokenise(glued)])  # tokenised text as the clean stage gives it
    assert head.startswith("Engineers said the Alva dam collapsed after days of rain")
    timestamp = "Monday 3 March 2031 10.15 GMT The ferry operator cancelled all crossings to the islands ."
    assert headline_from_text([untokenise(timestamp)]) == "The ferry operator cancelled all crossings to the islands"


def test_headline_prefers_a_sentence_naming_the_actors():
    sentences = [
        "Prices rose across the region as the harbour stayed closed.",
        "Mayor Ada Quill ordered the harbour reopened under police guard.",
    ]
    assert headline_from_text(sentences, actors=["Ada Quill"]).startswith("Mayor Ada Quill ordered")
    assert headline_from_text(sentences).startswith("Prices rose")


def test_headline_respects_max_words():
    sentence = (
        "The regional court in Port Alva sentenced the former harbour master to six years in prison "
        "for taking bribes from shipping firms over a decade."
    )
    head = headline_from_text([sentence], max_words=10)
    assert len(head.split()) <= 10 + 6 and title_problem(head) is None and not head.endswith(("in", "for", "the"))


def test_headline_is_empty_without_usable_text():
    assert headline_from_text([]) == ""
    assert headline_from_text(["By Jane Doe, Example News", "NATIONAL WEATHER &QL;"]) == ""


def test_choose_headline_takes_the_most_representative_usable_title():
    candidates = [
        ("Ferry fares rise again | Example Gazette", 0.62),
        ("By Jane Doe, Example News, Springfield", 0.95),
        (None, 0.99),
        ("HARBOUR-CLOSED-2", 0.97),
        ("Harbour closes after pier cracks found - Example News", 0.91),
    ]
    assert choose_headline(candidates, []) == "Harbour closes after pier cracks found"


def test_choose_headline_takes_no_title_from_far_down_a_large_group():
    sentences = ["The flu outbreak spread to twelve more countries on Monday, health officials said."]
    far = [(None, 0.9 - k / 100) for k in range(40)] + [("Island school shut over one flu case", 0.3)]
    built = choose_headline(far, sentences, reach=0.1)
    assert built != "Island school shut over one flu case" and "flu outbreak" in built
    assert choose_headline(far, sentences, reach=1.0) == "Island school shut over one flu case"
    near = [(None, 0.9), ("Island school shut over one flu case", 0.8)]
    assert choose_headline(near, sentences, reach=0.1) == "Island school shut over one flu case"


def test_choose_headline_falls_back_to_the_text():
    sentences = ["EASTBROOK (EXN) -- The harbour authority closed the northern ferry terminal on Friday."]
    assert choose_headline([(None, 0.9), ("art-00123", 0.8)], sentences) == (
        "The harbour authority closed the northern ferry terminal"
    )
    assert choose_headline([], []) == ""


@pytest.mark.parametrize(
    "text",
    [
        "First Published: June 13, 2013 4:59 PM EDT",
        "Updated 4:08 p. m. ET",
        "26 September 2013, 10:00 (GMT+05:00)",
        "Sat Nov 12 2011, 01:19 hrs",
        "WASHINGTON, DC, April 28, 2009",
        "Posted 1 year, 160 days ago [downloaded on 2 October 2013]",
    ],
)
def test_lines_of_date_and_time_are_stamps_and_no_headline(text):
    from newsweave.text.headline_rules import is_stamp

    assert is_stamp(text) and title_problem(text) == "dateline"


@pytest.mark.parametrize(
    "text",
    [
        "5.9 Earthquake Jolts Iran",
        "Aftershocks jolt the island, death toll rises to 10",
        "Secretaries must act by May 9 on the species rule",
        "Ten dead in southern quake",
        "9/11: 10 years on",
        "Day 3 of the trial",
        "World Cup 2010: Day 12",
        "One year on: Haiti 2011",
    ],
)
def test_headlines_with_a_number_or_a_date_are_not_stamps(text):
    from newsweave.text.headline_rules import is_stamp

    assert not is_stamp(text)
