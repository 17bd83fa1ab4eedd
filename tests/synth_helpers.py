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


def random_parts(rng, items: list, most: int = 3) -> list[tuple[list, list]]:
    """``items`` shuffled and cut into two to ``most`` + 1 parts: each part with all items up to it
    (what a store holds after it), as a stream brings a story's articles in batches."""
    order = items[:]
    rng.shuffle(order)
    cuts = sorted(rng.sample(range(1, len(order)), rng.randint(1, min(most, len(order) - 1))))
    parts = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    return [(part, [x for p in parts[: k + 1] for x in p]) for k, part in enumerate(parts)]


def grown_in_parts(rng, items: list, make_memory, through_store):
    """Per part of :func:`random_parts`: (the part, all items up to it, a memory that knows only
    what the store kept of the parts before: what ``make_memory()`` holds after the memories of
    the parts before handed over what they found, each passed ``through_store`` (its bytes read back)."""
    stored: dict = {}
    for part, seen in random_parts(rng, items):
        memory = make_memory()  # a later command: only what the store kept
        memory.remember(stored)
        yield part, seen, memory
        stored.update({key: through_store(value) for key, value in memory.take_new().items()})
