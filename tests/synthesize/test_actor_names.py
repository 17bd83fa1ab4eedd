"""Merging the names of one actor across a story's articles (invented names: regression tests)."""

from dataclasses import replace

from newsweave.config import Config
from newsweave.synthesize.actor_names import name_tokens, without_title
from newsweave.synthesize.actors import extract_actors, resolve_actors

from ..synth_helpers import material


def _actors(articles, names, **settings):
    return {a.name: a for a in extract_actors(material(articles, names), Config(**settings), everyone=True)}


def test_name_tokens_read_hyphens_as_spaces_and_drop_a_suffix():
    assert name_tokens("pak sol-hyon") == ["pak", "sol", "hyon"]
    assert name_tokens("dorian malle iii") == ["dorian", "malle"]
    assert name_tokens("iii") == ["iii"]


def test_without_title_keeps_a_name():
    titles = frozenset({"president", "gen", "mr"})
    assert without_title("President Arlen Vosk", titles) == "Arlen Vosk"
    assert without_title("Gen. Vosk", titles) == "Vosk"
    assert without_title("President", titles) == "President"


def test_hyphenated_spellings_and_a_family_name_first_are_one_person():
    actors = _actors(
        [
            ("a", None, ["Pak Sol-hyon met envoys in Dorva.", "Pak said talks would go on."]),
            ("b", None, ["Pak Sol Hyon arrived in Dorva.", "Pak left."]),
        ],
        {"Pak Sol-hyon": "PERSON", "Pak Sol Hyon": "PERSON", "Pak": "PERSON", "Dorva": "GPE"},
    )
    people = [a for a in actors.values() if a.type == "person"]
    assert len(people) == 1 and people[0].mentions == 4


def test_a_dropped_suffix_is_the_same_person_but_two_suffixes_are_two():
    actors = _actors(
        [("a", None, ["Dorian Malle III spoke.", "Dorian Malle left.", "Malle returned."])],
        {"Dorian Malle III": "PERSON", "Dorian Malle": "PERSON", "Malle": "PERSON"},
    )
    assert [a.mentions for a in actors.values()] == [3]
    actors = _actors(
        [("a", None, ["Dorian Malle Jr. spoke.", "Dorian Malle Sr. left."])],
        {"Dorian Malle Jr.": "PERSON", "Dorian Malle Sr.": "PERSON"},
    )
    assert len(actors) == 2


def test_a_given_name_alone_joins_the_one_full_name_it_begins():
    actors = _actors(
        [("a", None, ["Ilsa Brandvold won the award.", "Ilsa thanked the jury.", "Ilsa left."])],
        {"Ilsa Brandvold": "PERSON", "Ilsa": "PERSON"},
    )
    assert set(actors) == {"Ilsa Brandvold"} and actors["Ilsa Brandvold"].mentions == 3
    # begins two full names mentioned alike: nobody's
    actors = _actors(
        [("a", None, ["Ilsa Brandvold and Ilsa Morrow spoke.", "Ilsa left."])],
        {"Ilsa Brandvold": "PERSON", "Ilsa Morrow": "PERSON", "Ilsa": "PERSON"},
    )
    assert "Ilsa" in actors


def test_an_ambiguous_surname_goes_to_the_dominant_bearer_only():
    sentences = ["Arlen Vosk spoke.", "Arlen Vosk left.", "Arlen Vosk returned.", "Tomas Vosk wrote.", "Vosk said."]
    names = {"Arlen Vosk": "PERSON", "Tomas Vosk": "PERSON", "Vosk": "PERSON"}
    actors = _actors([("a", None, sentences)], names)
    assert actors["Arlen Vosk"].mentions == 4 and "Vosk" not in actors
    actors = _actors([("a", None, sentences)], names, actor_dominance=0.0)
    assert "Vosk" in actors  # never taken when dominance is off
    actors = _actors([("a", None, ["Arlen Vosk spoke.", "Tomas Vosk wrote.", "Vosk said."])], names)
    assert "Vosk" in actors  # one mention each: ambiguous


def test_a_title_the_tagger_took_into_the_name_is_left_out_of_its_key():
    actors = _actors(
        [("a", None, ["President Arlen Vosk spoke.", "Arlen Vosk left."])],
        {"President Arlen Vosk": "PERSON", "Arlen Vosk": "PERSON"},
    )
    assert len(actors) == 1 and next(iter(actors.values())).mentions == 2


def test_other_names_of_a_state_are_one_place():
    actors = _actors(
        [("a", None, ["Britain said no.", "The UK will vote.", "Envoys left the United Kingdom."])],
        {"Britain": "GPE", "UK": "GPE", "the United Kingdom": "GPE"},
    )
    assert len(actors) == 1 and next(iter(actors.values())).mentions == 3


def test_an_organisation_named_by_its_first_word():
    actors = _actors(
        [("a", None, ["The Academy of Film Arts met.", "The Academy said so.", "The Academy voted."])],
        {"Academy of Film Arts": "ORG", "Academy": "ORG"},
    )
    assert set(actors) == {"Academy of Film Arts"} and actors["Academy of Film Arts"].mentions == 3


def test_the_title_goes_to_the_holder_the_article_named_last():
    mat = material(
        [
            (
                "a",
                None,
                [
                    "The president said nothing yet.",
                    "President Arlen Vosk spoke first.",
                    "President Mira Tarn replied.",
                    "The president said no.",
                ],
            )
        ],
        {"Arlen Vosk": "PERSON", "Mira Tarn": "PERSON"},
    )
    found = {r.actor.name: r for r in resolve_actors(mat, Config().synthesize)}
    tarn, vosk = found["Mira Tarn"], found["Arlen Vosk"]
    assert tarn.actor.mentions == 2 and vosk.actor.mentions == 1  # the first "president" precedes both
    last = mat.sentences["a"][3]
    assert ("a", last.start, last.start + len("The president")) in tarn.spans


def test_resolved_spans_are_the_entities_of_the_actor():
    mat = material(
        [("a", None, ["Arlen Vosk met envoys in Dorva.", "Vosk said more."])],
        {"Arlen Vosk": "PERSON", "Vosk": "PERSON", "Dorva": "GPE"},
    )
    found = {r.actor.name: r for r in resolve_actors(mat, Config().synthesize)}
    texts = {e.start: e.text for e in mat.entities["a"]}
    assert sorted(texts[s] for _, s, _ in found["Arlen Vosk"].spans) == ["Arlen Vosk", "Vosk"]
    assert [texts[s] for _, s, _ in found["Dorva"].spans] == ["Dorva"]


def test_a_name_tagged_in_one_article_is_found_in_another_but_never_inside_a_date():
    from newsweave.records import Entity

    mat = material(
        [
            ("a", "2024-05-01", ["Envoys of Dorva met Ilsa Morrow."]),
            ("b", "2024-05-02", ["Talks went on.", "Dorva said little.", "Morrow leaves in May 3 weeks."]),
        ],
        {"Dorva": "GPE", "Ilsa Morrow": "PERSON"},
    )
    mat.entities["b"] = []  # the tagger found nothing in b
    actors = {a.name: a for a in extract_actors(mat, Config(), everyone=True)}
    assert actors["Dorva"].mentions == 2 and actors["Dorva"].articles == 2
    assert actors["Ilsa Morrow"].mentions == 1  # "Morrow" alone was never tagged: not a form
    off = {a.name: a for a in extract_actors(mat, Config(actor_story_names=False), everyone=True)}
    assert off["Dorva"].mentions == 1
    # a form inside another entity (a date here) is left alone
    mat = material([("a", None, ["Tess May spoke.", "May agreed.", "It ends in May."])], {"Tess May": "PERSON"})
    one, two = mat.sentences["a"][1], mat.sentences["a"][2]
    mat.entities["a"].append(Entity("a", 1, "May", "PERSON", one.start, one.start + 3))
    at = two.start + two.text.index("May")
    mat.entities["a"].append(Entity("a", 2, "May", "DATE", at, at + 3, "2024-05"))
    actors = {a.name: a for a in extract_actors(mat, Config(), everyone=True)}
    assert actors["Tess May"].mentions == 2  # "Tess May" and the tagged "May", not the month


def test_a_place_written_far_more_often_does_not_join_a_person_name_it_ends():
    from newsweave.config import Config
    from newsweave.synthesize.actors import extract_actors

    from ..synth_helpers import material

    body = ["Ana Sela wrote for Orlen Pellin."] + [f"Talks in Pellin went on, day {i}." for i in range(4)]
    mat = material([("a", None, body)], names={"Orlen Pellin": "PERSON", "Pellin": "GPE", "Ana Sela": "PERSON"})
    at = next(i for i, e in enumerate(mat.entities["a"]) if e.text == "Pellin" and e.sentence == 4)
    mat.entities["a"][at] = replace(mat.entities["a"][at], label="PERSON")  # the tagger errs once
    actors = {a.name: a for a in extract_actors(mat, Config(), everyone=True)}
    assert actors["Pellin"].type == "place" and actors["Pellin"].mentions == 4
    assert actors["Orlen Pellin"].aliases == []


def test_a_bare_surname_tagged_anything_joins_the_full_name_unless_it_is_mostly_a_place():
    from newsweave.config import Config
    from newsweave.synthesize.actors import extract_actors

    from ..synth_helpers import material

    def story(labels: list[str]) -> dict:
        body = ["Ilse Marrek arrived in the capital on Monday."]
        body += [f"Marrek spoke to reporters about plan {i}." for i in range(len(labels))] + ["Ilse Marrek left."]
        mat = material([("a", None, body)], names={"Ilse Marrek": "PERSON", "Marrek": "PERSON"})
        bare = [i for i, e in enumerate(mat.entities["a"]) if e.text == "Marrek"]
        for i, label in zip(bare, labels, strict=True):
            mat.entities["a"][i] = replace(mat.entities["a"][i], label=label)
        return {a.name: a for a in extract_actors(mat, Config(), everyone=True)}

    # a small tagger's mix of labels for a surname nine times as frequent: still the person
    actors = story(["ORG", "PERSON", "GPE"] * 3)
    assert "Marrek" not in actors
    assert actors["Ilse Marrek"].type == "person" and actors["Ilse Marrek"].mentions == 11
    # tagged a place in most mentions: another thing
    actors = story(["GPE"] * 8 + ["PERSON"])
    assert actors["Marrek"].type == "place" and actors["Ilse Marrek"].mentions == 2


def test_an_acronym_before_more_words_is_no_short_form_of_them_and_joins_by_initials():
    from newsweave.config import Config
    from newsweave.synthesize.actors import extract_actors

    from ..synth_helpers import material

    body = [
        "The Valmora Relief Agency said aid was late.",
        "The VRA blamed the roads.",
        "Hackers reached the VRA Server in May.",
        "The VRA said so again.",
    ]
    mat = material([("a", None, body)], names={"Valmora Relief Agency": "ORG", "VRA": "ORG", "the VRA Server": "ORG"})
    actors = {a.name: a for a in extract_actors(mat, Config(), everyone=True)}
    assert actors["Valmora Relief Agency"].aliases == ["VRA"]
    assert actors["VRA Server"].aliases == ["the VRA Server"]


def test_a_lower_case_common_word_is_no_mention_and_shown_names_are_tidy():
    from newsweave.config import Config
    from newsweave.synthesize.actors import extract_actors

    from ..synth_helpers import material

    body = ["PELLIN ― The State said no.", "A state of war was declared.", "Pellin and Kim Jong - un met Kim Jong Un."]
    names = {"PELLIN ―": "GPE", "Pellin": "GPE", "State": "ORG", "state": "ORG", "Kim Jong - un": "PERSON"}
    mat = material([("a", None, body)], names={**names, "Kim Jong Un": "PERSON"})
    actors = {a.name: a for a in extract_actors(mat, Config(), everyone=True)}
    assert actors["State"].mentions == 1 and actors["State"].aliases == []
    assert actors["Pellin"].aliases == ["PELLIN"]
    assert "Kim Jong-un" in actors or "Kim Jong Un" in actors
    kim = actors.get("Kim Jong-un") or actors["Kim Jong Un"]
    assert all(" - " not in n for n in [kim.name, *kim.aliases])


def test_the_full_name_written_only_after_the_is_shown_before_its_acronym():
    from newsweave.config import Config
    from newsweave.synthesize.actors import extract_actors

    from ..synth_helpers import material

    body = ["Officials of the Valmora Relief Agency said aid was late.", "The VRA blamed roads.", "The VRA said so."]
    mat = material([("a", None, body)], names={"the Valmora Relief Agency": "ORG", "VRA": "ORG"})
    (agency,) = extract_actors(mat, Config(), everyone=True)
    assert agency.name == "Valmora Relief Agency" and agency.aliases == ["VRA", "the Valmora Relief Agency"]
