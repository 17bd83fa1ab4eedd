"""Clauses: the facts of a sentence that joins two independent clauses.

"Police arrested four men on Tuesday, and prosecutors said charges would follow" states two
facts, which other outlets may report apart. :class:`ClauseSplitter` finds where such a sentence
divides: before a clause with its own subject and verb that is coordinated with the main clause
("…, and prosecutors said …", "…, but analysts expect …"), opened by a contrasting subordinator
("…, while the opposition called …"), or set after a semicolon. Shared-subject predicates
("arrested four men and seized weapons"), subordinate clauses ("because …", "after …"),
attributions and text inside quotation marks are not divided.

Only sentences holding a cue (a comma or semicolon before a conjunction, rule data in
``rules/clauses_en.json``) are parsed, with the dependency parser of the configured spaCy
pipeline; the rest are one clause without cost. Measured on labelled sentences written for the
project: ``python benchmarks/clauses.py``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from newsweave.models.spacy_shared import pipeline_view
from newsweave.models.vocab import VocabBudget
from newsweave.runtime.forked import forked_map, worth_forking
from newsweave.runtime.remembered import Remembered

if TYPE_CHECKING:
    from newsweave.text.parse import Tok

log = logging.getLogger(__name__)

Span = tuple[int, int]
SplitFn = Callable[[Sequence[str]], list[list[Span]]]


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    data = json.loads(resources.files("newsweave.rules").joinpath("clauses_en.json").read_text("utf-8"))
    data["cue_re"] = re.compile(data["cue"], re.IGNORECASE)
    for key in ("conjunctions", "contrast_marks", "subjects"):
        data[key] = frozenset(data[key])
    return data


def has_cue(text: str) -> bool:
    """Whether ``text`` may join two independent clauses (and is worth parsing)."""
    return _rules()["cue_re"].search(text) is not None


def quoted_regions(text: str) -> list[Span]:
    """Character spans inside quotation marks (curly pairs, or straight quotes paired in order)."""
    regions = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*(?:”|$)", text)]
    regions += [(m.start(), m.end()) for m in re.finditer(r'"[^"]*(?:"|$)', text)]
    return regions


def _is_verb(token: Any) -> bool:
    return bool(token.tag_.startswith(("VB", "MD")))  # fine-grained tags: no attribute ruler needed


def boundaries(doc: Any) -> list[int]:
    """Token indices of ``doc`` where a further independent clause begins (its first word)."""
    rules = _rules()
    subjects = rules["subjects"]
    found: set[int] = set()
    for token in doc:
        if not _is_verb(token) or not any(c.dep_ in subjects for c in token.children):
            continue
        head = token.head
        if token.dep_ == "conj" and _is_verb(head) and head.i < token.i:
            found.add(token.left_edge.i)
        elif token.dep_ == "advcl" and head.i < token.i:
            marks = [c for c in token.children if c.dep_ == "mark" and c.lower_ in rules["contrast_marks"]]
            if marks and marks[0].i > 0 and doc[marks[0].i - 1].text == ",":
                found.add(marks[0].i + 1)
    for token in doc:  # "A; B": B may hang anywhere in the tree
        if token.text == ";" and token.i + 1 < len(doc):
            right = doc[token.i + 1 :]
            if any(t.dep_ in subjects and t.head.i > token.i for t in right):
                found.add(token.i + 1)
    return sorted(found)


def clause_spans(doc: Any) -> list[Span]:
    """Character spans of the clauses of a parsed sentence (one span when it is one clause)."""
    rules = _rules()
    text = doc.text
    quoted = quoted_regions(text)
    cuts: list[tuple[int, int]] = []  # (end of the clause before, start of the next)
    for b in boundaries(doc):
        k = b - 1
        while k >= 0 and (doc[k].is_punct or doc[k].lower_ in rules["conjunctions"]):
            k -= 1
        if k < 0:
            continue
        start = doc[b].idx
        if any(lo < start < hi for lo, hi in quoted):
            continue
        if not any(doc[j].text in ",;" for j in range(k + 1, b)):
            continue  # "A and B" without a comma: too often a shared-subject predicate
        cuts.append((doc[k].idx + len(doc[k].text), start))
    spans: list[Span] = []
    begin = 0
    for end, nxt in cuts:
        spans.append((begin, end))
        begin = nxt
    spans.append((begin, len(text.rstrip())))
    if len(spans) > 1 and min(len(text[a:b].split()) for a, b in spans) < rules["min_words"]:
        return [(0, len(text.rstrip()))]
    return spans


CLAUSE_CACHE = 20_000  # texts whose clause spans are kept (claims recur each time a story grows)


class ClauseSplitter:
    """Divides sentences into clauses with a spaCy dependency parser, loaded on first use.

    ``model`` is a spaCy pipeline name with a parser. When it cannot be loaded or has no parser,
    every sentence stays one clause (logged once).
    """

    def __init__(self, model: str, batch_size: int = 64, vocab_growth: int = 50_000):
        self.model = model
        self.batch_size = batch_size
        self.vocab_growth = vocab_growth
        self._nlp: Any = None
        self._vocab: VocabBudget | None = None
        self._failed = False
        self._cache: dict[str, list[Span]] = {}

    @cached_property
    def identity(self) -> str:
        """What made the parses, for telling stored ones apart: the pipeline's name and the
        installed versions of its package and of spaCy (read without loading the pipeline)."""
        from importlib.metadata import PackageNotFoundError, version

        def installed(name: str) -> str:
            try:
                return version(name)
            except (PackageNotFoundError, ValueError):
                return "?"

        return f"{self.model} {installed(self.model)} spacy {installed('spacy')}"

    @property
    def nlp(self) -> Any:
        if self._nlp is None and not self._failed:
            try:
                nlp, budget = pipeline_view(self.model, exclude=["ner"], vocab_growth=self.vocab_growth)
            except OSError:
                nlp = None
            if nlp is None or "parser" not in nlp.pipe_names:
                log.warning("spaCy pipeline %r has no dependency parser: claims stay whole sentences", self.model)
                self._failed = True
            else:
                self._nlp = nlp
                self._vocab = budget
        return self._nlp

    def split(self, texts: Sequence[str]) -> list[list[Span]]:
        """The clause spans (character offsets into each text) of every text, in order."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache and has_cue(t)]
        if todo and self.nlp is not None and self._vocab is not None:
            with self._vocab.zone():
                for text, doc in zip(todo, self.nlp.pipe(todo, batch_size=self.batch_size), strict=True):
                    self._cache[text] = clause_spans(doc)
            while len(self._cache) > CLAUSE_CACHE:
                self._cache.pop(next(iter(self._cache)))
        return [self._cache.get(t) or [(0, len(t.rstrip()))] for t in texts]

    def parse(self, texts: Sequence[str], processes: int = 1) -> list[list[Tok]]:
        """The dependency parse of each text as plain :class:`~newsweave.text.parse.Tok` lists (made
        inside the memory zone, so they outlive it); empty lists when there is no parser.

        With ``processes`` > 1 and at least :data:`FORK_FROM` texts, the texts are parsed in that many
        forked processes, which inherit the loaded parser and send back only the tokens' fields (not
        spaCy Docs, whose deserialisation cost what the second core gave: docs/experiments.md)."""
        from newsweave.text.parse import Tok

        if self.nlp is None or self._vocab is None:
            return [[] for _ in texts]
        if worth_forking(processes, len(texts), FORK_FROM):
            return [[Tok(*row) for row in rows] for rows in self._parse_forked(list(texts), processes)]
        with self._vocab.zone():
            return [[Tok(*row) for row in token_rows(doc)] for doc in self.nlp.pipe(texts, batch_size=self.batch_size)]

    def _parse_forked(self, texts: list[str], processes: int) -> list[list[TokRow]]:
        size = max(self.batch_size, -(-len(texts) // (processes * 4)))  # a few chunks each: even ends
        return [rows for _, rows in forked_map(self.token_rows_of, texts, processes=processes, chunk=size)]

    def token_rows_of(self, texts: list[str]) -> list[list[TokRow]]:
        """The token rows (:func:`token_rows`) of each text, parsed in this process."""
        assert self.nlp is not None
        return [token_rows(doc) for doc in self.nlp.pipe(texts, batch_size=self.batch_size)]


TokRow = tuple[int, int, str, str, str, int, int]
FORK_FROM = 200  # texts from which ClauseSplitter.parse forks processes, when it is given more than one


def token_rows(doc: Any) -> list[TokRow]:
    """The fields of :class:`~newsweave.text.parse.Tok` for every token of a parsed ``doc``."""
    rows: list[TokRow] = []
    sent = -1
    for t in doc:
        sent += bool(t.is_sent_start) or t.i == 0
        rows.append((t.i, t.idx, t.text, t.tag_, t.dep_, t.head.i, sent))
    return rows


def encode_spans(spans: list[Span]) -> bytes:
    """Clause spans as bytes, for the store to keep."""
    return json.dumps(spans, separators=(",", ":")).encode("utf-8")


def decode_spans(data: bytes) -> list[Span]:
    """The spans :func:`encode_spans` made bytes of."""
    return [(int(a), int(b)) for a, b in json.loads(data.decode("utf-8"))]


class SplitMemory(Remembered[list[Span]]):
    """Clause splitting that reads each sentence once (:class:`~newsweave.runtime.remembered.Remembered`):
    the spans of the sentences that may hold several clauses (:func:`has_cue`) are kept for the
    last ``size``, else looked up with ``lookup`` (the store's), else found by ``split`` (the
    parse); the ones found wait in :attr:`new` for the runner to store. Other sentences are one
    clause and never parsed."""

    def __init__(
        self,
        split: Callable[[Sequence[str]], list[list[Span]]],
        *,
        size: int = CLAUSE_CACHE,
        lookup: Callable[[Sequence[str]], dict[str, list[Span]]] | None = None,
    ) -> None:
        super().__init__(split, size=size, lookup=lookup)

    def __call__(self, texts: Sequence[str]) -> list[list[Span]]:
        cued = [t for t in texts if has_cue(t)]
        spans = self.values(cued) if cued else {}
        return [spans.get(t) or [(0, len(t.rstrip()))] for t in texts]
