"""Train the line classifier of the clean stage (issue 24) and write ``newsweave/rules/line_model.json``.

Lines come from the real pages of ``../shared/data/external`` (see ``_clean_data.py``), in three
forms: each page flattened to plain text, trafilatura's extraction of it (the HTML path), and
the gold text itself as a clean article (half A only), which teaches the model to leave clean
copy alone.
A line is labelled body when its words are in the page's gold text (cleaneval), or by the
snippets to keep and to drop (trafilatura's set; other lines of those pages are left out).
Only half A of each set is used for training; half B is held out (``benchmarks/clean.py``
reports both).

The model is a small neural network (one hidden layer) over the features of
:mod:`newsweave.clean.line_features`, standardised; its weights are written as JSON, no text of the
pages. Training takes a few minutes on one core; the texts of the pages (trafilatura's extraction is
the slow part) are cached in ``--cache``, the features computed again each run.

    python benchmarks/train_cleaner.py [--cache /tmp/newsweave-page-texts.json.gz]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _clean_data import CLEANEVAL, TRAFEVAL, flatten, half, label_lines, pages, site  # noqa: E402

MODEL = Path(__file__).resolve().parent.parent / "newsweave" / "rules" / "line_model.json"


def trafilatura_text(html: str) -> str:
    """The text newsweave reads of a page (title first when it has one): trafilatura's, or the page
    flattened when the clean stage chooses it."""
    from newsweave.clean.choice import choose_text
    from newsweave.errors import SkipItem
    from newsweave.ingest.html import extract_html

    try:
        raw = choose_text(extract_html(html, "page"))
    except SkipItem:
        return ""
    return ((raw.title + "\n") if raw.title else "") + raw.text


def page_rows(text: str, page: dict, is_html: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels (-1 unknown) and word counts of one text's lines."""
    from newsweave.clean.line_rules import article_context, line_evidence
    from newsweave.clean.normalise import text_lines

    numbered = text_lines(text)
    texts = [t for _, t in numbered]
    if not texts:
        return np.zeros((0, 0), np.float32), np.zeros(0, np.int8), np.zeros(0, np.int32)
    language, script = article_context(text)
    _, features = line_evidence(texts, language, script, is_html)
    labels = np.array([-1 if lab is None else lab for lab in label_lines(texts, page)], dtype=np.int8)
    n_words = np.array([len(t.split()) for t in texts], dtype=np.int32)
    return features, labels, n_words


def page_texts(cache: Path, limit: int | None) -> list[dict]:
    """Every page's forms of text (flattened, what newsweave reads of its HTML, the gold text of a
    half-A page) with its half, set and site; cached in ``cache`` (trafilatura is the slow part)."""
    if cache.exists():
        return json.loads(gzip.decompress(cache.read_bytes()))
    out = []
    started = time.perf_counter()
    for set_ix, path in enumerate((CLEANEVAL, TRAFEVAL)):
        for page in pages(path, limit=limit):
            html = page["html"]
            forms_of_page = [(0, flatten(html)), (1, trafilatura_text(html))]
            if page.get("gold_text") and half(page["id"]) == "A":
                forms_of_page.append((2, page["gold_text"]))  # a clean article: every line is body
            labels_of = {k: page.get(k) for k in ("gold_text", "with", "without")}
            out.append({"id": page["id"], "set": set_ix, "site": site(page), "forms": forms_of_page, **labels_of})
            if len(out) % 100 == 0:
                print(f"  {len(out)} pages, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    cache.write_bytes(gzip.compress(json.dumps(out).encode("utf-8")))
    return out


def build(cache: Path, limit: int | None) -> dict[str, np.ndarray]:
    """Features of every line of every page, all forms, with labels and where each comes from."""
    feats, labels, words, page_ix, forms, halves, sets, site_ix = [], [], [], [], [], [], [], []
    site_names: dict[str, int] = {}
    for n, page in enumerate(page_texts(cache, limit)):
        for form, text in page["forms"]:
            f, lab, w = page_rows(text, page, form == 1)
            if not len(lab):
                continue
            feats.append(f)
            labels.append(lab)
            words.append(w)
            page_ix.append(np.full(len(lab), n, np.int32))
            forms.append(np.full(len(lab), form, np.int8))
            halves.append(np.full(len(lab), half(page["id"]) == "A", np.int8))
            sets.append(np.full(len(lab), page["set"], np.int8))
            site_ix.append(np.full(len(lab), site_names.setdefault(page["site"], len(site_names)), np.int32))
    return {
        "X": np.vstack(feats),
        "y": np.concatenate(labels),
        "words": np.concatenate(words),
        "page": np.concatenate(page_ix),
        "form": np.concatenate(forms),
        "in_a": np.concatenate(halves),
        "set": np.concatenate(sets),
        "site": np.concatenate(site_ix),
    }


def sample_weights(data: dict[str, np.ndarray]) -> np.ndarray:
    """Longer lines weigh more (the shingle metric counts words), snippet-labelled lines more too."""
    w = np.log1p(data["words"]).astype(np.float64) + 0.5
    return w * np.where(data["set"] == 1, 2.0, 1.0)


def fit(X: np.ndarray, y: np.ndarray, weights: np.ndarray, hidden: int, seed: int = 0, alpha: float = 1e-3):
    """A standardised one-hidden-layer network fitted on (X, y)."""
    from sklearn.neural_network import MLPClassifier

    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    # MLPClassifier takes no sample weights: lines are repeated in proportion to their weight.
    reps = np.maximum(1, np.round(weights)).astype(int)
    Xr, yr = np.repeat((X - mean) / scale, reps, axis=0), np.repeat(y, reps)
    model = MLPClassifier(
        hidden_layer_sizes=(hidden,), alpha=alpha, max_iter=60, early_stopping=True, random_state=seed
    )
    model.fit(Xr, yr)
    return model, mean, scale


def export(
    model,
    mean: np.ndarray,
    scale: np.ndarray,
    names: tuple[str, ...],
    threshold: float,
    threshold_html: float,
    threshold_doubtful: float,
    smoothing: float,
    threshold_core: float = 1.1,
) -> dict:
    """The model as plain JSON numbers."""
    return {
        "about": "Line classifier of the clean stage, made by benchmarks/train_cleaner.py from the development "
        "sets' half A: probability that a line is boilerplate, a one-hidden-layer network over "
        "newsweave.clean.line_features (standardised). Weights only.",
        "features": list(names),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "hidden_weights": [[round(float(v), 6) for v in row] for row in model.coefs_[0]],
        "hidden_bias": [round(float(v), 6) for v in model.intercepts_[0]],
        "output_weights": [round(float(v), 6) for v in model.coefs_[1][:, 0]],
        "output_bias": round(float(model.intercepts_[1][0]), 6),
        "threshold": threshold,
        "threshold_html": threshold_html,
        "threshold_doubtful": threshold_doubtful,
        "threshold_core": threshold_core,
        "smoothing": smoothing,
    }


def line_report(p_boiler: np.ndarray, data: dict[str, np.ndarray], mask: np.ndarray, threshold: float) -> str:
    """Line accuracy and word-weighted recall of body and boilerplate on the masked, labelled lines."""
    y, w = data["y"][mask], data["words"][mask].astype(float) + 1
    drop = p_boiler[mask] >= threshold
    body_kept = w[(y == 1) & ~drop].sum() / max(w[y == 1].sum(), 1)
    boiler_dropped = w[(y == 0) & drop].sum() / max(w[y == 0].sum(), 1)
    return (
        f"lines {mask.sum()}: accuracy {((y == 0) == drop).mean():.3f}  body words kept {body_kept:.3f}  "
        f"boilerplate words dropped {boiler_dropped:.3f}"
    )


def site_folds(sites: np.ndarray, k: int) -> np.ndarray:
    """A fold (0..k-1) for each line such that all lines of one site fall in one fold: sites dealt,
    the largest first, to the fold with the fewest lines so far."""
    ids, counts = np.unique(sites, return_counts=True)
    fold_of: dict[int, int] = {}
    sizes = [0] * k
    for i in np.argsort(-counts, kind="stable"):
        f = sizes.index(min(sizes))
        fold_of[int(ids[i])] = f
        sizes[f] += int(counts[i])
    return np.array([fold_of[int(s)] for s in sites], dtype=np.int8)


def word_scores(p_boiler: np.ndarray, data: dict[str, np.ndarray], mask: np.ndarray, threshold: float):
    """Precision, recall and F1 of the body words kept (lines below ``threshold``), labelled lines."""
    y, w = data["y"][mask], data["words"][mask].astype(float) + 1
    keep = p_boiler[mask] < threshold
    kept_body = w[keep & (y == 1)].sum()
    precision, recall = kept_body / max(w[keep].sum(), 1), kept_body / max(w[y == 1].sum(), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def cross_validate(data: dict[str, np.ndarray], train: np.ndarray, k: int, hidden: int, alpha: float) -> np.ndarray:
    """Out-of-fold probabilities on the training lines, folds grouped by site: each line is scored
    by a model that saw no page of its site."""
    X, y, weights = data["X"], 1 - data["y"].astype(int), sample_weights(data)
    folds = site_folds(data["site"], k)
    p = np.full(len(y), np.nan)
    for f in range(k):
        fit_on, score_on = train & (folds != f), train & (folds == f)
        model, mean, scale = fit(X[fit_on], y[fit_on], weights[fit_on], hidden, alpha=alpha)
        p[score_on] = model.predict_proba((X[score_on] - mean) / scale)[:, 1]
    return p


def smooth(p: np.ndarray, data: dict[str, np.ndarray], k: float) -> np.ndarray:
    """Each line's log-odds blended with its neighbours' in the same text, as
    :meth:`newsweave.clean.line_model.LineModel.boilerplate_probability` does with ``smoothing``."""
    from newsweave.clean.line_model import SMOOTHING_CLIP

    if not k:
        return p
    logit = np.clip(np.log(np.clip(p, 1e-12, 1) / np.clip(1 - p, 1e-12, 1)), -SMOOTHING_CLIP, SMOOTHING_CLIP)
    text = data["page"].astype(np.int64) * 4 + data["form"]
    before, after = np.roll(logit, 1), np.roll(logit, -1)
    before = np.where(np.roll(text, 1) == text, before, logit)
    after = np.where(np.roll(text, -1) == text, after, logit)
    before[0], after[-1] = logit[0], logit[-1]
    return 1 / (1 + np.exp(-((1 - k) * logit + k / 2 * (before + after))))


def report_cv(data: dict[str, np.ndarray], train: np.ndarray, args: argparse.Namespace) -> None:
    """Grouped-by-site cross-validation on half A for each setting: word P/R/F1 of the kept lines of
    cleaneval pages (gold text), flattened and trafilatura's text, at several thresholds."""
    labelled = data["y"] >= 0
    for hidden in args.cv_hidden:
        for alpha in args.cv_alpha:
            started = time.perf_counter()
            p = np.nan_to_num(cross_validate(data, train, args.cv, hidden, alpha), nan=0.5)
            p = smooth(p, data, args.smoothing)
            for form, label in ((0, "flattened"), (1, "trafilatura")):
                mask = train & labelled & (data["form"] == form) & (data["set"] == 0)
                cells = []
                for threshold in args.cv_thresholds:
                    precision, recall, f1 = word_scores(p, data, mask, threshold)
                    cells.append(f"{threshold:.2f}: {precision:.3f}/{recall:.3f}/{f1:.3f}")
                print(f"cv hidden {hidden} alpha {alpha:g} {label:11s} " + "  ".join(cells), flush=True)
            print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newsweave-page-texts.json.gz"))
    parser.add_argument("--limit", type=int, default=None, help="pages per set (for a quick try)")
    parser.add_argument("--hidden", type=int, default=24)
    parser.add_argument("--threshold", type=float, default=0.5, help="drop threshold for plain text")
    parser.add_argument("--threshold-html", type=float, default=0.7, help="drop threshold for trafilatura's text")
    parser.add_argument(
        "--threshold-doubtful",
        type=float,
        default=0.4,
        help="drop threshold for a line of trafilatura's text that its extraction favouring precision left out",
    )
    parser.add_argument(
        "--threshold-core",
        type=float,
        default=1.1,
        help="drop threshold for a line of trafilatura's text that"
        " its extraction favouring precision kept too (above 1: never)",
    )
    parser.add_argument(
        "--smoothing", type=float, default=0.5, help="share of a line's log-odds taken from its neighbours'"
    )
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--alpha", type=float, default=1e-3, help="L2 penalty of the network")
    parser.add_argument("--cv", type=int, default=0, help="K: grouped-by-site K-fold cross-validation on half A only")
    parser.add_argument("--cv-hidden", type=int, nargs="+", default=[24])
    parser.add_argument("--cv-alpha", type=float, nargs="+", default=[1e-3])
    parser.add_argument("--cv-thresholds", type=float, nargs="+", default=[0.4, 0.5, 0.6, 0.7])
    args = parser.parse_args()
    from newsweave.clean.line_features import feature_names

    data = build(args.cache, args.limit)
    labelled = data["y"] >= 0
    train = labelled & (data["in_a"] == 1)
    X, y = data["X"], 1 - data["y"].astype(int)  # 1 = boilerplate
    print(f"{labelled.sum()} labelled lines ({train.sum()} in half A), {X.shape[1]} features")
    if args.cv:
        report_cv(data, train, args)
        return
    started = time.perf_counter()
    model, mean, scale = fit(X[train], y[train], sample_weights(data)[train], args.hidden, alpha=args.alpha)
    print(f"fitted in {time.perf_counter() - started:.0f} s")
    p = smooth(model.predict_proba((X - mean) / scale)[:, 1], data, args.smoothing)
    for name, which in (("A (train)", 1), ("B (held out)", 0)):
        for form in (0, 1):
            mask = labelled & (data["in_a"] == which) & (data["form"] == form)
            label = "flattened" if form == 0 else "trafilatura"
            print(f"half {name}, {label}: {line_report(p, data, mask, args.threshold)}")
    exported = export(
        model,
        mean,
        scale,
        feature_names(),
        args.threshold,
        args.threshold_html,
        args.threshold_doubtful,
        args.smoothing,
        args.threshold_core,
    )
    args.out.write_text(json.dumps(exported) + "\n", "utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
