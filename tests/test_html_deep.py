"""Pages nested deeper than the parser allows (libxml2 stops at 2,048 levels) still yield their text."""

import pytest

from pipelines.core.html.parse import flatten_deep
from pipelines.core.ingest import read_document, read_page

DEEP_TEXT = "The deepest paragraph says the harbour handled 42 ships on Monday, the port office said."


@pytest.mark.parametrize("depth", [300, 3000, 50_000])
def test_deep_nesting_keeps_its_text(depth):
    markup = ("<html><body><h1>A deep page</h1>" + "<div>" * depth + f"<p>{DEEP_TEXT}</p>" + "</div>" * depth
              + "<p>And a closing paragraph after all of it, with more words in it.</p></body></html>")
    page = read_page(markup.encode())
    assert page.flattened == (depth > 256)
    assert DEEP_TEXT in page.source_text and "closing paragraph" in page.source_text
    assert page.source_text.index(DEEP_TEXT) < page.source_text.index("closing paragraph")
    doc = read_document(markup.encode(), "deep.html")
    assert doc.status == "ok" and DEEP_TEXT in doc.source_text


def test_unclosed_soup_keeps_its_text():
    markup = "<html><body>" + "<div><font>word " * 20_000 + f"<p>{DEEP_TEXT}</p></body></html>"
    page = read_page(markup.encode())
    assert page.flattened and DEEP_TEXT in page.source_text and page.source_text.count("word") == 20_000


def test_flattening_drops_only_tags_below_the_limit():
    markup = "<div>" * 5 + "<b>x</b>" + "</div>" * 5
    flat = flatten_deep(markup, limit=3)
    assert flat.count("<div>") == 3 and flat.count("</div>") == 3 and "x" in flat and "<b>" not in flat
    assert flatten_deep(markup, limit=10) == markup


def test_script_only_page_is_quarantined():
    markup = "<html><head><script>var a = '<p>not text</p>';</script><style>p{}</style></head><body></body></html>"
    doc = read_document(markup.encode(), "app.html")
    assert doc.status == "quarantined" and "no visible text" in doc.quarantine_reason
