"""Cleaning: a document's source_text into articles, paragraphs and removed spans, nothing lost.

One entry point, `clean(document)`, for text and HTML documents alike; `cleaned_rows` turns its result into the
rows of the cleaned tables. The rules live in this package, one module per concern (their vocabulary in
pipelines/core/rules); the contract (dataclasses, vocabularies) in pipelines.core.clean.model.
"""

from __future__ import annotations

from pipelines.core.clean.accounting import removed_fraction, unaccounted
from pipelines.core.clean.html import clean_html
from pipelines.core.clean.model import (
    METADATA_FIELDS,
    PARAGRAPH_KINDS,
    REMOVAL_REASONS,
    ROLES,
    SUSPECT_REMOVED_FRACTION,
    Article,
    CleanResult,
    MetadataSpan,
    Paragraph,
    Piece,
    RemovedSpan,
)
from pipelines.core.clean.rows import CLEANED_TABLES, cleaned_rows
from pipelines.core.clean.text import clean_text
from pipelines.core.document import Document

__all__ = [
    "CLEANED_TABLES", "METADATA_FIELDS", "PARAGRAPH_KINDS", "REMOVAL_REASONS", "ROLES", "SUSPECT_REMOVED_FRACTION",
    "Article", "CleanResult", "MetadataSpan", "Paragraph", "Piece", "RemovedSpan", "clean", "clean_html",
    "clean_text", "cleaned_rows", "removed_fraction", "unaccounted",
]


def clean(document: Document) -> CleanResult:
    """Clean one document: an HTML page from its Page, any other text by the text rules and the line model.

    Every removed span carries its reason; a result without articles carries its quarantine reason.
    """
    if document.page is not None:
        return clean_html(document.page)
    return clean_text(document.source_text or "")
