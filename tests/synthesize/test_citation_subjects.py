"""Citations refuse a sentence whose main clause names another subject (the same verb of another
actor): sentences written here, parsed by the pipeline's parser; the measure on real articles is
``benchmarks/citations.py``."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.config import Config
from newsweave.synthesize.similarity import SentenceVectors
from newsweave.synthesize.summary import subject_names, subjects_differ, summarize
from newsweave.text.clauses import ClauseSplitter

from ..synth_helpers import material


@pytest.fixture(scope="module")
def splitter() -> ClauseSplitter:
    return ClauseSplitter(Config().spacy_model)


def names(splitter: ClauseSplitter, text: str) -> frozenset[str]:
    return subject_names(splitter.parse([text])[0])


def test_subject_names_read_the_main_clause_and_what_a_trailing_attribution_reports(splitter):
    assert names(splitter, "The radical group Red Dawn claimed responsibility for the bombing.") >= {"dawn"}
    # "…, police said": the claim is the clause before the reporting verb
    assert names(splitter, "The Marxist militant group Kestrel claimed responsibility, police said.") == {"kestrel"}
    # title words are no names; a name in an object is not the subject's
    assert names(splitter, "President Tarek Vendal met Valmoran President Ilan Sorek in Pellin.") == {
        "tarek",
        "vendal",
    }
    assert names(splitter, "The dockworkers began a strike at the Port of Calloway.") == frozenset()


def test_subjects_differ_only_when_both_name_someone_and_share_no_name():
    assert subjects_differ(frozenset({"orlen"}), frozenset({"tarek", "vendal"}))
    assert not subjects_differ(frozenset({"teodor", "brannock"}), frozenset({"brannock"}))
    assert not subjects_differ(frozenset(), frozenset({"kestrel"}))  # "the group" may be anyone


STORY = [
    (
        "a",
        "2019-04-13",
        ["The radical group Red Dawn claimed responsibility Saturday for the depot bombing in Harbourton."],
    ),
    (
        "b",
        "2019-04-12",
        ["The Marxist militant group Kestrel claimed responsibility for the depot bombing, police said."],
    ),
    ("c", "2019-04-13", ["Red Dawn claimed responsibility for the Harbourton depot bombing on Saturday."]),
]


def _summary(splitter, **cfg):
    same = SentenceVectors(lambda texts: np.ones((len(texts), 2), dtype=np.float32) / np.sqrt(2))  # all alike
    config = Config().with_options(**cfg) if cfg else Config()
    picked = material(STORY)
    summary = summarize(picked, same, config, sentences=3, support_vectors=same, parse=splitter.parse)
    return next(s for s in summary if s.text.startswith("The radical group"))


def test_another_group_claiming_the_same_attack_is_not_cited(splitter):
    cited = {c.article for c in _summary(splitter).citations}
    assert cited == {"a", "c"}  # Kestrel's claim does not support Red Dawn's; Red Dawn's own does
    # without the check (or without the parse) every close sentence is cited
    assert {c.article for c in _summary(splitter, citation_subjects=False).citations} == {"a", "b", "c"}


def test_a_story_writer_cites_with_its_kept_vectors_and_parses_the_subjects_in_its_one_batch(splitter):
    """The writer's ``summary_encode`` (static, say) chooses; its ``encode`` (the vectors the
    store keeps) decides the citations; the subjects are parsed with the rest of the story."""
    from newsweave.synthesize.story import StoryInput, StoryWriter
    from newsweave.text.parse import ParseMemory

    def alike(texts):  # the summary vectors: every sentence the same
        return np.ones((len(texts), 2), dtype=np.float32) / np.sqrt(2)

    def facts(texts):  # the kept vectors: the three claims of responsibility alike, the shops apart
        rows = [[1.0, 0.0] if "claimed responsibility" in t else [0.0, 1.0] for t in texts]
        return np.array(rows, dtype=np.float32)

    calls: list[list[str]] = []

    def parse(texts):
        calls.append(list(texts))
        return splitter.parse(texts)

    story = [(aid, day, [*body, "Shops near the depot reopened on Sunday morning."]) for aid, day, body in STORY]
    config = Config(summary_sentences=3).synthesize
    writer = StoryWriter(config, encode=facts, dimension=2, parse=ParseMemory(parse), summary_encode=alike)
    written = writer.story(StoryInput(material(story), {}, {}))
    assert written.story is not None
    (dawn,) = [s for s in written.story.summary if s.text.startswith("The radical group")]
    assert {c.article for c in dawn.citations} == {"a", "c"}  # not Kestrel's, though the summary vectors find all alike
    assert len(calls) == 1  # one batch for the story
