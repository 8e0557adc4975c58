"""A Windows-1252 file with CRLF line ends, read by ingest and cleaned: offsets index the decoded text."""

from __future__ import annotations

from pathlib import Path

from pipelines.core.clean import clean_text
from pipelines.core.ingest import read_document

DOCS = Path(__file__).parent / "docs" / "cleaning"


def _read():
    raw = (DOCS / "cp1252_crlf.txt").read_bytes()
    assert b"\r\n" in raw and b"\x80" in raw   # the euro sign in cp1252: not UTF-8
    doc = read_document(raw, "cp1252_crlf.txt")
    return doc, clean_text(doc.source_text)


def test_decoded_without_carriage_returns() -> None:
    doc, _ = _read()
    assert doc.quarantine_reason is None
    assert "\r" not in doc.source_text
    assert "€400" in doc.source_text
    assert "“We already hear the chairs" in doc.source_text


def test_cleaned_article_and_offsets() -> None:
    doc, result = _read()
    (art,) = result.articles
    assert art.title == "Café owners ask for longer summer hours"
    assert art.byline and art.byline.startswith("J")
    assert "€400 a week" in art.body
    assert "Reuters" not in art.body
    for p in art.paragraphs:
        for pc in p.pieces:
            assert doc.source_text[pc.src_start:pc.src_start + pc.length] == \
                p.text[pc.text_start:pc.text_start + pc.length]
    assert any(r.reason == "caption" for r in result.removed)
