"""The line model's feature extractor: one row per line, fixed columns, values that follow the text."""

import numpy as np

from pipelines.core.clean.features import FAMILIES, TEXT_FEATURES, family_of, text_features
from pipelines.core.clean.lines import split_lines
from pipelines.core.model.windows import STACK_FEATURES, blocks, stack_features, window_mean

DOC = """Home
News
Sport

A harbour town counts its boats

Written by Mara Quell

The harbour master counted 214 fishing boats this spring, twelve more than a year ago, and says the new quay
has brought back crews who had left for the city.

Most of them are small, under ten metres, and go out before dawn.

Accept all cookies
Share on Facebook
Home
"""


def _x():
    lines = split_lines(DOC)
    return lines, text_features(lines)


def col(name):
    return TEXT_FEATURES.index(name)


def test_one_row_per_line_and_fixed_columns():
    lines, x = _x()
    assert x.shape == (len(lines), len(TEXT_FEATURES))
    assert np.isfinite(x).all()
    assert len(set(TEXT_FEATURES)) == len(TEXT_FEATURES)


def test_prose_and_menu_lines_differ():
    lines, x = _x()
    prose = next(i for i, ln in enumerate(lines) if ln.core.startswith("The harbour master"))
    menu = 0
    assert x[prose, col("prose")] == 1 and x[menu, col("prose")] == 0
    assert x[prose, col("log_words")] > x[menu, col("log_words")]
    assert x[prose, col("stop_ratio")] > 0


def test_rule_families_and_repetition():
    lines, x = _x()
    cookie = next(i for i, ln in enumerate(lines) if ln.core == "Accept all cookies")
    assert family_of(x[cookie]) == "cookie_banner"
    prose = next(i for i, ln in enumerate(lines) if ln.core.startswith("Most of them"))
    assert family_of(x[prose]) is None
    assert family_of(x[0]) == "navigation"
    assert x[cookie, col("family_cookie_banner")] == 1
    homes = [i for i, ln in enumerate(lines) if ln.core == "Home"]
    assert x[homes[0], col("repeat_earlier")] == 0 and x[homes[1], col("repeat_earlier")] == 1
    assert x[homes[0], col("log_repeats")] > 0


def test_position_and_neighbours():
    _lines, x = _x()
    assert x[0, col("pos")] == 0 and 0 < x[-1, col("pos")] < 1
    assert x[0, col("before_first_prose")] == 1 and x[-1, col("after_last_prose")] == 1
    assert x[1, col("prev_words")] == x[0, col("log_words")]


def test_empty_document():
    assert text_features([]).shape == (0, len(TEXT_FEATURES))
    assert stack_features(np.zeros(0), np.zeros(0)).shape == (0, len(STACK_FEATURES))


def test_windows_and_blocks():
    v = np.array([1.0, 0.0, 0.0, 1.0])
    assert np.allclose(window_mean(v, 1), [0.5, 1 / 3, 1 / 3, 0.5])
    assert blocks(np.array([1, 0, 1, 0, 0])).tolist() == [0, 0, 1, 1, 1]
    s = stack_features(np.array([0.9, 0.1, 0.8]), np.array([1.0, 0.0, 1.0]))
    assert s.shape == (3, len(STACK_FEATURES))
    assert s[1, STACK_FEATURES.index("p_prev")] == 0.9


def test_features_linear_in_size():
    # a document ten times longer gives ten times the rows, the same columns, the same values per line
    lines1 = split_lines(DOC)
    big = split_lines(DOC * 10)
    x1, x10 = text_features(lines1), text_features(big)
    assert x10.shape == (10 * len(lines1), len(TEXT_FEATURES))
    own = TEXT_FEATURES.index("prose")
    assert (x10[: len(lines1), own] == x1[:, own]).all()


def test_families_cover_line_reason_vocabulary():
    from pipelines.core.clean import REMOVAL_REASONS

    assert set(FAMILIES) <= set(REMOVAL_REASONS)
