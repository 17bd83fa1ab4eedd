"""End to end on the five real seed articles in ../shared/seeds (skipped when absent)."""

from __future__ import annotations

import json

import pytest

from newsweave.pipeline.runner import Newsweave

from ..conftest import SEEDS

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


def test_pages_name_untitled_articles_and_unknown_outlets_for_a_reader(seeds_built, tmp_path):
    """The seeds have no outlets and most have no title: the pages show opening words and
    "outlet unknown [n]", never an internal key or a bare hash."""
    import re

    from newsweave.report import write_report

    write_report(seeds_built.store, tmp_path, formats=("json", "md", "html"))
    data = json.loads((tmp_path / "stories.json").read_text(encoding="utf-8"))
    untitled = [a for a in data["articles"] if a["title"] is None]
    assert untitled and all(a["label"] and a["label"] != a["id"] for a in untitled)
    pages = sorted(tmp_path.glob("story-*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "source:" not in html
        assert "outlet unknown [" in html  # coverage names the articles whose outlet is unknown
        assert not any(f">{article['id']}<" in html for article in untitled)
    markdown = (tmp_path / "stories.md").read_text(encoding="utf-8")
    assert not re.search(r"^\d+\. [0-9a-f]{16}$", markdown, re.M)  # no article listed by its hash
