"""A story written again, in a later process, reads what the store kept for it: its sentences'
event dates are not found again."""

from __future__ import annotations

from pathlib import Path

import newsweave
from newsweave.synthesize import timeline

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample_corpus"


def test_a_story_written_again_reads_its_event_dates_from_the_store(tmp_path, monkeypatch):
    calls: list[str] = []
    real = timeline.event_date

    def counted(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(timeline, "event_date", counted)
    db = tmp_path / "n.db"
    with newsweave.open(db) as nw:
        nw.run([SAMPLE])
        stories = {s.id: [(e.date, e.text) for e in s.timeline] for s in nw.stories()}
    assert calls  # the first build dated its sentences
    calls.clear()
    with newsweave.open(db) as nw:  # a later process: nothing in memory
        for story_id, entries in stories.items():
            again = nw.write_story(story_id)
            assert [(e.date, e.text) for e in again.timeline] == entries
    assert calls == []


def test_a_story_written_again_reads_its_articles_quotes_from_the_store(tmp_path, monkeypatch, quote_reads, caplog):
    from newsweave.synthesize import quote_memory

    read = quote_reads
    db = tmp_path / "n.db"
    with newsweave.open(db) as nw:
        nw.run([SAMPLE])
        stories = {s.id: [(q.speaker, q.text, q.kind) for q in s.quotes] for s in nw.stories()}
        members = sum(len(nw.store.story_members(s)) for s in stories)
    assert len(read) == members  # the first build read every article
    read.clear()
    with newsweave.open(db) as nw, caplog.at_level("INFO", logger="newsweave.pipeline.runner"):
        for story_id, found in stories.items():
            again = nw.write_story(story_id)
            assert [(q.speaker, q.text, q.kind) for q in again.quotes] == found
        nw.save_stories([nw.writer.story(i) for i in nw.story_inputs(list(stories))])
    assert read == []
    assert "found anew" in caplog.text and " 0 found anew" in caplog.text
    # another version of the quoting code: the kept quotes are stale and found again
    monkeypatch.setattr(quote_memory, "code_digest", lambda: "another")
    with newsweave.open(db) as nw:
        story_id = next(iter(stories))
        assert [(q.speaker, q.text, q.kind) for q in nw.write_story(story_id).quotes] == stories[story_id]
        assert len(read) == len(nw.store.story_members(story_id))


def test_a_story_written_again_scores_only_the_quote_pairs_it_did_not_keep(tmp_path, monkeypatch):
    from newsweave.synthesize import alignment, alignment_memory

    rows: list[int] = []
    real = alignment._close_pairs

    def counted(texts, *args, fresh=None, **kwargs):
        rows.append(len(texts) if fresh is None else int(fresh.sum()))
        return real(texts, *args, fresh=fresh, **kwargs)

    monkeypatch.setattr(alignment, "_close_pairs", counted)
    db = tmp_path / "n.db"
    with newsweave.open(db) as nw:
        nw.run([SAMPLE])
        stories = {s.id: [(q.speaker, q.text, q.variants) for q in s.quotes] for s in nw.stories()}
        quoted = [s for s, quotes in stories.items() if len(quotes) > 1]
        assert quoted and sum(rows) > 0  # the first build scored the pairs of every quote
        version = nw._pairs_version
        assert all(nw.store.story_quote_pairs(s, version) for s in quoted)
    rows.clear()
    with newsweave.open(db) as nw:  # a later process: the kept pairs decide, nothing is scored
        for story_id in quoted:
            again = nw.write_story(story_id)
            assert [(q.speaker, q.text, q.variants) for q in again.quotes] == stories[story_id]
        assert sum(rows) == 0
        # kept by another version of the deciding code: not read
        assert nw.store.story_quote_pairs(quoted[0], version.replace("quote pairs", "quote pairs x")) is None
    monkeypatch.setattr(alignment_memory, "code_digest", lambda: "another")
    with newsweave.open(db) as nw:
        again = nw.write_story(quoted[0])
        assert [(q.speaker, q.text, q.variants) for q in again.quotes] == stories[quoted[0]]
        assert sum(rows) > 0  # scored again
        # a story that is gone takes its kept pairs with it
        nw.store.conn.execute("UPDATE articles SET story_id=NULL WHERE story_id=?", (quoted[0],))
        nw.store.delete_empty_stories()
        assert nw.store.story_quote_pairs(quoted[0], version) is None


def test_stories_built_in_random_parts_read_each_article_once_and_match_reading_all(tmp_path, monkeypatch):
    """The sample fed in random parts, one store: each build reads for the actors and dates for the
    timeline only the articles it adds (the others' mentions and days come from the store), and
    every story's actors and timeline are those of reading all its articles again."""
    import random
    import shutil

    from newsweave.synthesize import actor_memory, actors, timeline_memory

    read: list[str] = []
    dated: list[str] = []
    real_mentions, real_days = actors._mentions, timeline._event_days

    def mentions(sentences, entities, parse, pending, article_id):
        read.append(article_id)
        return real_mentions(sentences, entities, parse, pending, article_id)

    def days(published, sentences, *args, **kwargs):
        dated.extend({s.article_id for s in sentences})
        return real_days(published, sentences, *args, **kwargs)

    monkeypatch.setattr(actors, "_mentions", mentions)
    monkeypatch.setattr(timeline, "_event_days", days)
    units: dict[str, list[Path]] = {}
    for path in sorted(SAMPLE.iterdir()):
        units.setdefault(path.name.split(".")[0], []).append(path)
    order = list(units)
    random.Random(11).shuffle(order)
    db = tmp_path / "n.db"
    before: set[str] = set()
    for k, names in enumerate((order[:6], order[6:9], order[9:])):
        folder = tmp_path / f"part{k}"
        folder.mkdir()
        for name in names:
            for path in units[name]:
                shutil.copy(path, folder / path.name)
        read.clear()
        dated.clear()
        with newsweave.open(db) as nw:
            nw.run([folder])
            ids = {a for s in nw.stories() for a in nw.store.story_members(s.id)}
        assert read and set(read) <= ids - before and len(read) == len(set(read))  # each new article once
        assert dated and set(dated) <= ids - before
        before = ids
    with newsweave.open(db) as nw:
        stored = {s.id: (s.actors, _entries(s.timeline)) for s in nw.stories()}
    assert all(found for found, _ in stored.values()) and any(entries for _, entries in stored.values())
    # nothing kept is read: every article is read and dated again
    monkeypatch.setattr(actor_memory, "code_digest", lambda: "another")
    monkeypatch.setattr(timeline_memory, "code_digest", lambda: "another")
    read.clear()
    with newsweave.open(db) as nw:
        for story_id, (found, entries) in stored.items():
            again = nw.write_story(story_id)
            assert (again.actors, _entries(again.timeline)) == (found, entries)
    assert sorted(read) == sorted(before)


def _entries(entries):
    return [(e.date, e.text, [(c.article, c.sentence) for c in e.citations]) for e in entries]
