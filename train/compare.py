"""Compare learners on held-out sites: line-level F1 and page-level WCXB F1 of the kept lines.

Trained on the pages (every page type) of 70 % of the development sites, measured on the article pages of
the other 30 % (never seen, not even their site). Run after train.build:
  python -m train.compare [--form txt|md|html] [--learners logreg,hgb,lgbm,crf,hgb+pass,...]
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import tempfile
import time

import numpy as np
from sklearn.model_selection import GroupKFold

from train import corpus, learners
from train.corpus import CACHE

ALL = "rules,logreg,logreg+pass,hgb,hgb+pass,lgbm,lgbm+pass,crf"


def load(form: str):
    """Cached features, labels, page of each row, and page records."""
    d = np.load(CACHE / f"{form}.npz")
    with open(CACHE / f"{form}.pkl", "rb") as fh:
        meta = pickle.load(fh)
    return d["x"].astype(np.float64), d["y"], d["page"], meta


def weights(x: np.ndarray) -> np.ndarray:
    """Rows weighted by their words (the metric counts words), dampened so long lines do not drown menus."""
    return np.sqrt(1.0 + np.expm1(x[:, 0]))


def page_f1(meta, page, keep, pages, prf) -> float:
    """Mean WCXB F1 over `pages` of the lines kept."""
    out = []
    for i in pages:
        rows = np.flatnonzero(page == i)
        texts = meta[i]["texts"]
        pred = "\n".join(texts[r - rows[0]] for r in rows if keep[r]) if len(rows) else ""
        out.append(prf(pred, meta[i]["gold"])[0])
    return statistics.mean(out) if out else 0.0


def line_f1(y, keep, mask) -> tuple[float, float, float]:
    yt, kp = y[mask] >= 0.5, keep[mask]
    tp = float(np.sum(yt & kp))
    p = tp / max(1.0, kp.sum())
    r = tp / max(1.0, yt.sum())
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def _groups(meta, page):
    doms = {m["domain"] for m in meta}
    index = {d: i for i, d in enumerate(sorted(doms))}
    return np.array([index[meta[i]["domain"]] for i in page])


FITTERS = {"logreg": learners.fit_logreg, "hgb": learners.fit_hgb, "lgbm": learners.fit_lgbm}


def fit_passes(fit, two: bool, x, y, w, groups, page, blank):
    """First pass, and (two) a second pass on out-of-fold first-pass scores of the neighbours."""
    from pipelines.core.model.windows import stack_features

    first = fit(x, y, w)
    if not two:
        return first, None
    oof = np.zeros(len(x))
    for tr, te in GroupKFold(n_splits=3).split(x, y, groups):
        oof[te] = learners.predict(fit(x[tr], y[tr], w[tr]), x[te])
    second = fit(np.hstack([x, stacked(oof, page, blank, stack_features)]), y, w)
    return first, second


def stacked(p, page, blank, stack_features):
    """stack_features of every page's rows (rows of a page are consecutive)."""
    out = np.zeros((len(p), 11))
    for i in np.unique(page):
        rows = np.flatnonzero(page == i)
        out[rows] = stack_features(p[rows], blank[rows])
    return out


def predict_passes(models, x, page, blank):
    from pipelines.core.model.windows import stack_features

    first, second = models
    p = learners.predict(first, x)
    if second is None:
        return p
    return learners.predict(second, np.hstack([x, stacked(p, page, blank, stack_features)]))


def blank_column(form: str) -> int:
    from pipelines.core.clean.features import TEXT_FEATURES

    return TEXT_FEATURES.index("blank_before")


def run(form: str, names: list[str], threshold: float = 0.5) -> list[dict]:
    x, y, page, meta = load(form)
    prf = corpus.scorer().prf
    held = corpus.heldout_domains([corpus.Page(m["key"], m["domain"], m["type"], "") for m in meta])
    test_page = np.array([meta[i]["domain"] in held for i in range(len(meta))])
    tr = ~test_page[page]
    te = test_page[page]
    art = np.array([m["type"] == "article" for m in meta])
    test_articles = [i for i in range(len(meta)) if test_page[i] and art[i] and np.any(page == i)]
    te_art = te & art[page]
    yb = (y >= 0.5).astype(int)
    w = weights(x)
    blank = x[:, blank_column(form)]
    groups = _groups(meta, page)
    print(f"{form}: {tr.sum()} train lines ({len(set(page[tr]))} pages), held-out: {len(held)} sites, "
          f"{len(test_articles)} article pages, {te_art.sum()} lines")
    results = []
    for name in names:
        t = time.perf_counter()
        if name == "rules":
            keep = _rules_keep(meta, page)
        elif name == "crf":
            pages_tr = [i for i in np.unique(page[tr])]
            pages_te = [i for i in np.unique(page[te])]
            with tempfile.NamedTemporaryFile(suffix=".crfsuite") as fh:
                m = learners.fit_crf([x[page == i] for i in pages_tr], [yb[page == i] for i in pages_tr], fh.name)
                probs = learners.predict_crf(m, [x[page == i] for i in pages_te])
            p = np.zeros(len(x))
            for i, pr in zip(pages_te, probs, strict=True):
                p[page == i] = pr
            keep = p >= threshold
        else:
            models = fit_passes(FITTERS[name.split("+")[0]], name.endswith("+pass"), x[tr], yb[tr], w[tr],
                                groups[tr], page[tr], blank[tr])
            p = np.zeros(len(x))
            p[te] = predict_passes(models, x[te], page[te], blank[te])
            keep = p >= threshold
        lf = line_f1(y, keep, te_art)
        pf = page_f1(meta, page, keep, test_articles, prf)
        r = {"learner": name, "line_f1": round(lf[0], 4), "line_p": round(lf[1], 4), "line_r": round(lf[2], 4),
             "page_f1": round(pf, 4), "secs": round(time.perf_counter() - t, 1)}
        print(r, flush=True)
        results.append(r)
    (CACHE / f"compare_{form}.json").write_text(json.dumps(results, indent=1))
    return results


def _rules_keep(meta, page):
    keep = np.zeros(len(page), dtype=bool)
    for i in np.unique(page):
        rows = np.flatnonzero(page == i)
        r = meta[i]["rules"]
        if len(r) == len(rows):
            keep[rows] = r
    return keep


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--form", choices=["txt", "md", "html"], default="txt")
    ap.add_argument("--learners", default=ALL)
    a = ap.parse_args()
    rows = run(a.form, a.learners.split(","))
    print("| learner | line F1 (P/R) | page WCXB F1 |\n| --- | --- | --- |")
    for r in rows:
        print(f"| {r['learner']} | {r['line_f1']:.3f} ({r['line_p']:.3f}/{r['line_r']:.3f}) | {r['page_f1']:.3f} |")


if __name__ == "__main__":
    main()
