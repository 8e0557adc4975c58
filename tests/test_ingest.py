"""Reading input files: decoding, newline normalisation, quarantine reasons."""

import codecs
import gzip

import pytest

from pipelines.core.ingest import doc_id_for, is_input_file, media_type_for, read_document

TEXT = "Città di prova – “virgolette” e 12 € di spesa.\nSeconda riga.\n"


@pytest.mark.parametrize(("raw", "name", "encoding"), [
    (TEXT.encode("utf-8"), "a.txt", "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "b.txt", "utf-8"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "c.md", "utf-16-le"),
    (TEXT.replace("\n", "\r\n").encode("cp1252"), "d.txt", None),
    (gzip.compress(TEXT.encode("utf-8"), mtime=0), "e.txt.gz", "utf-8"),
])
def test_decodes_to_the_same_text(raw, name, encoding):
    doc = read_document(raw, name)
    assert doc.status == "ok", doc.quarantine_reason
    assert doc.source_text == TEXT
    assert doc.raw_bytes == raw
    if encoding:
        assert doc.encoding == encoding


def test_lone_carriage_returns_become_newlines():
    assert read_document(b"one\rtwo\r\nthree", "x.txt").source_text == "one\ntwo\nthree"


@pytest.mark.parametrize(("raw", "name", "reason"), [
    (b"", "empty.txt", "empty"),
    (b"   \n\n\t", "blank.txt", "white space"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "image.txt", "binary"),
    (b"not gzip at all", "broken.txt.gz", "gzip"),
    (bytes(range(1, 32)) * 40, "controls.txt", "binary"),
])
def test_bad_files_are_quarantined_with_a_reason(raw, name, reason):
    doc = read_document(raw, name)
    assert doc.status == "quarantined"
    assert reason in doc.quarantine_reason
    assert doc.source_text is None
    assert doc.raw_bytes == raw


def test_huge_file_is_quarantined():
    doc = read_document(b"a" * 2000, "big.txt", max_bytes=1000)
    assert "too large" in doc.quarantine_reason


def test_doc_id_is_a_stable_hash_of_the_bytes():
    assert doc_id_for(b"abc") == doc_id_for(b"abc") != doc_id_for(b"abd")
    assert len(doc_id_for(b"abc")) == 16


@pytest.mark.parametrize(("name", "media_type"), [
    ("a.txt", "text/plain"), ("b.md", "text/markdown"), ("c.html", "text/html"), ("d.htm", "text/html"),
    ("e.html.gz", "text/html"), ("f.txt.gz", "text/plain"), ("g.pdf", None), ("h.gz", None),
])
def test_media_types(name, media_type):
    assert media_type_for(name) == media_type
    assert is_input_file(name) == (media_type is not None)


def test_sibling_code_pages_tie_towards_cp1252():
    text = "Un article de Jérôme Lefèvre\r\n\r\nLe maire a été réélu après une année très agitée.\r\n"
    doc = read_document(text.encode("cp1252"), "fr.txt")
    assert doc.encoding == "cp1252"
    assert "Jérôme Lefèvre" in doc.source_text and "\r" not in doc.source_text
