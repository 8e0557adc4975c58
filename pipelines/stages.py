"""The pipeline's stages as plain functions: core results turned into Arrow tables for the warehouse."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from pipelines.core.claims import extract_claims
from pipelines.core.cleaning import CleanResult, Paragraph, Piece, clean_text
from pipelines.core.ingest import Document, is_input_file, read_document

PIECE_TYPE = pa.list_(pa.struct([("text_start", pa.int32()), ("src_start", pa.int32()), ("length", pa.int32())]))
SCHEMAS = {
    "documents": pa.schema([
        ("doc_id", pa.string()), ("source_file", pa.string()), ("source_text", pa.string()),
        ("raw_bytes", pa.binary()), ("encoding", pa.string()), ("media_type", pa.string()),
        ("byte_size", pa.int64()), ("ingested_at", pa.timestamp("us", tz="UTC")), ("status", pa.string()),
        ("quarantine_reason", pa.string()), ("removed_fraction", pa.float64()), ("page_meta", pa.string()),
    ]),
    "articles": pa.schema([
        ("article_id", pa.string()), ("doc_id", pa.string()), ("source_file", pa.string()),
        ("ordinal", pa.int32()), ("title", pa.string()), ("subtitle", pa.string()), ("byline", pa.string()),
        ("published_date", pa.string()), ("language", pa.string()), ("role", pa.string()),
        ("translation_of", pa.string()), ("body", pa.string()), ("char_start", pa.int32()),
        ("char_end", pa.int32()),
    ]),
    "paragraphs": pa.schema([
        ("paragraph_id", pa.string()), ("article_id", pa.string()), ("doc_id", pa.string()),
        ("ordinal", pa.int32()), ("kind", pa.string()), ("text", pa.string()), ("char_start", pa.int32()),
        ("char_end", pa.int32()), ("pieces", PIECE_TYPE),
    ]),
    "removed_spans": pa.schema([
        ("doc_id", pa.string()), ("char_start", pa.int32()), ("char_end", pa.int32()), ("reason", pa.string()),
        ("text", pa.string()),
    ]),
    "metadata_spans": pa.schema([
        ("doc_id", pa.string()), ("article_id", pa.string()), ("field", pa.string()), ("char_start", pa.int32()),
        ("char_end", pa.int32()), ("text", pa.string()),
    ]),
    "numeric_claims": pa.schema([
        ("claim_id", pa.string()), ("article_id", pa.string()), ("paragraph_id", pa.string()),
        ("doc_id", pa.string()), ("source_file", pa.string()), ("char_start", pa.int32()),
        ("char_end", pa.int32()), ("surface", pa.string()), ("value_low", pa.float64()),
        ("value_high", pa.float64()), ("qualifier", pa.string()), ("unit", pa.string()),
        ("sentence", pa.string()), ("attribution", pa.string()),
    ]),
}
CLEANED_TABLES = ("articles", "paragraphs", "removed_spans", "metadata_spans")


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows as an Arrow table with the warehouse schema of `name`."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


def input_files(root: Path) -> Iterator[Path]:
    """The input files below a folder, in a stable order (hidden files and other types skipped)."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts) and is_input_file(path.name):
            yield path


def read_inputs(root: Path) -> list[Document]:
    """Every input file below `root` read into a Document (quarantined ones included)."""
    return [read_document(p.read_bytes(), p.relative_to(root).as_posix()) for p in input_files(root)]


def document_rows(docs: Iterable[Document], ingested_at: datetime | None = None) -> pa.Table:
    """Documents as warehouse rows."""
    when = ingested_at or datetime.now(UTC)
    return to_table("documents", [{
        "doc_id": d.doc_id, "source_file": d.source_file, "source_text": d.source_text, "raw_bytes": d.raw_bytes,
        "encoding": d.encoding, "media_type": d.media_type, "byte_size": d.byte_size, "ingested_at": when,
        "status": d.status, "quarantine_reason": d.quarantine_reason, "removed_fraction": None,
        "page_meta": json.dumps(d.page_meta) if d.page_meta else None,
    } for d in docs])


@dataclass
class Cleaned:
    """The cleaning stage's output: rows per table, plus per-document verdicts."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in CLEANED_TABLES})
    quarantined: list[tuple[str, str]] = field(default_factory=list)       # (reason, doc_id)
    removed_fraction: list[tuple[float, str]] = field(default_factory=list)  # (fraction, doc_id)

    def tables(self) -> dict[str, pa.Table]:
        return {t: to_table(t, self.rows[t]) for t in CLEANED_TABLES}


def _pieces(p: Paragraph) -> list[dict]:
    return [{"text_start": x.text_start, "src_start": x.src_start, "length": x.length} for x in p.pieces]


def removed_fraction(source_text: str, result: CleanResult) -> float:
    """Share of the non-blank characters of source_text that cleaning removed."""
    total = sum(1 for ch in source_text if not ch.isspace())
    gone = sum(1 for r in result.removed for ch in r.text if not ch.isspace())
    return gone / total if total else 0.0


def clean_documents(docs: Iterable[tuple[str, str, str, str | None]]) -> Cleaned:
    """Clean (doc_id, source_file, source_text, page_meta JSON) documents into article/paragraph/span rows."""
    out = Cleaned()
    for doc_id, _source_file, text, meta_json in docs:
        meta = json.loads(meta_json) if meta_json else {}
        spans = [tuple(s) for s in meta["main_spans"]] if "main_spans" in meta else None
        result = clean_text(text, main_spans=spans, language_hint=meta.get("language"))
        add_cleaned(out, doc_id, _source_file, text, result, meta)
    return out


def add_cleaned(out: Cleaned, doc_id: str, source_file: str, text: str, result: CleanResult,
                meta: dict) -> None:
    """Append one document's cleaning result to the stage output."""
    for r in result.removed:
        out.rows["removed_spans"].append({"doc_id": doc_id, "char_start": r.char_start, "char_end": r.char_end,
                                          "reason": r.reason, "text": r.text})
    out.removed_fraction.append((removed_fraction(text, result), doc_id))
    if result.quarantine_reason or not result.articles:
        out.quarantined.append((result.quarantine_reason or "no article found", doc_id))
        return
    for a in result.articles:
        article_id = f"{doc_id}:{a.ordinal}"
        out.rows["articles"].append({
            "article_id": article_id, "doc_id": doc_id, "source_file": source_file, "ordinal": a.ordinal,
            "title": a.title or meta.get("title"), "subtitle": a.subtitle, "byline": a.byline or meta.get("byline"),
            "published_date": a.published_date or meta.get("published_date"), "language": a.language,
            "role": a.role,
            "translation_of": f"{doc_id}:{a.translation_of}" if a.translation_of is not None else None,
            "body": a.body, "char_start": a.char_start, "char_end": a.char_end,
        })
        for i, p in enumerate(a.paragraphs):
            out.rows["paragraphs"].append({
                "paragraph_id": f"{article_id}:{i}", "article_id": article_id, "doc_id": doc_id, "ordinal": i,
                "kind": p.kind, "text": p.text, "char_start": p.char_start, "char_end": p.char_end,
                "pieces": _pieces(p),
            })
        for m in a.metadata_spans:
            out.rows["metadata_spans"].append({
                "doc_id": doc_id, "article_id": article_id, "field": m.field, "char_start": m.char_start,
                "char_end": m.char_end, "text": text[m.char_start:m.char_end],
            })


def claim_rows(paragraphs: Iterable[tuple[str, str, str, str, str, list[dict]]]) -> pa.Table:
    """Claims of (paragraph_id, article_id, doc_id, source_file, text, pieces) paragraphs, spans in source_text."""
    rows = []
    for paragraph_id, article_id, doc_id, source_file, text, pieces in paragraphs:
        para = Paragraph("paragraph", text, 0, 0, [Piece(**p) for p in pieces])
        for c in extract_claims(text):
            span = para.source_span(c.char_start, c.char_end)
            if span is None:
                continue  # straddles a page-break join: no single source span to point at
            rows.append({
                "claim_id": f"{doc_id}:{span[0]}-{span[1]}", "article_id": article_id,
                "paragraph_id": paragraph_id, "doc_id": doc_id, "source_file": source_file,
                "char_start": span[0], "char_end": span[1], "surface": c.surface, "value_low": c.value_low,
                "value_high": c.value_high, "qualifier": c.qualifier, "unit": c.unit, "sentence": c.sentence,
                "attribution": c.attribution,
            })
    return to_table("numeric_claims", rows)
