"""The headline comes from the page's structure: the <h1> that agrees with og:title / JSON-LD / <title>, never the
site's logo <h1>, never with the " | Site name" tail of the browser tab."""

import pytest

from pipelines.core.clean import clean_html
from pipelines.core.html.meta import read_meta
from pipelines.core.html.parse import parse
from pipelines.core.ingest import read_page

_BODY = ("<p>The cooperative bakery on Mill Lane will open a second oven in March, its members decided at their "
         "yearly meeting, after a winter in which the queue for bread reached the corner most mornings.</p>"
         "<p>The new oven was paid for by a loan from the members themselves, to be repaid from the sales of rye "
         "loaves over the next four years, and two more bakers are to be hired for the early shift.</p>")


def _title(head: str, body: str) -> str | None:
    root, _ = parse(f"<html><head>{head}</head><body>{body}</body></html>")
    return read_meta(root).title


def test_logo_h1_is_not_the_headline():
    head = "<title>Second oven for the Mill Lane bakery | Riverside Courier</title>" \
           "<meta property='og:site_name' content='Riverside Courier'>"
    assert _title(head, "<h1 class='logo'>Riverside Courier</h1>" + _BODY) == "Second oven for the Mill Lane bakery"


def test_logo_h1_passed_over_when_the_tab_tail_names_the_site():
    head = "<title>Second oven for the Mill Lane bakery - Riverside Courier</title>"
    body = "<h1>Riverside Courier</h1><article><h1>A second oven for Mill Lane</h1>" + _BODY + "</article>"
    assert _title(head, body) == "A second oven for Mill Lane"


def test_h1_that_agrees_with_og_title_wins_over_a_first_h1():
    head = "<meta property='og:title' content='Bakery on Mill Lane adds a second oven'>"
    body = "<h1>Today's stories</h1><h1>Bakery on Mill Lane adds a second oven</h1>" + _BODY
    assert _title(head, body) == "Bakery on Mill Lane adds a second oven"


def test_declared_headline_without_its_site_tail():
    head = "<meta property='og:title' content='Mill Lane bakery grows | Riverside Courier'>" \
           "<meta property='og:site_name' content='Riverside Courier'>"
    assert _title(head, _BODY) == "Mill Lane bakery grows"


def test_json_ld_headline_when_no_h1():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", '
            '"headline": "Members vote for a second oven"}</script><title>Courier</title>')
    assert _title(head, _BODY) == "Members vote for a second oven"


@pytest.mark.parametrize("headline", [
    "Rye loaves - how a small bakery paid for its new oven",      # a long tail is a subtitle, not a site name
    "Second oven | the first one the county has seen",
])
def test_a_subtitle_after_a_dash_stays(headline):
    head = f"<title>{headline}</title><meta property='og:title' content='{headline}'>"
    assert _title(head, f"<h1>{headline}</h1>" + _BODY) == headline


def test_the_article_carries_the_structural_headline():
    markup = ("<html><head><title>Second oven for the Mill Lane bakery | Riverside Courier</title>"
              "<meta property='og:site_name' content='Riverside Courier'></head><body>"
              "<header><h1>Riverside Courier</h1></header><main><article>" + _BODY * 2 + "</article></main>"
              "</body></html>")
    page = read_page(markup.encode())
    result = clean_html(page)
    assert [a.title for a in result.articles] == ["Second oven for the Mill Lane bakery"]
