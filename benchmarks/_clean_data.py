"""The real pages of the cleaning benchmarks and of the line classifier's training (issue 24).

Pages come from ``../shared/data/external`` (never copied into the project):

- ``html-cleaneval.jsonl.gz``: HTML with gold main text (``gold_text``);
- ``html-trafilatura-eval.jsonl.gz``: HTML with snippets to keep (``with``) and to drop
  (``without``).

Each set is split into halves by page id (a stable hash): half A is for training and tuning,
half B is held out. A page flattened to text is what a crude scraper gives: lxml's
``text_content()`` after removing scripts and styles, one line per text line.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from _common import DATA

EXTERNAL = DATA / "external"
CLEANEVAL = EXTERNAL / "html-cleaneval.jsonl.gz"
TRAFEVAL = EXTERNAL / "html-trafilatura-eval.jsonl.gz"
_WORD = re.compile(r"\w+", re.UNICODE)


def half(page_id: str) -> str:
    """``A`` or ``B``: the stable half of a page, by a hash of its id."""
    return "A" if hashlib.sha1(page_id.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def site(page: dict) -> str:
    """The site a page comes from: its URL's host (an archived page's own host), else the name its
    id gives (``nytimes-2`` → ``nytimes``, ``hard::cubadebate.cu-sesiona.html`` → ``cubadebate.cu``)."""
    url = page.get("url") or ""
    archived = re.match(r"https?://web\.archive\.org/web/[^/]+/(.+)", url)
    if archived:
        url = archived.group(1)
    host = urlparse(url).netloc.lower().removeprefix("www.") if "://" in url else ""
    if host:
        return host
    if url.startswith("hard::"):
        return url[len("hard::") :].split("-")[0].lower()
    return re.sub(r"-\d+$", "", page["id"]).lower()


def pages(path: Path, which: str | None = None, limit: int | None = None) -> Iterator[dict]:
    """The pages of one set (``which``: ``A``, ``B`` or ``None`` for both)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        n = 0
        for line in handle:
            row = json.loads(line)
            if which and half(row["id"]) != which:
                continue
            yield row
            n += 1
            if limit and n >= limit:
                return


def flatten(html: str) -> str:
    """A page as plain text: ``text_content()`` without scripts and styles, its text lines (as
    newsweave's HTML reader flattens a page when trafilatura misses its article)."""
    from newsweave.ingest.html import flatten_html

    return flatten_html(html)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, as the shingle metric counts them."""
    return _WORD.findall(text.casefold())


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    """The set of ``n``-word shingles of a text (a shorter text is one shingle)."""
    tokens = words(text)
    if len(tokens) < n:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def shingle_pr(predicted: str, gold: str) -> tuple[float, float]:
    """Precision and recall of one page's predicted text against its gold text."""
    pred, ref = shingles(predicted), shingles(gold)
    if not pred and not ref:
        return 1.0, 1.0
    common = len(pred & ref)
    return (common / len(pred) if pred else 0.0), (common / len(ref) if ref else 0.0)


def averaged_f1(scores: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Precision and recall averaged over pages, and their F1."""
    if not scores:
        return 0.0, 0.0, 0.0
    p = sum(s[0] for s in scores) / len(scores)
    r = sum(s[1] for s in scores) / len(scores)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def snippet_in(snippet: str, text: str) -> bool:
    """Whether a snippet is in a text, spacing and case folded."""
    return " ".join(words(snippet)) in " ".join(words(text))


def snippet_scores(kept: str, page: dict) -> tuple[int, int, int, int]:
    """(``with`` snippets kept, ``with`` total, ``without`` dropped, ``without`` total) of one page."""
    folded = " ".join(words(kept))
    good = [s for s in page.get("with") or [] if words(s)]
    bad = [s for s in page.get("without") or [] if words(s)]
    kept_good = sum(" ".join(words(s)) in folded for s in good)
    dropped_bad = sum(" ".join(words(s)) not in folded for s in bad)
    return kept_good, len(good), dropped_bad, len(bad)


def label_lines(lines: list[str], page: dict) -> list[int | None]:
    """Training labels of a page's lines: 1 body, 0 boilerplate, ``None`` unknown.

    With gold text (cleaneval) a line is body when its words are in the gold text: most of its
    4-word shingles for a line of four words or more, the whole line as a gold line for a
    shorter one. With snippets (trafilatura's set) a line holding a ``with`` snippet is body, one
    holding a ``without`` snippet is boilerplate, and the others are unknown.
    """
    gold = page.get("gold_text")
    if gold:
        gold_shingles = shingles(gold)
        gold_lines = {" ".join(words(g)) for g in gold.split("\n")}
        gold_folded = " ".join(words(gold))
        labels: list[int | None] = []
        for line in lines:
            tokens = words(line)
            if not tokens:
                labels.append(0)
            elif len(tokens) < 4:
                folded = " ".join(tokens)
                labels.append(int(folded in gold_lines))
            else:
                mine = shingles(line)
                share = len(mine & gold_shingles) / len(mine)
                labels.append(1 if share >= 0.5 or " ".join(tokens) in gold_folded else 0)
        return labels
    good = [" ".join(words(s)) for s in page.get("with") or [] if words(s)]
    bad = [" ".join(words(s)) for s in page.get("without") or [] if words(s)]
    out: list[int | None] = []
    for line in lines:
        folded = " ".join(words(line))
        if any(s in folded for s in good):
            out.append(1)
        elif any(s in folded and len(s) >= 0.5 * len(folded) for s in bad):
            out.append(0)
        else:
            out.append(None)
    return out
