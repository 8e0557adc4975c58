"""Main-content spans of HTML pages: the article is kept, page furniture is left out with a reason."""

from pathlib import Path

import pytest

from pipelines.core.ingest import Page, read_page

DOCS = Path(__file__).parent / "docs" / "html"


def _page(name: str) -> Page:
    page = read_page((DOCS / name).read_bytes())
    assert page is not None and page.quarantine_reason is None
    return page


def _main(page: Page) -> str:
    return "\n".join(page.source_text[s:e] for s, e in page.main_spans)


def _reason_of(page: Page, fragment: str) -> str | None:
    for s, e, reason in page.removed_hints:
        if fragment in page.source_text[s:e]:
            return reason
    return None


@pytest.mark.parametrize(("name", "kept", "left_out", "reason"), [
    ("consent.html", "first passengers on Tuesday morning", "We use cookies and similar technologies",
     "cookie_banner"),
    ("nav.html", "late frost in April damaged blossom", "Contact us", "navigation"),
    ("nav.html", "single-variety cider for the first time", "All rights reserved", "footer"),
    ("related_aside.html", "täglich rund 5.000 Menschen", "Wochenmarkt zieht wegen Bauarbeiten", "related_link"),
    ("related_aside.html", "Baukosten lagen bei 7,3 Millionen Euro", "Mehr zum Thema", "related_link"),
    ("comments.html", "average of 320 visitors a night", "I have waited for this for years", "comment_section"),
    ("comments.html", "closing two under-used branch offices", "older residents in the suburbs",
     "comment_section"),
    ("captions.html", "ricostruito tre delle statue minori", "fotografata all'alba di lunedì", "caption"),
    ("repeated.html", "cuatro kilómetros de caminos", "Lee también", "related_link"),
    ("jsonld_meta.html", "spawning grounds in the bay", "Wind farm approved - Harbour Gazette", None),
    ("teasers.html", "Fieldline 21W folding panel", "CLICK HERE TO GET THE BENCH NOTES APP", "related_link"),
    ("teasers.html", "better choice for anyone walking", "Ten tents we slept in this summer", None),
    ("wordpress_comments.html", "foundation stones went in first", "We rebuilt ours the same way",
     "comment_section"),
    ("wordpress_comments.html", "through-stones still needed", "Share this:", "share_buttons"),
    ("wordpress_comments.html", "three heaps by size", "Previous post: Planting the orchard", "navigation"),
    ("layout_table_it.html", "4,7 milioni di euro", "Questo sito utilizza cookie", "cookie_banner"),
    ("layout_table_it.html", "smaltimento è aumentato", "Leggi anche", "related_link"),
    ("layout_table_it.html", "18 voti favorevoli", "finalmente qualcuno pensa ai ponti", "comment_section"),
    ("layout_table_it.html", "18 voti favorevoli", "Ultime notizie", None),
])
def test_article_kept_furniture_left_out(name, kept, left_out, reason):
    page = _page(name)
    main = _main(page)
    assert kept in main
    assert left_out not in main
    assert left_out in page.source_text            # left out of the article, not out of the page text
    if reason:
        assert _reason_of(page, left_out) == reason


@pytest.mark.parametrize("name", ["consent.html", "nav.html", "comments.html", "captions.html", "cp1252.html"])
def test_title_is_metadata_not_body(name):
    page = _page(name)
    assert page.title and page.title not in _main(page)


def test_repeated_paragraph_kept_once():
    main = _main(_page("repeated.html"))
    assert main.count("El ayuntamiento inauguró el sábado") == 1


def test_two_articles_on_one_page():
    page = _page("two_articles.html")
    assert len(page.article_spans) == 2
    first, second = (page.source_text[s:e] for s, e in page.article_spans)
    assert "ferry service" in first and "maternity ward" not in first
    assert "maternity ward" in second and "crossings a week" not in second
    assert page.article_titles == ["Ferry service to the islands resumes", "Hospital opens new maternity ward"]
    for (s, e), title in zip(page.title_spans, page.article_titles, strict=True):
        assert page.source_text[s:e] == title


@pytest.mark.parametrize("name", sorted(p.name for p in DOCS.glob("*.html") if p.name != "scripts_only.html"))
def test_spans_are_whole_lines_inside_source_text(name):
    page = _page(name)
    text = page.source_text
    assert page.main_spans
    for s, e in page.main_spans:
        assert 0 <= s < e <= len(text)
        assert s == 0 or text[s - 1] == "\n"
        assert e == len(text) or text[e] == "\n"
        assert text[s:e] == text[s:e].strip()
    assert page.main_spans == sorted(page.main_spans)


def test_same_bytes_same_result():
    data = (DOCS / "two_articles.html").read_bytes()
    assert read_page(data) == read_page(data)
