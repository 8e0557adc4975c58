"""On a page of one article the line model's verdicts count in full: after the article's end (its last line
the model is sure of) the lines the rules kept go unless the model reads them as text, with a reason; a page of
several articles keeps the rules' verdicts on the lines the model only doubts."""

import numpy as np

import pipelines.core.clean.learned as learned
from pipelines.core.clean.features import text_features
from pipelines.core.clean.lines import split_lines
from pipelines.core.clean.segment import Segment

DOC = """Harbour News
The ferry timetable changes

From Monday the first ferry leaves at six, half an hour earlier than before, the port said on Friday.

Some of the older boats will be used for freight only.

Winter crossings stay as they are, with two boats a day on the northern route and one on the southern.

Gift cards for every crossing
Our harbour shop opens at nine
Harbour News, 12 Quay Road
""" + "".join(f"Harbour shop, shelf {n}\n" for n in range(80))

DOUBT = (learned.TAIL_KEEP + max(learned.DROP_ONE, 0.5)) / 2   # between the keep thresholds: doubted


def _run(p, segments=None):
    lines = split_lines(DOC)
    x = text_features(lines)
    segs = segments or [Segment(first=1, end=len(lines), title=1, body_start=2, meta={1: "title"})]
    reason = ["masthead"] + [None] * (len(lines) - 1)
    p = np.concatenate([p, np.full(len(lines) - len(p), 0.1)])   # the shop's shelves: furniture
    learned.overlay_text(lines, reason, segs, p, x, 0.5)
    return reason


def test_lines_after_the_article_end_the_model_doubts_go_with_a_reason():
    reason = _run([0.1, 0.2, 0.95, DOUBT, 0.95, DOUBT, DOUBT, DOUBT])
    assert reason[5:8] == [learned.LOW_CONTENT] * 3


def test_a_doubted_line_inside_the_article_stays():
    reason = _run([0.1, 0.2, 0.95, DOUBT, 0.95, DOUBT, DOUBT, DOUBT])
    assert reason[3] is None and reason[4] is None


def test_a_body_line_read_as_furniture_goes_on_a_page_of_one_article():
    reason = _run([0.1, 0.2, 0.95, learned.DROP_ONE - 0.05, 0.95, 0.9, 0.9, 0.9])
    assert reason[3] == learned.LOW_CONTENT


def test_lines_after_the_end_the_model_reads_as_text_stay():
    keep = min(1.0, learned.TAIL_KEEP + 0.1)
    reason = _run([0.1, 0.2, 0.95, 0.9, 0.95, keep, keep, 0.1])
    assert reason[5] is None and reason[6] is None and reason[7] == learned.LOW_CONTENT


def test_a_short_document_keeps_what_the_model_only_doubts():
    lines = split_lines(DOC)[:8]
    text = DOC[:lines[-1].end + 1]
    short = split_lines(text)
    reason = ["masthead"] + [None] * (len(short) - 1)
    seg = Segment(first=1, end=len(short), title=1, body_start=2, meta={1: "title"})
    learned.overlay_text(short, reason, [seg], np.array([0.1, 0.2, 0.95, DOUBT, 0.95, DOUBT, DOUBT, DOUBT]),
                         text_features(short), 0.5)
    assert reason[5] is None and reason[6] is None and reason[7] is None


def test_a_page_of_two_articles_keeps_what_the_model_only_doubts():
    # the second article has a date of its own: the two stay apart, and the cut is not made
    segs = [Segment(first=1, end=3, title=1, body_start=2, meta={1: "title"}),
            Segment(first=3, end=8, title=None, body_start=3, meta={}) ]
    segs[1].meta[3] = "published_date"
    reason = _run([0.1, 0.2, 0.95, 0.9, 0.95, DOUBT, DOUBT, DOUBT], segments=segs)
    assert reason[5] is None and reason[6] is None and reason[7] is None
