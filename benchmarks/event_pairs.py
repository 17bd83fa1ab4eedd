"""Concurrent related events on real text: does newsweave put two articles in one event exactly
when they report the same happening?

Data: ``benchmarks/data/event_pairs_real.jsonl`` (ids, a label and our own words only; the texts are
read from ``../shared``). Each row is a pair of articles published within a few days of each other,
labelled by reading both: ``same`` (one happening is the main news of both), ``different``
(different happenings, even if related) or ``unsure`` (not scored). Three kinds of pairs:

- ``t17-random``: Timeline17, two articles of one topic 0-4 days apart, drawn at random (seed 22,
  topics in turn, the day gap drawn from 0,0,1,1,2,3,4, another outlet of the topic half the time);
- ``t17-similar``: Timeline17, pairs of one topic 0-4 days apart whose TF-IDF cosine (first 1,500
  characters) is between 0.25 and 0.8, eight per topic drawn at random (seed 2222), no article twice:
  the hard ones, related by words whether or not they report one happening;
- ``duc-cross-cluster``: DUC 2003/2004, two documents of DIFFERENT clusters at most 3 days apart
  whose capitalised words overlap (Jaccard >= 0.12), the closest first, at most two per pair of
  clusters (DUC's gold says different events; they were labelled by reading all the same).

A second draw (issue 22, more ``same`` pairs and hard ``different`` ones), leaving out every pair of
the first draw:

- ``t17-close-outlets``: Timeline17, pairs of one topic 0-2 days apart from DIFFERENT outlets (the
  folder's name after the topic: only H1N1, LibyaWar, SyrianCrisis and bpoil have more than one)
  whose TF-IDF cosine (first 1,500 characters, fitted per topic) is >= 0.35, not the same opening
  (no copies), drawn at random (seed 2313), the topics in turn, no article twice (79: 63 bpoil,
  13 H1N1, 3 LibyaWar, 0 SyrianCrisis), then a second pass letting an article be in two pairs, to 100;
- ``t17-random2``: ``t17-random``'s recipe with seed 2314, the first 60 pairs not drawn before.

All were labelled by reading both articles' openings, without looking at newsweave's output.

``half``: A or B by the first byte of sha1("a|b") (ids in sorted order), even -> A. Pairs, not
topics, are split (nine T17 topics would make lopsided halves), so one article may be in both.

The score: a pair is predicted ``same`` when newsweave's events hold both articles (a record stored
as a copy counts as its original; a DUC text filed under two clusters is either of its records).
Precision, recall and F1 of ``same`` per half, and per kind the share of ``different`` pairs put
together. The events are read from a copy of each store under ``--work``; a copy that holds no
events is clustered first (``Newsweave.cluster``, one batch, default ``Config``), as the stores of
``story_sets.py build`` hold annotated articles only; an existing copy with events is reused.

    python benchmarks/event_pairs.py [--halves A,B,all] [--show] [--work /tmp/pairs12]
    python benchmarks/event_pairs.py --draw      # print both draws' candidate pairs (ids), to check the recipe
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, ROOT, read_jsonl, settings  # noqa: E402

PAIRS = ROOT / "benchmarks" / "data" / "event_pairs_real.jsonl"
STORES = Path("/work/stores_v2")
KINDS1 = ("t17-random", "t17-similar", "duc-cross-cluster")  # the first draw (issue 22)
KINDS = KINDS1 + ("t17-close-outlets", "t17-random2")  # the second draw


def half(a: str, b: str) -> str:
    """'A' or 'B' for a pair, by a stable hash of its two ids in sorted order."""
    first, second = sorted((a, b))
    return "A" if hashlib.sha1(f"{first}|{second}".encode()).digest()[0] % 2 == 0 else "B"


# -- drawing the candidates (the recipe the labelled rows came from) -------------------------------
def _t17() -> tuple[dict[str, tuple[dt.date, str]], dict[str, list[str]]]:
    articles: dict[str, tuple[dt.date, str]] = {}
    topics: dict[str, list[str]] = {}
    for folder in sorted((DATA / "timeline17").iterdir()):
        topic = folder.name.split("_")[0]
        for row in read_jsonl(folder / "articles.jsonl"):
            key = f"{folder.name}/{row['id']}"
            articles[key] = (dt.date.fromisoformat(row["time"][:10]), row["text"])
            topics.setdefault(topic, []).append(key)
    return articles, topics


def draw_t17_random(n: int = 150, seed: int = 22) -> list[tuple[str, str]]:
    articles, topics = _t17()
    rng = random.Random(seed)
    names, gaps = sorted(topics), [0, 0, 1, 1, 2, 3, 4]
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    turn = 0
    while len(out) < n:
        topic = names[turn % len(names)]
        turn += 1
        a, gap = rng.choice(topics[topic]), rng.choice(gaps)
        day, opening = articles[a][0], articles[a][1][:200]
        near = [
            b
            for b in topics[topic]
            if b != a and abs((articles[b][0] - day).days) == gap and articles[b][1][:200] != opening
        ]
        if not near:
            continue
        elsewhere = [b for b in near if b.split("/")[0] != a.split("/")[0]]
        if elsewhere and rng.random() < 0.5:
            near = elsewhere
        pair = (a, rng.choice(near))
        key = (min(pair), max(pair))
        if key not in seen:
            seen.add(key)
            out.append(pair)
    return out


def _cosines(texts: list[str]):
    """TF-IDF cosines of the texts' first 1,500 characters, fitted on these texts (one topic)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", min_df=2, sublinear_tf=True).fit_transform([t[:1500] for t in texts])
    return (matrix @ matrix.T).toarray()


def draw_t17_similar(per_topic: int = 8, seed: int = 2222, exclude: set[tuple[str, str]] = frozenset()) -> list:
    articles, topics = _t17()
    rng = random.Random(seed)
    out = []
    for topic in sorted(topics):
        keys = topics[topic]
        cosine = _cosines([articles[k][1] for k in keys])
        near = []
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                gap = abs((articles[keys[i]][0] - articles[keys[j]][0]).days)
                pair = (min(keys[i], keys[j]), max(keys[i], keys[j]))
                if gap <= 4 and 0.25 <= cosine[i, j] < 0.8 and pair not in exclude:
                    near.append(pair)
        rng.shuffle(near)
        used: set[str] = set()
        taken = 0
        for a, b in near:
            if a in used or b in used:
                continue
            used |= {a, b}
            out.append((a, b))
            taken += 1
            if taken >= per_topic:
                break
    return out


_STOP = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "He",
        "She",
        "It",
        "They",
        "We",
        "But",
        "And",
        "Of",
        "For",
        "To",
        "Mr",
        "Mrs",
        "Ms",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "AP",
        "NEW",
        "YORK",
        "WASHINGTON",
        "This",
        "That",
        "His",
        "Her",
        "Their",
        "After",
        "Before",
        "When",
        "If",
        "As",
    ]
)


def draw_duc(n: int = 40, seed: int = 22) -> list[tuple[str, str]]:
    docs: dict[str, tuple[dt.date, str]] = {}
    clusters: dict[str, set[str]] = defaultdict(set)
    for name in ("duc2003-task2.jsonl", "duc2004-clusters.jsonl"):
        for cluster in read_jsonl(DATA / name):
            for doc in cluster["docs"]:
                docs[doc["id"]] = (dt.date.fromisoformat(doc["published"][:10]), doc["text"])
                clusters[doc["id"]].add(cluster["id"])
    ids = sorted(docs)
    caps = {i: {w for w in re.findall(r"\b[A-Z][a-z]{2,}\b", docs[i][1][:1500]) if w not in _STOP} for i in ids}
    found = []
    for x, a in enumerate(ids):
        for b in ids[x + 1 :]:
            if clusters[a] & clusters[b] or len(clusters[a]) > 1 or len(clusters[b]) > 1:
                continue
            if abs((docs[a][0] - docs[b][0]).days) > 3 or docs[a][1][:200] == docs[b][1][:200]:
                continue
            overlap = len(caps[a] & caps[b]) / max(1, len(caps[a] | caps[b]))
            if overlap >= 0.12:
                found.append((overlap, a, b))
    random.Random(seed).shuffle(found)  # only breaks ties among equal overlaps
    per_clusters: Counter[tuple[str, str]] = Counter()
    out = []
    for _, a, b in sorted(found, reverse=True):
        both = (min(min(clusters[a]), min(clusters[b])), max(min(clusters[a]), min(clusters[b])))
        if per_clusters[both] >= 2:
            continue
        per_clusters[both] += 1
        out.append((a, b))
        if len(out) >= n:
            break
    return out


def _outlet(key: str) -> str:
    return key.split("/")[0].split("_", 1)[1]


def draw_t17_close_outlets(n: int = 100, seed: int = 2313, exclude: set[tuple[str, str]] = frozenset()) -> list:
    """Pairs of one topic 0-2 days apart from different outlets whose first 1,500 characters have a
    TF-IDF cosine >= 0.35 (not the same opening: no copies), drawn at random, the topics in turn until
    ``n`` (topics written by one outlet have none): no article twice, then (the pool dry) a second pass
    over the rest lets an article be in two pairs."""
    articles, topics = _t17()
    rng = random.Random(seed)
    pools: dict[str, list[tuple[str, str]]] = {}
    for topic in sorted(topics):
        keys = topics[topic]
        if len({_outlet(k) for k in keys}) < 2:
            continue
        cosine = _cosines([articles[k][1] for k in keys])
        near = []
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                a, b = min(keys[i], keys[j]), max(keys[i], keys[j])
                if _outlet(a) == _outlet(b) or (a, b) in exclude or cosine[i, j] < 0.35:
                    continue
                if abs((articles[a][0] - articles[b][0]).days) <= 2 and articles[a][1][:200] != articles[b][1][:200]:
                    near.append((a, b))
        rng.shuffle(near)
        pools[topic] = near
    uses: Counter[str] = Counter()
    out: list[tuple[str, str]] = []
    for cap in (1, 2):  # no article twice; when that runs dry, a second pass lets an article be in two pairs
        left = {topic: [p for p in near if p not in out] for topic, near in pools.items()}
        while len(out) < n and any(left.values()):
            for topic in sorted(left):
                while left[topic]:
                    a, b = left[topic].pop()
                    if uses[a] < cap and uses[b] < cap:
                        uses.update((a, b))
                        out.append((a, b))
                        break
                if len(out) >= n:
                    break
    return out


def draw() -> dict[str, list[tuple[str, str]]]:
    random_pairs = draw_t17_random()
    exclude = {(min(p), max(p)) for p in random_pairs}
    similar = draw_t17_similar(exclude=exclude)
    exclude |= {(min(p), max(p)) for p in similar}
    if PAIRS.exists():  # the second draw leaves out every pair labelled before
        exclude |= {(min(r["a"], r["b"]), max(r["a"], r["b"])) for r in read_jsonl(PAIRS) if r["kind"] in KINDS1}
    close = draw_t17_close_outlets(exclude=exclude)
    exclude |= {(min(p), max(p)) for p in close}
    random2 = [p for p in draw_t17_random(n=60 + 40, seed=2314) if (min(p), max(p)) not in exclude][:60]
    return {
        "t17-random": random_pairs,
        "t17-similar": similar,
        "duc-cross-cluster": draw_duc(),
        "t17-close-outlets": close,
        "t17-random2": random2,
    }


# -- reading newsweave's events -----------------------------------------------------------------------
def events_of(source: Path, work: Path, overrides: dict | None = None) -> tuple[dict[str, str], str]:
    """Every stored record id (articles and their copies) -> its event, from a copy of ``source``
    under ``work`` (clustered with ``overrides`` of the default ``Config`` when it holds no events);
    and how the events came about."""
    from newsweave.config import Config
    from newsweave.pipeline.runner import Newsweave

    work.mkdir(parents=True, exist_ok=True)
    copy = work / source.name
    if not copy.exists():
        shutil.copy(source, copy)
    with Newsweave(copy, Config().with_options(**(overrides or {}))) as nw:
        store = nw.store
        how = f"events read from {copy}"
        if not store.event_ids():
            nw.cluster()
            how = f"{source} held no events: clustered a copy ({copy}) with this code, one batch"
        event: dict[str, str] = {}
        for event_id in store.event_ids():
            for article, _ in store.event_member_dates(event_id):
                event[article] = event_id
        sizes, spans = [], []
        for event_id in store.event_ids():
            members = store.event_member_dates(event_id)
            days = sorted(dt.date.fromisoformat(d[:10]) for _, d in members if d)
            sizes.append(len(members))
            spans += [(days[-1] - days[0]).days if days else 0] * len(members)
        for row in store.copies(list(event)):
            event.setdefault(str(row["id"]), event[str(row["copy_of"])])
    if sizes:
        spans.sort()
        how += (
            f"\n  {len(sizes)} events, {sum(sizes)} articles; largest {max(sizes)}; an article's event"
            f" spans {spans[len(spans) // 2]} days at the median (first to last report)"
        )
    return event, how


def stored_ids(record: str, kind: str, event: dict[str, str]) -> list[str]:
    """The stored ids a labelled id may have become (a DUC text can be in both years' files)."""
    if kind.startswith("t17"):
        return [f"t17/{record}"] if f"t17/{record}" in event else []
    return [key for key in event if key.startswith("duc") and key.rsplit("/", 1)[-1] == record]


def score(rows: list[dict], together: dict[int, bool]) -> tuple[int, int, int, float, float, float]:
    tp = sum(1 for i, r in enumerate(rows) if together[i] and r["label"] == "same")
    fp = sum(1 for i, r in enumerate(rows) if together[i] and r["label"] == "different")
    fn = sum(1 for i, r in enumerate(rows) if not together[i] and r["label"] == "same")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return tp, fp, fn, p, r, f


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--t17", type=Path, default=STORES / "t17.db", help="Timeline17 store (read from a copy)")
    parser.add_argument("--duc", type=Path, default=STORES / "duc.db", help="DUC store (read from a copy)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/event_pairs"), help="folder of the store copies")
    parser.add_argument("--halves", default="A,B,all", help="comma-separated: A, B, all")
    parser.add_argument("--show", action="store_true", help="list the disagreements (ids, our words)")
    parser.add_argument("--draw", action="store_true", help="print the drawn candidate pairs and stop")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Config setting to cluster with (the copies go to a subfolder of --work named by the settings)",
    )
    args = parser.parse_args()
    if args.draw:
        for kind, pairs in draw().items():
            for a, b in pairs:
                print(kind, a, b)
        return
    rows = read_jsonl(PAIRS)
    for row in rows:
        assert row["half"] == half(row["a"], row["b"]), row
    print(f"{len(rows)} pairs: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r["label"] for r in rows).items())))
    event: dict[str, str] = {}
    overrides = settings(args.set)
    work = args.work / "_".join(sorted(args.set)).replace("/", "-") if args.set else args.work
    for source, prefix in ((args.t17, "t17"), (args.duc, "duc")):
        got, how = events_of(source, work, overrides)
        event.update({k: v for k, v in got.items() if k.startswith(prefix)})
        print(how)
    together: dict[int, bool] = {}
    missing = 0
    for i, row in enumerate(rows):
        a, b = stored_ids(row["a"], row["kind"], event), stored_ids(row["b"], row["kind"], event)
        if not a or not b:
            missing += 1
            together[i] = False
            if args.show:
                print(f"  in no event: {row['a'] if not a else row['b']} ({row['label']} pair)")
            continue
        together[i] = bool({event[x] for x in a} & {event[x] for x in b})
    if missing:
        print(f"{missing} pairs have an article in no event (not stored, or stale store): counted apart")
    print(f"{'half':>4} {'pairs':>5} {'same':>5} {'diff':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for subset in args.halves.split(","):
        chosen = [i for i, r in enumerate(rows) if r["label"] != "unsure" and subset in ("all", r["half"])]
        part = [rows[i] for i in chosen]
        tp, fp, fn, p, r, f = score(part, {k: together[i] for k, i in enumerate(chosen)})
        same = sum(1 for x in part if x["label"] == "same")
        print(
            f"{subset:>4} {len(part):5d} {same:5d} {len(part) - same:5d} {tp:4d} {fp:4d} {fn:4d}"
            f" {p:6.3f} {r:6.3f} {f:6.3f}"
        )
    print("per kind (all halves): same pairs put together, different pairs put together")
    for kind in KINDS:
        same = [i for i, r in enumerate(rows) if r["kind"] == kind and r["label"] == "same"]
        diff = [i for i, r in enumerate(rows) if r["kind"] == kind and r["label"] == "different"]
        print(
            f"  {kind:>17}: same {sum(together[i] for i in same)}/{len(same)}"
            f", different {sum(together[i] for i in diff)}/{len(diff)}"
        )
    if args.show:
        for i, row in enumerate(rows):
            if row["label"] == "unsure" or together[i] == (row["label"] == "same"):
                continue
            verdict = "joined" if together[i] else "apart"
            print(
                f"  {row['half']} {row['kind']:>17} {row['label']:>9} {verdict:>6}"
                f"  {row['a']} {row['b']}  ({row['why']})"
            )


if __name__ == "__main__":
    main()
