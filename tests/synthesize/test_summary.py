from dataclasses import replace

import numpy as np

from newsweave.config import Config
from newsweave.synthesize.introduced import is_dangling
from newsweave.synthesize.similarity import SentenceVectors
from newsweave.synthesize.summary import summarize

from ..conftest import bag_of_words_encoder
from ..synth_helpers import material

STORY = [
    (
        "a",
        "2024-03-01",
        [
            "Dockworkers at the Port of Calloway began a strike on Monday over automated cranes.",
            "The union said about 3,000 members joined the walkout at the container terminal.",
            "A local bakery reported record sales of cinnamon rolls this spring season.",
        ],
    ),
    (
        "b",
        "2024-03-02",
        [
            "Port of Calloway dockworkers went on strike Monday over plans for automated cranes.",
            "Ships began to queue outside the port as loading stopped at the container terminal.",
            "They said the cranes would cost jobs.",
        ],
    ),
    (
        "c",
        "2024-03-03",
        [
            "The strike by dockworkers at the Port of Calloway over automated cranes entered its third day.",
            "The labour minister invited the union and the port operator to talks at the ministry.",
        ],
    ),
]


def _run(words=40, **cfg):
    # the stand-in encoder's cosines run lower than the transformer's the citation threshold is set for
    config = Config().with_options(**{"citation_threshold": 0.5, **cfg})
    return summarize(material(STORY), SentenceVectors(bag_of_words_encoder()), config, words=words)


def test_summary_sentences_are_sources_and_cite_all_supporting_articles():
    summary = _run()
    assert summary, "no summary"
    texts = {s for a in STORY for s in a[2]}
    assert all(s.text in texts for s in summary)  # extractive: every sentence is a source sentence
    strike = next(s for s in summary if "strike" in s.text and "automated cranes" in s.text)
    cited = {c.article for c in strike.citations}
    assert cited == {"a", "b", "c"}  # the same fact, reported by three outlets


def test_redundant_sentences_are_not_repeated_and_budget_holds():
    summary = _run(words=40)
    strike_leads = [s for s in summary if "strike" in s.text and "automated cranes" in s.text]
    assert len(strike_leads) == 1
    assert sum(len(s.text.split()) for s in summary[:-1]) < 40


def test_a_sentence_budget_gives_that_many_sentences_whatever_the_words():
    for n in (1, 2, 3):
        summary = summarize(material(STORY), SentenceVectors(bag_of_words_encoder()), Config(), words=5, sentences=n)
        assert len(summary) == n
    config = Config().with_options(summary_sentences=2)
    assert len(summarize(material(STORY[:1]), SentenceVectors(bag_of_words_encoder()), config)) == 2


def test_off_topic_and_dangling_sentences_stay_out_of_the_opening():
    summary = _run(words=60)
    assert "bakery" not in summary[0].text
    assert not is_dangling(summary[0].text)


def test_summary_is_ordered_by_time():
    dates = [s.date for s in _run(words=80)]
    assert dates == sorted(dates)


def test_dangling_detection():
    assert is_dangling("They said the cranes would cost jobs.")
    assert is_dangling("“However, the talks failed.”")
    assert not is_dangling("The union said the talks failed.")


def test_prefilter_keeps_on_topic_candidates_within_the_limit():
    from newsweave.synthesize.summary import candidates, prefilter

    mat = material(STORY)
    pool = candidates(mat, 12)
    kept = prefilter(mat, pool, 4)
    assert len(kept) == 4
    assert all("bakery" not in s.text for s in kept)
    assert prefilter(mat, pool, 100) == pool


def test_a_one_article_story_is_summarised_by_its_lead_without_embeddings():
    def refuse(texts):
        raise AssertionError("a one-article story needs no embeddings")

    mat = material([STORY[0]])
    summary = summarize(mat, SentenceVectors(refuse), Config(), words=26)
    assert [s.text for s in summary] == [STORY[0][2][0], STORY[0][2][1]]
    assert all(s.citations[0].article == "a" for s in summary)


def test_openers_that_refer_back_are_dangling():
    for text in (
        "The statement said that the port would stay closed.",
        "The move comes after weeks of talks at the ministry.",
        "He added that the cranes would stay.",
        "It was the longest strike in a decade.",
        "On Tuesday, she said the union would not back down.",
        "“We will not back down,” he told reporters.",
        "The two leaders met at the ministry.",
    ):
        assert is_dangling(text), text
    for text in (
        "The strike by dockworkers at the Port of Calloway entered its third day.",
        "The statement of the union was read at the gate.",
        "This year the port handled more containers than ever.",
        "Mara Velden, the port's director, said the cranes would stay.",
        "“We will not back down,” Mara Velden told reporters.",
        "The former harbour master joined the strike.",
    ):
        assert not is_dangling(text), text


def test_a_sentence_that_refers_back_is_never_chosen_first():
    story = [
        ("a", "2024-03-01", ["The move comes after months of talks over automated cranes at the port of Calloway."]),
        ("b", "2024-03-02", ["Dockworkers at the Port of Calloway went on strike on Monday over automated cranes."]),
    ]
    mat = material(story)
    for sentences in (1, 2):
        summary = summarize(mat, SentenceVectors(bag_of_words_encoder()), Config(), sentences=sentences)
        assert summary[0].text.startswith("Dockworkers")


def test_a_word_budget_gives_its_words_within_ten_percent():
    for words in (20, 30, 40):
        summary = _run(words=words)
        total = sum(len(s.text.split()) for s in summary)
        assert 0.9 * words <= total <= 1.1 * words, (words, total)


def test_a_sentence_giving_another_figure_for_the_same_thing_supports_no_summary_sentence():
    from newsweave.records import Sentence
    from newsweave.synthesize.summary import counts_differ, support

    picked = Sentence("a", 0, "A warship captured 26 Somali pirates in the strait.", "body", 0, 10)
    pool = [
        picked,
        Sentence("b", 0, "The navy captured 23 pirates in the strait.", "body", 0, 10),
        Sentence("c", 0, "The navy captured 26 pirates in the strait on Friday.", "body", 0, 10),
        Sentence("d", 0, "Sailors captured the pirates in the strait.", "body", 0, 10),
    ]
    vecs = np.ones((4, 2), dtype=np.float32) / np.sqrt(2)
    everyone = support(picked, vecs[0], pool, vecs, None, 0.5)
    assert {c.article for c in everyone} == {"a", "b", "c", "d"}
    checked = support(picked, vecs[0], pool, vecs, None, 0.5, lambda j: counts_differ(picked.text, pool[j].text))
    assert {c.article for c in checked} == {"a", "c", "d"}  # 23 does not support 26; no figure does not refuse it
    assert counts_differ("The death toll rose to 15.", "The blast killed 12 workers.")  # an update is no support
    assert not counts_differ("At least 12 workers were killed.", "The blast killed 15 workers.")  # a bound admits it


# --- citations: which articles a summary sentence cites ---------------------------------------

CITED = [
    ("a", "2024-03-01", ["Dockworkers at the Port of Calloway began a strike on Monday over automated cranes."]),
    ("b", "2024-03-02", ["Port of Calloway dockworkers went on strike Monday over plans for automated cranes."]),
    ("c", "2024-03-02", ["A bakery near the Port of Calloway sold cinnamon rolls to striking dockworkers."]),
]


def _encoder(rows: dict[str, list[float]]):
    """An encoder giving each text the vector of the first key it contains."""

    def encode(texts):
        out = np.array([next(v for k, v in rows.items() if k in t) for t in texts], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    return encode


def _cited(summary_rows, support_rows, **cfg):
    """(the picked sentence's article, the articles it cites)."""
    config = Config().with_options(**cfg)
    summary = summarize(
        material(CITED),
        SentenceVectors(_encoder(summary_rows)),
        config,
        sentences=1,
        support_vectors=SentenceVectors(_encoder(support_rows)),
    )
    return summary[0].citations[0].article, {c.article for c in summary[0].citations}


FACTS = {"began": [1, 0], "went": [1, 0.1], "bakery": [0.2, 1]}  # the two strike reports alike


def test_the_sentence_vectors_decide_citations_not_the_summary_vectors():
    # summary vectors that follow shared names (all three close): the bakery is not cited
    names = {"began": [1, 0], "went": [1, 0.05], "bakery": [0.8, 0.6]}
    picked, cited = _cited(names, FACTS)
    assert cited == ({"a", "b"} if picked in "ab" else {"c"})
    # summary vectors that keep the two strike reports apart: they still cite each other
    picked, cited = _cited({"began": [1, 0], "went": [0, 1], "bakery": [0.7, 0.7]}, FACTS)
    assert cited == ({"a", "b"} if picked in "ab" else {"c"})
    # the former rule, kept as a setting, decides with the summary vectors
    picked, cited = _cited(names, FACTS, citation_vectors="summary")
    assert picked in "ab" and cited == {"a", "b", "c"}


def test_the_citation_threshold_is_a_setting():
    facts = {"began": [1, 0], "went": [1, 0.6], "bakery": [0, 1]}  # cosine 0.86 between a and b
    assert _cited(facts, facts, citation_threshold=0.8, citation_model=False)[1] in ({"a", "b"}, {"c"})
    assert _cited(facts, facts, citation_threshold=0.9, citation_model=False)[1] in ({"a"}, {"b"}, {"c"})


def test_an_unknown_citation_setting_is_refused():
    import pytest

    with pytest.raises(ValueError, match="citation_vectors"):
        _cited({"began": [1, 0], "went": [1, 0], "bakery": [0, 1]}, {"began": [1, 0]}, citation_vectors="words")


def test_a_summary_asks_the_parse_only_for_its_sentences_and_those_near_them():
    from newsweave.synthesize.summary import choose

    config = Config().with_options(summary_sentences=1).synthesize
    story = material(CITED)
    chosen = choose(story, SentenceVectors(_encoder(FACTS)), config)
    picked = chosen.pool[chosen.selected[0]]

    def to_parse(settings, encoder) -> list[str]:
        citer = chosen.citer(story, settings, SentenceVectors(encoder), parse=lambda texts: [[] for _ in texts])
        assert citer is not None
        return citer.to_parse(chosen.selected)

    texts = to_parse(config, _encoder(FACTS))
    strikes = {s.text for s in chosen.pool if "strike" in s.text}
    if picked.text in strikes:
        assert set(texts) == strikes  # the picked sentence and the other strike report; not the bakery
    else:
        assert texts == []  # nothing near enough to cite: nothing to parse
    far = {"began": [1, 0], "went": [0, 1], "bakery": [-1, 0.2]}
    assert to_parse(config, _encoder(far)) == []
    assert to_parse(replace(config, citation_subjects=False), _encoder(FACTS)) == []
    assert to_parse(replace(config, citation_vectors="summary"), _encoder(FACTS)) == []


def test_the_citer_reads_the_support_matrix_and_the_near_texts_once():
    """The texts to parse and the citations come of one support matrix (the pool's vectors
    stacked once) and one reading of each picked sentence's near texts."""
    from newsweave.synthesize.summary import choose

    config = Config().with_options(summary_sentences=1).synthesize
    story = material(CITED)
    chosen = choose(story, SentenceVectors(_encoder(FACTS)), config)
    stacked = []
    vectors = SentenceVectors(_encoder(FACTS))
    plain = vectors.matrix

    def counted(sentences):
        stacked.append(len(sentences))
        return plain(sentences)

    vectors.matrix = counted  # type: ignore[method-assign]
    parsed: list[list[str]] = []

    def parse(texts):
        parsed.append(list(texts))
        return [[] for _ in texts]

    citer = chosen.citer(story, config, vectors, parse)
    assert citer is not None
    texts = citer.to_parse(chosen.selected)
    cited = [citer(i) for i in chosen.selected]
    assert stacked == [len(chosen.pool)]
    assert all(c[0].article == chosen.pool[i].article_id for c, i in zip(cited, chosen.selected, strict=True))
    assert [t for batch in parsed for t in batch] == texts  # what was listed is what was parsed
