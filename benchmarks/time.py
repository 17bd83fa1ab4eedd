"""Temporal expressions: accuracy of normalised values (issue 4).

Data: ``benchmarks/data/timex_en.jsonl`` (development) and ``timex_en_heldout.jsonl`` (written
after the tagger was tuned, scored as it came), both written for this project (not taken from
any article): one labelled expression per row, ``{"reference", "sentence", "text", "value"}``, the
value in TIMEX3 form without modifiers (``2024-05-13``, ``2024-W19``, ``2024-W19-WE``, ``2024-05``,
``2024-Q1``, ``2024-SU``, ``2024``, ``199`` for the 1990s). An expression counts as right when the
tagger finds an expression overlapping the labelled text with exactly that value.

    python benchmarks/time.py [--errors]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import read_jsonl  # noqa: E402

from newsweave.text.dates import parse_iso  # noqa: E402
from newsweave.text.timexes import find_timexes  # noqa: E402

HERE = Path(__file__).resolve().parent / "data"
SETS = {
    "development": HERE / "timex_en.jsonl",  # written first; the tagger was improved against it
    "held-out": HERE / "timex_en_heldout.jsonl",  # written afterwards, scored without tuning
}


def evaluate(rows: list[dict]) -> tuple[float, list[str], Counter[str]]:
    errors: list[str] = []
    kinds: Counter[str] = Counter()
    right = 0
    for row in rows:
        start = row["sentence"].index(row["text"])
        end = start + len(row["text"])
        timexes = find_timexes(row["sentence"], parse_iso(row["reference"]))
        found = [t for t in timexes if t.start < end and t.end > start]
        values = [t.value for t in found]
        if row["value"] in values:
            right += 1
        else:
            kind = "missed" if not found else "wrong value"
            kinds[kind] += 1
            errors.append(f"  {kind:11} {row['text']!r} ref {row['reference']}: want {row['value']}, got {values}")
    return right / len(rows), errors, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list every expression got wrong")
    args = parser.parse_args()
    everything: list[dict] = []
    for name, path in SETS.items():
        rows = read_jsonl(path)
        everything += rows
        accuracy, errors, kinds = evaluate(rows)
        print(
            f"{name:12} expressions: {len(rows):4d}  accuracy of normalised values: {accuracy:.3f}  "
            f"errors: " + (", ".join(f"{k} {n}" for k, n in kinds.items()) or "none")
        )
        if args.errors and errors:
            print("\n".join(errors))
    accuracy, _, _ = evaluate(everything)
    print(f"{'all':12} expressions: {len(everything):4d}  accuracy of normalised values: {accuracy:.3f}")


if __name__ == "__main__":
    main()
