"""Repeated text: title copies, teasers, pull quotes and a page captured twice are removed, once."""

from __future__ import annotations

import pytest

from pipelines.core.clean import CleanResult, clean_text
from tests.cleaning_fate import cleaned_doc as _doc


def fates(text: str, result: CleanResult, phrase: str) -> list[str]:
    """Fate of every line holding `phrase`: 'body', 'meta:<field>' or 'removed:<reason>'."""
    out = []
    start = 0
    while (at := text.find(phrase, start)) >= 0:
        start = at + 1
        f = "lost"
        for a in result.articles:
            for p in a.paragraphs:
                if any(pc.src_start <= at < pc.src_start + pc.length for pc in p.pieces):
                    f = "body"
            for m in a.metadata_spans:
                if m.char_start <= at < m.char_end:
                    f = f"meta:{m.field}"
        for r in result.removed:
            if r.char_start <= at < r.char_end:
                f = f"removed:{r.reason}"
        out.append(f)
    return out



def test_page_scraped_twice_keeps_one_body() -> None:
    text, result = _doc("scraped_twice.txt")
    assert len(result.articles) == 1
    art = result.articles[0]
    assert art.title == "Lighthouse keepers' cottages to become a museum"
    assert fates(text, result, "The three cottages below") == ["body", "removed:duplicate_body"]
    assert fates(text, result, "Restoration will cost") == ["body", "removed:duplicate_body"]
    assert fates(text, result, "Lighthouse keepers' cottages") == ["meta:title", "removed:duplicate_title",
                                                                   "removed:duplicate_title"]
    assert art.body.count("650,000 euros") == 1


def test_teaser_that_repeats_body_sentences_goes() -> None:
    text, result = _doc("teaser_pullquote.txt")
    assert fates(text, result, "Coal country looks to the sun") == ["removed:duplicate_paragraph"]
    assert fates(text, result, "Former open-cast mines in the north") == ["removed:duplicate_paragraph", "body"]


def test_pull_quote_and_its_credit_go_but_the_quoted_paragraph_stays() -> None:
    text, result = _doc("teaser_pullquote.txt")
    assert fates(text, result, "“We are sitting on the best site") == ["removed:duplicate_paragraph", "body"]
    assert fates(text, result, "– Petra Holm, energy agency") == ["removed:duplicate_paragraph"]


@pytest.mark.parametrize("copy", [
    "Ferry company orders two electric boats",
    "Ferry company orders two electric boats | Island Gazette",
    "Ferry company orders two electric boats - Island Gazette",
    "FERRY COMPANY ORDERS TWO ELECTRIC BOATS",
    "Ferry company orders two electric boatsIsland ferries to go green by 2027",
])
def test_title_copies(copy: str) -> None:
    text = ("Ferry company orders two electric boats\n\n"
            f"{copy}\n\n"
            "The island ferry company has ordered two battery-powered boats from a shipyard in the north, "
            "its chief executive said on Thursday.\n\n"
            "The boats will carry up to 300 passengers and 40 cars each and should enter service in 2027, "
            "replacing two diesel ferries built in the 1980s.\n")
    result = clean_text(text)
    assert result.articles[0].title == "Ferry company orders two electric boats"
    assert fates(text, result, copy)[-1] == "removed:duplicate_title"
    assert "electric boats" not in result.articles[0].body


def test_a_heading_that_shares_words_with_the_title_stays() -> None:
    text = ("Ferry company orders two electric boats\n\n"
            "The island ferry company has ordered two battery-powered boats from a shipyard in the north, "
            "its chief executive said on Thursday.\n\n"
            "Why electric boats\n\n"
            "The crossing takes only forty minutes, short enough for batteries that can be recharged while "
            "the cars are loaded at either end.\n")
    result = clean_text(text)
    assert fates(text, result, "Why electric boats") == ["body"]
