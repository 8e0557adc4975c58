"""The document model: one input file as read (Document) and what an HTML page's markup says about its text (Page).

Built once by pipelines.core.ingest and read by pipelines.core.clean. A Page travels between the two as
documents.page_meta, its one stored form (Page.to_json / Page.from_json): the warehouse keeps it, the cleaner
gets it back as the same typed object.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pipelines.core.limits import MAX_HTML_DEPTH

Span = tuple[int, int]


@dataclass
class Page:
    """An HTML page's findings: which lines of its text are kept (with their kind) or removed (with a reason),
    its articles and their titles, and the metadata its markup declares. Offsets are into source_text."""

    source_text: str = ""                               # the document's source_text (not stored in page_meta)
    main_spans: list[Span] = field(default_factory=list)  # runs of kept lines
    title: str | None = None
    byline: str | None = None
    published_date: str | None = None                   # ISO 8601 date
    language: str | None = None                         # ISO 639-1
    canonical_url: str | None = None
    article_spans: list[Span] = field(default_factory=list)          # one extent per article found
    article_titles: list[str | None] = field(default_factory=list)   # each article's title
    article_languages: list[str | None] = field(default_factory=list)  # each article's language
    title_spans: list[Span | None] = field(default_factory=list)     # where each title stands, if shown
    removed_hints: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, reason) of removed lines
    paragraphs: list[tuple[int, int, str]] = field(default_factory=list)     # (start, end, kind) of kept lines
    quarantine_reason: str | None = None
    flattened: bool = False                             # nested deeper than the parser allows: flattened first

    def to_json(self) -> str:
        """The stored form (documents.page_meta): every finding but the text, as JSON."""
        return json.dumps({
            "main_spans": [list(s) for s in self.main_spans], "title": self.title, "byline": self.byline,
            "published_date": self.published_date, "language": self.language,
            "canonical_url": self.canonical_url, "article_spans": [list(s) for s in self.article_spans],
            "article_titles": list(self.article_titles),
            "article_languages": list(self.article_languages),
            "title_spans": [list(s) if s else None for s in self.title_spans],
            "removed_hints": [list(h) for h in self.removed_hints],
            "paragraphs": [list(p) for p in self.paragraphs],
            "quarantine_reason": self.quarantine_reason,
            **({"flattened_below_depth": MAX_HTML_DEPTH} if self.flattened else {}),
        })

    @classmethod
    def from_json(cls, stored: str, source_text: str = "") -> Page:
        """The page back from its stored form, over the document's source_text."""
        d = json.loads(stored)
        return cls(
            source_text=source_text, main_spans=[(int(s), int(e)) for s, e in d.get("main_spans") or []],
            title=d.get("title"), byline=d.get("byline"), published_date=d.get("published_date"),
            language=d.get("language"), canonical_url=d.get("canonical_url"),
            article_spans=[(int(s), int(e)) for s, e in d.get("article_spans") or []],
            article_titles=list(d.get("article_titles") or []),
            article_languages=list(d.get("article_languages") or []),
            title_spans=[(int(t[0]), int(t[1])) if t else None for t in d.get("title_spans") or []],
            removed_hints=[(int(s), int(e), str(r)) for s, e, r in d.get("removed_hints") or []],
            paragraphs=[(int(s), int(e), str(k)) for s, e, k in d.get("paragraphs") or []],
            quarantine_reason=d.get("quarantine_reason"), flattened="flattened_below_depth" in d,
        )


@dataclass(frozen=True)
class Document:
    """One input file version as read from disk (HTML: with its Page)."""

    doc_id: str
    source_file: str
    raw_bytes: bytes | None  # None only for a file too large to keep (see size), or once the bytes are stored
    media_type: str
    source_text: str | None = None
    encoding: str | None = None
    quarantine_reason: str | None = None
    page: Page | None = None  # HTML: what the markup says about source_text
    encoding_confidence: float | None = None  # 1.0 when certain (BOM, ASCII, valid UTF-8), else the detector's
    size: int | None = None  # the file's size when its bytes are not kept

    @property
    def byte_size(self) -> int:
        return self.size if self.raw_bytes is None else len(self.raw_bytes)

    @property
    def status(self) -> str:
        return "quarantined" if self.quarantine_reason else "ok"

    @property
    def page_meta(self) -> str | None:
        """The page's stored form (documents.page_meta), None for a text document."""
        return self.page.to_json() if self.page is not None else None

    @classmethod
    def stored(cls, doc_id: str, source_file: str, source_text: str, page_meta: str | None) -> Document:
        """A document as the warehouse stores it for cleaning (its text and page_meta), without its bytes."""
        page = Page.from_json(page_meta, source_text) if page_meta else None
        return cls(doc_id, source_file, None, "text/html" if page is not None else "text/plain", source_text,
                   page=page)
