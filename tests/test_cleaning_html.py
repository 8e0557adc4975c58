"""An HTML page through the one entry point, clean(document): outside the article removed, inside kept gently."""

from __future__ import annotations

from pipelines.core.clean import CleanResult, clean, unaccounted
from pipelines.core.ingest import read_document
from tests.cleaning_fate import fate

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ferry strike called off - The Island Post</title></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<main><article><h1>Ferry strike called off</h1>
<p>Ferry crews called off Monday's strike after the operator agreed to hire twelve more deckhands on the busiest
routes.</p>
<p>The union said the deal also limits shifts to ten hours on the longest crossings, which had run to fourteen.</p>
<h2>Timetable from Monday</h2>
<table><tr><th>Route</th><th>Departures</th><th>First boat</th></tr>
<tr><td>Harbour - North Cape</td><td>6</td><td>06:15</td></tr>
<tr><td>Harbour - Seal Bay</td><td>4</td><td>07:40</td></tr></table>
<p>Crossings on the night route stay suspended until further notice, the operator said in a statement.</p>
<div class="share"><a href="#">Share on Facebook</a></div>
</article>
<aside class="related"><a href="/fuel">Related: Fuel surcharge added to island tickets</a></aside></main>
<footer><p>© 2024 The Island Post. All rights reserved.</p></footer></body></html>"""


def _clean(page: str = PAGE) -> tuple[str, CleanResult]:
    doc = read_document(page.encode(), "ferry.html")
    return doc.source_text or "", clean(doc)


def test_outside_the_article_is_removed_with_reasons() -> None:
    text, result = _clean()
    assert fate(text, result, "Home") == "removed:navigation"
    assert fate(text, result, "© 2024") == "removed:footer"
    assert fate(text, result, "Ferry strike called off - The Island Post") == "removed:outside_main_content"
    assert unaccounted(text, result) == []


def test_one_article_titled_by_its_heading() -> None:
    _, result = _clean()
    (art,) = result.articles
    assert art.title == "Ferry strike called off"
    assert "Ferry strike called off" not in art.body


def test_short_lines_and_table_rows_stay_in_the_article() -> None:
    text, result = _clean()
    (art,) = result.articles
    assert "Timetable from Monday" in art.body
    assert "Harbour - North Cape | 6 | 06:15" in art.body
    assert "Route | Departures | First boat" in art.body
    assert fate(text, result, "Crossings on the night route") == "body"


def test_furniture_inside_and_beside_the_article_still_goes() -> None:
    text, result = _clean()
    assert fate(text, result, "Share on Facebook") == "removed:share_buttons"
    assert fate(text, result, "Related: Fuel surcharge") == "removed:related_link"


def test_a_page_of_boilerplate_only_is_quarantined() -> None:
    page = "<html><body><nav>Home</nav><p>Accept all cookies</p><div class=share>Share on Facebook</div></body></html>"
    text, result = _clean(page)
    assert result.articles == []
    assert result.quarantine_reason
    assert unaccounted(text, result) == []


def test_removed_fraction_counts_the_article_only() -> None:
    _, result = _clean()
    assert any(r.reason == "navigation" for r in result.removed)
    assert result.removed_fraction < 0.5 and not result.suspect
