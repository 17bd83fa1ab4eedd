"""``annotated`` (newsweave inspect) gives the event-date model the sentence before each one."""

from __future__ import annotations

from newsweave.config import Config
from newsweave.pipeline.inspect import annotated

FLOODED = "The river flooded three villages and the harvest failed."
LEAD = (
    "Rescuers in the valley worked through the night, officials said. "
    "Boats carried families to the school on the hill. "
    "The army sent two helicopters and a field kitchen. "
    "Roads to the north stayed closed. "
    "Volunteers filled sandbags along the main street. "
)


def _dates(tmp_path, before: str) -> dict[str, str | None]:
    path = tmp_path / "article.txt"
    text = f"Flood in Veldmark\n\n{LEAD}\n\n{before} {FLOODED}\n"
    path.write_text(text, encoding="utf-8")
    (item,) = list(annotated([path], Config(), published="2031-03-14"))
    return {s["text"]: s["event_date"] for s in item["sentences"] if s["kind"] == "body"}


def test_an_undated_sentence_after_an_old_date_gets_none_and_after_a_recent_one_the_day(tmp_path):
    old = _dates(tmp_path, "The dam above Veldmark was finished in 1971.")
    recent = _dates(tmp_path, "The dam above Veldmark burst on Wednesday.")
    assert old["The dam above Veldmark was finished in 1971."] == "1971"
    assert old[FLOODED] is None
    assert recent["The dam above Veldmark burst on Wednesday."] == "2031-03-12"
    assert recent[FLOODED] == "2031-03-14"
