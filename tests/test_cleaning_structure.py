"""Titles and metadata from structure, and one article per page unless the page really holds several."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipelines.core.clean import boilerplate as bp
from pipelines.core.clean import clean_text, unaccounted
from pipelines.core.clean.lines import split_lines
from pipelines.core.clean.segment import Segment
from pipelines.core.model.fold import fold_slivers

DOCS = Path(__file__).parent / "docs" / "structure"


def _clean(name: str):
    text = (DOCS / name).read_text(encoding="utf-8")
    result = clean_text(text)
    assert unaccounted(text, result) == []
    return text, result


def _fields(text: str, art) -> dict[str, str]:
    return {m.field: text[m.char_start:m.char_end] for m in art.metadata_spans}


def test_headline_is_the_line_the_standfirst_and_byline_hang_under() -> None:
    _, result = _clean("standfirst.txt")
    (art,) = result.articles
    assert art.title == "River ferry returns after two years of repairs"
    assert art.subtitle == "Commuters welcome a shorter crossing as the old boat is back in service"
    assert (art.byline, art.published_date) == ("Ana Petrova", "2024-03-12")
    assert "Commuters" not in art.body


def test_posted_on_date_by_name_is_byline_and_date() -> None:
    text, result = _clean("posted_on.txt")
    (art,) = result.articles
    assert art.title == "Why our tomatoes split after the summer storms"
    assert (art.byline, art.published_date) == ("Lena Hart", "2023-08-14")
    assert _fields(text, art)["byline"] == "Posted on August 14, 2023 by Lena Hart"
    assert "Posted" not in art.body


def test_translation_credit_and_translator_note_are_metadata() -> None:
    text, result = _clean("translated_by.txt")
    (art,) = result.articles
    assert art.title == "Mountain schools fight to stay open"
    assert _fields(text, art)["note"] == "(Translated by Mark Jansen)"
    text, result = _clean("translator_note.txt")
    (art,) = result.articles
    assert art.title == "Fishermen fear the new port will empty the bay"
    assert art.byline == "Elira Gashi"
    assert _fields(text, art)["note"].startswith("Translator's note:")
    assert "Translator" not in art.body and art.body.startswith("The plan to build a cargo port")


def test_running_header_in_capitals_is_page_furniture() -> None:
    _, result = _clean("running_header.txt")
    (art,) = result.articles
    assert art.title == "Smuggling routes move east as fences go up"
    heads = [s for s in result.removed if s.text == "QUARTERLY BORDER REVIEW"]
    assert len(heads) == 3 and {s.reason for s in heads} == {"page_header_footer"}
    assert "QUARTERLY" not in art.body


def test_subheads_that_look_like_names_do_not_split_a_review() -> None:
    _, result = _clean("plan_review.txt")
    (art,) = result.articles
    assert art.title == "The three home internet plans worth paying for this year"
    assert art.byline == "Tom Reyes"
    assert "Family Plan" in art.body and "Our verdict is simple" in art.body


def test_promo_box_and_comments_stay_out_of_one_article() -> None:
    _, result = _clean("promo_and_comments.txt")
    (art,) = result.articles
    assert art.title == "How to keep basil alive on a kitchen windowsill"
    assert (art.byline, art.published_date) == ("Maria Lind", "2024-06-02")
    assert "Free shipping" not in art.body and "Splitting the pot" not in art.body


def test_two_reports_with_their_own_bylines_stay_two_articles() -> None:
    _, result = _clean("two_reports.txt")
    assert [a.title for a in result.articles] == ["Fishing boats return to the northern harbour",
                                                  "Mountain railway to reopen after rockfall"]
    assert [a.byline for a in result.articles] == ["Petra Novak", "Karl Weiss"]
    assert "REGIONAL BULLETIN" not in " ".join(a.body for a in result.articles)


def test_by_and_lower_case_words_is_no_byline() -> None:
    for line, expected in (("By Jane Doe", True), ("BY JANE DOE", True), ("Posted on 3 May 2024 by Ana Ruiz", True),
                           ("by adopting greener materials and processes.", False),
                           ("by the University of Lisbon and its partners", False)):
        assert bp.is_byline(split_lines(line)[0]) is expected, line


def _page(words: list[int]) -> tuple[list, list[Segment]]:
    """Lines of a page with a headline, a dated line and `w` words of body per segment."""
    text, segs, idx = "", [], 0
    for k, w in enumerate(words):
        body = " ".join(["word"] * (w - 1)) + " end."
        text += f"Headline number {k} of the page\n3 May 2024\n\n{body}\n\n"
        segs.append(Segment(idx, idx + 3, idx, idx + 2, meta={idx: "title", idx + 1: "published_date"}))
        idx += 3
    return split_lines(text, merge_wrapped=False), segs


def test_a_sliver_before_the_article_folds_into_it_under_its_headline() -> None:
    lines, segs = _page([20, 400])
    reason: list[str | None] = [None] * len(lines)
    fold_slivers(lines, segs, reason, np.ones(len(lines)), 0.5, lambda k: "low_content")
    (seg,) = segs
    assert (seg.first, seg.title, seg.end) == (0, 3, 6)
    assert seg.meta == {3: "title", 4: "published_date"}
    assert reason[:2] == [None, None]   # the sliver's headline and date go back to the body (the model kept them)


def test_a_sliver_after_the_article_folds_into_it_and_comparable_articles_stay() -> None:
    lines, segs = _page([400, 30, 300])
    reason: list[str | None] = [None] * len(lines)
    p = np.ones(len(lines))
    p[3:5] = 0.0   # the model reads the sliver's headline and date as furniture
    fold_slivers(lines, segs, reason, p, 0.5, lambda k: "low_content")
    assert [(s.first, s.end, s.title) for s in segs] == [(0, 6, 0), (6, 9, 6)]
    assert reason[3:5] == ["low_content", "low_content"]
