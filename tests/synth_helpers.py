"""Build StoryMaterial by hand for the synthesis tests (no models)."""

from __future__ import annotations

from newsweave.records import Article, Entity, Line, Sentence, StoryMaterial
from newsweave.text.dates import parse_iso
from newsweave.text.timexes import find_timexes


def material(articles: list[tuple[str, str | None, list[str]]], names: dict[str, str] | None = None) -> StoryMaterial:
    """``articles``: (id, published, body sentences); ``names``: surface form → label to tag."""
    arts, sentences, entities = [], {}, {}
    for aid, published, body in articles:
        arts.append(
            Article(
                aid,
                f"{aid}.txt",
                " ".join(body),
                [Line(i + 1, t, "body") for i, t in enumerate(body)],
                outlet=f"Outlet {aid}",
                published=published,
            )
        )
        sents, ents, offset = [], [], 0
        for i, text in enumerate(body):
            sents.append(Sentence(aid, i, text, "body", offset, offset + len(text)))
            taken: set[int] = set()
            for name, label in sorted((names or {}).items(), key=lambda kv: -len(kv[0])):
                start = text.find(name)
                while start >= 0:
                    span = set(range(start, start + len(name)))
                    if not span & taken:
                        taken |= span
                        ents.append(Entity(aid, i, name, label, offset + start, offset + start + len(name)))
                    start = text.find(name, start + 1)
            for tx in find_timexes(text, parse_iso(published)):
                ents.append(Entity(aid, i, tx.text, "DATE", offset + tx.start, offset + tx.end, tx.value))
            offset += len(text) + 1
        sentences[aid], entities[aid] = sents, ents
    return StoryMaterial("s1", arts, sentences, entities)
