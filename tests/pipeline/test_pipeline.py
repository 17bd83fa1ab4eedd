"""The pipeline's own state: the embedding cache of synthesis, and what made the store's vectors."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import numpy as np
import pytest

from newsweave.config import Config
from newsweave.errors import NewsweaveError
from newsweave.pipeline import runner as pipeline
from newsweave.pipeline.runner import Newsweave
from newsweave.synthesize.story import WrittenStory

from ..conftest import SAMPLE, bag_of_words_encoder

NO_PARSER = SimpleNamespace(parse=lambda texts: [], split=None, identity="no parser")


class CountingEmbedder:
    """A deterministic stand-in for the embedding model that counts what it encodes."""

    dimension = 4
    identity = "counting (float32)"

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts):
        self.encoded += list(texts)
        return np.array([[len(t), t.count("a"), t.count("e"), 1.0] for t in texts], dtype=np.float32)


def test_the_text_cache_serves_a_call_larger_than_itself_and_evicts_the_least_recently_used():
    from newsweave.synthesize.story import TextVectors

    embedder = CountingEmbedder()
    cache = TextVectors(embedder.encode, embedder.dimension, size=3)
    texts = ["alpha", "beta", "gamma", "delta", "epsilon"]
    vectors = cache(texts + ["alpha"])  # more texts than the cache holds
    assert np.array_equal(vectors, embedder.encode(texts + ["alpha"]))
    assert len(cache.recent) == 3
    embedder.encoded.clear()
    cache(["gamma"])  # kept (among the last used), and now the most recent
    assert embedder.encoded == []
    cache(["zeta"])  # evicts the least recently used: delta
    assert list(cache.recent) == ["epsilon", "gamma", "zeta"]
    assert cache([]).shape == (0, 4)
    assert set(cache.take_new()) == {*texts, "zeta"} and cache.take_new() == {}


def test_texts_embedded_once_are_read_from_the_store_by_a_later_run(tmp_path):
    embedder = CountingEmbedder()
    with Newsweave(tmp_path / "n.db", annotator=SimpleNamespace(embedder=embedder, clauses=NO_PARSER)) as nw:
        first = nw.writer.texts(["a quote", "a clause"])
        nw.save_stories([WrittenStory(text_vectors=nw.writer.texts.take_new())])
    embedder.encoded.clear()
    # a new process's view
    with Newsweave(tmp_path / "n.db", annotator=SimpleNamespace(embedder=embedder, clauses=NO_PARSER)) as nw:
        again = nw.writer.texts(["a clause", "a new one", "a quote"])
        assert embedder.encoded == ["a new one"]
        assert np.array_equal(again[[0, 2]], first[[1, 0]])
        nw.store.forget_vectors(pipeline.EMBEDDING_SETTING, "another (float32)")
        assert nw.store.text_vectors(["a quote", "a new one"]) == {}


def test_paragraphs_parsed_once_are_read_from_the_store_by_a_later_run(tmp_path):
    from newsweave.text.parse import Tok

    parsed: list[str] = []

    def parse(texts, processes=1):  # the interface of ClauseSplitter.parse
        parsed.extend(texts)
        return [[Tok(0, 0, t.split()[0], "NN", "ROOT", 0, 0)] for t in texts]

    parser = SimpleNamespace(parse=parse, split=None, identity="a parser 1.0")
    with Newsweave(tmp_path / "n.db", annotator=SimpleNamespace(embedder=CountingEmbedder(), clauses=parser)) as nw:
        first = nw.writer.parse(["He said so.", "She did not."])
        nw.save_stories([WrittenStory(parses=nw.writer.parse.take_new())])
    assert parsed == ["He said so.", "She did not."]
    parsed.clear()
    # a new process's view: only the new paragraph is parsed
    with Newsweave(tmp_path / "n.db", annotator=SimpleNamespace(embedder=CountingEmbedder(), clauses=parser)) as nw:
        again = nw.writer.parse(["She did not.", "A new one.", "He said so."])
        assert parsed == ["A new one."]
        assert again[0] == first[1] and again[2] == first[0]
    # another parser (or version) does not read these parses
    parsed.clear()
    other = SimpleNamespace(parse=parse, split=None, identity="a parser 2.0")
    with Newsweave(tmp_path / "n.db", annotator=SimpleNamespace(embedder=CountingEmbedder(), clauses=other)) as nw:
        nw.writer.parse(["He said so."])
        assert parsed == ["He said so."]


def test_clauses_split_once_are_read_from_the_store_by_a_later_run(tmp_path):
    split_texts: list[str] = []

    def split(texts):
        split_texts.extend(texts)
        return [[(0, 4), (6, len(t))] for t in texts]

    parser = SimpleNamespace(parse=lambda texts: [], split=split, identity="a parser 1.0")
    texts = ["Rain fell, but the dam held.", "The dam held."]  # only the first may hold two clauses
    with Newsweave(tmp_path / "n.db", annotator=SimpleNamespace(embedder=CountingEmbedder(), clauses=parser)) as nw:
        first = nw.writer.split(texts)
        nw.save_stories([WrittenStory(clauses=nw.writer.split.take_new())])
    assert split_texts == ["Rain fell, but the dam held."] and first[1] == [(0, len(texts[1]))]
    split_texts.clear()
    with Newsweave(tmp_path / "n.db", annotator=SimpleNamespace(embedder=CountingEmbedder(), clauses=parser)) as nw:
        assert nw.writer.split(texts) == first and split_texts == []


def test_clauses_are_embedded_through_the_text_cache_and_sentences_by_position():
    from newsweave.records import Sentence
    from newsweave.synthesize.similarity import SentenceVectors

    whole, texts = CountingEmbedder(), CountingEmbedder()
    vectors = SentenceVectors(whole.encode, encode_texts=texts.encode)
    sentence = Sentence("a", 0, "The council met and the mayor resigned.", "body", 0, 39)
    clause = Sentence("a", 0, "the mayor resigned", "body", 24, 42, part=2)
    matrix = vectors.matrix([sentence, clause])
    assert whole.encoded == [sentence.text] and texts.encoded == [clause.text]
    assert list(vectors.new) == [("a", 0)] and matrix.shape == (2, 4)


# -- what made the store's vectors -------------------------------------------------------------


class OtherModel:
    """Another embedding model (bag of words, 256 dimensions), as a user's --embedding-model would be."""

    identity = "bag-of-words (float32)"
    dimension = 256

    def __init__(self, fail_after: int | None = None) -> None:
        self._encode = bag_of_words_encoder(self.dimension)
        self.calls = 0
        self.fail_after = fail_after

    def encode(self, texts):
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise KeyboardInterrupt  # the run is interrupted here
        return self._encode(list(texts))


def _with_embedder(annotator, embedder):
    other = copy.copy(annotator)  # the same loaded spaCy pipelines, another embedding model
    other.embedder = embedder
    return other


@pytest.fixture
def sample_store(tmp_path, annotator):
    with Newsweave(tmp_path / "s.db", annotator=annotator) as nw:
        nw.run([SAMPLE])
        assert nw.store.setting(pipeline.EMBEDDING_SETTING) == annotator.embedder.identity
    return tmp_path / "s.db"


def _vector_sizes(nw):
    """Lengths of the stored document vectors and sentence vectors."""
    ids = _all_ids(nw)
    articles = {len(v) for v in map(nw.store.article_vector, ids) if v is not None}
    return articles, {len(v) for a in ids for v in nw.store.sentence_vectors(a).values()}


def _all_ids(nw):
    return [str(r[0]) for r in nw.store.conn.execute("SELECT id FROM articles")]


def test_each_use_embeds_with_the_backend_of_its_setting():
    from newsweave.annotate.annotator import Annotator

    annotator = Annotator(Config(embedding_backend="onnx", sentence_backend=None, summary_backend="static"))
    assert annotator.sentence_embedder is annotator.embedder
    assert annotator.summary_embedder.backend == "static" and annotator.summary_embedder is annotator.summary_embedder
    annotator = Annotator(Config(sentence_backend="onnx-int8", summary_backend=None))
    assert annotator.sentence_embedder.backend == "onnx-int8"
    assert annotator.summary_embedder is annotator.sentence_embedder
    with pytest.raises(NewsweaveError, match=r"\[E010\].*tensorrt.*static"):
        Annotator(Config(summary_backend="tensorrt"))


def test_a_store_refuses_sentence_vectors_of_another_backend(tmp_path):
    from newsweave.annotate.annotator import Annotator

    db = tmp_path / "n.db"
    with Newsweave(db, annotator=Annotator(Config())) as nw:  # no model loads: only identities are compared
        nw.check_vectors()
        recorded = nw.store.setting(pipeline.EMBEDDING_SETTING)
        assert recorded == nw.embedder.identity  # summary vectors are not stored, so not recorded
    config = Config(sentence_backend="static")
    with Newsweave(db, config, annotator=Annotator(config)) as nw:
        assert "documents" in nw.vectors_identity and "static" in nw.vectors_identity
        with pytest.raises(NewsweaveError, match="E011") as caught:
            nw.check_vectors()
        assert recorded in str(caught.value) and "--reembed" in str(caught.value)
    config = Config(embedding_backend="static", sentence_backend="onnx")
    with Newsweave(db, config, annotator=Annotator(config)) as nw, pytest.raises(NewsweaveError, match="E011"):
        nw.check_vectors()


@pytest.mark.slow
def test_a_store_refuses_vectors_of_another_model(sample_store, annotator):
    with Newsweave(sample_store, annotator=_with_embedder(annotator, OtherModel())) as nw:
        before = sorted(s.id for s in nw.stories())
        nw.store.mark_all_dirty()
        with pytest.raises(NewsweaveError) as caught:
            nw.build()
        assert "[E011]" in str(caught.value) and "bag-of-words (float32)" in str(caught.value)
        assert annotator.embedder.identity in str(caught.value) and "--reembed" in str(caught.value)
        assert sorted(s.id for s in nw.stories()) == before
        assert _vector_sizes(nw) == ({384}, {384})  # nothing of the other model was written


@pytest.mark.slow
def test_reembed_makes_every_vector_again_and_groups_the_stories_again(sample_store, annotator):
    other = OtherModel()
    with Newsweave(sample_store, annotator=_with_embedder(annotator, other)) as nw:
        report = nw.build(reembed=True)
        assert nw.store.setting(pipeline.EMBEDDING_SETTING) == other.identity
        assert _vector_sizes(nw) == ({256}, {256})
        assert nw.store.without_vector() == [] and nw.store.unassigned() == []
        assert report.stories_written == len(nw.stories()) > 0
        assert {a for s in nw.stories() for a in s.article_ids} == set(_all_ids(nw))
        nw.build()  # the new model is the store's now
    with Newsweave(sample_store, annotator=annotator) as nw, pytest.raises(NewsweaveError, match="E011"):
        nw.build(rebuild=True)


@pytest.mark.slow
def test_an_interrupted_reembed_resumes_at_the_next_build(sample_store, annotator):
    config = Config().with_options(batch_size=1)  # blocks of 4 articles: the first is saved, then the run stops
    with Newsweave(sample_store, config, annotator=_with_embedder(annotator, OtherModel(fail_after=1))) as nw:
        with pytest.raises(KeyboardInterrupt):
            nw.build(reembed=True)
        left = nw.store.without_vector()
        assert 0 < len(left) < len(_all_ids(nw)) and nw.stories() == []  # old stories are gone, not stale
    with Newsweave(sample_store, config, annotator=_with_embedder(annotator, OtherModel())) as nw:
        nw.build()
        assert nw.store.without_vector() == [] and nw.store.unassigned() == []
        assert _vector_sizes(nw) == ({256}, {256})


@pytest.mark.slow
def test_the_cli_says_how_to_change_the_model_of_a_store(sample_store, tmp_path, capsys):
    from newsweave.cli import main

    code = main(["--db", str(sample_store), "--embedding-backend", "onnx", "build"])
    err = capsys.readouterr().err
    assert code != 0 and "[E011]" in err and "--reembed" in err and "Traceback" not in err
    late = tmp_path / "late.txt"
    late.write_text("Harbour cranes arrive\n\nThe new cranes arrived at the harbour on Monday morning.\n")
    before = len(_all_ids_of(sample_store))
    code = main(["--db", str(sample_store), "--embedding-backend", "onnx", "run", str(late), "--out", str(tmp_path)])
    assert code != 0 and "[E011]" in capsys.readouterr().err
    assert len(_all_ids_of(sample_store)) == before  # refused before reading anything


def _all_ids_of(db):
    with Newsweave(db) as nw:
        return _all_ids(nw)


def test_a_story_that_fails_to_be_written_is_logged_and_left_marked_while_the_others_are_written(
    sample_store, annotator, monkeypatch, caplog, capsys
):
    from newsweave.cli import main
    from newsweave.synthesize.story import StoryWriter

    real = StoryWriter.story
    with Newsweave(sample_store, annotator=annotator) as nw:
        ids = sorted(s.id for s in nw.stories())
        broken = ids[0]

        def story(self, inputs):
            if inputs.material.story_id == broken:
                raise ValueError("a bug")
            return real(self, inputs)

        monkeypatch.setattr(StoryWriter, "story", story)
        report = nw.build(rebuild=True)
        assert report.stories_written == len(ids) - 1
        assert report.not_written == [f"story {broken}: ValueError: a bug"]
        assert nw.store.dirty_stories() == [broken]  # nothing saved for it: the next build tries again
        assert "could not be written" in caplog.text and broken in caplog.text
        assert "1 not written" in report.summary_line(len(ids))
    # the command says so with its own exit code, and no traceback
    capsys.readouterr()  # (what the calls above logged through an earlier test's handler)
    code = main(["--db", str(sample_store), "build", "--rebuild"])
    err = capsys.readouterr().err
    assert code == 4 and "[E016]" in err and broken in err and "Traceback" not in err
    monkeypatch.setattr(StoryWriter, "story", real)
    with Newsweave(sample_store, annotator=annotator) as nw:
        report = nw.build()
        assert report.stories_written == 1 and report.not_written == [] and nw.store.dirty_stories() == []


def test_an_event_that_fails_keeps_its_story_unwritten_and_a_missing_model_still_stops_the_run(
    tmp_path, annotator, monkeypatch
):
    from newsweave.errors import Errors
    from newsweave.synthesize.story import StoryWriter

    real = StoryWriter.event
    calls = []

    def event(self, inputs):
        calls.append(inputs.material.story_id)
        if inputs.material.story_id == calls[0]:  # the first event written, each time it is tried
            raise ValueError("a bug in event")
        return real(self, inputs)

    monkeypatch.setattr(StoryWriter, "event", event)
    with Newsweave(tmp_path / "n.db", annotator=annotator) as nw:
        report = nw.run([SAMPLE])
        broken = calls[0]
        story = nw.store.story_of_event(broken)
        assert f"event {broken}: ValueError: a bug in event" in report.not_written
        assert any(item.startswith(f"story {story}: ") for item in report.not_written)
        assert nw.store.dirty_events() == [broken] and nw.store.dirty_stories() == [story]
        assert report.stories_written >= 1  # the other stories are written
        monkeypatch.setattr(StoryWriter, "event", real)
        again = nw.build()
        assert again.not_written == [] and nw.store.dirty_events() == [] and nw.store.dirty_stories() == []
        assert again.stories_written == 1 and len(nw.stories()) == report.stories_written + 1

        def missing_model(self, inputs):
            raise NewsweaveError(Errors.E002, name="a-model", detail="not installed")

        monkeypatch.setattr(StoryWriter, "story", missing_model)
        with pytest.raises(NewsweaveError, match="E002"):
            nw.build(rebuild=True)


def test_a_story_emptied_by_a_merge_is_neither_written_nor_counted(sample_store, annotator):
    with Newsweave(sample_store, annotator=annotator) as nw:
        ids = sorted(s.id for s in nw.stories())
        gone, taker = ids[0], ids[1]
        with nw.store.conn:  # as a merge leaves it: every article of one story in another
            nw.store.conn.execute("UPDATE articles SET story_id=? WHERE story_id=?", (taker, gone))
        report = nw.build(rebuild=True)
        assert report.stories_written == len(ids) - 1
        assert sorted(s.id for s in nw.stories()) == [i for i in ids if i != gone]
        line = report.summary_line(len(nw.stories()))
        assert f"{len(ids) - 1} stories in the store ({len(ids) - 1} written by this run)" in line


def test_the_story_list_says_undated_for_a_story_without_dates():
    from newsweave.records import days_when

    assert days_when(None, None) == "undated"
    assert days_when("2024-03-01", "2024-03-01") == "2024-03-01"
    assert days_when("2024-03-01", "2024-03-04") == "2024-03-01..2024-03-04"
