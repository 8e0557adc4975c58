"""Input files to documents: bytes kept, text decoded (one decoder for text and HTML), bad files quarantined."""

from pipelines.core.document import Document, Page
from pipelines.core.ingest.read import (
    MAX_BYTES,
    TEXT_SUFFIXES,
    Limits,
    doc_id_for,
    is_input_file,
    looks_binary,
    media_type_for,
    normalise_newlines,
    oversize_document,
    read_document,
    read_page,
)

__all__ = [
    "MAX_BYTES", "TEXT_SUFFIXES", "Document", "Limits", "Page", "doc_id_for", "is_input_file", "looks_binary",
    "media_type_for", "normalise_newlines", "oversize_document", "read_document", "read_page",
]
