"""Line measures kept across documents: the same rows and verdicts as measured afresh, and bounded."""

import numpy as np

from pipelines.core.clean import boilerplate as bp
from pipelines.core.clean import features
from pipelines.core.clean.lines import split_lines

FIRST = "Harbour works resume\n\nHome\nShare on Facebook\n\nThe quay reopened on Monday after two years of works.\n"
SECOND = "Home\n\nShare on Facebook\nA second story opens here, with a sentence of its own.\n\nSubscribe\n"


def test_rows_are_the_same_as_measured_afresh():
    features.forget()
    features.line_matrix(split_lines(FIRST))
    met = features.line_matrix(split_lines(SECOND))   # "Home" and the share line met before, blank lines differ
    features.forget()
    fresh = features.line_matrix(split_lines(SECOND))
    assert np.array_equal(met, fresh)


def test_a_line_met_before_gets_its_verdicts():
    features.forget()
    features.line_matrix(split_lines(FIRST))
    lines = split_lines(SECOND)
    features.line_matrix(lines)
    share = next(ln for ln in lines if ln.core == "Share on Facebook")
    assert bp.verdicts(share)["_bp_line_reason"] == "share_buttons"
    assert bp.line_reason(share) == "share_buttons"


def test_memory_is_bounded(monkeypatch):
    features.forget()
    monkeypatch.setattr(features, "_MEASURED_MAX", 3)
    for k in range(10):
        features.line_matrix(split_lines(f"Line {k}\nAnother {k}\nA third {k}\n"))
        assert len(features._MEASURED) <= 3 + 3   # emptied before a document once over the bound
    features.forget()
    assert not features._MEASURED
