"""The code a kept result is made by: found from imports, digested with the rule files it names."""

from __future__ import annotations

import json

from newsweave.runtime import code_digest as code


def test_imports_are_followed_through_newsweave_modules_only_and_stop_at_data():
    modules = code.imported_modules(["newsweave.text.eventdate"])
    assert "newsweave.text.timex_values" in modules  # imported by timexes, not by eventdate itself
    assert "newsweave.text.parse" in modules and "newsweave.runtime.remembered" in modules
    assert not any(not m.startswith("newsweave.") for m in modules)
    without = code.imported_modules(["newsweave.text.eventdate"], data_only=["newsweave.text.parse"])
    assert "newsweave.text.parse" not in without and "newsweave.runtime.remembered" not in without


def test_a_name_imported_from_a_package_is_its_submodule():
    # "from newsweave.runtime import code_digest" names the module, not the package
    assert "newsweave.runtime.code_digest" in code.direct_imports("newsweave.synthesize.quote_memory")
    assert "newsweave.runtime" not in code.direct_imports("newsweave.synthesize.quote_memory")


def test_the_digest_changes_with_the_code_and_the_rules_it_names(monkeypatch):
    modules = ("newsweave.text.timex_values",)
    rules = code.rule_files(modules)
    assert rules == ("temporal_en.json",)
    before = code.code_digest(modules, rules)
    assert before == code.code_digest(modules, rules)
    assert code.code_digest(modules, ()) != before
    source = code._source
    monkeypatch.setattr(code, "_source", lambda m: source(m) + "\n# edited")
    assert code.code_digest(modules, rules) != before


def test_what_a_source_holds_is_kept_between_commands_and_parsed_anew_when_edited(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path))
    monkeypatch.setattr(code, "_FACTS", code._Facts())
    modules = code.imported_modules(["newsweave.text.timex_values"])
    rules = code.rule_files(modules)
    assert (tmp_path / code.FACTS_FILE).is_file()
    # a later command (a fresh table) reads the kept facts: no source is parsed again
    monkeypatch.setattr(code, "_FACTS", code._Facts())
    parsed: list[str] = []
    parse = code._parse_facts
    monkeypatch.setattr(code, "_parse_facts", lambda source: parsed.append(source) or parse(source))
    assert code.imported_modules(["newsweave.text.timex_values"]) == modules
    assert code.rule_files(modules) == rules == ("temporal_en.json",)
    assert parsed == []
    # an edited module is parsed anew, and what it now imports and names is seen
    source = code._source
    edit = '\nimport newsweave.records\nRULE = "counts_en.json"\n'
    monkeypatch.setattr(code, "_source", lambda m: source(m) + (edit if m == "newsweave.text.timex_values" else ""))
    assert "newsweave.records" in code.direct_imports("newsweave.text.timex_values")
    assert code.rule_files(["newsweave.text.timex_values"]) == ("counts_en.json", "temporal_en.json")
    assert len(parsed) == 1


def test_an_unreadable_or_unwritable_facts_file_is_skipped(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(blocked))  # a file where the folder should be
    monkeypatch.setattr(code, "_FACTS", code._Facts())
    assert code.rule_files(code.imported_modules(["newsweave.text.timex_values"])) == ("temporal_en.json",)
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / code.FACTS_FILE).write_text("{not json")
    monkeypatch.setattr(code, "_FACTS", code._Facts())
    assert code.rule_files(code.imported_modules(["newsweave.text.timex_values"])) == ("temporal_en.json",)
    assert json.loads((tmp_path / "cache" / code.FACTS_FILE).read_text())  # parsed, and written over the broken file


def test_kept_facts_of_another_shape_are_parsed_again_and_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path))
    monkeypatch.setattr(code, "_FACTS", code._Facts())
    modules = code.imported_modules(["newsweave.text.timex_values"])
    assert code.rule_files(modules) == ("temporal_en.json",)
    kept = json.loads((tmp_path / code.FACTS_FILE).read_text())
    # another program's (or version's) entries under the same keys: wrong shapes
    spoiled = {
        key: ({"imports": [["x"]], "strings": "temporal_en.json"} if n % 2 else [1]) for n, key in enumerate(kept)
    }
    (tmp_path / code.FACTS_FILE).write_text(json.dumps(spoiled))
    monkeypatch.setattr(code, "_FACTS", code._Facts())
    assert code.imported_modules(["newsweave.text.timex_values"]) == modules
    assert code.rule_files(modules) == ("temporal_en.json",)

    def full_disk(*args, **kwargs):
        raise OSError("no space left on device")

    monkeypatch.setattr(code, "_FACTS", code._Facts())
    monkeypatch.setattr(code.json, "dump", full_disk)
    (tmp_path / code.FACTS_FILE).unlink()
    assert code.rule_files(modules) == ("temporal_en.json",)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # neither the file nor a temporary one
