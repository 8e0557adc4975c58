"""The model's verdicts over the rules: dropped lines keep a reason, hard rules hold, articles join."""

import numpy as np

from pipelines.core.clean.features import text_features
from pipelines.core.clean.learned import LOW_CONTENT, overlay_text
from pipelines.core.clean.lines import split_lines
from pipelines.core.clean.segment import Segment

DOC = """Menu
Home

The ferry timetable changes

By Ona Brisk

From Monday the first ferry leaves at six, half an hour earlier than before, the port said on Friday.

Weather on the coast

Winter crossings stay as they are, with two boats a day on the northern route and one on the southern.
"""


def _setup():
    lines = split_lines(DOC)
    return lines, text_features(lines)


def test_overlay_drops_takes_back_and_keeps_hard_rules():
    lines, x = _setup()
    seg = Segment(first=2, end=len(lines), title=2, body_start=4, meta={2: "title", 3: "byline"})
    reason = ["navigation", "navigation", None, None, None, "masthead", "duplicate_paragraph"] + [None] * 5
    p = np.array([0.1, 0.95, 0.1, 0.1, 0.2, 0.9, 0.99, 0.1, 0.1, 0.1, 0.1, 0.1])
    reason[5] = "masthead"
    overlay_text(lines, reason, [seg], p, x, 0.5)
    assert reason[4] == LOW_CONTENT                # body line the model reads as furniture
    assert reason[5] is None                       # a soft removal the model is sure of comes back
    assert reason[6] == "duplicate_paragraph"      # the gate's invariant stays
    assert reason[1] == "navigation"               # a line its phrase rule names stays out
    assert reason[0] == "navigation"
    assert seg.meta == {2: "title", 3: "byline"}   # metadata stays metadata


def test_overlay_joins_an_article_whose_headline_reads_as_body():
    lines, x = _setup()
    a = Segment(first=2, end=5, title=2, body_start=4, meta={2: "title"})
    b = Segment(first=5, end=len(lines), title=5, body_start=6, meta={5: "title"})
    segs = [a, b]
    reason = [None] * len(lines)
    p = np.array([0.9, 0.9, 0.1, 0.9, 0.9, 0.8, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1])
    overlay_text(lines, reason, segs, p, x, 0.5)
    assert len(segs) == 1 and segs[0].end == len(lines) and reason[5] is None and 5 not in segs[0].meta


def test_overlay_makes_an_article_when_the_rules_found_none():
    lines, x = _setup()
    segs = []
    reason = ["navigation"] * len(lines)
    p = np.array([0.1, 0.1, 0.1, 0.1, 0.9, 0.1, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1])
    overlay_text(lines, reason, segs, p, x, 0.5)
    assert len(segs) == 1 and segs[0].body_start == 4
    assert reason[4] is None and reason[6] is None and reason[5] == "navigation"
