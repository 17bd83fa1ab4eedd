"""What a new user meets in the first hour (issue 27), driven through the CLI and the web app."""

from __future__ import annotations

import pytest

from newsweave.cli import main


@pytest.mark.parametrize(
    "command",
    [["stories"], ["show", "s123"], ["report", "--out", "rep"], ["build"], ["search", "harbour"], ["serve"]],
)
def test_commands_on_a_missing_store_say_so_and_create_nothing(tmp_path, monkeypatch, capsys, command):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", "typo.db", *command]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and str(tmp_path / "typo.db") in err
    assert not (tmp_path / "typo.db").exists() and not (tmp_path / "rep").exists()


def _empty_store(path):
    from newsweave.store import Store

    Store(path).close()
    return str(path)


def test_run_refuses_the_report_of_another_store_and_says_where_reports_go(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _empty_store(tmp_path / "a.db")
    _empty_store(tmp_path / "b.db")
    assert main(["--db", "a.db", "report"]) == 0  # report/ by default
    err = capsys.readouterr().err
    assert f"to {tmp_path / 'report'}" in err and str(tmp_path / "report" / "index.html") in err
    before = (tmp_path / "report" / "stories.json").read_text(encoding="utf-8")
    (tmp_path / "in.txt").write_text("Some words of an article.\n", encoding="utf-8")

    assert main(["--db", "b.db", "run", "in.txt"]) == 1  # refused before anything is read
    err = capsys.readouterr().err
    assert "[E012]" in err and "another store (a.db)" in err and "--force" in err
    assert main(["--db", "b.db", "report"]) == 1
    assert (tmp_path / "report" / "stories.json").read_text(encoding="utf-8") == before
    assert main(["--db", "a.db", "report"]) == 0  # its own report is rewritten
    assert main(["--db", "b.db", "report", "--force"]) == 0
    assert main(["--db", "a.db", "report"]) == 1  # now the folder is b.db's
