"""Decoding HTML bytes: BOM, declared charset (meta or http-equiv), UTF-8, detection; gzip looked through."""

import gzip
from pathlib import Path

import pytest

from pipelines.core.ingest import read_document, read_page
from pipelines.core.ingest.decode import declared_charset, decode_page

DOCS = Path(__file__).parent / "docs" / "html"


def decode_html(raw: bytes) -> tuple[str, str]:
    decoded = decode_page(raw)
    return decoded.text, decoded.encoding
BODY = "<p>Prix : 12 € le kilo, « très cher » selon les clients de la halle.</p>"


def test_cp1252_page_declared_by_meta_tag():
    raw = (DOCS / "cp1252.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    page = read_document(raw, "cp1252.html")
    assert page.encoding == "cp1252"
    assert "3,2 millions d’euros" in page.source_text
    assert "« très encourageant »" in page.source_text


@pytest.mark.parametrize(("head", "encoding", "codec"), [
    ('<meta charset="windows-1252">', "cp1252", "cp1252"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "cp1252", "cp1252"),
    ("<meta charset='iso-8859-15'>", "iso8859-15", "iso8859-15"),
    ('<meta http-equiv="content-type" content="text/html;charset=ISO-8859-2">', "iso8859-2", "iso8859-2"),
])
def test_declared_charset_used(head, encoding, codec):
    body = {"cp1252": "<p>Zoë paid 12 € for the café’s menu.</p>", "iso8859-15": "<p>Zoë paid 12 € here.</p>",
            "iso8859-2": "<p>Łódź i Gdańsk.</p>"}[codec]
    raw = f"<html><head>{head}</head><body>{body}</body></html>".encode(codec)
    markup, used = decode_html(raw)
    assert used == encoding
    assert body in markup


def test_bom_wins_over_declaration():
    raw = b"\xef\xbb\xbf" + f'<html><head><meta charset="iso-8859-1"></head><body>{BODY}</body></html>'.encode()
    markup, used = decode_html(raw)
    assert used == "utf-8" and BODY in markup and not markup.startswith("\ufeff")


def test_utf16_with_bom():
    raw = "\ufeff<html><body><p>Ça marche en UTF-16.</p></body></html>".encode("utf-16-le")
    page = read_page(raw)
    assert "Ça marche en UTF-16." in page.source_text


def test_valid_utf8_beats_stale_declaration():
    # scrapers re-encode to UTF-8 and leave the original meta tag behind
    raw = f'<html><head><meta charset="iso-8859-1"></head><body>{BODY}</body></html>'.encode()
    markup, used = decode_html(raw)
    assert used == "utf-8" and BODY in markup


def test_undeclared_legacy_bytes_detected():
    text = ("<html><body>" + "<p>Ce matin, les élèves ont visité le musée et découvert l’été à la française.</p>" * 8
            + "</body></html>")
    markup, _ = decode_html(text.encode("cp1252"))
    assert "élèves" in markup and "l’été" in markup


@pytest.mark.parametrize(("raw", "expected"), [
    (b'<meta charset="UTF-8">', "utf-8"),
    (b"<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>", "shift_jis"),
    (b'<?xml version="1.0" encoding="ISO-8859-1"?><html>', "cp1252"),
    (b'<meta charset="no-such-charset">', None),
    (b"<html><body>nothing declared</body></html>", None),
])
def test_declared_charset(raw, expected):
    assert declared_charset(raw) == expected


def test_gzipped_page():
    raw = (DOCS / "nav.html.gz").read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    page = read_page(raw)
    plain = read_page(gzip.decompress(raw))
    assert page == plain
    assert "61,000 tonnes" in "\n".join(page.source_text[s:e] for s, e in page.main_spans)


def test_xml_declaration_accepted():
    raw = b'<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>Declared as XML first.</p></body></html>'
    page = read_page(raw)
    assert "Declared as XML first." in page.source_text
