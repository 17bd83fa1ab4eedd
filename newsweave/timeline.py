"""Timeline stage: the story's dated events, each with the sentence that best tells it.

An event's date is the date it happened: a day- or month-precise temporal expression of
the sentence resolved against the article's date (see :mod:`newsweave.dates`); a lead
sentence without one is dated by its article's publication date. Dates are ranked by how
many articles refer to them; for each kept date the most central of its sentences (TF-IDF
cosine) is chosen and cites every other article that tells the same event that day.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .config import Config
from .records import Citation, Sentence, StoryMaterial, TimelineEntry
from .similarity import tfidf_matrix

_SAME_EVENT = 0.2
_MAX_WORDS = 70


def dated_sentences(material: StoryMaterial) -> list[tuple[str, Sentence]]:
    """(date, sentence) pairs: explicit day/month dates, else the lead at the article's date."""
    pairs: list[tuple[str, Sentence]] = []
    for article in material.articles:
        dates_by_sentence: dict[int, list[str]] = defaultdict(list)
        for ent in material.entities.get(article.id, []):
            value = ent.value or ""
            if ent.label == "DATE" and len(value) in (7, 10) and value[4] == "-" and "W" not in value:
                dates_by_sentence[ent.sentence].append(value)
        body = [s for s in material.sentences.get(article.id, []) if s.kind == "body"]
        for pos, sent in enumerate(body):
            if len(sent.text.split()) > _MAX_WORDS:
                continue
            values = dates_by_sentence.get(sent.index)
            if values:
                # The most precise date of the sentence; ties: the first mentioned.
                pairs.append((max(values, key=len), sent))
            elif pos == 0 and article.published:
                pairs.append((article.published, sent))
    return pairs


def build_timeline(material: StoryMaterial, config: Config) -> list[TimelineEntry]:
    """Write the story's timeline, oldest first, at most ``config.timeline_dates`` entries."""
    pairs = dated_sentences(material)
    if not pairs:
        return []
    by_date: dict[str, list[Sentence]] = defaultdict(list)
    for value, sent in pairs:
        by_date[value].append(sent)
    ranked = sorted(
        by_date.items(),
        key=lambda kv: (-len({s.article_id for s in kv[1]}), -len(kv[1]), kv[0]),
    )[: config.timeline_dates]
    entries = []
    for value, sents in ranked:
        matrix = tfidf_matrix([s.text for s in sents])
        sims = (matrix @ matrix.T).toarray() if len(sents) > 1 else np.ones((1, 1))
        centrality = sims.mean(axis=1)
        best = int(np.argmax(centrality))
        chosen = sents[best]
        cites = [Citation(chosen.article_id, chosen.index)]
        seen = {chosen.article_id}
        for j in np.argsort(-sims[best]):
            other = sents[int(j)]
            if other.article_id in seen or sims[best, j] < _SAME_EVENT:
                continue
            seen.add(other.article_id)
            cites.append(Citation(other.article_id, other.index))
        entries.append(TimelineEntry(value, chosen.text, cites))
    return sorted(entries, key=lambda e: (e.date, e.citations[0].article))
