"""Direct quotes: span precision/recall/F1 and speaker accuracy (issue 5).

Data: ``benchmarks/data/quotes_en.jsonl`` (development) and ``quotes_en_heldout.jsonl`` (written
after the finder was tuned, scored as it came), news-style texts written for this project (named
speakers before and after the quote, pronouns, descriptions, split quotes, quotes over several
paragraphs, nested quotes, fragments that are not quotes). Each row: ``{"id", "text",
"quotes": [{"text", "speaker"}]}``. A predicted quote matches a gold one when their words agree
(case, surrounding punctuation and spacing ignored); a matched quote's speaker is right when it
equals the gold speaker (case-insensitive; a pronoun's gold speaker is the person meant).

As in the pipeline, spaCy's NER tells the finder which names are persons (a surname alone
counts, a place or organisation named last is no pronoun's referent); speakers come from the
dependency parse (the subject of the reporting verb); partial quotes (inside reported speech) are
left out, as these sets do not label them. ``--rules-only`` scores the finder without NER and
parse (any two capitalised words count as a person).

    python benchmarks/quotes.py [--errors] [--rules-only]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import read_jsonl  # noqa: E402

from newsweave.records import Entity  # noqa: E402
from newsweave.synthesize.quotes import People, extract_quotes  # noqa: E402

HERE = Path(__file__).resolve().parent / "data"
SETS = {
    "development": HERE / "quotes_en.jsonl",  # written first; the finder was improved against it
    "held-out": HERE / "quotes_en_heldout.jsonl",  # written afterwards, scored without tuning
}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s’']", " ", text.lower())).strip()


def evaluate(rows: list[dict], ner=None, parse=None) -> tuple[dict[str, float], list[str]]:
    """Scores over ``rows``; with ``ner`` (a spaCy pipeline) its entities tell which names are persons,
    with ``parse`` (``ClauseSplitter.parse``) speakers come from the dependency parse, as in the pipeline."""
    tp = fp = fn = right = 0
    errors: list[str] = []
    for row in rows:
        paragraphs = [p for p in row["text"].split("\n") if p.strip()]
        people = None
        if ner is not None:
            people = People.from_entities([Entity(row["id"], 0, e.text, e.label_, 0, 0) for e in ner(row["text"]).ents])
        predicted = [q for q in extract_quotes(paragraphs, people, parse) if q.kind != "partial"]
        gold = {norm(q["text"]): q["speaker"] for q in row["quotes"]}
        seen = set()
        for quote in predicted:
            key = norm(quote.text)
            if key in gold and key not in seen:
                seen.add(key)
                tp += 1
                if (quote.speaker or "").lower() == gold[key].lower():
                    right += 1
                else:
                    want, got = gold[key], quote.speaker
                    errors.append(f"  speaker   {row['id']}: {quote.text[:50]!r}: want {want!r}, got {got!r}")
            else:
                fp += 1
                errors.append(f"  extra     {row['id']}: {quote.text[:70]!r} ({quote.speaker!r})")
        for key, speaker in gold.items():
            if key not in seen:
                fn += 1
                errors.append(f"  missed    {row['id']}: {key[:70]!r} ({speaker})")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "quotes": tp + fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "speaker_accuracy": right / tp if tp else 0.0,
    }, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--rules-only", action="store_true", help="no NER: any two capitalised words are a person")
    args = parser.parse_args()
    ner = parse = None
    if not args.rules_only:
        from newsweave.annotate.annotator import Annotator
        from newsweave.config import Config

        annotator = Annotator(Config())
        ner, parse = annotator.ner, annotator.clauses.parse
    for name, path in SETS.items():
        rows = read_jsonl(path)
        scores, errors = evaluate(rows, ner, parse)
        print(
            f"{name:12} quotes {scores['quotes']:3.0f} in {len(rows):2d} texts  span P {scores['precision']:.3f} "
            f"R {scores['recall']:.3f} F1 {scores['f1']:.3f}  speaker accuracy {scores['speaker_accuracy']:.3f}"
        )
        if args.errors and errors:
            print("\n".join(errors))


if __name__ == "__main__":
    main()
