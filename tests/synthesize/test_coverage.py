"""Coverage: claims grouped across outlets, unique claims, and number disagreements."""

from __future__ import annotations

from newsweave.config import Config
from newsweave.synthesize.coverage import coverage
from newsweave.synthesize.similarity import SentenceVectors
from newsweave.synthesize.tallies import counts as found_counts

from ..conftest import bag_of_words_encoder, pair_benchmark_f1
from ..synth_helpers import material


def counts_of(text: str) -> dict[str, float]:
    return {c.thing: c.value for c in found_counts(text)}


STORY = [
    (
        "a",
        "2024-03-06",
        [
            "Dam operators opened the spillway gates on Tuesday night and about 2,400 residents were evacuated.",
            "The governor declared a state of emergency for the whole valley on Wednesday morning.",
            "A local bakery handed out free bread to the families sleeping in the school hall.",
        ],
    ),
    (
        "b",
        "2024-03-06",  # the same day: a count that is no running total given higher later is no update nor disagreement
        [
            "About 2,500 people were evacuated after dam operators opened the spillway gates on Tuesday night.",
            "The governor declared a state of emergency for the valley on Wednesday.",
        ],
    ),
    (
        "c",
        "2024-03-07",
        ["The governor declared a state of emergency for the whole valley early on Wednesday."],
    ),
]


def _coverage():
    mat = material(STORY)
    for article, outlet in zip(mat.articles, ["Ledger", "Wire", "Post"], strict=True):
        article.outlet = outlet
    return coverage(mat, SentenceVectors(bag_of_words_encoder()), Config())


def test_claims_most_outlets_report_come_first_with_their_outlets():
    cov = _coverage()
    top = cov.claims[0]
    assert "state of emergency" in top.text
    assert top.outlets == ["Ledger", "Post", "Wire"]
    assert {c.article for c in top.citations} == {"a", "b", "c"}
    assert cov.matrix is not None and cov.matrix.outlets == ["Ledger", "Post", "Wire"]
    assert [row[0] for row in cov.matrix.reports] == [1, 1, 1]


def test_a_claim_only_one_outlet_reports_is_its_unique_contribution():
    unique = _coverage().unique
    assert any("bakery" in claim.text for claim in unique["Ledger"])
    assert "Post" not in unique


def test_a_claim_another_outlet_words_nearly_alike_is_not_called_unique():
    story = [
        *STORY,
        ("d", "2024-03-07", ["Families sleeping in the school hall were given hot soup by volunteers."]),
    ]
    mat = material(story)
    for article, outlet in zip(mat.articles, ["Ledger", "Wire", "Post", "Herald"], strict=True):
        article.outlet = outlet
    vectors = SentenceVectors(bag_of_words_encoder())
    # grouped apart (the bakery is not the volunteers), but near enough that the fact may be one
    near = coverage(mat, vectors, Config())
    assert not any("bakery" in claim.text for claims in near.unique.values() for claim in claims)
    anything = coverage(mat, vectors, Config().with_options(unique_claim_ceiling=1.0))
    assert any("bakery" in claim.text for claim in anything.unique["Ledger"])


def test_a_claim_another_outlet_gives_late_in_its_article_is_not_called_unique():
    late = "Volunteers said a local bakery handed out free bread to families sleeping in the school hall."
    story = [
        STORY[0],
        (STORY[1][0], STORY[1][1], [*STORY[1][2], "Rain is expected to ease by the weekend.", late]),
        STORY[2],
    ]
    mat = material(story)
    for article, outlet in zip(mat.articles, ["Ledger", "Wire", "Post"], strict=True):
        article.outlet = outlet
    vectors = SentenceVectors(bag_of_words_encoder())
    early_only = Config().with_options(claim_sentences=3)  # the wire's fourth sentence is no claim
    assert not any(
        "bakery" in claim.text for claims in coverage(mat, vectors, early_only).unique.values() for claim in claims
    )
    unlooked = early_only.with_options(unique_echo_ceiling=1.0)
    assert any("bakery" in claim.text for claim in coverage(mat, vectors, unlooked).unique["Ledger"])


def test_different_numbers_for_the_same_thing_are_flagged_with_both_sides_cited():
    (disagreement,) = _coverage().disagreements
    assert disagreement.about == "number of people"
    sides = {side.citations[0].article: side.text for side in disagreement.sides}
    assert "2,400" in sides["a"] and "2,500" in sides["b"]


def test_counts_read_numbers_words_and_magnitudes_but_not_units():
    assert counts_of("Police questioned ten Iranians and 1.2 million customers were affected.") == {
        "iranian": 10.0,
        "customer": 1_200_000.0,
    }
    # a tally is keyed by what it counts, whatever the noun
    assert counts_of("Police arrested ten Iranians.") == {"arrested": 10.0}
    assert counts_of("Prices rose 40 percent in three years.") == {}


def test_claim_grouping_benchmark_stays_above_its_floor_with_the_default_thresholds():
    """The labelled claim pairs (benchmarks/claim_pairs.py): F1 with the defaults ≥ 0.80 on both sets."""
    config = Config()
    for name, f1 in pair_benchmark_f1("claim_pairs", config.claim_word_match, config.claim_threshold).items():
        assert f1 >= 0.80, name


def _toks(spec):
    """Tokens from (text, dep, head index) triples."""
    from newsweave.text.parse import Tok

    return [Tok(i, 0, text, "NN", dep, head, 0) for i, (text, dep, head) in enumerate(spec)]


def test_subject_words_are_the_subjects_of_the_main_verb():
    from newsweave.synthesize.coverage import subject_words

    toks = _toks([("Regulators", "nsubj", 1), ("approved", "ROOT", 1), ("it", "dobj", 1)])
    assert subject_words(toks) == {"regulators"}
    toks = _toks([("It", "nsubj", 1), ("said", "ROOT", 1), ("rates", "nsubj", 3), ("rose", "ccomp", 1)])
    assert subject_words(toks) == {"it"}  # not the subject of a clause below the main verb


def test_a_close_match_below_the_sure_cosine_needs_a_shared_subject_or_words():
    from newsweave.synthesize.coverage import one_fact

    config = Config(claim_sure=0.75, claim_jaccard=0.26).synthesize
    a, b = {"firm", "asked", "agency", "approve", "drug"}, {"agency", "approved", "pill", "adults"}
    assert one_fact(0.80, a, b, None, config)  # sure by meaning alone
    assert not one_fact(0.70, a, b, ({"firm"}, {"agency"}), config)  # two facts of one event
    assert one_fact(0.70, a, b, ({"agency"}, {"agency"}), config)  # one actor, one act
    assert one_fact(0.70, {"dam", "opened", "gates"}, {"dam", "opened", "gates", "night"}, None, config)
    off = Config(claim_sure=0.0).synthesize
    assert one_fact(0.70, a, b, ({"firm"}, {"agency"}), off)


def test_grouping_asks_the_parse_only_for_matches_that_are_not_sure():
    import numpy as np

    from newsweave.synthesize.coverage import _group

    mat = material(
        [
            ("a", None, ["The drug maker asked the agency to approve its pill for all adults."]),
            ("b", None, ["The agency approved the pill for every adult on Friday."]),
        ]
    )
    claims = [s for a in mat.articles for s in mat.sentences[a.id]]
    asked: list[str] = []
    subjects = {claims[0].text: "maker", claims[1].text: "agency"}

    def parse(texts):
        asked.extend(texts)
        return [_toks([(subjects[t], "nsubj", 1), ("did", "ROOT", 1)]) for t in texts]

    def matrix(cos):
        return np.array([[1.0, 0.0], [cos, float(np.sqrt(1 - cos**2))]])

    config = Config(claim_model=False).synthesize  # the gate without the same-fact model
    assert len(_group(claims, matrix(0.70), mat, config, parse)) == 2  # not sure, other subjects
    assert len(asked) == 2
    asked.clear()
    assert len(_group(claims, matrix(0.90), mat, config, parse)) == 1 and not asked
    subjects[claims[0].text] = "agency"
    assert len(_group(claims, matrix(0.70), mat, config, parse)) == 1


def test_only_the_sentences_that_can_be_among_the_first_claims_are_split():
    """claims_of with a limit takes every article's first sentence, then every article's second
    and so on, and splits no sentence beyond the limit's count (each sentence gives one claim or
    more): a grown story does not split its newer articles' sentences again, and a story of many
    articles is compared over all of them."""
    import random

    from newsweave.synthesize.coverage import claims_of

    rng = random.Random(7)
    words = [
        "the",
        "council",
        "approved",
        "a",
        "new",
        "bridge",
        "over",
        "the",
        "river",
        "after",
        "a",
        "debate",
        "and",
        "the",
        "mayor",
        "said",
        "it",
        "opens",
    ]
    for _ in range(30):
        articles = [
            (
                f"a{k}",
                "2024-05-02",
                [" ".join(rng.choices(words, k=rng.randint(3, 14))) for _ in range(rng.randint(1, 6))],
            )
            for k in range(rng.randint(1, 8))
        ]
        mat = material(articles)
        cuts: dict[str, list[tuple[int, int]]] = {}
        whole = claims_of(mat, 4, _splitter(cuts, [], rng))
        for limit in (1, 2, 3, 5, 8, 13, 40):
            asked: list[str] = []
            chosen = claims_of(mat, 4, None, limit)
            keys = {(c.article_id, c.index) for c in chosen}
            claims = claims_of(mat, 4, _splitter(cuts, asked, rng), limit)
            assert len(asked) <= limit and len(claims) == min(
                limit, len([c for c in whole if (c.article_id, c.index) in keys])
            )
            assert all((c.article_id, c.index) in keys for c in claims)
            assert claims == [c for c in whole if c in claims]  # in the article by article order
            with_claims = {c.article_id for c in claims_of(mat, 4)}
            assert len(chosen) == min(limit, len(claims_of(mat, 4)))
            if limit >= len(with_claims):  # every article's first claim before any article's second
                assert {c.article_id for c in chosen} == with_claims
                assert {c.article_id for c in claims} == with_claims  # clauses cut the same way


def _splitter(cuts, asked, rng):
    """A clause splitter that records the texts it is asked for and cuts each text once, at random
    (kept in ``cuts``: the same text is cut alike in every call)."""

    def split(texts):
        asked.extend(texts)
        return [cuts.setdefault(t, _random_clauses(t, rng)) for t in texts]

    return split


def _random_clauses(text, rng):
    """One clause, or the text cut at a random space into two."""
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if not spaces or rng.random() < 0.5:
        return [(0, len(text))]
    at = rng.choice(spaces)
    return [(0, at), (at + 1, len(text))]


def test_claims_are_read_from_the_event_most_outlets_report_first():
    from newsweave.synthesize.coverage import claims_of

    mat = material(
        [
            ("old1", "2024-01-02", ["The small bridge on the river road was closed for repairs."]),
            ("old2", "2024-01-03", ["Engineers found cracks in the small bridge on the river road."]),
            ("new1", "2024-03-01", ["The city council voted to build a second river crossing."]),
            ("new2", "2024-03-01", ["Councillors approved a second crossing over the river on Friday."]),
            ("new3", "2024-03-02", ["A second river crossing will be built, the council decided."]),
        ]
    )
    events = [["old1", "old2"], ["new1", "new2", "new3"]]
    first_two = claims_of(mat, 4, limit=2, events=events)
    assert {c.article_id for c in first_two} == {"new1", "new2"}
    in_order = claims_of(mat, 4, limit=2)
    assert {c.article_id for c in in_order} == {"old1", "old2"}
