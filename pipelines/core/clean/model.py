"""The cleaning contract: dataclasses shared with the pipeline shell, and the fixed vocabularies."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

PARAGRAPH_KINDS = ("heading", "paragraph", "quote", "list_item")
ROLES = ("primary", "translation")
# The single source of truth for removed_spans.reason (the warehouse gate reads it).
REMOVAL_REASONS = (
    "cookie_banner", "navigation", "related_link", "share_buttons", "comment_section", "caption",
    "advertisement", "newsletter", "footer", "masthead", "table_of_contents", "page_header_footer",
    "separator", "duplicate_title", "duplicate_paragraph", "duplicate_body", "end_marker",
    "outside_main_content", "tags", "hyphenation", "markup",
    # the line model's: no family names the line, its shape and neighbours read as page furniture
    "low_content",
)
METADATA_FIELDS = ("title", "subtitle", "byline", "published_date", "note", "author_bio")


@dataclass(frozen=True)
class Piece:
    """A verbatim slice of source_text that a paragraph's text is built from."""

    text_start: int   # offset in Paragraph.text
    src_start: int    # offset in source_text
    length: int


def _text_start(p: Piece) -> int:
    return p.text_start


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
        i = bisect_right(self.pieces, start, key=_text_start) - 1   # pieces are in text order
        if i < 0:
            return None
        p = self.pieces[i]
        if end <= p.text_start + p.length:
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
        """The kept paragraphs, one per line."""
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
    # share of the non-blank characters that cleaning removed (of an HTML page: of its main content);
    # above SUSPECT_REMOVED_FRACTION the document is kept but flagged (`suspect`) so the shell can warn
    removed_fraction: float = 0.0
    suspect: bool = False


SUSPECT_REMOVED_FRACTION = 0.5
