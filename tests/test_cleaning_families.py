"""Boilerplate families: each known kind of page furniture is removed with its reason, the article stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.clean import REMOVAL_REASONS, clean_text
from tests.cleaning_fate import cleaned_doc as _doc
from tests.cleaning_fate import fate

DOCS = Path(__file__).parent / "docs" / "cleaning"



CASES = [
    # navigation, breadcrumbs, menus
    ("web_cookie_nav.txt", "Skip to content", "removed:navigation"),
    ("web_cookie_nav.txt", "Home » World » Europe", "removed:navigation"),
    ("scraped_twice.txt", "Culture", "removed:navigation"),
    # cookie and consent banners with their buttons
    ("web_cookie_nav.txt", "We use cookies to give you", "removed:cookie_banner"),
    ("web_cookie_nav.txt", "Accept all", "removed:cookie_banner"),
    ("web_cookie_nav.txt", "Manage preferences", "removed:cookie_banner"),
    # share and follow bars
    ("web_cookie_nav.txt", "Share this article", "removed:share_buttons"),
    ("web_cookie_nav.txt", "Facebook Twitter LinkedIn Email", "removed:share_buttons"),
    # related links and teasers
    ("web_cookie_nav.txt", "Read more: Ferry operators", "removed:related_link"),
    ("teaser_pullquote.txt", "Related articles", "removed:related_link"),
    ("teaser_pullquote.txt", "Wind turbines approved", "removed:related_link"),
    ("teaser_pullquote.txt", "Grid operator plans", "removed:related_link"),
    # tags, footers, copyright
    ("web_cookie_nav.txt", "Tags: fishing", "removed:tags"),
    ("web_cookie_nav.txt", "© 2023 Coastal Daily", "removed:footer"),
    ("web_cookie_nav.txt", "Terms of Use", "removed:footer"),
    # comment sections and forms
    ("comments.txt", "14 Comments", "removed:comment_section"),
    ("comments.txt", "Greta Lindqvist says:", "removed:comment_section"),
    ("comments.txt", "I took the Vienna to Brussels train", "removed:comment_section"),
    ("comments.txt", "Reply\n\nTomasz", "removed:comment_section"),
    ("comments.txt", "Leave a Reply", "removed:comment_section"),
    ("comments.txt", "Your e-mail will never be shown publicly", "removed:comment_section"),
    ("comments.txt", "Post Comment", "removed:comment_section"),
    # newsletter boxes
    ("teaser_pullquote.txt", "Get our weekly energy briefing", "removed:newsletter"),
    ("teaser_pullquote.txt", "Email address", "removed:newsletter"),
    ("teaser_pullquote.txt", "Subscribe", "removed:newsletter"),
    # advertisements
    ("teaser_pullquote.txt", "Advertisement", "removed:advertisement"),
    # captions and photo credits
    ("teaser_pullquote.txt", "Aerial view of a flooded", "removed:caption"),
    # mastheads and tables of contents
    ("newsletter_issue.md", "# The Border Review", "removed:masthead"),
    ("newsletter_issue.md", "ISSUE 7, SPRING 2024", "removed:masthead"),
    ("newsletter_issue.md", "In this issue", "removed:table_of_contents"),
    ("newsletter_issue.md", "p.5", "removed:table_of_contents"),
    ("newsletter_issue.md", "**Why local police", "removed:table_of_contents"),
    # page headers and footers of PDF text
    ("pdf_report.txt", "Regional Water Outlook 2024 — Basin", "removed:page_header_footer"),
    ("pdf_report.txt", "Page 3", "removed:page_header_footer"),
    # separators and end markers
    ("pdf_report.txt", "* * *", "removed:separator"),
    ("pdf_report.txt", "— END —", "removed:end_marker"),
    # the articles themselves stay
    ("web_cookie_nav.txt", "Opponents had argued", "body"),
    ("web_cookie_nav.txt", "Work is due to start", "body"),
    ("comments.txt", "Whether the boom lasts", "body"),
    ("teaser_pullquote.txt", "Workers from the closed mines", "body"),
]


@pytest.mark.parametrize(("name", "phrase", "expected"), CASES)
def test_family(name: str, phrase: str, expected: str) -> None:
    text, result = _doc(name)
    assert fate(text, result, phrase) == expected


# The same families written in other languages, dropped into one small article.
ARTICLE = ("Valley road reopens after landslide\n\n"
           "The road through the valley reopened on Monday, three weeks after a landslide buried it under "
           "rocks and mud. Engineers say the slope is now stable.\n\n"
           "{line}\n\n"
           "Traffic will be limited to one lane until the retaining wall is finished in the spring, and heavy "
           "lorries must use the longer route through the pass.\n")

FOREIGN = [
    ("Wir verwenden Cookies, um Ihnen die bestmögliche Nutzung unserer Website zu ermöglichen.", "cookie_banner"),
    ("Questo sito utilizza cookie per migliorare la tua esperienza. Accetta per continuare.", "cookie_banner"),
    ("Nous utilisons des cookies pour améliorer votre expérience sur notre site.", "cookie_banner"),
    ("Utilizamos cookies para mejorar su experiencia. Al continuar navegando acepta su uso.", "cookie_banner"),
    ("Zum Inhalt springen", "navigation"),
    ("Vai al contenuto", "navigation"),
    ("Leggi anche: Frana in Val Seriana, evacuate venti famiglie", "related_link"),
    ("Lire aussi : La route du col restera fermée tout l'hiver", "related_link"),
    ("Lesen Sie auch:", "related_link"),
    ("Lascia un commento", "comment_section"),
    ("Il tuo indirizzo email non sarà pubblicato. I campi obbligatori sono contrassegnati *", "comment_section"),
    ("Votre adresse e-mail ne sera pas publiée.", "comment_section"),
    ("Iscriviti alla nostra newsletter", "newsletter"),
    ("Abonnez-vous à notre newsletter", "newsletter"),
    ("Anzeige", "advertisement"),
    ("Pubblicità", "advertisement"),
    ("Tutti i diritti riservati © 2024 Gazzetta di Valle", "footer"),
    ("Alle Rechte vorbehalten.", "footer"),
    ("Condividi su Facebook", "share_buttons"),
    ("Teilen auf WhatsApp", "share_buttons"),
    ("Schlagwörter: Verkehr, Unwetter", "tags"),
    ("Foto: Vigili del fuoco", "caption"),
    ("Die Straße nach dem Erdrutsch (Foto: dpa)", "caption"),
    ("Seite 4 von 12", "page_header_footer"),
    ("- 17 -", "page_header_footer"),
    ("---", "separator"),
    ("Fine", "end_marker"),
]


@pytest.mark.parametrize(("line", "reason"), FOREIGN)
def test_family_in_other_languages(line: str, reason: str) -> None:
    text = ARTICLE.format(line=line)
    result = clean_text(text)
    assert fate(text, result, line) == f"removed:{reason}"
    assert fate(text, result, "Traffic will be limited") == "body"
    assert fate(text, result, "The road through the valley") == "body"


def test_reasons_come_from_the_vocabulary() -> None:
    for path in sorted(DOCS.iterdir()):
        if path.suffix in (".txt", ".md"):
            result = clean_text(path.read_bytes().decode("utf-8", "replace"))
            assert {r.reason for r in result.removed} <= set(REMOVAL_REASONS), path.name


@pytest.mark.parametrize("line", [
    "Cookies are a traditional part of the festival, and the bakers sold more than 2,000 of them on Saturday.",
    "The share of renewable energy rose to 41 per cent, the agency said in its annual report on Friday.",
    "Readers who want to comment on the plan can write to the council until the end of the month.",
    "The most debated reform of recent years: the electronic patient record (ePA)",
    "Sign up for the regional bus pass using the same card as your rail season ticket",
    "The figure was first reported by the news agency on Tuesday morning (AP).",
])
def test_running_text_that_mentions_a_family_word_stays(line: str) -> None:
    text = ARTICLE.format(line=line)
    assert fate(text, clean_text(text), line) == "body"


@pytest.mark.parametrize(("phrase", "expected"), [
    ("Port Authority Names New Chief", "removed:related_link"),
    ("Ferry Fares Rise Again", "removed:related_link"),
    ("Seven Beaches Lose Blue Flag", "removed:related_link"),
    ("Cargo terminal expansion approved", "removed:related_link"),   # a headline right above a heading
    ("What the study found", "body"),
    ("Who pays for the work", "body"),
    ("Local councils have asked", "body"),
])
def test_headlines_of_other_articles_between_paragraphs(phrase: str, expected: str) -> None:
    text, result = _doc("related_inline.txt")
    assert fate(text, result, phrase) == expected


def test_title_case_subheadings_of_the_article_stay() -> None:
    _, result = _doc("titlecase_subheads.txt")
    (art,) = result.articles
    assert [p.text for p in art.paragraphs if p.kind == "heading"] == [
        "Opening in the Evenings", "Letting Visitors Touch the Tools", "Working With Local Farms", "What Comes Next"]


def test_title_case_subheadings_stay_beside_sentence_case_labels() -> None:
    # two labels in sentence case over short lists ("Size of the wheel in metres") are not the page's way of
    # writing subheadings: the Title Case headings with paragraphs under them are the article's own
    _, result = _doc("titlecase_with_labels.txt")
    (art,) = result.articles
    assert [p.text for p in art.paragraphs if p.kind == "heading"] == [
        "Finding the Original Plans in the Town Archive", "Size of the wheel in metres",
        "Rebuilding the Water Wheel With Local Oak", "Hours the wheel turns each week",
        "Opening the Mill Doors to Schools and Families"]
    assert not [r for r in result.removed if r.reason == "related_link"]


@pytest.mark.parametrize(("phrase", "expected"), [
    ("3 responses to", "removed:comment_section"),
    ("Paul Meyer on 12 October", "removed:comment_section"),
    ("Good news, but who will water them", "removed:comment_section"),
    ("Log in to reply", "removed:comment_section"),
    ("The council hopes the trees", "body"),
])
def test_comments_with_name_date_headers(phrase: str, expected: str) -> None:
    text, result = _doc("comments_inline.txt")
    assert fate(text, result, phrase) == expected


@pytest.mark.parametrize(("phrase", "expected"), [
    ("Figure 1: Passengers per year", "removed:caption"),
    ("Source: city transport office", "removed:caption"),
    ("Reuters/Anna Schmidt", "removed:caption"),
    ("You have 2 free articles left", "removed:newsletter"),
    ("Previous article", "removed:navigation"),
    ("Bridge repairs to start in spring", "removed:related_link"),
    ("New cycle lanes for the old port", "removed:related_link"),
    ("Passenger numbers rose every year", "body"),
    ("The council now plans a second boat", "body"),
])
def test_figure_labels_credits_paywall_and_prev_next_links(phrase: str, expected: str) -> None:
    text, result = _doc("figures_paywall.txt")
    assert fate(text, result, phrase) == expected
