"""Event dates kept by their key: what a sentence's date depends on, and a bounded memory."""

from __future__ import annotations

from newsweave.text.eventdate_memory import (
    EventDateMemory,
    date_key,
    date_kind,
    decode_date,
    encode_date,
)
from newsweave.text.eventdate_model import FAR
from newsweave.text.timexes import Timex

MONDAY = Timex("Monday", 20, 26, "2031-03-10", "day")


def test_the_key_changes_with_the_text_its_expressions_and_the_publication_date():
    base = date_key("The plant closed on Monday.", [MONDAY], "2031-03-14")
    assert base == date_key("The plant closed on Monday.", [MONDAY], "2031-03-14")
    assert base != date_key("The plant closed on Monday.", [MONDAY], "2031-03-21")
    assert base != date_key("The plant closed on Monday.", [Timex("Monday", 20, 26, "2031-03-17", "day")], None)
    assert base != date_key("The plant opened on Monday.", [MONDAY], "2031-03-14")


def test_the_key_tells_a_sentence_near_the_lead_from_one_far_from_it():
    def at(position: int | None) -> str:
        return date_key("The plant closed on Monday.", [MONDAY], "2031-03-14", position)

    assert at(None) != at(0) != at(FAR)
    assert at(FAR) == at(FAR + 7)  # beyond FAR the model reads no difference


def test_the_kind_names_the_parser_and_whether_the_model_dates():
    assert date_kind("parser-a", True) != date_kind("parser-b", True)
    assert date_kind("parser-a", True) != date_kind("parser-a", False)


def test_no_date_is_kept_apart_from_a_date():
    assert decode_date(encode_date(None)) is None
    assert decode_date(encode_date("2031-03-10")) == "2031-03-10"


def test_remembered_dates_are_known_not_new_and_found_ones_are_handed_over_once():
    memory = EventDateMemory(size=3)
    memory.remember({"stored 1": "2031"})
    memory.add({"made 1": None, "made 2": "2031-03-10"})
    assert memory.known(["made 1", "made 2", "stored 1", "other"]) == {
        "made 1": None,
        "made 2": "2031-03-10",
        "stored 1": "2031",
    }
    assert memory.take_new() == {"made 1": None, "made 2": "2031-03-10"}
    assert memory.take_new() == {}
    memory.add({"made 3": "2031-03-11"})
    assert len(memory.recent) == 3 and "stored 1" not in memory.recent  # bounded, oldest first out


def test_the_digest_covers_every_module_and_rule_file_that_dates_a_sentence(monkeypatch):
    """The dating code is found from the imports: the modules that date and the rule files they
    read are in the digest, and an edit to one of them makes other dates."""
    from newsweave.runtime import code_digest as code
    from newsweave.text import eventdate_memory

    modules = code.imported_modules([eventdate_memory.DATED_BY], data_only=eventdate_memory.DATA_ONLY)
    assert {"newsweave.text.eventdate_model", "newsweave.text.timexes", "newsweave.text.timex_values"} <= set(modules)
    assert "newsweave.text.parse" not in modules  # tokens: data the dates are made of
    assert {"eventdate_en.json", "eventdate_model.json", "temporal_en.json"} <= set(code.rule_files(modules))

    eventdate_memory.code_digest.cache_clear()
    before = date_kind("parser-a", True)
    source = code._source
    monkeypatch.setattr(code, "_source", lambda m: source(m) + ("\n# edited" if m.endswith("timex_values") else ""))
    eventdate_memory.code_digest.cache_clear()
    assert date_kind("parser-a", True) != before
    eventdate_memory.code_digest.cache_clear()
