"""Roles of people on real articles (issue 23): person mention -> the office its sentence gives it.

Labels: ``benchmarks/data/roles_real.jsonl``, made by reading DUC 2003/2004, Timeline17, ECB+,
PolNeAR and NewsWCL50 articles (person mentions of the NER model, sampled); each row is a reference (document id,
character offsets of the mention) and the roles the sentence gives it (``[]``: none). The text is
read from ``../shared/data`` at run time. An office names a position ("Interior Secretary",
"chairman of America Online", "camp commander", "Adm"); nationality, family ties, occupations
without a post ("singer-songwriter", "actress"), descriptions ("a close friend of …", "eyewitness")
are not roles. Halves by a hash of the document id: A to develop on, B held out.

Scored per mention: a found role is right when it matches one of the gold roles (same words,
case, articles, possessive "'s" and full stops ignored, or one's words all among the other's
with the same title word and the same time qualifiers "former", "future", "interim" …);
precision over found roles, recall over mentions with a gold role (found when any found role is
right). "no parse" is the new code without the dependency parse (what the actors stage runs
today); "new" adds the parse's appositions, appointments and predicates; "pipeline" is what the
actors stage runs: the rules, and the parse only for a mention the rules give no role in a sentence
that holds a title word (:func:`newsweave.synthesize.role_parse.worth_parsing`). The baseline is
today's code on branch ``main`` (``newsweave/synthesize/roles.py`` and the role modules it imports
there, with its title lexicon).

``--time TOPIC`` also times the actors stage on the first ``--articles`` articles of a Timeline17
topic (annotated once), without and with the parse, alternated in one process, and counts the
sentences parsed and the roles found.

Rows with ``"added"`` grow both halves: ``2026-12-06b``, 233 more mentions from 64 DUC, Timeline17,
ECB+, PolNeAR and NewsWCL50 articles not used before, sampled the same way (seeds 2326 and 2327);
``2026-12-06c``, 83 from 25 more articles (seed 2328), labelled after the first round of changes.
``2026-12-06d``, 70 from 20 more half-A articles (seed 2330), and ``2026-12-06e``, 70 from 20 more
(seed 2331, labelled after the changes the first led to): set "fresh" (both) and "fresh2" (the
second), rows no rule was written on when they were labelled. ``2026-12-06f``, 75 from 25 more
half-A DUC, Timeline17 and ECB+ articles (seed 2333; set "fresh3"), labelled before the seventh
pass's changes, and ``2026-12-06g``, 69 from 22 more (seed 2334; set "fresh4"), labelled after its
first round. ``2026-12-07h``, 72 from 26 more half-A DUC, Timeline17, ECB+ and NewsWCL50 articles
(seed 2335; set "fresh5"), labelled before the eighth pass's changes, and ``2026-12-07i``, 64 from 21
more (seed 2336; set "fresh6"), labelled after them.
The score is printed for the first set, the added one, the fresh one and all together.

    python benchmarks/roles.py [--halves A,B] [--sets first,added,fresh,fresh2-6,all]
                               [--methods pipeline]
                               [--errors] [--time bpoil_bbc [--articles 120]]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import ROOT, read_jsonl  # noqa: E402
from _real_text import as_cleaned, at_main_together, sentence_at  # noqa: E402

LABELS = ROOT / "benchmarks" / "data" / "roles_real.jsonl"
FRESH = (
    "2026-12-06d",
    "2026-12-06e",
    "2026-12-06f",
    "2026-12-06g",
    "2026-12-07h",
    "2026-12-07i",
)  # each labelled after every change before it
_QUALIFIERS = frozenset(["former", "future", "interim", "outgoing", "acting", "incoming", "late", "ex", "next"])


def _words(role: str) -> list[str]:
    role = role.lower().replace("’", "'").replace("'s", "").replace(".", "").replace("-", " ")
    return [w for w in re.findall(r"[a-z0-9]+", role) if w not in {"the", "a", "an"}]


def matches(found: str, gold: str) -> bool:
    a, b = _words(found), _words(gold)
    if a == b:
        return True
    if set(a) & _QUALIFIERS != set(b) & _QUALIFIERS or not a or not b:
        return False
    small, large = (set(a), set(b)) if len(a) <= len(b) else (set(b), set(a))
    return small <= large and a[-1] in b and b[-1] in a


def score(rows: list[dict], predict, errors: bool = False) -> tuple[float, float, float, int, int]:  # type: ignore[no-untyped-def]
    found_n = right_found = gold_n = recalled = 0
    from newsweave.clean.untokenise import mapped_offset

    for row in rows:
        raw, offset = sentence_at(row["doc"], row["start"], row["end"])
        sentence, where = as_cleaned(row["doc"], raw)  # the label's offsets mapped into it
        start, end = mapped_offset(where, row["start"] - offset), mapped_offset(where, row["end"] - offset)
        found = predict(sentence, start, end)
        gold = row["roles"]
        good = [f for f in found if any(matches(f, g) for g in gold)]
        found_n += len(found)
        right_found += len(good)
        if gold:
            gold_n += 1
            recalled += bool(good)
        if errors and (len(good) < len(found) or (gold and not good)):
            name = sentence[start:end]
            print(f"  {row['doc']} {name!r}: found {found} gold {gold}")
    p = right_found / found_n if found_n else 1.0
    r = recalled / gold_n if gold_n else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, found_n, gold_n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--halves", default="A,B")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument(
        "--sets", default="first,added,all", help="first (the 152 first rows), added, fresh, fresh2-6, all"
    )
    parser.add_argument("--methods", default="baseline,no parse,new,pipeline")
    parser.add_argument("--time", default=None, help="a Timeline17 topic to time the actors stage on")
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.time:
        timing(args.time, args.articles, args.rounds)
    from newsweave.config import Config
    from newsweave.synthesize.role_parse import worth_parsing
    from newsweave.synthesize.roles import parse_decides, roles_in_sentence
    from newsweave.text.clauses import ClauseSplitter

    lexicon = json.loads(
        subprocess.run(["git", "show", "main:newsweave/rules/titles_en.json"], capture_output=True, text=True).stdout
    )
    lexicon["heads_set"] = frozenset(lexicon["heads"])  # what title_lexicon() derives, as it does
    lexicon["multiword_heads"] = tuple(h for h in lexicon["heads_set"] if " " in h)
    olds = at_main_together([f"newsweave/synthesize/{m}.py" for m in ("titles", "role_parse", "roles")])
    for module in olds.values():  # today's code with today's title lexicon
        for loader in ("title_lexicon", "quote_lexicon"):
            if hasattr(module, loader):
                setattr(module, loader, lambda: lexicon)
    old = olds["newsweave/synthesize/roles.py"]
    splitter = ClauseSplitter(Config().annotate.spacy_model)

    def new(sentence: str, start: int, end: int) -> list[str]:
        (toks,) = splitter.parse([sentence])
        return roles_in_sentence(sentence, start, end, toks)

    def pipeline(sentence: str, start: int, end: int) -> list[str]:
        found = roles_in_sentence(sentence, start, end)
        if parse_decides(sentence, start, end) or not found and worth_parsing(sentence):
            return new(sentence, start, end)
        return found

    rows = read_jsonl(LABELS)
    methods = {
        "baseline": old.roles_in_sentence,
        "no parse": roles_in_sentence,
        "new": new,
        "pipeline": pipeline,
    }
    chosen = [m.strip() for m in args.methods.split(",")]
    sets = {
        "first": lambda r: "added" not in r,
        "added": lambda r: "added" in r,
        "fresh": lambda r: r.get("added") in FRESH,
        "fresh2": lambda r: r.get("added") == FRESH[1],
        "fresh3": lambda r: r.get("added") == FRESH[2],
        "fresh4": lambda r: r.get("added") == FRESH[3],
        "fresh5": lambda r: r.get("added") == FRESH[4],
        "fresh6": lambda r: r.get("added") == FRESH[5],
        "all": lambda r: True,
    }
    print(f"{'set':<7}{'half':<6}{'mentions':>9}{'with role':>10}  {'method':<10}{'P':>7}{'R':>7}{'F1':>7}{'found':>7}")
    for name in args.sets.split(","):
        for half in args.halves.split(","):
            part = [r for r in rows if r["half"] == half and sets[name](r)]
            for label in chosen:
                if args.errors:
                    print(f"-- {label}, set {name}, half {half}")
                p, r, f1, found, gold = score(part, methods[label], args.errors)
                print(f"{name:<7}{half:<6}{len(part):>9}{gold:>10}  {label:<10}{p:>7.3f}{r:>7.3f}{f1:>7.3f}{found:>7}")


def timing(topic: str, limit: int, rounds: int) -> None:
    """Seconds of the actors stage on ``limit`` articles of a Timeline17 topic, without and with the
    parse (a fresh parse memory each round, as a story written once), alternated."""
    import time

    from _common import DATA

    from newsweave.annotate.annotator import Annotator
    from newsweave.clean.article import clean_article
    from newsweave.config import Config
    from newsweave.records import RawArticle, StoryMaterial
    from newsweave.synthesize.actors import extract_actors
    from newsweave.synthesize.quotes import remembering

    config = Config()
    annotator = Annotator(config)
    raws = [
        RawArticle(source=f"{topic}/{r['id']}", text=r["text"], id=str(r["id"]), published=str(r["time"])[:10])
        for r in read_jsonl(DATA / "timeline17" / topic / "articles.jsonl")[:limit]
    ]
    articles = [a for a in (clean_article(r, config.max_article_chars) for r in raws) if a.body]
    annotations = list(annotator.annotate(articles))
    material = StoryMaterial(
        topic,
        articles,
        {a.article_id: a.sentences for a in annotations},
        {a.article_id: a.entities for a in annotations},
    )
    sentences = sum(len(a.sentences) for a in annotations)
    seconds: dict[str, list[float]] = {"rules": [], "parse": []}
    parsed: list[int] = []
    roles: dict[str, int] = {}
    for _ in range(rounds):
        for label in ("rules", "parse"):
            counted: list[int] = []

            def counting(texts, counted=counted):  # type: ignore[no-untyped-def]
                counted.append(len(texts))
                return annotator.clauses.parse(texts)

            parse = remembering(counting, size=6000) if label == "parse" else None
            started = time.perf_counter()
            actors = extract_actors(material, config.synthesize, everyone=True, parse=parse)
            seconds[label].append(time.perf_counter() - started)
            if label == "parse":
                parsed.append(sum(counted))
            roles[label] = sum(len(a.roles) for a in actors)
    print(
        f"actors stage on {topic}: {len(articles)} articles, {sentences} sentences; "
        f"{parsed[0]} sentences parsed ({100 * parsed[0] / max(sentences, 1):.1f}%)"
    )
    for label, values in seconds.items():
        print(f"  {label:6} median {sorted(values)[len(values) // 2]:.2f} s over {rounds} rounds; {roles[label]} roles")


if __name__ == "__main__":
    main()
