"""Coverage: what most outlets report, what only one does, and where they disagree.

A claim is a body sentence of an article (the first ``claim_sentences`` of each, where news puts
its facts), or each clause of one that joins two independent clauses ("…, and prosecutors said
…": :mod:`newsweave.text.clauses`), since outlets often report such facts apart. Claims that state
the same fact in different articles form a group: a claim joins the group whose first claim it
matches best, by meaning (embedding cosine ≥ ``claim_threshold``) or by words (at least
``claim_word_match`` of the shorter one's content words; by default all of them). Both
thresholds were measured on labelled pairs (``benchmarks/claim_pairs.py``). A match by meaning
below ``claim_sure`` needs more evidence, a shared subject or shared words (:func:`one_fact`):
on real pairs of one event, close wordings are as often two facts as one
(``benchmarks/claimdiff.py``). With ``claim_model`` (the default) a learned model decides
instead between its cosine floor and ``claim_sure``, from the cosine, shared words, names and
numbers, negation, lengths and the parse's subjects
(:mod:`newsweave.synthesize.claim_model`), when the parse is given (it was trained with it). A group's outlets
are the distinct outlets of its articles (an article without an outlet counts as its own
source).

Disagreements are flagged, not judged (:mod:`newsweave.synthesize.disagreements`): numbers, dates, titles
and attributions that different articles give differently for the same thing, each side cited.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsweave.config import SynthesizeSettings
from newsweave.records import (
    Actor,
    Article,
    Citation,
    Claim,
    Coverage,
    CoverageMatrix,
    Sentence,
    StoryMaterial,
    StoryQuote,
    outlet_key,
)
from newsweave.synthesize.claim_model import ClaimFacts, claim_facts, load_claim_model, pair_features
from newsweave.synthesize.disagreements import attribution_conflicts, date_conflicts, number_conflicts, title_conflicts
from newsweave.synthesize.echoes import Echoes
from newsweave.synthesize.similarity import SentenceVectors
from newsweave.text.clauses import SplitFn
from newsweave.text.dates import parse_iso
from newsweave.text.parse import Parse, Tok
from newsweave.text.words import content_words

_MIN_WORDS, _MAX_WORDS = 6, 60


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


def most_reported_first(articles: Sequence[Article], events: Sequence[Sequence[str]]) -> list[Article]:
    """``articles`` ordered for comparing claims: the articles of the event reported by the most
    outlets first (then the most articles, then the earliest), each event's together; articles in
    no event of ``events`` (lists of article ids) last, in their order. Claims of one happening
    are what outlets can agree or differ on, and a long story's most covered happenings are what a
    reader compares first, not its oldest articles."""
    by_id = {a.id: a for a in articles}
    groups = [[by_id[i] for i in event if i in by_id] for event in events]
    groups = [g for g in groups if g]
    position = {a.id: k for k, a in enumerate(articles)}
    groups.sort(key=lambda g: (-len({outlet_key(a) for a in g}), -len(g), min(position[a.id] for a in g)))
    ordered = [a for g in groups for a in sorted(g, key=lambda a: position[a.id])]
    placed = {a.id for a in ordered}
    return ordered + [a for a in articles if a.id not in placed]


def claims_of(
    material: StoryMaterial,
    per_article: int,
    split: SplitFn | None = None,
    limit: int | None = None,
    events: Sequence[Sequence[str]] | None = None,
) -> list[Sentence]:
    """The candidate claims: early body sentences of reasonable length, article by article;
    with ``split`` (:meth:`ClauseSplitter.split`), each clause of a sentence that has several.

    With ``limit``, ``limit`` of them: when there are more, every article's first sentence, then
    every article's second, and so on (:func:`_breadth_first`); as a sentence gives one claim or
    more, only those are split, and their clauses are cut to ``limit`` the same way. With
    ``events`` (the story's events, as lists of article ids) the articles are read most reported
    event first (:func:`most_reported_first`), else in their order; the claims come article by
    article in that order."""
    articles = material.articles if events is None else most_reported_first(material.articles, events)
    eligible = []
    for article in articles:
        body = [s for s in material.sentences.get(article.id, []) if s.kind == "body"]
        eligible.append([s for s in body[:per_article] if _MIN_WORDS <= len(s.text.split()) <= _MAX_WORDS])
    sentences = [s for found in eligible for s in found]
    if limit is not None and len(sentences) > limit:
        sentences = _breadth_first(eligible, limit)
    if split is None:
        return sentences
    out = []
    for sent, spans in zip(sentences, split([s.text for s in sentences]), strict=True):
        if len(spans) == 1:
            out.append(sent)
            continue
        for part, (a, b) in enumerate(spans, 1):
            text = sent.text[a:b]
            out.append(Sentence(sent.article_id, sent.index, text, sent.kind, sent.start + a, sent.start + b, part))
    if limit is None or len(out) <= limit:
        return out
    # more clauses than claims: every article's first clause of its first sentence, then every
    # article's second clause of it, …, before any second sentence's
    place = {(s.article_id, s.index): (depth, k) for k, found in enumerate(eligible) for depth, s in enumerate(found)}

    def rank(i: int) -> tuple[int, int, int]:
        depth, k = place[(out[i].article_id, out[i].index)]
        return depth, out[i].part, k

    ranked = sorted(range(len(out)), key=rank)
    return [out[i] for i in sorted(ranked[:limit])]


def _breadth_first(eligible: list[list[Sentence]], limit: int) -> list[Sentence]:
    """``limit`` sentences of the articles' lists ``eligible``: every article's first, then every
    article's second, and so on (so that a story of many articles is compared over all of them,
    not over its first few), returned article by article."""
    picked: list[tuple[int, int]] = []
    for depth in range(max(map(len, eligible), default=0)):
        for k, found in enumerate(eligible):
            if depth < len(found) and len(picked) < limit:
                picked.append((k, depth))
    return [eligible[k][depth] for k, depth in sorted(picked)]


def word_match(a: set[str], b: set[str]) -> float:
    """Share of the shorter claim's content words that the other claim has too."""
    return len(a & b) / (min(len(a), len(b)) or 1)


def group_claims(
    material: StoryMaterial,
    vectors: SentenceVectors,
    config: SynthesizeSettings,
    split: SplitFn | None = None,
    parse: Parse | None = None,
) -> list[ClaimGroup]:
    """Group the story's claims that state the same fact, most outlets first (``split``: see
    :func:`claims_of`; ``parse``: the dependency parse of claims whose match is not sure, whose
    subjects feed the same-fact model (``claim_model``), or without the model the
    subjects :func:`one_fact` asks for; without ``parse`` the model is not used)."""
    claims = claims_of(material, config.claim_sentences, split, config.max_claims)
    if not claims:
        return []
    return _group(claims, vectors.matrix(claims), material, config, parse)


def subject_words(toks: list[Tok]) -> set[str]:
    """The lower-cased subjects of a clause's main verb ("Regulators approved …" -> {"regulators"})."""
    roots = {t.i for t in toks if t.dep == "ROOT"}
    return {t.text.lower() for t in toks if t.head in roots and t.dep in ("nsubj", "nsubjpass") and t.i not in roots}


def one_fact(
    cosine: float, a: set[str], b: set[str], subjects: tuple[set[str], set[str]] | None, config: SynthesizeSettings
) -> bool:
    """Whether two claims whose cosine reached ``claim_threshold`` state one fact: surely from
    ``claim_sure`` on, else only if their content words ``a``, ``b`` overlap by ``claim_jaccard``
    (Jaccard) or they share a subject (``subjects``, when parsed): two facts of one event match as
    closely as two wordings of one fact do."""
    if cosine >= config.claim_sure:
        return True
    if len(a & b) / (len(a | b) or 1) >= config.claim_jaccard:
        return True
    return bool(subjects and subjects[0] & subjects[1])


def _band_subjects(claims: list[Sentence], matrix: Any, floor: float, sure: float, parse: Parse) -> dict[int, set[str]]:
    """The parsed subjects (:func:`subject_words`) of the claims that have a claim of
    another article at a cosine between ``floor`` and ``sure`` (those the same-fact model may
    score), parsed in one batch."""
    sims = np.asarray(matrix @ matrix.T)
    article = np.array([s.article_id for s in claims])
    band = (sims >= floor) & (sims < sure) & (article[:, None] != article[None, :])
    todo = [int(k) for k in np.flatnonzero(band.any(axis=1))]
    if not todo:
        return {}
    return {k: subject_words(toks) for k, toks in zip(todo, parse([claims[k].text for k in todo]), strict=True)}


def _group(
    claims: list[Sentence],
    matrix: Any,
    material: StoryMaterial,
    config: SynthesizeSettings,
    parse: Parse | None = None,
) -> list[ClaimGroup]:
    outlet_of = {a.id: outlet_key(a) for a in material.articles}
    words = [content_words(s.text) for s in claims]
    parsed: dict[int, set[str]] = {}

    def subjects(i: int, j: int) -> tuple[set[str], set[str]] | None:
        if parse is None:
            return None
        todo = [k for k in (i, j) if k not in parsed]
        for k, toks in zip(todo, parse([claims[k].text for k in todo]), strict=True):
            parsed[k] = subject_words(toks)
        return parsed[i], parsed[j]

    # The same-fact model was trained with the parse's subjects: without the parse,
    # the cosine gate (one_fact) decides.
    model = load_claim_model() if config.claim_model and parse is not None else None
    threshold = 0.0
    facts: list[ClaimFacts] = []
    subjects_of: dict[int, set[str]] = {}
    if model is not None and parse is not None:
        threshold = model.threshold if config.claim_model_threshold is None else config.claim_model_threshold
        facts = [claim_facts(s.text, w) for s, w in zip(claims, words, strict=True)]
        subjects_of = _band_subjects(claims, matrix, model.floor, config.claim_sure, parse)

    def learned(i: int, j: int, score: float) -> bool:
        assert model is not None
        if score < model.floor:
            return False
        missing = [k for k in (i, j) if k not in subjects_of]  # only at the band's edge, by rounding
        if missing and parse is not None:
            subjects_of.update(zip(missing, map(subject_words, parse([claims[k].text for k in missing])), strict=True))
        features = pair_features(score, facts[i], facts[j], (subjects_of[i], subjects_of[j]))
        return model.probability(features) >= threshold

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
                lexical = word_match(words[i], words[head])
                if model is not None:
                    matched = (
                        lexical >= config.claim_word_match or score >= config.claim_sure or learned(i, head, score)
                    )
                else:
                    matched = lexical >= config.claim_word_match or (
                        score >= config.claim_threshold
                        and one_fact(
                            score,
                            words[i],
                            words[head],
                            subjects(i, head) if score < config.claim_sure else None,
                            config,
                        )
                    )
                if matched and max(score, lexical) > best_score:
                    best, best_score = g, max(score, lexical)
        if best < 0:
            groups.append(ClaimGroup())
            heads.append(i)
            best = len(groups) - 1
        groups[best].members.append(sent)
        groups[best].outlets.add(outlet_of[sent.article_id])
    return sorted(groups, key=lambda g: (-len(g.outlets), -len(g.members), g.members[0].article_id))


def coverage(
    material: StoryMaterial,
    vectors: SentenceVectors,
    config: SynthesizeSettings,
    actors: list[Actor] | None = None,
    quotes: list[StoryQuote] | None = None,
    split: SplitFn | None = None,
    parse: Parse | None = None,
    events: Sequence[Sequence[str]] | None = None,
) -> Coverage:
    """The story's claims (most reported first), each outlet's unique claims, disagreements
    (numbers and dates of claims; titles of ``actors``; attributions of ``quotes``: see
    :mod:`newsweave.synthesize.disagreements`), and the outlet × claim matrix of the most reported claims.
    ``split`` divides sentences into clauses; ``events`` orders the articles whose claims are
    compared (:func:`claims_of`)."""
    claims = claims_of(material, config.claim_sentences, split, config.max_claims, events)
    matrix = vectors.matrix(claims) if claims else None
    groups = _group(claims, matrix, material, config, parse) if claims else []
    outlets = sorted({o for g in groups for o in g.outlets})
    shared = [g for g in groups if len(g.outlets) >= 2]
    unique: dict[str, list[ClaimGroup]] = defaultdict(list)
    outlet_of = {a.id: outlet_key(a) for a in material.articles}
    claim_outlets = {id(claim): outlet_of[claim.article_id] for claim in claims}
    if len(outlets) >= 2:
        echoes = Echoes(material, outlet_of, share=config.unique_echo_share)
        for group in groups:
            if len(group.outlets) == 1:
                (outlet,) = group.outlets
                if (
                    len(unique[outlet]) < config.unique_claims
                    and _alone(group, claim_outlets, matrix, config)
                    and not _echoed(group, outlet, echoes, claims, matrix, vectors, config)
                ):
                    unique[outlet].append(group)
    top = shared[: config.max_shared_claims]
    return Coverage(
        claims=[_claim(g) for g in top],
        unique={outlet: [_claim(g) for g in items] for outlet, items in sorted(unique.items())},
        disagreements=(
            number_conflicts(
                claims,
                matrix,
                dates={a.id: parse_iso(a.published) for a in material.articles},
                tally_close=config.tally_close,
                outlets={a.id: outlet_key(a) for a in material.articles},
            )
            if claims
            else []
        )
        + date_conflicts([g.members for g in groups if len(g.members) > 1], material)
        + title_conflicts(actors or [], material)
        + attribution_conflicts(quotes or []),
        matrix=CoverageMatrix(
            outlets=outlets,
            claims=[g.text for g in top],
            reports=[[int(o in g.outlets) for g in top] for o in outlets],
        ),
    )


def _alone(group: ClaimGroup, claim_outlets: dict[int, str], matrix: Any, config: SynthesizeSettings) -> bool:
    """Whether no other outlet's claim comes near the one outlet's ``group``: its embedding cosine
    to each stays below ``config.unique_claim_ceiling``. Grouping asks for one fact and misses
    many rewordings; saying that only one outlet reports a fact needs the stronger evidence
    that nobody else writes anything like it. ``claim_outlets``: each claim's outlet, by the
    claim's ``id``, in the order of ``matrix``'s rows."""
    if config.unique_claim_ceiling >= 1.0:
        return True
    (outlet,) = group.outlets
    rows = {key: k for k, key in enumerate(claim_outlets)}
    own = [rows[id(m)] for m in group.members]
    others = [k for k, claim_outlet in enumerate(claim_outlets.values()) if claim_outlet != outlet]
    if not others:
        return True
    return float((matrix[others] @ matrix[own].T).max()) < config.unique_claim_ceiling


def _echoed(
    group: ClaimGroup,
    outlet: str,
    echoes: Echoes,
    claims: list[Sentence],
    matrix: Any,
    vectors: SentenceVectors,
    config: SynthesizeSettings,
) -> bool:
    """Whether another outlet words the one outlet's ``group`` nearly alike somewhere in its
    articles, past the claims compared (:class:`Echoes`; cosine ``unique_echo_ceiling``, 1.0: not
    looked for)."""
    if config.unique_echo_ceiling >= 1.0:
        return False
    rows = {id(claim): k for k, claim in enumerate(claims)}
    own = matrix[[rows[id(m)] for m in group.members]]
    return echoes.of(group.text, outlet, own, vectors.matrix, config.unique_echo_ceiling) is not None


def _claim(group: ClaimGroup) -> Claim:
    return Claim(group.text, sorted(group.outlets), list(group.citations))


def outlet_count(citations: list[Citation], material: StoryMaterial) -> int:
    """How many distinct outlets the cited articles come from."""
    outlet_of = {a.id: outlet_key(a) for a in material.articles}
    return len({outlet_of.get(c.article, c.article) for c in citations})
