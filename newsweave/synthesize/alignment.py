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
of such is of kind "denied".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse

from newsweave.config import SynthesizeSettings
from newsweave.synthesize.alignment_memory import KeptPairs, quote_identity
from newsweave.synthesize.quote_marks import denial
from newsweave.synthesize.quotes import FoundQuote, quote_lexicon, speaker_key
from newsweave.text.overlap_join import overlap_join

_WORDS = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_MAX_PARTS = 4  # sentences of a long quote compared with other quotes
_OPPOSITE_OVERLAP = 0.5
_MIN_PART_WORDS = 5  # distinct words of a quote's sentence compared by words alone
_CHUNK = 128  # quotes per block of the pair matrix at most ...
_BLOCK_BYTES = 64 * 2**20  # ... and fewer in large stories: a block holds (chunk x 4) x (columns x 4) scores
_PACK = 256  # quotes of several speakers scored as one block at most


@lru_cache(maxsize=8192)
def _word_set(text: str) -> frozenset[str]:
    """The distinct lower-cased words of a text (cached: alignment compares each quote many times)."""
    return frozenset(_WORDS.findall(text.lower()))


def _overlap(a: str, b: str) -> float:
    """Share of the shorter quote's words found in the other (a quote cut shorter still matches)."""
    wa, wb = _word_set(a), _word_set(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


@lru_cache(maxsize=4096)
def _parts(text: str) -> tuple[str, ...]:
    """A quote's sentences and clauses, for matching a short quote against part of a long one."""
    parts = [p.strip(' ,“”"') for p in _SENTENCE_END.split(text)]
    return tuple(p for p in parts if len(p.split()) >= 3) or (text,)


def _closest(a: str, b: str) -> tuple[float, str, str]:
    """The word overlap of the closest pair among the quotes' sentences and the whole quotes, and
    that pair (on a tie, the sentences: the narrowest text that matches, so a negation in another
    sentence of a longer quote does not make an opposite; among tied sentence pairs, one whose
    negations differ, so that whether two quotes are opposites does not depend on which is given
    first)."""
    best = (-1.0, a, b)
    for x in _parts(a)[:_MAX_PARTS]:
        for y in _parts(b)[:_MAX_PARTS]:
            if min(_distinct_words(x), _distinct_words(y)) < _MIN_PART_WORDS:
                continue  # "This is stupid." shares two of its three words with too much
            score = _overlap(x, y)
            if score > best[0] or (
                score == best[0] and _negated(x) != _negated(y) and _negated(best[1]) == _negated(best[2])
            ):
                best = (score, x, y)
    whole = _overlap(a, b)
    return (whole, a, b) if whole > best[0] else best


def _distinct_words(text: str) -> int:
    return len(_word_set(text))


def wording_overlap(a: str, b: str) -> float:
    """How much two quotes share their words: the best of the whole quotes and of any pair of
    their sentences (share of the shorter one's words, so a quote cut shorter still scores 1)."""
    return _closest(a, b)[0]


def opposite(a: str, b: str) -> bool:
    """Two wordings whose closest sentences share most words (overlap ≥ 0.5) while only one of
    the two is negated are opposite statements ("We will sign" / "We will not sign")."""
    return _opposed(*_closest(a, b))


def _opposed(score: float, x: str, y: str) -> bool:
    return score >= _OPPOSITE_OVERLAP and _negated(x) != _negated(y)


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
                part = _shares(self.parts[row_parts] @ parts_t, sizes[row_parts], sizes[col_parts], -1.0)
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
    pi, pj, part_score = overlap_join(words.parts, floor)
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
    return sparse.csr_matrix((best, (pair[firsts] // n, pair[firsts] % n)), shape=(n, n))


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


def _shares(shared: Any, left: np.ndarray, right: np.ndarray, empty: float) -> np.ndarray:
    """Shared counts over the smaller of the two sizes; ``empty`` where either side has no words."""
    counts = np.asarray(shared.toarray() if sparse.issparse(shared) else shared, dtype=np.float64)
    smaller = np.minimum(left[:, None], right[None, :])
    out = np.full(counts.shape, empty)
    np.divide(counts, smaller, out=out, where=smaller > 0)
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
) -> list[tuple[int, int]]:
    """Pairs (i, j), j < i, of one named speaker in different articles, close in meaning: some
    sentence of one has an embedding ``cosine`` with some sentence of the other (with ``fresh``,
    a mask: only the pairs with a fresh quote in them)."""
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
        if fresh is not None:
            mine = fresh[np.array(members)]
            close &= mine[:, None] | mine[None, :]
        pairs += [(members[a], members[b]) for a, b in zip(*np.nonzero(close), strict=True)]
    return pairs


def align_quotes(
    found: list[FoundQuote],
    encode: Any = None,
    *,
    overlap: float = SynthesizeSettings.quote_overlap,
    cosine: float = SynthesizeSettings.quote_cosine,
) -> list[Any]:
    """Group the quotes of a story that are one statement.

    Two quotes are one statement when their speakers agree (or one is not named) and their
    words match (:func:`wording_overlap` ≥ ``overlap``, so a quote cut shorter still matches),
    or, for a translation or paraphrase, when they come from different articles, the same
    named speaker says both and some sentence of one is close in meaning to some sentence of
    the other (embedding ``cosine``; ``encode`` embeds a list of texts as L2-normalised rows).
    Opposite wordings (:func:`opposite`) are never one statement. Only the quotes of speakers
    quoted in more than one article are embedded. Quotes are taken in order; each joins the
    first group (in the order groups were opened) holding a quote it matches whose speakers
    do not name someone else.

    The defaults were measured on a labelled set of quote pairs written for the project
    (``benchmarks/alignment.py``: translations, paraphrases, shortened and lightly edited
    quotes against different statements on the same topic by the same speaker).
    """
    return align_and_keep(found, encode, overlap=overlap, cosine=cosine)[0]


def align_and_keep(
    found: list[FoundQuote],
    encode: Any = None,
    *,
    overlap: float = SynthesizeSettings.quote_overlap,
    cosine: float = SynthesizeSettings.quote_cosine,
    kept: KeptPairs | None = None,
) -> tuple[list[Any], KeptPairs]:
    """:func:`align_quotes`, and the pairs found to be one statement, to keep for the story's next
    writing. With ``kept`` (what its last writing kept, made with the same code and settings), the
    pairs of two quotes it compared are taken from it and only the pairs with another quote are
    scored: the groups are the same as when every pair is scored."""
    keys = [speaker_key(item.quote.speaker) for item in found]
    identities = [quote_identity(q.article, q.start, q.end, q.quote.text, k) for q, k in zip(found, keys, strict=True)]
    fresh, matches = _kept_matches(identities, kept)
    everything = fresh is None
    vectors = _speaker_vectors(found, keys, encode, fresh)
    texts = [item.quote.text for item in found]
    # Below both thresholds a pair can be neither one wording nor an opposite one, and a pair of
    # quotes with no negation in either can be no opposite: its score decides. Only the pairs
    # that may be opposites are compared one by one, for which sentences are closest.
    negated = [_negated(t) for t in texts]  # a sentence of a quote is part of its text
    opposed: set[tuple[int, int]] = set()
    if everything or fresh.any():
        for i, j, score in _close_pairs(texts, keys, negated, overlap, fresh=fresh):
            if not negated[i] and not negated[j]:
                if score >= overlap:
                    matches[i].add(j)
                continue
            closest = _closest(texts[i], texts[j])
            if _opposed(*closest):
                opposed.add((i, j))
            elif closest[0] >= overlap:
                matches[i].add(j)
        for i, j in _meaning_pairs(found, keys, vectors, cosine, fresh):
            if (i, j) not in opposed:
                matches[i].add(j)
    # what a speaker denied is never one statement with what they said
    denied = [_denied(item.quote) for item in found]
    matches = [{j for j in js if denied[j] == denied[i]} for i, js in enumerate(matches)]
    made = KeptPairs(tuple(identities), tuple((i, j) for i, js in enumerate(matches) for j in sorted(js)))
    return _grouped(found, keys, matches), made


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


def _grouped(found: list[FoundQuote], keys: list[str | None], matches: list[set[int]]) -> list[Any]:
    """The statements: each quote, in order, joins the first group (in the order groups were
    opened) holding a quote it matches whose speakers do not name someone else."""
    group_of: list[int] = []
    groups: list[list[int]] = []
    named: list[set[str]] = []
    for i, key in enumerate(keys):
        target = next(
            (g for g in sorted({group_of[j] for j in matches[i]}) if not (key and named[g] and key not in named[g])),
            None,
        )
        if target is None:
            target = len(groups)
            groups.append([])
            named.append(set())
        groups[target].append(i)
        group_of.append(target)
        if key:
            named[target].add(key)
    return [_story_quote(found, g) for g in sorted(groups, key=lambda g: (-len({found[i].article for i in g}), g[0]))]


def _denied(quote: Any) -> bool:
    """Whether a quote is reported speech (or words quoted inside it) that its speaker denied."""
    return quote.kind != "direct" and denial(quote.cue)


def _story_quote(found: list[FoundQuote], group: list[int]) -> Any:
    from newsweave.records import Citation, QuoteVariant, StoryQuote

    head = found[group[0]]
    speaker = next((found[i].quote.speaker for i in group if speaker_key(found[i].quote.speaker)), None)
    speaker = speaker or head.quote.speaker
    wordings: dict[str, list[Citation]] = {}
    for i in group:
        wordings.setdefault(found[i].quote.text, []).append(Citation(found[i].article, found[i].sentence))
    texts = list(wordings)
    kinds = {found[i].quote.kind for i in group}
    kind = next((k for k in ("direct", "partial") if k in kinds), "indirect")
    if kind != "direct" and all(_denied(found[i].quote) for i in group):
        kind = "denied"  # "X denied that …": shown as what X denied, not as X's words
    return StoryQuote(speaker, texts[0], wordings[texts[0]], [QuoteVariant(t, wordings[t]) for t in texts[1:]], kind)
