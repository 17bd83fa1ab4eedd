"""Summary citations against support read by hand: does each cited article state the sentence's fact?

Data: ``../shared/data/duc2003-task2.jsonl`` and ``duc2004-clusters.jsonl``; one DUC cluster id
is one event (the 21 ids in both sets name the same event: their 20 articles are one event here),
split into halves by a hash of the id (:func:`story_sets.half`): A to choose on, B held out.

Each cluster is summarised as ``newsweave summarize`` does (:func:`newsweave.pipeline.inspect.summarize_articles`,
default settings: 100 words; the sentences are chosen by the static summary vectors, whatever the
citation rule). Every summary sentence and every *other* article of its cluster is a pair. Labels
(``benchmarks/data/summary_support_real.jsonl``) were read by hand on a stratified random sample of
the pairs (:func:`draw`, seed ``SEED``), drawn and read before any new rule was written: per half, by
the decision of the rule of the time (cited or not: the static vectors at ``support_threshold``
0.72 or TF-IDF overlap 0.5, ``DRAWN_WITH``) and by the transformer cosine of the sentence to the
article's nearest candidate (bins ``BINS``), ``SIZES`` pairs per stratum; then a second draw of A
where the rules differ (:func:`draw_extra`, seed ``EXTRA_SEED``, rows with ``set: extra``: 20 more
pairs of each of three strata of cosine 0.55 and up, from the pairs the first left), read the same
way. 347 pairs: A 228 (63 supports, 48 partly, 117 no), B 119 (33, 37, 49).

Each row is a reference only: cluster, the summary sentence's article, sentence index, character
offsets and a hash of its text (checked when scored), the judged article, the stratum and its
number of pairs (``stratum_pairs``), and the reading, blind to the rules (``show`` prints no
stratum):

- ``supports``: the article states the sentence's main fact (same happening or claim, same actor,
  the same figures), perhaps worded otherwise or with more or less detail;
- ``partly``: it states part of it (one of its clauses, the happening without what the sentence
  adds), the same fact with a figure given differently (an earlier or later toll), or only its
  announcement ("will meet" for "met");
- ``no``: it does not (another fact of the event, the same verb of another actor, a contradiction);

and ``evidence``: the article's sentence indices that state it. The article was read whole, or,
above 20 body sentences, its first 12 and those any judged sentence comes near (``show``).

Scores per half, each row weighted by the pairs it stands for (its stratum's pairs / the rows
read in it, both draws together; raw counts printed too): precision ``P`` (of the articles a rule
cites, the share labelled supports; ``P½`` counts partly as half; ``Psent``: supports whose cited
sentence is among the evidence), recall ``R`` (of the supports, the share cited), with 95 %
intervals from resampling clusters. Rules (``RULES``, ``--sweep`` adds thresholds): the setting of
:class:`newsweave.synthesize.summary.Citer` each is. Parsed per story: the texts a rule asks the parse
for (its model calls besides the pool's sentence vectors, which every sentence-vector rule encodes
alike), citing one cluster's labelled summary sentences.

    python benchmarks/citations.py --half A --sweep      # choose
    python benchmarks/citations.py --half B              # held out, once
    python benchmarks/citations.py draw --out FILE [--extra]   # the sample (references only)
    python benchmarks/citations.py show FILE [--half A]        # its texts, to read
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, duc_record, read_jsonl, require  # noqa: E402
from story_sets import half  # noqa: E402

LABELS = Path(__file__).resolve().parent / "data" / "summary_support_real.jsonl"
SEED = 17
BINS = (0.4, 0.55, 0.7)  # transformer cosine bins of a pair: < 0.4, < 0.55, < 0.7, >= 0.7
SIZES = {
    "A": {True: (20, 20, 20, 20), False: (15, 25, 30, 24)},
    "B": {True: (14, 14, 14, 14), False: (10, 15, 20, 20)},
}
# a second draw of A, where transformer cosines of 0.55 and more make the rules differ
EXTRA_SEED = 18
EXTRA_SIZES = {("A", True, 2): 20, ("A", True, 3): 20, ("A", False, 2): 20}


def clusters() -> dict[str, list[Any]]:
    """Cluster id -> its records (DUC 2003 task 2 and DUC 2004; one id in both is one event)."""
    out: dict[str, dict[str, Any]] = {}
    for name in ("duc2003-task2.jsonl", "duc2004-clusters.jsonl"):
        require(DATA / name)
        for cluster in read_jsonl(DATA / name):
            for doc in cluster["docs"]:
                out.setdefault(cluster["id"], {})[doc["id"]] = duc_record(
                    doc, f"{name}#{cluster['id']}/{doc['id']}", doc["id"]
                )
    return {cid: list(docs.values()) for cid, docs in sorted(out.items())}


def digest(text: str) -> str:
    """A short hash of a sentence's text: a reference checks it is still the sentence read."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


@dataclass
class Prepared:
    """One cluster summarised: its material, summary, candidate pool and the pool's vectors."""

    cluster: str
    material: Any
    summary: list[Any]
    pool: list[Any]
    static: np.ndarray  # summary vectors (summary_backend)
    dense: np.ndarray  # sentence vectors (the transformer the store keeps)


def prepare(cid: str, records: list[Any], annotator: Any, config: Any) -> Prepared:
    from newsweave.pipeline.inspect import summarize_articles
    from newsweave.synthesize.summary import candidates, prefilter

    summary, material = summarize_articles(records, config, annotator=annotator)
    syn = config.synthesize
    pool = prefilter(material, candidates(material, syn.candidate_sentences), syn.max_candidates)
    texts = [s.text for s in pool]
    static = annotator.summary_embedder.encode(texts) if texts else np.zeros((0, 1))
    dense = annotator.sentence_embedder.encode(texts) if texts else np.zeros((0, 1))
    return Prepared(cid, material, summary, pool, static, dense)


def bin_of(cosine: float) -> int:
    return sum(cosine >= b for b in BINS)


def pairs_of(prep: Prepared) -> list[dict]:
    """Every (summary sentence, other article) pair of a cluster, with the current decision and
    the transformer cosine to the article's nearest candidate."""
    row_of = {(s.article_id, s.index): i for i, s in enumerate(prep.pool)}
    out = []
    for sent in prep.summary:
        own = sent.citations[0]
        i = row_of[(own.article, own.sentence)]
        picked = prep.pool[i]
        cited = {c.article for c in sent.citations[1:]}
        for article in prep.material.articles:
            if article.id == own.article:
                continue
            rows = [j for j, s in enumerate(prep.pool) if s.article_id == article.id]
            cosine = max((float(prep.dense[j] @ prep.dense[i]) for j in rows), default=0.0)
            out.append(
                {
                    "cluster": prep.cluster,
                    "source": own.article,
                    "sentence": own.sentence,
                    "start": picked.start,
                    "end": picked.end,
                    "sha": digest(picked.text),
                    "doc": article.id,
                    "cited": article.id in cited,
                    "bin": bin_of(cosine),
                }
            )
    return out


DRAWN_WITH = {"citation_vectors": "summary"}  # the rule the pairs were drawn by (their strata)


def all_pairs(annotator: Any, config: Any) -> dict[str, list[dict]]:
    """Every pair of each half (:func:`pairs_of` of every cluster), the summaries cited by the
    rule the sample was drawn with (``DRAWN_WITH``)."""
    config = config.with_options(**DRAWN_WITH)
    by_half: dict[str, list[dict]] = {"A": [], "B": []}
    for cid, records in clusters().items():
        by_half[half(cid)] += pairs_of(prepare(cid, records, annotator, config))
    return by_half


def _key(p: dict) -> tuple:
    return (p["cluster"], p["source"], p["sentence"], p["doc"])


def _stratum(cited: bool, b: int) -> str:
    return f"{'cited' if cited else 'uncited'}/{b}"


def draw(by_half: dict[str, list[dict]], seed: int = SEED) -> list[dict]:
    """The stratified random sample of pairs to read (see the module's docstring): per half, A
    then B, strata (cited first, then bins upward) in order, drawn with ``random.Random(seed)``
    from the pairs sorted by (cluster, source, sentence, doc). Each row carries its stratum and
    the stratum's number of pairs (``stratum_pairs``)."""
    rng = random.Random(seed)
    chosen = []
    for name in ("A", "B"):
        for cited in (True, False):
            for b, size in enumerate(SIZES[name][cited]):
                stratum = sorted((p for p in by_half[name] if p["cited"] == cited and p["bin"] == b), key=_key)
                taken = rng.sample(stratum, min(size, len(stratum)))
                chosen += [_row(name, p, cited, b, len(stratum)) for p in sorted(taken, key=_key)]
    return chosen


def _row(name: str, p: dict, cited: bool, b: int, size: int, **extra: Any) -> dict:
    kept = {k: v for k, v in p.items() if k not in ("cited", "bin")}
    return {"half": name, **kept, "stratum": _stratum(cited, b), "stratum_pairs": size, **extra}


def draw_extra(by_half: dict[str, list[dict]], seed: int = EXTRA_SEED) -> list[dict]:
    """A second draw where the rules differ (set ``extra``): per (half, stratum) of ``EXTRA_SIZES``,
    pairs drawn with ``random.Random(seed)`` from the sorted pairs the first draw left; with it, a
    simple random sample of the stratum again."""
    rng = random.Random(seed)
    first = {_key(r) for r in draw(by_half)}
    chosen = []
    for (name, cited, b), size in EXTRA_SIZES.items():
        stratum = sorted((p for p in by_half[name] if p["cited"] == cited and p["bin"] == b), key=_key)
        left = [p for p in stratum if _key(p) not in first]
        taken = rng.sample(left, min(size, len(left)))
        chosen += [_row(name, p, cited, b, len(stratum), set="extra") for p in sorted(taken, key=_key)]
    return chosen


def show(rows: list[dict], annotator: Any, config: Any, lead: int = 12, whole: int = 20) -> None:
    """Print the drawn pairs for reading, blind to the rule's decision: per judged article, its
    body sentences numbered, then the summary sentences to judge against it (with the pair's row
    number). An article of more than ``whole`` body sentences shows its first ``lead`` and, after
    them, those any judged sentence comes near (transformer cosine 0.4 or TF-IDF 0.13), the rest
    marked as left out."""
    from newsweave.pipeline.cleaning import clean_with
    from newsweave.text.tfidf import tfidf_rows

    recs = clusters()
    by_doc: dict[tuple[str, str], list[int]] = {}
    for n, row in enumerate(rows):
        by_doc.setdefault((row["cluster"], row["doc"]), []).append(n)
    split: dict[str, list[Any]] = {}

    def sentences(cid: str, doc: str) -> list[Any]:
        if doc not in split:
            raw = next(r for r in recs[cid] if r.id == doc)
            split[doc] = annotator.split(clean_with(raw, config))
        return split[doc]

    for (cid, doc), numbers in by_doc.items():
        print(f"=== {cid} {doc}")
        body = [s for s in sentences(cid, doc) if s.kind == "body"]
        judged = []
        for n in numbers:
            row = rows[n]
            (text,) = [s.text for s in sentences(cid, row["source"]) if s.index == row["sentence"]]
            assert digest(text) == row["sha"], row
            judged.append((n, row, text))
        keep = set(range(len(body)))
        if len(body) > whole:
            texts = [t for _, _, t in judged]
            dense = annotator.sentence_embedder.encode([s.text for s in body] + texts)
            lex = tfidf_rows([s.text for s in body] + texts)
            near = np.maximum(
                (dense[: len(body)] @ dense[len(body) :].T).max(axis=1),
                (lex[: len(body)] @ lex[len(body) :].T).toarray().max(axis=1) * 3,
            )
            keep = {k for k in range(len(body)) if k < lead or near[k] >= 0.4}
        gap = False
        for k, s in enumerate(body):
            if k in keep:
                print(f"  [{s.index}] {s.text}")
                gap = False
            elif not gap:
                print("  [...]")
                gap = True
        for n, row, text in judged:
            print(f"  >> #{n} ({row['source']} s{row['sentence']}): {text}")
        print()


# --- scoring -------------------------------------------------------------------------------------


def labels() -> list[dict]:
    """The rows read by hand, each with its ``weight``: the pairs of its half and stratum it
    stands for (the stratum's pairs / the stratum's rows read, both draws together)."""
    rows = read_jsonl(LABELS)
    read: dict[tuple[str, str], int] = {}
    for row in rows:
        read[(row["half"], row["stratum"])] = read.get((row["half"], row["stratum"]), 0) + 1
    for row in rows:
        row["weight"] = row["stratum_pairs"] / read[(row["half"], row["stratum"])]
    return rows


RULES: dict[str, dict[str, Any]] = {
    "static 0.72 + TF-IDF (before)": {"citation_vectors": "summary"},
    "sentence 0.75, no subject check": {"citation_subjects": False, "citation_model": False},
    "sentence 0.75 + subjects": {"citation_model": False},
    "model, no parse": {"citation_subjects": False},
    "model (default)": {},
}
SWEEP = (0.6, 0.65, 0.7, 0.72, 0.75, 0.78, 0.8, 0.85)


def decisions(rows: list[dict], annotator: Any, config: Any, rules: dict[str, dict]) -> tuple[dict, dict]:
    """Per rule: the sentence index each labelled pair's article is cited by (None: not cited), and
    its cost per cluster: (seconds spent citing, texts parsed). The sentence vectors of the pool
    are encoded anew for every rule alike."""
    from newsweave.synthesize.similarity import SentenceVectors
    from newsweave.synthesize.summary import Citer

    recs = clusters()
    out: dict[str, dict[int, int | None]] = {name: {} for name in rules}
    seconds: dict[str, list[float]] = {name: [] for name in rules}
    by_cluster: dict[str, list[int]] = {}
    for n, row in enumerate(rows):
        by_cluster.setdefault(row["cluster"], []).append(n)
    parsed: dict[str, list[int]] = {name: [] for name in rules}

    def counted(texts: list[str]) -> list[Any]:
        parsed[current][-1] += len(texts)
        return annotator.clauses.parse(texts)

    for cid, numbers in sorted(by_cluster.items()):
        prep = prepare(cid, recs[cid], annotator, config)
        row_of = {(s.article_id, s.index): i for i, s in enumerate(prep.pool)}
        picked = sorted({(rows[n]["source"], rows[n]["sentence"]) for n in numbers})
        for key in picked:
            (row,) = {rows[n]["sha"] for n in numbers if (rows[n]["source"], rows[n]["sentence"]) == key}
            assert digest(prep.pool[row_of[key]].text) == row, f"{cid} {key}: not the sentence read"
        for name, options in rules.items():
            current = name
            parsed[name].append(0)
            started = time.perf_counter()
            citer = Citer(
                prep.material,
                prep.pool,
                config.with_options(**options).synthesize,
                prep.static,
                SentenceVectors(annotator.sentence_embedder.encode),
                counted,
            )
            cited = {key: {c.article: c.sentence for c in citer(row_of[key])[1:]} for key in picked}
            seconds[name].append(time.perf_counter() - started)
            for n in numbers:
                out[name][n] = cited[(rows[n]["source"], rows[n]["sentence"])].get(rows[n]["doc"])
    return out, {name: (seconds[name], parsed[name]) for name in rules}


def measure(rows: list[dict], decided: dict[int, int | None], which: list[int]) -> dict[str, float]:
    """Weighted precision (article; with partly as half; the cited sentence among the evidence)
    and recall over the rows ``which``; raw counts."""
    w = {"cited": 0.0, "sup": 0.0, "part": 0.0, "sent": 0.0, "all_sup": 0.0}
    raw = {"cited": 0, "supports": 0, "partly": 0, "no": 0}
    for n in which:
        row, d = rows[n], decided[n]
        if row["label"] == "supports":
            w["all_sup"] += row["weight"]
        if d is None:
            continue
        w["cited"] += row["weight"]
        raw["cited"] += 1
        raw[row["label"]] += 1
        if row["label"] == "supports":
            w["sup"] += row["weight"]
            w["sent"] += row["weight"] * (d in row["evidence"])
        elif row["label"] == "partly":
            w["part"] += row["weight"]
    nan = float("nan")
    return {
        "P": w["sup"] / w["cited"] if w["cited"] else nan,
        "P_partly": (w["sup"] + w["part"] / 2) / w["cited"] if w["cited"] else nan,
        "P_sentence": w["sent"] / w["cited"] if w["cited"] else nan,
        "R": w["sup"] / w["all_sup"] if w["all_sup"] else nan,
        **{f"n_{k}": v for k, v in raw.items()},
    }


def interval(rows: list[dict], decided: dict[int, int | None], which: list[int], seed: int = 17) -> dict:
    """95 % intervals of P and R, resampling clusters (1,000 draws)."""
    rng = random.Random(seed)
    groups: dict[str, list[int]] = {}
    for n in which:
        groups.setdefault(rows[n]["cluster"], []).append(n)
    names = sorted(groups)
    ps, rs = [], []
    for _ in range(1000):
        take = [n for c in (rng.choice(names) for _ in names) for n in groups[c]]
        m = measure(rows, decided, take)
        if m["P"] == m["P"]:
            ps.append(m["P"])
        if m["R"] == m["R"]:
            rs.append(m["R"])
    q = lambda xs, f: sorted(xs)[int(f * (len(xs) - 1))] if xs else float("nan")  # noqa: E731
    return {"P": (q(ps, 0.025), q(ps, 0.975)), "R": (q(rs, 0.025), q(rs, 0.975))}


def report(rows: list[dict], decided: dict, cost: dict, half_name: str, intervals: bool = True) -> None:
    which = [n for n, r in enumerate(rows) if r["half"] == half_name]
    print(f"half {half_name}: {len(which)} pairs read ({sum(rows[n]['label'] == 'supports' for n in which)} supports)")
    print(f"  {'rule':38} {'P':>6} {'P½':>6} {'Psent':>6} {'R':>6}  cited: supports/partly/no  parsed/story")
    for name in decided:
        m = measure(rows, decided[name], which)
        line = (
            f"  {name:38} {m['P']:6.3f} {m['P_partly']:6.3f} {m['P_sentence']:6.3f} {m['R']:6.3f}"
            f"  {m['n_cited']:3d}: {m['n_supports']:3d}/{m['n_partly']:3d}/{m['n_no']:3d}"
        )
        if cost.get(name):
            parsed = cost[name][1]
            line += f"   {sum(parsed) / len(parsed):7.1f}"
        if intervals:
            ci = interval(rows, decided[name], which)
            line += f"   P [{ci['P'][0]:.2f}, {ci['P'][1]:.2f}] R [{ci['R'][0]:.2f}, {ci['R'][1]:.2f}]"
        print(line)


def main() -> None:
    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    d = sub.add_parser("draw")
    d.add_argument("--out", required=True)
    d.add_argument("--extra", action="store_true", help="the second draw (set extra)")
    s = sub.add_parser("show")
    s.add_argument("file")
    s.add_argument("--half", choices=("A", "B"))
    parser.add_argument("--half", choices=("A", "B", "both"), default="both", dest="score_half")
    parser.add_argument("--sweep", action="store_true", help="also the sentence-vector rule at other thresholds")
    args = parser.parse_args()
    config = Config()
    annotator = Annotator(config)
    if args.command == "draw":
        by_half = all_pairs(annotator, config)
        rows = draw_extra(by_half) if args.extra else draw(by_half)
        with open(args.out, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row) + "\n")
        print(f"{len(rows)} pairs drawn -> {args.out}")
    elif args.command == "show":
        rows = read_jsonl(Path(args.file))
        show([r for r in rows if not args.half or r["half"] == args.half], annotator, config)
    else:
        rows = labels()
        halves = ("A", "B") if args.score_half == "both" else (args.score_half,)
        rows = [r for r in rows if r["half"] in halves]
        rules = dict(RULES)
        if args.sweep:
            swept = {"citation_model": False}
            rules.update({f"sentence {t} + subjects": {"citation_threshold": t, **swept} for t in SWEEP})
        decided, cost = decisions(rows, annotator, config, rules)
        for name in halves:
            report(rows, decided, cost, name)


if __name__ == "__main__":
    main()
