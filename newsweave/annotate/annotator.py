"""Annotate stage: sentences, named entities, temporal expressions and a document vector.

Needs: cleaned :class:`~newsweave.records.Article` records.
Sets: :class:`~newsweave.records.Annotation` (sentences, entities incl. DATE with values,
and an embedding of the title and lead).

Statistical NER is the costly step, so it runs on the title and the first
``ner_sentences`` body sentences (the lead, where news names its actors); the names it
finds, and the surnames of the people it finds, are then matched wherever no entity covers the
text, and a mention of a person's name is that person throughout the article (:func:`one_sense`).
Sentences come from spaCy's rule-based sentencizer and dates from :mod:`newsweave.text.timexes`,
both over the whole text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from newsweave.config import AnnotateSettings, Config
from newsweave.errors import Errors, NewsweaveError
from newsweave.models.embed import BACKENDS, Embedder
from newsweave.models.spacy_import import import_spacy
from newsweave.models.spacy_shared import pipeline_view, set_ops
from newsweave.models.vocab import VocabBudget
from newsweave.records import Annotation, Article, Entity, Sentence, stage
from newsweave.runtime.forked import can_fork, forked_map
from newsweave.text.clauses import ClauseSplitter
from newsweave.text.dates import parse_iso
from newsweave.text.sentence_cuts import cut_after_place_abbreviations, move_opening_marks
from newsweave.text.timexes import find_timexes, is_future, weekdays_from_text, years_from_text
from newsweave.text.words import stop_words

log = logging.getLogger(__name__)

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
_MAX_TERMS = 200
FORK_CHUNK = 16  # articles a forked process annotates at a time
_WORD = re.compile(r"[a-z][a-z'-]{2,}")


def content_terms(sentences: list[Sentence], limit: int = _MAX_TERMS) -> dict[str, int]:
    """Counts of the body's content words (lower-cased, English stop words left out)."""
    from collections import Counter

    stop = stop_words()
    counts: Counter[str] = Counter()
    for sent in sentences:
        if sent.kind == "body":
            counts.update(w for w in _WORD.findall(sent.text.lower()) if w not in stop)
    return dict(counts.most_common(limit))


@dataclass(slots=True)
class _Segment:
    """A kept line of the article with its offset in the clean text."""

    kind: str
    text: str
    start: int


class Annotator:
    """Holds the spaCy pipelines and the embedder; :meth:`annotate` is the stage."""

    def __init__(self, config: AnnotateSettings | Config, embedder: Embedder | None = None) -> None:
        """``config``: the annotate settings (or a whole :class:`Config`, whose annotate section is
        taken); ``embedder``: a loaded one to share, else one is made from the settings."""
        config = config.annotate if isinstance(config, Config) else config
        self.config = config
        self.embedder = embedder or Embedder(
            config.embedding_model, config.embedding_batch_size, config.embedding_backend
        )
        for backend in (config.sentence_backend, config.summary_backend):  # refused now, not at synthesis
            if backend is not None and backend not in BACKENDS:
                raise NewsweaveError(Errors.E010, value=backend, choices=", ".join(BACKENDS))
        self._embedders: dict[tuple[str | None, str], Embedder] = {}
        self._given: dict[str, Embedder] = {}  # set by assignment: used whatever the settings
        self._ner: Any = None
        self._splitter: Any = None
        self._ner_vocab: VocabBudget | None = None
        self._splitter_vocab: VocabBudget | None = None
        self._clauses: ClauseSplitter | None = None

    def embedder_for(self, backend: str | None) -> Embedder:
        """The embedder of ``backend`` (``None`` or the document vectors' backend: :attr:`embedder`),
        made on first use and kept."""
        if backend is None or backend == self.embedder.backend:
            return self.embedder
        key = (self.config.embedding_model, backend)
        if key not in self._embedders:
            self._embedders[key] = Embedder(self.config.embedding_model, self.config.embedding_batch_size, backend)
        return self._embedders[key]

    @property
    def sentence_embedder(self) -> Embedder:
        """The embedder of the sentence vectors the store keeps (claims, quote wordings):
        ``sentence_backend``'s, else the document vectors' one."""
        return self._given.get("sentences") or self.embedder_for(self.config.sentence_backend)

    @sentence_embedder.setter
    def sentence_embedder(self, embedder: Embedder) -> None:
        self._given["sentences"] = embedder

    @property
    def summary_embedder(self) -> Embedder:
        """The embedder of summary candidates (stories' and events' summaries): ``summary_backend``'s,
        else the sentence vectors' one."""
        given = self._given.get("summaries")
        if given is not None:
            return given
        if self.config.summary_backend is None:
            return self.sentence_embedder
        return self.embedder_for(self.config.summary_backend)

    @summary_embedder.setter
    def summary_embedder(self, embedder: Embedder) -> None:
        self._given["summaries"] = embedder

    @property
    def ner(self) -> Any:
        if self._ner is None:
            try:
                ner, budget = pipeline_view(
                    self.config.spacy_model, exclude=["parser", "tagger"], vocab_growth=self.config.vocab_growth
                )
            except OSError as exc:
                raise NewsweaveError(Errors.E001, name=self.config.spacy_model) from exc
            from thinc.api import NumpyOps

            # NumPy's BLAS uses both cores and is faster than blis on the machines we measured
            # (the entity recogniser's own layers; a shared embedder keeps the ops it has)
            for _, component in ner.pipeline:
                if hasattr(component, "model") and not hasattr(component, "listening_components"):
                    set_ops(component, NumpyOps(use_blis=False))
            self._ner = ner
            self._ner_vocab = budget
        return self._ner

    @property
    def splitter(self) -> Any:
        if self._splitter is None:
            spacy = import_spacy(self.config.spacy_model)

            from spacy.attrs import IS_PUNCT

            nlp = spacy.blank("en")
            nlp.add_pipe("sentencizer")
            # The sentencizer reads a token's text and whether it is punctuation, nothing else of
            # its lexeme: a new word's other attributes (shape, norm, prefix, like_num ...), which
            # spaCy computes in Python for every word it meets first, are never made.
            getters = nlp.vocab.lex_attr_getters
            nlp.vocab.lex_attr_getters = {IS_PUNCT: getters[IS_PUNCT]}
            self._splitter = nlp
            self._splitter_vocab = VocabBudget(nlp, self.config.vocab_growth)
        return self._splitter

    @property
    def clauses(self) -> ClauseSplitter:
        """The clause splitter (the spaCy pipeline's dependency parser, loaded on first use)."""
        if self._clauses is None:
            self._clauses = ClauseSplitter(self.config.spacy_model, vocab_growth=self.config.vocab_growth)
        return self._clauses

    # -- sentences -------------------------------------------------------------------------
    def split(self, article: Article) -> list[Sentence]:
        """Sentences of the kept lines; title, dek and headings are one sentence each."""
        segments: list[_Segment] = []
        offset = 0
        for line in article.lines:
            if line.kind == "dropped":
                continue
            segments.append(_Segment(line.kind, line.text, offset))
            offset += len(line.text) + 1
        body = [s for s in segments if s.kind == "body"]
        splitter = self.splitter
        with self._splitter_vocab.zone() if self._splitter_vocab else nullcontext():
            bounds = [
                [(sent.start_char, sent.end_char) for sent in doc.sents] for doc in splitter.pipe(s.text for s in body)
            ]
        bounds = [
            move_opening_marks(seg.text, cut_after_place_abbreviations(seg.text, spans))
            for seg, spans in zip(body, bounds, strict=True)
        ]
        sentences: list[Sentence] = []
        cuts = iter(bounds)
        for seg in segments:
            if seg.kind != "body":
                sentences.append(
                    Sentence(article.id, len(sentences), seg.text, seg.kind, seg.start, seg.start + len(seg.text))  # type: ignore[arg-type]
                )
                continue
            for begin, end in next(cuts):
                raw = seg.text[begin:end]  # a slice: Span.text builds every token
                text = raw.strip()
                if not text:
                    continue
                start = seg.start + begin + (len(raw) - len(raw.lstrip()))
                sentences.append(Sentence(article.id, len(sentences), text, "body", start, start + len(text)))
        return sentences

    # -- the stage -------------------------------------------------------------------------
    @stage(requires=("articles",), assigns=("sentences", "entities", "dates", "vectors"))
    def annotate(self, articles: Iterable[Article], n_process: int = 1) -> Iterator[Annotation]:
        """Annotate a stream of articles, in order; with ``n_process`` > 1, sentences and entities
        are found in that many forked processes (which inherit the loaded pipelines and send back
        only the records), and the document vectors here meanwhile."""
        if n_process > 1 and can_fork():
            _ = (self.ner, self.splitter)  # loaded before forking, for the processes to inherit
            found: Iterable[tuple[Article, tuple[list[Sentence], list[Entity]]]] = forked_map(
                self.sentences_and_entities, articles, processes=n_process, chunk=FORK_CHUNK
            )
        else:
            found = self._sentences_and_entities_here(articles)
        batch: list[tuple[Article, list[Sentence], list[Entity]]] = []
        for article, (sentences, entities) in found:
            batch.append((article, sentences, entities))
            if len(batch) >= 64:
                yield from self._with_vectors(batch)
                batch = []
        if batch:
            yield from self._with_vectors(batch)

    def sentences_and_entities(self, articles: list[Article]) -> list[tuple[list[Sentence], list[Entity]]]:
        """The sentences and entities of each of ``articles``, in this process."""
        return [found for _, found in self._sentences_and_entities_here(articles)]

    def _sentences_and_entities_here(
        self, articles: Iterable[Article]
    ) -> Iterator[tuple[Article, tuple[list[Sentence], list[Entity]]]]:
        pending: dict[int, tuple[Article, list[Sentence], list[tuple[int, int]]]] = {}

        def ner_inputs() -> Iterator[tuple[str, int]]:
            for key, article in enumerate(articles):
                sentences = self.split(article)
                text, spans = self._ner_text(sentences)
                pending[key] = (article, sentences, spans)
                yield text, key

        ner = self.ner
        with self._ner_vocab.zone() if self._ner_vocab else nullcontext():  # entities are copied out inside
            for doc, key in ner.pipe(ner_inputs(), as_tuples=True, batch_size=self.config.batch_size):
                article, sentences, spans = pending.pop(key)
                yield article, (sentences, self._entities(article, sentences, spans, doc))

    def _ner_text(self, sentences: list[Sentence]) -> tuple[str, list[tuple[int, int]]]:
        """What NER reads of an article (its title and lead, up to ``ner_chars``) and where each
        sentence of it starts there: (offset, sentence index)."""
        parts, spans, cursor = [], [], 0
        for sent in self._ner_budget(sentences):
            if cursor >= self.config.ner_chars:
                break  # NER's time grows with its input: the names it finds are matched further on
            text = sent.text[: self.config.ner_chars - cursor]
            parts.append(text)
            spans.append((cursor, sent.index))
            cursor += len(text) + 1
        return "\n".join(parts), spans

    def _ner_budget(self, sentences: list[Sentence]) -> list[Sentence]:
        chosen = [s for s in sentences if s.kind != "body"]
        chosen += [s for s in sentences if s.kind == "body"][: self.config.ner_sentences]
        return sorted(chosen, key=lambda s: s.index)

    def _entities(
        self,
        article: Article,
        sentences: list[Sentence],
        spans: list[tuple[int, int]],
        doc: Any,
    ) -> list[Entity]:
        starts = [s[0] for s in spans]
        entities: list[Entity] = []
        for ent in doc.ents:
            if ent.label_ not in NAME_LABELS:
                continue
            pos = int(np.searchsorted(starts, ent.start_char, side="right")) - 1
            seg_start, sent_index = spans[pos]
            sent = sentences[sent_index]
            local = ent.start_char - seg_start
            entities.append(
                Entity(
                    article.id, sent_index, ent.text, ent.label_, sent.start + local, sent.start + local + len(ent.text)
                )
            )
        entities = one_sense(entities)
        entities += self._propagate(article, sentences, entities)
        entities += date_entities(
            article.id, sentences, parse_iso(article.published), borrowed=article.published_source == "story"
        )
        entities.sort(key=lambda e: (e.start, e.end))
        return entities

    @staticmethod
    def _propagate(article: Article, sentences: list[Sentence], found: list[Entity]) -> list[Entity]:
        """Match the names NER found (and the surnames of the people it found) in every sentence,
        where no entity already covers the span: NER reads only the lead, and even there it
        misses some mentions of a name it found elsewhere."""
        labels = {**{e.text: e.label for e in reversed(found) if len(e.text) >= 3}, **person_names(found)}
        if not labels:
            return []
        pattern = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(labels, key=len, reverse=True)) + r")(?!\w)"
        )
        taken: dict[int, list[tuple[int, int]]] = {}
        for ent in found:
            taken.setdefault(ent.sentence, []).append((ent.start, ent.end))
        extra = []
        for sent in sentences:
            spans = taken.get(sent.index, [])
            for m in pattern.finditer(sent.text):
                start, end = sent.start + m.start(), sent.start + m.end()
                if any(start < e and s < end for s, e in spans):
                    continue
                extra.append(Entity(article.id, sent.index, m.group(1), labels[m.group(1)], start, end))
        return extra

    def _with_vectors(self, batch: list[tuple[Article, list[Sentence], list[Entity]]]) -> Iterator[Annotation]:
        leads = [lead_text(article, sentences, self.config.lead_words) for article, sentences, _ in batch]
        vectors = self.embedder.encode(leads)
        for (article, sentences, entities), vector in zip(batch, vectors, strict=True):
            yield Annotation(article.id, sentences, entities, vector.tolist(), content_terms(sentences))


_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})
_SURNAME = re.compile(r"[A-Z][\w'’-]{2,}")


def surname(name: str) -> str | None:
    """The surname of a person's full name as it is written (its last token, capitalised, of at
    least three characters, not a suffix such as Jr), else None (a one-word name is its own)."""
    tokens = name.split()
    if len(tokens) < 2:
        return None
    last = tokens[-1].rstrip(".,")
    return last if _SURNAME.fullmatch(last) and last not in _SUFFIXES else None


def person_names(entities: Iterable[Entity]) -> dict[str, str]:
    """The full names of the people among ``entities`` and their surnames, each labelled PERSON."""
    names: dict[str, str] = {}
    for ent in entities:
        if ent.label == "PERSON" and len(ent.text) >= 3:
            names[ent.text] = "PERSON"
            last = surname(ent.text)
            if last:
                names[last] = "PERSON"
    return names


def one_sense(entities: list[Entity]) -> list[Entity]:
    """One sense per article: a name that is a person's full name or surname found in the same
    article is that person, whatever NER labelled this mention ("Anna Veldt" PERSON in the lead,
    a bare "Veldt" ORG further on)."""
    people = person_names(entities)
    return [
        Entity(e.article_id, e.sentence, e.text, "PERSON", e.start, e.end, e.value)
        if e.label != "PERSON" and e.text in people
        else e
        for e in entities
    ]


def date_entities(
    article_id: str, sentences: list[Sentence], reference: date | None, borrowed: bool = False
) -> list[Entity]:
    """The temporal expressions of an article's sentences as DATE entities, resolved against
    ``reference``; a bare month and day takes the year the article writes with it elsewhere
    (:func:`~newsweave.text.timexes.years_from_text`). When ``reference`` was ``borrowed`` from
    the article's story, a weekday is the day of that weekday the article names by its month
    within a week, if any (:func:`~newsweave.text.timexes.weekdays_from_text`)."""
    found = [(sent, tx) for sent in sentences for tx in find_timexes(sent.text, reference)]
    resolved = years_from_text([tx for _, tx in found])
    if borrowed:
        resolved = weekdays_from_text(resolved, [is_future(sent.text) for sent, _ in found])
    return [
        Entity(article_id, sent.index, tx.text, "DATE", sent.start + tx.start, sent.start + tx.end, tx.value)
        for (sent, _), tx in zip(found, resolved, strict=True)
    ]


def lead_text(article: Article, sentences: list[Sentence], words: int) -> str:
    """Title and the first body words: what the document vector is computed from."""
    parts: list[str] = []
    if article.title:
        parts.append(article.title)
    count = 0
    for sent in sentences:
        if sent.kind != "body":
            continue
        parts.append(sent.text)
        count += len(sent.text.split())
        if count >= words:
            break
    return " ".join(parts)
