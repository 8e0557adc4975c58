"""Comment threads under an article: each comment's subject, name and "writes:" line read like another article's
headline and byline; under a comment header they are the thread, removed as comment_section, and the page stays
one article. Field labels of a directory ("Website:") open no thread."""

from __future__ import annotations

import pytest

from pipelines.core.clean import clean_text
from tests.cleaning_fate import cleaned_doc as _doc
from tests.cleaning_fate import fate


@pytest.mark.parametrize(("phrase", "expected"), [
    ("The new public library on Quay Street", "body"),
    ("We wanted a room where nobody", "body"),
    ("23 Comments", "removed:comment_section"),
    ("Re: Opening hours", "removed:comment_section"),
    ("Nine at night is still too early", "removed:comment_section"),
    ("Somebody should have asked the fishermen", "removed:comment_section"),
    ("My grandmother borrowed books", "removed:comment_section"),
    ("Flag as Inappropriate", "removed:comment_section"),
])
def test_thread_under_comment_header_is_removed(phrase: str, expected: str) -> None:
    text, result = _doc("comment_thread_subjects.txt")
    assert fate(text, result, phrase) == expected


def test_thread_is_not_more_articles() -> None:
    _, result = _doc("comment_thread_subjects.txt")
    (art,) = result.articles
    assert art.title == "Harbour Town Opens Its New Library After Four Years of Building"


@pytest.mark.parametrize("phrase", ["Northline runs the longest routes", "Islandhopper began with a single"])
def test_directory_labels_open_no_thread(phrase: str) -> None:
    text, result = _doc("directory_website_labels.txt")
    assert fate(text, result, phrase) == "body"


def test_last_directory_entry_is_no_comment() -> None:
    # the last entry's label has no other label under it: whatever the line model makes of its text (on this
    # short page it reads the page's last lines as a footer), no comment section holds it
    text, result = _doc("directory_website_labels.txt")
    assert fate(text, result, "Coastal Link is owned by") != "removed:comment_section"


def test_comments_heading_of_a_report_keeps_its_text() -> None:
    # a section named "Comments" with no commenter's name, verb or reply button under it is the article's own
    text = "\n\n".join([
        "Consultation on the Tram Extension Closes",
        "The city received more than nine hundred written responses to its plan for a tram line to the airport, "
        "the transport office said on Monday.",
        "Most of the responses came from residents of the three districts the line would cross, and a third of "
        "them asked for a stop near the hospital.",
        "Comments",
        "The office will publish a summary of the responses in May, together with a revised route that moves two "
        "stops closer to the main roads.",
        "Construction could start in the autumn of next year if the regional government approves the budget.",
    ])
    result = clean_text(text)
    assert fate(text, result, "The office will publish a summary") == "body"
    assert fate(text, result, "Construction could start") == "body"


@pytest.mark.parametrize("phrase", [
    "The third change took the longest", "By last summer the three farms", "The regional water board now wants",
])
def test_text_under_a_signup_box_stays(phrase: str) -> None:
    # "Website" and "Submit" label any form: with no comment header, notice or button under them they open no
    # comment section, and the article goes on under the box
    text, result = _doc("signup_box_in_text.txt")
    assert fate(text, result, phrase) == "body"
