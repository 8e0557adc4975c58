"""A document's CleanResult as the rows of the cleaned tables (plain dicts, the warehouse's column names).

Pure: the shell turns the rows into Arrow tables with the warehouse schemas and stages them.
"""

from __future__ import annotations

from pipelines.core.clean.model import CleanResult, Paragraph

CLEANED_TABLES = ("articles", "paragraphs", "removed_spans", "metadata_spans")


def _pieces(p: Paragraph) -> list[dict]:
    return [{"text_start": x.text_start, "src_start": x.src_start, "length": x.length} for x in p.pieces]


def cleaned_rows(doc_id: str, source_file: str, source_text: str, result: CleanResult) -> dict[str, list[dict]]:
    """Rows per cleaned table for one document: its removed spans always; its articles, paragraphs and metadata
    spans unless the result is quarantined."""
    rows: dict[str, list[dict]] = {t: [] for t in CLEANED_TABLES}
    rows["removed_spans"] = [{"doc_id": doc_id, "char_start": r.char_start, "char_end": r.char_end,
                              "reason": r.reason, "text": r.text} for r in result.removed]
    if result.quarantine_reason or not result.articles:
        return rows
    for a in result.articles:
        article_id = f"{doc_id}:{a.ordinal}"
        rows["articles"].append({
            "article_id": article_id, "doc_id": doc_id, "source_file": source_file, "ordinal": a.ordinal,
            "title": a.title, "subtitle": a.subtitle, "byline": a.byline, "published_date": a.published_date,
            "language": a.language, "role": a.role,
            "translation_of": f"{doc_id}:{a.translation_of}" if a.translation_of is not None else None,
            "body": a.body, "char_start": a.char_start, "char_end": a.char_end,
        })
        for i, p in enumerate(a.paragraphs):
            rows["paragraphs"].append({
                "paragraph_id": f"{article_id}:{i}", "article_id": article_id, "doc_id": doc_id, "ordinal": i,
                "kind": p.kind, "text": p.text, "char_start": p.char_start, "char_end": p.char_end,
                "pieces": _pieces(p),
            })
        for m in a.metadata_spans:
            rows["metadata_spans"].append({
                "doc_id": doc_id, "article_id": article_id, "field": m.field, "char_start": m.char_start,
                "char_end": m.char_end, "text": source_text[m.char_start:m.char_end],
            })
    return rows
