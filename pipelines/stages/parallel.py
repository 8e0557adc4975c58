"""Per-document work mapped over pipelines.engine (in-process, a local Dask cluster or a scheduler): chunks of
documents go out, Arrow tables come back, in input order, so the output does not depend on the engine or the
worker count."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import fields
from functools import partial
from pathlib import Path

import pyarrow as pa

from pipelines import engine, preload, settings
from pipelines.core.claims import extract_claims
from pipelines.core.clean import Paragraph, Piece, clean, cleaned_rows
from pipelines.core.ingest import Document, Limits, Page, media_type_for, oversize_document, read_document
from pipelines.inputs import Skipped, read_input
from pipelines.stages.changes import InputFile, plan_changes
from pipelines.stages.rows import Cleaned, claim_row, to_table, with_decimal_marks

log = logging.getLogger(__name__)
Rows = engine.Rows
chunked_map = engine.chunked_map
release_workers = engine.release  # after the claims step: the gate and the publish get the workers' memory
_FILES_SCHEMA = pa.schema([("raw", pa.binary()), ("source_file", pa.string())])
_TEXT_FIELDS = {"doc_id", "source_file", "media_type", "source_text", "encoding", "quarantine_reason"}


def as_tuples(rows: Rows) -> list[tuple]:
    """Rows as Python tuples, whether they come as tuples or as an Arrow table (one tuple per row)."""
    if isinstance(rows, pa.Table):
        return list(zip(*(column.to_pylist() for column in rows.columns), strict=True))
    return list(rows)


def _files_table(files: Rows) -> pa.Table:
    """(bytes, source_file) pairs as an Arrow table: the bytes travel to a worker as one buffer, not pickled."""
    if isinstance(files, pa.Table):
        return files
    return pa.table([pa.array([raw for raw, _ in files], pa.binary()), pa.array([n for _, n in files], pa.string())],
                    schema=_FILES_SCHEMA)


def _read_chunk(files: Rows, limits: Limits | None = None) -> pa.Table:
    """Documents read from (bytes, source_file) rows, as an Arrow table without the bytes (the caller has them).

    Every field of Document but raw_bytes is a column: text fields as strings, the page in its stored form
    (page_meta), any other as JSON.
    """
    preload.finish(READERS)   # in the run's process, never beside the preload of what reading imports
    limits = limits or Limits()
    docs = [read_document(raw, name, max_bytes=limits.max_bytes, max_chars=limits.max_chars)
            for raw, name in as_tuples(files)]
    columns = {}
    for f in fields(Document):
        if f.name == "raw_bytes":
            continue
        values = [getattr(d, f.name) for d in docs]
        if f.name == "page":
            columns["page"] = pa.array([d.page_meta for d in docs], pa.string())
        elif f.name in _TEXT_FIELDS:
            columns[f.name] = pa.array(values, pa.string())
        else:
            columns[f"{f.name}.json"] = pa.array([None if v is None else json.dumps(v) for v in values], pa.string())
    return pa.table(columns) if docs else pa.table({})


def _documents(table: pa.Table, raws: Sequence[bytes]) -> list[Document]:
    values = {name.removesuffix(".json"): (column.to_pylist(), name.endswith(".json"))
              for name, column in zip(table.column_names, table.columns, strict=True)}
    docs = []
    for i, raw in enumerate(raws):
        kwargs = {name: (json.loads(v[i]) if v[i] is not None else None) if is_json else v[i]
                  for name, (v, is_json) in values.items()}
        if kwargs.get("page") is not None:
            kwargs["page"] = Page.from_json(kwargs["page"], kwargs.get("source_text") or "")
        docs.append(Document(raw_bytes=raw, **kwargs))
    return docs


def read_documents(files: Sequence[tuple[bytes, str]]) -> list[Document]:
    """(bytes, source_file) pairs read into Documents (decoded, HTML text extracted), in order.

    Each file costs time and memory linear in its size, bounded by the CLAIMTRAIL_MAX_* settings.
    """
    limits = Limits(settings.max_file_bytes(), settings.max_document_chars())
    parts = chunked_map(partial(_read_chunk, limits=limits), files, pack=_files_table,
                        stage="files read", unit="files")
    docs, offset = [], 0
    for part in parts:
        docs.extend(_documents(part, [raw for raw, _ in files[offset:offset + part.num_rows]]))
        offset += part.num_rows
    return docs


def read_fresh(files: Sequence[InputFile], root: Path | None = None) -> list[Document]:
    """The files a run reads afresh as Documents, in order: a file over the size cap is quarantined unread.

    A deferred file (its bytes not kept by the plan) is read again from `root` here; one whose bytes no longer
    have the hash planned (it changed during the run) is quarantined unread, and the next run reads it again.
    Memory: the bytes and documents of `files` (the caller passes a bounded batch: pipelines.stages.batches).
    """
    cap = settings.max_file_bytes()
    raws = [f.raw if not f.deferred else _read_again(root, f, cap) for f in files]
    docs = iter(read_documents([(raw, f.source_file) for f, raw in zip(files, raws, strict=True)
                                if raw is not None]))
    return [next(docs) if raw is not None else changed_document(f) if f.deferred
            else oversize_document(f.doc_id, f.source_file, f.size or 0, cap)
            for f, raw in zip(files, raws, strict=True)]


def _read_again(root: Path | None, file: InputFile, cap: int) -> bytes | None:
    """A deferred file's bytes, None when it cannot be read or its hash is no longer the one planned."""
    if root is None:
        raise ValueError(f"{file.source_file}: deferred by the plan, but no input folder to read it from")
    found = read_input(root, file.source_file, cap)
    if isinstance(found, Skipped) or found.doc_id != file.doc_id or found.raw is None:
        return None
    return found.raw


def changed_document(file: InputFile) -> Document:
    """A file that changed (or went) between the plan's hashing and its reading: quarantined, its bytes unread."""
    return Document(file.doc_id, file.source_file, None, media_type_for(file.source_file) or "application/octet-stream",
                    quarantine_reason="file changed while the run read it (its bytes no longer have the hash "
                                      "planned): the next run reads it again", size=file.size or 0)


def read_inputs(root: Path) -> list[Document]:
    """Every input file below `root` read into a Document (quarantined ones included)."""
    plan = plan_changes(root, {})
    return read_fresh(plan.fresh, root)


def _clean_chunk(docs: Rows) -> Cleaned:
    preload.finish(READERS)   # as _read_chunk: the first document cleaned imports the language identifier
    out = Cleaned()
    for doc_id, source_file, text, page_meta in as_tuples(docs):
        try:
            result = clean(Document.stored(doc_id, source_file, text, page_meta))
        except Exception as exc:  # one bad document must not stop a run over thousands: quarantine it
            log.exception("cleaning failed on %s", source_file)
            out.quarantined.append((f"cleaning failed: {type(exc).__name__}: {exc}"[:300], doc_id))
            continue
        for table, rows in cleaned_rows(doc_id, source_file, text, result).items():
            out.rows[table].extend(rows)
        out.removed_fraction.append((result.removed_fraction, doc_id))
        if result.quarantine_reason:
            out.quarantined.append((result.quarantine_reason, doc_id))
    return out.packed()


def clean_documents(docs: Rows) -> Cleaned:
    """Clean (doc_id, source_file, source_text, page_meta JSON) documents into article/paragraph/span rows.

    Linear in the documents' text: measured flat in seconds per MB from 1 to 30 MB pages, 5 MB lines and
    160,000 repeated lines (the repetition index caps its posting lists, pipelines.core.clean.duplicates).
    Memory: the documents given and their rows (the cleaning step passes one bounded batch at a time).
    """
    out = Cleaned()
    for part in chunked_map(_clean_chunk, docs, stage="documents cleaned"):
        out.parts.extend(part.parts)
        out.quarantined.extend(part.quarantined)
        out.removed_fraction.extend(part.removed_fraction)
    return out


def claim_rows(paragraphs: Rows) -> pa.Table:
    """Claims of (paragraph_id, article_id, doc_id, source_file, text, pieces) paragraphs, spans in source_text.

    Linear in the paragraphs' text: a claim's sentence is bounded (pipelines.core.claims). Memory: the paragraphs
    given and their claims (the claims step passes one bounded batch of whole documents at a time).
    """
    paragraphs = with_decimal_marks(paragraphs)
    parts = chunked_map(_claims_chunk, paragraphs, per_document=12, stage="claims", unit="paragraphs")
    return pa.concat_tables(parts) if parts else to_table("numeric_claims", [])


def _claims_chunk(paragraphs: Rows) -> pa.Table:
    rows = []
    for paragraph_id, article_id, doc_id, source_file, text, pieces, mark in as_tuples(paragraphs):
        para = Paragraph("paragraph", text, 0, 0, [Piece(**p) for p in pieces])
        try:
            claims = extract_claims(text, mark)
        except Exception:  # a paragraph the claim finder cannot read loses its claims, not the whole run
            log.exception("claim extraction failed in %s (%s)", source_file, paragraph_id)
            continue
        for c in claims:
            span = para.source_span(c.char_start, c.char_end)
            if span is None:
                continue  # straddles a page-break join: no single source span to point at
            rows.append(claim_row(c, span, paragraph_id, article_id, doc_id, source_file))
    return to_table("numeric_claims", rows)


READERS = "readers"   # the preload name of warm_in_process


def warm_in_process() -> None:
    """What the first document read and cleaned in this process loads: the HTML extractor (trafilatura's import
    takes about 0.2 s), the line models and the language identifier. A small run reads in this process."""
    import trafilatura  # noqa: F401

    from pipelines.core.clean.language import _identifier
    from pipelines.core.model import loader

    for form in ("html", "txt", "md"):
        loader.load(form)
    _identifier()
