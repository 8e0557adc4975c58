"""Fit the chosen learner and write the weights the package ships (pipelines/core/model/weights_<form>.json).

The learner is the comparison's winner (train.compare): gradient-boosted trees with a second pass over the
neighbours' first-pass scores. By default the sites held out for measuring stay out of training, so figures
on them stay honest; --all fits on every development page. Fixed seeds: the same cache gives the same file.
--check fits as usual but writes nothing: it says whether the shipped file is what this fit gives (exit 1 if not).
Run: python -m train.fit [--form txt|md|html|all] [--all] [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from functools import partial

import numpy as np

from pipelines.core.clean.features import TEXT_FEATURES
from pipelines.core.html.features import HTML_ONLY_FEATURES
from pipelines.core.model import loader
from train import corpus, export, learners, probe
from train.build import FORMS
from train.compare import _groups, blank_column, fit_passes, load, weights

# small enough to ship and to score fast: trees per pass and their depth
ITERS = {"txt": 100, "md": 100, "html": 100}
# the second pass over the neighbours' scores: it helps on text dumps (held-out page F1 0.918 -> 0.921), not on
# HTML pages, whose markup features already see the neighbourhood (0.934 one pass, 0.932 two)
TWO_PASSES = {"txt": True, "md": True, "html": False}
DEPTH = 6
THRESHOLD = 0.5


def fit(form: str, everything: bool, check: bool = False) -> dict:
    x, y, page, meta = load(form)
    names = TEXT_FEATURES + HTML_ONLY_FEATURES if form == "html" else TEXT_FEATURES
    if x.shape[1] != len(names):
        raise SystemExit(f"cache has {x.shape[1]} features, the code {len(names)}: run python -m train.build")
    held = corpus.heldout_domains([corpus.Page(m["key"], m["domain"], m["type"], "") for m in meta])
    rows = np.ones(len(x), dtype=bool) if everything else np.array([meta[i]["domain"] not in held for i in page])
    fitter = partial(learners.fit_lgbm, iters=ITERS[form], depth=DEPTH)
    first, second = fit_passes(fitter, TWO_PASSES[form], x[rows], (y[rows] >= 0.5).astype(int), weights(x[rows]),
                               _groups(meta, page)[rows], page[rows], x[rows, blank_column(form)])
    digest = hashlib.sha256(x[rows].tobytes()).hexdigest()[:16]
    out = {
        "format": loader.FORMAT, "form": form, "features": list(names),
        "first": export.lightgbm(first[1].booster_), "second": export.lightgbm(second[1].booster_) if second else None,
        "threshold": THRESHOLD,
        "meta": {"learner": "LightGBM" + (", two passes (the second reads the first's scores around each line)"
                                          if second else ""),
                 "trees": ITERS[form], "depth": DEPTH, "trained_on": "all dev pages" if everything else
                 "dev pages of the 70% of sites not held out", "pages": len(set(page[rows].tolist())),
                 "lines": int(rows.sum()), "features_sha256": digest},
    }
    if form == "md":   # the dump styles it learnt from (train.build.DUMP_STYLES)
        out["meta"]["dump_styles"] = list(dict.fromkeys(m["style"] for m in meta))
    if form == "html":
        # what the model reads on our own pages: tests/test_model_reproducible.py recomputes it from the code
        out["meta"]["probe_sha256"] = probe.digest()
    path = loader.model_path(form)
    text = json.dumps(out, separators=(",", ":")) + "\n"
    shipped = path.read_text(encoding="utf-8") if path.exists() else ""
    same = text == shipped
    if check:
        old = json.loads(shipped).get("meta", {}) if shipped else {}
        print(f"{form}: {'the shipped file is' if same else 'the shipped file is NOT'} what this fit gives "
              f"(features_sha256 shipped {old.get('features_sha256')}, now {digest}; pages {old.get('pages')}, "
              f"now {out['meta']['pages']}; lines {old.get('lines')}, now {out['meta']['lines']})")
        if not same:
            raise SystemExit(f"{form}: the shipped weights are not what make train gives")
        return out
    path.write_text(text, encoding="utf-8")
    # the shipped numbers must give the learner's own scores
    m = loader.from_dict(json.loads(json.dumps(out)))
    sample = np.flatnonzero(rows)[:: max(1, rows.sum() // 20000)]
    p_ship = m.first.raw(x[sample])
    p_lib = first[1].booster_.predict(x[sample], raw_score=True)
    # leaf values are written to 6 significant digits: the sum of a hundred of them moves by ~1e-5
    if not np.allclose(p_ship, p_lib, atol=1e-3):
        path.unlink()
        raise SystemExit(f"exported trees disagree with LightGBM: max diff {np.abs(p_ship - p_lib).max()}")
    print(f"{form}: wrote {path} ({path.stat().st_size // 1024} KiB), {out['meta']['pages']} pages, "
          f"{'identical to' if same else 'differs from'} the file it replaced")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--form", choices=["txt", "md", "html", "all"], default="all")
    ap.add_argument("--all", action="store_true", help="fit on every development page (no held-out sites)")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if the shipped file differs")
    a = ap.parse_args()
    checked(FORMS if a.form == "all" else (a.form,), a.all, a.check, lambda form: None)


def checked(forms, everything: bool, check: bool, before) -> None:
    """before(form) then fit(form) for each form; with check, every form is checked before the exit status."""
    failed = []
    for form in forms:
        before(form)
        try:
            fit(form, everything, check)
        except SystemExit as exc:
            if not check:
                raise
            failed.append(str(exc))
    if failed:
        raise SystemExit("; ".join(failed))


if __name__ == "__main__":
    main()
