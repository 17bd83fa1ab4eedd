"""Made-up inputs for the hostile-input tests and ``benchmarks/hostile.py``: valid articles of
random words (no third-party text), and a corpus of hostile and malformed inputs of every kind
with valid articles hidden among them, generated at test time, its bombs bounded.

    corpus = write_corpus(folder, seed=0)   # -> Corpus(paths, valid ids, inputs tried)
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

_VOCABULARY = """harbour board council valley river bridge market school hospital station museum library
farmers engineers residents officials workers teachers voted opened closed repaired rebuilt reported announced
delayed approved rejected planned finished north south east west old new small large regional local national
early late heavy light storm flood frost harvest budget contract road rail ferry tunnel pier tower square garden
festival exhibition season winter summer spring autumn"""
_WORDS = tuple(_VOCABULARY.split())
_PLACES = ("Calloway", "Osterfeld", "Brenn", "Amsel", "Kora", "Vellin", "Marnholt", "Tessaly", "Rundle", "Palk")


def made_up_text(rng: random.Random, sentences: int = 4) -> str:
    """A paragraph of made-up news prose: sentences of random words around a made-up place."""
    out = []
    for _ in range(sentences):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 20))]
        words.insert(rng.randint(0, len(words)), rng.choice(_PLACES))
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def made_up_records(count: int, seed: int = 0, repeats: int = 0, copies: int = 0) -> list[dict[str, object]]:
    """``count`` distinct articles, then ``repeats`` exact repeats of some of them and ``copies``
    of some under other outlets (wire copies), in a shuffled order fixed by ``seed``."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = [
        {
            "id": f"v{seed}-{i}",
            "title": f"Report {i} from {rng.choice(_PLACES)}",
            "text": made_up_text(rng),
            "outlet": f"Outlet {i % 7}",
            "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        }
        for i in range(count)
    ]
    extra = [dict(rng.choice(rows)) for _ in range(repeats)]
    for n in range(copies):
        copy = dict(rng.choice(rows))
        copy.update(id=f"{copy['id']}-wire{n}", outlet=f"Wire outlet {n}")
        extra.append(copy)
    rows += extra
    rng.shuffle(rows)
    return rows


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    """Write ``rows`` as JSON Lines."""
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@dataclass
class Corpus:
    """A written hostile corpus: the paths to ingest, the ids of its valid articles, inputs tried."""

    paths: list[Path]
    valid: set[str] = field(default_factory=set)
    inputs: int = 0
