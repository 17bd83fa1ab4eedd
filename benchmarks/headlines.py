"""Headline quality (issue 22, "Titles"): newsweave.synthesize.headlines on real news text from ../shared.

1. ``headline_from_text`` on the first sentences of every DUC 2003/2004 document and every
   Timeline17 article: how many built headlines ``title_problem`` flags, by reason (target: no
   cut-off, byline or dateline), and 30 samples to read.
2. ``title_problem`` itself: on ECB+ first lines (the ``ecbplus`` documents open with their
   headline; a few open with a date line or the lead sentence instead), what is flagged; on DUC
   and Timeline17 first lines (datelines, slugs, bylines glued to the lead), what is flagged.
3. ``clean_title`` on CleanEval page titles ("Headline - Site" ...) against the page's gold
   first heading.

Every set is split into two halves by a hash of the document id: the rules were developed
looking at half A only; half B is held out. Data is read from ../shared at run time.

    python benchmarks/headlines.py [--show-flagged]
"""

from __future__ import annotations

import argparse
import ast
import gzip
import hashlib
import html
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, read_jsonl, require  # noqa: E402

from newsweave.clean.untokenise import looks_tokenised, untokenise  # noqa: E402
from newsweave.synthesize.headlines import clean_title, headline_from_text, title_problem  # noqa: E402

EXTERNAL = DATA / "external"
TARGET = ("cut-off", "byline", "dateline")
_ABBREV = re.compile(
    r"(?:\b[A-Z]|Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|St|Jr|Sr|Co|Corp|Inc|Ltd|No|Jan|Feb|Mar|Apr|"
    r"Aug|Sept?|Oct|Nov|Dec|U\.S|U\.N|a\.m|p\.m)\.$"
)


_ENDS = {"the", "a", "an", "of", "to", "and", "or", "in", "on", "at", "for", "with", "by", "from", "that", "which"}


def plain_check(head: str) -> str | None:
    """A second opinion that shares no rule with newsweave.synthesize.headlines: plain shapes of a cut-off
    sentence, a byline or a dateline (so the 0 of the first count is not only the module agreeing
    with itself)."""
    words = head.split()
    if not words:
        return None
    if head.endswith(("…", "...", ",", ";", ":")) or words[-1].lower() in _ENDS or head.count("“") > head.count("”"):
        return "cut-off"
    if re.match(r"^By [A-Z][a-z]+ [A-Z]", head) or re.search(r"(?i)\b(?:staff writer|correspondent|reporter)\b", head):
        return "byline"
    if re.search(r"\((?:AP|Reuters|AFP|CNN)\)|^[A-Z]{3,}(?:[ ,]+[A-Z][A-Za-z.]+)*\s*(?:--|_|—)|\d{1,2}:\d{2}", head):
        return "dateline"
    return None


def half(doc_id: str) -> str:
    """'A' (development half) or 'B' (held out), by a stable hash of the document id."""
    return "AB"[int(hashlib.md5(doc_id.encode("utf-8")).hexdigest(), 16) % 2]


def sentences(text: str) -> list[str]:
    """A plain sentence splitter for the benchmark (paragraphs, then full stops before a capital)."""
    out: list[str] = []
    for para in text.split("\n"):
        start, words = 0, para.split()
        for i, word in enumerate(words[:-1]):
            if (
                re.search(r"[.!?][\"”’')]*$", word)
                and not _ABBREV.search(word)
                and re.match(r"[A-Z“\"‘`(]", words[i + 1])
            ):
                out.append(" ".join(words[start : i + 1]))
                start = i + 1
        if words[start:]:
            out.append(" ".join(words[start:]))
    return out


def detokenise(text: str) -> str:
    """ECB+ first lines are tokenised ("Hit - And - Run", "Phila ."): join the hyphenated words."""
    return re.sub(r"(?<=[A-Za-z]) - (?=[A-Za-z])", "-", text.replace("\t", " ").strip())


def duc_docs() -> dict[str, str]:
    docs: dict[str, str] = {}
    for name in ("duc2003-task2.jsonl", "duc2004-clusters.jsonl"):
        require(DATA / name)
        for cluster in read_jsonl(DATA / name):
            for doc in cluster["docs"]:
                docs.setdefault(doc["id"], doc["text"])
    return docs


def t17_docs() -> dict[str, list[str]]:
    docs: dict[str, list[str]] = {}
    for path in sorted((DATA / "timeline17").glob("*/articles.jsonl")):
        for article in read_jsonl(path):
            text = article["text"]
            text = untokenise(text) if looks_tokenised(text) else text  # as the clean stage does
            docs[f"{path.parent.name}/{article['id']}"] = [s for s in text.split("\n") if s.strip()]
    return docs


def tally(items: Iterable[tuple[str, str]]) -> dict[str, Counter]:
    """Per half, a count of title_problem's verdicts (None counted as 'ok')."""
    out: dict[str, Counter] = {"A": Counter(), "B": Counter()}
    for doc_id, text in items:
        out[half(doc_id)][title_problem(text) or "ok"] += 1
    return out


def show(label: str, counts: dict[str, Counter]) -> None:
    for part, name in (("A", "A (development)"), ("B", "B (held out)")):
        c = counts[part]
        total = sum(c.values())
        flagged = ", ".join(f"{k} {v}" for k, v in c.most_common() if k != "ok") or "none"
        print(f"  {label:<34} half {name:<16} n={total:<5} usable {c['ok']:<5} flagged: {flagged}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show-flagged", action="store_true", help="list every flagged ECB+ first line")
    parser.add_argument("--sentences", type=int, default=8, help="first sentences given to headline_from_text")
    parser.add_argument(
        "--no-parse",
        action="store_true",
        help="build headlines by word shapes alone (the pipeline's headline_parse=False)",
    )
    parser.add_argument("--dump", type=Path, help="write every built headline as JSON Lines (set, id, half, headline)")
    args = parser.parse_args()
    parse = None
    if not args.no_parse:
        from newsweave.config import Config
        from newsweave.text.clauses import ClauseSplitter

        parse = ClauseSplitter(Config().spacy_model).parse
    duc, t17 = duc_docs(), t17_docs()
    require(EXTERNAL / "ecbplus-docs.jsonl.gz")
    with gzip.open(EXTERNAL / "ecbplus-docs.jsonl.gz", "rt", encoding="utf-8") as handle:
        ecb = [json.loads(line) for line in handle]

    print("1. headline_from_text on the first sentences of each document (flags by title_problem)")
    built: dict[str, dict[str, str]] = {"DUC": {}, "Timeline17": {}}
    for doc_id, text in duc.items():
        built["DUC"][doc_id] = headline_from_text(sentences(text)[: args.sentences], parse=parse)
    for doc_id, lines in t17.items():
        built["Timeline17"][doc_id] = headline_from_text(lines[: args.sentences], parse=parse)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for name, heads in built.items():
                for doc_id, head in heads.items():
                    row = {"set": name, "id": doc_id, "half": half(doc_id), "headline": head}
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    for name, heads in built.items():
        counts = tally((d, h) for d, h in heads.items())
        show(f"{name} built headlines", counts)
        for part in "AB":
            bad = sum(counts[part][r] for r in TARGET)
            heads_part = [h for d, h in heads.items() if half(d) == part and h]
            second = Counter(plain_check(h) for h in heads_part)
            second.pop(None, None)
            short = sum(len(h.split()) <= 14 for h in heads_part)
            print(
                f"    half {part}: cut-off/byline/dateline results = {bad} (plain second check: "
                f"{sum(second.values())} {dict(second) or ''}); empty (no usable sentence) = "
                f"{counts[part]['empty']}; "
                f"at most 14 words: {short}/{len(heads_part)}"
            )
    lengths = [len(h.split()) for heads in built.values() for h in heads.values() if h]
    print(f"  mean length {sum(lengths) / max(len(lengths), 1):.1f} words, longest {max(lengths, default=0)}")

    print("\n2. title_problem on first lines")
    ecb_first = [(d["doc_id"], detokenise(d["text"].split("\n")[0])) for d in ecb if d["subcorpus"] == "ecbplus"]
    counts = tally(ecb_first)
    show("ECB+ first lines (headlines)", counts)
    show("  the same after clean_title", tally((d, clean_title(line)) for d, line in ecb_first))
    if args.show_flagged:
        for doc_id, line in ecb_first:
            if title_problem(line):
                print(f"    [{half(doc_id)}] {title_problem(line):<9} {line[:110]}")
    show(
        "ECB (ecb) first lines (leads)",
        tally((d["doc_id"], detokenise(d["text"].split("\n")[0])) for d in ecb if d["subcorpus"] == "ecb"),
    )
    show("DUC first lines", tally((d, text.strip().split("\n")[0]) for d, text in duc.items()))
    show("Timeline17 first lines", tally((d, lines[0]) for d, lines in t17.items() if lines))

    print("\n3. clean_title on CleanEval page titles vs the gold first heading")
    require(EXTERNAL / "html-cleaneval.jsonl.gz")
    with gzip.open(EXTERNAL / "html-cleaneval.jsonl.gz", "rt", encoding="utf-8") as handle:
        pages = [json.loads(line) for line in handle]
    scores: dict[str, Counter] = {"A": Counter(), "B": Counter()}
    fold = str.maketrans("‘’“”", "''\"\"")
    for page in pages:
        found = re.search(r"<title[^>]*>(.*?)</title>", page.get("html") or "", re.S | re.I)
        paragraphs = page.get("gold_paragraphs") or "[]"
        paragraphs = ast.literal_eval(paragraphs) if isinstance(paragraphs, str) else paragraphs
        heads = [p["text"] for p in paragraphs if p.get("tag") == "h"]
        if not found or not heads:
            continue
        raw = " ".join(html.unescape(found.group(1)).split())
        cleaned, gold = clean_title(raw).translate(fold), " ".join(heads[0].split()).translate(fold)
        c = scores[half(page["id"])]
        c["pages"] += 1
        c["exact"] += cleaned == gold
        c["raw exact"] += raw.translate(fold) == gold
        c["flagged"] += title_problem(cleaned) is not None
    for part in "AB":
        c = scores[part]
        print(
            f"  half {part}: {c['pages']} pages with a title and a gold heading; cleaned title equals the heading "
            f"{c['exact']} (raw title: {c['raw exact']}); cleaned title flagged {c['flagged']}"
        )

    print("\n4. 30 built headlines to read (15 DUC, 15 Timeline17; held-out half B)")
    rng = random.Random(22)
    for name, heads in built.items():
        ids = sorted(d for d, h in heads.items() if half(d) == "B")
        for doc_id in rng.sample(ids, 15):
            print(f"  {name[:3]} {doc_id:<28} [{title_problem(heads[doc_id]) or 'ok'}] {heads[doc_id]}")


if __name__ == "__main__":
    main()
