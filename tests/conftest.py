"""Shared fixtures. Models load once per session; tests that need them are marked ``slow``."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample_corpus"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def annotator():
    """One Annotator (spaCy + sentence embeddings) shared by every model-using test."""
    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    return Annotator(Config())


def load_benchmark(name: str):
    """A script of ``benchmarks/`` as a module, for the tests that gate on its labelled data."""
    from importlib import util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / f"{name}.py"
    spec = util.spec_from_file_location(f"{name}_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pair_benchmark_f1(name: str, word: float, cosine: float) -> dict[str, float]:
    """F1 of a pair benchmark's sets (``alignment``, ``claim_pairs``) with the given thresholds."""
    import json

    from newsweave.models.embed import Embedder

    module, encode = load_benchmark(name), Embedder().encode
    out = {}
    for data in module.SETS.values():
        rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
        out[data.name] = module.scores(*module.pair_scores(rows, encode), word, cosine)["f1"]
    return out


def bag_of_words_encoder(dim: int = 256):
    """A deterministic stand-in for sentence embeddings: hashed, L2-normalised word counts."""
    import re
    import zlib

    def encode(texts):
        out = np.zeros((len(texts), dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                if len(word) > 2:
                    out[i, zlib.crc32(word.encode()) % dim] += 1.0
            norm = np.linalg.norm(out[i])
            if norm:
                out[i] /= norm
        return out

    return encode


HOSTILE = {
    "id": "hostile-1",
    "title": '<script>alert("t")</script> Harbour "onerror=alert(1) {{ 7*7 }} crane vote',
    "outlet": "<img src=x onerror=alert(2)> Gazette",
    "url": "javascript:alert(3)",
    "published": "2025-03-21",
    "text": (
        "Dockworkers at the Port of Calloway <script>alert(4)</script> met on Friday to discuss the crane plans.\n"
        'The union said the vote {{ config }} {% raw %} would take place "onerror=alert(5) next week.\n'
        "Visit <a href=javascript:alert(6)>our site</a> for more on the strike and the automated cranes.\n"
    ),
}


def built_store(base: Path, name: str, rows: list[dict], annotator) -> Path:
    """A store ``base/NAME.db`` that ``newsweave run`` built from ``rows`` (one JSON Lines file
    ``base/NAME.jsonl``, written here); the store's path."""
    import json

    from newsweave.pipeline.runner import Newsweave

    corpus = base / f"{name}.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Newsweave(base / f"{name}.db", annotator=annotator) as nw:
        nw.run([corpus])
    return base / f"{name}.db"


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, annotator):
    """A store built from the sample corpus plus one article whose fields are hostile markup."""
    import json

    from newsweave.pipeline.runner import Newsweave

    base = tmp_path_factory.mktemp("web")
    hostile = base / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    with Newsweave(base / "web.db", annotator=annotator) as nw:
        nw.run([SAMPLE, hostile])
    return base / "web.db"


@pytest.fixture
def quote_reads(monkeypatch) -> list[str]:
    """The ids of the articles whose quotes are found (not read from the store) from now on."""
    from newsweave.synthesize import quotes

    read: list[str] = []
    real = quotes.article_quotes

    def counted(article, *args, **kwargs):
        read.append(article.id)
        return real(article, *args, **kwargs)

    monkeypatch.setattr(quotes, "article_quotes", counted)
    return read
