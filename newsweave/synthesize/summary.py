"""Summary stage: an extractive multi-source summary whose sentences cite every supporting article.

Method: candidate body sentences (the first ``candidate_sentences`` of each article, of
reasonable length) are scored by closeness to the story's centroid, by how many other
articles report the same content, and by position; a maximal-marginal-relevance pass picks
them under the word budget (N words ± 10 %), skipping near-duplicates; none is picked before what
it leans on is introduced by one picked before it (the first never refers back: "The statement
said …", "However, …"; no later one says "he", "the company" or a surname alone, nor "I" outside
quotes, unintroduced: :mod:`newsweave.synthesize.introduced`), unless none else fits the budget.
Each picked sentence then cites every article with a sentence that says the same
(:class:`Citer`): with ``citation_vectors`` "sentence" (the default), by the article's sentence
closest to it by the sentence vectors the store keeps (the transformer, not the static summary
vectors that choose the sentences: their cosine follows shared names, not shared facts), unless it
gives another figure for the same thing (:func:`counts_differ`) or, with the parse, its main
clause names another subject (:func:`subjects_differ`: "Kestrel claimed responsibility" does not
support "Red Dawn claimed responsibility"); from the citation model's cosine floor, when the
model (:mod:`newsweave.synthesize.citation_model`: that cosine, the words of the sentence the
article and its closest sentence hold …) gives it the chosen probability (``citation_model``),
else from ``citation_threshold``. Measured on DUC pairs read by hand (``benchmarks/citations.py``). The summary
is ordered by time, each sentence after those that introduce what it leans on (rule data
``rules/openers_en.json``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from newsweave.config import SynthesizeSettings
from newsweave.records import Citation, Sentence, StoryMaterial, SummarySentence
from newsweave.synthesize.citation_model import ArticleReading, StoryReading, load_citation_model
from newsweave.synthesize.introduced import Introductions, StoryNames, is_dangling, leaning, place
from newsweave.synthesize.parse_tree import children, subtree
from newsweave.synthesize.similarity import SentenceVectors
from newsweave.synthesize.tallies import Count, counts, relation, updates
from newsweave.synthesize.titles import name_titles
from newsweave.text.dates import parse_iso
from newsweave.text.eventdate import reporting_verbs
from newsweave.text.parse import Parse, Tok
from newsweave.text.tfidf import tfidf_rows

_MIN_WORDS, _MAX_WORDS = 6, 60
_LEXICAL_SUPPORT = 0.5
_FILL = 0.15  # weight of filling the rest of a word budget, against the MMR value
_SLACK = 0.1  # a word budget of N gives N words ± 10 %


def candidates(material: StoryMaterial, per_article: int) -> list[Sentence]:
    """Body sentences that may enter a summary."""
    chosen: list[Sentence] = []
    for article in material.articles:
        body = [s for s in material.sentences.get(article.id, []) if s.kind == "body"]
        for sent in body[:per_article]:
            words = len(sent.text.split())
            if _MIN_WORDS <= words <= _MAX_WORDS and not sent.text.rstrip().endswith("?"):
                chosen.append(sent)
    return chosen


def prefilter(material: StoryMaterial, pool: list[Sentence], limit: int) -> list[Sentence]:
    """Keep the ``limit`` candidates closest to the story's TF-IDF centroid, weighted by position.

    Cheap, so that only these are embedded: on a story of hundreds of articles the
    embedding model would otherwise dominate the run time.
    """
    if len(pool) <= limit:
        return pool
    matrix = tfidf_rows([s.text for s in pool])
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    centroid /= np.linalg.norm(centroid) or 1.0
    score = (matrix @ centroid) * _position_prior(material, pool)
    keep = sorted(np.argsort(-score)[:limit])
    return [pool[i] for i in keep]


def _position_prior(material: StoryMaterial, pool: list[Sentence]) -> np.ndarray:
    rank: dict[tuple[str, int], int] = {}
    for article in material.articles:
        body = [s for s in material.sentences.get(article.id, []) if s.kind == "body"]
        for pos, sent in enumerate(body):
            rank[(sent.article_id, sent.index)] = pos
    return np.array([1.0 / np.sqrt(1 + rank[(s.article_id, s.index)]) for s in pool])


def counts_differ(a: str, b: str, date_a: date | None = None, date_b: date | None = None) -> bool:
    """Whether two sentences count one thing differently, one telling a conflicting or an updated
    figure (:func:`newsweave.synthesize.tallies.relation`: "23 pirates were captured" / "26
    pirates were captured"): the one does not support the other's figure."""
    mine = {c.thing: c for c in _counts(a)}
    if not mine:
        return False
    for count in _counts(b):
        other = mine.get(count.thing)
        if (
            other is not None
            and other.value != count.value
            and relation(other, count, date_a, date_b, _updates(a), _updates(b)) in ("conflict", "update")
        ):
            return True
    return False


@lru_cache(maxsize=4096)
def _counts(text: str) -> tuple[Count, ...]:
    return tuple(counts(text))


@lru_cache(maxsize=4096)
def _updates(text: str) -> bool:
    return updates(text)


def support(
    picked: Sentence,
    picked_vec: np.ndarray,
    pool: list[Sentence],
    pool_vecs: np.ndarray,
    lexical: np.ndarray | None,
    threshold: float,
    differs: Callable[[int], bool] | None = None,
) -> list[Citation]:
    """The sentence itself first, then the best matching sentence of each other article (cosine
    ≥ ``threshold``, or TF-IDF cosine ≥ 0.5 when ``lexical`` is given); a sentence ``differs``
    refuses (another figure, another subject) supports nothing."""
    best: dict[str, tuple[float, int]] = {}
    sims = pool_vecs @ picked_vec
    for j, sent in enumerate(pool):
        if sent.article_id == picked.article_id:
            continue
        score = float(sims[j])
        lex = float(lexical[j]) if lexical is not None else 0.0
        if (score >= threshold or lex >= _LEXICAL_SUPPORT) and not (differs is not None and differs(j)):
            strength = max(score, lex)
            if strength > best.get(sent.article_id, (-1.0, 0))[0]:
                best[sent.article_id] = (strength, sent.index)
    cites = [Citation(picked.article_id, picked.index)]
    cites += [Citation(a, idx) for a, (_, idx) in sorted(best.items(), key=lambda kv: -kv[1][0])]
    return cites


def subject_names(toks: list[Tok]) -> frozenset[str]:
    """The names (proper nouns, lower case, title words left out) in the subject of what a parsed
    sentence claims: the subject of its main verb, or, when the main verb reports the clause before
    it ("Kestrel claimed responsibility, police said"), the subject of that clause."""
    root = next((t for t in toks if t.dep == "ROOT"), None)
    if root is None:
        return frozenset()
    kids = children(toks)
    head = root
    if root.text.lower() in reporting_verbs():
        said = [t for t in kids[root.i] if t.dep == "ccomp" and t.i < root.i]
        head = said[0] if said else root
    titles = name_titles()
    names: set[str] = set()
    for subject in (t for t in kids[head.i] if t.dep in ("nsubj", "nsubjpass")):
        for k in subtree(toks, kids, subject.i):
            t = toks[k]
            word = t.text.lower()
            if t.tag in ("NNP", "NNPS") and word not in titles and word.rstrip(".") not in titles:
                names.add(word)
    return frozenset(names)


def subjects_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two claims' subjects (:func:`subject_names`) both name someone and share no name:
    one actor's claim does not support another's ("Orlen offered to mediate" / "Vendal met Sorek
    to defuse the tension")."""
    return bool(a and b and not a & b)


def _near(pool: list[Sentence], matrix: np.ndarray, i: int, threshold: float) -> list[str]:
    """``pool[i]`` and the sentences of other articles that come within ``threshold`` of it: the
    texts whose subjects its citations read (none when no other article's sentence is that near)."""
    close = np.nonzero(matrix @ matrix[i] >= threshold)[0]
    near = [pool[j].text for j in close if pool[j].article_id != pool[i].article_id]
    return [pool[i].text, *near] if near else []


def _citation_mode(config: SynthesizeSettings) -> bool:
    """Whether the summary vectors decide citations (``citation_vectors`` "summary")."""
    if config.citation_vectors not in ("sentence", "summary"):
        raise ValueError(f"citation_vectors must be 'sentence' or 'summary', not {config.citation_vectors!r}")
    return config.citation_vectors == "summary"


class Citer:
    """What cites the articles that support ``pool[i]``, for each picked ``i`` (:func:`support`),
    called as ``citer(i)``; the support matrix and each sentence's near texts are computed once,
    for :meth:`to_parse` and the citations alike.

    With ``citation_vectors`` "sentence": the pool's ``support_vectors`` (the sentence vectors;
    ``summary_matrix`` when not given), refusing a sentence whose figures differ
    (:func:`counts_differ`) or, with ``parse`` and ``citation_subjects``, whose subject names
    another actor (:func:`subjects_differ`); with ``citation_model``, each other article's closest
    candidate from the model's floor, cited when the model gives it ``citation_model_threshold``
    (None: the model's own), else every sentence at ``citation_threshold``; with "summary": the summary vectors at
    ``support_threshold`` or TF-IDF overlap (``lexical``, the pool's TF-IDF cosines, computed when
    not given), refusing figures that differ (the rule before citations were measured against
    articles read by hand)."""

    def __init__(
        self,
        material: StoryMaterial,
        pool: list[Sentence],
        config: SynthesizeSettings,
        summary_matrix: np.ndarray,
        support_vectors: SentenceVectors | None = None,
        parse: Parse | None = None,
        lexical: np.ndarray | None = None,
    ) -> None:
        by_summary = _citation_mode(config)
        self.pool = pool
        self.dated = {a.id: parse_iso(a.published) for a in material.articles}
        self.matrix = summary_matrix if by_summary or support_vectors is None else support_vectors.matrix(pool)
        self.threshold = config.support_threshold if by_summary else config.citation_threshold
        if not by_summary:
            lexical = None
        elif lexical is None:
            rows = tfidf_rows([s.text for s in pool])
            lexical = (rows @ rows.T).toarray()
        self.lexical = lexical
        self.parse = parse if config.citation_subjects and not by_summary else None
        self.names: dict[str, frozenset[str]] = {}
        self._near: dict[int, list[str]] = {}
        self.model = load_citation_model() if config.citation_model and not by_summary else None
        self.reading = StoryReading(pool, self.matrix) if self.model is not None else None
        self._closest: dict[int, list[tuple[int, ArticleReading]]] = {}
        if self.model is not None:
            given = config.citation_model_threshold
            self.threshold = self.model.threshold if given is None else given

    def closest(self, i: int) -> list[tuple[int, ArticleReading]]:
        """With the model: each other article whose closest candidate to ``pool[i]`` reaches the
        model's floor (:meth:`StoryReading.closest`), computed once."""
        if i not in self._closest:
            assert self.reading is not None and self.model is not None
            self._closest[i] = self.reading.closest(i, self.model.floor)
        return self._closest[i]

    def near(self, i: int) -> list[str]:
        """The texts whose subjects ``pool[i]``'s citations read, computed once: with the model,
        ``pool[i]`` and each other article's closest candidate from the model's floor; else
        :func:`_near` (none when no other article's sentence is near enough)."""
        if i not in self._near:
            if self.model is not None:
                texts = [self.pool[row].text for row, _ in self.closest(i)]
                self._near[i] = [self.pool[i].text, *texts] if texts else []
            else:
                self._near[i] = _near(self.pool, self.matrix, i, self.threshold)
        return self._near[i]

    def to_parse(self, selected: list[int]) -> list[str]:
        """The texts whose subjects the citations of the rows ``selected`` read, for a writer that
        parses a story's texts in one batch; none without the parse's subject check."""
        if self.parse is None:
            return []
        return list(dict.fromkeys(t for i in selected for t in self.near(i)))

    def _subjects(self, texts: list[str]) -> None:
        todo = list(dict.fromkeys(t for t in texts if t not in self.names))
        if todo and self.parse is not None:
            self.names.update(zip(todo, map(subject_names, self.parse(todo)), strict=True))

    def __call__(self, i: int) -> list[Citation]:
        pool, sent = self.pool, self.pool[i]
        if self.parse is not None:  # only the sentences that may support it are parsed, in one batch
            self._subjects(self.near(i))
        if self.model is not None:
            return self._modelled(i)

        def differs(j: int) -> bool:
            other = pool[j]
            if counts_differ(sent.text, other.text, self.dated.get(sent.article_id), self.dated.get(other.article_id)):
                return True
            if self.parse is None:
                return False
            self._subjects([sent.text, other.text])  # parsed above unless at the threshold's edge, by rounding
            return subjects_differ(self.names.get(sent.text, frozenset()), self.names.get(other.text, frozenset()))

        lexical = self.lexical[i] if self.lexical is not None else None
        return support(sent, self.matrix[i], pool, self.matrix, lexical, self.threshold, differs)

    def _modelled(self, i: int) -> list[Citation]:
        """``pool[i]`` itself, then each other article whose closest candidate (from the model's
        floor) neither gives another figure nor, with the parse, names another subject, and to
        which the model gives at least the threshold, by that candidate (closest first)."""
        assert self.model is not None and self.reading is not None
        sent = self.pool[i]
        cites = [Citation(sent.article_id, sent.index)]
        for row, reading in self.closest(i):
            other = self.pool[row]
            if counts_differ(sent.text, other.text, self.dated.get(sent.article_id), self.dated.get(other.article_id)):
                continue
            subjects = None
            if self.parse is not None:
                subjects = (self.names.get(sent.text, frozenset()), self.names.get(other.text, frozenset()))
                if subjects_differ(*subjects):
                    continue
            if self.model.probability(self.reading.features(i, reading, False, subjects)) >= self.threshold:
                cites.append(Citation(other.article_id, other.index))
        return cites


@dataclass
class Chosen:
    """A summary's sentences as chosen, before they cite: the candidate ``pool``, its summary vectors
    (``matrix``) and TF-IDF cosines (``lexical``), and the rows picked, in the order chosen; a
    one-article story's summary is its lead (``lead``), cited already."""

    pool: list[Sentence] = field(default_factory=list)
    matrix: np.ndarray | None = None
    lexical: np.ndarray | None = None
    selected: list[int] = field(default_factory=list)
    lead: list[SummarySentence] | None = None

    def citer(
        self,
        material: StoryMaterial,
        config: SynthesizeSettings,
        support_vectors: SentenceVectors | None = None,
        parse: Parse | None = None,
    ) -> Citer | None:
        """What cites the picked sentences (:class:`Citer`; its ``to_parse`` gives the texts whose
        subjects it reads, for a writer that parses a story's texts in one batch); None for a lead
        or an empty summary."""
        if self.lead is not None or self.matrix is None or not self.selected:
            return None
        return Citer(material, self.pool, config, self.matrix, support_vectors, parse, self.lexical)


def summarize(
    material: StoryMaterial,
    vectors: SentenceVectors,
    config: SynthesizeSettings,
    words: int | None = None,
    sentences: int | None = None,
    *,
    support_vectors: SentenceVectors | None = None,
    parse: Parse | None = None,
) -> list[SummarySentence]:
    """Write the cited summary of one story: about ``words`` words, or exactly ``sentences`` sentences.

    ``vectors`` choose the sentences (:func:`choose`); ``support_vectors`` (the sentence vectors the
    store keeps; ``vectors`` when not given) decide which articles each one cites, with ``parse``
    for their subjects (:class:`Citer`, :func:`write`). ``sentences`` (or ``config.summary_sentences``)
    wins over the word budget when given.
    """
    chosen = choose(material, vectors, config, words, sentences)
    return write(chosen, material, config, support_vectors=support_vectors, parse=parse)


def write(
    chosen: Chosen,
    material: StoryMaterial,
    config: SynthesizeSettings,
    *,
    support_vectors: SentenceVectors | None = None,
    parse: Parse | None = None,
    citer: Citer | None = None,
) -> list[SummarySentence]:
    """The chosen sentences, each citing the articles that support it (``citer``, else
    :meth:`Chosen.citer` with ``support_vectors`` and ``parse``), in time order."""
    if chosen.lead is not None:
        return chosen.lead
    citations = citer or chosen.citer(material, config, support_vectors, parse)
    if citations is None:
        return []
    out = []
    for i in chosen.selected:
        sent = chosen.pool[i]
        out.append(SummarySentence(sent.text, citations(i), material.article_date(sent.article_id)))
    return order_by_time(out, material, [chosen.pool[i] for i in chosen.selected])


def choose(
    material: StoryMaterial,
    vectors: SentenceVectors,
    config: SynthesizeSettings,
    words: int | None = None,
    sentences: int | None = None,
) -> Chosen:
    """Choose a summary's sentences (see the module's docstring) with the summary ``vectors``."""
    budget = _Budget(words or config.summary_words, sentences or config.summary_sentences)
    if len(material.articles) == 1:
        return Chosen(lead=lead_summary(material, budget))
    pool = prefilter(material, candidates(material, config.candidate_sentences), config.max_candidates)
    if not pool:
        return Chosen()
    mat = vectors.matrix(pool)
    # Each article weighs the same in the centroid, however many sentences it has.
    by_article: dict[str, list[int]] = {}
    for i, sent in enumerate(pool):
        by_article.setdefault(sent.article_id, []).append(i)
    centroid = np.mean([mat[idx].mean(axis=0) for idx in by_article.values()], axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    relevance = mat @ centroid
    sims = mat @ mat.T
    n_articles = len(by_article)
    agree = np.zeros(len(pool))
    if n_articles > 1:
        for i, sent in enumerate(pool):
            others = {pool[j].article_id for j in np.nonzero(sims[i] >= config.support_threshold)[0]}
            others.discard(sent.article_id)
            agree[i] = len(others) / (n_articles - 1)
    position = _position_prior(material, pool)
    dangling = np.array([is_dangling(s.text) for s in pool], dtype=float)
    score = 0.55 * relevance + 0.25 * agree + 0.20 * position - 0.10 * dangling

    lexical = tfidf_rows([s.text for s in pool])
    lex_sims = (lexical @ lexical.T).toarray()
    # Two sentences that would cite each other as the same content are redundant.
    same_content = (sims >= min(config.redundancy_threshold, config.support_threshold)) | (lex_sims >= _LEXICAL_SUPPORT)
    lengths = [len(s.text.split()) for s in pool]
    # no sentence is chosen before what it leans on ("He said …", "The company said …", a surname
    # alone) is introduced by one chosen before it (:mod:`newsweave.synthesize.introduced`); only
    # when none that is fills the budget, one that is not
    leans = [leaning(s.text) for s in pool]
    intro = Introductions(StoryNames.of(material))
    selected: list[int] = []
    total = 0
    available = set(range(len(pool)))
    while available and not budget.reached(total, len(selected)):

        def best(strict: bool, total: int) -> tuple[int, int]:
            """The best sentence that fits the budget, and the one ending nearest N words."""
            best_i, best_val = -1, -np.inf
            nearest_i, nearest_gap = -1, np.inf
            for i in available:
                if any(same_content[i, j] for j in selected):
                    continue
                if strict and not intro.admits(leans[i], pool[i].text, pool[i]):
                    continue
                redundancy = max((sims[i, j] for j in selected), default=0.0)
                value = 0.7 * score[i] - 0.3 * redundancy
                if not budget.fits(total, lengths[i]):
                    if abs(total + lengths[i] - budget.words) < nearest_gap:
                        nearest_i, nearest_gap = i, abs(total + lengths[i] - budget.words)
                    continue
                if not budget.sentences:  # a sentence that fills what is left of the budget is preferred
                    value += _FILL * min(1.0, lengths[i] / max(1, budget.words - total))
                if value > best_val:
                    best_i, best_val = i, value
            return best_i, nearest_i

        best_i, nearest_i = best(True, total)
        if best_i < 0 and (budget.short(total) or not selected):
            # the budget first: one that leans on what is not introduced, when it fits and none else does
            loose_i, loose_nearest = best(False, total)
            best_i = loose_i if loose_i >= 0 else nearest_i if nearest_i >= 0 else loose_nearest
        if best_i < 0:
            break
        available.discard(best_i)
        selected.append(best_i)
        intro.add(pool[best_i].text, pool[best_i])
        total += lengths[best_i]

    return Chosen(pool, mat, lex_sims, selected)


class _Budget:
    """A summary's length: a number of sentences when given, else a number of words (± 10 %)."""

    def __init__(self, words: int, sentences: int | None = None) -> None:
        self.words, self.sentences = words, sentences

    def reached(self, words: int, sentences: int) -> bool:
        return sentences >= self.sentences if self.sentences else words >= self.words

    def fits(self, words: int, more: int) -> bool:
        """Whether a sentence of ``more`` words keeps a summary of ``words`` words within the budget."""
        return bool(self.sentences) or words + more <= self.words * (1 + _SLACK)

    def within(self, words: int) -> bool:
        """Whether ``words`` words are N ± 10 %."""
        return (1 - _SLACK) * self.words <= words <= (1 + _SLACK) * self.words

    def short(self, words: int) -> bool:
        """Whether ``words`` words fall short of the budget by more than the slack."""
        return not self.sentences and words < self.words * (1 - _SLACK)


def lead_summary(material: StoryMaterial, budget: int | _Budget) -> list[SummarySentence]:
    """A one-article story: its first body sentences up to the budget (the lead is the summary),
    leaving out those that lean on what the ones kept do not introduce — unless that leaves none."""
    if isinstance(budget, int):
        budget = _Budget(budget)
    article = material.articles[0]
    names = StoryNames.of(material)
    for strict in (True, False):
        out: list[SummarySentence] = []
        intro = Introductions(names)
        total = 0
        for sent in material.sentences.get(article.id, []):
            if budget.reached(total, len(out)):
                break
            length = len(sent.text.split())
            if sent.kind != "body" or length < _MIN_WORDS:
                continue
            if strict and not intro.admits(leaning(sent.text), sent.text, sent):
                continue
            if not out and is_dangling(sent.text):
                continue  # the first sentence never refers back, even when the others may lean
            if not budget.fits(total, length):
                if out and not budget.short(total):
                    break
                if out:
                    continue
            out.append(SummarySentence(sent.text, [Citation(article.id, sent.index)], article.published))
            intro.add(sent.text, sent)
            total += length
        if out:
            return out
    return out


def order_by_time(
    sentences: list[SummarySentence], material: StoryMaterial, sources: list[Sentence] | None = None
) -> list[SummarySentence]:
    """Chronological order (article date, then position), but no sentence before what it leans on
    is introduced (:func:`newsweave.synthesize.introduced.place`; ``sources``: each one's sentence
    of its article, in the order of ``sentences``), when an order allows it."""
    order = {a.id: i for i, a in enumerate(material.articles)}

    def key(k: int) -> tuple[str, int, int]:
        first = sentences[k].citations[0]
        return (sentences[k].date or "9999-99-99", order.get(first.article, 0), first.sentence)

    by_time = sorted(range(len(sentences)), key=key)
    items = [(sentences[k].text, sources[k] if sources else None) for k in by_time]
    return [sentences[by_time[k]] for k in place(items, StoryNames.of(material))]
