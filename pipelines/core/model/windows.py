"""Windows over a document's lines (means, shifts, blocks between blank lines) and the second pass's features.

Generic numpy over per-line vectors: the text and HTML features (pipelines.core.clean.features,
pipelines.core.html.features) and the scorer's second pass (pipelines.core.model.loader) share them.
"""

from __future__ import annotations

import numpy as np


def window_mean(v: np.ndarray, k: int) -> np.ndarray:
    """Mean of v over the 2k+1 lines centred on each line (cut at the document's edges)."""
    n = len(v)
    c = np.concatenate(([0.0], np.cumsum(v)))
    idx = np.arange(n)
    lo = np.maximum(idx - k, 0)
    hi = np.minimum(idx + k + 1, n)
    return (c[hi] - c[lo]) / (hi - lo)


def shift(v: np.ndarray, by: int, fill: float = 0.0) -> np.ndarray:
    """v moved down by `by` lines (the previous line's value for by=1), filled at the edge."""
    out = np.full_like(v, fill)
    if by > 0:
        out[by:] = v[:-by]
    elif by < 0:
        out[:by] = v[-by:]
    return out


def blocks(blank_before: np.ndarray) -> np.ndarray:
    """Block number of every line: lines between two blank lines are one block (a paragraph or a box)."""
    b = blank_before.astype(np.int64).copy()
    if len(b):
        b[0] = 0
    return np.cumsum(b)


def block_stat(block: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Sum of v over each line's block."""
    sums = np.bincount(block, weights=v)
    return sums[block]


def stack_features(p: np.ndarray, blank_before: np.ndarray) -> np.ndarray:
    """The first pass's probabilities around each line, for the second (smoothing) pass."""
    n = len(p)
    if n == 0:
        return np.zeros((0, len(STACK_FEATURES)))
    block = blocks(blank_before)
    bl = block_stat(block, np.ones(n))
    cols = [p, shift(p, 1, 0.5), shift(p, -1, 0.5), shift(p, 2, 0.5), shift(p, -2, 0.5), window_mean(p, 3),
            window_mean(p, 10), window_mean(p, 30), block_stat(block, p) / bl,
            np.maximum.accumulate(p) - p, np.maximum.accumulate(p[::-1])[::-1] - p]
    return np.column_stack(cols)


STACK_FEATURES = ("p", "p_prev", "p_next", "p_prev2", "p_next2", "p_win3", "p_win10", "p_win30", "p_block",
                  "p_max_above", "p_max_below")
