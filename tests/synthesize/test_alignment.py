"""Quote alignment: one statement across outlets, worded alike, cut shorter, translated or negated."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np

from newsweave.synthesize.alignment import (
    _close_pairs,
    _described_apart,
    _groups,
    _negated,
    _speaker_vectors,
    _story_quote,
    align_and_keep,
    align_groups,
    align_quotes,
    opposite,
    overlap_pairs,
    wording_overlap,
)
from newsweave.synthesize.quotes import FoundQuote, speaker_key

from ..conftest import bag_of_words_encoder, pair_benchmark_f1


def test_one_statement_in_two_outlets_is_one_quote_with_variants():
    def found(text, speaker, article):
        from newsweave.synthesize.quotes import Quote

        return FoundQuote(Quote(text, speaker, "named", "said", 0, 0, len(text)), article, 1)

    items = [
        found("We will not let our harbours be used for smuggling into your towns.", "Selim Tarik Aydogan", "a"),
        found("We will not let our harbours be used for smuggling,", "Aydogan", "b"),  # cut shorter
        found("We will not let our harbours be used for smuggling into your towns.", "Daniel Marlow", "c"),
        found("Your patrols kept the coast safe,", "Marlow", "c"),
    ]
    quotes = align_quotes(items, bag_of_words_encoder())
    aydogan = next(q for q in quotes if q.speaker == "Selim Tarik Aydogan")
    assert {c.article for c in aydogan.citations} | {c.article for v in aydogan.variants for c in v.citations} == {
        "a",
        "b",
    }
    assert len(quotes) == 3  # another speaker's identical words stay apart


def _found(text, speaker, article, kind="named"):
    from newsweave.synthesize.quotes import Quote

    return FoundQuote(Quote(text, speaker, kind, "said", 0, 0, len(text)), article, 1)


def test_a_negated_wording_is_another_statement_even_with_the_same_words():
    items = [
        _found("We will sign the agreement this week.", "Ana Ruiz", "a"),
        _found("We will not sign the agreement this week.", "Ana Ruiz", "b"),
        _found("We will sign the agreement this week,", "Ruiz", "c"),
    ]
    quotes = align_quotes(items, bag_of_words_encoder())
    assert sorted(len(q.variants) + len(q.citations) for q in quotes) == [1, 2]
    negated = next(q for q in quotes if "not" in q.text)
    assert [c.article for c in negated.citations] == ["b"]


def test_a_long_quote_with_a_negation_elsewhere_still_matches_its_shorter_wording():
    long = "We will continue to strike those who send them. We have warned citizens not to travel."
    items = [_found(long, "Ana Ruiz", "a"), _found("We will continue to strike those who send them,", "Ruiz", "b")]
    assert len(align_quotes(items, bag_of_words_encoder())) == 1


def test_only_quotes_of_speakers_quoted_in_several_articles_are_embedded():
    seen: list[str] = []
    encoder = bag_of_words_encoder()

    def recording(texts):
        seen.extend(texts)
        return encoder(texts)

    items = [
        _found("The harbour will reopen on Monday morning.", "Ana Ruiz", "a"),
        _found("Ships can dock again from Monday.", "Ruiz", "b"),
        _found("Nobody was hurt in the collapse.", "Tomas Berg", "a"),
        _found("It was a terrible day for the port.", "a spokesman", "b", kind="description"),
    ]
    align_quotes(items, recording)
    assert seen == ["The harbour will reopen on Monday morning.", "Ships can dock again from Monday."]


def test_meaning_alone_never_pairs_two_quotes_of_one_article():
    def same_vector(texts):
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0  # every pair has cosine 1

    items = [
        _found("The harbour will reopen on Monday morning.", "Ana Ruiz", "a"),
        _found("Ships can dock again from Monday.", "Ruiz", "a"),
        _found("Dockers return to work at dawn.", "Ruiz", "b"),
    ]
    _, kept = align_and_keep(items, same_vector)
    assert sorted(kept.pairs) == [(2, 0), (2, 1)]  # each of article a's with b's, never with each other


def test_alignment_benchmark_stays_above_its_floor_with_the_default_thresholds():
    from newsweave.config import Config

    config = Config()
    for name, f1 in pair_benchmark_f1("alignment", config.quote_overlap, config.quote_cosine).items():
        assert f1 >= 0.90, name


_WORDS = [
    "we",
    "will",
    "not",
    "sign",
    "the",
    "deal",
    "this",
    "week",
    "our",
    "port",
    "reopens",
    "monday",
    "ships",
    "dock",
    "again",
    "talks",
    "resume",
    "soon",
]
_SPEAKERS = ["Ana Ruiz", "Ruiz", "Tomas Berg", "Berg", "a spokesman", "he", None]


def _random_quotes(rng: random.Random, n: int) -> list[FoundQuote]:
    """Quotes drawn from a small vocabulary, so that many pairs share words, some sentences
    repeat in other quotes and some wordings differ only by a negation."""
    sentences = [" ".join(rng.choices(_WORDS, k=rng.randint(2, 9))).capitalize() + "." for _ in range(n // 2 + 3)]
    items = []
    for _ in range(n):
        text = " ".join(rng.sample(sentences, rng.randint(1, 3)))
        if rng.random() < 0.2:
            text = text.replace("will", "will not", 1)
        speaker = rng.choice(_SPEAKERS)
        kind = "named" if speaker and speaker[0].isupper() else "description"
        items.append(_found(text, speaker, rng.choice("abcde"), kind))
    return items


def _pairwise(found, encode, overlap, cosine):
    """Alignment as first written: every pair of quotes compared in turn, then grouped."""
    keys = [speaker_key(item.quote.speaker) for item in found]
    vectors = _speaker_vectors(found, keys, encode)

    def same(i, j):
        a, b = found[i].quote, found[j].quote
        if keys[i] and keys[j] and keys[i] != keys[j]:
            return False
        if not keys[i] and not keys[j] and _described_apart(a.speaker, b.speaker):
            return False
        if opposite(a.text, b.text):
            return False
        if wording_overlap(a.text, b.text) >= overlap:
            return True
        if i not in vectors or j not in vectors or found[i].article == found[j].article or keys[i] != keys[j]:
            return False
        return float((vectors[i] @ vectors[j].T).max()) >= cosine

    matches = [{j for j in range(i) if same(i, j)} for i in range(len(found))]
    groups = _groups(found, keys, matches)
    ordered = sorted(groups, key=lambda g: (-len({found[i].article for i in g}), min(g)))
    return [_story_quote(found, g) for g in ordered]


def test_pair_scores_from_sparse_products_equal_the_pairwise_word_overlap():
    rng = random.Random(7)
    texts = [item.quote.text for item in _random_quotes(rng, 60)] + ["", "Yes.", "We will not sign the deal."]
    pairs = overlap_pairs(texts, 0.3).toarray()
    for i, a in enumerate(texts):
        for j, b in enumerate(texts):
            expected = wording_overlap(a, b) if i != j else 0.0
            assert pairs[i, j] == (expected if expected >= 0.3 else 0.0), (a, b)


def test_alignment_groups_as_comparing_every_pair_in_turn_does():
    for seed in range(6):
        rng = random.Random(seed)
        found = _random_quotes(rng, 80)
        encode = bag_of_words_encoder()
        for overlap, cosine in ((0.65, 0.61), (0.4, 0.9)):
            expected = _pairwise(found, encode, overlap, cosine)
            got = align_quotes(found, encode, overlap=overlap, cosine=cosine)
            assert got == expected, (seed, overlap, cosine)
            assert len(got) < len(found)  # the draw does align quotes: the comparison is not vacuous


def _pair_inputs(found):
    """The texts, speaker keys and negations :func:`_close_pairs` reads of ``found``."""
    texts = [item.quote.text for item in found]
    return texts, [speaker_key(item.quote.speaker) for item in found], [_negated(t) for t in texts]


def test_close_pairs_are_every_pair_alignment_acts_on_whatever_the_block_sizes():
    for seed in range(3):
        rng = random.Random(seed)
        texts, keys, negated = _pair_inputs(_random_quotes(rng, 90))
        every = overlap_pairs(texts, 0.5).tocoo()
        expected = {
            (int(i), int(j)): float(v)
            for i, j, v in zip(every.row, every.col, every.data, strict=True)
            if i > j and (not keys[i] or not keys[j] or keys[i] == keys[j]) and (v >= 0.65 or negated[i] or negated[j])
        }
        assert expected and every.nnz > 2 * len(expected)  # speakers and negations leave pairs out
        for chunk, pack in ((128, 256), (3, 5), (1, 1)):
            got = {(i, j): v for i, j, v in _close_pairs(texts, keys, negated, 0.65, chunk=chunk, pack=pack)}
            assert got == expected, (seed, chunk, pack)


def test_pairs_kept_from_the_story_before_it_grew_give_the_groups_of_scoring_every_pair(monkeypatch):
    import newsweave.synthesize.alignment as alignment

    for seed in range(6):
        rng = random.Random(seed)
        drawn = _random_quotes(rng, 80)
        found = [replace(q, start=k, end=k + len(q.quote.text)) for k, q in enumerate(drawn)]
        found[5] = found[4]  # one quote twice: its identity is not unique, it is scored anew
        encode = bag_of_words_encoder()
        for overlap, cosine in ((0.65, 0.61), (0.4, 0.9)):
            settings = {"overlap": overlap, "cosine": cosine}
            expected, every = align_and_keep(found, encode, **settings)
            before = [q for q in found if rng.random() < 0.7]  # the story before it grew, in its order
            _, kept = align_and_keep(before, encode, **settings)
            got, again = align_and_keep(found, encode, kept=kept, **settings)
            assert got == expected, (seed, overlap, cosine)
            assert set(again.pairs) == set(every.pairs) and again.quotes == every.quotes
            # a quote whose speaker the story now names otherwise is another quote
            renamed = list(found)
            for k in (1, 2, 3):
                renamed[k] = replace(found[k], quote=replace(found[k].quote, speaker="Tomas Berg"))
            scored_anew = align_and_keep(renamed, encode, **settings)[0]
            assert align_and_keep(renamed, encode, kept=kept, **settings)[0] == scored_anew
        assert len(expected) < len(found)  # the draw does align quotes: the comparison is not vacuous
    # with every quote compared before (and none twice), no pair is scored again
    unique = found[:5] + found[6:]
    expected, kept = align_and_keep(unique, encode, overlap=0.4, cosine=0.9)
    monkeypatch.setattr(alignment, "_close_pairs", lambda *a, **k: (_ for _ in ()).throw(AssertionError("scored")))
    assert align_and_keep(unique, encode, kept=kept, overlap=0.4, cosine=0.9)[0] == expected


def test_kept_pairs_survive_the_store_and_malformed_bytes_keep_nothing():
    from newsweave.synthesize.alignment_memory import KeptPairs, decode_pairs, encode_pairs, quote_identity

    kept = KeptPairs((quote_identity("a", 0, 5, "Hello", None), quote_identity("b", 3, 9, "Hello", "berg")), ((1, 0),))
    assert decode_pairs(encode_pairs(kept)) == kept
    assert decode_pairs(encode_pairs(KeptPairs())) == KeptPairs()
    assert decode_pairs(encode_pairs(kept)[:-3]) == KeptPairs()
    assert decode_pairs(b"") == KeptPairs()
    assert kept.quotes[0] != quote_identity("a", 0, 5, "Hello", "berg")  # the speaker is part of a quote


def test_whether_two_quotes_are_opposites_does_not_depend_on_their_order():
    # two sentence pairs tie as closest; only one of them differs by a negation
    a = "Officials will not close the northern border crossings. Farmers can export their grain through the port."
    b = "Farmers can export their grain through the port. Officials will close the northern border crossings."
    assert opposite(a, b) and opposite(b, a)
    # so a story whose two articles change places keeps its decision with the pairs kept from before
    first, second = _found(a, "Ana Ruiz", "a", "named"), _found(b, "Ana Ruiz", "b", "named")
    other = _found("Rain is expected across the valley in spring.", None, "c", "description")
    _, kept = align_and_keep([first, second], bag_of_words_encoder())
    scored = align_and_keep([second, first, other], bag_of_words_encoder())[0]
    assert align_and_keep([second, first, other], bag_of_words_encoder(), kept=kept)[0] == scored
    assert len(scored) == 3


def test_close_pairs_of_fresh_quotes_are_the_full_pairs_that_touch_one_whatever_the_block_sizes():
    for seed in range(3):
        rng = random.Random(seed)
        texts, keys, negated = _pair_inputs(_random_quotes(rng, 90))
        every = {(i, j): v for i, j, v in _close_pairs(texts, keys, negated, 0.65)}
        for share in (0.05, 0.3, 0.9):
            fresh = np.array([rng.random() < share for _ in texts])
            expected = {pair: v for pair, v in every.items() if fresh[pair[0]] or fresh[pair[1]]}
            assert expected and len(expected) < len(every) or share == 0.9
            for chunk, pack in ((128, 256), (3, 5), (1, 1)):
                got = {(i, j): v for i, j, v in _close_pairs(texts, keys, negated, 0.65, chunk, pack, fresh=fresh)}
                assert got == expected, (seed, share, chunk, pack)


def test_opposites_are_found_alike_whichever_quote_comes_first():
    rng = random.Random(11)
    texts = [item.quote.text for item in _random_quotes(rng, 120)]
    pairs = [(a, b) for a, b in zip(texts, texts[1:] + texts[:1], strict=True)]
    assert any(opposite(a, b) for a, b in pairs)  # the draw holds opposites: not vacuous
    assert all(opposite(a, b) == opposite(b, a) for a, b in pairs)


def test_what_a_speaker_denied_is_shown_as_denied_and_never_joins_what_was_said():
    from newsweave.synthesize.quotes import Quote

    def found(text, cue, kind, article):
        return FoundQuote(Quote(text, "Daniel Marlow", "named", cue, 0, 0, len(text), kind), article, 1)

    items = [
        found("he had met the smugglers in the harbour last spring", "denied", "indirect", "a"),
        found("he had met the smugglers in the harbour last spring", "denies", "indirect", "b"),
        found("he had met the smugglers in the harbour last spring", "said", "indirect", "c"),
        found("I never met the smugglers in the harbour, not once", "denied", "direct", "d"),
    ]
    quotes = align_quotes(items, bag_of_words_encoder())
    kinds = sorted((q.kind, len(q.citations) + sum(len(v.citations) for v in q.variants)) for q in quotes)
    # the two denials are one statement; the one who said it is another; the direct quote is his words
    assert kinds == [("denied", 2), ("direct", 1), ("indirect", 1)]


def test_a_quote_of_no_named_speaker_does_not_chain_two_statements_into_one():
    reopen = "We will reopen the northern harbour to fishing boats before the end of next month."
    patrol = "The coast guard will patrol every quay of the western docks each night from Sunday."
    items = [
        # a quote of nobody named that holds much of both statements comes first
        _found(f"{reopen} {patrol}", None, "c", "unknown"),
        _found(reopen, "Ana Ruiz", "a"),
        _found(reopen.replace("before the end of", "by"), "Ruiz", "b"),
        _found(patrol, "Ruiz", "d"),
    ]
    groups = [
        sorted({c.article for c in q.citations} | {c.article for v in q.variants for c in v.citations})
        for q in align_quotes(items)
    ]
    # the two statements stay two; the unnamed quote joins one of them, not both
    assert sorted(groups, key=len) == [["d"], ["a", "b", "c"]]


def test_a_statement_is_named_after_the_speaker_most_of_its_quotes_have_and_each_wording_keeps_its_own():
    words = "Isn't this the ideal moment to annex this absurd little country, they have no navy at all"
    minority = [
        _found(words, "Vera Lindqvist", "a"),  # named once: the finder put a reader's words in her mouth
        _found(words + ".", None, "b", "unknown"),
        _found(words + "!", "quaysidescribe", "c", "description"),
    ]
    [quote] = align_quotes(minority)
    assert quote.speaker != "Vera Lindqvist"
    assert {v.speaker for v in quote.variants} | {quote.speaker} == {"Vera Lindqvist", None, "quaysidescribe"}
    majority = [*minority[:2], _found(words + "?", "Lindqvist", "d")]
    [quote] = align_quotes(majority)
    assert quote.speaker == "Vera Lindqvist"
    assert [v.speaker for v in quote.variants if v.speaker != quote.speaker] == [None]  # shown as unknown


def test_a_few_common_words_are_no_wording_but_a_short_quote_printed_word_for_word_is():
    long = "They have ruined us. The goats were our income and now we have nothing left."
    assert wording_overlap("The goats were our income", long) == 1.0  # five words, word for word
    assert wording_overlap("The Valmoran Fever", "We should never call this the Valmoran fever at all") == 0.0
    assert wording_overlap("our income goats were", long) == 0.0  # the same two words, not as printed
    # words such as "we", "will", "the" count for nothing
    assert wording_overlap("We will do what we can for them.", "We can do what they will for us.") == 0.0


def test_one_speaker_alike_in_meaning_weeks_apart_is_two_statements():
    from datetime import date

    def same_vector(texts):
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0  # every pair has cosine 1

    items = [
        _found("The virus is spreading and cannot be stopped.", "Ana Ruiz", "a"),
        _found("Nothing will halt this outbreak now.", "Ruiz", "b"),
        _found("Countries must prepare for a long season.", "Ruiz", "c"),
    ]
    days = {"a": date(2009, 4, 25), "b": date(2009, 4, 27), "c": date(2009, 6, 11)}
    articles = [
        sorted({c.article for c in q.citations} | {c.article for v in q.variants for c in v.citations})
        for q in align_quotes(items, same_vector, days=days)
    ]
    assert sorted(articles) == [["a", "b"], ["c"]]
    assert len(align_quotes(items, same_vector)) == 1  # undated articles are not kept apart


def test_the_same_unnamed_speaker_written_the_same_way_is_not_two_people():
    assert not _described_apart("he", "he")
    assert not _described_apart("They", "they")
    assert _described_apart("the port agency", "two fishermen")
    assert not _described_apart("the port agency", "agency officials")


def test_wordings_alike_that_give_different_figures_are_two_statements():
    items = [
        _found("the repair of the northern pier has cost the port authority $48 million so far", "Ana Ruiz", "a"),
        _found("the repair of the northern pier has cost the port authority $52 million so far", "Ruiz", "b"),
        _found("the repair of the northern pier has cost the port authority dearly so far", "Ruiz", "c"),
    ]
    assert wording_overlap(items[0].quote.text, items[1].quote.text) >= 0.85  # alike but for the figure
    groups = sorted(sorted(g) for g in align_groups(items, bag_of_words_encoder()))
    # the one giving no figure may be either's wording; the two figures are never one statement
    assert [0, 1] not in groups and not any({0, 1} <= set(g) for g in groups)
    assert len(groups) == 2


def test_a_description_written_with_a_capital_names_nobody_but_capitalised_words_alone_may_be_a_name():
    from newsweave.synthesize.alignment import name_key
    from newsweave.synthesize.quote_marks import Quote

    def quote(speaker, kind):
        return Quote("we will reopen the pier", speaker, kind, "said", 0, 0, 20)

    assert name_key(quote("The port authority", "description")) is None
    assert name_key(quote("Officials", "description")) is None  # a word that is no name
    assert name_key(quote("Coastline Energy", "description")) == speaker_key("Coastline Energy")
    assert name_key(quote("The port authority", "named")) == speaker_key("The port authority")
    words = "We will reopen the northern pier to the ferries before the summer season begins."
    items = [_found(words, "Ana Ruiz", "a"), _found(words, "The port chief", "b", kind="description")]
    [statement] = align_quotes(items)
    assert statement.speaker == "Ana Ruiz"  # one statement, under the name


def test_words_of_no_named_speaker_alike_weeks_apart_are_two_statements():
    from datetime import date

    words = "The ferries will not sail while the storm warnings stand over the northern coast."
    items = [
        _found(words, None, "a", "unknown"),
        _found(words, "officials", "b", "description"),
        _found(words, None, "c", "unknown"),
    ]
    days = {"a": date(2010, 5, 3), "b": date(2010, 5, 5), "c": date(2010, 5, 24)}
    groups = sorted(sorted(g) for g in align_groups(items, days=days))
    assert groups == [[0, 1], [2]]
    named = [_found(words, "Ana Ruiz", "a"), _found(words, "Ruiz", "c")]
    assert len(align_groups(named, days=days)) == 1  # a named speaker's words told again are one statement
