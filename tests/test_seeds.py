"""End to end on the five real seed articles in ../shared/seeds (skipped when absent)."""

from __future__ import annotations

import json

import pytest

from newsweave.pipeline import Newsweave

from .conftest import SEEDS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SEEDS / "labels.json").exists(), reason="../shared/seeds not present"),
]

JUNE_VISIT = {"000", "001", "002"}
OCTOBER_VISIT = {"003", "004"}


@pytest.fixture(scope="module")
def seeds_built(tmp_path_factory, annotator):
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    nw = Newsweave(db, annotator=annotator)
    nw.run(sorted(SEEDS.glob("*.txt")))
    yield nw
    nw.close()


def _prefixes(nw, story):
    return {a.source.rsplit("/", 1)[-1][:3] for a in nw.store.articles(story.article_ids)}


def test_each_visit_stays_in_one_story(seeds_built):
    groups = [_prefixes(seeds_built, s) for s in seeds_built.stories()]
    assert sorted(map(sorted, groups)) in (
        [sorted(JUNE_VISIT), sorted(OCTOBER_VISIT)],
        [sorted(JUNE_VISIT | OCTOBER_VISIT)],
    ), groups


def test_summaries_are_cited_and_free_of_boilerplate(seeds_built):
    labels = json.loads((SEEDS / "labels.json").read_text())["files"]
    boilerplate = set()
    for name, lab in labels.items():
        lines = (SEEDS / name).read_text(encoding="utf-8").split("\n")
        boilerplate |= {lines[int(n) - 1].strip() for n in lab["boilerplate"]}
    for story in seeds_built.stories():
        assert story.summary
        for sent in story.summary:
            assert sent.citations
            assert not any(sent.text in line or line in sent.text for line in boilerplate if line)
