"""Quote alignment on real news: which quotes does the aligner put together as one statement?

Labels: ``benchmarks/data/quote_pairs_real.jsonl``, pairs of quotes that ``newsweave run`` finds in
real articles (Timeline17 H1N1 from three outlets, eight DUC 2004 clusters, NewsWCL50), each read
with its sentences around it and labelled ``same`` (one statement: the same speaker's same
utterance, worded alike or not, cut shorter, paraphrased in a lead), ``false`` or ``null``
(unsure, left out). A row holds references only: the document id and character offsets of each
quote in ``../shared/data`` (``benchmarks/_real_text.py``), the set, the stratum it was drawn from
and the half (A to tune on, B held out: both documents hash to it). The pairs were sampled from
the stores below as the aligner on branch main grouped them (seed 1717): pairs it put together
(with the group's first quote or two others; named or unnamed speakers) and pairs it kept apart
that are near (many shared content words, one speaker, or embedding cosine ≥ 0.7), the strata
equally.

The benchmark reads stores made by ``newsweave run`` over those articles (``--build DIR`` makes
them: about six minutes), finds each story's quotes again as the story writer does, matches each
labelled quote to the found quote its offsets overlap most, aligns every story's quotes (the whole
story, as the pipeline does) with the code of branch ``main`` (``before``) and of this tree
(``after``), and prints per half:

- pair precision and recall: a pair is predicted one statement when both quotes end in one group;
- group purity: of the groups holding two or more labelled quotes of the half, the share in
  which no two labelled quotes are different statements;
- and, per store (no labels), the groups of several quotes, the largest, the variants shown under a
  named speaker that their own article gives to nobody or someone else, and the groups whose
  quotes span more than a week.

    python benchmarks/alignment_real.py --build /tmp/quote_stores        # once
    python benchmarks/alignment_real.py --stores /tmp/quote_stores [--halves A] [--errors]

A second set (``quote_pairs_real_bp.jsonl``, set ``bp``, scored apart as "week") holds pairs the
aligner of main grouped in one week of Timeline17's oil-spill coverage (every article of its five
outlets dated 2010-06-01..07), read for a review of the pipeline: grouped pairs only, so it
measures precision (a pair labelled same that is split counts against recall). It is scored when
the stores' folder holds ``bp.db`` (``--build`` makes it; older folders without it are scored as
before). Its halves are by document hash too; its pairs were all read (both halves) while the
eighteenth session's rules were written, so its B half is not held out from those.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, ROOT, read_jsonl  # noqa: E402
from _real_text import as_cleaned, at_main_together, document  # noqa: E402

LABELS = ROOT / "benchmarks" / "data" / "quote_pairs_real.jsonl"
# a second set: pairs the aligner of main grouped in one week of Timeline17's oil-spill coverage
# (all 121 articles of five outlets dated 2010-06-01..07), read for a review of the pipeline
LABELS_WEEK = ROOT / "benchmarks" / "data" / "quote_pairs_real_bp.jsonl"
WEEK_OUTLETS = ("bbc", "foxnews", "guardian", "reuters", "washingtonpost")
WEEK_DAYS = ("2010-06-01", "2010-06-07")
OUTLET_FOLDER = {"BBC": "bbc", "The Guardian": "guardian", "Reuters": "reuters"}
DUC_CLUSTERS = ("d30010t", "d30053t", "d30028t", "d30044t", "d30003t", "d30048t", "d30011t", "d30008t")
WEEK = 7


# --- the stores ------------------------------------------------------------------------------


def _inputs() -> dict[str, list[dict]]:
    """The records each store is made of (id, text, outlet, published)."""
    h1n1 = []
    for outlet, folder in OUTLET_FOLDER.items():
        for row in read_jsonl(DATA / "timeline17" / f"H1N1_{folder}" / "articles.jsonl"):
            h1n1.append({"id": row["id"], "published": str(row["time"])[:10], "outlet": outlet, "text": row["text"]})
    duc, seen = [], set()
    for line in (DATA / "duc2004-clusters.jsonl").read_text(encoding="utf-8").splitlines():
        cluster = json.loads(line)
        if cluster["id"] in DUC_CLUSTERS:
            for doc in cluster["docs"]:
                if doc["id"] not in seen:
                    seen.add(doc["id"])
                    duc.append({k: doc[k] for k in ("id", "text", "published", "outlet")})
    with gzip.open(DATA / "external" / "newswcl50-docs.jsonl.gz", "rt", encoding="utf-8") as handle:
        wcl = [{"id": r["doc_id"], "outlet": r["outlet_name"], "text": r["text"]} for r in map(json.loads, handle)]
    bp = []
    for folder in WEEK_OUTLETS:
        for row in read_jsonl(DATA / "timeline17" / f"bpoil_{folder}" / "articles.jsonl"):
            day = str(row["time"])[:10]
            if WEEK_DAYS[0] <= day <= WEEK_DAYS[1]:
                bp.append({"id": f"{folder}_{row['id']}", "published": day, "outlet": folder, "text": row["text"]})
    return {"h1n1": h1n1, "duc": duc, "wcl": wcl, "bp": bp}


def build(folder: Path) -> None:
    """Make the three stores with ``newsweave run`` (each from a JSONL of its records)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, records in _inputs().items():
        source = folder / f"{name}.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        command = [sys.executable, "-m", "newsweave.cli", "--db", str(folder / f"{name}.db"), "run", str(source)]
        print(" ".join(command), flush=True)
        subprocess.run(command + ["--out", str(folder / f"{name}-report")], check=True)


def doc_id(store: str, article: str, outlet: str | None) -> str:
    """The ``../shared/data`` id of a stored article of one of the stores."""
    if store == "h1n1":
        return f"t17:H1N1_{OUTLET_FOLDER[outlet or '']}/{article}"
    if store == "bp":
        folder, _, number = article.rpartition("_")
        return f"t17:bpoil_{folder}/{number}"
    return f"{store}:{article}" if store == "duc" else f"wcl:{article}"


_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "`": "'", "\n": " "})
_cleaned_docs: dict[str, tuple[str, list[int]]] = {}


def raw_span(doc: str, text: str, nth: int = 0) -> tuple[int, int] | None:
    """Where a found quote's words stand in the document as ``../shared/data`` holds it (the
    document joined back as the clean stage joins it, quote marks made straight): their ``nth``
    place when the article prints them more than once."""
    import re

    if doc not in _cleaned_docs:
        raw, _ = document(doc)
        cleaned, where = as_cleaned(doc, raw)
        _cleaned_docs[doc] = (cleaned.translate(_MARKS), where)
    cleaned, where = _cleaned_docs[doc]
    words = text.translate(_MARKS).strip(" \"'")
    start = cleaned.find(words)
    for _ in range(nth):
        later = cleaned.find(words, start + 1) if start >= 0 else -1
        if later < 0:
            break
        start = later
    if start >= 0:
        end = start + len(words)
    else:
        head = re.search(re.escape(words[:60]).replace("\\ ", "\\s*"), cleaned)
        if head is None:
            return None
        start = head.start()
        tail = re.compile(re.escape(words[-30:]).replace("\\ ", "\\s*")).search(cleaned, start)
        end = tail.end() if tail else head.end()
    return where[start], where[end - 1] + 1


def _repeats(found: list[Any]) -> list[int]:
    """For each quote, how many quotes of its article with the same words stand before it."""
    out = []
    for f in found:
        out.append(sum(g.article == f.article and g.quote.text == f.quote.text and g.start < f.start for g in found))
    return out


def stories_of(db: Path, store: str) -> list[dict[str, Any]]:
    """Each story of several articles in a store: its quotes found as the story writer finds them
    (the quotes the store kept for an article when the code that finds them is unchanged), their
    documents and raw spans, the articles' dates and an encoder with the store's vectors."""
    from newsweave.config import Config
    from newsweave.pipeline.runner import Newsweave
    from newsweave.synthesize.actors import extract_actors
    from newsweave.synthesize.quote_memory import QuoteMemory, decode_quotes
    from newsweave.synthesize.quotes import remembering, story_quotes
    from newsweave.synthesize.story import TextVectors
    from newsweave.text.dates import parse_iso

    config = Config()
    out = []
    with Newsweave(db, config) as nw:
        parse = remembering(nw.annotator.clauses.parse, size=6000)
        sentences = nw.sentence_embedder
        encode = TextVectors(sentences.encode, sentences.dimension, lookup=nw.store.text_vectors)
        for story_id in nw.store.story_ids():
            material = nw.material(story_id)
            if len(material.articles) < 2:
                continue
            ids = [a.id for a in material.articles]
            memory = QuoteMemory()
            memory.remember({k: decode_quotes(v) for k, v in nw.store.article_quotes(ids, nw._quotes_version).items()})
            actors = extract_actors(material, config.synthesize, everyone=True, parse=parse)
            found = story_quotes(material, actors, parse, memory=memory)
            outlets = {a.id: a.outlet for a in material.articles}
            docs = [doc_id(store, f.article, outlets[f.article]) for f in found]
            spans = [raw_span(d, f.quote.text, nth) for d, f, nth in zip(docs, found, _repeats(found), strict=True)]
            days = {a.id: parse_iso(a.published) for a in material.articles}
            out.append({"store": store, "story": story_id, "found": found, "docs": docs, "spans": spans, "days": days})
        # the vectors of every quote sentence, read while the store is open
        from newsweave.synthesize.alignment import quote_parts

        texts = list(dict.fromkeys(p for s in out for f in s["found"] for p in quote_parts(f.quote.text)))
        vectors = dict(zip(texts, encode(texts), strict=True)) if texts else {}
    import numpy as np

    def cached(batch: list[str]) -> Any:
        missing = [t for t in batch if t not in vectors]
        if missing:
            vectors.update(zip(missing, sentences.encode(missing), strict=True))
        return np.vstack([vectors[t] for t in batch]) if batch else np.zeros((0, sentences.dimension), np.float32)

    for story in out:
        story["encode"] = cached
    return out


# --- scoring ---------------------------------------------------------------------------------


def groups_of(module: Any, story: dict[str, Any]) -> list[list[int]]:
    """The groups (indexes into the story's quotes) a version of the aligner makes of a story."""
    found, encode = story["found"], story["encode"]
    if hasattr(module, "align_groups"):
        return module.align_groups(found, encode, days=story["days"])
    saved = module._story_quote  # the code of main: its groups, before they are made quotes
    module._story_quote = lambda _found, group: list(group)
    try:
        return module.align_quotes(found, encode)
    finally:
        module._story_quote = saved


def locate(stories: list[dict[str, Any]], ref: dict[str, Any]) -> tuple[int, int] | None:
    """The (story, quote) whose raw span overlaps a labelled quote's most (over the longer of the
    two; at least half of the shorter)."""
    best, where = 0.0, None
    for s, story in enumerate(stories):
        for q, (doc, span) in enumerate(zip(story["docs"], story["spans"], strict=True)):
            if doc != ref["doc"] or span is None:
                continue
            shared = min(span[1], ref["end"]) - max(span[0], ref["start"])
            shorter = min(span[1] - span[0], ref["end"] - ref["start"])
            longer = max(span[1] - span[0], ref["end"] - ref["start"])
            if shorter > 0 and shared / shorter >= 0.5 and shared / longer > best:
                best, where = shared / longer, (s, q)
    return where


def score(rows: list[dict], placed: list[tuple], groups: dict[str, list[list[list[int]]]]) -> dict[str, Any]:
    """Pair precision and recall and group purity of one aligner's groups over labelled rows."""
    tp = fp = fn = 0
    wrong: list[dict] = []
    labelled: dict[tuple[str, int, int], list[bool]] = {}
    for row, (store, (sa, qa), (_sb, qb)) in zip(rows, placed, strict=True):
        of = {q: g for g, members in enumerate(groups[store][sa]) for q in members}
        together = of[qa] == of[qb]
        if together and row["same"]:
            tp += 1
        elif together:
            fp += 1
            wrong.append(row)
        elif row["same"]:
            fn += 1
            wrong.append(row)
        if together:
            labelled.setdefault((store, sa, of[qa]), []).append(bool(row["same"]))
    mixed = sum(not all(flags) for flags in labelled.values())
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "groups": len(labelled),
        "purity": 1 - mixed / len(labelled) if labelled else 1.0,
        "wrong": wrong,
    }


def describe(stories: list[dict[str, Any]], groups: list[list[list[int]]], module: Any) -> dict[str, int]:
    """Unlabelled counts of a store's groups: groups of several quotes, the largest, variants
    under a named speaker their own article does not give them to, groups spanning over a week."""
    from newsweave.synthesize.quotes import speaker_key

    several = largest = foreign = variants = long = 0
    for story, made in zip(stories, groups, strict=True):
        found, days = story["found"], story["days"]
        for members in made:
            if len(members) < 2:
                continue
            several += 1
            largest = max(largest, len(members))
            quote = module._story_quote(found, members)
            shown = speaker_key(quote.speaker)
            for i in members:
                if found[i].quote.text == quote.text:
                    continue
                variants += 1
                if shown and speaker_key(found[i].quote.speaker) != shown:
                    foreign += 1
            dated = [d for d in (days.get(found[i].article) for i in members) if d is not None]
            if dated and (max(dated) - min(dated)).days > WEEK:
                long += 1
    return {"groups": several, "largest": largest, "variants": variants, "foreign": foreign, "over_a_week": long}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, help="make the stores in this folder and stop")
    parser.add_argument("--stores", type=Path, help="the folder of h1n1.db, duc.db and wcl.db")
    parser.add_argument("--halves", default="A", help="A, B or A,B (B is the held-out half)")
    parser.add_argument("--errors", action="store_true", help="print the pairs the new code gets wrong")
    parser.add_argument("--no-before", action="store_true", help="skip the code of main")
    args = parser.parse_args()
    if args.build:
        build(args.build)
        return
    if not args.stores:
        parser.error("--stores or --build")
    names = ["h1n1", "duc", "wcl"] + (["bp"] if (args.stores / "bp.db").exists() else [])
    labelled = read_jsonl(LABELS) + (read_jsonl(LABELS_WEEK) if "bp" in names else [])
    rows = [r for r in labelled if r["same"] is not None]
    stores = {name: stories_of(args.stores / f"{name}.db", name) for name in names}
    placed, kept = [], []
    for row in rows:
        a, b = locate(stores[row["set"]], row["a"]), locate(stores[row["set"]], row["b"])
        if a is None or b is None or a[0] != b[0] or a[1] == b[1]:
            continue  # a quote found no more (or now one quote, or in another story)
        placed.append((row["set"], a, b))
        kept.append(row)
    print(f"{len(kept)} of {len(rows)} labelled pairs placed in the stores' stories")
    import newsweave.synthesize.alignment as after

    versions: dict[str, Any] = {"after": after}
    if not args.no_before:
        main_modules = at_main_together(
            ["newsweave/synthesize/alignment_memory.py", "newsweave/synthesize/alignment.py"]
        )
        versions = {"before": main_modules["newsweave/synthesize/alignment.py"], "after": after}
    for label, module in versions.items():
        groups = {name: [groups_of(module, s) for s in stories] for name, stories in stores.items()}
        for half, (week, of_set) in itertools.product(args.halves.split(","), ((False, ""), (True, " week"))):
            chosen = [i for i, r in enumerate(kept) if r["half"] == half and (r["set"] == "bp") == week]
            if week and not chosen:
                continue
            result = score([kept[i] for i in chosen], [placed[i] for i in chosen], groups)
            print(
                f"{label:<6} half {half}{of_set}: {len(chosen)} pairs ({sum(kept[i]['same'] for i in chosen)} same)"
                f"  P {result['precision']:.3f}  R {result['recall']:.3f}"
                f"  purity {result['purity']:.3f} of {result['groups']} labelled groups"
            )
            if args.errors and label == "after":
                for row in result["wrong"]:
                    where = f"{row['a']} {row['b']}"
                    print(f"   wrong: same={row['same']} {row['set']} {row['stratum']} {row['why']}  {where}")
        for name, stories in stores.items():
            counts = describe(stories, groups[name], module)
            print(f"{label:<6} {name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("(per-half counts use labelled pairs only; store counts are all quotes)")


if __name__ == "__main__":
    main()
