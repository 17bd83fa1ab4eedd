"""The developing-story labels of the DUC clusters (benchmarks/data/duc_stories.jsonl) and their use
as DUC's story gold by ``benchmarks/story_sets.py``; the DUC texts are read from ../shared."""

from __future__ import annotations

import json
import re
import sys

import pytest

from ..conftest import ROOT, SHARED

LABELS = ROOT / "benchmarks" / "data" / "duc_stories.jsonl"
DUC = [SHARED / "data" / "duc2003-task2.jsonl", SHARED / "data" / "duc2004-clusters.jsonl"]
needs_duc = pytest.mark.skipif(
    not all(p.exists() for p in DUC), reason="../shared/data DUC files are not beside the repository"
)


def rows() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]


def clusters() -> dict[str, list[str]]:
    """DUC cluster id -> the texts filed under it (both years; a shared id is one cluster)."""
    out: dict[str, list[str]] = {}
    for path in DUC:
        for line in path.read_text(encoding="utf-8").splitlines():
            cluster = json.loads(line)
            out.setdefault(cluster["id"], []).extend(doc["text"] for doc in cluster["docs"])
    return out


@pytest.fixture
def story_sets(monkeypatch):
    """benchmarks/story_sets.py as a module (registered while in use: it defines a dataclass)."""
    from importlib import util

    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    spec = util.spec_from_file_location("story_sets_benchmark", ROOT / "benchmarks" / "story_sets.py")
    assert spec is not None and spec.loader is not None
    module = util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_every_row_names_one_cluster_once_with_a_story_and_a_reason():
    seen = [row["cluster"] for row in rows()]
    assert len(seen) == len(set(seen))
    for row in rows():
        assert set(row) == {"cluster", "story", "why"}
        assert re.fullmatch(r"d3\d{4}t", row["cluster"]) and row["story"].strip() and row["why"].strip()


@needs_duc
def test_the_labels_cover_every_duc_cluster_and_copy_no_article_text():
    texts = clusters()
    assert {row["cluster"] for row in rows()} == set(texts)
    words = [" ".join(re.findall(r"\w+", text.lower())) for many in texts.values() for text in many]
    for row in rows():
        tokens = re.findall(r"\w+", row["why"].lower())
        for k in range(len(tokens) - 7):  # no run of eight words taken from an article
            run = " ".join(tokens[k : k + 8])
            assert not any(run in text for text in words), (row["cluster"], run)


@needs_duc
def test_load_duc_scores_stories_by_the_labels_and_still_splits_events_by_cluster(story_sets):
    label = {row["cluster"]: row["story"] for row in rows()}
    dev = story_sets.load_duc()
    assert set(dev.events) == set(dev.stories) == {r.id for r in dev.records}
    for record, cluster in dev.events.items():
        assert record.split("/")[1] == cluster  # events stay the clusters
        assert dev.stories[record] == label[cluster]
    assert len(set(dev.stories.values())) < len(set(dev.events.values()))
    assert story_sets.split_label(dev, "event") is dev.events
    assert story_sets.split_label(dev, "story") is dev.stories


@needs_duc
def test_load_duc_refuses_a_cluster_without_a_story(story_sets, tmp_path, monkeypatch):
    partial = tmp_path / "duc_stories.jsonl"
    partial.write_text("\n".join(LABELS.read_text(encoding="utf-8").splitlines()[1:]) + "\n", encoding="utf-8")
    monkeypatch.setattr(story_sets, "DUC_STORIES", partial)
    with pytest.raises(ValueError, match="no story for"):
        story_sets.load_duc()


@pytest.mark.skipif(
    not (SHARED / "data" / "external" / "newswcl50-docs.jsonl.gz").exists(), reason="../shared NewsWCL50 is missing"
)
def test_load_wcl_gives_each_happening_its_outlets_reports_undated(story_sets):
    dev = story_sets.load_wcl()
    by_event: dict[str, set[str]] = {}
    for record in dev.records:
        assert record.published is None and record.outlet and "(" not in record.outlet
        by_event.setdefault(dev.events[record.id], set()).add(record.outlet)
    assert len(by_event) == 10 and all(len(outlets) == 5 for outlets in by_event.values())
    assert dev.stories == dev.events and story_sets.split_label(dev, "event") is dev.events
