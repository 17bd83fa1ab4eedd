"""Which quotes need the transformer to be aligned by meaning? A static-vector gate, on real quotes (issue 25).

Quote alignment (:func:`newsweave.synthesize.alignment.align_quotes`) compares the quotes of one
named speaker in different articles by meaning: the best cosine between their sentences' MiniLM
embeddings, at least ``quote_cosine``. Embedding every such quote with the transformer is most
of the synthesis stage's model time on a large story. The gate embeds every candidate with the
static model first (model2vec, distilled from the same MiniLM, ~100x faster) and hands the
transformer only the quotes that have, in another article, a quote of the same speaker whose
best static cosine reaches ``quote_gate_cosine``. A pair is lost only when its static cosine is
below the gate while its transformer cosine reaches ``quote_cosine``.

Data: stores made by ``newsweave run`` over real articles (Timeline17 topics); the quotes are
found again as the story writer finds them (the parse included). Halves by a hash of (story,
speaker): A to choose the gate, B reported as it comes out. For each gate value it prints the
transformer's positive pairs (best cosine ≥ ``quote_cosine``, not already one wording by words),
how many of them the gate loses, and the share of quote sentences the transformer still embeds.

    python benchmarks/quote_gate.py STORE.db [STORE.db ...] [--gates 0.3,0.4,0.5] [--candidate onnx-int8]

With ``--candidate BACKEND`` that backend takes the static model's place (its "alone" lines then
say how far its decisions agree with the float32 transformer's).
"""

from __future__ import annotations

import argparse
import sys
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsweave.config import Config  # noqa: E402
from newsweave.models.embed import Embedder  # noqa: E402
from newsweave.pipeline.runner import Newsweave  # noqa: E402
from newsweave.synthesize.actors import extract_actors  # noqa: E402
from newsweave.synthesize.alignment import _closest, quote_parts  # noqa: E402
from newsweave.synthesize.quotes import remembering, speaker_key, story_quotes  # noqa: E402
from newsweave.synthesize.story import TextVectors  # noqa: E402


def half(story: str, key: str) -> str:
    """A or B by a hash of the story and the speaker."""
    return "A" if zlib.crc32(f"{story}|{key}".encode()) % 2 == 0 else "B"


def pairs_of(db: Path, config: Config, candidate: str | None = None) -> list[dict]:
    """Every pair of quotes of one named speaker in different articles of a story, with the best
    static (or ``candidate`` backend's) and transformer cosines of their sentences and whether
    their words already match."""
    rows: list[dict] = []
    with Newsweave(db, config) as nw:
        annotator = nw.annotator
        parse = remembering(annotator.clauses.parse, size=6000)
        sentences = nw.sentence_embedder
        transformer = TextVectors(sentences.encode, sentences.dimension, lookup=nw.store.text_vectors)
        static = Embedder(config.annotate.embedding_model, backend=candidate) if candidate else nw.summary_embedder
        for story_id in nw.store.story_ids():
            material = nw.material(story_id)
            actors = extract_actors(material, config.synthesize, everyone=True, parse=parse)
            found = story_quotes(material, actors, parse)
            keys = [speaker_key(f.quote.speaker) for f in found]
            by_key: dict[str, list[int]] = defaultdict(list)
            for i, key in enumerate(keys):
                if key:
                    by_key[key].append(i)
            for key, members in by_key.items():
                if len({found[i].article for i in members}) < 2:
                    continue
                parts = [quote_parts(found[i].quote.text) for i in members]
                flat = [p for ps in parts for p in ps]
                t_all, s_all = transformer(flat), static.encode(flat)
                starts = np.cumsum([0] + [len(ps) for ps in parts[:-1]])
                t_best = np.maximum.reduceat(np.maximum.reduceat(t_all @ t_all.T, starts, axis=0), starts, axis=1)
                s_best = np.maximum.reduceat(np.maximum.reduceat(s_all @ s_all.T, starts, axis=0), starts, axis=1)
                for a in range(len(members)):
                    for b in range(a):
                        i, j = members[a], members[b]
                        if found[i].article == found[j].article:
                            continue
                        rows.append(
                            {
                                "story": f"{db.stem}/{story_id}",
                                "key": key,
                                "i": i,
                                "j": j,
                                "parts_i": len(parts[a]),
                                "parts_j": len(parts[b]),
                                "t": float(t_best[a, b]),
                                "s": float(s_best[a, b]),
                                "words": _closest(found[i].quote.text, found[j].quote.text)[0],
                            }
                        )
    return rows


def score(rows: list[dict], gate: float, cosine: float, overlap: float) -> tuple[int, int, float]:
    """Positive pairs (by the transformer, not already one wording), those the gate loses, and
    the share of the candidates' sentences the transformer still embeds."""
    passed: set[tuple[str, int]] = set()
    parts: dict[tuple[str, int], int] = {}
    for r in rows:
        parts[(r["story"], r["i"])] = r["parts_i"]
        parts[(r["story"], r["j"])] = r["parts_j"]
        if r["s"] >= gate:
            passed.update({(r["story"], r["i"]), (r["story"], r["j"])})
    positive = [r for r in rows if r["t"] >= cosine and r["words"] < overlap]
    lost = [r for r in positive if (r["story"], r["i"]) not in passed or (r["story"], r["j"]) not in passed]
    total = sum(parts.values())
    return len(positive), len(lost), (sum(parts[q] for q in passed) / total if total else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument("--gates", default="0.2,0.3,0.35,0.4,0.45,0.5,0.55")
    parser.add_argument("--static", default="0.55,0.6,0.65,0.7,0.75,0.8", help="static-alone cosines to compare")
    parser.add_argument(
        "--candidate", default=None, help="a backend to put in the static model's place (e.g. onnx-int8)"
    )
    args = parser.parse_args()
    config = Config()
    rows = [r for db in args.stores for r in pairs_of(db, config, args.candidate)]
    cosine, overlap = config.synthesize.quote_cosine, config.synthesize.quote_overlap
    for name in ("A", "B"):
        chosen = [r for r in rows if half(r["story"], r["key"]) == name]
        print(f"half {name}: {len(chosen)} cross-article pairs of one speaker")
        for gate in [float(g) for g in args.gates.split(",")]:
            positive, lost, share = score(chosen, gate, cosine, overlap)
            print(f"  gate {gate:.2f}: positive {positive}, lost {lost}, sentences embedded {share:.3f}")
        # the static model instead of the transformer: its decisions against the transformer's
        reference = {id(r) for r in chosen if r["t"] >= cosine and r["words"] < overlap}
        for threshold in [float(g) for g in args.static.split(",")]:
            found = {id(r) for r in chosen if r["s"] >= threshold and r["words"] < overlap}
            both = len(found & reference)
            p = both / len(found) if found else 0.0
            r_ = both / len(reference) if reference else 0.0
            f = 2 * p * r_ / (p + r_) if p + r_ else 0.0
            print(f"  static alone at {threshold:.2f}: agrees with the transformer P {p:.3f} R {r_:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
