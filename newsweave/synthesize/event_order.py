"""A story's events in the order they happened: by their dates, undated ones by what they say.

Dated events come first, by date. Events none of whose articles is dated are ordered by what
their texts say of each other: an event whose reports recall another's principal actor in the
background ("Earlier this year, the leader met Foreign Minister X", :mod:`newsweave.text.background`)
came after it, unless that one recalls it back; then by the latest full date their articles
mention (``not_before``), which a later event inherits from the one it follows. What placed an
event is added to its ``evidence``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from newsweave.records import Entity, Event, StoryMaterial
from newsweave.text.background import background_starts, is_recalled
from newsweave.text.names import name_key


@dataclass
class _People:
    """Who an event's articles are about, and whom they recall (surname key -> where)."""

    principal: str | None = None
    recalled: dict[str, tuple[str, Entity]] = field(default_factory=dict)


def event_people(article_ids: Sequence[str], entities: dict[str, list[Entity]]) -> _People:
    """The person an event's articles name most outside the background (at least twice), and
    the people they name only after a background date (surname key -> (article id, mention))."""
    named: Counter[str] = Counter()
    recalled: dict[str, tuple[str, Entity]] = {}
    for article_id in article_ids:
        found = entities.get(article_id, [])
        starts = background_starts(found)
        for e in found:
            key = name_key(e.text) if e.label == "PERSON" else ""
            if len(key) < 2:
                continue
            surname = key.rsplit(" ", 1)[-1]
            if is_recalled(e, starts):
                recalled.setdefault(surname, (article_id, e))
            else:
                named[surname] += 1
    top = named.most_common(1)
    only = {k: where for k, where in recalled.items() if k not in named}  # an actor too: not only recalled
    return _People(top[0][0] if top and top[0][1] >= 2 else None, only)


def in_order(events: Sequence[Event], material: StoryMaterial | None = None) -> list[Event]:
    """Written events in the order they happened: dated ones by date, then undated ones by what
    their texts say (``material``: the story's articles, sentences and entities; without it, by
    ``not_before``)."""
    dated = sorted((e for e in events if e.first_date), key=lambda e: (e.first_date, e.last_date or "", e.id))
    undated = [e for e in events if not e.first_date]
    if material is None or len(undated) < 2:
        return dated + sorted(undated, key=lambda e: (e.not_before or "", e.id))
    return dated + _order_undated(undated, material)


def _order_undated(events: list[Event], material: StoryMaterial) -> list[Event]:
    people = {e.id: event_people(e.articles, material.entities) for e in events}
    follows: dict[str, list[tuple[Event, str]]] = {e.id: [] for e in events}
    for x in events:
        for y in events:
            px, py = people[x.id], people[y.id]
            if x.id == y.id or py.principal is None or py.principal == px.principal:
                continue
            if py.principal in px.recalled and not (px.principal and px.principal in py.recalled):
                article_id, mention = px.recalled[py.principal]
                follows[x.id].append((y, _recall_evidence(y, article_id, mention, material)))
    ordered: list[Event] = []
    placed: dict[str, Event] = {}
    remaining = list(events)
    while remaining:
        free = [e for e in remaining if all(y.id in placed for y, _ in follows[e.id])] or remaining  # a cycle: any
        event = min(free, key=lambda e: (e.not_before or "", e.id))
        remaining.remove(event)
        evidence = list(event.evidence)
        not_before = event.not_before
        for y, why in follows[event.id]:
            evidence.append(why)
            bound = placed[y.id].not_before if y.id in placed else None
            if bound and (not_before is None or bound > not_before):
                not_before = bound
                evidence.append(f"not before {bound}, as '{y.title or y.id}' it follows")
        placed[event.id] = replace(event, evidence=evidence, not_before=not_before)
        ordered.append(placed[event.id])
    return ordered


def _recall_evidence(earlier: Event, article_id: str, mention: Entity, material: StoryMaterial) -> str:
    sentence = next((s.text for s in material.sentences.get(article_id, []) if s.index == mention.sentence), "")
    quoted = sentence if len(sentence) <= 100 else sentence[:99].rsplit(" ", 1)[0] + " …"
    return f"after '{earlier.title or earlier.id}': article {article_id} recalls {mention.text}: \"{quoted}\""
