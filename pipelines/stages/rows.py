"""Core results as warehouse rows: Arrow tables with the schemas of the table registry (pipelines/tables.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa

from pipelines import tables
from pipelines.core.claims import Claim
from pipelines.core.ingest import Document
from pipelines.engine import Rows

# the Arrow schemas rows are built with, from the table registry (the same as warehouse/schema.sql: tested)
SCHEMAS = {name: tables.arrow_schema(name)
           for name in ("documents", *tables.CLEANED, "cleaning_verdicts", "numeric_claims")}
CLEANED_TABLES = tables.CLEANED


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows as an Arrow table with the warehouse schema of `name`."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


def document_rows(docs: Iterable[Document], ingested_at: datetime | None = None) -> pa.Table:
    """Documents as warehouse rows."""
    when = ingested_at or datetime.now(UTC)
    return to_table("documents", [{
        "doc_id": d.doc_id, "source_file": d.source_file, "source_text": d.source_text, "raw_bytes": d.raw_bytes,
        "encoding": d.encoding, "media_type": d.media_type, "byte_size": d.byte_size, "ingested_at": when,
        "status": d.status, "quarantine_reason": d.quarantine_reason, "removed_fraction": None,
        "page_meta": d.page_meta, "encoding_confidence": d.encoding_confidence,
    } for d in docs])


@dataclass
class Cleaned:
    """The cleaning stage's output: rows per table, plus per-document verdicts."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in CLEANED_TABLES})
    quarantined: list[tuple[str, str]] = field(default_factory=list)       # (reason, doc_id)
    removed_fraction: list[tuple[float, str]] = field(default_factory=list)  # (fraction, doc_id)
    parts: list[dict[str, pa.Table]] = field(default_factory=list)  # tables already built (from workers)

    def tables(self) -> dict[str, pa.Table]:
        """All rows as one Arrow table per cleaned table."""
        parts = [*self.parts, {t: to_table(t, self.rows[t]) for t in CLEANED_TABLES}]
        return {t: pa.concat_tables([p[t] for p in parts]) for t in CLEANED_TABLES}

    def verdicts(self) -> pa.Table:
        """One row per cleaned document: (doc_id, removed_fraction, quarantine_reason or null)."""
        rows: dict[str, dict] = {}
        for fraction, doc_id in self.removed_fraction:
            rows.setdefault(doc_id, {"doc_id": doc_id, "quarantine_reason": None})["removed_fraction"] = fraction
        for reason, doc_id in self.quarantined:
            rows.setdefault(doc_id, {"doc_id": doc_id, "removed_fraction": None})["quarantine_reason"] = reason
        return to_table("cleaning_verdicts", list(rows.values()))

    def packed(self) -> Cleaned:
        """The same output with its rows turned into Arrow tables (cheap to send between processes)."""
        return Cleaned(quarantined=self.quarantined, removed_fraction=self.removed_fraction, parts=[self.tables()])


def claim_row(claim: Claim, span: tuple[int, int], paragraph_id: str, article_id: str, doc_id: str,
              source_file: str) -> dict:
    """One numeric_claims row: a claim of the core at its span in source_text."""
    c = claim
    return {
        "claim_id": f"{doc_id}:{span[0]}-{span[1]}", "article_id": article_id,
        "paragraph_id": paragraph_id, "doc_id": doc_id, "source_file": source_file,
        "char_start": span[0], "char_end": span[1], "surface": c.surface, "value_low": c.value_low,
        "value_high": c.value_high, "qualifier": c.qualifier, "unit": c.unit, "sentence": c.sentence,
        "attribution": c.attribution, "kind": c.kind, "unit_normalized": c.unit_normalized,
        "alt_value_low": c.alt_value_low, "alt_value_high": c.alt_value_high, "subject": c.subject,
        "concept": c.concept,
    }


def with_decimal_marks(paragraphs: Rows) -> pa.Table:
    """The paragraphs with a decimal_mark column: the mark ('.' or ',') that the unambiguous figures of the same
    document in the same language family show, null when they do not settle it ('2,873 million' then stays
    ambiguous). Counted with Arrow's regex kernels, so the texts never become Python strings here."""
    import pyarrow.compute as pc

    from pipelines.core.claims.numbers import COMMA_EVIDENCE, EN_WORDS, EU_WORDS, POINT_EVIDENCE, decimal_mark

    if not isinstance(paragraphs, pa.Table):
        names = ["paragraph_id", "article_id", "doc_id", "source_file", "text", "pieces"]
        paragraphs = pa.Table.from_pylist([dict(zip(names, r, strict=True)) for r in paragraphs],
                                          schema=pa.schema([(n, pa.string()) for n in names[:5]]
                                                           + [("pieces", tables.PIECES)]))
    text = paragraphs.column(4)
    eu = pc.count_substring_regex(text, EU_WORDS, ignore_case=True)
    en = pc.count_substring_regex(text, EN_WORDS, ignore_case=True)
    family = pc.greater(eu, en).to_pylist()
    point = pc.count_substring_regex(text, POINT_EVIDENCE).to_pylist()
    comma = pc.count_substring_regex(text, COMMA_EVIDENCE).to_pylist()
    docs = paragraphs.column(2).to_pylist()
    totals: dict[tuple[str, bool], list[int]] = {}
    for doc, fam, p, c in zip(docs, family, point, comma, strict=True):
        t = totals.setdefault((doc, fam), [0, 0])
        t[0] += p or 0
        t[1] += c or 0
    marks = [decimal_mark(*totals[(doc, fam)]) for doc, fam in zip(docs, family, strict=True)]
    return paragraphs.append_column("decimal_mark", pa.array(marks, pa.string()))
