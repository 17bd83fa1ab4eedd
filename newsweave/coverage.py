"""Coverage: what most outlets report, what only one does, and where they disagree.

A claim is a body sentence of an article (the first ``claim_sentences`` of each, where news puts
its facts). Claims that state the same fact in different articles form a group: a claim joins
the group whose first claim it matches best, by meaning (embedding cosine ≥ ``claim_threshold``)
or by words (most of the shorter one's content words). A group's outlets are the distinct
outlets of its articles (an article without an outlet counts as its own source).

Disagreements are flagged, not judged: claims of different articles about the same thing that
give different numbers for it ("10 Iranians were arrested" / "eight Iranians were arrested"),
each side cited.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from .config import Config
from .records import Citation, Sentence, StoryMaterial
from .similarity import SentenceVectors

_MIN_WORDS, _MAX_WORDS = 6, 60
_WORD_MATCH = 0.6


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    data = json.loads(resources.files("newsweave.rules").joinpath("counts_en.json").read_text("utf-8"))
    data["canonical"] = {word: key for key, words in data["same_thing"].items() for word in words}
    words = "|".join(sorted(data["number_words"], key=len, reverse=True))
    scale = "|".join(data["magnitudes"])
    data["pattern"] = re.compile(
        rf"\b(?P<num>\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|{words})(?:\s+(?P<scale>{scale}))?\s+(?P<noun>[a-z][a-z-]{{2,}})\b",
        re.IGNORECASE,
    )
    return data


_CONTENT = re.compile(r"[a-z][a-z'-]{2,}")


@dataclass
class ClaimGroup:
    """Claims of several articles that state one fact."""

    members: list[Sentence] = field(default_factory=list)
    outlets: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return self.members[0].text

    @property
    def citations(self) -> list[Citation]:
        seen: set[str] = set()
        cites = []
        for sent in self.members:
            if sent.article_id not in seen:
                seen.add(sent.article_id)
                cites.append(Citation(sent.article_id, sent.index))
        return cites


def claims_of(material: StoryMaterial, per_article: int) -> list[Sentence]:
    """The candidate claims: early body sentences of reasonable length, article by article."""
    out = []
    for article in material.articles:
        body = [s for s in material.sentences.get(article.id, []) if s.kind == "body"]
        out += [s for s in body[:per_article] if _MIN_WORDS <= len(s.text.split()) <= _MAX_WORDS]
    return out


def _content_words(text: str) -> set[str]:
    from .annotate import _stop_words

    stop = _stop_words()
    return {w for w in _CONTENT.findall(text.lower()) if w not in stop}


def group_claims(material: StoryMaterial, vectors: SentenceVectors, config: Config) -> list[ClaimGroup]:
    """Group the story's claims that state the same fact, most outlets first."""
    claims = claims_of(material, config.claim_sentences)[: config.max_claims]
    if not claims:
        return []
    return _group(claims, vectors.matrix(claims), material, config)


def _group(claims: list[Sentence], matrix: Any, material: StoryMaterial, config: Config) -> list[ClaimGroup]:
    outlet_of = {a.id: (a.outlet or f"source:{a.id}") for a in material.articles}
    words = [_content_words(s.text) for s in claims]
    groups: list[ClaimGroup] = []
    heads: list[int] = []
    for i, sent in enumerate(claims):
        best, best_score = -1, 0.0
        if heads:
            sims = matrix[heads] @ matrix[i]
            for g, head in enumerate(heads):
                if any(m.article_id == sent.article_id for m in groups[g].members):
                    continue
                score = float(sims[g])
                shorter = min(len(words[i]), len(words[head])) or 1
                lexical = len(words[i] & words[head]) / shorter
                if (score >= config.claim_threshold or lexical >= _WORD_MATCH) and max(score, lexical) > best_score:
                    best, best_score = g, max(score, lexical)
        if best < 0:
            groups.append(ClaimGroup())
            heads.append(i)
            best = len(groups) - 1
        groups[best].members.append(sent)
        groups[best].outlets.add(outlet_of[sent.article_id])
    return sorted(groups, key=lambda g: (-len(g.outlets), -len(g.members), g.members[0].article_id))


def counts(text: str) -> dict[str, float]:
    """Numbers given for things in a sentence: {"iranian": 10.0, "people": 2400.0}."""
    rules = _rules()
    found: dict[str, float] = {}
    for m in rules["pattern"].finditer(text):
        noun = m.group("noun").lower()
        noun = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
        if noun in rules["unit_nouns"] or noun in rules["magnitudes"]:
            continue
        noun = rules["canonical"].get(noun, noun)
        raw = m.group("num").lower()
        value = float(rules["number_words"][raw]) if raw in rules["number_words"] else float(raw.replace(",", ""))
        if m.group("scale"):
            value *= rules["magnitudes"][m.group("scale").lower()]
        found.setdefault(noun, value)
    return found


def disagreements(claims: list[Sentence], matrix: Any, close: float = 0.6) -> list[dict[str, object]]:
    """Claims of different articles about the same thing (embedding cosine ≥ ``close``) that
    give different numbers for it: "10 Iranians were arrested" / "eight Iranians were held"."""
    by_noun: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, sent in enumerate(claims):
        for noun, value in counts(sent.text).items():
            by_noun[noun].append((i, value))
    out: list[dict[str, object]] = []
    for noun, items in sorted(by_noun.items()):
        if len({v for _, v in items}) < 2:
            continue
        sides: dict[float, list[int]] = defaultdict(list)
        for a, (i, vi) in enumerate(items):
            for j, vj in items[a + 1 :]:
                if vi == vj or claims[i].article_id == claims[j].article_id:
                    continue
                if float(matrix[i] @ matrix[j]) >= close:
                    for k, v in ((i, vi), (j, vj)):
                        if k not in sides[v]:
                            sides[v].append(k)
        if len(sides) >= 2:
            out.append(
                {
                    "about": f"number of {noun}" if noun == "people" else f"number of {noun}s",
                    "sides": [
                        {
                            "text": claims[ks[0]].text,
                            "citations": [_cite(Citation(claims[k].article_id, claims[k].index)) for k in ks],
                        }
                        for _, ks in sorted(sides.items())
                    ],
                }
            )
    return out


def coverage(material: StoryMaterial, vectors: SentenceVectors, config: Config) -> dict[str, object]:
    """The story's claims (most reported first), each outlet's unique claims, disagreements,
    and the outlet × claim matrix of the most reported claims."""
    claims = claims_of(material, config.claim_sentences)[: config.max_claims]
    matrix = vectors.matrix(claims) if claims else None
    groups = _group(claims, matrix, material, config) if claims else []
    outlets = sorted({o for g in groups for o in g.outlets})
    shared = [g for g in groups if len(g.outlets) >= 2]
    unique: dict[str, list[ClaimGroup]] = defaultdict(list)
    if len(outlets) >= 2:
        for group in groups:
            if len(group.outlets) == 1:
                (outlet,) = group.outlets
                if len(unique[outlet]) < config.unique_claims:
                    unique[outlet].append(group)
    top = shared[: config.max_shared_claims]
    return {
        "claims": [_claim(g) for g in top],
        "unique": {outlet: [_claim(g) for g in items] for outlet, items in sorted(unique.items())},
        "disagreements": disagreements(claims, matrix) if claims else [],
        "matrix": {
            "outlets": outlets,
            "claims": [g.text for g in top],
            "reports": [[int(o in g.outlets) for g in top] for o in outlets],
        },
    }


def _cite(citation: Citation) -> dict[str, object]:
    return {"article": citation.article, "sentence": citation.sentence}


def _claim(group: ClaimGroup) -> dict[str, object]:
    return {"text": group.text, "outlets": sorted(group.outlets), "citations": [_cite(c) for c in group.citations]}


def outlet_count(citations: list[Citation], material: StoryMaterial) -> int:
    """How many distinct outlets the cited articles come from."""
    outlet_of = {a.id: (a.outlet or f"source:{a.id}") for a in material.articles}
    return len({outlet_of.get(c.article, c.article) for c in citations})
