"""clean_html: an HTML page's CleanResult built from its Page, every character accounted for."""

from pathlib import Path

import pytest

from pipelines.core.clean import PARAGRAPH_KINDS, REMOVAL_REASONS, clean_html
from pipelines.core.ingest import Page, read_page

DOCS = Path(__file__).parent / "docs" / "html"
PAGES = sorted(p.name for p in DOCS.glob("*.html") if p.name != "scripts_only.html")


def _clean(name: str):
    page = read_page((DOCS / name).read_bytes())
    stored = Page.from_json(page.to_json(), page.source_text)     # as the shell stores and reloads it
    assert stored == page
    return page, clean_html(stored)


@pytest.mark.parametrize("name", PAGES)
def test_every_non_blank_character_accounted_for(name):
    page, result = _clean(name)
    covered = [False] * len(page.source_text)
    spans = [(p.char_start, p.char_end) for a in result.articles for p in a.paragraphs]
    spans += [(m.char_start, m.char_end) for a in result.articles for m in a.metadata_spans]
    spans += [(r.char_start, r.char_end) for r in result.removed]
    for s, e in spans:
        for i in range(s, e):
            assert not covered[i], f"overlap at {i}"
            covered[i] = True
    missing = [c for c, cov in zip(page.source_text, covered, strict=True) if not cov and not c.isspace()]
    assert missing == []


@pytest.mark.parametrize("name", PAGES)
def test_paragraphs_quote_source_text_and_reasons_in_vocabulary(name):
    page, result = _clean(name)
    assert result.articles and result.quarantine_reason is None
    for a in result.articles:
        for p in a.paragraphs:
            assert p.kind in PARAGRAPH_KINDS
            assert page.source_text[p.char_start:p.char_end] == p.text
            assert p.source_span(0, len(p.text)) == (p.char_start, p.char_end)
    assert all(r.reason in REMOVAL_REASONS for r in result.removed)


def test_two_articles_with_their_titles():
    _, result = _clean("two_articles.html")
    assert [a.title for a in result.articles] == ["Ferry service to the islands resumes",
                                                  "Hospital opens new maternity ward"]
    assert [a.ordinal for a in result.articles] == [0, 1]
    assert "maternity" not in result.articles[0].body and "ferry" not in result.articles[1].body.lower()


def test_single_article_metadata_from_page():
    page, result = _clean("consent.html")
    (article,) = result.articles
    assert article.title == "Tram line opens after six years of works"
    assert article.byline == "Dana Whitlock" and article.published_date == "2024-03-05"
    assert article.language == "en"
    (title_span,) = article.metadata_spans
    assert page.source_text[title_span.char_start:title_span.char_end] == article.title
    assert article.title not in article.body
    assert "cookies" not in article.body


def test_list_items_and_headings_keep_their_kind():
    markup = ("<html lang='en'><body><article><h1>Storm damage</h1>"
              "<p>The storm on Sunday night brought down trees across the county and cut power to homes.</p>"
              "<h2>What was damaged</h2><ul><li>Forty-two fallen trees on main roads.</li>"
              "<li>Three schools closed for repairs.</li></ul>"
              "<blockquote><p>It was the worst night I can remember in thirty years here.</p></blockquote>"
              "<p>Crews expect to restore power to every home by Wednesday evening at the latest.</p>"
              "</article></body></html>")
    page = read_page(markup.encode())
    result = clean_html(page)
    kinds = {p.text: p.kind for p in result.articles[0].paragraphs}
    assert kinds.get("Three schools closed for repairs.") == "list_item"
    assert kinds.get("It was the worst night I can remember in thirty years here.") == "quote"
    assert kinds.get("What was damaged", "heading") == "heading"


def test_page_without_article_is_quarantined():
    page = read_page((DOCS / "scripts_only.html").read_bytes())
    result = clean_html(page)
    assert not result.articles and "only scripts" in result.quarantine_reason


def test_same_story_in_two_languages_is_a_translation():
    _, result = _clean("bilingual.html")
    english, italian = result.articles
    assert (english.language, italian.language) == ("en", "it")
    assert english.role == "primary"
    assert italian.role == "translation" and italian.translation_of == english.ordinal
