"""PDF text: running heads and page numbers out, broken paragraphs joined, hyphenation undone, offsets exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.clean import clean_text

DOCS = Path(__file__).parent / "docs" / "cleaning"


def _report():
    text = (DOCS / "pdf_report.txt").read_text(encoding="utf-8")
    return text, clean_text(text)


@pytest.mark.parametrize("sentence", [
    "drinking water from wells near the river. Groundwater levels",
    "between the first and second feasibility studies, and the environmental assessment",
    "a revised plan in February, after consultation",
])
def test_broken_sentences_read_whole_in_one_paragraph(sentence: str) -> None:
    _, result = _report()
    assert any(sentence in p.text for a in result.articles for p in a.paragraphs)


def test_running_heads_do_not_stand_in_the_body() -> None:
    _, result = _report()
    body = "\n".join(a.body for a in result.articles)
    assert "Basin Authority" not in body
    assert "Page 2" not in body


def test_pieces_are_verbatim_and_the_hyphen_is_a_removed_span() -> None:
    text, result = _report()
    para = next(p for a in result.articles for p in a.paragraphs if "February" in p.text)
    for pc in para.pieces:
        assert para.text[pc.text_start:pc.text_start + pc.length] == text[pc.src_start:pc.src_start + pc.length]
    assert len(para.pieces) == 2
    hyphens = [r for r in result.removed if r.reason == "hyphenation"]
    assert {r.text for r in hyphens} == {"-"}
    assert any(text[r.char_start - 3:r.char_start] == "Feb" for r in hyphens)


def test_source_span_maps_inside_a_piece_and_refuses_a_join() -> None:
    text, result = _report()
    para = next(p for a in result.articles for p in a.paragraphs if "February" in p.text)
    i = para.text.index("consultation")
    s, e = para.source_span(i, i + len("consultation"))
    assert text[s:e] == "consultation"
    j = para.text.index("February")
    assert para.source_span(j, j + len("February")) is None


@pytest.mark.parametrize(("first", "second", "joined"), [
    ("The minister said that the government would present the", "new budget on Monday.",
     "present the new budget"),
    ("Officials counted more than 4,000 crossings in the first half of the year, mostly on foot across",
     "(often flooded) fields near the river.", "across (often flooded) fields"),
    ("The committee, chaired by the former mayor, met eleven times before it agreed on a recom-",
     "mendation for the council.", "a recommendation for"),
])
def test_join_across_a_page_break(first: str, second: str, joined: str) -> None:
    text = ("Budget talks resume\n\n"
            "The talks on next year's budget resumed on Thursday after a two-week pause caused by the "
            "illness of the finance minister.\n\n"
            f"{first}\n\n12\n\n{second}\n")
    result = clean_text(text)
    assert any(joined in p.text for a in result.articles for p in a.paragraphs)


@pytest.mark.parametrize(("first", "second"), [
    ("The talks will resume next week.", "Opposition parties have said they will not attend."),
    ("The statement read:", "We will not accept any cut to the pensions of retired teachers."),
    ("Key figures", "The deficit is expected to reach 3.1 per cent of output next year."),
])
def test_whole_paragraphs_are_not_joined(first: str, second: str) -> None:
    text = ("Budget talks resume\n\n"
            "The talks on next year's budget resumed on Thursday after a two-week pause caused by the "
            "illness of the finance minister.\n\n"
            f"{first}\n\n{second}\n")
    result = clean_text(text)
    assert not any(first in p.text and second in p.text for a in result.articles for p in a.paragraphs)


def test_hard_wrapped_lines_of_one_block_are_one_paragraph() -> None:
    text = (DOCS / "newsletter_issue.md").read_text(encoding="utf-8")
    result = clean_text(text)
    assert any("Officials say the numbers are likely an undercount." in p.text
               for a in result.articles for p in a.paragraphs)


def _wrapped():
    text = (DOCS / "pdf_wrapped.txt").read_text(encoding="utf-8")
    return text, clean_text(text)


def test_hard_wrapped_report_reads_as_paragraphs() -> None:
    _, result = _wrapped()
    (art,) = result.articles
    assert art.title == "ANNUAL REVIEW OF RURAL BUS SERVICES"
    paras = [p.text for p in art.paragraphs]
    assert any(p.startswith("Bus services in the rural districts") and p.endswith("introduced in the spring.")
               for p in paras)
    assert any("made around 41,000 trips last year" in p for p in paras)
    assert [p.text for p in art.paragraphs if p.kind == "heading"] == ["1. Summary", "2. Demand-responsive services"]
    assert [p.kind for p in art.paragraphs].count("list_item") == 3
    assert "page 4" not in art.body and "Annual Review 2023" not in art.body


def test_hard_wrapped_markdown_quote_is_one_quote() -> None:
    text = (DOCS / "wrapped_markdown.md").read_text(encoding="utf-8")
    (art,) = clean_text(text).articles
    quotes = [p for p in art.paragraphs if p.kind == "quote"]
    assert [q.text for q in quotes] == [
        "The garden is the only place where my children see how food grows, one of the gardeners told us."]
    assert len(quotes[0].pieces) == 2
    assert art.byline == "Noor Haddad"
    assert "Share this story" not in art.body


@pytest.mark.parametrize("block", [
    # one paragraph per line, separated by single newlines: not a wrapped block
    "The council met on Monday.\nIt approved the budget for the harbour works.\nThe vote was unanimous.",
    "Short line one.\nShort line two.",
])
def test_lines_of_whole_sentences_are_not_merged(block: str) -> None:
    text = ("Council approves harbour budget\n\n"
            "The council approved next year's budget for the harbour on Monday evening, after a debate that "
            "lasted almost four hours.\n\n" + block + "\n")
    (art,) = clean_text(text).articles
    for line in block.split("\n"):
        assert line in [p.text for p in art.paragraphs]
