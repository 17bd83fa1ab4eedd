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
