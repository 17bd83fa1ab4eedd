"""Hostile and malformed input: one bad item is one skip with a reason, the rest is stored, and
nothing a record says can break the store (issue 28: dates out of range, JSON Python cannot read,
lone surrogates, file names in other encodings, wrong-typed sidecars, wire copies)."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from datetime import date

import pytest
from click.testing import CliRunner

from newsweave.cli import cli
from newsweave.errors import Errors
from newsweave.ingest import read_inputs
from newsweave.ingest.web import is_url
from newsweave.pipeline.runner import Newsweave
from newsweave.records import RawArticle
from newsweave.text.dates import infer_published, parse_iso
from newsweave.text.timex_values import date_span
from newsweave.text.timexes import find_timexes

# Made-up articles, long enough to be prose after cleaning, each about something else.
TEXTS = [
    "The harbour board of Calloway voted on Tuesday to rebuild the north pier before the autumn storms.",
    "Farmers in the Brenn valley said the late frost had cut the apricot harvest by almost a third this year.",
    "The city library of Osterfeld will open on Sundays from next month after a vote of the town council.",
    "A regional rail line between Amsel and Kora reopened after engineers repaired a bridge damaged by floods.",
    "The museum of Vellin received a collection of old maps donated by the family of a retired sea captain.",
]


def _record(i: int, **fields: object) -> dict[str, object]:
    return {"id": f"ok-{i}", "text": TEXTS[i], "outlet": f"Outlet {i}", "published": "2024-05-0" + str(i + 1)} | fields


def _lines(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def _stored_ids(nw: Newsweave) -> set[str]:
    return {a.id for a in nw.store.articles()}


# -- 1. dates out of range ---------------------------------------------------------------------


RELATIVE = [
    "They meet next week.",
    "It happened last week.",
    "Tomorrow it ends; yesterday it began.",
    "On Monday he left, and he will return this coming Thursday.",
    "The vote is next month, the audit next year.",
    "The works end at the end of next year.",
    "It opens next summer; it closed last winter.",
    "Last weekend they marched; next weekend they will strike.",
    "In 999 years, or 999 years ago, or in two weeks, or in 3 days.",
    "The next quarter, the last quarter, the first quarter.",
    "On March 9 they met, and on 31 December they part.",
    "Five weeks later, four months earlier, twelve years from now.",
]


@pytest.mark.parametrize("reference", [date.min, date.max, date(1, 12, 31), date(9999, 1, 1), date(1800, 1, 1)])
def test_no_temporal_expression_overflows_against_any_reference_date(reference):
    for sentence in RELATIVE:
        for timex in find_timexes(sentence, reference):
            # a value that would lie before year 1 or after 9999 is none, not an exception
            assert timex.value is None or (timex.value[:4].isdigit() and not timex.value[4:5].isdigit())


def test_date_spans_and_inference_at_the_ends_of_the_calendar():
    assert date_span("9999-W52") is None  # that week ends after 9999-12-31
    assert date_span("0001-01") == (date(1, 1, 1), date(1, 1, 31))
    assert infer_published(["Filed 0001-01-01.", "It is 9999-12-31 today, December 31, 9999."]).value is None
    assert parse_iso("0001-01-01") is None and parse_iso("9999-12-31") is None and parse_iso("2201-01-01") is None
    assert parse_iso("1800-01-01") == date(1800, 1, 1) and parse_iso("2200-12-31") == date(2200, 12, 31)


def test_a_date_out_of_range_is_refused_with_a_warning_and_the_article_kept(tmp_path, caplog):
    path = tmp_path / "dates.jsonl"
    path.write_text(
        _lines(
            _record(0, published="0001-01-01"),
            _record(1, published="9999-12-31", text=TEXTS[1] + " The board meets again next week."),
            _record(2),
        ),
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING), Newsweave(tmp_path / "n.db") as nw:
        report = nw.ingest([path])
        assert (report.added, report.skipped) == (3, [])
        published = {a.id: a.published for a in nw.store.articles()}
    assert published == {"ok-0": None, "ok-1": None, "ok-2": "2024-05-03"}
    warnings = [r.getMessage() for r in caplog.records if "[W119]" in r.getMessage()]
    assert len(warnings) == 2
    assert f"{path}:1: [W119] date '0001-01-01'" in warnings[0] and f"{path}:2:" in warnings[1]


def test_records_made_in_python_are_checked_as_files_are(tmp_path):
    with Newsweave(tmp_path / "n.db") as nw:
        report = nw.add([RawArticle(source="api", text=TEXTS[0], published="9999-12-31")])
        assert report.added == 1 and nw.store.articles()[0].published is None


def test_a_stored_date_out_of_range_is_forgotten_before_a_build(tmp_path, caplog):
    """A store written before such dates were refused: build forgets them (W119) instead of failing."""
    path = tmp_path / "a.jsonl"
    path.write_text(_lines(_record(0), _record(1), _record(2, outlet="Outlet 0")), encoding="utf-8")
    with Newsweave(tmp_path / "n.db") as nw:
        nw.ingest([path])
        copy = RawArticle(source="copy.txt", text=TEXTS[1], outlet="Other Outlet", published="2024-01-01")
        assert nw.add([copy]).copies == 1
        nw.store.conn.execute("UPDATE articles SET published='0001-01-01' WHERE id='ok-0'")
        nw.store.conn.execute("UPDATE articles SET published='9999-12-31' WHERE id='ok-1'")
        nw.store.conn.execute("UPDATE copies SET published='9999-12-31'")
        nw.store.conn.commit()
        with caplog.at_level(logging.WARNING):
            assert nw.forget_impossible_dates() == 3
        assert {a.id: a.published for a in nw.store.articles()} == {"ok-0": None, "ok-1": None, "ok-2": "2024-05-03"}
        assert [c["published"] for c in nw.store.copies(["ok-1"])] == [None]
        assert nw.forget_impossible_dates() == 0
    assert sum("[W119]" in r.getMessage() for r in caplog.records) == 3


@pytest.mark.slow
def test_build_passes_after_dates_out_of_range_in_the_input_and_in_an_old_store(tmp_path, annotator):
    path = tmp_path / "dates.jsonl"
    path.write_text(
        _lines(
            _record(0, published="0001-01-01", text=TEXTS[0] + " Work starts next week."),
            _record(1, published="9999-12-31", text=TEXTS[1] + " The growers meet next week."),
            _record(2),
        ),
        encoding="utf-8",
    )
    with Newsweave(tmp_path / "n.db", annotator=annotator) as nw:
        nw.run([path])
        # an old store: a date written before they were refused, and the article to annotate again
        nw.store.conn.execute("UPDATE articles SET published='9999-12-31', annotated=0 WHERE id='ok-2'")
        nw.store.conn.commit()
        nw.build()
        nw.build(rebuild=True)  # and every later build
        assert all(a.published is None or a.published.startswith("2024") for a in nw.store.articles())
        assert nw.store.count("annotated=1") == 3 and nw.stories()


# -- 2. one bad item is one skip ---------------------------------------------------------------


def test_json_lines_python_cannot_read_are_one_skip_each_and_the_rest_is_stored(tmp_path):
    path = tmp_path / "hostile.jsonl"
    path.write_text(
        _lines(
            _record(0),
            '{"id": "big", "text": "A number too long.", "n": ' + "7" * 5000 + "}",
            "[" * 3000 + "]" * 3000,
            '{"id": "deep", "text": "Nested.", "x": ' + "[" * 3000 + "]" * 3000 + "}",
            _record(1),
            _record(2, text=TEXTS[2] + " \ud800"),
            _record(3, title="A title \udfff"),
            _record(4, id="id-\ud83d"),
            _record(4, id="ok-4b", outlet="Outlet \udc80"),
            _record(4, id="ok-4c", outlet=["A", "B"]),
            _record(4, id="ok-4d", title=17, text=TEXTS[4] + " A number as its title is written out."),
        ),
        encoding="utf-8",
    )
    with Newsweave(tmp_path / "n.db") as nw:
        report = nw.ingest([path])
        assert _stored_ids(nw) == {"ok-0", "ok-1", "ok-4d"}
        assert nw.store.article("ok-4d").title == "17"
    skipped = [(s.line, s.error.value.code) for s in report.skipped]
    assert skipped == [
        (2, "W106"),
        (3, "W106"),
        (4, "W106"),
        (6, "W120"),
        (7, "W120"),
        (8, "W120"),
        (9, "W120"),
        (10, "W120"),
    ]
    messages = [s.message for s in report.skipped]
    assert "4300" in messages[0] and "nested too deeply" in messages[1]
    assert "field 'text' has a lone surrogate" in messages[3] and "field 'outlet' is a list" in messages[7]
    assert all(s.where == f"{path}:{s.line}" for s in report.skipped)


def test_a_json_array_with_an_element_python_cannot_read_keeps_the_other_elements(tmp_path):
    path = tmp_path / "array.json"
    elements = [json.dumps(_record(0)), '{"text": "Big.", "n": ' + "9" * 4400 + "}", "[" * 3000 + "]" * 3000]
    path.write_text("[\n" + ",\n".join([*elements, json.dumps(_record(1))]) + "\n]\n", encoding="utf-8")
    with Newsweave(tmp_path / "n.db") as nw:
        report = nw.ingest([path])
        assert _stored_ids(nw) == {"ok-0", "ok-1"}
    assert [(s.line, s.error) for s in report.skipped] == [(2, Errors.W106), (3, Errors.W106)]


def test_json_lines_whose_first_line_is_a_deep_array_keep_the_other_lines(tmp_path):
    path = tmp_path / "first.jsonl"
    path.write_text(_lines("[" * 3000 + "]" * 3000, _record(0), _record(1)), encoding="utf-8")
    items = list(read_inputs([path]))
    assert [i.id for i in items if isinstance(i, RawArticle)] == ["ok-0", "ok-1"]
    assert [(i.line, i.error) for i in items if not isinstance(i, RawArticle)] == [(1, Errors.W106)]


def test_a_broken_json_array_is_still_one_skip_for_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"text": "One."},\n  {"text": "Two."\n', encoding="utf-8")
    items = list(read_inputs([path]))
    assert [(i.line, i.error) for i in items] == [(None, Errors.W106)]


def test_a_file_name_that_is_not_utf8_is_one_skip_and_the_folder_is_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9-report.txt")  # a Latin-1 name: Linux gives its bytes as surrogates
    try:
        (folder / name).write_text(TEXTS[0], encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    (folder / "fine.txt").write_text(TEXTS[1], encoding="utf-8")
    with Newsweave(tmp_path / "n.db") as nw:
        report = nw.ingest([folder])
        assert [a.source for a in nw.store.articles()] == [str(folder / "fine.txt")]
    assert [s.error for s in report.skipped] == [Errors.W121]
    assert report.skipped[0].source.endswith("caf\\xe9-report.txt")
    report.skipped[0].source.encode("utf-8")  # printable


@pytest.mark.parametrize(
    ("sidecar", "detail"),
    [
        ({"title": 42, "outlet": "Fine Outlet"}, "'title' must be text, not a number"),
        ({"outlet": ["A", "B"]}, "'outlet' must be text, not a list"),
        ({"id": {"x": 1}}, "'id' must be text, not an object"),
        ({"outlet": "Bad \ud800"}, "'outlet' has a lone surrogate"),
        ('{"outlet": ' + "[" * 3000 + "]" * 3000 + "}", "nested too deeply"),
    ],
)
def test_a_sidecar_with_a_field_of_the_wrong_kind_is_one_skip_and_its_article_is_kept(tmp_path, sidecar, detail):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    raw = sidecar if isinstance(sidecar, str) else json.dumps(sidecar)
    (folder / "a.meta.json").write_text(raw, encoding="utf-8")
    (folder / "b.txt").write_text(TEXTS[1], encoding="utf-8")
    with Newsweave(tmp_path / "n.db") as nw:
        report = nw.ingest([folder])
        articles = nw.store.articles()
    assert report.added == 2 and all(a.outlet is None for a in articles)
    assert [(s.source, s.error) for s in report.skipped] == [(str(folder / "a.meta.json"), Errors.W113)]
    assert detail in report.skipped[0].message


def test_a_reader_failing_on_a_file_skips_that_file_not_the_run(tmp_path, monkeypatch):
    from newsweave import ingest as sources

    def explode(path, data):
        raise MemoryError("hostile bytes") if path.name == "bad.txt" else None
        yield  # pragma: no cover

    (tmp_path / "bad.txt").write_text(TEXTS[0], encoding="utf-8")
    (tmp_path / "good.jsonl").write_text(_lines(_record(1)), encoding="utf-8")
    monkeypatch.setitem(sources.READERS, ".txt", explode)
    items = list(read_inputs([tmp_path]))
    assert [i.id for i in items if isinstance(i, RawArticle)] == ["ok-1"]
    assert [(i.error, "MemoryError" in i.message) for i in items if not isinstance(i, RawArticle)] == [
        (Errors.W112, True)
    ]


def test_records_made_in_python_with_a_lone_surrogate_or_a_wrong_kind_are_skipped(tmp_path):
    records = [
        RawArticle(source="api", text=TEXTS[0] + " \ud800"),
        RawArticle(source="api", text=TEXTS[1], title=7),  # type: ignore[arg-type]
        RawArticle(source="api", text=TEXTS[2]),
    ]
    with Newsweave(tmp_path / "n.db") as nw:
        report = nw.add(records)
        assert report.added == 1 and [s.error for s in report.skipped] == [Errors.W120, Errors.W120]


# -- 3. wire copies ---------------------------------------------------------------------------


def test_every_wire_copy_of_one_text_is_kept_with_its_own_id(tmp_path):
    wire = TEXTS[3] + " Officials said trains would run every hour from Monday."
    path = tmp_path / "wire.jsonl"
    path.write_text(_lines(*({"text": wire, "outlet": f"Outlet {o}"} for o in "ABCD")), encoding="utf-8")
    with Newsweave(tmp_path / "n.db") as nw:
        report = nw.ingest([path])
        assert (report.added, report.copies) == (1, 3)
        assert "3 copies" in report.summary_line()
        (article,) = nw.store.articles()
        copies = nw.store.copies([article.id])
        assert sorted(c["outlet"] for c in copies) == ["Outlet B", "Outlet C", "Outlet D"]
        assert len({c["id"] for c in copies} | {article.id}) == 4
        assert nw.store.conn.execute("SELECT count(*) FROM copies").fetchone()[0] == 3
        again = nw.ingest([path])  # idempotent
        assert (again.added, again.copies, again.duplicates) == (0, 0, 4)
        assert len(nw.store.copies([article.id])) == 3
        ids = sorted(c["id"] for c in copies)
    with Newsweave(tmp_path / "other.db") as nw:  # the same input gives the same ids
        nw.ingest([path])
        assert sorted(c["id"] for c in nw.store.copies([article.id])) == ids


def test_copies_with_one_id_in_two_batches_are_all_kept(tmp_path):
    wire = TEXTS[4] + " The captain sailed for forty years along the northern coast."
    with Newsweave(tmp_path / "n.db") as nw:
        nw.add([RawArticle(source="a", text=wire, id="w1", outlet="A")])
        for outlet in "BCD":
            assert nw.add([RawArticle(source=outlet, text=wire, id="w1", outlet=outlet)]).copies == 1
        ids = [r[0] for r in nw.store.conn.execute("SELECT id FROM copies ORDER BY outlet")]
    assert len(set(ids)) == 3 and all(i.startswith("w1~") for i in ids)


# -- 12. the options a fix names exist; URLs in any case ------------------------------------------


def test_the_max_bytes_option_that_w105_names_exists_for_ingest_and_run(tmp_path):
    assert "--max-bytes" in Errors.W105.value.fix
    (tmp_path / "big.txt").write_text(TEXTS[0] * 3, encoding="utf-8")
    (tmp_path / "small.txt").write_text(TEXTS[1], encoding="utf-8")
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(tmp_path), "--db", db, "--max-bytes", "200"])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and "W105" in result.output
    result = runner.invoke(cli, ["ingest", str(tmp_path), "--db", db, "--max-bytes", "100000"])
    assert result.exit_code == 0 and "1 new" in result.output
    assert "--max-bytes" in runner.invoke(cli, ["run", "--help"]).output
    assert runner.invoke(cli, ["ingest", "x", "--max-bytes", "0"]).exit_code == 2


def test_published_option_out_of_range_is_refused(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--published", "0001-01-01"])
    assert result.exit_code == 2 and "1800" in result.output


def test_an_upper_case_scheme_is_a_url():
    assert is_url("HTTP://example.org/a") and is_url("Https://example.org/a")
    assert not is_url("http.txt") and not is_url("folder/http://x")


def test_a_store_untouched_by_a_hostile_batch_stays_readable(tmp_path):
    """After every hostile item above, the store is whole: SQLite finds nothing wrong."""
    path = tmp_path / "h.jsonl"
    path.write_text(_lines(_record(0, title="\ud800"), _record(1), "[" * 5000), encoding="utf-8")
    with Newsweave(tmp_path / "n.db") as nw:
        nw.ingest([path])
    conn = sqlite3.connect(tmp_path / "n.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT id FROM articles").fetchall() == [("ok-1",)]
    conn.close()
