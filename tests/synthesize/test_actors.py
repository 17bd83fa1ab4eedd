from newsweave.clean.untokenise import untokenise
from newsweave.config import Config
from newsweave.synthesize.actors import extract_actors

from ..synth_helpers import material


def roles(sentence, name):
    """The roles the text rules give the mention ``name`` of ``sentence``."""
    from newsweave.synthesize.roles import roles_in_sentence

    i = sentence.index(name)
    return roles_in_sentence(sentence, i, i + len(name))


def test_spellings_and_surnames_merge_and_type_is_by_majority():
    mat = material(
        [
            ("a", None, ["President Selim Tarik Aydoğan spoke.", "Aydogan said more.", "Aydogan left Ankara."]),
            ("b", None, ["Selim Tarik Aydogan met the envoy in Ankara.", "The envoy thanked Aydoğan."]),
        ],
        names={
            "Selim Tarik Aydoğan": "PERSON",
            "Selim Tarik Aydogan": "PERSON",
            "Aydoğan": "PERSON",
            "Aydogan": "ORG",
            "Ankara": "GPE",
        },
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    assert set(actors) == {"Selim Tarik Aydoğan", "Ankara"}
    aydogan = actors["Selim Tarik Aydoğan"]
    assert aydogan.type == "person"  # 3 PERSON mentions outvote 2 ORG ones
    assert aydogan.mentions == 5 and aydogan.articles == 2
    assert set(aydogan.aliases) == {"Selim Tarik Aydogan", "Aydoğan", "Aydogan"}
    assert actors["Ankara"].type == "place"


def test_a_surname_joined_to_a_full_name_counts_as_that_person():
    """A bare surname tagged ORG more often than the full name is tagged PERSON is still the person,
    and keeps the roles the full name was given."""
    mat = material(
        [
            ("a", "2024-03-01", ["Foreign Minister Arlen Vosk flew to Pellin.", "Vosk met envoys.", "Vosk left."]),
            ("b", "2024-03-02", ["Arlen Vosk spoke in Pellin.", "Vosk said talks would go on."]),
        ],
        names={"Arlen Vosk": "PERSON", "Vosk": "ORG", "Pellin": "GPE"},
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    vosk = actors["Arlen Vosk"]
    assert vosk.type == "person"  # 2 PERSON mentions, 3 of the surname tagged ORG
    assert vosk.mentions == 5 and vosk.aliases == ["Vosk"]
    assert [r.title for r in vosk.roles] == ["Foreign Minister"]
    assert actors["Pellin"].type == "place"


def test_the_field_of_an_office_is_no_organization():
    mat = material(
        [("a", None, ["Defense Minister Emre Dalton met the Defense Ministry staff.", "Dalton left Pellin."])],
        names={"Emre Dalton": "PERSON", "Defense": "ORG", "the Defense Ministry": "ORG", "Pellin": "GPE"},
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    assert "Defense" not in actors  # "Defense" of "Defense Minister" tagged ORG
    assert actors["Defense Ministry"].type == "organization"  # the ministry is one
    assert [r.title for r in actors["Emre Dalton"].roles] == ["Defense Minister"]


def test_a_town_the_tagger_mostly_calls_a_person_is_a_place():
    mat = material(
        [
            ("a", None, ["Residents of Marnholt left.", "Marnholt residents waited.", "Crews in Marnholt worked."]),
            ("b", None, ["Officials at the Marnholt dam said Dalton would visit.", "Dalton met crews in town."]),
        ],
        names={"Marnholt": "PERSON", "Dalton": "PERSON"},
    )
    labels = {"a": ["PERSON", "PERSON", "GPE"], "b": ["PERSON", "PERSON", "PERSON"]}
    for article, ents in mat.entities.items():  # the tagger called Marnholt a place once
        marnholt = [e for e in ents if e.text == "Marnholt"]
        for ent, label in zip(marnholt, labels[article], strict=False):
            ent.label = label
    actors = {a.name: a for a in extract_actors(mat, Config())}
    assert actors["Marnholt"].type == "place"  # 4 PERSON, 1 GPE, and "in Marnholt", "at the Marnholt dam"
    assert actors["Dalton"].type == "person"  # never a place, never after "in"


def test_a_name_never_tagged_a_place_stays_a_person():
    mat = material(
        [("a", None, ["Dalton spoke in Pellin.", "Crowds cheered in Dalton square.", "Dalton left."])],
        names={"Dalton": "PERSON", "Pellin": "GPE"},
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    assert actors["Dalton"].type == "person"


def test_a_title_written_more_or_less_precisely_is_one_role():
    mat = material(
        [
            ("a", "2024-03-01", ["Piet Vanner, the authority's operations director, spoke.", "Vanner left."]),
            ("b", "2024-03-09", ["Piet Vanner, the water authority's operations director, spoke again."]),
            ("c", "2024-03-10", ["Minister Lena Varga and Foreign Minister Lena Varga are one name here."]),
            ("d", "2024-05-02", ["Former foreign minister Lena Varga campaigned.", "Prime Minister Lena Varga won."]),
        ],
        names={"Piet Vanner": "PERSON", "Vanner": "PERSON", "Lena Varga": "PERSON"},
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    (director,) = actors["Piet Vanner"].roles
    assert (director.title, director.as_of) == ("water authority's operations director", "2024-03-01")
    assert {c.article for c in director.citations} == {"a", "b"}
    titles = [r.title for r in actors["Lena Varga"].roles]
    # "Minister" fits both "Foreign Minister" and "Prime Minister": it stays; "Former foreign minister"
    # is not "Foreign Minister"
    assert titles == ["Foreign Minister", "Minister", "Former foreign minister", "Prime Minister"]


def test_an_ambiguous_surname_is_not_merged():
    mat = material(
        [("a", None, ["Anna Smith met John Smith.", "Smith spoke first."])],
        names={"Anna Smith": "PERSON", "John Smith": "PERSON", "Smith": "PERSON"},
    )
    names = {a.name for a in extract_actors(mat, Config())}
    assert names == {"Anna Smith", "John Smith", "Smith"}


def test_display_name_drops_the_article():
    mat = material(
        [("a", None, ["Water rose on the Kessel River.", "Kessel River levels fell."])],
        names={"the Kessel River": "LOC", "Kessel River": "LOC"},
    )
    (river,) = extract_actors(mat, Config())
    assert river.name == "Kessel River" and river.aliases == ["the Kessel River"] and river.mentions == 2


def test_display_name_without_a_possessive_or_a_lower_case_article():
    mat = material(
        [("a", None, ["The Harbour Council's report came out.", "Officials at the Fishing Board agreed."])],
        names={"The Harbour Council's": "ORG", "the Fishing Board": "ORG"},
    )
    names = {a.name: a.aliases for a in extract_actors(mat, Config())}
    assert names == {"The Harbour Council": ["The Harbour Council's"], "Fishing Board": ["the Fishing Board"]}


def test_roles_over_time_come_from_premodifiers_and_appositions_with_their_dates():
    mat = material(
        [
            ("june", "2022-06-23", ["Foreign Minister Ilan Ravid arrived in Ankara on Thursday.", "Ravid spoke."]),
            ("june2", "2022-06-24", ["Ilan Ravid, the foreign minister, thanked his hosts."]),
            ("october", "2022-10-27", ["Prime Minister Ilan Ravid met Kemal Oran, Turkey's defense minister."]),
        ],
        names={"Ilan Ravid": "PERSON", "Ravid": "PERSON", "Kemal Oran": "PERSON", "Ankara": "GPE"},
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    ravid = actors["Ilan Ravid"]
    assert [(r.title.lower(), r.as_of) for r in ravid.roles] == [
        ("foreign minister", "2022-06-23"),  # "Foreign Minister" and "the foreign minister" are one role
        ("prime minister", "2022-10-27"),
    ]
    assert {c.article for c in ravid.roles[0].citations} == {"june", "june2"}
    assert [r.title for r in actors["Kemal Oran"].roles] == ["Turkey's defense minister"]
    assert actors["Ankara"].roles == []


def test_role_phrases_are_titles_not_clauses():
    assert roles("Interpol chief Lena Varga visited.", "Lena Varga") == ["Interpol chief"]
    assert roles("He met Omer Tal, head of the intelligence agency, twice.", "Omer Tal") == [
        "head of the intelligence agency"
    ]
    # "counterpart" names no position (issue 23): no role
    assert roles("Aydogan invited his Israeli counterpart, Daniel Marlow.", "Daniel Marlow") == []
    assert roles("Ana Sela, who heads the ministry, flew.", "Ana Sela") == []
    assert roles("Sela, the minister said, was tired.", "Sela") == []
    assert roles("On Monday Ana Sela flew.", "Ana Sela") == []


def test_sentence_openers_are_not_part_of_a_title():
    assert roles("But President Daniel Marlow said the visit was important.", "Daniel Marlow") == ["President"]


def test_the_verb_before_a_titled_name_is_not_part_of_the_title():
    sentence = "Later on Saturday the envoy met Valmoran President Lena Varga at her palace."
    assert roles(sentence, "Lena Varga") == ["Valmoran President"]


def test_a_lower_case_word_qualifies_only_the_title_word_it_stands_before():
    assert roles("Talks at the palace, where Defense Minister Emre Dalton spoke, ended.", "Emre Dalton") == [
        "Defense Minister"
    ]
    assert roles("A call between Valmoran President Lena Varga and the envoy.", "Lena Varga") == ["Valmoran President"]
    assert roles("The security chief Tomas Ferre resigned.", "Tomas Ferre") == ["security chief"]
    assert roles("He met Valmora's defense minister Emre Dalton.", "Emre Dalton") == ["Valmora's defense minister"]
    assert roles("She met former defense minister Emre Dalton.", "Emre Dalton") == ["former defense minister"]


def test_a_title_does_not_reach_back_across_another_titled_name():
    sentence = "They met President Lena Varga and Prime Minister Emre Dalton in Pellin."
    assert roles(sentence, "Emre Dalton") == ["Prime Minister"]
    assert roles(sentence, "Lena Varga") == ["President"]
    assert roles("The firm's Chairman and Chief Executive Tomas Ferre quit.", "Tomas Ferre") == [
        "Chairman and Chief Executive"
    ]


def test_acronyms_demonyms_and_title_only_mentions_join_their_actor():
    mat = material(
        [
            (
                "a",
                "2022-10-27",
                [
                    "The North Atlantic Treaty Organization met in Brussels with Turkey.",
                    "NATO said Turkish officials would attend.",
                    "Defense Minister Ana Sela flew to Ankara.",
                    "The defense minister met Turkish officials.",
                ],
            ),
        ],
        names={
            "North Atlantic Treaty Organization": "ORG",
            "NATO": "ORG",
            "Turkey": "GPE",
            "Turkish": "NORP",
            "Ana Sela": "PERSON",
            "Ankara": "GPE",
            "Brussels": "GPE",
        },
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    assert "NATO" in actors["North Atlantic Treaty Organization"].aliases
    assert "NATO" not in actors
    turkey = actors["Turkey"]
    assert turkey.type == "place" and "Turkish" in turkey.aliases and turkey.mentions == 3
    assert "Turkish" not in actors
    sela = actors["Ana Sela"]
    assert "the defense minister" in sela.aliases and sela.mentions == 2


def test_the_parse_gives_roles_only_where_the_rules_give_none_and_a_title_word_is_written():
    from newsweave.text.clauses import ClauseSplitter

    splitter = ClauseSplitter(Config().spacy_model)
    asked: list[str] = []

    def parse(texts):
        asked.extend(texts)
        return splitter.parse(texts)

    mat = material(
        [
            (
                "a",
                "2031-05-02",
                [
                    "Ilse Varga is the chief executive of Corvane Rail.",
                    "Defence Minister Tomas Brandt flew to Corvane.",
                    "Ilse Varga thanked the staff.",
                ],
            )
        ],
        names={"Ilse Varga": "PERSON", "Tomas Brandt": "PERSON", "Corvane": "GPE", "Corvane Rail": "ORG"},
    )
    without = {a.name: a for a in extract_actors(mat, Config())}
    assert without["Ilse Varga"].roles == []
    actors = {a.name: a for a in extract_actors(mat, Config(), parse=parse)}
    assert [r.title for r in actors["Ilse Varga"].roles] == ["chief executive of Corvane Rail"]
    assert actors["Ilse Varga"].roles[0].as_of == "2031-05-02"
    assert [r.title for r in actors["Tomas Brandt"].roles] == ["Defence Minister"]
    # the rules found Brandt's role; "thanked the staff" holds no title word: one sentence parsed
    assert asked == ["Ilse Varga is the chief executive of Corvane Rail."]


def test_titles_with_a_prefix_a_grade_or_a_given_name_left_out_of_the_mention():
    assert roles("She spoke to ex-President Lena Varga on Monday.", "Lena Varga") == ["ex-President"]
    grade = "The tanks held, said Valmoran Navy Petty Officer 2nd Class Jan Morel."
    assert roles(grade, "Jan Morel") == ["Valmoran Navy Petty Officer 2nd Class"]
    # the tagger took the surname only: the title stands before the given name
    assert roles("Pellin Mayor Emre Dalton opened the new bridge.", "Dalton") == ["Pellin Mayor"]
    assert roles("On Monday Emre Dalton spoke.", "Dalton") == []
    assert roles("The Varga top aide Mara Velden replied.", "Mara Velden") == ["Varga top aide"]


def test_appositions_in_tokenised_text_with_abbreviations_lists_and_places():
    assert roles("Cases will rise , said Mara Velden , a spokeswoman for the ministry .", "Mara Velden") == [
        "spokeswoman for the ministry"
    ]
    abbreviated = "Tomas Ferre, chairman of the U.S. Corvane Board, will visit."
    assert roles(abbreviated, "Tomas Ferre") == ["chairman of the U.S. Corvane Board"]
    assert roles("Prices fell, said Rena Holt, analyst at Corvane Bank in Pellin.", "Rena Holt") == [
        "analyst at Corvane Bank"
    ]
    two = "He welcomed Ilan Sorek, the president's chief of staff and a native son of the town."
    assert roles(two, "Ilan Sorek") == ["president's chief of staff"]
    # a title word only in the complement heads no title; a titled name in a list is another person
    assert roles("Ana Sela, a fierce critic of the president, spoke.", "Ana Sela") == []
    assert roles("It names Jan Morel, Valmoran Foreign Minister Emre Dalton, and two others.", "Jan Morel") == []
    assert roles("Guests were Jan Morel, Pellin Mayor Ana Sela and Gov. Emre Dalton, among others.", "Jan Morel") == []


def test_a_title_written_before_a_name_does_not_take_the_words_of_the_clause_before_it():
    assert roles("Many would prefer to give President Lena Varga more time.", "Lena Varga") == ["President"]
    assert roles("It would involve Attorney General Mara Velden, who declined.", "Mara Velden") == ["Attorney General"]
    assert roles("Tributes to the late Justice Emre Dalton came in.", "Emre Dalton") == ["late Justice"]
    assert roles("She served under then-senator Ilan Sorek in 2008.", "Ilan Sorek") == ["then-senator"]
    assert roles('Two states: Corvane and Pellin," campaign manager Jan Morel wrote.', "Jan Morel") == [
        "campaign manager"
    ]
    assert roles("A treaty between Sorek and Valmoran President Lena Varga was signed.", "Lena Varga") == [
        "Valmoran President"
    ]
    assert roles("Farmers cheered the tour to Corvane of President Lena Varga.", "Lena Varga") == ["President"]
    assert roles("Jan Morel, the Corvane Post editor who wrote the profile, replied.", "Jan Morel") == [
        "Corvane Post editor"
    ]
    assert roles("Sen. Ana Sela, versus the Pellin congressman, Tomas Ferre.", "Ana Sela") == ["Sen."]


def test_a_title_before_a_name_is_the_names_own_and_not_the_clause_opener():
    assert roles(untokenise("Corvane 's chief executive , Tomas Ferre , told analysts ."), "Tomas Ferre") == [
        "Corvane's chief executive"
    ]
    assert roles("A senior adviser for President Lena Varga declined to comment.", "Lena Varga") == ["President"]
    assert roles("Students marched against president Emre Dalton in 1994.", "Emre Dalton") == ["president"]
    assert roles("Earlier Secretary of State Mara Velden said so.", "Mara Velden") == ["Secretary of State"]
    assert roles("He met Minister of Defence Emre Dalton.", "Emre Dalton") == ["Minister of Defence"]


def test_a_name_written_as_a_thing_after_the_is_no_person():
    """A vessel the tagger mostly calls a person but once a facility, written as a noun phrase's
    head after "the" ("aboard the Marrow Star at dawn"), shows as a place; a person's name after
    "the" that modifies a noun ("the Varga administration") stays a person."""
    mat = material(
        [
            ("a", None, ["Fire broke out aboard the Marrow Star at dawn.", "Marrow Star sank later."]),
            ("b", None, ["Crews left the Marrow Star, the coast guard said.", "Marrow Star was towed."]),
            ("c", None, ["Lena Varga praised the crews.", "The Varga administration said the Varga plan works."]),
            ("d", None, ["Marrow Star burned for a week."]),
        ],
        names={"Marrow Star": "PERSON", "the Marrow Star": "FAC", "Lena Varga": "PERSON", "Varga": "PERSON"},
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    assert actors["Marrow Star"].type == "place"
    assert actors["Lena Varga"].type == "person"
    once = material(
        [("a", None, ["Fire broke out aboard the Marrow Star at dawn.", "Marrow Star sank.", "Marrow Star burned."])],
        names={"Marrow Star": "PERSON", "the Marrow Star": "FAC"},
    )
    assert {a.name: a.type for a in extract_actors(once, Config())}["Marrow Star"] == "person"  # once is not enough


def test_a_person_named_after_the_in_a_list_or_a_figure_of_speech_stays_a_person():
    """ "the Varga and Poe campaigns" (the name modifies the noun after the list), "a Varga in
    every sense": people are written so too; only a name the tagger also calls a place or
    organisation may be a thing."""
    mat = material(
        [
            ("a", None, ["Ida Varga spoke at the rally.", "Voters compared the Varga and Poe campaigns."]),
            ("b", None, ["Ida Varga won the vote.", "She is a Varga in every sense, her brother said."]),
            ("c", None, ["Varga thanked the voters.", "Varga will govern from May."]),
        ],
        names={"Ida Varga": "PERSON", "Varga": "PERSON", "Poe": "PERSON"},
    )
    assert {a.name: a.type for a in extract_actors(mat, Config())}["Ida Varga"] == "person"


def test_a_date_in_an_apposition_or_beside_another_date_does_not_date_the_title_before_the_name():
    sentences = [
        "Secretary of State Piet Vanner, a lawyer first elected to Congress in 2010, arrived in Pellin.",
        "Prime Minister Ana Kovac, whose party lost the 2014 election, resigned.",
        "Interior Minister Tomas Brandt opened the bridge built in 2009 on Monday.",
        "Mayor Ilse Marrek cut the ribbon of the 2012 Games stadium.",
    ]
    mat = material(
        [("a", "2018-06-04", sentences)],
        names={"Piet Vanner": "PERSON", "Ana Kovac": "PERSON", "Tomas Brandt": "PERSON", "Ilse Marrek": "PERSON"},
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    dates = {name: [r.as_of for r in actors[name].roles if "lawyer" not in r.title] for name in actors}
    # a comma between the name and the date: the article's date
    assert dates["Piet Vanner"] == ["2018-06-04"]
    assert dates["Ana Kovac"] == ["2018-06-04"]
    # two dates in the sentence: no telling which one the title goes with
    assert dates["Tomas Brandt"] == ["2018-06-04"]
    # the one date, in the same stretch as the name: the event's
    assert dates["Ilse Marrek"] == ["2012"]


def test_a_date_the_tagger_took_for_a_name_is_no_actor():
    mat = material(
        [("a", None, ["Tue Jun 30 Lena Varga spoke in Pellin.", "May Corvane and June Tal agreed on May 3."])],
        names={"Tue Jun 30": "PERSON", "Lena Varga": "PERSON", "May Corvane": "PERSON", "June Tal": "PERSON"},
    )
    names = {a.name for a in extract_actors(mat, Config())}
    assert "Tue Jun 30" not in names and {"Lena Varga", "May Corvane", "June Tal"} <= names


def test_a_longer_title_of_another_office_is_not_the_shorter_one_put_precisely():
    mat = material(
        [
            (
                "a",
                "2024-03-01",
                ["Piet Vanner, now Premier Ilse Varga's nominee to serve as Secretary of State, flew."],
            ),
            ("b", "2024-03-09", ["Secretary of State Piet Vanner spoke again."]),
            ("c", "2024-03-10", ["Vice President Lena Varga and President Lena Varga are one name here."]),
        ],
        names={"Piet Vanner": "PERSON", "Lena Varga": "PERSON"},
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    # each role cites the sentence that states it
    cited = {r.title: {c.article for c in r.citations} for r in actors["Piet Vanner"].roles}
    assert cited == {"Premier Ilse Varga's nominee to serve as Secretary of State": {"a"}, "Secretary of State": {"b"}}
    assert sorted(r.title for r in actors["Lena Varga"].roles) == ["President", "Vice President"]


def test_the_parse_decides_a_title_that_opens_with_a_word_in_ing():
    from newsweave.text.clauses import ClauseSplitter

    splitter = ClauseSplitter(Config().spacy_model)
    mat = material(
        [("a", "2031-05-02", ["Hosting President Ilse Varga at the palace, Brandt praised the treaty."])],
        names={"Ilse Varga": "PERSON", "Brandt": "PERSON"},
    )
    for parse in (None, splitter.parse):
        actors = {a.name: a for a in extract_actors(mat, Config(), parse=parse)}
        assert [r.title for r in actors["Ilse Varga"].roles] == ["President"]


def test_a_role_is_dated_by_the_past_event_its_sentence_tells_and_a_recalled_office_is_undated():
    mat = material(
        [
            ("a", "2018-04-19", ["Former Defence Minister Piet Vanner spoke."]),
            (
                "b",
                "2018-04-24",
                [
                    "President Lena Varga and her husband in Pellin on a state visit in 2011.",
                    "Defence Minister Piet Vanner was sacked, the premier said.",
                    "Finance Minister Lena Varga will visit Pellin in 2025.",
                ],
            ),
        ],
        names={"Lena Varga": "PERSON", "Piet Vanner": "PERSON", "Pellin": "GPE"},
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    # a year the sentence recalls dates the role; a future one does not
    assert [(r.title, r.as_of) for r in actors["Lena Varga"].roles] == [
        ("President", "2011"),
        ("Finance Minister", "2018-04-24"),
    ]
    # "former" on the 19th: the office named plainly on the 24th is recalled, not held then
    assert [(r.title, r.as_of) for r in actors["Piet Vanner"].roles] == [
        ("Former Defence Minister", "2018-04-19"),
        ("Defence Minister", None),
    ]
