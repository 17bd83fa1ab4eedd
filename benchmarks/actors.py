"""Actors across articles and outlets (issue 23): cross-document B-cubed of newsweave's actor
clusters against the gold entity chains of NewsWCL50 and ECB+.

Data (``../shared/data/external``): ``newswcl50-docs`` / ``newswcl50-chains`` (10 events, each
reported by 5 outlets; every document's mentions with chain and character span) and
``ecbplus-docs`` / ``ecbplus-chains`` (24 topics of about 20 articles, each topic two similar
events; mentions annotated only in some sentences of each document, ``annotated_sentences``).
One story per NewsWCL50 event and per ECB+ topic (both of its events: the articles a reader would
find on the subject). Halves by a hash of the event / topic id: A for development, B held out.

What runs: each document is cleaned (:func:`newsweave.clean.article.clean_article`), annotated
(:meth:`newsweave.annotate.annotator.Annotator.annotate`: sentences, named entities, names
propagated through the article) and the story's actors resolved
(:func:`newsweave.synthesize.actors.resolve_actors`, with the parse for roles as the pipeline
runs it unless ``--no-parse``; what the story page shows: spellings,
surnames, acronyms, nationality adjectives and "the <title>" merged across the articles). A found
mention is a span of an actor (person, organisation or place); names newsweave does not make
actors (nationalities alone, dates, works) are not found mentions. Offsets are mapped from the
cleaned text back to the document's by line.

What is gold: the mentions of entity chains of the kinds newsweave calls actors. NewsWCL50:
ACTOR, ACTOR-I (individual actors), GROUP and COUNTRY chains (COUNTRY chains hold the state's
government and officials too: "White House", "American officials"); not OBJECT chains nor events.
ECB+: HUMAN_PART_PER, HUMAN_PART_ORG, HUMAN_PART_GPE, LOC_GEO and LOC_FAC chains (cross- and
within-document); not generic or vehicle participants, times, non-human things nor events.

Matching: a found mention matches a gold mention of the same document when one span holds the
other and both end at the same character, possessive endings left out (the name heads the gold
mention: "Trump" matches "President Trump", not "Trump 's lawyer"); one to one, the largest
overlap first. Found mentions with no gold mention (names in ECB+'s unannotated sentences, names the gold
does not chain) are not scored.

Scores (micro-averaged over the mentions of a half, each story's mentions clustered together):

- *B³ of matched mentions*: B-cubed precision, recall and F1 of the found clusters against the gold
  chains on the mentions found and matched: how well what was found is resolved, within and
  across documents.
- *mention recall*: the share of gold mentions matched (pronouns and descriptions, "the
  president", are gold mentions newsweave does not find as names).
- *B³ of all gold mentions*: B-cubed with every gold mention, those not found counted as
  singletons (precision is then flattered by the singletons, recall is not): the figure that
  compares runs that find different mentions, since the B³ of matched mentions is taken over
  whatever was found.
- *by name*: the same B³ when found mentions are clustered by their folded name only (no
  merging): what the merging adds.

    python benchmarks/actors.py [--dataset newswcl50|ecbplus|both] [--half A|B|both] [--no-parse]
                                 [--errors N] [--set KEY=VALUE ...]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, require, settings  # noqa: E402

EXTERNAL = DATA / "external"
GOLD_TYPES = {
    "newswcl50": {"ACTOR", "ACTOR-I", "GROUP", "COUNTRY"},
    "ecbplus": {"HUMAN_PART_PER", "HUMAN_PART_ORG", "HUMAN_PART_GPE", "LOC_GEO", "LOC_FAC"},
}

Span = tuple[str, int, int]  # (document id, start, end) in the document's text


def half(story_id: str) -> str:
    """'A' (development) or 'B' (held out), by a hash of the event / topic id."""
    return "A" if hashlib.sha1(story_id.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def stories(dataset: str) -> dict[str, list[dict]]:
    """The documents of each story: a NewsWCL50 event or an ECB+ topic."""
    path = EXTERNAL / f"{dataset}-docs.jsonl.gz"
    require(path)
    out: dict[str, list[dict]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            out[str(doc.get("event_id") if dataset == "newswcl50" else doc["topic"])].append(doc)
    return dict(out)


def gold_mentions(dataset: str, docs: list[dict]) -> dict[Span, str]:
    """The gold actor mentions of ``docs``: span -> chain."""
    kinds = GOLD_TYPES[dataset]
    out = {}
    for doc in docs:
        for m in doc["mentions"]:
            kind = m.get("chain_type") if dataset == "newswcl50" else m.get("type")
            if m.get("kind") == "entity" and kind in kinds and m.get("char_start") is not None:
                out[(doc["doc_id"], int(m["char_start"]), int(m["char_end"]))] = str(m["chain"])
    return out


def _line_starts(text: str) -> list[int]:
    starts, pos = [], 0
    for line in text.split("\n"):
        starts.append(pos)
        pos += len(line) + 1
    return starts


def offset_map(article, text: str) -> tuple[list[tuple[int, int, int]], list[int]]:
    """(clean start, clean end, start in the document as the clean stage reads it) of each kept
    line, and where each character of that reading stood in the document: the annotator's offsets
    are in the kept lines joined by newlines (:meth:`Annotator.split`), and the clean stage joins a
    tokenised document back first (:func:`newsweave.clean.untokenise.untokenise_mapped`)."""
    from newsweave.clean.untokenise import looks_tokenised, untokenise_mapped

    plain = "".join(" " if ch.isspace() and ch != "\n" else ch for ch in text)
    read, where = untokenise_mapped(plain) if looks_tokenised(plain) else (plain, list(range(len(plain))))
    starts = _line_starts(read)
    out, offset = [], 0
    for line in article.lines:
        if line.kind == "dropped":
            continue
        begin = starts[line.number - 1] if line.number - 1 < len(starts) else 0
        found = read.find(line.text, begin)
        if found >= 0:
            out.append((offset, offset + len(line.text), found))
        offset += len(line.text) + 1
    return out, where


def to_document(span: tuple[int, int], mapped: tuple[list[tuple[int, int, int]], list[int]]) -> tuple[int, int] | None:
    lines, where = mapped
    for start, end, read_start in lines:
        if start <= span[0] and span[1] <= end and span[1] > span[0]:
            first, last = read_start + span[0] - start, read_start + span[1] - start - 1
            return where[first], where[last] + 1
    return None


_POSSESSIVE = re.compile(r"\s*['’]s?$")


def _end(text: str, span: Span) -> int:
    """The span's end with a possessive ending left out ("North Korea 's" ends after "Korea")."""
    m = _POSSESSIVE.search(text[span[1] : span[2]])
    return span[1] + m.start() if m else span[2]


def match(found: dict[Span, int], gold: dict[Span, str], texts: dict[str, str]) -> dict[Span, Span]:
    """Found span -> gold span, one to one (largest character overlap first), when one holds the
    other and both end at the same character (possessives left out): a name is matched to the
    mention it heads ("Trump" to "President Trump"), never to one it only modifies ("Trump" in
    "Trump 's lawyer", "North Korean" in "North Korean leader")."""
    by_doc: dict[str, list[Span]] = defaultdict(list)
    for span in gold:
        by_doc[span[0]].append(span)
    pairs = []
    for f in found:
        text = texts[f[0]]
        for g in by_doc.get(f[0], []):
            holds = (f[1] <= g[1] and g[2] <= f[2]) or (g[1] <= f[1] and f[2] <= g[2])
            if not holds or _end(text, f) != _end(text, g):
                continue
            inter = min(f[2], g[2]) - max(f[1], g[1])
            union = max(f[2], g[2]) - min(f[1], g[1])
            pairs.append((inter / union, f, g))
    out: dict[Span, Span] = {}
    taken: set[Span] = set()
    for _, f, g in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if f not in out and g not in taken:
            out[f] = g
            taken.add(g)
    return out


def bcubed(system: dict, gold: dict) -> tuple[float, float, int]:
    """Summed B³ precision and recall over the items of ``gold`` (item -> cluster) and the count;
    ``system`` maps the same items to clusters."""
    sys_members: dict = defaultdict(set)
    gold_members: dict = defaultdict(set)
    for item in gold:
        sys_members[system[item]].add(item)
        gold_members[gold[item]].add(item)
    p = r = 0.0
    for item in gold:
        s, g = sys_members[system[item]], gold_members[gold[item]]
        both = len(s & g)
        p += both / len(s)
        r += both / len(g)
    return p, r, len(gold)


def resolve(docs: list[dict], annotator, config, parse) -> tuple[dict[Span, int], dict[Span, str], list]:
    """Found mentions of the story's actors: span -> actor index, span -> surface text; and the actors."""
    from newsweave.clean.article import clean_article
    from newsweave.records import RawArticle, StoryMaterial
    from newsweave.synthesize.actors import resolve_actors

    texts = {d["doc_id"]: d["text"] for d in docs}
    articles = [
        clean_article(
            RawArticle(source=d["doc_id"], text=d["text"], id=d["doc_id"], outlet=d.get("outlet") or d["doc_id"]),
            config.max_article_chars,
        )
        for d in docs
    ]
    articles = [a for a in articles if a.body]
    annotations = {ann.article_id: ann for ann in annotator.annotate(articles)}
    material = StoryMaterial(
        "story",
        articles,
        {a.id: annotations[a.id].sentences for a in articles},
        {a.id: annotations[a.id].entities for a in articles},
    )
    resolved = resolve_actors(material, config.synthesize, parse=parse)
    lines = {a.id: offset_map(a, texts[a.id]) for a in articles}
    found: dict[Span, int] = {}
    surface: dict[Span, str] = {}
    for k, item in enumerate(resolved):
        for article_id, start, end in item.spans:
            where = to_document((start, end), lines[article_id])
            if where is not None:
                span = (article_id, *where)
                found.setdefault(span, k)
                surface[span] = texts[article_id][where[0] : where[1]]
    return found, surface, [item.actor for item in resolved]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", choices=["newswcl50", "ecbplus", "both"], default="both")
    parser.add_argument("--half", choices=["A", "B", "both"], default="both")
    parser.add_argument("--no-parse", action="store_true", help="roles from the rules only (default: role_parse)")
    parser.add_argument("--errors", type=int, default=0, help="print the N most frequent wrong links (half A only)")
    parser.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE", help="Config overrides")
    args = parser.parse_args()

    from newsweave.annotate.annotator import Annotator
    from newsweave.config import Config
    from newsweave.text.names import name_key

    config = Config(**settings(args.set))
    annotator = Annotator(config)
    parse = annotator.clauses.parse if config.role_parse and not args.no_parse else None
    datasets = ["newswcl50", "ecbplus"] if args.dataset == "both" else [args.dataset]
    halves = ["A", "B"] if args.half == "both" else [args.half]
    for dataset in datasets:
        by_story = stories(dataset)
        for name in halves:
            chosen = sorted(s for s in by_story if half(s) == name)
            totals: Counter[str] = Counter()
            merged_wrong: Counter[tuple[str, str]] = Counter()
            split_wrong: Counter[tuple[str, str]] = Counter()
            for story in chosen:
                docs = by_story[story]
                gold = gold_mentions(dataset, docs)
                found, surface, _ = resolve(docs, annotator, config, parse)
                pairs = match(found, gold, {d["doc_id"]: d["text"] for d in docs})
                matched_gold = {g: gold[g] for g in pairs.values()}
                system = {g: (story, found[f]) for f, g in pairs.items()}
                by_name = {g: (story, name_key(surface[f])) for f, g in pairs.items()}
                p, r, n = bcubed(system, {g: (story, c) for g, c in matched_gold.items()})
                totals["p"] += p
                totals["r"] += r
                totals["n"] += n
                p, r, _ = bcubed(by_name, {g: (story, c) for g, c in matched_gold.items()})
                totals["p_name"] += p
                totals["r_name"] += r
                every = {g: system.get(g, ("missed", g)) for g in gold}
                p_all, r_all, n_all = bcubed(every, {g: (story, c) for g, c in gold.items()})
                totals["p_all"] += p_all
                totals["r_all"] += r_all
                totals["gold"] += n_all
                totals["docs"] += len(docs)
                totals["found"] += len(found)
                if args.errors and name == "A":
                    inverse = {g: f for f, g in pairs.items()}
                    items = list(matched_gold)
                    for i, a in enumerate(items):
                        for b in items[i + 1 :]:
                            same_sys = system[a] == system[b]
                            same_gold = matched_gold[a] == matched_gold[b]
                            pair = tuple(sorted((surface[inverse[a]], surface[inverse[b]])))
                            if same_sys and not same_gold:
                                merged_wrong[pair] += 1  # type: ignore[index]
                            elif same_gold and not same_sys:
                                split_wrong[pair] += 1  # type: ignore[index]
            n = totals["n"] or 1
            p, r = totals["p"] / n, totals["r"] / n
            pn, rn = totals["p_name"] / n, totals["r_name"] / n
            print(
                f"{dataset} half {name}: {len(chosen)} stories, {totals['docs']} documents, "
                f"{totals['gold']} gold mentions, {totals['found']} found, {totals['n']} matched"
            )
            print(f"  B3 of matched mentions: P {p:.3f} R {r:.3f} F1 {_f1(p, r):.3f}")
            print(f"  by name only:           P {pn:.3f} R {rn:.3f} F1 {_f1(pn, rn):.3f}")
            pa, ra = totals["p_all"] / (totals["gold"] or 1), totals["r_all"] / (totals["gold"] or 1)
            print(f"  B3 of all gold mentions: P {pa:.3f} R {ra:.3f} F1 {_f1(pa, ra):.3f}")
            print(f"  mention recall {totals['n'] / (totals['gold'] or 1):.3f}")
            if args.errors and name == "A":
                print("  most frequent wrong merges (mention pairs):")
                for pair, count in merged_wrong.most_common(args.errors):
                    print(f"    {count:5d}  {pair}")
                print("  most frequent missed links (mention pairs):")
                for pair, count in split_wrong.most_common(args.errors):
                    print(f"    {count:5d}  {pair}")


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


if __name__ == "__main__":
    main()
