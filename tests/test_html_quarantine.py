"""Pages with nothing to read are quarantined with a reason, never an exception."""

from pathlib import Path

import pytest

from pipelines.core.ingest import read_page

DOCS = Path(__file__).parent / "docs" / "html"


def test_scripts_only_page_quarantined_with_reason():
    page = read_page((DOCS / "scripts_only.html").read_bytes())
    assert page is not None
    assert page.main_spans == []
    assert "only scripts" in page.quarantine_reason
    assert "rendered by JavaScript" not in page.source_text


@pytest.mark.parametrize(("markup", "fragment"), [
    ("<html><head><title>Just a tab</title></head><body></body></html>", "only scripts"),
    ('<html><body><nav><a href="/a">Home</a> <a href="/b">News</a></nav></body></html>', "no main content"),
])
def test_pages_without_article_quarantined(markup, fragment):
    page = read_page(markup.encode())
    assert page is not None and not page.main_spans
    assert fragment in page.quarantine_reason


@pytest.mark.parametrize("raw", [b"", b"   \n  ", b"\x1f\x8b\x08\x00broken gzip"])
def test_unreadable_bytes_give_none_or_quarantine(raw):
    page = read_page(raw)
    assert page is None or page.quarantine_reason
