"""Read one input file into a document: bytes kept, text decoded, bad files quarantined with a reason.

Bounded: a file is decompressed (gzip, streamed) only up to MAX_FILE_BYTES and a document's decoded text may hold
at most MAX_TEXT_CHARS characters; beyond either the file is quarantined with the size reached, so the memory and
time one document takes are bounded whatever its shape. Every step here is linear in the file's size.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.core.document import Document, Page
from pipelines.core.ingest.decode import bom_encoding, decode, decode_page, gunzip_or_reason, nul_pattern_encoding
from pipelines.core.limits import MAX_FILE_BYTES, MAX_TEXT_CHARS

MAX_BYTES = MAX_FILE_BYTES  # the name older callers use
TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
                 ".html": "text/html", ".htm": "text/html"}
_NEWLINES = re.compile(r"\r\n?")
# C0 controls other than tab, newline, form feed and carriage return: a sign of binary data
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Limits:
    """How much of one file a run reads: raw or decompressed bytes, and decoded characters."""

    max_bytes: int = MAX_FILE_BYTES
    max_chars: int = MAX_TEXT_CHARS


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


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    return _NEWLINES.sub("\n", text)


def looks_binary(text: str) -> bool:
    """Text with NUL bytes or many control characters is binary data, not a document."""
    if "\x00" in text:
        return True
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 100)


def oversize_document(doc_id: str, source_file: str, size: int, max_bytes: int) -> Document:
    """A file larger than the cap, quarantined without being read into memory (its bytes are not stored)."""
    return Document(doc_id, source_file, None, media_type_for(source_file) or "application/octet-stream",
                    quarantine_reason=f"file too large: {size} bytes > {max_bytes} (CLAIMTRAIL_MAX_FILE_BYTES); "
                                      "its bytes are not stored", size=size)


def read_document(raw: bytes, source_file: str, *, max_bytes: int = MAX_FILE_BYTES,
                  max_chars: int = MAX_TEXT_CHARS) -> Document:
    """Build a Document from a file's bytes; problems become a quarantine reason, never an exception.

    Linear in the file's size; memory bounded by max_bytes (gzip output) and max_chars (decoded text).
    """
    doc_id = doc_id_for(raw)
    media_type = media_type_for(source_file) or "application/octet-stream"

    def quarantine(reason: str) -> Document:
        return Document(doc_id, source_file, raw, media_type, quarantine_reason=reason)

    if not raw:
        return quarantine("empty file")
    if len(raw) > max_bytes:
        return quarantine(f"file too large: {len(raw)} bytes > {max_bytes} (CLAIMTRAIL_MAX_FILE_BYTES)")
    payload = raw
    if source_file.lower().endswith(".gz"):
        payload, why = gunzip_or_reason(raw, max_bytes, compressed=len(raw))
        if why:
            return quarantine(why)
        if not payload:
            return quarantine("empty file once decompressed")
    if media_type == "text/html":
        return _read_html(payload, doc_id, source_file, raw, max_bytes, max_chars)
    if b"\x00" in payload[:65536] and not bom_encoding(payload) and not nul_pattern_encoding(payload):
        return quarantine("binary content (NUL bytes)")
    decoded = decode(payload)
    if decoded is None:
        return quarantine("undecodable: no text encoding fits")
    if len(decoded.text) > max_chars:
        return quarantine(f"text too large: {len(decoded.text)} characters > {max_chars} "
                          "(CLAIMTRAIL_MAX_DOCUMENT_CHARS)")
    text = normalise_newlines(decoded.text)
    if looks_binary(text):
        return quarantine("binary content (control characters)")
    if not text.strip():
        return quarantine("no text: only white space")
    return Document(doc_id, source_file, raw, media_type, text, decoded.encoding,
                    encoding_confidence=decoded.confidence)


def _read_html(payload: bytes, doc_id: str, source_file: str, raw: bytes, max_bytes: int,
               max_chars: int) -> Document:
    """An HTML page: its visible text as source_text, its kept and removed lines and metadata as its Page.

    A page whose bytes are gzip without the .gz name is unwrapped here too; the charset it declares is weighed
    against detection (pipelines.core.ingest.decode).
    """
    def refused(reason: str, encoding: str | None = None, confidence: float = 0.0) -> Document:
        return Document(doc_id, source_file, raw, "text/html", None, encoding, reason, Page(quarantine_reason=reason),
                        confidence)

    if payload[:2] == GZIP_MAGIC:
        payload, why = gunzip_or_reason(payload, max_bytes)
        if why:
            return refused(why)
    decoded = decode_page(payload)
    if decoded is None:
        return Document(doc_id, source_file, raw, "text/html", quarantine_reason=_UNDECODABLE_HTML)
    if len(decoded.text) > max_chars:
        return refused(f"page too large: {len(decoded.text)} characters of markup > {max_chars} "
                       "(CLAIMTRAIL_MAX_DOCUMENT_CHARS)", decoded.encoding or None, decoded.confidence)
    from pipelines.core.html import extract_page  # lxml and trafilatura: loaded only for HTML input

    page = extract_page(decoded.text, source_file=source_file)
    if page is None:
        return Document(doc_id, source_file, raw, "text/html", quarantine_reason=_UNDECODABLE_HTML)
    return Document(doc_id, source_file, raw, "text/html", page.source_text or None, decoded.encoding or None,
                    page.quarantine_reason, page, decoded.confidence)


_UNDECODABLE_HTML = "undecodable HTML: no charset fits or the markup cannot be parsed"
GZIP_MAGIC = b"\x1f\x8b"


def read_page(raw: bytes, source_file: str = "page.html") -> Page | None:
    """The Page of an HTML file's bytes (None when they cannot be decoded or parsed), as read_document reads it."""
    return read_document(raw, source_file).page
