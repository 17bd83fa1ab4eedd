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


def test_the_digest_covers_every_module_and_rule_file_that_dates_a_sentence():
    """A module the dating code comes to import, or a rule file it comes to read, must be added
    to the digest: else dates found by the old code would be read back after a change."""
    import ast
    import re
    from importlib import resources

    from newsweave.text.eventdate_memory import DATING_MODULES, DATING_RULES

    data_only = {"newsweave.records", "newsweave.text.parse"}
    for module in DATING_MODULES:
        package, name = module.rsplit(".", 1)
        source = resources.files(package).joinpath(f"{name}.py").read_text("utf-8")
        imported = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsweave"):
                names = [f"{node.module}.{a.name}" for a in node.names]
                imported |= {n for n in names if n in DATING_MODULES} or {node.module}
            elif isinstance(node, ast.Import):
                imported |= {a.name for a in node.names if a.name.startswith("newsweave")}
        assert imported <= set(DATING_MODULES) | data_only, module
        assert set(re.findall(r"joinpath\(\"(\w+\.json)\"\)", source)) <= set(DATING_RULES), module
