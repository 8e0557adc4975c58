"""The learners compared: logistic regression, gradient-boosted trees (scikit-learn, LightGBM), a linear-chain
CRF, and a second smoothing pass over the first pass's scores of each line's neighbours. Fixed seeds."""

from __future__ import annotations

import numpy as np

SEED = 13


def fit_logreg(x, y, w):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    sc = StandardScaler().fit(x)
    lr = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED)
    lr.fit(sc.transform(x), y, sample_weight=w)
    return ("logreg", sc, lr)


def fit_hgb(x, y, w, iters: int = 300, depth: int = 6):
    from sklearn.ensemble import HistGradientBoostingClassifier

    m = HistGradientBoostingClassifier(max_iter=iters, max_depth=depth, learning_rate=0.1, max_leaf_nodes=31,
                                       l2_regularization=1.0, early_stopping=False, random_state=SEED)
    m.fit(x, y, sample_weight=w)
    return ("hgb", m)


def fit_lgbm(x, y, w, iters: int = 150, depth: int = 6):
    import lightgbm as lgb

    m = lgb.LGBMClassifier(n_estimators=iters, max_depth=depth, num_leaves=min(31, 2 ** depth - 1),
                           learning_rate=0.15, max_bin=63, min_child_samples=40,
                           subsample=0.7, subsample_freq=1, colsample_bytree=0.7, reg_lambda=1.0,
                           random_state=SEED, n_jobs=2, verbose=-1, deterministic=True, force_row_wise=True)
    m.fit(x, y, sample_weight=w)
    return ("lgbm", m)


def predict(model, x) -> np.ndarray:
    kind = model[0]
    if kind == "logreg":
        return model[2].predict_proba(model[1].transform(x))[:, 1]
    return model[1].predict_proba(x)[:, 1]


# --- linear-chain CRF (python-crfsuite): every feature as a weighted attribute, pages as sequences


def _crf_items(x: np.ndarray, names: list[str]):
    import pycrfsuite

    # standardised values: crfsuite weights attributes by their value
    return pycrfsuite.ItemSequence([{n: float(v) for n, v in zip(names, row, strict=True) if v} for row in x])


def fit_crf(xs: list[np.ndarray], ys: list[np.ndarray], path: str):
    import pycrfsuite

    allx = np.vstack(xs)
    mu, sd = allx.mean(axis=0), allx.std(axis=0)
    sd[sd == 0] = 1.0
    names = [f"f{i}" for i in range(allx.shape[1])]
    tr = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        tr.append(_crf_items((x - mu) / sd, names), ["c" if v else "b" for v in y])
    tr.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True})
    tr.train(path)
    return (path, mu, sd, names)


def predict_crf(model, xs: list[np.ndarray]) -> list[np.ndarray]:
    import pycrfsuite

    path, mu, sd, names = model
    tg = pycrfsuite.Tagger()
    tg.open(path)
    out = []
    for x in xs:
        tg.set(_crf_items((x - mu) / sd, names))
        out.append(np.array([tg.marginal("c", i) for i in range(len(x))]))
    return out
