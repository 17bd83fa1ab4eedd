"""Cleaning quality and speed (issue 3).

1. Line-level precision, recall and F1 of dropping boilerplate on ``../shared/seeds/labels.json``,
   the body lines dropped by mistake, and how title, standfirst (dek) and subheading lines are
   recognised.
2. Body lines kept on clean newswire: the DUC 2003 and 2004 articles in ``../shared/data``
   (every line of them is article text, apart from the dateline prefix that is split off).
3. Speed: articles cleaned per second on one core (the DUC articles, language identification on).
4. Real pages (issue 24), each set split into halves by page id (``_clean_data.half``): the line
   classifier is trained on half A, half B is held out; both are reported.
   - HTML, ``html-cleaneval``: shingle F1 (4-word shingles per page, precision and recall
     averaged over pages) of newsweave's HTML reader and cleaning against the gold text, and of
     trafilatura alone (``trafilatura.extract`` with its defaults) in the same run; newsweave's
     text is scored with the page's title in front and, as ``body only``, without it (the gold
     texts of some collections hold the title, of others not; trafilatura's text has none);
   - HTML, ``html-trafilatura-eval``: share of the ``with`` snippets kept and of the
     ``without`` snippets dropped, newsweave and trafilatura alone;
   - plain text: the same pages flattened to text (``_clean_data.flatten``), cleaned as text:
     shingle F1 on ``html-cleaneval`` and the snippets of ``html-trafilatura-eval``, against not
     cleaning at all.

    python benchmarks/clean.py [--pages N] [--skip-pages]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _clean_data import (  # noqa: E402
    CLEANEVAL,
    TRAFEVAL,
    averaged_f1,
    flatten,
    pages,
    shingle_pr,
    site,
    snippet_scores,
)
from _common import DATA, ROOT, read_jsonl, require  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
STRUCTURE = ("title", "dek", "heading")


def seeds_scores() -> dict[str, float]:
    from newsweave.clean.article import clean_article
    from newsweave.records import RawArticle

    labels = json.loads((SEEDS / "labels.json").read_text(encoding="utf-8"))["files"]
    tp = fp = fn = 0
    structure = Counter()
    misses: list[str] = []
    for name, lab in labels.items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        article = clean_article(RawArticle(source=name, text=text))
        gold = {int(k) for k in lab["boilerplate"]}
        dropped = {ln.number for ln in article.lines if ln.kind == "dropped" and ln.reason != "dateline"}
        tp, fp, fn = tp + len(gold & dropped), fp + len(dropped - gold), fn + len(gold - dropped)
        kinds = {ln.number: ln.kind for ln in article.lines if ln.kind != "dropped"}
        for kind in STRUCTURE:
            for number in lab[kind]:
                structure[f"{kind}_gold"] += 1
                structure[f"{kind}_right"] += kinds.get(number) == kind
        raw = text.split("\n")
        for number in sorted(gold - dropped):
            misses.append(f"  missed   {name}:{number}: {raw[number - 1][:90]}")
        for number in sorted(dropped - gold):
            misses.append(f"  body cut {name}:{number}: {raw[number - 1][:90]}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out = {"precision": precision, "recall": recall, "f1": f1, "body_dropped": float(fp), "boilerplate": tp + fn}
    for kind in STRUCTURE:
        out[kind] = structure[f"{kind}_right"] / structure[f"{kind}_gold"] if structure[f"{kind}_gold"] else 1.0
    for line in misses:
        print(line)
    return out


def duc_records() -> list:
    from newsweave.records import RawArticle

    records = []
    for name in ("duc2003-task2.jsonl", "duc2004-clusters.jsonl"):
        for row in read_jsonl(DATA / name):
            for doc in row["docs"]:
                records.append(RawArticle(source=f"{name}:{doc['id']}", text=doc["text"], id=doc["id"]))
    return records


def duc_body_kept(records: list) -> tuple[float, int, list[str]]:
    from newsweave.clean.article import clean_article

    kept = total = 0
    lost: list[str] = []
    for record in records:
        article = clean_article(record)
        for line in article.lines:
            if line.kind == "dropped" and line.reason == "dateline":
                continue  # the dateline prefix is split off its line, whose text stays body
            total += 1
            if line.kind == "dropped":
                lost.append(f"  {record.source}:{line.number} [{line.reason}] {line.text[:90]}")
            else:
                kept += 1
    return kept / total, total, lost


def speed(records: list, repeat: int = 3) -> list[float]:
    """Articles per second of CPU time of this process, one figure per pass over ``records`` (CPU
    time, not wall time: other processes on the machine count less), after a first pass that
    loads rule data and the language models (lingua loads each language's model on first use)."""
    from newsweave.clean.article import clean_article

    for record in records:
        clean_article(record)
    rates = []
    for _ in range(repeat):
        started = time.process_time()
        for record in records:
            clean_article(record)
        rates.append(len(records) / (time.process_time() - started))
    return rates


def kept_text(article, title: str | None = None) -> str:
    """What cleaning keeps of an article: its title and every line not dropped."""
    kept = [ln.text for ln in article.lines if ln.kind != "dropped"]
    if title and title not in kept:
        kept.insert(0, title)
    return "\n".join(kept)


def newsweave_html(html: str, source: str) -> tuple[str, str]:
    """newsweave's reading and cleaning of one HTML page, as text: with the page's title in front
    (the article as newsweave keeps it), and its kept lines alone (the body, as trafilatura's
    text is scored)."""
    from newsweave.clean.article import clean_article
    from newsweave.errors import SkipItem
    from newsweave.ingest.html import extract_html

    try:
        raw = extract_html(html, source)
    except SkipItem:
        return "", ""
    article = clean_article(raw)
    return kept_text(article, raw.title), kept_text(article)


def newsweave_text(text: str, source: str) -> str:
    """newsweave's cleaning of a page flattened to plain text."""
    from newsweave.clean.article import clean_article
    from newsweave.records import RawArticle

    if not text.strip():
        return ""
    return kept_text(clean_article(RawArticle(source=source, text=text)))


def extractions(page: dict) -> dict[str, str]:
    """What each system makes of one page: trafilatura alone, newsweave on the HTML, the page
    flattened to text as it is, and newsweave on that text."""
    import trafilatura

    flat = flatten(page["html"])
    html, body = newsweave_html(page["html"], page["id"])
    return {
        "trafilatura": trafilatura.extract(page["html"]) or "",
        "newsweave html": html,
        "  body only": body,
        "no cleaning": flat,
        "newsweave text": newsweave_text(flat, page["id"]),
    }


def page_scores(which: str, limit: int | None, sites_of_a: set[str]) -> dict[str, dict[str, tuple[float, ...]]]:
    """Every measure of one half: shingle P/R/F1 on cleaneval, snippet shares on trafilatura's set;
    for half B also on its pages from sites with no page in half A (``unseen sites``)."""

    systems = ("trafilatura", "newsweave html", "  body only", "no cleaning", "newsweave text")
    groups = ("all", "unseen sites") if which == "B" else ("all",)
    shingle = {g: {k: [] for k in systems} for g in groups}
    snippets = {g: {k: [0, 0, 0, 0] for k in systems} for g in groups}
    for path in (CLEANEVAL, TRAFEVAL):
        for page in pages(path, which, limit):
            outputs = extractions(page)
            for group in groups:
                if group == "unseen sites" and site(page) in sites_of_a:
                    continue
                for key, out in outputs.items():
                    if path == CLEANEVAL:
                        shingle[group][key].append(shingle_pr(out, page["gold_text"]))
                    else:
                        for i, v in enumerate(snippet_scores(out, page)):
                            snippets[group][key][i] += v
    out: dict[str, dict[str, tuple[float, ...]]] = {}
    for group in groups:
        out[group] = {}
        for key in systems:
            p, r, f = averaged_f1(shingle[group][key])
            kept, good, dropped, bad = snippets[group][key]
            out[group][key] = (p, r, f, kept / max(good, 1), dropped / max(bad, 1), len(shingle[group][key]))
    return out


def print_pages(limit: int | None) -> None:
    """The real-page measures of both halves."""
    sites_of_a = {site(page) for path in (CLEANEVAL, TRAFEVAL) for page in pages(path, "A", limit)}
    for which, what in (("A", "training and tuning"), ("B", "held out")):
        for group, scores in page_scores(which, limit, sites_of_a).items():
            first = next(iter(scores.values()))
            name = f"half {which} ({what})" + (", sites with no page in half A" if group != "all" else "")
            print(
                f"\n{name}: html-cleaneval {int(first[5])} pages (shingle P / R / F1); "
                "html-trafilatura-eval snippets (with kept / without dropped / mean)"
            )
            for key, (p, r, f, kept, dropped, *_) in scores.items():
                print(
                    f"  {key:15s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   snippets {kept:.3f} / {dropped:.3f} / "
                    f"{(kept + dropped) / 2:.3f}"
                )


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="cleaning benchmarks")
    parser.add_argument("--pages", type=int, default=None, help="at most N pages of each half of each set")
    parser.add_argument("--skip-pages", action="store_true", help="only the seeds, DUC and speed")
    args = parser.parse_args()
    require(SEEDS / "labels.json")
    require(DATA / "duc2003-task2.jsonl")
    print("seeds (../shared/seeds/labels.json):")
    s = seeds_scores()
    print(
        f"boilerplate lines: {s['boilerplate']:.0f}  precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
        f"F1 {s['f1']:.3f}  body lines dropped: {s['body_dropped']:.0f}"
    )
    print(f"structure recognised: title {s['title']:.2f}  dek {s['dek']:.2f}  heading {s['heading']:.2f}")
    records = duc_records()
    share, total, lost = duc_body_kept(records)
    print(f"\nDUC 2003+2004: {len(records)} articles, {total} lines, kept {100 * share:.2f} %")
    reasons = Counter(line.split("[", 1)[1].split("]", 1)[0] for line in lost)
    print("dropped by reason: " + ", ".join(f"{reason} {n}" for reason, n in reasons.most_common()))
    for line in lost[:12]:
        print(line)
    rates = sorted(speed(records))
    print(
        f"\nspeed: {rates[len(rates) // 2]:.0f} articles/s of CPU time on one core, median of {len(rates)} passes "
        f"({', '.join(f'{r:.0f}' for r in rates)}; {len(records)} DUC articles)"
    )
    if not args.skip_pages:
        require(CLEANEVAL)
        require(TRAFEVAL)
        print_pages(args.pages)


if __name__ == "__main__":
    main()
