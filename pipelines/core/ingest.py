"""Read one input file into a document: bytes kept, text decoded, bad files quarantined with a reason."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
                 ".html": "text/html", ".htm": "text/html"}
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Detection often ties between sibling code pages (cp1250/cp1252/cp1257 read most Latin text alike);
# on a tie the one the web uses most wins, as browsers do (WHATWG maps latin-1 to windows-1252).
_PREFERRED = {"utf_8": 0, "cp1252": 1, "iso8859_15": 2, "latin_1": 3, "cp1250": 4}
_NEWLINES = re.compile(r"\r\n?")
# C0 controls other than tab, newline, form feed and carriage return: a sign of binary data
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Document:
    """One input file version as read from disk."""

    doc_id: str
    source_file: str
    raw_bytes: bytes
    media_type: str
    source_text: str | None = None
    encoding: str | None = None
    quarantine_reason: str | None = None
    page_meta: dict | None = None  # HTML: metadata and main-content spans found in the page

    @property
    def byte_size(self) -> int:
        return len(self.raw_bytes)

    @property
    def status(self) -> str:
        return "quarantined" if self.quarantine_reason else "ok"


def doc_id_for(raw: bytes) -> str:
    """Stable id: the first 16 hex digits of the SHA-256 of the file's bytes."""
    return hashlib.sha256(raw).hexdigest()[:16]


def media_type_for(name: str) -> str | None:
    """Media type from the file name (a trailing .gz is looked through), None when unsupported."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return TEXT_SUFFIXES.get(Path(lower).suffix)


def is_input_file(name: str) -> bool:
    """True for file names the pipeline takes in (text, Markdown, HTML, gzipped or not)."""
    return not name.startswith(".") and media_type_for(name) is not None


def decode_text(payload: bytes, declared: str | None = None) -> tuple[str, str] | None:
    """Decode bytes: BOM first, then a declared charset, strict UTF-8, then detection; None if hopeless."""
    for bom, enc in BOMS:
        if payload.startswith(bom):
            try:
                return payload[len(bom):].decode(enc), enc
            except UnicodeDecodeError:
                return None
    for enc in filter(None, (declared, "utf-8")):
        try:
            return payload.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    matches = list(from_bytes(payload))
    if not matches:
        return None
    best = min(matches, key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3), _PREFERRED.get(m.encoding, 9)))
    return str(best), best.encoding


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    return _NEWLINES.sub("\n", text)


def looks_binary(text: str) -> bool:
    """Text with NUL bytes or many control characters is binary data, not a document."""
    if "\x00" in text:
        return True
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 100)


def read_document(raw: bytes, source_file: str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Build a Document from a file's bytes; problems become a quarantine reason, never an exception."""
    doc_id = doc_id_for(raw)
    media_type = media_type_for(source_file) or "application/octet-stream"

    def quarantine(reason: str) -> Document:
        return Document(doc_id, source_file, raw, media_type, quarantine_reason=reason)

    if not raw:
        return quarantine("empty file")
    if len(raw) > max_bytes:
        return quarantine(f"file too large: {len(raw)} bytes > {max_bytes}")
    payload = raw
    if source_file.lower().endswith(".gz"):
        try:
            payload = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            return quarantine(f"corrupt gzip: {exc}")
        if len(payload) > max_bytes:
            return quarantine(f"file too large once decompressed: {len(payload)} bytes > {max_bytes}")
        if not payload:
            return quarantine("empty file once decompressed")
    if media_type == "text/html":
        return _read_html(payload, doc_id, source_file, raw)
    # UTF-16/32 text carries NUL bytes too, but always behind its BOM here
    if b"\x00" in payload[:65536] and not any(payload.startswith(b) for b, _ in BOMS):
        return quarantine("binary content (NUL bytes)")
    decoded = decode_text(payload)
    if decoded is None:
        return quarantine("undecodable: no text encoding fits")
    text, encoding = decoded
    text = normalise_newlines(text)
    if looks_binary(text):
        return quarantine("binary content (control characters)")
    if not text.strip():
        return quarantine("no text: only white space")
    return Document(doc_id, source_file, raw, media_type, text, encoding)


def _read_html(payload: bytes, doc_id: str, source_file: str, raw: bytes) -> Document:
    """An HTML page: its visible text as source_text, main-content spans and metadata as page_meta."""
    from pipelines.core.html import extract_page  # lxml and trafilatura: loaded only for HTML input

    page = extract_page(payload)
    if page is None:
        return Document(doc_id, source_file, raw, "text/html",
                        quarantine_reason="undecodable HTML: no charset fits or the markup cannot be parsed")
    return Document(doc_id, source_file, raw, "text/html", page.source_text or None, page.encoding,
                    page.quarantine_reason, page.as_meta())
