"""Decoding hostile bytes: the plausible code page wins, UTF-16/32 without a BOM, stray bytes in UTF-8, lying meta
charsets, gzip bombs and truncated streams; every decoding says how sure it is."""

import codecs
import gzip

import pytest

from pipelines.core.ingest import decode as decoding
from pipelines.core.ingest import read_document

ENGLISH = "The company’s “record” quarter brought in €2.3 billion, the chief executive said – a 12% rise.\n"
CZECH = "Vláda schválila rozpočet – „historický“ krok, řekl premiér. Dluh dosáhl 3,1 bilionu korun.\n"
FRENCH = "Le maire a été réélu après une année très agitée ; « c’est un soulagement », dit-il.\n"
RUSSIAN = "Прогноз погоды: в Москве до 25 градусов, сообщает «Гидрометцентр».\n"


@pytest.mark.parametrize(("text", "codec"), [
    (ENGLISH, "cp1252"), (FRENCH, "cp1252"), (CZECH, "cp1250"), (RUSSIAN, "cp1251"),
])
def test_legacy_code_pages_decode_to_the_text(text, codec):
    found = decoding.decode(text.encode(codec))
    assert found.text == text, (found.encoding, found.text)
    assert 0 < found.confidence <= 1


def test_smart_quotes_and_euro_are_not_read_as_letters():
    # charset-normalizer alone ranks mac_iceland and cp852 first here ("companyís ìrecordî ... Ä2.3")
    raw = ENGLISH.encode("cp1252")
    for wrong in ("mac_iceland", "cp852"):
        assert decoding.implausibility(raw.decode(wrong)) > 0.3
    assert decoding.implausibility(ENGLISH) == 0
    assert decoding.decode(raw).text == ENGLISH


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [ENGLISH, RUSSIAN + "A line in English, 42 boats.\n"])
def test_utf16_and_utf32_without_a_bom(codec, text):
    found = decoding.decode(text.encode(codec))
    assert found.text == text and found.encoding == codec and found.confidence > 0.9
    doc = read_document(text.encode(codec), "wide.txt")
    assert doc.status == "ok" and doc.source_text == text


def test_utf16_with_a_bom_is_certain():
    found = decoding.decode(codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le"))
    assert (found.text, found.encoding, found.confidence) == (ENGLISH, "utf-16-le", 1.0)


def test_utf8_with_a_few_stray_bytes_stays_utf8():
    raw = (FRENCH * 3).encode() + b"Prix : 12 \x80, \x93cher\x94.\n"
    found = decoding.decode(raw)
    assert found.encoding == decoding.FALLBACK and found.text.startswith(FRENCH)
    assert found.text.endswith("Prix : 12 €, “cher”.\n") and found.confidence < 1


def test_certain_decodings_say_so():
    assert decoding.decode(b"plain ascii").confidence == 1.0
    assert decoding.decode(FRENCH.encode()).confidence == 1.0


def test_a_meta_charset_that_lies_is_overruled_when_it_reads_as_mojibake():
    body = "<p>" + FRENCH.strip() + "</p>" * 1
    raw = f'<html><head><meta charset="windows-1251"></head><body>{body * 4}</body></html>'.encode("cp1252")
    page = read_document(raw, "lies.html")
    assert page.encoding == "cp1252" and "été réélu" in page.source_text and page.encoding_confidence < 1
    honest = f'<html><head><meta charset="windows-1252"></head><body>{body}</body></html>'.encode("cp1252")
    assert read_document(honest, "honest.html").encoding == "cp1252"


def test_binary_is_still_binary():
    raw = bytes(range(256)) * 20
    assert read_document(raw, "x.txt").status == "quarantined"


def test_a_gzip_bomb_stops_at_the_cap():
    bomb = gzip.compress(b"\0" * 20_000_000)
    with pytest.raises(decoding.GzipTooLarge) as raised:
        decoding.gunzip(bomb, 1_000_000)
    assert raised.value.reached == 1_000_001
    doc = read_document(bomb, "bomb.txt.gz", max_bytes=1_000_000)
    assert doc.status == "quarantined" and "stopped at 1000001" in doc.quarantine_reason
    page = read_document(bomb, "bomb.html.gz", max_bytes=1_000_000)
    assert page.status == "quarantined" and "too large once decompressed" in page.quarantine_reason


def test_truncated_and_concatenated_gzip():
    whole = gzip.compress(ENGLISH.encode() * 50)
    with pytest.raises(EOFError):
        decoding.gunzip(whole[: len(whole) // 2], 1 << 20)
    doc = read_document(whole[: len(whole) // 2], "cut.txt.gz")
    assert doc.status == "quarantined" and "truncated" in doc.quarantine_reason
    assert decoding.gunzip(gzip.compress(b"one ") + gzip.compress(b"two"), 100) == b"one two"


def test_decoded_text_over_the_cap_is_quarantined_with_its_size():
    doc = read_document(b"word " * 1000, "long.txt", max_chars=4000)
    assert doc.status == "quarantined" and "5000 characters > 4000" in doc.quarantine_reason
    page = read_document(b"<p>" + b"word " * 1000 + b"</p>", "long.html", max_chars=4000)
    assert page.status == "quarantined" and "characters of markup" in page.quarantine_reason


@pytest.mark.parametrize("raw", [b"\x00\x01binary", bytes(b for i in range(200) for b in (i % 7 + 1, 0)),
                                 b"\x00\x85" * 100])
def test_nul_patterns_of_binary_are_not_taken_for_utf16(raw):
    assert decoding.nul_pattern_encoding(raw) is None
    assert read_document(raw, "x.txt").status == "quarantined"
