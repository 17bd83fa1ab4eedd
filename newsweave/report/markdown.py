"""Markdown report: one section per story, citations as footnote-style references."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsweave.records import OUTLET_UNKNOWN, Citation, counted, event_when, outlets_label

if TYPE_CHECKING:
    from . import ReportData

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def md_escape(text: str) -> str:
    """Escape Markdown and HTML syntax in untrusted text."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _refs(citations: list[Citation], numbers: dict[str, int]) -> str:
    """``[1][3]``: the numbers of the cited articles in the story's article list."""
    return "".join(f"[{numbers.get(c.article, '?')}]" for c in citations)


def render_markdown(data: ReportData) -> str:
    """The whole report as Markdown."""
    out = ["# Stories", ""]
    for story in data.stories:
        numbers = {aid: i + 1 for i, aid in enumerate(story.article_ids)}
        span = " – ".join(d for d in (story.first_date, story.last_date) if d) or "undated"
        out += [
            f"## {md_escape(story.title or story.id)}",
            "",
            f"*{counted(len(story.article_ids), 'article')}, {story.outlets_line}, {span}* — `{story.id}`",
            "",
        ]
        if story.summary:
            out += ["### Summary", ""]
            for sent in story.summary:
                out.append(f"{md_escape(sent.text)} {_refs(sent.citations, numbers)}")
            out.append("")
        if story.events:
            out += [f"### Events ({len(story.events)})", ""]
            for event in story.events:
                when = event_when(event, " – ")
                n = len(event.articles)
                outlets = outlets_label([md_escape(o) for o in event.outlets], data.unknown_outlets(event.articles))
                out.append(
                    f"- **{when}** {md_escape(event.title or event.id)} — {n} article{'' if n == 1 else 's'}, {outlets}"
                )
                if not event.first_date and event.evidence:
                    out.append(f"  _Placed by its text: {md_escape('; '.join(event.evidence))}_")
                for line in event.summary:
                    out.append(f"  {md_escape(line.text)} {_refs(line.citations, numbers)}")
            out.append("")
        if story.timeline:
            out += ["### Timeline", ""]
            for entry in story.timeline:
                out.append(f"- **{entry.date}** {md_escape(entry.text)} {_refs(entry.citations, numbers)}")
            out.append("")
        if story.actors:
            out += [
                "### Actors",
                "",
                "| actor | type | roles over time | mentions | also written |",
                "|---|---|---|---|---|",
            ]
            for actor in story.actors:
                aliases = ", ".join(md_escape(a) for a in actor.aliases)
                roles = " → ".join(f"{md_escape(r.title)} ({r.as_of or 'undated'})" for r in actor.roles)
                out.append(f"| {md_escape(actor.name)} | {actor.type} | {roles} | {actor.mentions} | {aliases} |")
            out.append("")
        if story.quotes:
            out += ["### Quotes", ""]
            for quote in story.quotes:
                speaker = md_escape(quote.speaker or "speaker unknown")
                said = f"denied: {md_escape(quote.text)}" if quote.kind == "denied" else f"“{md_escape(quote.text)}”"
                out.append(f"- {said} — {speaker} {_refs(quote.citations, numbers)}")
                for variant in quote.variants:
                    said = _other_speaker(variant.speaker, quote.speaker)
                    out.append(f"  - also: “{md_escape(variant.text)}”{said} {_refs(variant.citations, numbers)}")
            out.append("")
        out += ["### Articles", ""]
        for aid in story.article_ids:
            art = data.articles.get(aid)
            if art is None:
                continue
            meta = ", ".join((art.outlet or OUTLET_UNKNOWN, art.published or "undated"))
            out.append(f"{numbers[aid]}. {md_escape(art.label)} ({md_escape(meta)})")
        out.append("")
    return "\n".join(out)


def _other_speaker(variant: str | None, statement: str | None) -> str:
    """ " — SPEAKER" for a wording whose own article gives it another speaker than the statement's
    (" — speaker unknown" when it gives none), else nothing."""
    return "" if variant == statement else f" — {md_escape(variant or 'speaker unknown')}"
