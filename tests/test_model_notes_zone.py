"""A callout label ("Note:") opens a notes zone that would hold the rest of the article: the lines under it that
the line model reads as running text go back to the body; the label, and what the model doubts, stay notes."""

import numpy as np

import pipelines.core.clean.learned as learned
from pipelines.core.clean.features import text_features
from pipelines.core.clean.lines import split_lines
from pipelines.core.clean.segment import Segment

DOC = """Harbour News
The ferry timetable changes

From Monday the first ferry leaves at six, half an hour earlier than before, the port said on Friday.

Note:

Tickets bought before the change stay valid for the old times until the end of the month, the operator said.

Winter crossings stay as they are, with two boats a day on the northern route and one on the southern.

Sources: port notice of 3 March.
"""


def _run(p):
    lines = split_lines(DOC)
    x = text_features(lines)
    seg = Segment(first=1, end=len(lines), title=1, body_start=2,
                  meta={1: "title", 3: "note", 4: "note", 5: "note", 6: "note"})
    reason = ["masthead"] + [None] * (len(lines) - 1)
    learned.overlay_text(lines, reason, [seg], np.array(p), x, 0.5)
    return seg, reason


def test_text_under_a_callout_label_goes_back_to_the_body():
    sure = min(1.0, learned.RELEASE_NOTE + 0.05)
    seg, reason = _run([0.1, 0.2, 0.95, 0.2, sure, sure, 0.3])
    assert 4 not in seg.meta and 5 not in seg.meta
    assert reason[4] is None and reason[5] is None


def test_the_label_and_what_the_model_doubts_stay_notes():
    sure = min(1.0, learned.RELEASE_NOTE + 0.05)
    seg, _reason = _run([0.1, 0.2, 0.95, 0.2, sure, sure, 0.3])
    assert seg.meta[3] == "note" and seg.meta[6] == "note"


def test_a_note_the_model_is_unsure_of_stays_a_note():
    seg, _reason = _run([0.1, 0.2, 0.95, 0.2, 0.55, 0.55, 0.3])
    assert seg.meta[4] == "note" and seg.meta[5] == "note"
