"""Articles in a file: titles, bylines, dates, subtitles, notes and author bios, translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.clean import clean_text

DOCS = Path(__file__).parent / "docs" / "cleaning"


def _clean(name: str):
    text = (DOCS / name).read_text(encoding="utf-8")
    return text, clean_text(text)


def test_newsletter_issue_is_split_into_its_articles() -> None:
    _, result = _clean("newsletter_issue.md")
    assert [a.title for a in result.articles] == [
        "Smuggling routes shift east after new fences", "Why local police are struggling to keep recruits"]
    assert [a.byline for a in result.articles] == ["Lena Moser", "Arben Dushi"]
    assert all(a.role == "primary" and a.language == "en" for a in result.articles)


def test_notes_and_author_bios_stay_out_of_the_body() -> None:
    text, result = _clean("newsletter_issue.md")
    first, second = result.articles
    assert "monthly border bulletin" not in first.body
    assert "is a researcher at the Institute" not in first.body
    assert "is a journalist based in Pristina" not in second.body
    fields = {(m.field, text[m.char_start:m.char_end][:20]) for m in first.metadata_spans}
    assert ("note", "1. Interior ministry") in fields
    assert any(f == "author_bio" for f, _ in fields)
    assert any(m.field == "author_bio" for m in second.metadata_spans)


def test_section_headings_are_paragraphs_of_their_kind() -> None:
    _, result = _clean("newsletter_issue.md")
    heads = [p for p in result.articles[1].paragraphs if p.kind == "heading"]
    assert [p.text for p in heads] == ["A question of housing"]


def test_byline_and_date_are_metadata() -> None:
    _, result = _clean("web_cookie_nav.txt")
    (art,) = result.articles
    assert art.title == "Harbour town votes to rebuild its old fish market"
    assert art.byline == "Marta Kovač"
    assert art.published_date == "2023-03-12"
    assert "Marta" not in art.body


def test_translation_is_its_own_article() -> None:
    _, result = _clean("bilingual.txt")
    en, it = result.articles
    assert (en.language, en.role, en.translation_of) == ("en", "primary", None)
    assert (it.language, it.role, it.translation_of) == ("it", "translation", en.ordinal)
    assert it.title == "Le scuole di montagna lottano per restare aperte"
    assert "scuole" not in en.body and "villages" not in it.body


def test_an_unrelated_foreign_article_is_primary() -> None:
    text = ("City opens new library\n\n"
            "The new central library opened its doors on Saturday with a reading room for 400 people and a "
            "floor of books for children.\n\n"
            "The building took three years to finish and replaces a branch that had been closed since 2019.\n\n"
            "Marché de Noël annulé\n\n"
            "Le marché de Noël de la vieille ville n'aura pas lieu cette année, a annoncé la mairie, faute "
            "d'exposants et en raison des travaux sur la place.\n\n"
            "Les commerçants regrettent une décision prise sans les consulter et demandent une solution pour "
            "l'an prochain.\n")
    result = clean_text(text)
    assert [(a.language, a.role) for a in result.articles] == [("en", "primary"), ("fr", "primary")]
    assert result.articles[1].title == "Marché de Noël annulé"


def test_short_legitimate_lines_survive() -> None:
    _, result = _clean("short_lines.txt")
    (art,) = result.articles
    texts = [p.text for p in art.paragraphs]
    assert "No." in texts
    assert "Why not?" in texts
    assert "What are your priorities" in texts
    items = [p.text for p in art.paragraphs if p.kind == "list_item"]
    assert items == ["repair the northern breakwater", "a new timetable with the ferry companies",
                     "cheaper berths for the small fishing boats"]
    assert art.title == "Five questions for the new harbour master"


def test_text_without_a_title_starts_with_its_first_paragraph() -> None:
    text = ("The harvest in the southern vineyards began two weeks early this year after a hot and dry "
            "summer, growers said.\n\n"
            "Yields are expected to be about a fifth lower than last year, but the quality of the grapes is "
            "reported to be good.\n")
    (art,) = clean_text(text).articles
    assert art.title is None
    assert art.paragraphs[0].text.startswith("The harvest")


@pytest.mark.parametrize(("line", "iso"), [
    ("Published: 3 February 2024", "2024-02-03"),
    ("March 9, 2022", "2022-03-09"),
    ("2021-11-30", "2021-11-30"),
    ("Pubblicato il 12 gennaio 2023", "2023-01-12"),
])
def test_published_date(line: str, iso: str) -> None:
    text = ("Museum reopens after repairs\n\n"
            f"{line}\n\n"
            "The town museum reopened on Saturday after eighteen months of repairs to its roof and heating, "
            "with a new room for the collection of old maps.\n\n"
            "Entry will be free for residents until the end of the year.\n")
    (art,) = clean_text(text).articles
    assert art.published_date == iso


def test_paragraphs_alternating_with_their_translation_are_split() -> None:
    _, result = _clean("bilingual_alternating.txt")
    en, it = result.articles
    assert (en.language, en.role) == ("en", "primary")
    assert (it.language, it.role, it.translation_of) == ("it", "translation", en.ordinal)
    assert "ponte" not in en.body and "bridge" not in it.body
    assert len(en.paragraphs) == 2 and len(it.paragraphs) == 2


@pytest.mark.parametrize(("phrase", "field"), [
    ("By Ines Carvalho", "byline"),
    ("Published: 2 February 2024", "published_date"),
    ("Editor's note: An earlier version", "note"),
    ("About the author", "author_bio"),
    ("Ines Carvalho covers transport", "author_bio"),
])
def test_author_box_reading_time_and_editor_note(phrase: str, field: str) -> None:
    text, result = _clean("author_box.txt")
    (art,) = result.articles
    at = text.index(phrase)
    assert any(m.field == field and m.char_start <= at < m.char_end for m in art.metadata_spans)
    assert "min read" not in art.body and "Click here" not in art.body
    assert art.body.startswith("Night buses will run again")


@pytest.mark.parametrize(("text", "title", "body"), [
    ("A new brief\n\nOfficials counted 42 new arrivals last week.\n", "A new brief",
     "Officials counted 42 new arrivals last week."),
    ("Road closed\n\nThe bridge is shut until Friday.\n\nUse the ferry.\n", "Road closed",
     "The bridge is shut until Friday.\nUse the ferry."),
])
def test_a_brief_of_short_sentences_is_an_article(text: str, title: str, body: str) -> None:
    result = clean_text(text)
    assert [(a.title, a.body) for a in result.articles] == [(title, body)]
    assert result.removed_fraction == 0.0


def test_contents_list_names_the_articles_of_an_issue_without_bylines() -> None:
    _, result = _clean("newsletter_contents.md")
    assert [a.title for a in result.articles] == ["Dredging tender delayed again", "New berths for visiting yachts"]
    first, second = result.articles
    assert [p.text for p in first.paragraphs if p.kind == "heading"] == ["Why bidders stayed away"]
    assert "Forty new berths" in second.body and "Forty new berths" not in first.body


@pytest.mark.parametrize(("first", "title"), [
    ("Albania adopts a new strategy.", "Albania adopts a new strategy."),
    ("ALBANIA ADOPTS A NEW STRATEGY", "ALBANIA ADOPTS A NEW STRATEGY"),
    ("# Albania adopts a new strategy", "Albania adopts a new strategy"),
    ("No.", None),
])
def test_headline_shapes(first: str, title: str | None) -> None:
    text = (f"Skip to content\n\n{first}\n\n"
            "The government adopted a national strategy against violent extremism on Tuesday, after two years "
            "of consultations with religious communities.\n\nIt will be reviewed in 2026.\n")
    (art,) = clean_text(text).articles
    assert art.title == title
    assert "Skip to content" not in art.body


BODY = ("The port authority will raise mooring fees by eight per cent from April, its director said on Friday, "
        "citing the cost of repairs to the breakwater.\n")


@pytest.mark.parametrize(("head", "title", "byline", "date"), [
    ("Harbour fees to rise\n\nMaria Kowalska\n\n3 March 2024\n\n", "Harbour fees to rise", "Maria Kowalska",
     "2024-03-03"),
    ("Harbour fees to rise\n\nJan Novak\n\n", "Harbour fees to rise", "Jan Novak", None),
    ("Harbour fees to rise\n\nBy Jan Novak | March 3, 2024\n\n", "Harbour fees to rise", "Jan Novak", "2024-03-03"),
    ("World News\n\nHarbour fees to rise\n\n", "Harbour fees to rise", None, None),
    ("Harbour fees to rise\n\nWorld News\n\n", "Harbour fees to rise", None, None),
])
def test_bare_name_bylines_and_kicker_labels(head: str, title: str, byline: str | None, date: str | None) -> None:
    (art,) = clean_text(head + BODY).articles
    assert (art.title, art.byline, art.published_date) == (title, byline, date)
    assert art.body == BODY.strip()
