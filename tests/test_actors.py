from newsweave.actors import extract_actors
from newsweave.config import Config

from .synth_helpers import material


def test_spellings_and_surnames_merge_and_type_is_by_majority():
    mat = material(
        [
            ("a", None, ["President Recep Tayyip Erdoğan spoke.", "Erdogan said more.", "Erdogan left Ankara."]),
            ("b", None, ["Recep Tayyip Erdogan met the envoy in Ankara.", "The envoy thanked Erdoğan."]),
        ],
        names={
            "Recep Tayyip Erdoğan": "PERSON",
            "Recep Tayyip Erdogan": "PERSON",
            "Erdoğan": "PERSON",
            "Erdogan": "ORG",
            "Ankara": "GPE",
        },
    )
    actors = {a.name: a for a in extract_actors(mat, Config())}
    assert set(actors) == {"Recep Tayyip Erdoğan", "Ankara"}
    erdogan = actors["Recep Tayyip Erdoğan"]
    assert erdogan.type == "person"  # 3 PERSON mentions outvote 2 ORG ones
    assert erdogan.mentions == 5 and erdogan.articles == 2
    assert set(erdogan.aliases) == {"Recep Tayyip Erdogan", "Erdoğan", "Erdogan"}
    assert actors["Ankara"].type == "place"


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
