"""The code a kept result is made by: found from imports, digested with the rule files it names."""

from __future__ import annotations

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
