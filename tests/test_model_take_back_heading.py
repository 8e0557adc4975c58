"""The line model takes back a subheading or a headline copy the rules removed from its place alone, when it is
sure the line is part of the text; the article's own title, running page headers, phrase-named lines and another
story's headline (Title Case among sentence-case subheadings, above the text, or over a subheading) stay out."""

import numpy as np

import pipelines.core.clean.learned as learned
from pipelines.core.clean.features import text_features
from pipelines.core.clean.lines import split_lines
from pipelines.core.clean.segment import Segment

DOC = """Harbour News
The ferry timetable changes

From Monday the first ferry leaves at six, half an hour earlier than before, the port said on Friday.

Winter Crossings On The Northern Route

Winter crossings stay as they are, with two boats a day on the northern route and one on the southern.

The ferry timetable changes

Tickets bought before the change stay valid for the old times until the end of the month, the operator said.

Read more:
"""

# sentence-case subheadings, one Title Case headline of another story between them, one headline over a subheading
DIGEST = """Harbour News
The ferry timetable changes

From Monday the first ferry leaves at six, half an hour earlier than before, the port said on Friday.

What changes in winter

Winter crossings stay as they are, with two boats a day on the northern route and one on the southern.

Mayor Opens New Market Hall Downtown

Tickets bought before the change stay valid for the old times until the end of the month, the operator said.

Lighthouse keepers vote to strike over the new shift plans

How to buy tickets

Tickets are sold at the quay and on board, and children under six travel free on every route.
"""


def _run(reason, p, doc=DOC, body_start=2):
    lines = split_lines(doc)
    x = text_features(lines)
    seg = Segment(first=1, end=len(lines), title=1, body_start=body_start, meta={1: "title"})
    learned.overlay_text(lines, reason, [seg], np.array(p), x, 0.5)
    return reason


def _reasons(**at):
    reason = ["masthead"] + [None] * 6 + ["related_link"]
    for k, v in at.items():
        reason[int(k[1:])] = v
    return reason


def _sure(family):
    return min(1.0, learned.TAKE_BACK_FROM[family] + 0.05)


def test_a_subheading_read_as_a_related_link_comes_back_when_the_model_is_sure():
    reason = _run(_reasons(l3="related_link"), [0.1, 0.2, 0.95, _sure("related_link"), 0.95, 0.2, 0.95, 0.1])
    assert reason[3] is None


def test_a_subheading_the_model_doubts_stays_a_related_link():
    doubt = learned.TAKE_BACK_FROM["related_link"] - 0.02
    reason = _run(_reasons(l3="related_link"), [0.1, 0.2, 0.95, doubt, 0.95, 0.2, 0.95, 0.1])
    assert reason[3] == "related_link"


def test_a_line_a_phrase_rule_names_stays_out_whatever_the_model_says():
    reason = _run(_reasons(), [0.1, 0.2, 0.95, 0.9, 0.95, 0.2, 0.95, 0.99])
    assert reason[7] == "related_link"


def test_a_copy_of_the_articles_own_title_stays_a_duplicate_title():
    # line 5 repeats the title word for word: taken back, it would repeat the title in the body
    reason = _run(_reasons(l5="duplicate_title"), [0.1, 0.2, 0.95, 0.9, 0.95, 0.99, 0.95, 0.1])
    assert reason[5] == "duplicate_title"


def test_a_heading_read_as_a_title_copy_comes_back_when_it_is_not_the_title():
    reason = _run(_reasons(l3="duplicate_title"), [0.1, 0.2, 0.95, _sure("duplicate_title"), 0.95, 0.2, 0.95, 0.1])
    assert reason[3] is None


def test_a_running_page_header_stays_out_whatever_the_model_says():
    reason = _run(_reasons(l3="page_header_footer"), [0.1, 0.2, 0.95, 0.99, 0.95, 0.2, 0.95, 0.1])
    assert reason[3] == "page_header_footer"


def test_a_related_link_above_the_text_stays_out():
    # the body starts at line 4: line 3 stands between the headline and the text
    reason = _run(_reasons(l2="masthead", l3="related_link"), [0.1, 0.2, 0.3, 0.99, 0.95, 0.2, 0.95, 0.1],
                  body_start=4)
    assert reason[3] == "related_link"


def test_a_title_case_headline_among_sentence_case_subheadings_stays_out():
    lines = split_lines(DIGEST)
    reason = ["masthead"] + [None] * (len(lines) - 1)
    reason[5] = "related_link"
    reason = _run(reason, [0.1, 0.2, 0.95, 0.95, 0.95, 0.99, 0.95, 0.95, 0.95, 0.95], doc=DIGEST)
    assert reason[5] == "related_link"


def test_a_headline_over_a_subheading_with_text_stays_out():
    lines = split_lines(DIGEST)
    reason = ["masthead"] + [None] * (len(lines) - 1)
    reason[7] = "related_link"
    reason = _run(reason, [0.1, 0.2, 0.95, 0.95, 0.95, 0.1, 0.95, 0.99, 0.95, 0.95], doc=DIGEST)
    assert reason[7] == "related_link"
