"""Roles read from the title lexicon and the parse (issue 23): sentences written here, kept as
regression tests; the measure on real articles is ``benchmarks/roles.py``."""

from __future__ import annotations

import pytest

from newsweave.clean.untokenise import untokenise
from newsweave.config import Config
from newsweave.synthesize.role_parse import worth_parsing
from newsweave.synthesize.roles import parse_decides, roles_in_sentence
from newsweave.text.clauses import ClauseSplitter


@pytest.fixture(scope="module")
def splitter() -> ClauseSplitter:
    return ClauseSplitter(Config().spacy_model)


def roles(splitter: ClauseSplitter, sentence: str, name: str) -> list[str]:
    start = sentence.index(name)
    return roles_in_sentence(sentence, start, start + len(name), splitter.parse([sentence])[0])


def test_roles_of_two_titles_a_title_of_several_words_and_a_hyphenated_one(splitter):
    sentence = (
        "Lena Varga, a law professor and director of the Centre for Maritime Law at Orlen University"
        " in Veldmark, said the ruling was wrong."
    )
    start = sentence.index("Lena Varga")
    assert roles_in_sentence(sentence, start, start + len("Lena Varga")) == ["law professor"]
    staff = "Investigators interviewed former Navy chief of staff Jan Morel."
    assert roles(splitter, staff, "Jan Morel") == ["former Navy chief of staff"]
    editor = "Ana Sela , editor-in-chief at the Orlen Courier , said the paper would appeal ."
    assert roles(splitter, editor, "Ana Sela") == ["editor-in-chief at the Orlen Courier"]


def test_a_parsed_apposition_stops_at_the_comma_before_the_name(splitter):
    head = "The head of Orlen Relief , Tomas Brandt , told reporters that aid had to arrive by Thursday ."
    assert roles(splitter, head, "Tomas Brandt") == ["head of Orlen Relief"]


def test_a_long_apposition_with_its_organisation_and_an_abbreviated_title(splitter):
    long = (
        "Ana Sela, communications director of the regional advocacy group Friends of the Orlen Harbour,"
        " or FOH, said the plan would fail."
    )
    start = long.index("Ana Sela")
    assert roles_in_sentence(long, start, start + len("Ana Sela")) == [
        "communications director of the regional advocacy group Friends of the Orlen Harbour"
    ]
    manager = "GM Jan Morel had given the coach two contract extensions."
    assert roles_in_sentence(manager, 3, 3 + len("Jan Morel")) == ["GM"]


def test_roles_from_the_parse_and_the_lexicon(splitter):
    assert roles(splitter, "Secretary of State Mara Velden flew to Orlen.", "Mara Velden") == ["Secretary of State"]
    hired = "The club hired Tomas Brandt as the 21st head coach of the Orlen Lions."
    assert roles(splitter, hired, "Tomas Brandt") == ["head coach of the Orlen Lions"]
    assert roles(splitter, "Adm Kell Varro said the well was sealed.", "Adm Kell Varro") == ["Adm"]
    assert roles(splitter, "Premier-designate Ilan Sorek returned his mandate.", "Ilan Sorek") == ["Premier-designate"]
    assert roles(splitter, "Her son, Pavel Ondra, said the family would appeal.", "Pavel Ondra") == []
    assert roles(splitter, "Another judge, Rena Holt, disagreed.", "Rena Holt") == []


def test_roles_from_relative_clauses_participles_and_predicates(splitter):
    sentence = "Mara Velden, who is the chief executive of Orlen Bank, declined to comment."
    assert roles(splitter, sentence, "Mara Velden") == ["chief executive of Orlen Bank"]
    named = "Tomas Brandt, who was named defence minister in June, flew to Orlen."
    assert roles(splitter, named, "Tomas Brandt") == ["defence minister"]
    assert roles(splitter, "Ilan Sorek became prime minister after the vote.", "Ilan Sorek") == ["prime minister"]
    removed = "The board said Rena Holt had been removed from her post as chairwoman of the bank."
    assert roles(splitter, removed, "Rena Holt") == ["chairwoman of the bank"]
    subject = "The spokesman hired by the club to handle the crisis, Jan Morel, would not comment."
    assert roles(splitter, subject, "Jan Morel") == ["spokesman"]


def test_no_role_from_a_family_tie_or_another_persons_post(splitter):
    daughter = "Rena Holt, who is the daughter of the former president, spoke first."
    assert roles(splitter, daughter, "Rena Holt") == []
    assert roles(splitter, "Rena Holt, who met the president on Monday, spoke first.", "Rena Holt") == []
    assert roles(splitter, "Jan Morel praised her work as a lawyer.", "Jan Morel") == []
    assert roles(splitter, "Mara Velden named Tomas Brandt head coach.", "Mara Velden") == []


def test_a_parsed_role_is_headed_by_a_title_word_and_keeps_its_organisation(splitter):
    foil = "Ana Sela has become a steady thorn for the governor."
    assert roles(splitter, foil, "Ana Sela") == []
    professor = "Rena Holt is a professor of history at Orlen University."
    assert roles(splitter, professor, "Rena Holt") == ["professor of history at Orlen University"]


def test_a_relative_clause_on_the_names_apposition_gives_the_person_its_role(splitter):
    deputy = "Pavel Ondra, a Valmoran who served as Holt's deputy, was later acquitted."
    assert roles(splitter, deputy, "Pavel Ondra") == ["Holt's deputy"]


def test_no_parsed_role_from_a_negated_or_hypothetical_predicate_or_a_quoted_name(splitter):
    assert roles(splitter, "Jan Morel, who is no longer finance minister, wrote back.", "Jan Morel") == []
    assert roles(splitter, "Many hope Mara Velden should be the governor who fixes it.", "Mara Velden") == []
    show = "Rena Holt, for example, named “Dear Senator” as her favourite show."
    assert roles(splitter, show, "Rena Holt") == []
    assert roles(splitter, "Ilan Sorek is the leader of a party that is growing.", "Ilan Sorek") == [
        "leader of a party"
    ]


def bare(sentence: str, name: str) -> list[str]:
    start = sentence.index(name)
    return roles_in_sentence(sentence, start, start + len(name))


def test_a_plural_apposition_after_two_names_is_each_ones_role():
    sentence = "Ilan Sorek and Mara Velden, editors at the weekly Orlen Courier, were jailed for a month."
    assert bare(sentence, "Ilan Sorek") == ["editors at the weekly Orlen Courier"]
    assert bare(sentence, "Mara Velden") == ["editors at the weekly Orlen Courier"]
    single = "Ilan Sorek and Mara Velden, the editor at the weekly Orlen Courier, met on Monday."
    assert bare(single, "Ilan Sorek") == []  # a singular title is the second name's only


def test_an_occupation_is_a_role_only_with_an_employer_and_a_bare_head_is_none():
    assert bare("Lena Varga, a prominent economist and activist, spoke first.", "Lena Varga") == []
    assert bare("Lena Varga, a senior economist at Orlen Bank, spoke first.", "Lena Varga") == [
        "senior economist at Orlen Bank"
    ]
    assert bare("In 2006, then-OMA biologist Jan Morel wrote a report.", "Jan Morel") == ["then-OMA biologist"]
    assert bare("Told that rivals were after his head, Jan Morel replied at once.", "Jan Morel") == []


def test_a_tokenised_curly_possessive_and_an_honorific_inside_the_name():
    tokenised = "That is what Lena ’ s lawyer Jan Morel did in court ."
    assert bare(untokenise(tokenised), "Jan Morel") == ["Lena’s lawyer"]  # as the clean stage gives it
    assert bare("Prime Minister Sheikh Amina Rahal met the envoy.", "Sheikh Amina Rahal") == ["Prime Minister"]


def test_a_long_apposition_is_cut_before_a_participle_after_its_complement():
    sentence = (
        "Jan Morel , the new head of a reconfigured agency overseeing the offshore oil and gas industry ,"
        " told the senators he would act ."
    )
    assert bare(sentence, "Jan Morel") == ["new head of a reconfigured agency"]


def test_parsed_roles_of_acting_a_gerund_of_becoming_and_a_split_organisation(splitter):
    acting = "Tomas Brandt himself has been acting foreign minister since the post was vacated in May."
    assert roles(splitter, acting, "Tomas Brandt") == ["acting foreign minister"]
    becoming = (
        "Ilan Sorek had served in the army before entering the Finance Ministry on his way to becoming"
        " head of Valmora's central bank."
    )
    assert roles(splitter, becoming, "Ilan Sorek") == ["head of Valmora's central bank"]
    other = "Ilan Sorek criticised Mara Velden for becoming head of the central bank."
    assert roles(splitter, other, "Ilan Sorek") == []
    served = (
        "said Jan Morel , who served as the National Harbour and Coastal Agency 's general counsel"
        " under President Lena Varga ."
    )
    assert roles(splitter, served, "Jan Morel") == ["National Harbour and Coastal Agency 's general counsel"]


def test_occupations_with_an_employer_a_name_with_of_and_a_long_relative_clause():
    assert bare("said Jan Morel , a retired Orlen geologist who once worked for a mine .", "Jan Morel") == [
        "retired Orlen geologist"
    ]
    assert bare("Jan Morel, a neurologist in Port Elden, would not comment.", "Jan Morel") == []
    assert bare("Jan Morel, an oil trader at Varga Financial, said so.", "Jan Morel") == [
        "oil trader at Varga Financial"
    ]
    professor = "Ana Sela, a University of Orlen professor and Brookings Institution analyst, said so."
    assert bare(professor, "Ana Sela") == ["University of Orlen professor and Brookings Institution analyst"]
    long = (
        "The council was represented by Ilan Sorek , Valmora 's deputy U.N. ambassador whose defection to"
        " the rebels in February inspired dozens of his country 's diplomats worldwide to quit , on Friday ."
    )
    assert bare(long, "Ilan Sorek") == ["Valmora 's deputy U.N. ambassador"]
    clause = (
        "Shortly after the meeting with Ilan Sorek, the Valmoran leader issued a defiant statement on"
        " state television in which he said the threats of aggression were lies."
    )
    assert bare(clause, "Ilan Sorek") == []


def test_a_post_stated_by_a_verb_in_the_present(splitter):
    chairs = "said Lena Varga , a Democrat from Orlen who chairs the oversight subcommittee ."
    assert roles(splitter, chairs, "Lena Varga") == ["chair of the oversight subcommittee"]
    assert roles(splitter, "Lena Varga heads the Orlen Port Authority.", "Lena Varga") == [
        "head of the Orlen Port Authority"
    ]
    assert roles(splitter, "Lena Varga heads home after the match.", "Lena Varga") == []


def plain(sentence: str, name: str) -> list[str]:
    start = sentence.index(name)
    return roles_in_sentence(sentence, start, start + len(name))


def test_a_post_a_persons_possessive_holds_as_and_one_an_appointing_verb_gives(splitter):
    appointed = "“Varga's appointment as foreign minister is a blow to the talks,” said the paper."
    assert roles(splitter, appointed, "Varga") == ["foreign minister"]
    tenure = "Critics questioned Reyes's tenure as chief executive of Orlen Bank."
    assert roles(splitter, tenure, "Reyes") == ["chief executive of Orlen Bank"]
    assert roles(splitter, "They doubted Varga's reputation as a tough negotiator.", "Varga") == []
    assert roles(splitter, "The board named Tamsin Reyes as its new chairman.", "Tamsin Reyes") == ["new chairman"]
    named = "The board named Tamsin Reyes chief executive of Orlen Bank."
    assert roles(splitter, named, "Tamsin Reyes") == ["chief executive of Orlen Bank"]
    assert roles(splitter, "Police named Arlen Vosk as the driver of the car.", "Arlen Vosk") == []


def test_who_succeeds_another_as_a_post_holds_it(splitter):
    succeeded = "Arlen Vosk succeeded Lena Varga as chairman of the party."
    assert roles(splitter, succeeded, "Arlen Vosk") == ["chairman of the party"]
    assert roles(splitter, succeeded, "Lena Varga") == []


def test_hyphenated_titles_and_a_title_word_that_ends_the_sentence(splitter):
    vice = "Arlen Vosk, Orlen's vice-president for research, spoke."
    assert roles(splitter, vice, "Arlen Vosk") == ["Orlen's vice-president for research"]
    assert plain("NATO Secretary-General Arlen Vosk spoke.", "Arlen Vosk") == ["NATO Secretary-General"]
    assert plain("Arlen Vosk and his ex-wife Lena Varga spoke.", "Lena Varga") == []
    column = "-- Arlen Vosk is an Orlen Courier columnist."
    assert plain(column, "Arlen Vosk") == []
    assert worth_parsing(column)
    assert roles(splitter, column, "Arlen Vosk") == ["Orlen Courier columnist"]


def test_ranks_of_birth_given_names_and_words_before_a_title():
    assert plain("Princess Lena was travelling to the province.", "Lena") == []
    assert plain("Crown Prince Tomas met the envoy.", "Tomas") == ["Crown Prince"]
    assert plain("The envoy met Crown Prince Tomas in Orlen.", "Crown Prince Tomas") == ["Crown Prince"]
    assert plain("Dean Varga, a seafood wholesaler, spoke.", "Dean Varga") == []
    assert plain("Trooper Hakim had been with the force for 11 years.", "Trooper Hakim") == ["Trooper"]
    assert plain("Labour MP Arlen Vosk asked for placards.", "Arlen Vosk") == ["Labour MP"]
    assert plain("Arlen Vosk, the Democratic whip, said no.", "Arlen Vosk") == ["Democratic whip"]
    doctor = "The trial of Lena Varga's physician, Doctor Tomas Brandt, began in Orlen."
    assert plain(doctor, "Tomas Brandt") == ["Lena Varga's physician"]
    powell = "Former Valmoran secretary of state Tomas Brandt joined the calls."
    assert plain(powell, "Tomas Brandt") == ["Former Valmoran secretary of state"]
    stamp = "(Update 6:25 p.m. ET) Former Orlen News journalist Arlen Vosk said it was over."
    assert plain(stamp, "Arlen Vosk") == ["Former Orlen News journalist"]
    being = "As well as being vice-president, Lena Varga ran the northern office."
    assert plain(being, "Lena Varga") == ["vice-president"]
    assert plain("Arlen Vosk, co-founder of the Orlen Institute, spoke.", "Arlen Vosk") == []


def test_a_ranking_or_a_way_of_acting_is_no_post(splitter):
    assert roles(splitter, "Fans agree that Varga is the worst mayor this town has had.", "Varga") == []
    assert roles(splitter, "Varga was the most admired coach the club had.", "Varga") == []
    assert roles(splitter, "Varga is being commander and accountant at once, critics say.", "Varga") == []
    assert roles(splitter, "Varga is the chief executive of Orlen Oil.", "Varga") == ["chief executive of Orlen Oil"]


def test_a_list_of_those_present_and_an_apposition_of_the_noun_before_give_the_name_no_role(splitter):
    listed = "The bus held Ilse Marr, a Gazette columnist and the TV crew."
    assert roles(splitter, listed, "Ilse Marr") == []
    # the parse makes the team a conjunct of the name, the columnist its apposition
    aboard = (
        "Police stopped a boat with Ilse Marr, a Gazette columnist and sound engineer and the Pellin Radio team aboard."
    )
    assert roles(splitter, aboard, "Ilse Marr") == []
    named = "Ilse Marr, a Gazette columnist and the photographer Ann Lo, waited."
    assert roles(splitter, named, "Ilse Marr") == []
    described = "He welcomed Tomas Brandt, the town mayor and a father of three, on Monday."
    assert roles(splitter, described, "Tomas Brandt") == ["town mayor"]
    beside = "Beside her chief of staff, a one-time anchor at the Pellin Evening Star, Varga read out the figures."
    assert roles(splitter, beside, "Varga") == []


def test_a_second_description_after_and_keeps_the_first_ones_post(splitter):
    """ "X, the town mayor and a keen gardener": a list of those present only when a later item
    names others (a group, several people, a person's name), else two descriptions of X."""
    gardener = "Tomas Brandt, the town mayor and a keen gardener, spoke."
    assert roles(splitter, gardener, "Tomas Brandt") == ["town mayor"]
    critic = "Tomas Brandt, the town mayor and a fierce critic of the plan, spoke."
    assert roles(splitter, critic, "Tomas Brandt") == ["town mayor"]


def test_a_superlative_that_ranks_within_a_post_keeps_it(splitter):
    assert roles(splitter, "Varga is the most senior minister in the cabinet.", "Varga") == ["most senior minister"]
    assert roles(splitter, "Varga is the longest-serving mayor of Pellin.", "Varga") == [
        "longest-serving mayor of Pellin"
    ]
    assert roles(splitter, "Varga is the highest-ranking general in the army.", "Varga") == ["highest-ranking general"]
    assert roles(splitter, "Varga is the best-paid chief executive in Tarvia.", "Varga") == [
        "best-paid chief executive"
    ]
    envoy = "The UK ambassador to Veldmark, Sir Tomas Brandt, said the talks would go on."
    assert roles(splitter, envoy, "Tomas Brandt") == ["UK ambassador to Veldmark"]


def _rules(sentence: str, name: str) -> list[str]:
    start = sentence.index(name)
    return roles_in_sentence(sentence, start, start + len(name))


def test_a_participle_opening_the_sentence_is_no_part_of_the_title_a_name_in_ing_is(splitter):
    hosting = "Hosting President Lena Varga of Valmora at the palace, Mr. Brandt praised the treaty."
    receiving = "Receiving Valmoran President Lena Varga for a state visit, Brandt repeated his criticism."
    assert parse_decides(hosting, hosting.index("Lena"), hosting.index(" of"))
    # without a parse the doubtful word is left out; with one, the verb form too
    assert _rules(hosting, "Lena Varga") == ["President"]
    assert roles(splitter, hosting, "Lena Varga") == ["President"]
    assert roles(splitter, receiving, "Lena Varga") == ["Valmoran President"]
    # a place or company name in -ing is kept when the parse tags it a proper noun
    beijing = "Beijing Mayor Chen Jining said the city would act."
    assert _rules(beijing, "Chen Jining") == ["Mayor"]
    assert roles(splitter, beijing, "Chen Jining") == ["Beijing Mayor"]
    # the lexicon's own words in -ing are no doubt
    acting = "Acting President Lena Varga said the vote would go ahead."
    assert not parse_decides(acting, 16, 26)
    assert _rules(acting, "Lena Varga") == ["Acting President"]


def test_a_name_in_ing_before_a_title_stays_when_the_tagger_names_it_or_it_opens_no_clause(splitter):
    from newsweave.synthesize.actors import extract_actors

    from ..synth_helpers import material

    opening = "Wexling Governor Ana Sela signed the bill."
    inside = "The bill was signed by Wexling Governor Ana Sela on Monday."
    after_comma = "On Monday, Visiting President Ana Sela signed the bill."
    place = ((0, len("Wexling")),)
    # without a parse: a word in -ing inside the sentence is a name, one opening a clause is not
    assert _rules(inside, "Ana Sela") == ["Wexling Governor"]
    assert _rules(opening, "Ana Sela") == ["Governor"]
    assert _rules(after_comma, "Ana Sela") == ["President"]
    # the tagger's place or organisation keeps it, with or without a parse, and needs no parse
    at = opening.index("Ana")
    assert roles_in_sentence(opening, at, at + 8, names=place) == ["Wexling Governor"]
    assert not parse_decides(opening, at, at + 8, place) and parse_decides(opening, at, at + 8)
    toks = splitter.parse([opening])[0]
    assert roles_in_sentence(opening, at, at + 8, toks, names=place) == ["Wexling Governor"]
    # the actors stage passes the sentence's entities
    mat = material([("a", "2018-06-04", [opening])], names={"Ana Sela": "PERSON", "Wexling": "GPE"})
    actors = {a.name: a for a in extract_actors(mat, Config())}
    assert [r.title for r in actors["Ana Sela"].roles] == ["Wexling Governor"]


def test_a_complement_that_is_the_start_of_the_name_gives_it_no_role():
    assert _rules("Ana Sela, campaign manager of Tomas J. Brandt for Mayor, Inc., said.", "Brandt") == []
    assert _rules("She met leader of the Orlen Sin Fronteras group.", "Fronteras") == []
    # a complement of the lexicon, a portfolio or a state stays the name's office
    assert _rules("Secretary of State Varga met the king.", "Varga") == ["Secretary of State"]
    assert _rules("Secretary of State J. Varga met the king.", "Varga") == ["Secretary of State"]
    assert _rules("Minister of Foreign Affairs Varga met the king.", "Varga") == ["Minister of Foreign Affairs"]
    assert _rules("President of South Korea Varga met the king.", "Varga") == ["President of South Korea"]


def test_a_word_of_losing_the_post_before_a_title_stays_in_the_role():
    assert _rules("Critics said fired Valmoran Interior Minister Lena Varga had erred.", "Lena Varga") == [
        "fired Valmoran Interior Minister"
    ]
    assert _rules("The army ousted Prime Minister Lena Varga on Monday.", "Lena Varga") == ["ousted Prime Minister"]
    # a verb of meeting is no part of the title
    assert _rules("He met Croatian President Lena Varga.", "Lena Varga") == ["Croatian President"]
