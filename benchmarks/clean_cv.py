"""The HTML path of cleaning scored out of fold on half A (issue 24): choose its settings here.

``benchmarks/clean.py`` scores half A with the shipped line classifier, which was trained on
half A: its figures there are in-sample and flatter the classifier (the settings chosen on them
did not hold on half B). This script scores every half-A page of ``html-cleaneval`` (shingle F1)
and ``html-trafilatura-eval`` (snippets) the way ``clean.py`` does, newsweave's HTML reader and
clean stage against trafilatura alone, but each page with a classifier trained as the shipped
one without any page of its site (``train_cleaner.py``'s site-grouped folds). Half B is not
read.

The reader's output of each page (trafilatura's two passes, the standfirst found by the page's
description, the flattened page) is cached in ``--pages`` (a cache written before the reader
found standfirsts, ``/tmp/newsweave-html-a.json.gz``, lacks them); the fold models in
``--models``; the line features come from ``train_cleaner.py``'s cache (``--cache``). Settings
of the clean stage are tried from the command line:

    python benchmarks/clean_cv.py [--doubtful 0.3 0.4 0.5] [--core 1.1] [--fringe 0 1.1] [--in-sample] [--by-site]

Each line gives newsweave's text scored with the page's title in front (as ``clean.py``'s
``newsweave html``) and without it (``body only``).
``--by-site`` averages the cleaneval pages of each site first, so that a site with many pages
of one layout weighs no more than a site with one (half B's sites with no page in A are such
single sites).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _clean_data import CLEANEVAL, TRAFEVAL, averaged_f1, pages, shingle_pr, site, snippet_scores  # noqa: E402


def read_pages(cache: Path) -> list[dict]:
    """Half A's pages as the HTML reader hands them over, with trafilatura's own text and the
    labels; cached in ``cache`` (trafilatura's passes are the slow part)."""
    import trafilatura

    from newsweave.errors import SkipItem
    from newsweave.ingest.html import extract_html

    if cache.exists():
        return json.loads(gzip.decompress(cache.read_bytes()))
    out = []
    for set_ix, path in enumerate((CLEANEVAL, TRAFEVAL)):
        for page in pages(path, "A"):
            try:
                raw = extract_html(page["html"], page["id"])
                fields = {k: getattr(raw, k) for k in ("text", "title", "page_text", "core_text", "lead")}
            except SkipItem:
                fields = None
            out.append(
                {
                    "id": page["id"],
                    "set": set_ix,
                    "site": site(page),
                    "raw": fields,
                    "trafilatura": trafilatura.extract(page["html"]) or "",
                    **{k: page.get(k) for k in ("gold_text", "with", "without")},
                }
            )
    cache.write_bytes(gzip.compress(json.dumps(out).encode("utf-8")))
    return out


def fold_models(features_cache: Path, cache: Path, k: int) -> dict:
    """The line classifier trained ``k`` times on half A, each time without the sites of one fold,
    and the fold of each site; cached in ``cache``."""
    import train_cleaner as tc

    from newsweave.clean.line_features import feature_names

    if cache.exists():
        return json.loads(cache.read_text("utf-8"))
    data = tc.build(features_cache, None)
    names: dict[str, int] = {}
    for page in tc.page_texts(features_cache, None):
        names.setdefault(page["site"], len(names))
    site_of = {v: name for name, v in names.items()}
    train = (data["y"] >= 0) & (data["in_a"] == 1)
    X, y, weights = data["X"], 1 - data["y"].astype(int), tc.sample_weights(data)
    folds = tc.site_folds(data["site"], k)
    models = []
    for f in range(k):
        fit_on = train & (folds != f)
        model, mean, scale = tc.fit(X[fit_on], y[fit_on], weights[fit_on], 24, alpha=1e-3)
        models.append(tc.export(model, mean, scale, feature_names(), 0.5, 0.7, 0.4, 0.5))
        print(f"  fold {f + 1} of {k} trained", file=sys.stderr, flush=True)
    out = {"site_fold": {site_of[int(s)]: int(f) for s, f in zip(data["site"], folds, strict=True)}, "models": models}
    cache.write_text(json.dumps(out), "utf-8")
    return out


def line_model(exported: dict):
    """A :class:`newsweave.clean.line_model.LineModel` of exported weights."""
    from newsweave.clean.line_model import LineModel

    arrays = {k: np.asarray(exported[k], dtype=np.float64) for k in ("mean", "scale", "hidden_weights", "hidden_bias")}
    return LineModel(
        **arrays,
        output_weights=np.asarray(exported["output_weights"], dtype=np.float64),
        output_bias=float(exported["output_bias"]),
        threshold=float(exported["threshold"]),
        threshold_html=float(exported["threshold_html"]),
        smoothing=float(exported["smoothing"]),
    )


def by_site(scores: list[tuple[float, float]], sites: list[str]) -> list[tuple[float, float]]:
    """Pages' precision and recall averaged per site first, so that every site weighs the same."""
    grouped: dict[str, list[tuple[float, float]]] = {}
    for pr, name in zip(scores, sites, strict=True):
        grouped.setdefault(name, []).append(pr)
    return [(sum(p for p, _ in g) / len(g), sum(r for _, r in g) / len(g)) for g in grouped.values()]


def score(
    rows: list[dict], model_of, settings: dict[str, float], per_site: bool = False, fringe: float | None = None
) -> dict[str, tuple[float, ...]]:
    """Shingle P/R/F1 and snippet shares of newsweave (each page cleaned with ``model_of(page)``,
    the model's ``settings`` and ``fringe`` as ``html_fringe_threshold``, ``None``: the shipped
    setting) and of trafilatura alone; with ``per_site``, cleaneval pages are averaged per site
    first (snippets are counted over all pages either way)."""
    from clean import kept_text

    import newsweave.clean.article as article_module
    import newsweave.clean.choice as choice_module
    from newsweave.config import CleanSettings
    from newsweave.records import RawArticle

    fringe = CleanSettings.html_fringe_threshold if fringe is None else fringe
    shingle: dict[str, list] = {"trafilatura": [], "newsweave html": [], "body only": []}
    snippets = {key: [0, 0, 0, 0] for key in shingle}
    sites = [row["site"] for row in rows if row["set"] == 0]
    for row in rows:
        model = dataclasses.replace(model_of(row), **settings)
        article_module.load_line_model = choice_module.load_line_model = lambda *_, m=model: m  # type: ignore[misc]
        text = body = ""
        if row["raw"] is not None:
            raw = RawArticle(source=row["id"], is_html=True, **row["raw"])
            article = article_module.clean_article(raw, fringe_threshold=fringe)
            text, body = kept_text(article, raw.title), kept_text(article)
        for key, out in (("trafilatura", row["trafilatura"]), ("newsweave html", text), ("body only", body)):
            if row["set"] == 0:
                shingle[key].append(shingle_pr(out, row["gold_text"]))
            else:
                snippets[key] = [a + b for a, b in zip(snippets[key], snippet_scores(out, row), strict=True)]
    result = {}
    for key in shingle:
        kept, good, dropped, bad = snippets[key]
        pages_pr = by_site(shingle[key], sites) if per_site else shingle[key]
        result[key] = (*averaged_f1(pages_pr), kept / max(good, 1), dropped / max(bad, 1))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=Path("/tmp/newsweave-html-a-lead.json.gz"))
    parser.add_argument("--models", type=Path, default=Path("/tmp/newsweave-fold-models.json"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newsweave-page-texts.json.gz"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--doubtful", type=float, nargs="+", default=[0.4], help="threshold_doubtful values")
    parser.add_argument("--core", type=float, nargs="+", default=[1.1], help="threshold_core values")
    parser.add_argument(
        "--fringe", type=float, nargs="+", default=[None], help="html_fringe_threshold values (default: the setting)"
    )
    parser.add_argument("--html", type=float, default=0.7, help="threshold_html (pages without a precise text)")
    parser.add_argument("--in-sample", action="store_true", help="also score with the shipped model (trained on A)")
    parser.add_argument("--by-site", action="store_true", help="cleaneval pages averaged per site first")
    args = parser.parse_args()
    from newsweave.clean.line_model import load_line_model

    started = time.perf_counter()
    rows = read_pages(args.pages)
    folds = fold_models(args.cache, args.models, args.folds)
    models = [line_model(m) for m in folds["models"]]
    print(f"half A: {len(rows)} pages, {len(models)} site-grouped folds ({time.perf_counter() - started:.0f} s)")
    shipped = load_line_model()
    choices = [("out of fold", lambda row: models[folds["site_fold"][row["site"]]])]
    if args.in_sample and shipped is not None:
        choices.append(("in sample", lambda row: shipped))
    for label, model_of in choices:
        for core, doubtful, fringe in itertools.product(args.core, args.doubtful, args.fringe):
            settings = {"threshold_html": args.html, "threshold_core": core, "threshold_doubtful": doubtful}
            result = score(rows, model_of, settings, args.by_site, fringe)
            (tp, tr, tf, tk, td), (p, r, f, k, d) = result["trafilatura"], result["newsweave html"]
            bf, bk, bd = result["body only"][2:]
            shown = "setting" if fringe is None else f"{fringe:.2f}"
            print(
                f"{label:11s} core {core:.2f} doubtful {doubtful:.2f} fringe {shown}: "
                f"newsweave P {p:.3f} R {r:.3f} F1 {f:.3f} "
                f"snippets {k:.3f}/{d:.3f}/{(k + d) / 2:.3f}; trafilatura F1 {tf:.3f} snippets "
                f"{(tk + td) / 2:.3f} (P {tp:.3f} R {tr:.3f}); "
                f"difference {f - tf:+.4f} / {(k + d) / 2 - (tk + td) / 2:+.4f}; body only (no title) F1 {bf:.3f} "
                f"snippets {(bk + bd) / 2:.3f}, difference {bf - tf:+.4f} / {(bk + bd) / 2 - (tk + td) / 2:+.4f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
