"""Load the shipped line model (a JSON file in this package) and score feature rows with numpy alone.

Two learners can be shipped: a logistic regression (standardised features, one weight each) and an
ensemble of gradient-boosted trees stored as complete binary trees of one depth (a shallower leaf is
padded with always-left splits), so every tree is walked for every line at once, one level per step.
An optional second pass re-scores each line from the first pass's probabilities around it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

try:   # the tree walk in C, built by pip install (setup.py); without a compiler the numpy walk gives the same scores
    from pipelines.core.model import _walk
except ImportError:
    _walk = None

HERE = Path(__file__).resolve().parent
FORMAT = 1


ROWS_PER_PASS = 4096  # rows scored per pass by the numpy walk (its arrays are trees x rows)
WALK = "c" if _walk is not None else "numpy"   # which walk scores the trees


@dataclass(frozen=True)
class Scorer:
    """One pass: raw score of each row (log-odds)."""

    kind: str                  # "logreg" or "trees"
    mean: np.ndarray | None = None
    scale: np.ndarray | None = None
    coef: np.ndarray | None = None
    intercept: float = 0.0
    depth: int = 0
    feature: np.ndarray | None = None     # (trees, 2**depth - 1) feature index of each split
    threshold: np.ndarray | None = None   # (trees, 2**depth - 1): go right when x > threshold
    value: np.ndarray | None = None       # (trees, 2**depth) leaf values

    def raw(self, x: np.ndarray) -> np.ndarray:
        """Log-odds of content for every row of x (trees: in passes of ROWS_PER_PASS rows, memory bounded)."""
        if self.kind == "logreg":
            return ((x - self.mean) / self.scale) @ self.coef + self.intercept
        if _walk is not None:
            return self._trees_c(x)
        if len(x) > ROWS_PER_PASS:  # the walk holds several trees x rows int64 arrays: a long page in one go is GBs
            return np.concatenate([self._trees(x[i:i + ROWS_PER_PASS]) for i in range(0, len(x), ROWS_PER_PASS)])
        return self._trees(x)

    def _trees_c(self, x: np.ndarray) -> np.ndarray:
        """The compiled walk: each row through each tree in turn, no trees x rows arrays (memory: the rows)."""
        x = np.ascontiguousarray(x, dtype=np.float64)
        out = np.empty(len(x))
        t = len(self.feature)
        _walk.walk(x, len(x), x.shape[1], self.feature, self.threshold, self.value, t, self.depth, self.intercept,
                   out)
        return out

    def _trees(self, x: np.ndarray) -> np.ndarray:
        n = len(x)
        t, width = self.feature.shape
        # every tree walked for every row at once, one level per step, on flat arrays (np.take is the fast
        # gather): node ids are offsets into the trees' concatenated split arrays
        xt = np.ascontiguousarray(x.T).ravel()
        rows = np.tile(np.arange(n, dtype=np.int64), t)
        base = np.repeat(np.arange(t, dtype=np.int64) * width, n)
        feat = self.feature.ravel() * n
        thr = self.threshold.ravel()
        node = np.zeros(t * n, dtype=np.int64)
        for _ in range(self.depth):
            flat = base + node
            right = np.take(xt, np.take(feat, flat) + rows) > np.take(thr, flat)
            node = 2 * node + 1 + right
        leaf = node - width + np.repeat(np.arange(t, dtype=np.int64) * (width + 1), n)
        # summed tree by tree in order, as the compiled walk does (sum(axis=0) adds a one-row page pairwise: its
        # last bit would differ)
        return np.cumsum(np.take(self.value.ravel(), leaf).reshape(t, n), axis=0)[-1] + self.intercept

    @classmethod
    def from_json(cls, d: dict) -> Scorer:
        if d["kind"] == "logreg":
            return cls("logreg", mean=np.asarray(d["mean"]), scale=np.asarray(d["scale"]),
                       coef=np.asarray(d["coef"]), intercept=float(d["intercept"]))
        # C-contiguous, as the compiled walk reads them
        return cls("trees", intercept=float(d["intercept"]), depth=int(d["depth"]),
                   feature=np.ascontiguousarray(d["feature"], dtype=np.int64),
                   threshold=np.ascontiguousarray(d["threshold"], dtype=np.float64),
                   value=np.ascontiguousarray(d["value"], dtype=np.float64))


@dataclass(frozen=True)
class Model:
    """A shipped line model: its feature names, one or two passes and the keep threshold."""

    form: str
    features: tuple[str, ...]
    first: Scorer
    second: Scorer | None
    threshold: float
    meta: dict

    def probabilities(self, x: np.ndarray, blank_before: np.ndarray) -> np.ndarray:
        """P(content) of every line from its feature row (and its neighbours' first-pass scores)."""
        if x.shape[1] != len(self.features):
            raise ValueError(f"{x.shape[1]} features given, the {self.form} model reads {len(self.features)}")
        if not len(x):
            return np.zeros(0)
        p = _sigmoid(self.first.raw(x))
        if self.second is None:
            return p
        from pipelines.core.model.windows import stack_features

        return _sigmoid(self.second.raw(np.hstack([x, stack_features(p, blank_before)])))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def model_path(form: str) -> Path:
    """Where the weights of the model for `form` ('txt', 'md' or 'html') ship."""
    return HERE / f"weights_{form}.json"


def from_dict(d: dict) -> Model:
    """A Model from the weights file's content (checked for its format version)."""
    if d.get("format") != FORMAT:
        raise ValueError(f"weights format {d.get('format')!r}, this loader reads {FORMAT}")
    second = Scorer.from_json(d["second"]) if d.get("second") else None
    return Model(d["form"], tuple(d["features"]), Scorer.from_json(d["first"]), second, float(d["threshold"]),
                 d.get("meta", {}))


@cache
def load(form: str) -> Model | None:
    """The shipped model for 'txt', 'md' or 'html', or None when the package ships none (the rules decide alone)."""
    path = model_path(form)
    if not path.exists():
        return None
    return from_dict(json.loads(path.read_text(encoding="utf-8")))
