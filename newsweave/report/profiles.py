"""Actor profiles across stories: one person or organisation's roles over time, stories, quotes
and the actors who appear with them. The HTML report and the web UI both show these.

An actor is identified across stories by the key of its name (:func:`~newsweave.text.names.name_key`:
case, diacritics and punctuation folded), the same key the store's ``story_actors`` table holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from newsweave.records import Story
from newsweave.text.names import name_key


@dataclass
class ActorProfile:
    """An actor gathered from the stories that name it."""

    key: str
    name: str = ""
    type: str = ""
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    roles: list[dict[str, Any]] = field(default_factory=list)  # title, as_of, citations, story, story_title
    stories: list[dict[str, Any]] = field(default_factory=list)  # id, title, first_date, last_date, articles
    quotes: list[dict[str, Any]] = field(default_factory=list)  # speaker, text, kind, citations, story
    related: list[dict[str, Any]] = field(default_factory=list)  # key, name, type, stories

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def actor_profiles(stories: Iterable[Story], keys: set[str] | None = None, related: int = 12) -> list[ActorProfile]:
    """Profiles of the actors of ``stories`` (only those in ``keys`` when given), most stories first."""
    stories = list(stories)
    profiles: dict[str, ActorProfile] = {}
    names: dict[str, Counter[str]] = {}
    types: dict[str, Counter[str]] = {}
    together: dict[str, Counter[str]] = {}
    display: dict[str, tuple[str, str]] = {}
    for story in stories:
        story_keys = {name_key(a.name): a for a in story.actors}
        story_keys.pop("", None)
        for key, actor in story_keys.items():
            display.setdefault(key, (actor.name, actor.type))
        for key, actor in story_keys.items():
            if keys is not None and key not in keys:
                continue
            profile = profiles.setdefault(key, ActorProfile(key))
            names.setdefault(key, Counter())[actor.name] += actor.mentions
            types.setdefault(key, Counter())[actor.type] += actor.mentions
            profile.mentions += actor.mentions
            profile.aliases = sorted(set(profile.aliases) | set(actor.aliases))
            profile.stories.append(
                {
                    "id": story.id,
                    "title": story.title,
                    "first_date": story.first_date,
                    "last_date": story.last_date,
                    "articles": len(story.article_ids),
                    "mentions": actor.mentions,
                }
            )
            for role in actor.roles:
                profile.roles.append(
                    {
                        "title": role.title,
                        "as_of": role.as_of,
                        "citations": [c.as_dict() for c in role.citations],
                        "story": story.id,
                        "story_title": story.title,
                    }
                )
            spellings = {name_key(n) for n in (actor.name, *actor.aliases)}
            for quote in story.quotes:
                if quote.speaker and name_key(quote.speaker) in spellings:
                    profile.quotes.append(
                        {
                            "speaker": quote.speaker,
                            "text": quote.text,
                            "kind": quote.kind,
                            "citations": [c.as_dict() for c in quote.citations],
                            "story": story.id,
                            "story_title": story.title,
                        }
                    )
            together.setdefault(key, Counter()).update(k for k in story_keys if k != key)
    for key, profile in profiles.items():
        profile.name = names[key].most_common(1)[0][0]
        profile.type = types[key].most_common(1)[0][0]
        profile.aliases = [a for a in profile.aliases if a != profile.name]
        profile.roles.sort(key=lambda r: (r["as_of"] or "9999", r["title"]))
        profile.stories.sort(key=lambda s: s["last_date"] or "", reverse=True)
        profile.related = [
            {"key": other, "name": display[other][0], "type": display[other][1], "stories": n}
            for other, n in together[key].most_common(related)
        ]
    return sorted(profiles.values(), key=lambda p: (-len(p.stories), -p.mentions, p.key))
