"""Quotes and their speakers on real articles: PolNeAR (issue 23).

Data: ``../shared/data/external/polnear.jsonl.gz`` (political news of 7 US outlets, 2016, with
every attribution's source, cue and content spans; read at run time, nothing is copied here).
One record per (article, annotator); the first annotator of each article is used. Compartments:
``train`` (the finder is developed on it) and ``dev`` (held out: scored as it comes out).

What is scored, per article:

- **quotes**: every stretch in quotation marks of at least three words that lies inside an
  attribution's content is a gold quote, ``direct`` when the content is (nearly) all quoted,
  ``partial`` when the quote sits in reported speech ("… adding that it was “one of …”").
  Its gold speaker is the attribution's source; an attribution without a source has none.
  A found quote matches a gold one when their spans overlap by half of the shorter; found
  quotes matching none are counted against quote precision (scare quotes, titles).
- **speakers**: a matched quote's speaker is right when its last word (the surname or head
  noun) is among the words of the gold source (titles, determiners and case ignored), e.g.
  "Anna Richardson White" for "a spokeswoman, Anna Richardson White,". A gold source that is a
  pronoun stands for the last named source before it in the same annotation (an approximation:
  PolNeAR has no coreference). Precision: right speakers of the matched quotes given one;
  recall: right speakers of all gold quotes with a source.
- **indirect**: attributions whose cue opens with a reporting verb of ``rules/quotes_en.json`` and no
  quotation marks in their content; found reported speech matches when the spans overlap by
  half of the shorter, speakers as above.

    python benchmarks/polnear.py [--compartment train|dev] [--sample N] [--errors] [--rules-only]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, require  # noqa: E402

PATH = DATA / "external" / "polnear.jsonl.gz"
PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us"])
_DROP = frozenset(["the", "a", "an", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president"])
MIN_WORDS = 3


@dataclass
class Gold:
    start: int
    end: int
    kind: str  # direct, partial, indirect
    source: str | None  # the gold source's words (a pronoun replaced by its referent)
    raw_source: str | None = None
    skip: bool = False  # a source whose referent is unknown ("who", "we"): its speaker is not scored


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    matched: int = 0
    gold_with_source: int = 0
    given: int = 0  # matched quotes given a speaker
    right: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        qp = self.matched / self.found if self.found else 0.0
        qr = self.matched / self.gold if self.gold else 0.0
        sp = self.right / self.given if self.given else 0.0
        sr = self.right / self.gold_with_source if self.gold_with_source else 0.0
        return (
            f"  {name:9} gold {self.gold:4d} found {self.found:4d}  quote P {qp:.3f} R {qr:.3f}   "
            f"speaker P {sp:.3f} R {sr:.3f} (given {self.given}, right {self.right}, of {self.gold_with_source})"
        )


def load(compartment: str, sample: int | None = None, seed: int = 23) -> list[dict]:
    """The articles of a compartment, one annotation each (the first), optionally a sample."""
    require(PATH)
    seen: dict[str, dict] = {}
    with gzip.open(PATH, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["compartment"] == compartment and row["id"] not in seen:
                seen[row["id"]] = row
    rows = sorted(seen.values(), key=lambda r: r["id"])
    if sample and sample < len(rows):
        rows = sorted(random.Random(seed).sample(rows, sample), key=lambda r: r["id"])
    return rows


def paragraphs_of(text: str) -> tuple[list[str], list[int]]:
    """The non-empty lines of ``text`` and where each starts."""
    paras, offsets, cursor = [], [], 0
    for line in text.split("\n"):
        if line.strip():
            paras.append(line)
            offsets.append(cursor)
        cursor += len(line) + 1
    return paras, offsets


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9][\w'’-]*", text.lower().replace("’s", "").replace("'s", ""))]


def _named(source: str) -> bool:
    return any(w[:1].isupper() for w in source.split()) and source.strip().lower() not in PRONOUNS


def gold_items(row: dict, curl) -> list[Gold]:
    """Gold quotes (direct, partial) and reported speech (indirect) of an annotated article."""
    from newsweave.synthesize.speakers import cue_words

    text = row["text"]
    verbs = cue_words()
    attributions = sorted(
        (a for a in row["attributions"] if a["content"]), key=lambda a: min(c["start"] for c in a["content"])
    )
    # a pronoun source stands for the last named source before it
    last_named: str | None = None
    resolved: list[str | None] = []
    for a in sorted(attributions, key=lambda a: min([s["start"] for s in a["source"]] or [0])):
        src = " ".join(s["text"] for s in a["source"]).strip() or None
        if src and src.lower().strip(",. ") in ("who", "that", "which"):
            a["_resolved"] = None  # a relative pronoun: its noun is not annotated
        elif src and src.lower().strip(",. ") in PRONOUNS:
            a["_resolved"] = last_named if src.lower().strip(",. ") in ("he", "she", "him", "her") else None
        else:
            a["_resolved"] = src
            if src and _named(src):
                last_named = src
    del resolved
    curled = "\n".join(curl(p) for p in text.split("\n"))
    stretches = [(m.start() + 1, m.end() - 1) for m in re.finditer(r"“[^“”\n]*”", curled)]
    items: list[Gold] = []
    for qs, qe in stretches:
        if len(curled[qs:qe].split()) < MIN_WORDS:
            continue
        holders = [
            (a, c)
            for a in attributions
            for c in a["content"]
            if min(qe, c["end"]) - max(qs, c["start"]) >= 0.5 * (qe - qs)
        ]
        if not holders:
            continue
        a, c = min(holders, key=lambda h: h[1]["end"] - h[1]["start"])
        outside = sum(len(x["text"]) for x in a["content"]) - (qe - qs) - 2
        kind = "direct" if outside <= 0.2 * (qe - qs) + 8 else "partial"
        raw = " ".join(s["text"] for s in a["source"]).strip() or None
        items.append(Gold(qs, qe, kind, a["_resolved"], raw, skip=bool(raw) and not a["_resolved"]))
    for a in attributions:
        cue = (" ".join(c["text"] for c in a["cue"]).lower().strip(" ,:").split() or [""])[0]
        body = " ".join(c["text"] for c in a["content"])
        if cue not in verbs or "“" in body or '"' in body or "''" in body or len(body.split()) < 4:
            continue
        spans = a["content"]
        raw = " ".join(s["text"] for s in a["source"]).strip() or None
        start, end = min(c["start"] for c in spans), max(c["end"] for c in spans)
        items.append(Gold(start, end, "indirect", a["_resolved"], raw, skip=bool(raw) and not a["_resolved"]))
    return items


def speaker_right(predicted: str | None, gold: str | None) -> bool:
    """Whether a found speaker names the gold source (its last word among the gold's words)."""
    if not predicted or not gold:
        return False
    got = [w for w in _words(predicted) if w not in _DROP] or _words(predicted)
    want = set(_words(gold))
    return bool(got) and got[-1] in want


def evaluate(rows: list[dict], extract, curl) -> dict[str, Tally]:
    """Tallies of quotes (direct, partial) and reported speech (indirect) over ``rows``.

    ``extract(paragraphs)`` returns :class:`newsweave.synthesize.quotes.Quote` objects (both kinds)."""
    tallies = {k: Tally() for k in ("direct", "partial", "indirect")}
    tallies["all quotes"] = Tally()
    for row in rows:
        paras, offsets = paragraphs_of(row["text"])
        gold = gold_items(row, curl)
        found = extract(paras)
        used: set[int] = set()
        for q in found:
            start = offsets[q.paragraph] + q.start
            end = offsets[q.paragraph if q.end_paragraph < 0 else q.end_paragraph] + q.end
            indirect = q.kind == "indirect"
            best = None
            for i, g in enumerate(gold):
                if (g.kind == "indirect") != indirect or i in used:
                    continue
                overlap = min(end, g.end) - max(start, g.start)
                if overlap >= 0.5 * min(end - start, g.end - g.start):
                    best = i
                    break
            group = "indirect" if indirect else None
            if best is None:
                group = group or ("partial" if q.kind == "partial" else "direct")
                for name in {group, "all quotes"} if not indirect else {group}:
                    tallies[name].found += 1
                tallies[group].errors.append(f"  extra   {row['id'][:40]}: {q.text[:60]!r} ({q.speaker!r})")
                continue
            used.add(best)
            g = gold[best]
            names = [g.kind] if indirect else [g.kind, "all quotes"]
            for name in names:
                t = tallies[name]
                t.found += 1
                t.matched += 1
                if q.speaker and not g.skip:
                    t.given += 1
                    if speaker_right(q.speaker, g.source):
                        t.right += 1
            if g.skip:
                pass
            elif q.speaker and not speaker_right(q.speaker, g.source):
                tallies[g.kind].errors.append(
                    f"  speaker {row['id'][:40]}: {q.text[:50]!r}: want {g.source!r} ({g.raw_source!r}), "
                    f"got {q.speaker!r} [{q.speaker_kind}]"
                )
            elif not q.speaker and g.source:
                tallies[g.kind].errors.append(
                    f"  unknown {row['id'][:40]}: {q.text[:50]!r}: want {g.source!r} ({g.raw_source!r})"
                )
        for i, g in enumerate(gold):
            names = [g.kind] if g.kind == "indirect" else [g.kind, "all quotes"]
            for name in names:
                tallies[name].gold += 1
                tallies[name].gold_with_source += bool(g.source) and not g.skip
            if i not in used:
                tallies[g.kind].errors.append(
                    f"  missed  {row['id'][:40]}: {row['text'][g.start : g.end][:60]!r} ({g.source!r})"
                )
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compartment", default="train", choices=["train", "dev", "annotator-training"])
    parser.add_argument("--sample", type=int, default=None, help="score a random sample of N articles")
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors of each kind")
    parser.add_argument("--rules-only", action="store_true", help="no dependency parse (the regular expressions)")
    args = parser.parse_args()

    from newsweave.records import Entity
    from newsweave.synthesize.quotes import People, curl_quotes, extract_quotes, indirect_speech, remembering

    rows = load(args.compartment, args.sample)
    parse = ner = None
    if not args.rules_only:
        from newsweave.annotate.annotator import Annotator
        from newsweave.config import Config

        annotator = Annotator(Config())
        parse, ner = annotator.clauses.parse, annotator.ner

    def extract(paras: list[str]):
        if parse is None:
            return extract_quotes(paras) + indirect_speech(paras)
        # as in the pipeline, NER tells which names are persons
        doc = ner("\n".join(paras))
        people = People.from_entities([Entity("a", 0, e.text, e.label_, 0, 0) for e in doc.ents])
        once = remembering(parse)
        return extract_quotes(paras, people, once) + indirect_speech(paras, people=people, parse=once)

    began = time.perf_counter()
    tallies = evaluate(rows, extract, curl_quotes)
    took = time.perf_counter() - began
    per = 100 * took / max(len(rows), 1)
    print(f"PolNeAR {args.compartment}: {len(rows)} articles, {took:.1f} s ({per:.1f} s per 100 articles)")
    for name, tally in tallies.items():
        print(tally.line(name))
    if args.errors:
        for name in ("direct", "partial", "indirect"):
            kinds = Counter(e.split()[0] for e in tallies[name].errors)
            print(f"{name} errors: {dict(kinds)}")
            by_kind: dict[str, list[str]] = {}
            for e in tallies[name].errors:
                by_kind.setdefault(e.split()[0], []).append(e)
            for lines in by_kind.values():
                print("\n".join(lines[: args.errors]))


if __name__ == "__main__":
    main()
