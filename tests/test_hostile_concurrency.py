"""Two ingests of one input into one store at the same time (issue 28, item 8): never a crash,
and always the store one ingest gives (the same articles, copies and near-duplicate index)."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from newsweave.pipeline.runner import Newsweave
from newsweave.store.store import Store

from .hostile_corpus import made_up_records, write_jsonl


def _ingest(db, path) -> None:
    with Newsweave(db) as nw:
        nw.ingest([path])


def _state(db) -> tuple[object, ...]:
    conn = sqlite3.connect(db)
    try:
        return (
            sorted(conn.execute("SELECT id, content_hash, outlet, source, published FROM articles")),
            sorted(conn.execute("SELECT id, original_id, outlet, source FROM copies")),
            sorted(conn.execute("SELECT article_id FROM signatures")),
            conn.execute("PRAGMA integrity_check").fetchone(),
        )
    finally:
        conn.close()


@pytest.fixture(scope="module")
def one_writer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("concurrent")
    path = write_jsonl(folder / "input.jsonl", made_up_records(100, seed=3, repeats=15, copies=15))
    _ingest(folder / "one.db", path)
    return path, _state(folder / "one.db")


@pytest.mark.parametrize("round_", range(10))
def test_two_ingests_of_one_input_at_once_give_the_one_writer_store(tmp_path, one_writer, round_):
    path, expected = one_writer
    db = tmp_path / "two.db"
    if round_ % 2:
        Store(db).close()  # an existing store (even rounds: both processes create it)
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_ingest, args=(db, path)) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
    assert [w.exitcode for w in writers] == [0, 0]
    assert _state(db) == expected
    assert len(expected[0]) == 100 and expected[3] == ("ok",)


def test_a_write_transaction_holds_off_another_writer_and_joins_inner_ones(tmp_path):
    db = tmp_path / "n.db"
    with Store(db) as first, Store(db) as second:
        with first.writing():
            first.save_setting("a", "1")  # its own `with conn:` joins, commits nothing yet
            assert second.setting("a") is None
            with first.writing():  # nested: joins too
                first.save_setting("b", "2")
        assert second.setting("a") == "1" and second.setting("b") == "2"
        with pytest.raises(RuntimeError), first.writing():
            first.save_setting("c", "3")
            raise RuntimeError("rolled back")
        assert second.setting("c") is None
