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
