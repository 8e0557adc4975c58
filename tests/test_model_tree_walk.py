"""The compiled tree walk: built by the install, and the same scores as the numpy walk, bit for bit."""

import numpy as np
import pytest

from pipelines.core.model import loader


def _scorer(rng, trees, depth, nfeat):
    width = 2 ** depth - 1
    return loader.Scorer("trees", intercept=float(rng.normal()), depth=depth,
                         feature=rng.integers(0, nfeat, size=(trees, width)).astype(np.int64),
                         threshold=rng.normal(size=(trees, width)), value=rng.normal(size=(trees, width + 1)))


def test_compiled_walk_is_built():
    # pip install builds it wherever there is a C compiler (setup.py); the project's machines all have one
    assert loader.WALK == "c", "pipelines/core/model/_walk.c was not built: reinstall with pip install -e ."


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 31, 32, 33, 130, loader.ROWS_PER_PASS + 7])
def test_same_scores_as_numpy(n):
    rng = np.random.default_rng(n)
    sc = _scorer(rng, trees=37, depth=5, nfeat=9)
    x = rng.normal(size=(n, 9))
    x[::7, 3] = sc.threshold[0, 0]   # rows exactly on a split: x > threshold is false in both
    numpy_walk = np.concatenate([sc._trees(x[i:i + loader.ROWS_PER_PASS])
                                 for i in range(0, n, loader.ROWS_PER_PASS)]) if n else np.zeros(0)
    assert np.array_equal(sc._trees_c(x), numpy_walk)


@pytest.mark.parametrize("form", ["txt", "md", "html"])
def test_shipped_models_same_scores(form):
    m = loader.load(form)
    rng = np.random.default_rng(7)
    for sc in (m.first, m.second):
        if sc is None or sc.kind != "trees":
            continue
        nfeat = int(sc.feature.max()) + 1
        x = rng.choice([0.0, 1.0, 0.25, 0.5, 3.0], size=(500, nfeat)) * rng.random((500, nfeat))
        assert np.array_equal(sc._trees_c(x), sc._trees(x))


def test_non_contiguous_rows_are_copied():
    rng = np.random.default_rng(3)
    sc = _scorer(rng, trees=4, depth=3, nfeat=6)
    x = rng.normal(size=(20, 12))[:, ::2]   # a strided view
    assert np.array_equal(sc._trees_c(x), sc._trees(np.ascontiguousarray(x)))


def test_bad_buffers_are_refused():
    from pipelines.core.model import _walk

    rng = np.random.default_rng(1)
    sc = _scorer(rng, trees=2, depth=2, nfeat=3)
    x, out = np.zeros((4, 3)), np.empty(4)
    with pytest.raises(ValueError, match="expected"):   # x holds fewer rows than it is said to
        _walk.walk(x, 5, 3, sc.feature, sc.threshold, sc.value, 2, 2, 0.0, np.empty(5))
    with pytest.raises(ValueError, match="reads feature"):   # a split past the row's features
        _walk.walk(x, 4, 3, np.full_like(sc.feature, 3), sc.threshold, sc.value, 2, 2, 0.0, out)
    with pytest.raises(ValueError, match="expected"):   # leaf values of the wrong type
        _walk.walk(x, 4, 3, sc.feature, sc.threshold, sc.value.astype(np.float32), 2, 2, 0.0, out)
    with pytest.raises(ValueError, match="bad shape"):
        _walk.walk(x, 4, 3, sc.feature, sc.threshold, sc.value, 2, 0, 0.0, out)
