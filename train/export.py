"""Fitted scikit-learn / LightGBM models as the plain numbers pipelines.core.model.loader reads."""

from __future__ import annotations

import numpy as np

BIG = 1e30   # threshold of a padding split: every row goes left


def logreg(scaler, lr) -> dict:
    """StandardScaler + LogisticRegression as mean, scale, coefficients and intercept."""
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    return {"kind": "logreg", "mean": _r(scaler.mean_), "scale": _r(scale), "coef": _r(lr.coef_[0]),
            "intercept": float(lr.intercept_[0])}


def _r(a) -> list[float]:
    return [float(f"{v:.6g}") for v in np.asarray(a, dtype=np.float64).ravel()]


def _complete(trees: list, intercept: float) -> dict:
    """Nested (feature, threshold, left, right) / leaf-value trees as complete binary arrays of one depth."""

    def depth(t) -> int:
        return 0 if not isinstance(t, tuple) else 1 + max(depth(t[2]), depth(t[3]))

    d = max(1, max(depth(t) for t in trees))
    n_int, n_leaf = 2 ** d - 1, 2 ** d
    feats = np.zeros((len(trees), n_int), dtype=np.int64)
    thr = np.full((len(trees), n_int), BIG)
    vals = np.zeros((len(trees), n_leaf))
    for ti, t in enumerate(trees):
        stack = [(t, 0, 0)]   # (subtree, node index in the complete tree, level)
        while stack:
            sub, node, level = stack.pop()
            if level == d:
                vals[ti, node - n_int] = sub if not isinstance(sub, tuple) else 0.0
                continue
            if isinstance(sub, tuple):
                f, th, left, right = sub
                feats[ti, node], thr[ti, node] = f, th
                stack.append((left, 2 * node + 1, level + 1))
                stack.append((right, 2 * node + 2, level + 1))
            else:   # a leaf above the last level: always left, the same value on both sides
                stack.append((sub, 2 * node + 1, level + 1))
                stack.append((sub, 2 * node + 2, level + 1))
    return {"kind": "trees", "depth": d, "intercept": float(intercept), "feature": feats.tolist(),
            "threshold": [[float(f"{v:.9g}") if v < BIG else BIG for v in row] for row in thr],
            "value": [_r(row) for row in vals]}


def hgb(model) -> dict:
    """A fitted HistGradientBoostingClassifier (binary) as complete trees."""
    trees = []
    for (pred,) in model._predictors:
        nodes = pred.nodes

        def build(i: int, nodes=nodes):
            nd = nodes[i]
            if nd["is_leaf"]:
                return float(nd["value"])
            return (int(nd["feature_idx"]), float(nd["num_threshold"]), build(int(nd["left"])),
                    build(int(nd["right"])))

        trees.append(build(0))
    base = float(np.ravel(model._baseline_prediction)[0])
    return _complete(trees, base)


def lightgbm(booster) -> dict:
    """A LightGBM booster (binary, numeric splits x <= threshold) as complete trees."""
    dump = booster.dump_model()

    def build(nd):
        if "leaf_value" in nd:
            return float(nd["leaf_value"])
        if nd.get("decision_type", "<=") != "<=":
            raise ValueError("only numeric <= splits are exported")
        return (int(nd["split_feature"]), float(nd["threshold"]), build(nd["left_child"]), build(nd["right_child"]))

    return _complete([build(t["tree_structure"]) for t in dump["tree_info"]], 0.0)
