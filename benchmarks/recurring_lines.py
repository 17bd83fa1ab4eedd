"""Lines dropped as a file's recurring boilerplate when the outlet is unknown, on real files.

Each real set is fed as files of articles without outlets, the way a user's export often comes:
a Timeline17 folder (one outlet's scrape of one topic), an ECB+ topic (two events, many outlets),
a DUC cluster (one event, two wire services), NewsWCL50 by event (five outlets) and PolNeAR whole
(seven outlets). Every article is cleaned as ingest cleans it and the file's line counts are made
from all its articles, then :func:`~newsweave.clean.article.drop_recurring` runs with the file
group's settings. Printed per set: files, articles, lines dropped and distinct lines dropped;
``--show`` lists the distinct lines with the number of articles that carried them, to read whether
they are boilerplate (a set of many outlets about one event should lose none of its prose).

    python benchmarks/recurring_lines.py [--show] [--sets t17,ecb,duc,wcl,pol]
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Iterator

from _common import DATA

from newsweave.clean.article import clean_article, countable_line_keys, drop_recurring, line_key
from newsweave.config import CleanSettings
from newsweave.records import RawArticle

File = tuple[str, list[str]]  # a name and its articles' texts


def _t17() -> Iterator[File]:
    for folder in sorted(p for p in (DATA / "timeline17").iterdir() if p.is_dir()):
        with (folder / "articles.jsonl").open(encoding="utf-8") as handle:
            yield folder.name, [json.loads(line)["text"] for line in handle]


def _grouped(name: str, key: str) -> Iterator[File]:
    groups: dict[str, list[str]] = defaultdict(list)
    with gzip.open(DATA / "external" / name, "rt", encoding="utf-8") as handle:
        seen = set()
        for row in map(json.loads, handle):
            doc = row.get("doc_id", row.get("id"))
            if doc in seen:  # PolNeAR has a record per annotator
                continue
            seen.add(doc)
            groups[str(row[key]) if key else "all"].append(row["text"])
    yield from sorted(groups.items())


def _duc() -> Iterator[File]:
    for name in ("duc2003-task2.jsonl", "duc2004-clusters.jsonl"):
        with (DATA / name).open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                yield row["id"], [doc["text"] for doc in row["docs"]]


SETS = {
    "t17": _t17,
    "ecb": lambda: _grouped("ecbplus-docs.jsonl.gz", "topic"),
    "duc": _duc,
    "wcl": lambda: _grouped("newswcl50-docs.jsonl.gz", "event_id"),
    "pol": lambda: _grouped("polnear.jsonl.gz", ""),
}


def dropped_in(texts: list[str], settings: CleanSettings) -> Counter[str]:
    """The lines of a file's articles dropped as the file's recurring lines, with how often."""
    articles = [clean_article(RawArticle(source=f"file.jsonl:{i + 1}", text=t)) for i, t in enumerate(texts)]
    counts: Counter[str] = Counter()
    for article in articles:
        counts.update(countable_line_keys(article))
    dropped: Counter[str] = Counter()
    for article in articles:
        before = {id(ln) for ln in article.lines if ln.kind == "dropped"}
        drop_recurring(
            article, counts, len(articles), settings.recurring_min_file_articles, settings.recurring_min_share
        )
        dropped.update(ln.text for ln in article.lines if ln.kind == "dropped" and id(ln) not in before)
    return dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="t17,ecb,duc,wcl,pol")
    parser.add_argument("--show", action="store_true", help="list the distinct lines dropped")
    args = parser.parse_args()
    settings = CleanSettings()
    for name in args.sets.split(","):
        files = articles = 0
        lines: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for file_name, texts in SETS[name]():
            files += 1
            articles += len(texts)
            dropped = dropped_in(texts, settings)
            lines.update(dropped)
            for text in dropped:
                shown.setdefault(line_key(text), f"{file_name}: {text[:110]}")
        distinct = {line_key(t) for t in lines}
        print(
            f"{name}: {files} files, {articles} articles, {sum(lines.values())} lines dropped, {len(distinct)} distinct"
        )
        if args.show:
            by_key: Counter[str] = Counter()
            for text, n in lines.items():
                by_key[line_key(text)] += n
            for key, n in by_key.most_common():
                print(f"  {n:5d}  {shown[key]}")


if __name__ == "__main__":
    main()
