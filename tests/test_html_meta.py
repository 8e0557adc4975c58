"""Page metadata: title, byline, published date, language and canonical URL from markup."""

import json
from pathlib import Path

import pytest

from pipelines.core.ingest import read_page

DOCS = Path(__file__).parent / "docs" / "html"


@pytest.mark.parametrize(("name", "field", "value"), [
    ("consent.html", "title", "Tram line opens after six years of works"),
    ("consent.html", "byline", "Dana Whitlock"),
    ("consent.html", "published_date", "2024-03-05"),
    ("consent.html", "language", "en"),
    ("consent.html", "canonical_url", "https://courier.example/2024/03/tram-line-opens"),
    ("jsonld_meta.html", "title", "Offshore wind farm wins final approval"),
    ("jsonld_meta.html", "byline", "Ines Marchetti, Tom Baek"),
    ("jsonld_meta.html", "published_date", "2023-11-14"),
    ("jsonld_meta.html", "language", "en"),          # no lang attribute: detected from the text
    ("jsonld_meta.html", "canonical_url", "https://gazette.example/wind-farm-approved"),
    ("nav.html", "title", "Apple growers report a smaller but sweeter harvest"),
    ("related_aside.html", "language", "de"),
    ("captions.html", "language", "it"),
    ("cp1252.html", "language", "fr"),
    ("repeated.html", "language", "es"),
    ("nav.html", "byline", None),
    ("wordpress_comments.html", "byline", "Ellen Hart"),
    ("wordpress_comments.html", "published_date", "2023-06-02"),
    ("layout_table_it.html", "byline", "Marco Bellini"),
    ("layout_table_it.html", "language", "it"),
    ("nav.html", "published_date", None),
])
def test_metadata(name, field, value):
    page = read_page((DOCS / name).read_bytes())
    assert getattr(page, field) == value


@pytest.mark.parametrize(("head", "body", "title"), [
    ('<meta property="og:title" content="Declared headline here">', "<h1>Site logo</h1><h1>Declared headline here</h1>",
     "Declared headline here"),
    ('<meta property="og:title" content="Only the declared one">', "<h1>Brand</h1>", "Only the declared one"),
    ("<title>Tab title words | Example Site</title>", "", "Tab title words"),
])
def test_title_sources(head, body, title):
    prose = "<p>" + "Some ordinary words to make a paragraph of prose here. " * 5 + "</p>"
    page = read_page(f"<html><head>{head}</head><body>{body}{prose}</body></html>".encode())
    assert page.title == title


@pytest.mark.parametrize(("lang", "expected"), [("en-GB", "en"), ("pt_BR", "pt"), ("FR", "fr")])
def test_language_from_html_lang(lang, expected):
    prose = "<p>" + "Plain words in a paragraph for the test page. " * 5 + "</p>"
    page = read_page(f'<html lang="{lang}"><body>{prose}</body></html>'.encode())
    assert page.language == expected


def test_page_meta_is_plain_data_and_reads_back():
    from pipelines.core.ingest import Page

    page = read_page((DOCS / "two_articles.html").read_bytes())
    meta = json.loads(page.to_json())
    assert meta["main_spans"] == [list(s) for s in page.main_spans]
    assert len(meta["article_spans"]) == 2
    assert "source_text" not in meta
    assert Page.from_json(page.to_json(), page.source_text) == page


@pytest.mark.parametrize(("meta_author", "byline"), [
    ("By Priya Raman", "Priya Raman"),
    ("Priya Raman @priyawrites Mar 3, 2024 at 9:10 am", "Priya Raman"),
    ("Priya Raman | Staff reporter", "Priya Raman"),
    ("Ana May, Olek Brandt", "Ana May, Olek Brandt"),
    ("   ", None),
    ("https://www.facebook.com/someone", None),
])
def test_byline_normalised(meta_author, byline):
    prose = "<p>" + "Plain words in a paragraph for the test page. " * 5 + "</p>"
    page = read_page(f'<html><head><meta name="author" content="{meta_author}"></head>'
                        f"<body>{prose}</body></html>".encode())
    assert page.byline == byline


@pytest.mark.parametrize(("line", "byline"), [
    ("By Jo Marsh", "Jo Marsh"),
    ("di Marco Bellini - 14 febbraio 2024", "Marco Bellini"),
    ("Von Anna Keller | Lokales", "Anna Keller"),
])
def test_byline_from_visible_line_when_markup_has_none(line, byline):
    prose = "".join(f"<p>Paragraph {n} of the story has enough words in it to read as running prose.</p>"
                    for n in range(4))
    page = read_page(f"<html><body><article><h1>Storm closes the bridge</h1><p>{line}</p>{prose}"
                        "</article></body></html>".encode())
    assert page.byline == byline


def test_each_article_of_a_page_has_its_language():
    page = read_page((DOCS / "bilingual.html").read_bytes())
    assert page.language == "en"                    # what the page declares
    assert page.article_languages == ["en", "it"]
    assert json.loads(page.to_json())["article_languages"] == ["en", "it"]


@pytest.mark.parametrize(("meta_tag", "date"), [
    ('<meta property="article:published_time" content="2024-05-02T07:15:00+02:00">', "2024-05-02"),
    ('<meta property="article:published" content="2024-05-02T07:15:00Z">', "2024-05-02"),
    ('<meta name="pdate" content="20240502">', "2024-05-02"),
    ('<meta name="site-post-date" content="2024/05/02">', "2024-05-02"),
    ('<meta name="foundingDate" content="1851-09-18">', None),
])
def test_published_date_from_meta(meta_tag, date):
    prose = "<p>" + "Plain words in a paragraph for the test page. " * 5 + "</p>"
    page = read_page(f"<html><head>{meta_tag}</head><body>{prose}</body></html>".encode())
    assert page.published_date == date
