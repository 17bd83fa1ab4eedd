"""Near-duplicates: syndicated and re-published articles are kept once, copies recorded with outlets."""

from __future__ import annotations

import json

import pytest

from newsweave.clean.article import clean_article
from newsweave.clean.dedup import NearDuplicates
from newsweave.pipeline.runner import Newsweave
from newsweave.records import RawArticle
from newsweave.store.schema import SCHEMA_VERSION

WIRE = (
    "Firefighters contained a wildfire that burned through dry forest north of the town on Tuesday, "
    "the regional fire service said. About 300 residents were evacuated overnight and no one was hurt. "
    "The fire started near a campsite on Sunday and spread quickly in strong winds, officials said. "
    "Water-bombing aircraft from two neighbouring regions joined the effort on Monday morning. "
    "Investigators have not yet determined the cause, but the fire service said a campfire was likely. "
    "Residents will be allowed to return home on Wednesday once power lines have been checked."
)
OTHER = (
    "The central bank raised its main interest rate by a quarter point on Thursday, citing stubborn "
    "inflation in services and a tight labour market. Economists had expected the move. The governor "
    "said further increases could not be ruled out if wages kept rising faster than productivity."
)


def _article(text, source, outlet=None):
    return clean_article(RawArticle(source=source, text=text, outlet=outlet))


def test_signatures_find_near_copies_and_not_other_articles():
    index = NearDuplicates(threshold=0.8)
    original = _article(WIRE, "a.txt")
    index.add("a", index.signature(original))
    edited = _article(WIRE.replace("on Wednesday", "on Wednesday afternoon"), "b.txt")
    match = index.find(index.signature(edited))
    assert match is not None and match[0] == "a" and match[1] >= 0.8
    assert index.find(index.signature(_article(OTHER, "c.txt"))) is None


def test_signatures_survive_the_store_round_trip():
    index = NearDuplicates()
    sig = index.signature(_article(WIRE, "a.txt"))
    again = NearDuplicates()
    again.load([("a", NearDuplicates.to_bytes(sig))])
    assert again.find(index.signature(_article(WIRE, "b.txt"))) == ("a", 1.0)


def _write_corpus(folder):
    folder.mkdir()
    rows = [
        {"id": "wire-1", "text": WIRE, "outlet": "Wire Service", "published": "2025-07-01"},
        {"id": "paper-1", "text": WIRE + " Schools stay open.", "outlet": "Valley Paper", "published": "2025-07-01"},
        {"id": "site-1", "text": WIRE, "outlet": "News Site", "published": "2025-07-02"},
        {"id": "bank-1", "text": OTHER, "outlet": "Wire Service", "published": "2025-07-03"},
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return folder


def test_ingest_keeps_one_article_and_records_copies_with_their_outlets(tmp_path):
    corpus = _write_corpus(tmp_path / "in")
    with Newsweave(tmp_path / "n.db") as nw:
        report = nw.ingest([corpus])
        assert (report.read, report.added, report.copies, report.duplicates) == (4, 2, 2, 0)
        copies = nw.store.copies(["wire-1"])
        assert {c["outlet"] for c in copies} == {"Valley Paper", "News Site"}
        assert all(c["copy_of"] == "wire-1" for c in copies)
        assert "copies of stored articles" in report.summary_line()
        again = nw.ingest([corpus])  # idempotent: a second run records nothing new
        assert (again.added, again.copies, again.duplicates) == (0, 0, 4)
    with Newsweave(tmp_path / "n.db") as nw:  # the index is rebuilt from the stored signatures
        later = tmp_path / "later.txt"
        later.write_text(WIRE.replace("Tuesday", "Tuesday evening"), encoding="utf-8")
        report = nw.ingest([later], outlet="Late Outlet")
        assert (report.added, report.copies) == (0, 1)


@pytest.mark.slow
def test_a_story_counts_the_outlets_of_copies(tmp_path, annotator):
    corpus = _write_corpus(tmp_path / "in")
    with Newsweave(tmp_path / "n.db", annotator=annotator) as nw:
        nw.run([corpus])
        story = next(s for s in nw.stories() if "wire-1" in s.article_ids)
        assert set(story.outlets) == {"Wire Service", "Valley Paper", "News Site"}
        assert {c["id"] for c in story.copies} == {"paper-1", "site-1"}
        assert story.to_dict()["copies"]


def _variants():
    """Articles in families of near-copies (a sentence changed or added) and unrelated ones."""
    import random

    rng = random.Random(7)
    words = [f"w{i}" for i in range(400)]
    out = []
    for family in range(12):
        base = [rng.choice(words) for _ in range(120)]
        out.append((f"f{family}-0", " ".join(base)))
        for copy in range(1, 3):
            changed = list(base)
            for _ in range(copy * 3):
                changed[rng.randrange(len(changed))] = rng.choice(words)
            out.append((f"f{family}-{copy}", " ".join(changed)))
    return [(key, _article(text, f"{key}.txt")) for key, text in out]


def test_the_stored_index_answers_as_the_index_in_memory(tmp_path):
    from newsweave.store.store import Store

    articles = _variants()
    memory = NearDuplicates(0.8)
    with Store(tmp_path / "s.db") as store:
        store.add_articles([a for _, a in articles])
        ids = {key: a.id for key, a in articles}
        stored = NearDuplicates.stored(store, 0.8)
        found_memory, found_stored = [], []
        for key, article in articles:
            sig = memory.signature(article)
            found_memory.append(memory.find(sig))
            found_stored.append(stored.find(sig))
            memory.add(ids[key], sig)
            stored.add(ids[key], sig)
        assert found_stored == found_memory
        assert sum(f is not None for f in found_stored) >= 12  # copies are found ...
        assert all(f is None for (key, _), f in zip(articles, found_stored, strict=True) if key.endswith("-0"))
        assert len(stored) == len(memory) == len(articles)
        stored.add(ids["f0-0"], memory.signature(articles[0][1]))  # indexing an article again changes nothing
        assert len(stored) == len(articles)


def test_a_store_is_indexed_again_when_the_layout_changes(tmp_path):
    from newsweave.clean.dedup import band_layout
    from newsweave.store.store import Store

    articles = _variants()[:3]  # one family: an original and two edited copies
    with Store(tmp_path / "s.db") as store:
        store.add_articles([a for _, a in articles])
        strict = NearDuplicates.stored(store, 0.95)
        strict.add(articles[0][1].id, strict.signature(articles[0][1]))
        assert store.minhash_layout() == band_layout(0.95, 128)
        edited = strict.signature(articles[2][1])
        assert strict.find(edited) is None
        loose = NearDuplicates.stored(store, 0.5)  # other bands: cut again from the stored signatures
        assert store.minhash_layout() == band_layout(0.5, 128) != band_layout(0.95, 128)
        match = loose.find(edited)
        assert match is not None and match[0] == articles[0][1].id


def test_an_older_store_finds_copies_after_migration(tmp_path):
    """A store written before the band table (schema 4) is migrated and indexed from its signatures."""
    corpus = _write_corpus(tmp_path / "in")
    with Newsweave(tmp_path / "n.db") as nw:
        nw.ingest([corpus])
        conn = nw.store.conn
        conn.executescript(
            "DROP TABLE events; DROP TABLE redirects; DROP INDEX articles_event;"
            " ALTER TABLE articles DROP COLUMN event_id;"
            " DROP TABLE settings; DROP TABLE text_vectors; DROP INDEX articles_without_vector;"
            " DROP TABLE minhash_bands; DROP TABLE minhash_layout; DROP TABLE text_results; DROP TABLE article_quotes;"
            " DROP TABLE story_quote_pairs; DROP TABLE article_results;"
            " PRAGMA user_version=4;"
        )
    with Newsweave(tmp_path / "n.db") as nw:
        assert nw.store.schema_version == SCHEMA_VERSION and nw.store.minhash_layout() is None
        later = tmp_path / "later.txt"
        later.write_text(WIRE.replace("Tuesday", "Tuesday evening"), encoding="utf-8")
        report = nw.ingest([later], outlet="Late Outlet")
        assert (report.added, report.copies) == (0, 1)
        assert "Late Outlet" in {c["outlet"] for c in nw.store.copies(["wire-1"])}


def test_opening_a_store_loads_no_signatures(tmp_path, monkeypatch):
    """The index is read from the store as it is asked, never loaded whole into memory."""
    from newsweave.store.store import Store

    corpus = _write_corpus(tmp_path / "in")
    with Newsweave(tmp_path / "n.db") as nw:
        nw.ingest([corpus])

    def refuse(self):
        raise AssertionError("every signature read")

    monkeypatch.setattr(Store, "signatures", refuse)
    with Newsweave(tmp_path / "n.db") as nw:
        later = tmp_path / "later.txt"
        later.write_text(WIRE + " Roads reopened.", encoding="utf-8")
        assert nw.ingest([later]).copies == 1


def test_articles_stored_but_not_indexed_by_an_interrupted_run_are_indexed_on_the_next(tmp_path):
    corpus = _write_corpus(tmp_path / "in")
    with Newsweave(tmp_path / "n.db") as nw:
        nw.ingest([corpus])
        # as if the run had stopped after storing the articles and before indexing them
        nw.store.conn.executescript("DELETE FROM minhash_bands; DELETE FROM signatures;")
        assert set(nw.store.unsigned()) == {"wire-1", "bank-1"}
    with Newsweave(tmp_path / "n.db") as nw:
        later = tmp_path / "later.txt"
        later.write_text(WIRE.replace("Tuesday", "Tuesday evening"), encoding="utf-8")
        report = nw.ingest([later], outlet="Late Outlet")
        assert (report.added, report.copies) == (0, 1)
        assert nw.store.unsigned() == []
