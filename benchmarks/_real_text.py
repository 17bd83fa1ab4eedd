"""Real articles of ``../shared/data`` addressed by a document id, for benchmarks whose labels are
kept as references (document id and character offsets) and never as text.

Ids: ``duc:<doc id>`` (DUC 2003 and 2004), ``t17:<topic_source>/<article id>`` (Timeline17,
tokenised, one sentence a line), ``ecb:<doc id>`` (ECB+, no publication date), ``pol:<article id>``
(PolNeAR, one text per article whichever annotator's record), ``wcl:<doc id>`` (NewsWCL50, no
publication date).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from functools import lru_cache
from typing import Any

from _common import DATA


@lru_cache(maxsize=1)
def _duc() -> dict[str, tuple[str, str | None]]:
    docs: dict[str, tuple[str, str | None]] = {}
    for name in ("duc2003-task2.jsonl", "duc2004-clusters.jsonl"):
        with (DATA / name).open(encoding="utf-8") as handle:
            for line in handle:
                for doc in json.loads(line)["docs"]:
                    docs[f"duc:{doc['id']}"] = (doc["text"], doc.get("published"))
    return docs


@lru_cache(maxsize=32)
def _t17(folder: str) -> dict[str, tuple[str, str | None]]:
    docs: dict[str, tuple[str, str | None]] = {}
    with (DATA / "timeline17" / folder / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            docs[f"t17:{folder}/{row['id']}"] = (row["text"], str(row["time"])[:10])
    return docs


@lru_cache(maxsize=1)
def _ecb() -> dict[str, tuple[str, str | None]]:
    with gzip.open(DATA / "external" / "ecbplus-docs.jsonl.gz", "rt", encoding="utf-8") as handle:
        return {f"ecb:{row['doc_id']}": (row["text"], None) for row in map(json.loads, handle)}


@lru_cache(maxsize=1)
def _polnear() -> dict[str, tuple[str, str | None]]:
    docs: dict[str, tuple[str, str | None]] = {}
    with gzip.open(DATA / "external" / "polnear.jsonl.gz", "rt", encoding="utf-8") as handle:
        for row in map(json.loads, handle):
            docs.setdefault(f"pol:{row['id']}", (row["text"], row.get("date")))
    return docs


@lru_cache(maxsize=1)
def _newswcl() -> dict[str, tuple[str, str | None]]:
    with gzip.open(DATA / "external" / "newswcl50-docs.jsonl.gz", "rt", encoding="utf-8") as handle:
        return {f"wcl:{row['doc_id']}": (row["text"], None) for row in map(json.loads, handle)}


def document(doc_id: str) -> tuple[str, str | None]:
    """The text and publication date (``YYYY-MM-DD`` or None) of a document by its id."""
    if doc_id.startswith("duc:"):
        return _duc()[doc_id]
    if doc_id.startswith("t17:"):
        return _t17(doc_id[4:].split("/")[0])[doc_id]
    if doc_id.startswith("ecb:"):
        return _ecb()[doc_id]
    if doc_id.startswith("pol:"):
        return _polnear()[doc_id]
    if doc_id.startswith("wcl:"):
        return _newswcl()[doc_id]
    raise KeyError(doc_id)


def half(doc_id: str) -> str:
    """The half a document belongs to, by a hash of its id: A (develop) or B (held out)."""
    return "A" if hashlib.sha1(doc_id.encode()).digest()[0] % 2 == 0 else "B"


@lru_cache(maxsize=1)
def _sentencizer():  # type: ignore[no-untyped-def]
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_at(doc_id: str, start: int, end: int) -> tuple[str, int]:
    """The sentence holding ``text[start:end]`` as the annotate stage cuts it (the rule-based
    sentencizer over each line) and where it starts in the document."""
    text, _ = document(doc_id)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    for sent in _sentencizer()(line).sents:
        lo, hi = line_start + sent.start_char, line_start + sent.end_char
        if lo <= start < hi:
            return text[lo : max(hi, end)], lo
    return line, line_start


def at_main(path: str, name: str):  # type: ignore[no-untyped-def]
    """A module of the project as it is on branch ``main`` (today's code, for a baseline)."""
    import importlib.util
    import subprocess
    import tempfile
    from pathlib import Path

    source = subprocess.run(["git", "show", f"main:{path}"], capture_output=True, text=True, check=True).stdout
    folder = Path(tempfile.mkdtemp())
    file = folder / Path(path).name
    file.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, file)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # a dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def at_main_together(paths: list[str]) -> dict[str, Any]:
    """The modules of ``paths`` that branch ``main`` has, as they are there and importing one
    another (each under its own module name while they load; give a module after those it
    imports); a path main does not have is left out."""
    import subprocess

    saved: dict[str, Any] = {}
    loaded = {}
    try:
        for path in paths:
            if subprocess.run(["git", "cat-file", "-e", f"main:{path}"], capture_output=True).returncode:
                continue
            name = path.removesuffix(".py").replace("/", ".")
            saved.setdefault(name, sys.modules.get(name))
            loaded[path] = sys.modules[name] = at_main(path, name)
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return loaded


def as_cleaned(doc_id: str, text: str) -> tuple[str, list[int]]:
    """A stretch ``text`` of a document as the clean stage gives it: joined back when the document
    is tokenised the PTB way (Timeline17), with where each character stood in ``text``
    (:func:`newsweave.clean.untokenise.mapped_offset` maps offsets into it)."""
    from newsweave.clean.untokenise import looks_tokenised, untokenise_mapped

    if looks_tokenised(document(doc_id)[0]):
        return untokenise_mapped(text)
    return text, list(range(len(text)))
