"""Claim grouping on DUC 2003 (issue 5): a recall proxy and the number of outlets per group.

For each of the 30 clusters, newsweave's coverage stage groups the articles' claims (cleaned,
split with newsweave's splitter, embedded with all-MiniLM-L6-v2). A sentence of a human reference
summary is matched when a claim group reported by at least two articles holds a claim whose
embedding cosine with it reaches ``--match`` (default 0.6). Printed: the share of reference
sentences matched, the number of groups, the share reported by two or more articles, and the
mean number of outlets and of articles per multi-article group. DUC's outlets are two wire
services (AP and NYT), so outlets per group are at most 2; articles per group is the finer figure.

The parse is given to the grouping as the story writer gives it (with ``quote_parse``): the
subjects of claims whose match is not sure, and the same-fact model's features (``--set
claim_model=true``).

With ``--whole-sentences`` claims are never divided into clauses (the comparison run).

    python benchmarks/claims.py [--clusters N] [--match 0.6] [--whole-sentences] [--set KEY=VALUE ...]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import DATA, duc_record, read_jsonl, require, settings  # noqa: E402

DUC2003 = DATA / "duc2003-task2.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clusters", type=int, default=None)
    parser.add_argument("--match", type=float, default=0.6)
    parser.add_argument("--whole-sentences", action="store_true", help="claims are whole sentences (no clauses)")
    parser.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE", help="Config overrides")
    args = parser.parse_args()
    require(DUC2003)

    from newsweave.annotate.annotator import Annotator
    from newsweave.clean.article import clean_article
    from newsweave.config import Config
    from newsweave.records import StoryMaterial
    from newsweave.synthesize.coverage import group_claims
    from newsweave.synthesize.similarity import SentenceVectors

    config = Config(**{"claim_clauses": not args.whole_sentences, **settings(args.set)})
    annotator = Annotator(config)
    rows = read_jsonl(DUC2003)[: args.clusters]
    started = time.perf_counter()
    matched = total = groups_all = multi = 0
    outlets_sum = articles_sum = 0
    for row in rows:
        articles = [clean_article(duc_record(d, d["id"])) for d in row["docs"]]
        articles = [a for a in articles if a.body]
        material = StoryMaterial(row["id"], articles, {a.id: annotator.split(a) for a in articles}, {})
        vectors = SentenceVectors(annotator.embedder.encode)
        split = annotator.clauses.split if config.claim_clauses else None
        parse = annotator.clauses.parse if config.quote_parse else None  # as the story writer
        groups = group_claims(material, vectors, config, split, parse)
        shared = [g for g in groups if len({m.article_id for m in g.members}) >= 2]
        groups_all += len(groups)
        multi += len(shared)
        outlets_sum += sum(len(g.outlets) for g in shared)
        articles_sum += sum(len({m.article_id for m in g.members}) for g in shared)
        claims = [m for g in shared for m in g.members]
        references = [
            s for summary in row["summaries"] for s in re.split(r"(?<=[.!?])\s+", summary) if len(s.split()) >= 4
        ]
        total += len(references)
        if not claims or not references:
            continue
        claim_vectors = vectors.matrix(claims)
        ref_vectors = annotator.embedder.encode(references)
        best = (ref_vectors @ claim_vectors.T).max(axis=1)
        matched += int((best >= args.match).sum())
    n = len(rows)
    print(f"DUC 2003: {n} clusters, reference sentences {total}, match at cosine ≥ {args.match}")
    print(f"reference sentences matched by a multi-article claim group: {matched / total:.3f}")
    print(f"claim groups: {groups_all}  reported by ≥ 2 articles: {multi} ({multi / groups_all:.3f})")
    print(f"per multi-article group: outlets {outlets_sum / multi:.2f}  articles {articles_sum / multi:.2f}")
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
