"""Turn a document's source_text into articles, paragraphs and removed spans (nothing lost)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PARAGRAPH_KINDS = ("heading", "paragraph", "quote", "list_item")
ROLES = ("primary", "translation")
REMOVAL_REASONS = (
    "cookie_banner", "navigation", "related_link", "share_buttons", "comment_section", "caption",
    "advertisement", "newsletter", "footer", "masthead", "table_of_contents", "page_header_footer",
    "separator", "duplicate_title", "duplicate_paragraph", "duplicate_body", "end_marker",
    "outside_main_content",
)
METADATA_FIELDS = ("title", "subtitle", "byline", "published_date", "note", "author_bio")


@dataclass(frozen=True)
class Piece:
    """A verbatim slice of source_text that a paragraph's text is built from."""

    text_start: int   # offset in Paragraph.text
    src_start: int    # offset in source_text
    length: int


@dataclass
class Paragraph:
    """A kept paragraph: its text and where its pieces stand in source_text."""

    kind: str
    text: str
    char_start: int
    char_end: int
    pieces: list[Piece] = field(default_factory=list)

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Map [start, end) of self.text to source_text offsets, or None if it straddles a join."""
        for p in self.pieces:
            if p.text_start <= start and end <= p.text_start + p.length:
                delta = p.src_start - p.text_start
                return start + delta, end + delta
        return None


@dataclass(frozen=True)
class MetadataSpan:
    """A span of source_text kept as article metadata (title, byline, ...), not body."""

    field: str
    char_start: int
    char_end: int


@dataclass
class Article:
    """One article found in a document."""

    ordinal: int
    language: str
    paragraphs: list[Paragraph]
    char_start: int
    char_end: int
    title: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    published_date: str | None = None  # ISO 8601 date
    role: str = "primary"
    translation_of: int | None = None  # ordinal of the article this one translates
    metadata_spans: list[MetadataSpan] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class RemovedSpan:
    """A span of source_text taken out, with the reason."""

    char_start: int
    char_end: int
    reason: str
    text: str


@dataclass
class CleanResult:
    """What cleaning made of one document."""

    articles: list[Article]
    removed: list[RemovedSpan]
    quarantine_reason: str | None = None


_LINE = re.compile(r"[^\n]+")
_TERMINAL = re.compile(r"[.!?:;…\"”’)]\s*$")


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end) with surrounding white space trimmed."""
    spans = []
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans


def clean_text(
    source_text: str,
    *,
    main_spans: list[tuple[int, int]] | None = None,
    language_hint: str | None = None,
) -> CleanResult:
    """Clean one document: articles with kept paragraphs, and every removed span with its reason.

    `main_spans`, when given (HTML main content), marks the only parts of source_text that may be
    kept; the rest is removed as `outside_main_content`.
    """
    lines = _line_spans(source_text)
    removed: list[RemovedSpan] = []
    if main_spans is not None:
        inside = []
        for s, e in lines:
            if any(ms <= s and e <= me for ms, me in main_spans):
                inside.append((s, e))
            else:
                removed.append(RemovedSpan(s, e, "outside_main_content", source_text[s:e]))
        lines = inside
    if not lines:
        return CleanResult([], removed, "no article text")
    title_s, title_e = lines[0]
    title = source_text[title_s:title_e]
    meta = [MetadataSpan("title", title_s, title_e)]
    paragraphs = []
    for s, e in lines[1:]:
        text = source_text[s:e]
        if text == title:
            removed.append(RemovedSpan(s, e, "duplicate_title", text))
            continue
        kind = "paragraph" if _TERMINAL.search(text) or len(text) > 120 else "heading"
        paragraphs.append(Paragraph(kind, text, s, e, [Piece(0, s, e - s)]))
    if not paragraphs:
        return CleanResult([], removed, "no article text")
    article = Article(
        ordinal=0, language=language_hint or "en", paragraphs=paragraphs,
        char_start=title_s, char_end=lines[-1][1], title=title, metadata_spans=meta,
    )
    return CleanResult([article], removed)
