"""Text extracted from an HTML page with its main-content spans: outside removed, inside cleaned gently."""

from __future__ import annotations

from pipelines.core.cleaning import CleanResult, clean_text, unaccounted
from tests.cleaning_fate import fate

PAGE = """Ferry strike called off - The Island Post
Home
News
Ferry strike called off
Ferry strike called off
Ferry crews called off Monday's strike after the operator agreed to hire twelve more deckhands.
The union said the deal also limits shifts to ten hours on the longest crossings.
Timetable from Monday
Route | Departures | First boat
Harbour - North Cape | 6 | 06:15
Harbour - Seal Bay | 4 | 07:40
Crossings on the night route stay suspended until further notice.
Share on Facebook
Ferry strike called off
Related: Fuel surcharge added to island tickets
© 2024 The Island Post. All rights reserved.
"""


def _clean() -> tuple[str, CleanResult]:
    start = PAGE.index("Ferry strike called off\nFerry crews")
    end = PAGE.index("© 2024")
    return PAGE, clean_text(PAGE, main_spans=[(start, end)], language_hint="en")


def test_outside_main_content_is_removed() -> None:
    text, result = _clean()
    assert fate(text, result, "Home") == "removed:outside_main_content"
    assert fate(text, result, "© 2024") == "removed:outside_main_content"
    assert unaccounted(text, result) == []


def test_one_article_titled_by_its_first_line_without_copies() -> None:
    text, result = _clean()
    (art,) = result.articles
    assert art.title == "Ferry strike called off"
    assert fate(text, result, "Ferry strike called off", nth=2) == "meta:title"
    assert fate(text, result, "Ferry strike called off", nth=3) == "removed:duplicate_title"
    assert "Ferry strike called off" not in art.body


def test_short_lines_and_table_rows_stay_in_main_content() -> None:
    text, result = _clean()
    (art,) = result.articles
    assert "Timetable from Monday" in art.body
    assert "Harbour - North Cape | 6 | 06:15" in art.body
    assert "Route | Departures | First boat" in art.body
    assert fate(text, result, "Crossings on the night route") == "body"


def test_families_inside_main_content_still_go() -> None:
    text, result = _clean()
    assert fate(text, result, "Share on Facebook") == "removed:share_buttons"
    assert fate(text, result, "Related: Fuel surcharge") == "removed:related_link"


def test_main_content_of_boilerplate_only_is_quarantined() -> None:
    text = "Home\nNews\nAccept all cookies\nShare on Facebook\n"
    result = clean_text(text, main_spans=[(text.index("Accept"), len(text))])
    assert result.articles == []
    assert result.quarantine_reason
    assert unaccounted(text, result) == []


def test_removed_fraction_counts_the_main_content_only() -> None:
    _, result = _clean()
    outside = sum(len(r.text) for r in result.removed if r.reason == "outside_main_content")
    assert outside > 0
    assert result.removed_fraction < 0.5 and not result.suspect
