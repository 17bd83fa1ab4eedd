"""Quotes: finding them with their speakers (direct and reported speech)."""

from __future__ import annotations

import json

import pytest

from newsweave.synthesize.quotes import curl_quotes, extract_quotes, indirect_speech

from ..conftest import load_benchmark


def test_speakers_before_after_pronoun_description_and_continuations():
    paragraphs = [
        "Finance Minister Pedro Alves defended the budget on Tuesday.",
        "“This budget protects the families who need help most,” Alves told lawmakers. “It is fair.”",
        "Opposition leader Carla Nunes disagreed. “The minister is hiding the real cost,” she said.",
        "“The threat is real and it is immediate,” a senior security official told reporters.",
        "“We made mistakes, and we will fix them.",
        "“But our data is safer today than a month ago,” said founder Jonas Ferreira, 52.",
        "The unions called the plan “completely unrealistic” on Monday.",
    ]
    found = [(q.text, q.speaker, q.speaker_kind) for q in extract_quotes(paragraphs)]
    assert found == [
        ("This budget protects the families who need help most,", "Pedro Alves", "named"),
        ("It is fair.", "Pedro Alves", "continued"),
        ("The minister is hiding the real cost,", "Carla Nunes", "pronoun"),
        ("The threat is real and it is immediate,", "a senior security official", "description"),
        (
            "We made mistakes, and we will fix them. But our data is safer today than a month ago,",
            "Jonas Ferreira",
            "named",
        ),
    ]


def test_straight_quotes_are_paired_by_context_even_when_one_is_never_closed():
    text = 'Varga said, "We see the attempts. We will act. "We have a new rule," the prime minister stressed.'
    assert curl_quotes(text).count("“") == 2
    quotes = extract_quotes([text])
    assert [q.text for q in quotes] == ["We see the attempts. We will act.", "We have a new rule,"]
    assert quotes[1].speaker == "the prime minister"


@pytest.mark.parametrize("with_ner", [False, True])
def test_quote_benchmark_sets_stay_above_the_issue_floors(with_ner):
    module = load_benchmark("quotes")
    ner = None
    if with_ner:
        from newsweave.annotate.annotator import Annotator
        from newsweave.config import Config

        ner = Annotator(Config()).ner
    for path in module.SETS.values():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        scores, errors = module.evaluate(rows, ner)
        assert scores["f1"] >= 0.90 and scores["speaker_accuracy"] >= 0.85, errors


def test_reported_speech_is_a_second_kind_with_its_speaker():
    from newsweave.synthesize.quotes import indirect_speech

    paragraphs = [
        "Harbour Minister Ana Sela said the port authority obtained evidence that smugglers planned raids in Varna.",
        "She said the team would return to the glacier next year.",
        "The ministry said in a statement that talks would resume next week.",
        "“We will stay,” she said.",
    ]
    found = [(q.speaker, q.kind, q.text) for q in indirect_speech(paragraphs)]
    assert found == [
        ("Ana Sela", "indirect", "the port authority obtained evidence that smugglers planned raids in Varna."),
        ("Ana Sela", "indirect", "the team would return to the glacier next year."),
        ("The ministry", "indirect", "talks would resume next week."),
    ]


def test_a_line_break_inside_a_quote_does_not_cut_it():
    from newsweave.synthesize.quotes import extract_quotes

    paragraphs = [
        "“The harbour will reopen within a month,” the port authority stated. “In the weeks before that,",
        "crews will inspect every crane on the quay.”",
        "Repairs began on Monday.",
    ]
    (first, second) = extract_quotes(paragraphs)
    assert first.speaker == "the port authority"
    assert second.text == "In the weeks before that, crews will inspect every crane on the quay."
    assert second.speaker == "the port authority" and second.speaker_kind == "continued"
    assert (second.paragraph, second.end_paragraph) == (0, 1)


def test_a_speaker_described_by_a_possessive_name():
    from newsweave.synthesize.quotes import extract_quotes

    paragraphs = [
        "“Talks will resume once the harbour has reopened,” Valmora's foreign ministry wrote on its website.",
        "Valmora’s defence minister told reporters: “We will keep the patrols at sea for now.”",
        "“The cranes are safe,” Emre Dalton's office said.",
    ]
    found = [(q.speaker, q.speaker_kind) for q in extract_quotes(paragraphs)]
    assert found == [
        ("Valmora's foreign ministry", "description"),
        ("Valmora’s defence minister", "description"),
        ("Emre Dalton's office", "description"),
    ]


def test_reported_speech_speakers_are_people_not_stray_words():
    from newsweave.synthesize.quotes import indirect_speech

    paragraphs = [
        "Governor Lena Varga declared an emergency for the valley early on Friday and said the army would help.",
        "Rain fell all week, and officials in Marnholt warned residents of the lower town to prepare to leave.",
        "The governor also announced an inquiry into the release of water from the dam.",
        "Crews worked at the harbour and at Pellin while the port stayed shut for the night.",
    ]
    found = [(q.speaker, q.speaker_kind, q.text) for q in indirect_speech(paragraphs)]
    assert found == [
        ("Lena Varga", "named", "the army would help."),
        ("officials in Marnholt", "description", "residents of the lower town to prepare to leave."),
        ("Lena Varga", "title", "an inquiry into the release of water from the dam."),  # the governor named above
    ]


def test_reported_speech_by_a_title_is_given_to_the_person_the_article_titled_so():
    from newsweave.synthesize.quotes import indirect_speech

    paragraphs = [
        "Governor Lena Varga visited the flooded streets of Marnholt on Monday.",
        "The governor also announced an inquiry into the release of water from the dam.",
        "The mayor said the harbour road would reopen on Friday.",
    ]
    found = [(q.speaker, q.speaker_kind) for q in indirect_speech(paragraphs)]
    assert found == [("Lena Varga", "title"), ("The mayor", "description")]  # no mayor was named


def test_whom_a_speaker_told_is_not_part_of_what_was_said():
    from newsweave.synthesize.quotes import indirect_speech

    paragraphs = [
        "On Wednesday, a defense official told the Marnholt Courier news site that the deal was unlikely to be signed.",
        "Emre Dalton told Meridian on Monday that the harbour would reopen within a month.",
        "Dalton told reporters the crews had worked through the night.",
    ]
    found = [(q.speaker, q.text) for q in indirect_speech(paragraphs)]
    assert found == [
        ("a defense official", "the deal was unlikely to be signed."),
        ("Emre Dalton", "the harbour would reopen within a month."),
        ("Emre Dalton", "the crews had worked through the night."),
    ]


def test_a_title_with_the_names_the_one_person_the_article_gave_it():
    paragraphs = [
        "Prime Minister Lena Varga spoke at the cabinet meeting.",
        "“We have a new rule,” the prime minister said.",
    ]
    quote = extract_quotes(paragraphs)[0]
    assert (quote.speaker, quote.speaker_kind) == ("Lena Varga", "title")
    two = [
        "Prime Minister Ana Ruiz met Prime Minister Tomas Berg.",
        "“We agree on everything,” the prime minister said.",
    ]
    assert extract_quotes(two)[0].speaker == "the prime minister"


def _entities(**labels):
    from newsweave.records import Entity

    return [Entity("a", 0, text, label, 0, 0) for text, label in labels.items()]


def test_a_pronoun_skips_the_places_and_firms_named_after_its_person():
    from newsweave.synthesize.quotes import People

    after_preposition = [
        "Lena Varga, chief economist at Harbor Capital in Port Elden, said markets expected no change.",
        "“The next thing everybody will watch is the budget,” she said.",
    ]
    assert extract_quotes(after_preposition)[0].speaker == "Lena Varga"
    known_place = [
        "Lena Varga said markets expected no change. Port Elden stayed calm all morning.",
        "“The next thing everybody will watch is the budget,” she said.",
    ]
    people = People.from_entities(_entities(**{"Lena Varga": "PERSON", "Port Elden": "GPE"}))
    assert extract_quotes(known_place)[0].speaker == "Port Elden"  # two capitalised words, no NER
    assert extract_quotes(known_place, people)[0].speaker == "Lena Varga"


def test_a_surname_alone_is_the_last_person_named():
    from newsweave.synthesize.quotes import People

    paragraphs = [
        "“It was a panic,” police spokesman Tomas Brandt said.",
        "Dalton said there were signs the fire had been set. “It spread too fast,” he said.",
    ]
    people = People.from_entities(_entities(**{"Tomas Brandt": "PERSON", "Emre Dalton": "PERSON"}))
    assert [q.speaker for q in extract_quotes(paragraphs, people)] == ["Tomas Brandt", "Emre Dalton"]


def test_story_actors_decide_who_is_a_person_and_a_title_overrules_a_tagger():
    from newsweave.records import Actor
    from newsweave.synthesize.quotes import People

    people = People.from_actors(
        [
            Actor("Emre Dalton", "person", ["Dalton"], 4),
            Actor("Port Elden", "place", ["Elden"], 2),
            Actor("Mira Castell", "organization", [], 1),  # a tagger's mistake the story did not outvote
        ]
    )
    assert people.names["Dalton"] == "Emre Dalton" and "Port Elden" in people.others
    paragraphs = [
        "The airline’s chief executive, Mira Castell, called the strike irresponsible in Port Elden.",
        "“The union is holding passengers hostage,” she said.",
    ]
    assert extract_quotes(paragraphs, people)[0].speaker == "Mira Castell"


def test_an_adverb_between_speaker_and_verb_is_not_part_of_the_speaker():
    paragraphs = [
        "“Talks are over for this week,” a union source reportedly said.",
        "Union leader Rui Matos met the owners on Monday.",
        "“We will not go back to work without a deal,” Matos later told reporters.",
    ]
    found = [(q.speaker, q.speaker_kind) for q in extract_quotes(paragraphs)]
    assert found == [("a union source", "description"), ("Rui Matos", "named")]


def test_a_quote_left_open_ends_at_a_paragraph_that_does_not_open_with_a_quote_mark():
    paragraphs = [
        "“In the framework of these meetings,",
        "The two ministers will sign a new accord.",
        "“This really strengthens our standing,” the official said.",
    ]
    quotes = extract_quotes(paragraphs)
    assert [q.text for q in quotes] == ["In the framework of these meetings,", "This really strengthens our standing,"]
    assert quotes[1].speaker == "the official"


def test_annotate_prints_quotes_with_speakers_and_spans_in_the_clean_text(tmp_path, capsys):
    import json

    from newsweave.cli import main

    path = tmp_path / "a.txt"
    path.write_text(
        "Port strike enters second week\n\n"
        "Union leader Rui Matos spoke to strikers on Monday.\n"
        "“We will not go back to work without a deal,” Matos later told reporters.\n"
        "“We have waited for months.\n"
        "“Now we wait no longer,” a union official said.\n",
        encoding="utf-8",
    )
    assert main(["annotate", str(path), "--published", "2024-03-05", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    quotes = [(q["speaker"], q["text"]) for q in data["quotes"]]
    assert quotes == [
        ("Rui Matos", "We will not go back to work without a deal,"),
        ("a union official", "We have waited for months. Now we wait no longer,"),
    ]
    clean = "\n".join(s["text"] for s in data["sentences"])
    for q in data["quotes"]:
        assert clean[q["start"] : q["end"]].replace("\n“", " ") == q["text"]
        assert data["sentences"][q["sentence"]]["start"] <= q["start"] < data["sentences"][q["sentence"]]["end"]


def test_double_apostrophes_are_quote_marks_and_offsets_do_not_move():
    text = "''We will build it,'' Ms. Lind said. A ''short'' one."
    curled = curl_quotes(text)
    assert len(curled) == len(text)
    assert [q.text for q in extract_quotes([text])] == ["We will build it,"]


@pytest.mark.slow
def test_parsed_speakers_are_subjects_not_outlets_and_partial_quotes_are_theirs(annotator):
    parse = annotator.clauses.parse
    paragraphs = [
        "Trade minister Ola Brekke met the delegation on Monday.",
        "An analyst at the Halden Institute, Mira Sund, told the Valmora Courier that the deal was "
        "“one of the most generous pledges so far,” adding that it was “a turning point for the region.”",
        "“We are ready to sign,” he said.",
    ]
    found = [(q.text, q.speaker, q.kind) for q in extract_quotes(paragraphs, parse=parse)]
    assert found == [
        ("one of the most generous pledges so far,", "Mira Sund", "partial"),
        ("a turning point for the region.", "Mira Sund", "partial"),
        ("We are ready to sign,", "Mira Sund", "direct"),
    ]
    reported = [
        (q.speaker, q.kind)
        for q in indirect_speech(["Officials in Port Elden said the bridge would reopen in May."], parse=parse)
    ]
    assert reported == [("Officials in Port Elden", "indirect")]


@pytest.mark.slow
def test_a_pronoun_that_is_no_person_leaves_the_speaker_unknown(annotator):
    paragraphs = ["The ministry issued a statement.", "“The figures are wrong,” it said."]
    quote = extract_quotes(paragraphs, parse=annotator.clauses.parse)[0]
    assert (quote.speaker, quote.speaker_kind, quote.cue) == (None, "unknown", "said")


@pytest.mark.slow
def test_a_quote_running_over_a_paragraph_break_is_attributed_with_the_parse(annotator):
    paragraphs = [
        "The mayor spoke at length. “We will rebuild the harbour wall before winter,",
        "and we will pay for it ourselves,” Mayor Ilse Varga said on Monday.",
        "“It is a promise,” she added.",
    ]
    found = [(q.speaker, q.kind) for q in extract_quotes(paragraphs, parse=annotator.clauses.parse)]
    assert found == [("Ilse Varga", "direct"), ("Ilse Varga", "direct")]


@pytest.mark.slow
def test_he_and_she_are_the_last_person_subject_of_their_gender_not_one_inside_reported_speech(annotator):
    paragraphs = [
        "Ms. Vesna Roque, the council's treasurer, announced the budget on Monday.",
        "Tarn Holloway, a spokesman for the mayor, said Lior Bast would chair the committee.",
        "“The figures add up,” she said.",
        "“We expect a vote in March,” he said.",
    ]
    found = [(q.text, q.speaker) for q in extract_quotes(paragraphs, parse=annotator.clauses.parse)]
    assert found == [("The figures add up,", "Vesna Roque"), ("We expect a vote in March,", "Tarn Holloway")]


@pytest.mark.slow
def test_verbs_after_an_exclamation_and_quoted_as_saying_give_the_speaker(annotator):
    parse = annotator.clauses.parse
    found = extract_quotes(["“That is simply not true!” Roque replied on Tuesday."], parse=parse)
    assert [(q.speaker, q.cue) for q in found] == [("Roque", "replied")]
    found = extract_quotes(
        ["Mayor Ana Lopes was quoted as saying “the bridge will open next spring, whatever happens”."], parse=parse
    )
    assert [q.speaker for q in found] == ["Ana Lopes"]


@pytest.mark.slow
def test_a_quote_without_attribution_goes_to_the_speaker_of_reported_speech_before_it(annotator):
    paragraphs = [
        "“Nothing was hidden,” said Oona Pell, the auditor.",
        "Idris Kell, the council's lawyer, argues that the accounts were never checked. "
        "“The council is alleging fraud where there was only sloppiness in the accounts.”",
    ]
    found = [(q.text[:20], q.speaker) for q in extract_quotes(paragraphs, parse=annotator.clauses.parse)]
    assert found == [("Nothing was hidden,", "Oona Pell"), ("The council is alleg", "Idris Kell")]


@pytest.mark.slow
def test_a_colon_gives_the_quote_to_the_subject_of_the_clause_it_ends(annotator):
    parse = annotator.clauses.parse
    paragraphs = [
        "After the vote, council leader Oona Pell issued the following statement:",
        "“Our city deserves better than this budget, and we will not stop until it is fixed.”",
        "The auditors worded it more carefully: “Several accounts could not be verified in time.”",
    ]
    found = [(q.text[:12], q.speaker) for q in extract_quotes(paragraphs, parse=parse)]
    assert found == [("Our city des", "Oona Pell"), ("Several acco", "The auditors")]


@pytest.mark.slow
def test_a_bare_reporting_verb_after_a_quote_closed_with_a_full_stop_is_its_attribution(annotator):
    parse = annotator.clauses.parse
    found = extract_quotes(["“Nobody expected the dam to hold that long.” Idris Kell said."], parse=parse)
    assert [q.speaker for q in found] == ["Idris Kell"]


@pytest.mark.slow
def test_he_is_the_subject_of_the_sentence_before_the_subject_of_a_clause_inside_it(annotator):
    paragraphs = [
        "Tomas Kell left the “crisis meeting” early because Ivo Brandt had blocked the vote on the harbour.",
        "“That is not the end of it,” he said.",
    ]
    found = extract_quotes(paragraphs, parse=annotator.clauses.parse)
    assert [q.speaker for q in found] == ["Tomas Kell"]


@pytest.mark.slow
def test_a_quote_without_attribution_after_a_new_subject_is_that_person_s_not_the_last_speaker_s(annotator):
    paragraphs = [
        "“The budget is late again,” said Oona Pell, the auditor.",
        "Idris Kell agreed. “Nobody in the council has read the accounts this year.”",
    ]
    found = [(q.text[:12], q.speaker) for q in extract_quotes(paragraphs, parse=annotator.clauses.parse)]
    assert found == [("The budget i", "Oona Pell"), ("Nobody in th", "Idris Kell")]


def test_a_large_story_read_in_forked_processes_gives_the_same_quotes(monkeypatch):
    from newsweave.config import Config
    from newsweave.synthesize import quotes as quotes_module
    from newsweave.text.clauses import ClauseSplitter

    from ..synth_helpers import material

    bodies = [
        [
            f"Mayor Ilse Brandt opened bridge number {n} on Monday.",
            f"“This crossing {n} joins two halves of the town,” Brandt told residents.",
            f"Engineer Tomas Ruud said the span {n} had cost less than planned.",
        ]
        for n in range(quotes_module.FORK_ARTICLES + 2)
    ]
    story = material([(f"a{n}", "2031-05-05", body) for n, body in enumerate(bodies)], {"Ilse Brandt": "PERSON"})
    splitter = ClauseSplitter(Config().spacy_model)
    forks = []

    def counted(*args, **kwargs):
        forks.append(kwargs["processes"])
        return real(*args, **kwargs)

    real = quotes_module.forked_map
    monkeypatch.setattr(quotes_module, "forked_map", counted)
    alone = quotes_module.story_quotes(story, None, splitter.parse, processes=1)
    forked = quotes_module.story_quotes(story, None, splitter.parse, processes=2)
    assert forks == [2]  # only the second call forked
    assert len(alone) == 2 * len(bodies)  # a direct quote and reported speech in every article
    assert [(f.article, f.quote.text, f.quote.speaker, f.start) for f in forked] == [
        (f.article, f.quote.text, f.quote.speaker, f.start) for f in alone
    ]


def test_a_quoted_name_of_a_programme_or_slogan_is_no_quote():
    from newsweave.synthesize.quote_marks import is_work_title

    paragraphs = [
        '"Morning Report Live" drew two million viewers on Sunday, the network said.',
        '"We will not leave until the vote is held," the senator said.',
        'Marchers chanted "NO MORE DELAYS" outside.',
    ]
    texts = [q.text for q in extract_quotes(paragraphs)]
    assert not any("Morning Report" in t for t in texts)
    assert any(t.startswith("We will not leave") for t in texts)
    assert is_work_title("Talk of the Town.") and is_work_title("Morning Report Live")
    assert not is_work_title("We will not leave") and not is_work_title("NO MORE DELAYS")
    assert not is_work_title("Vote")  # one word: too short to tell
    assert not is_work_title("Go back to Lisbon")  # a lower-case word no title leaves so
    assert not is_work_title("Like Dunmore. Or Halbrook,")  # two sentences
    assert not is_work_title("What a Night!")  # exclaimed
