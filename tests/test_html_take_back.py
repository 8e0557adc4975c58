"""The HTML line model takes back running text the extractor left out at a lower confidence than other lines."""

import numpy as np
import pytest

import pipelines.core.html.learned as hl
from pipelines.core.html.text import Line, TextLayout

PARAGRAPH = "The council voted on Tuesday to keep the harbour ferry running through the winter months this year."
LABEL = "Timetable and fares for the winter season"


def _layout(texts: list[str]) -> TextLayout:
    text, lines, at = "", [], 0
    for k, t in enumerate(texts):
        lines.append(Line(start=at, end=at + len(t), tag="p", block=k, link_chars=0, furniture=None,
                          furniture_block=-1))
        text += t + "\n"
        at += len(t) + 1
    return TextLayout(text=text, lines=lines, block_parent=[-1] * len(texts), block_tag=["p"] * len(texts))


@pytest.mark.parametrize(("line", "p", "taken_back"), [
    (PARAGRAPH, 0.85, True),    # running text at TAKE_BACK_PROSE: back
    (PARAGRAPH, 0.75, False),   # below it: stays out
    (LABEL, 0.85, False),       # not a sentence: only at TAKE_BACK_HTML
    (LABEL, 0.95, True),
])
def test_take_back_of_a_line_the_extractor_left_out(monkeypatch, line: str, p: float, taken_back: bool) -> None:
    layout = _layout(["Ferry to stay", line, "A kept paragraph of the article, which the extractor read as it is."])
    # the model's scores given (the shipped model's are what the floors measure): this is the overlay's rule
    monkeypatch.setattr(hl, "html_scores", lambda *a, **k: (np.array([0.1, p, 0.99]), 0.5))
    monkeypatch.setattr(hl, "match_extractor", lambda *a, **k: [0.0, 0.0, 1.0])
    keep, reasons = hl.overlay_html(layout, "", [False, False, True], [None, "outside_main_content", None])
    assert keep[1] is taken_back
    assert reasons[1] == (None if taken_back else "outside_main_content")


def test_running_text_is_the_markup_rules_paragraph() -> None:
    layout = _layout([PARAGRAPH, LABEL, "Too short to be running text."])
    assert [hl.is_paragraph(layout, i) for i in range(3)] == [True, False, False]


@pytest.mark.parametrize(("p", "follower"), [(0.85, True), (0.95, False)])
def test_running_text_of_an_unread_article_element_follows_the_read_one(monkeypatch, p: float, follower: bool) -> None:
    # a long article marked up as one <article> per section, of which the extractor read the first: a section
    # taken back as running text is more of that article, not an article of its own; at the model's firm
    # confidence it is what the markup says
    layout = _layout(["A kept paragraph of the article, which the extractor read as it is.", PARAGRAPH])
    layout.lines[0].in_article, layout.lines[1].in_article = 0, 1
    monkeypatch.setattr(hl, "html_scores", lambda *a, **k: (np.array([0.99, p]), 0.5))
    monkeypatch.setattr(hl, "match_extractor", lambda *a, **k: [1.0, 0.0])
    followers: set[int] = set()
    keep, _ = hl.overlay_html(layout, "", [True, False], [None, "outside_main_content"], (), followers)
    assert keep == [True, True]
    assert followers == ({1} if follower else set())
