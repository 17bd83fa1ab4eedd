"""The machine's cache of compiled templates: used across processes, never an error."""

from __future__ import annotations

from newsweave.report.html import _env
from newsweave.runtime.cache import cache_dir, template_cache


def test_compiled_templates_are_kept_and_read_by_the_next_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path / "cache"))
    assert cache_dir() == tmp_path / "cache"
    first = _env().get_template("base.html")
    kept = sorted((tmp_path / "cache" / "templates").iterdir())
    assert kept, "the compiled template was not kept"
    stamps = [p.stat().st_mtime_ns for p in kept]
    again = _env()
    assert again.bytecode_cache is not None
    second = again.get_template("base.html")
    assert second.render(title="x") == first.render(title="x")
    # read from the cache, not compiled and written again
    assert [p.stat().st_mtime_ns for p in sorted((tmp_path / "cache" / "templates").iterdir())] == stamps


def test_a_cache_folder_that_cannot_be_made_means_no_cache_and_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(blocker))
    assert template_cache() is None
    assert "<html" in _env().get_template("base.html").render(title="x").lower()


def test_a_cache_file_that_cannot_be_written_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path / "cache"))
    env = _env()
    folder = tmp_path / "cache" / "templates"
    folder.rmdir()  # gone after the cache was set up, a file in its place: no file can be made there
    folder.write_text("", encoding="utf-8")
    assert "<html" in env.get_template("base.html").render(title="x").lower()
