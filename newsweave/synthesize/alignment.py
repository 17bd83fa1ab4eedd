"""Quote alignment: the quotes of a story that are one statement, worded alike or differently.

Two quotes are compared by their words first: :func:`wording_overlap` is the share of the
shorter one's distinct words found in the other, for the whole quotes and for each pair of their
first sentences, so a quote cut shorter or embedded in a longer one still scores 1. Two wordings
that share most words while only one is negated are :func:`opposite` statements. A translation or
paraphrase shares few words, so quotes of one named speaker in different articles are also
compared by meaning (sentence embeddings).

A story can hold thousands of quotes. Only pairs whose speakers can share a statement are
scored (an unnamed speaker's quote against all, a named one's against the same name's), with
sparse products over word sets in row blocks (memory bounded by the block, not the story); only
the pairs that reach a decision threshold are looked at one by one. :func:`overlap_pairs` (every
pair above a high threshold, whatever the speakers) joins by a prefix filter instead. The
result is the same as comparing every pair in turn (``tests/synthesize/test_alignment.py``).
What a speaker denied ("X denied that …") is never one statement with what was said; a group
of such is of kind "denied". Nor are two wordings that give different figures
(:mod:`~newsweave.synthesize.quote_figures`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse

from newsweave.config import SynthesizeSettings
from newsweave.synthesize.alignment_memory import KeptPairs, quote_identity
from newsweave.synthesize.quote_figures import figures_differ
from newsweave.synthesize.quote_marks import denial
from newsweave.synthesize.quotes import FoundQuote, quote_lexicon, speaker_key
from newsweave.text.overlap_join import overlap_join
from newsweave.text.words import english_stop_words

_WORDS = re.compile(r"\w+")
_MIN_SHARED = 4  # content words two wordings share at least to be one by their words ...
_MIN_RUN = 4  # ... or words of a shorter one standing word for word in the other
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_MAX_PARTS = 4  # sentences of a long quote compared with other quotes
_OPPOSITE_OVERLAP = 0.5
_MIN_PART_WORDS = 3  # distinct content words of a quote's sentence compared by words alone
_CHUNK = 128  # quotes per block of the pair matrix at most ...
_BLOCK_BYTES = 64 * 2**20  # ... and fewer in large stories: a block holds (chunk x 4) x (columns x 4) scores
_PACK = 256  # quotes of several speakers scored as one block at most
_MEANING_DAYS = 3  # days between the articles of two quotes one statement by meaning at most
_UNNAMED_DAYS = 3  # ... and of two quotes one statement by words when either names no speaker


@lru_cache(maxsize=8192)
def _word_set(text: str) -> frozenset[str]:
    """The distinct lower-cased content words of a text: its words less the stop words ("the",
    "we", "will"), numbers kept (cached: alignment compares each quote many times)."""
    stop = english_stop_words()
    return frozenset(w for w in _WORDS.findall(text.lower()) if w not in stop and (len(w) > 1 or w.isdigit()))


def _overlap(a: str, b: str, runs: bool = True) -> float:
    """Share of the shorter quote's content words found in the other (a quote cut shorter still
    matches), 0 when they share fewer than :data:`_MIN_SHARED` ("The Valmoran Fever" is no wording
    of every quote that names the fever and Valmora), unless the one with fewer content words (two
    at least) stands word for word in the other and is :data:`_MIN_RUN` words long or more ("the
    goats were our income"; not with ``runs`` false: two sentences of longer quotes)."""
    wa, wb = _word_set(a), _word_set(b)
    shared = len(wa & wb)
    if shared >= _MIN_SHARED:
        return shared / min(len(wa), len(wb))
    if not runs or shared < 2 or shared < min(len(wa), len(wb)):
        return 0.0
    return 1.0 if _contained(a, b) or _contained(b, a) else 0.0


@lru_cache(maxsize=8192)
def _run(text: str) -> str:
    """A text's lower-cased words joined by single spaces, with a space on either side."""
    return " " + " ".join(_WORDS.findall(text.lower())) + " "


def _contained(short: str, long: str) -> bool:
    """Whether ``short`` (:data:`_MIN_RUN` words or more) stands word for word in ``long``."""
    run = _run(short)
    return run.count(" ") - 1 >= _MIN_RUN and (run in _run(long) or run in _run(long.replace("’", "'")))


@lru_cache(maxsize=4096)
def _parts(text: str) -> tuple[str, ...]:
    """A quote's sentences and clauses, for matching a short quote against part of a long one."""
    parts = [p.strip(' ,“”"') for p in _SENTENCE_END.split(text)]
    return tuple(p for p in parts if len(p.split()) >= 3) or (text,)


def _share(a: str, b: str, _runs: bool = True) -> float:
    """Share of the shorter text's content words found in the other, however few."""
    wa, wb = _word_set(a), _word_set(b)
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def _closest(a: str, b: str, score: Any = _overlap) -> tuple[float, str, str]:
    """The ``score`` (:func:`_overlap` unless given) of the closest pair among the quotes'
    sentences and the whole quotes, and that pair (on a tie, the sentences: the narrowest text
    that matches, so a negation in another sentence of a longer quote does not make an opposite;
    among tied sentence pairs, one whose negations differ, so that whether two quotes are
    opposites does not depend on which is given first)."""
    best = (-1.0, a, b)
    for x in _parts(a)[:_MAX_PARTS]:
        for y in _parts(b)[:_MAX_PARTS]:
            if min(_distinct_words(x), _distinct_words(y)) < _MIN_PART_WORDS:
                continue  # a sentence of one or two content words matches too much
            value = score(x, y, False)
            if value > best[0] or (
                value == best[0] and _negated(x) != _negated(y) and _negated(best[1]) == _negated(best[2])
            ):
                best = (value, x, y)
    whole = score(a, b)
    return (whole, a, b) if whole > best[0] else best


def _distinct_words(text: str) -> int:
    return len(_word_set(text))


def wording_overlap(a: str, b: str) -> float:
    """How much two quotes share their words: the best of the whole quotes and of any pair of
    their sentences (share of the shorter one's words, so a quote cut shorter still scores 1)."""
    return _closest(a, b)[0]


def closest_wordings(a: str, b: str) -> tuple[float, str, str]:
    """The :func:`wording_overlap` of two quotes and the two texts that give it (the whole quotes
    or one sentence of each)."""
    return _closest(a, b)


def whole_overlap(a: str, b: str) -> float:
    """:func:`_overlap` of two whole quotes (no sentence of one against a sentence of the other)."""
    return _overlap(a, b)


def quote_words(text: str) -> frozenset[str]:
    """The content words alignment compares (:func:`_word_set`: numbers kept, its own stop words;
    not :func:`newsweave.text.words.content_words`, which claims compare)."""
    return _word_set(text)


def opposite(a: str, b: str) -> bool:
    """Two wordings whose closest sentences share most content words (≥ 0.5 of the shorter's,
    however few) while only one of the two is negated are opposite statements ("We will sign" /
    "We will not sign")."""
    return _opposed(*_closest(a, b, _share))


def _opposed(score: float, x: str, y: str) -> bool:
    """Opposites: close wordings, only one negated, neither standing word for word in the other
    (a negation elsewhere in a longer quote does not oppose the words it prints)."""
    if score < _OPPOSITE_OVERLAP or _negated(x) == _negated(y):
        return False
    return not (_contained(x, y) or _contained(y, x))


@lru_cache(maxsize=8192)
def _negated(text: str) -> bool:
    """Whether a quote or sentence of one holds a negation (cached: each is compared many times)."""
    return bool(quote_lexicon()["negation_re"].search(text))


def quote_parts(text: str) -> list[str]:
    """The pieces of a quote that are embedded to compare meanings (at most four sentences)."""
    return list(_parts(text)[:_MAX_PARTS])


def _incidence(word_sets: list[frozenset[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    """Binary rows of word sets over ``vocab`` (which grows with new words)."""
    rows = [r for r, words in enumerate(word_sets) for _ in words]
    cols = [vocab.setdefault(w, len(vocab)) for words in word_sets for w in words]
    return sparse.csr_matrix(
        (np.ones(len(cols), dtype=np.float64), (rows, cols)), shape=(len(word_sets), max(len(vocab), 1))
    )


class _WordIncidence:
    """The word sets of quotes and of their first sentences as sparse binary rows: scored in
    blocks of quote pairs with sparse products by :func:`_close_pairs`, joined by
    :func:`overlap_pairs`."""

    def __init__(self, texts: Sequence[str]) -> None:
        whole_sets = [_word_set(t) for t in texts]
        # the sentences compared: at most _MAX_PARTS a quote, of at least _MIN_PART_WORDS distinct
        # words (a quote has one or two such sentences as a rule), in the order of their quotes
        part_sets: list[frozenset[str]] = []
        owners: list[int] = []
        for q, text in enumerate(texts):
            for words in (_word_set(p) for p in _parts(text)[:_MAX_PARTS]):
                if len(words) >= _MIN_PART_WORDS:
                    part_sets.append(words)
                    owners.append(q)
        vocab: dict[str, int] = {}
        self.whole = _incidence(whole_sets, vocab)
        self.parts = _incidence(part_sets, vocab)
        width = max(len(vocab), 1)
        self.whole.resize((len(whole_sets), width))
        self.parts.resize((len(part_sets), width))
        self.whole_size = np.array([len(s) for s in whole_sets], dtype=np.float64)
        self.part_size = np.array([len(s) for s in part_sets], dtype=np.float64)
        owner = np.array(owners, dtype=np.int64)
        quotes = np.arange(len(whole_sets))
        # the sentences of quote q are rows part_start[q]:part_stop[q] of ``parts``
        self.part_start = np.searchsorted(owner, quotes, side="left")
        self.part_stop = np.searchsorted(owner, quotes, side="right")

    def _parts_of(self, quotes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The sentence rows of ``quotes`` in their order, and the position in ``quotes`` of each one's quote."""
        first = self.part_start[quotes]
        counts = self.part_stop[quotes] - first
        offsets = np.repeat(first - (np.cumsum(counts) - counts), counts)  # a sentence's row less its rank
        rows = np.arange(int(counts.sum()), dtype=np.int64) + offsets
        return rows.astype(np.int64), np.repeat(np.arange(len(quotes)), counts)

    def blocks(self, rows: np.ndarray, cols: np.ndarray, chunk: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Scores of quotes ``rows`` against quotes ``cols`` (:func:`wording_overlap`, the diagonal
        included), a block of at most ``chunk`` rows at a time: (the block's rows, its scores)."""
        col_parts, col_pos = self._parts_of(cols)
        # the first sentence of each column quote that has one: the groups the maxima are taken over
        firsts = np.flatnonzero(np.r_[True, col_pos[1:] != col_pos[:-1]]) if len(col_pos) else col_pos
        with_parts = col_pos[firsts]
        whole_t = self.whole[cols].T.tocsc()
        parts_t = self.parts[col_parts].T.tocsc()
        chunk = max(1, min(chunk, _BLOCK_BYTES // (_MAX_PARTS * 8 * max(len(col_parts), len(cols), 1))))
        for start in range(0, len(rows), chunk):
            block = rows[start : start + chunk]
            score = _shares(self.whole[block] @ whole_t, self.whole_size[block], self.whole_size[cols], 0.0)
            row_parts, row_pos = self._parts_of(block)
            if len(row_parts) and len(col_parts):
                sizes = self.part_size
                part = _shares(self.parts[row_parts] @ parts_t, sizes[row_parts], sizes[col_parts], -1.0, False)
                by_quote = np.maximum.reduceat(part, firsts, axis=1)  # (sentences, column quotes with one)
                local = np.flatnonzero(np.r_[True, row_pos[1:] != row_pos[:-1]])
                best = np.maximum.reduceat(by_quote, local, axis=0)  # (block quotes with one, ...)
                mine = row_pos[local]
                score[np.ix_(mine, with_parts)] = np.maximum(score[np.ix_(mine, with_parts)], best)
            yield block, score


def overlap_pairs(texts: Sequence[str], floor: float) -> sparse.csr_matrix:
    """:func:`wording_overlap` of every pair of ``texts`` that reaches ``floor`` (> 0), as a sparse
    symmetric matrix (the diagonal left out).

    The same numbers as calling :func:`wording_overlap` on each pair: the pairs of whole quotes
    and the pairs of their first four sentences (those of at least five distinct words) that
    reach ``floor`` are found by a prefix-filtered join (:func:`~newsweave.text.overlap_join.overlap_join`),
    and a pair's score is the best of its whole quotes and any pair of their sentences.
    """
    n = len(texts)
    if n < 2:
        return sparse.csr_matrix((n, n))
    words = _WordIncidence(texts)
    i, j, score = overlap_join(words.whole, floor)
    enough = _enough(score, words.whole_size[i], words.whole_size[j])
    i, j, score = i[enough], j[enough], score[enough]
    pi, pj, part_score = overlap_join(words.parts, floor)
    enough = np.rint(part_score * np.minimum(words.part_size[pi], words.part_size[pj])) >= _MIN_SHARED
    pi, pj, part_score = pi[enough], pj[enough], part_score[enough]
    owner = np.repeat(np.arange(n), words.part_stop - words.part_start)
    pi, pj = owner[pi], owner[pj]
    other = pi != pj  # two sentences of one quote are no pair
    rows = np.concatenate([i, j, pi[other], pj[other]])
    cols = np.concatenate([j, i, pj[other], pi[other]])
    values = np.concatenate([score, score, part_score[other], part_score[other]])
    if not len(rows):
        return sparse.csr_matrix((n, n))
    pair = rows * n + cols
    order = np.argsort(pair, kind="stable")
    pair, values = pair[order], values[order]
    firsts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    best = np.maximum.reduceat(values, firsts)  # a pair's best of its wholes and sentences
    rows, cols = pair[firsts] // n, pair[firsts] % n
    # a pair sharing _MIN_SHARED content words or more scores as the join gave it; only the few
    # sharing fewer are read again (one stands word for word in the other, or they are no wording)
    shared = np.asarray(words.whole[rows].multiply(words.whole[cols]).sum(axis=1)).ravel()
    for k in np.flatnonzero(shared < _MIN_SHARED):
        best[k] = wording_overlap(texts[int(rows[k])], texts[int(cols[k])])
    keep = best >= floor if len(best) else np.zeros(0, dtype=bool)
    return sparse.csr_matrix((best[keep], (rows[keep], cols[keep])), shape=(n, n))


def _enough(score: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Which pairs of a join (their scores: shared words over the smaller size) can be one
    wording: sharing :data:`_MIN_SHARED` words or more, or all of the smaller side's (two at
    least; whether it stands word for word in the other is read after: :func:`_exact`)."""
    smaller = np.minimum(left, right)
    shared = np.rint(score * smaller)
    return (shared >= _MIN_SHARED) | ((shared >= 2) & (shared == smaller))


def _exact(texts: Sequence[str], i: int, j: int, score: float) -> float:
    """A pair's :func:`wording_overlap`, given the ``score`` a sparse product gave it: the same
    when the two share :data:`_MIN_SHARED` content words or more; read again otherwise (a pair
    sharing fewer is one wording only where one stands word for word in the other)."""
    if len(_word_set(texts[i]) & _word_set(texts[j])) >= _MIN_SHARED:
        return score
    return wording_overlap(texts[i], texts[j])


def _close_pairs(
    texts: Sequence[str],
    keys: Sequence[str | None],
    negated: Sequence[bool],
    overlap: float,
    chunk: int = _CHUNK,
    pack: int = _PACK,
    fresh: np.ndarray | None = None,
) -> list[tuple[int, int, float]]:
    """The pairs (i, j, score), j < i, that can decide an alignment: worded alike (score ≥
    ``overlap``), or, with a negation in either, alike enough to be opposites.

    Only pairs whose speakers can share a group are scored: an unnamed speaker's quote against
    every quote, a named one's against the same name's (two names never meet in one group), so a
    story of many speakers costs far less than every pair. The pairs are those that
    :func:`overlap_pairs` gives of every pair and :func:`align_quotes` would act on. ``chunk``
    (rows of a block) and ``pack`` (quotes of several names scored as one block) bound the work
    held at once; any values give the same pairs. With ``fresh`` (a mask of the quotes), only the
    pairs with a fresh quote in them are given: a fresh quote is scored against the quotes it can
    meet, the pairs of two others are left out (a score does not depend on which is the row)."""
    n = len(texts)
    if n < 2:
        return []
    floor = min(overlap, _OPPOSITE_OVERLAP)
    words = _WordIncidence(texts)
    negation = np.array(negated, dtype=bool)
    by_key: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by_key.setdefault(key or "", []).append(i)
    unnamed = np.array(by_key.pop("", []), dtype=np.int64)
    is_fresh = np.ones(n, dtype=bool) if fresh is None else np.asarray(fresh, dtype=bool)
    plan = _plan(unnamed, [np.array(m) for m in by_key.values()], is_fresh, n, pack)
    speaker = np.array([key or "" for key in keys], dtype=object)
    found: dict[tuple[int, int], float] = {}
    for rows, cols in plan:
        for block, score in words.blocks(rows, cols, chunk):
            r, c = np.nonzero(score >= floor)
            left, right, value = block[r], cols[c], score[r, c]
            can_meet = (speaker[left] == speaker[right]) | (speaker[left] == "") | (speaker[right] == "")
            keep = (left != right) & can_meet & ((value >= overlap) | negation[left] | negation[right])
            for a, b, v in zip(left[keep].tolist(), right[keep].tolist(), value[keep].tolist(), strict=True):
                v = _exact(texts, a, b, v)
                if v >= overlap or (v >= floor and (negation[a] or negation[b])):
                    found[(a, b) if a > b else (b, a)] = v
    return [(a, b, v) for (a, b), v in found.items()]


def _plan(
    unnamed: np.ndarray, names: list[np.ndarray], fresh: np.ndarray, n: int, pack: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The blocks (rows, columns) that score every pair of quotes that can meet with a fresh one in
    it: the fresh unnamed quotes against all; the fresh named ones against the unnamed that are not
    fresh (the first block holds the others); and each name's fresh quotes against its quotes,
    several names packed in one block (a block per name costs more than its pairs; the pairs of two
    names in a pack are left out by the caller)."""
    plan = []
    if len(unnamed) and fresh[unnamed].any():
        plan.append((unnamed[fresh[unnamed]], np.arange(n)))
    named_fresh = np.concatenate([m[fresh[m]] for m in names]) if names else np.zeros(0, dtype=np.int64)
    old_unnamed = unnamed[~fresh[unnamed]] if len(unnamed) else unnamed
    if len(old_unnamed) and len(named_fresh):
        plan.append((named_fresh, old_unnamed))
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    size = 0
    for members in sorted((m for m in names if len(m) > 1 and fresh[m].any()), key=len):
        if cols and size + len(members) > pack:
            plan.append((np.concatenate(rows), np.concatenate(cols)))
            rows, cols, size = [], [], 0
        rows.append(members[fresh[members]])
        cols.append(members)
        size += len(members)
    if cols:
        plan.append((np.concatenate(rows), np.concatenate(cols)))
    return plan


def _shares(shared: Any, left: np.ndarray, right: np.ndarray, empty: float, runs: bool = True) -> np.ndarray:
    """Shared counts over the smaller of the two sizes; ``empty`` where either side has no words,
    0 where they share fewer than :data:`_MIN_SHARED` and not all of the smaller side's (two at
    least: :func:`_overlap`)."""
    counts = np.asarray(shared.toarray() if sparse.issparse(shared) else shared, dtype=np.float64)
    smaller = np.minimum(left[:, None], right[None, :])
    out = np.full(counts.shape, empty)
    np.divide(counts, smaller, out=out, where=smaller > 0)
    # fewer shared words are kept only when they are all of the smaller side's (two at least):
    # whether that side stands word for word in the other is read for those pairs alone
    few = (counts < _MIN_SHARED) & (smaller > 0)
    out[few & ((counts < 2) | (counts < smaller)) if runs else few] = 0.0
    return out


def _speaker_vectors(
    found: list[FoundQuote], keys: list[str | None], encode: Any, fresh: np.ndarray | None = None
) -> dict[int, Any]:
    """Embeddings of the parts of each quote whose named speaker is quoted in several articles
    (with ``fresh``, a mask: only of the speakers some fresh quote is given to)."""
    if encode is None:
        return {}
    articles: dict[str, set[str]] = {}
    for item, key in zip(found, keys, strict=True):
        if key:
            articles.setdefault(key, set()).add(item.article)
    wanted = None if fresh is None else {keys[i] for i in np.flatnonzero(fresh)}
    chosen = [i for i, key in enumerate(keys) if key and len(articles[key]) > 1 and (wanted is None or key in wanted)]
    if not chosen:
        return {}
    parts = {i: quote_parts(found[i].quote.text) for i in chosen}
    matrix = encode([p for i in chosen for p in parts[i]])
    vectors, start = {}, 0
    for i in chosen:
        vectors[i] = matrix[start : start + len(parts[i])]
        start += len(parts[i])
    return vectors


def _meaning_pairs(
    found: list[FoundQuote],
    keys: list[str | None],
    vectors: dict[int, Any],
    cosine: float,
    fresh: np.ndarray | None = None,
    days: Sequence[int | None] | None = None,
    window: int = _MEANING_DAYS,
) -> list[tuple[int, int]]:
    """Pairs (i, j), j < i, of one named speaker in different articles, close in meaning: some
    sentence of one has an embedding ``cosine`` with some sentence of the other, and their
    articles are dated at most ``window`` days apart (``days``: each quote's article's day as an
    ordinal, None when undated: undated articles are not kept apart). With ``fresh`` (a mask),
    only the pairs with a fresh quote in them. A speaker says much alike over weeks ("the virus is
    spreading"); one statement is reported within days of being made."""
    by_key: dict[str, list[int]] = {}
    for i in sorted(vectors):
        by_key.setdefault(str(keys[i]), []).append(i)
    pairs = []
    for members in by_key.values():
        if len(members) < 2:
            continue
        stacked = np.vstack([vectors[i] for i in members])
        starts = np.cumsum([0] + [len(vectors[i]) for i in members[:-1]])
        sims = stacked @ stacked.T
        best = np.maximum.reduceat(np.maximum.reduceat(sims, starts, axis=0), starts, axis=1)
        articles = np.array([found[i].article for i in members])
        close = np.tril(best >= cosine, k=-1) & (articles[:, None] != articles[None, :])
        if days is not None:
            day = np.array([-1 if days[i] is None else days[i] for i in members], dtype=np.int64)
            known = day >= 0
            apart = np.abs(day[:, None] - day[None, :]) > window
            close &= ~(apart & known[:, None] & known[None, :])
        if fresh is not None:
            mine = fresh[np.array(members)]
            close &= mine[:, None] | mine[None, :]
        pairs += [(members[a], members[b]) for a, b in zip(*np.nonzero(close), strict=True)]
    return pairs


def _days_apart(a: int | None, b: int | None, window: int) -> bool:
    """Whether two articles' days (ordinals; None: undated, never apart) are over ``window`` apart."""
    return a is not None and b is not None and abs(a - b) > window


def _described_apart(a: str | None, b: str | None) -> bool:
    """Whether two speakers the story names by no name ("the agency", "officials", a reader's
    handle) are written so differently that they are two: both given, sharing no content word.
    A speaker not given at all may be anyone."""
    if not a or not b or a.casefold() == b.casefold():
        return False
    words_a, words_b = _word_set(a), _word_set(b)
    return bool(words_a) and bool(words_b) and not (words_a & words_b)


def align_quotes(
    found: list[FoundQuote],
    encode: Any = None,
    *,
    overlap: float = SynthesizeSettings.quote_overlap,
    cosine: float = SynthesizeSettings.quote_cosine,
    days: Mapping[str, date | None] | None = None,
) -> list[Any]:
    """Group the quotes of a story that are one statement.

    Two quotes are one statement when their speakers agree (or one is not named, and two
    unnamed ones are not written as two: :func:`_described_apart`) and their content words
    match (:func:`wording_overlap` ≥ ``overlap`` with at least :data:`_MIN_SHARED` shared, so a
    quote cut shorter still matches), or, for a translation or paraphrase, when they come from
    different articles dated within :data:`_MEANING_DAYS` days (``days``: article -> date), the
    same named speaker says both and some sentence of one is close in meaning to some sentence of
    the other (embedding ``cosine``; ``encode`` embeds a list of texts as L2-normalised rows).
    Opposite wordings (:func:`opposite`) and wordings giving different figures
    (:func:`~newsweave.synthesize.quote_figures.figures_differ`: "$40m" / "$52m") are never one
    statement; nor are two quotes by words when either names no speaker (:func:`name_key`: a
    description is no name) and their articles are more than :data:`_UNNAMED_DAYS` days apart.
    Only the quotes of speakers quoted in more than one article are embedded.

    A statement is grouped around a head quote (:func:`_groups`, :func:`_statement`): a wording
    joins when it matches the head, or more than half of the wordings gathered, never through one
    quote alone, so unnamed quotes do not chain statements together. A statement is shown under
    the named speaker most of its quotes have (:func:`_story_quote`); each other wording keeps the
    speaker its own article gives it.

    The thresholds were measured on labelled pairs of real quotes (``benchmarks/alignment_real.py``)
    and on pairs written for the project (``benchmarks/alignment.py``).
    """
    return align_and_keep(found, encode, overlap=overlap, cosine=cosine, days=days)[0]


def align_groups(
    found: list[FoundQuote],
    encode: Any = None,
    *,
    overlap: float = SynthesizeSettings.quote_overlap,
    cosine: float = SynthesizeSettings.quote_cosine,
    days: Mapping[str, date | None] | None = None,
) -> list[list[int]]:
    """The groups :func:`align_quotes` makes, as indexes into ``found`` (the head first)."""
    keys, identities, matches = _matches(found, encode, overlap, cosine, days, None)
    return _groups(found, keys, matches)


def align_and_keep(
    found: list[FoundQuote],
    encode: Any = None,
    *,
    overlap: float = SynthesizeSettings.quote_overlap,
    cosine: float = SynthesizeSettings.quote_cosine,
    kept: KeptPairs | None = None,
    days: Mapping[str, date | None] | None = None,
) -> tuple[list[Any], KeptPairs]:
    """:func:`align_quotes`, and the pairs found to be one statement, to keep for the story's next
    writing. With ``kept`` (what its last writing kept, made with the same code and settings), the
    pairs of two quotes it compared are taken from it and only the pairs with another quote are
    scored: the groups are the same as when every pair is scored."""
    keys, identities, matches = _matches(found, encode, overlap, cosine, days, kept)
    made = KeptPairs(tuple(identities), tuple((i, j) for i, js in enumerate(matches) for j in sorted(js)))
    groups = _groups(found, keys, matches)
    ordered = sorted(groups, key=lambda g: (-len({found[i].article for i in g}), min(g)))
    return [_story_quote(found, g) for g in ordered], made


def _matches(
    found: list[FoundQuote],
    encode: Any,
    overlap: float,
    cosine: float,
    days: Mapping[str, date | None] | None,
    kept: KeptPairs | None,
) -> tuple[list[str | None], list[bytes], list[set[int]]]:
    """The speaker keys, the identities and, for each quote, the earlier quotes it is one
    statement with (pairs of ``kept`` reused)."""
    keys = [name_key(item.quote) for item in found]
    day_of = {a: d.toordinal() for a, d in (days or {}).items() if d is not None}
    quote_days = [day_of.get(q.article) for q in found]
    identities = [
        quote_identity(q.article, q.start, q.end, q.quote.text, k, d)
        for q, k, d in zip(found, keys, quote_days, strict=True)
    ]
    fresh, matches = _kept_matches(identities, kept)
    everything = fresh is None
    vectors = _speaker_vectors(found, keys, encode, fresh)
    texts = [item.quote.text for item in found]
    speakers = [item.quote.speaker for item in found]
    # A pair of quotes with no negation in either can be no opposite: its score decides. Only
    # the pairs with a negation are compared one by one, for which sentences are closest.
    negated = [_negated(t) for t in texts]  # a sentence of a quote is part of its text
    opposed: set[tuple[int, int]] = set()
    if everything or fresh.any():
        for i, j, score in _close_pairs(texts, keys, negated, overlap, fresh=fresh):
            if not keys[i] and not keys[j] and _described_apart(speakers[i], speakers[j]):
                continue
            if not (keys[i] and keys[j]) and _days_apart(quote_days[i], quote_days[j], _UNNAMED_DAYS):
                continue  # nobody's words alike weeks apart: a line told again, not one statement
            if (negated[i] or negated[j]) and opposite(texts[i], texts[j]):
                opposed.add((i, j))
            elif score >= overlap and not figures_differ(texts[i], texts[j]):
                matches[i].add(j)
        for i, j in _meaning_pairs(found, keys, vectors, cosine, fresh, quote_days):
            if (i, j) in opposed or ((negated[i] or negated[j]) and opposite(texts[i], texts[j])):
                continue
            if figures_differ(texts[i], texts[j]):
                continue
            matches[i].add(j)
    # what a speaker denied is never one statement with what they said
    denied = [_denied(item.quote) for item in found]
    matches = [{j for j in js if denied[j] == denied[i]} for i, js in enumerate(matches)]
    return keys, identities, matches


def name_key(quote: Any) -> str | None:
    """The key of the named speaker a quote is given to (:func:`speaker_key`), or None: a speaker
    the quote finder took for a description names nobody, however its first letter is written,
    when it holds a word in lower case or a word that is no name (``not_names``: "The company",
    "Port officials", "Officials"); a description of capitalised words alone may be a name the
    finder did not know ("Varga", "Coastline Energy")."""
    if quote.speaker_kind == "description" and quote.speaker and _describes(quote.speaker):
        return None
    return speaker_key(quote.speaker)


def _describes(speaker: str) -> bool:
    words = _WORDS.findall(speaker)
    not_names = _not_names()
    return any(w[:1].islower() for w in words[1:]) or any(w.lower() in not_names for w in words)


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    return frozenset(w.lower() for w in quote_lexicon()["not_names"])


def _kept_matches(identities: list[bytes], kept: KeptPairs | None) -> tuple[Any, list[set[int]]]:
    """Which quotes are fresh (a mask; ``None``: all, nothing kept) and the matches ``kept`` gives
    of the others (``matches[i]``: the earlier quotes ``i`` is one statement with). A quote is
    fresh when the last writing did not compare it, or when two quotes (now or then) share its identity."""
    matches: list[set[int]] = [set() for _ in identities]
    if kept is None or not kept.quotes:
        return None, matches
    counts = Counter(identities)
    before = Counter(kept.quotes)
    was = {identity: k for k, identity in enumerate(kept.quotes) if before[identity] == 1}
    now = {identity: i for i, identity in enumerate(identities) if counts[identity] == 1 and identity in was}
    fresh = np.array([identity not in now for identity in identities], dtype=bool)
    at = {was[identity]: i for identity, i in now.items()}
    for a, b in kept.pairs:
        i, j = at.get(a), at.get(b)
        if i is not None and j is not None and i != j:
            matches[max(i, j)].add(min(i, j))
    return fresh, matches


def _groups(found: list[FoundQuote], keys: list[str | None], matches: list[set[int]]) -> list[list[int]]:
    """The statements, each grouped around a head quote (head first, then the others in order).

    The quote of a named speaker that matches the most others (the earliest on a tie; a quote of
    no named speaker only when none is left) heads the first statement;
    it takes every quote not yet grouped that matches it, in order, unless the quote names a
    speaker the statement already names otherwise or gives figures it gives otherwise, then,
    one at a time, any quote left that matches more than half of the statement's quotes. The
    next head is chosen alike among the quotes left, and so on. Every member of a statement
    matches its head or most of its quotes: a quote of no named speaker that matches two
    statements joins one of them, and never joins them into one."""
    neighbours: list[set[int]] = [set() for _ in found]
    for i, js in enumerate(matches):
        for j in js:
            neighbours[i].add(j)
            neighbours[j].add(i)
    texts = [item.quote.text for item in found]
    order = sorted(range(len(found)), key=lambda i: (keys[i] is None, -len(neighbours[i]), i))
    grouped = [False] * len(found)
    groups: list[list[int]] = []
    for head in order:
        if grouped[head]:
            continue
        group = _statement(head, keys, neighbours, grouped, texts)
        for j in group:
            grouped[j] = True
        groups.append(group)
    return groups


def _statement(
    head: int, keys: list[str | None], neighbours: list[set[int]], grouped: list[bool], texts: Sequence[str]
) -> list[int]:
    """The quotes a head gathers (:func:`_groups`): those not ``grouped`` that match it, then one
    at a time those that match more than half of the gathered ones; never a quote naming a
    speaker another gathered quote names otherwise, nor one giving figures another gathered quote
    gives otherwise (two wordings giving none may match both)."""
    group, names = [head], {keys[head]} - {None}

    def may_join(j: int, names: set[str | None] = names) -> bool:
        if grouped[j] or j in group or (keys[j] and names and keys[j] not in names):
            return False
        return not any(figures_differ(texts[j], texts[i]) for i in group)

    for j in sorted(neighbours[head]):
        if may_join(j):
            group.append(j)
            names |= {keys[j]} - {None}
    # then the quotes that match most of the statement's quotes, though not its head (a
    # paraphrase of a quote printed beside it), until none is left
    grew = True
    while grew:
        grew = False
        members = set(group)
        for j in sorted({j for i in group for j in neighbours[i]} - members):
            if may_join(j) and 2 * len(neighbours[j] & members) > len(members):
                group.append(j)
                names |= {keys[j]} - {None}
                grew = True
                break
    return group


def _denied(quote: Any) -> bool:
    """Whether a quote is reported speech (or words quoted inside it) that its speaker denied."""
    return quote.kind != "direct" and denial(quote.cue)


def _story_quote(found: list[FoundQuote], group: list[int]) -> Any:
    """A statement as the story shows it: under the named speaker that at least half its quotes
    have, its first wording that speaker's earliest; else under the speaker its earliest quote of
    no named speaker has (a description, a reader's handle or none), that quote first. Every other
    wording keeps the speaker its own article gives it (written as the statement's when it is the
    same name)."""
    from newsweave.records import Citation, QuoteVariant, StoryQuote

    keys = [name_key(found[i].quote) for i in group]
    named = Counter(k for k in keys if k)
    key, count = named.most_common(1)[0] if named else (None, 0)
    if key is not None and 2 * count >= len(group):
        written = Counter(found[i].quote.speaker for i, k in zip(group, keys, strict=True) if k == key)
        speaker = max(written, key=lambda w: (written[w], len(w or "")))
        first = next(i for i, k in zip(group, keys, strict=True) if k == key)
    else:  # no name for most: the statement shows an unnamed quote's own speaker
        first = min((i for i, k in zip(group, keys, strict=True) if k is None), default=group[0])
        speaker = found[first].quote.speaker
    order = [first] + sorted(i for i in group if i != first)
    wordings: dict[str, list[Citation]] = {}
    said_by: dict[str, str | None] = {}
    shown = name_key(found[first].quote)
    for i in order:
        text = found[i].quote.text
        wordings.setdefault(text, []).append(Citation(found[i].article, found[i].sentence))
        own = found[i].quote.speaker  # the statement's speaker as the statement writes it, if it is
        said_by.setdefault(text, speaker if shown and name_key(found[i].quote) == shown else own)
    texts = list(wordings)
    kinds = {found[i].quote.kind for i in group}
    kind = next((k for k in ("direct", "partial") if k in kinds), "indirect")
    if kind != "direct" and all(_denied(found[i].quote) for i in group):
        kind = "denied"  # "X denied that …": shown as what X denied, not as X's words
    variants = [QuoteVariant(t, wordings[t], said_by[t]) for t in texts[1:]]
    return StoryQuote(speaker, texts[0], wordings[texts[0]], variants, kind)
