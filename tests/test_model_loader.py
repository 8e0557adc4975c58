"""The model loader: shipped weights load, and both learners score rows as their numbers say."""

import json

import numpy as np
import pytest

from pipelines.core.clean.features import TEXT_FEATURES
from pipelines.core.html.features import HTML_ONLY_FEATURES
from pipelines.core.model import loader
from pipelines.core.model.windows import STACK_FEATURES


def _logreg(n):
    return {"kind": "logreg", "mean": [0.0] * n, "scale": [1.0] * n, "coef": [2.0] + [0.0] * (n - 1),
            "intercept": -1.0}


def test_logreg_scores():
    m = loader.from_dict({"format": loader.FORMAT, "form": "txt", "features": ["a", "b"], "first": _logreg(2),
                          "threshold": 0.5})
    p = m.probabilities(np.array([[0.5, 9.0], [3.0, -9.0]]), np.zeros(2))
    assert np.allclose(p, 1 / (1 + np.exp(-np.array([0.0, 5.0]))))


def test_trees_padded_leaf_goes_left():
    # depth-2 complete tree: the root splits on feature 0 at 1.0; its left child is a leaf (padded), its right
    # child splits on feature 1 at 0.0
    first = {"kind": "trees", "depth": 2, "intercept": 0.5, "feature": [[0, 0, 1]],
             "threshold": [[1.0, 1e30, 0.0]], "value": [[-1.0, -1.0, 2.0, 3.0]]}
    m = loader.from_dict({"format": loader.FORMAT, "form": "txt", "features": ["a", "b"], "first": first,
                          "threshold": 0.5})
    raw = m.first.raw(np.array([[0.0, 5.0], [2.0, -1.0], [2.0, 1.0]]))
    assert np.allclose(raw, [-0.5, 2.5, 3.5])


def test_second_pass_reads_stack_features():
    n = 2
    d = {"format": loader.FORMAT, "form": "txt", "features": ["a", "b"], "first": _logreg(n),
         "second": _logreg(n + len(STACK_FEATURES)), "threshold": 0.5}
    m = loader.from_dict(d)
    p = m.probabilities(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([1.0, 0.0]))
    assert p.shape == (2,) and (p > 0).all() and (p < 1).all()


def test_wrong_format_and_width_refused():
    with pytest.raises(ValueError):
        loader.from_dict({"format": 99})
    m = loader.from_dict({"format": loader.FORMAT, "form": "txt", "features": ["a"], "first": _logreg(1),
                          "threshold": 0.5})
    with pytest.raises(ValueError):
        m.probabilities(np.zeros((1, 3)), np.zeros(1))


@pytest.mark.parametrize(("form", "names"), [("txt", TEXT_FEATURES), ("md", TEXT_FEATURES),
                                            ("html", TEXT_FEATURES + HTML_ONLY_FEATURES)])
def test_shipped_weights(form, names):
    path = loader.model_path(form)
    assert path.exists(), f"{path.name} is not shipped: run make train"
    assert path.stat().st_size < 3_000_000
    d = json.loads(path.read_text())
    assert tuple(d["features"]) == tuple(names), "the weights were trained on other features: run make train"
    m = loader.load(form)
    p = m.probabilities(np.zeros((3, len(names))), np.zeros(3))
    assert p.shape == (3,) and np.isfinite(p).all()
    assert 0 < m.threshold < 1


@pytest.mark.parametrize("form", ["txt", "md", "html"])
def test_trees_score_long_documents_in_passes_with_the_same_result(form, monkeypatch):
    # the tree walk holds trees x rows arrays: a long document is scored in passes, identically
    m = loader.load(form)
    x = np.random.default_rng(13).normal(size=(3000, len(m.features)))
    whole = m.first.raw(x)
    monkeypatch.setattr(loader, "ROWS_PER_PASS", 256)
    assert np.array_equal(m.first.raw(x), whole)
