"""Number disagreements and count updates on real stories (issue 23): Timeline17.

Data: ``../shared/data/timeline17/<topic>_<outlet>/articles.jsonl`` (dated news articles of 9
topics, several told by 2-5 outlets; wars, an oil spill, an epidemic and an earthquake report
growing tallies). Halves by a hash of the folder name (one outlet's articles of one topic): A
for development, B held out.

Stories: a topic's articles (all its outlets' folders in the half) in blocks of ``--days`` consecutive days, as the
pipeline's stories of one event over a few days. Claims: the first ``claim_sentences`` sentences
of each article of 6-60 words (as the pipeline's claims) that give a count; they are embedded with
the configured sentence embedder and :func:`newsweave.synthesize.disagreements.number_conflicts`
runs on them with each article's date, as :func:`newsweave.synthesize.coverage.coverage` does.

Printed: the number disagreements and the updates found per half. With ``--show`` each flag is
printed with its sentences (to read it; the text is not stored). Labels read by hand are in
``benchmarks/data/count_updates_labels.jsonl``: a flag's key (its kind, what it is about and its
cited sentences, ``article:index``) and ``ok`` — for a number disagreement, whether two reports
really give one count of one thing differently (not two things, not an update); for an update,
whether the later report really updates that count. Precision = share of the labelled flags that
are ok; flags not labelled are counted as unread.

A second, fresh held-out set (``--data duc``): DUC 2003 task 2 and DUC 2004 clusters
(``../shared/data/duc200*.jsonl``), each cluster (one event, ~10 dated articles of 2-3 agencies)
one story as it is, with each document's date and outlet; never used to develop the rules.

    python benchmarks/count_updates.py [--data t17|duc] [--half A|B|both] [--show] [--days N] [--set KEY=VALUE ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, read_jsonl, require, settings  # noqa: E402

T17 = DATA / "timeline17"
LABELS = Path(__file__).resolve().parent / "data" / "count_updates_labels.jsonl"
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'`])")


def half(folder: str) -> str:
    """'A' (development) or 'B' (held out), by a hash of the folder name."""
    return "A" if hashlib.sha1(folder.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def _text(raw: str) -> str:
    """Timeline17's tokenised text made readable ("Cairo 's" -> "Cairo's", "-LRB-" -> "(")."""
    text = raw.replace("-LRB-", "(").replace("-RRB-", ")").replace("``", '"').replace("''", '"')
    text = re.sub(r" (?=[,.;:!?)]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|%)", "", text)
    return re.sub(r"\( ", "(", text)


def stories(folders: list[str], days: int) -> list[tuple[str, list[dict]]]:
    """Each topic's articles of the folders (outlets) given, in blocks of ``days`` days from the first."""
    out = []
    for topic in sorted({f.split("_")[0] for f in folders}):
        articles = []
        for folder in [T17 / f for f in folders if f.split("_")[0] == topic]:
            for row in read_jsonl(folder / "articles.jsonl"):
                when = date.fromisoformat(row["time"][:10])
                articles.append({"id": f"{folder.name}/{row['id']}", "date": when, "text": row["text"]})
        blocks: dict[int, list[dict]] = defaultdict(list)
        first = min(a["date"] for a in articles)
        for article in articles:
            blocks[(article["date"] - first).days // days].append(article)
        for k, block in sorted(blocks.items()):
            if len(block) > 1:
                out.append((f"{topic}@{first + timedelta(days=k * days)}", block))
    return out


def duc_stories() -> list[tuple[str, list[dict]]]:
    """Each DUC 2003 (task 2) / 2004 cluster as one story: its documents with date and outlet."""
    out = []
    for name in ("duc2003-task2.jsonl", "duc2004-clusters.jsonl"):
        require(DATA / name)
        for cluster in read_jsonl(DATA / name):
            articles = [
                {
                    "id": f"{name[:7]}/{cluster['id']}/{doc['id']}",
                    "date": date.fromisoformat(doc["published"][:10]),
                    "outlet": doc.get("outlet") or doc["id"][:3],
                    "text": doc["text"],
                }
                for doc in cluster["docs"]
                if doc.get("published")
            ]
            if len(articles) > 1:
                out.append((f"{name[:7]}/{cluster['id']}", articles))
    return out


def claims(block: list[dict], per_article: int):
    """The sentences of the block's articles that may be claims and give a count."""
    from newsweave.records import Sentence

    try:
        from newsweave.synthesize.tallies import counts
    except ImportError:  # the code before tallies (main 1103c16), for the "before" figures
        from newsweave.synthesize.disagreements import counts  # type: ignore[attr-defined,no-redef]

    out = []
    for article in block:
        lines = [s for line in article["text"].split("\n") for s in _SPLIT.split(_text(line).strip()) if s]
        for index, sent in enumerate(lines[:per_article]):
            if 6 <= len(sent.split()) <= 60 and counts(sent):
                out.append(Sentence(article["id"], index, sent, "body", 0, len(sent)))
    return out


def key(d) -> str:  # type: ignore[no-untyped-def]
    """A flag's key: kind, what it is about, and its cited sentences."""
    cites = sorted(f"{c.article}:{c.sentence}" for side in d.sides for c in side.citations)
    return f"{d.kind}|{d.about}|{' '.join(cites)}"


def run(story_list: list[tuple[str, list[dict]]], encode, config, show: bool) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    """Every number disagreement and update found in the stories."""
    from newsweave.synthesize.disagreements import number_conflicts

    found = []
    for name, block in story_list:
        sents = claims(block, config.synthesize.claim_sentences)
        if len(sents) < 2:
            continue
        matrix = encode([s.text for s in sents])
        dates = {a["id"]: a["date"] for a in block}
        close = getattr(config.synthesize, "tally_close", None)
        try:
            outlets = {a["id"]: a.get("outlet") or a["id"].split("/")[0] for a in block}
            flags = number_conflicts(sents, matrix, dates=dates, tally_close=close, outlets=outlets)
        except TypeError:  # the code before updates (main), for the "before" figures
            flags = number_conflicts(sents, matrix)
        for d in flags:
            found.append((name, d))
            if show:
                text = {(s.article_id, s.index): s.text for s in sents}
                print(f"\n[{d.kind}] {d.about} — {name}\n  key: {key(d)}")
                for side in d.sides:
                    c = side.citations[0]
                    more = len(side.citations) - 1
                    print(f"  {dates[c.article]} {c.article}:{c.sentence} (+{more}) {text[(c.article, c.sentence)]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", choices=["t17", "duc"], default="t17", help="Timeline17 halves or DUC (held out)")
    parser.add_argument("--half", choices=["A", "B", "both"], default="both")
    parser.add_argument("--days", type=int, default=4)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE", help="Config overrides")
    args = parser.parse_args()
    if args.data == "t17":
        require(T17)
    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config

    config = Config(**settings(args.set))
    encode = Annotator(config).sentence_embedder.encode
    labels = {}
    if LABELS.exists():
        labels = {row["key"]: bool(row["ok"]) for row in map(json.loads, LABELS.read_text("utf-8").splitlines())}
    parts: list[tuple[str, list[tuple[str, list[dict]]]]] = []
    if args.data == "duc":
        parts.append(("DUC 2003/2004 (held out)", duc_stories()))
    else:
        all_folders = sorted(p.name for p in T17.iterdir() if (p / "articles.jsonl").exists())
        for name in ("A", "B"):
            if args.half in (name, "both"):
                topics = [f for f in all_folders if half(f) == name]
                parts.append((f"half {name} ({', '.join(topics)})", stories(topics, args.days)))
    for title, story_list in parts:
        found = run(story_list, encode, config, args.show)
        print(f"{title}: {len(found)} flags")
        for kind in ("number", "update"):
            flags = [key(d) for _, d in found if d.kind == kind]
            read = [labels[k] for k in flags if k in labels]
            tallies = Counter(d.about for _, d in found if d.kind == kind)
            precision = f"{sum(read) / len(read):.3f}" if read else "-"
            print(
                f"  {kind}: {len(flags)} flagged ({dict(tallies.most_common(6))}); "
                f"read {len(read)}, ok {sum(read)}, precision {precision}; unread {len(flags) - len(read)}"
            )


if __name__ == "__main__":
    main()
