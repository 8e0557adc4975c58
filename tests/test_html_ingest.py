"""HTML files through read_document: .html, .htm and gzipped pages become documents with page_meta."""

from pathlib import Path

import pytest

from pipelines.core.ingest import read_document

DOCS = Path(__file__).parent / "docs" / "html"


@pytest.mark.parametrize(("file", "name"), [
    ("nav.html.gz", "site/2024/orchard.html.gz"),
    ("nav.html", "site/2024/orchard.htm"),
    ("nav.html", "site/2024/orchard.html"),
])
def test_html_and_gzipped_html_read(file, name):
    raw = (DOCS / file).read_bytes()
    doc = read_document(raw, name)
    assert doc.quarantine_reason is None
    assert doc.media_type == "text/html"
    assert doc.raw_bytes == raw                      # the file as it was, gzip and all
    spans = doc.page.main_spans
    body = "\n".join(doc.source_text[s:e] for s, e in spans)
    assert "61,000 tonnes" in body and "Contact us" not in body
    assert doc.page.title == "Apple growers report a smaller but sweeter harvest"


def test_cp1252_page_read_with_its_encoding():
    doc = read_document((DOCS / "cp1252.html").read_bytes(), "cp1252.html")
    assert doc.encoding == "cp1252"
    assert "« très encourageant »" in doc.source_text


def test_scripts_only_page_quarantined_with_reason():
    doc = read_document((DOCS / "scripts_only.html").read_bytes(), "app.html")
    assert doc.status == "quarantined"
    assert "only scripts" in doc.quarantine_reason
