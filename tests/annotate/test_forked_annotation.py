"""Annotation in forked processes gives what annotation in this process gives."""

from __future__ import annotations

import pytest

from newsweave.annotate.annotator import FORK_CHUNK
from newsweave.clean.article import clean_article
from newsweave.records import RawArticle
from newsweave.runtime.forked import can_fork

from ..models.test_vocab import ARTICLES

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not can_fork(), reason="this system does not fork processes")]


def test_several_chunks_annotated_in_two_processes_match_one_process(annotator):
    raws = [RawArticle(source=f"a{i}.txt", text=ARTICLES[i % 2], id=f"a{i}") for i in range(2 * FORK_CHUNK + 5)]
    articles = [a for a in (clean_article(r, 200_000) for r in raws) if a is not None]

    def key(annotations):
        return [
            (a.article_id, [(s.text, s.start) for s in a.sentences], [(e.text, e.label, e.start) for e in a.entities])
            for a in annotations
        ]

    here = list(annotator.annotate(articles, n_process=1))
    forked = list(annotator.annotate(articles, n_process=2))
    assert key(forked) == key(here) and len(here) == len(articles)
    assert all(a.vector == b.vector for a, b in zip(here, forked, strict=True))
