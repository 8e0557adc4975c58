"""The pipeline's stages as plain functions: core results turned into Arrow tables for the warehouse.

Also what makes runs incremental (which files are new, changed, unchanged or gone, by content hash) and the
worker processes that spread per-document work over the CPU cores (the standard library's process pool; chunks
of documents go out, Arrow tables come back, in input order, so the output does not depend on the worker count).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TypeVar

import pyarrow as pa

from pipelines import settings
from pipelines.core.claims import extract_claims
from pipelines.core.cleaning import CleanResult, Paragraph, Piece, clean_text
from pipelines.core.html_clean import clean_html
from pipelines.core.ingest import Document, doc_id_for, is_input_file, read_document

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parent
PROJECT = PACKAGE.parent
R = TypeVar("R")

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
    """The input files below a folder, in a stable order (hidden files and folders and other types skipped)."""
    found = []
    # os.walk rather than Path.rglob: one scandir per folder instead of a Path object and a stat per entry,
    # which is most of a rerun's time on 10,000 unchanged files
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(folder, root)
        parts = () if rel == "." else tuple(Path(rel).parts)
        found.extend((*parts, name) for name in files if is_input_file(name))
    for parts in sorted(found):
        path = root.joinpath(*parts)
        if path.is_file():  # not a broken link or a special file
            yield path


def read_inputs(root: Path) -> list[Document]:
    """Every input file below `root` read into a Document (quarantined ones included)."""
    return read_documents([(p.read_bytes(), p.relative_to(root).as_posix()) for p in input_files(root)])


def listing_digest(root: Path) -> tuple[str, int]:
    """A digest of the input folder's listing (names, sizes, modification times) and its file count.

    Cheap enough to compute every few seconds on 10,000 files; the run itself then decides by content hash.
    """
    digest, count = hashlib.sha256(), 0
    for path in input_files(root):
        stat = path.stat()
        digest.update(f"{path.relative_to(root).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        count += 1
    return digest.hexdigest()[:32], count


def _code_hash(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(PROJECT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def engine_version() -> str:
    """Hash of the code that turns bytes into rows (the core and this module): a change means a full rebuild."""
    return _code_hash([*PACKAGE.joinpath("core").rglob("*.py"), PACKAGE / "stages.py"])


@cache
def suites_version() -> str:
    """Hash of what the gate checks (suites, audit queries, marker lists): a change means checking everything again."""
    return _code_hash([*PROJECT.joinpath("expectations").glob("*.json"), PROJECT / "warehouse" / "audit.sql",
                       *PACKAGE.joinpath("quality").glob("*.py")])


@dataclass(frozen=True)
class InputFile:
    """One file of the input folder: its path, content hash, and its bytes when they must be read afresh."""

    source_file: str
    doc_id: str
    raw: bytes | None = None


@dataclass
class ChangePlan:
    """What a run has to do, file by file, compared with the published documents."""

    added: list[InputFile] = field(default_factory=list)
    changed: list[InputFile] = field(default_factory=list)
    unchanged: list[InputFile] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)   # (source_file, doc_id) no longer in the input
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (source_file, old doc_id) of changed files
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source_file, file with the same bytes)
    full: bool = False  # every file is read afresh
    reread: list[InputFile] = field(default_factory=list)  # unchanged, but read again (quarantined by the gate)

    @property
    def fresh(self) -> list[InputFile]:
        """The files this run reads, cleans and extracts claims from."""
        return self.added + self.changed + self.reread + (self.unchanged if self.full else [])

    @property
    def gone(self) -> list[str]:
        """doc_ids of published versions that leave: deleted files, the old bytes of changed ones, and the
        published rows of files read again."""
        return sorted({d for _, d in self.removed + self.replaced} | {f.doc_id for f in self.reread})

    @property
    def nothing_to_do(self) -> bool:
        return not (self.fresh or self.removed)

    def changes(self) -> pa.Table:
        """The fresh documents as staging_changes rows."""
        kinds = [("added", self.added), ("changed", self.changed), ("reread", self.reread)] + (
            [("reprocessed", self.unchanged)] if self.full else [])
        rows = [{"doc_id": f.doc_id, "source_file": f.source_file, "change": k} for k, fs in kinds for f in fs]
        return pa.Table.from_pylist(rows, schema=pa.schema(
            [("doc_id", pa.string()), ("source_file", pa.string()), ("change", pa.string())]))

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed), "unchanged": len(self.unchanged),
                "removed": len(self.removed), "read": len(self.fresh), "duplicates": len(self.duplicates),
                "reread": len(self.reread)}


def plan_changes(root: Path, published: dict[str, str], full: bool = False,
                 reread: frozenset[str] = frozenset()) -> ChangePlan:
    """Hash every input file and sort it into added, changed or unchanged; published files not found are removed.

    A file whose bytes another file already has is one document, not two (doc_id is the hash of the bytes):
    the copy is listed in `duplicates`, and the path already published for those bytes, else the first in
    order, stands for them. Bytes are kept only for files read afresh, so memory follows the size of the change.
    reread: doc_ids to read again although their bytes did not change (documents the quality gate quarantined,
    when the suites that judged them changed).
    """
    plan, seen = ChangePlan(full=full), set()
    hashed = []
    for path in input_files(root):
        raw = path.read_bytes()
        hashed.append((path.relative_to(root).as_posix(), doc_id_for(raw), raw))
    published_paths = {d: f for f, d in published.items()}
    holder: dict[str, str] = {}
    for rel, doc_id, _ in hashed:
        if doc_id not in holder or published_paths.get(doc_id) == rel:
            holder[doc_id] = rel
    for rel, doc_id, raw in hashed:
        before = published.get(rel)
        if holder[doc_id] != rel:
            plan.duplicates.append((rel, holder[doc_id]))
            continue
        seen.add(rel)
        if before == doc_id and doc_id in reread and not full:
            plan.reread.append(InputFile(rel, doc_id, raw))
        elif before == doc_id:
            plan.unchanged.append(InputFile(rel, doc_id, raw if full else None))
        elif before is None:
            plan.added.append(InputFile(rel, doc_id, raw))
        else:
            plan.changed.append(InputFile(rel, doc_id, raw))
            plan.replaced.append((rel, before))
    plan.removed = sorted((f, d) for f, d in published.items() if f not in seen)
    return plan


# --- worker processes -------------------------------------------------------------------------------------------

_POOL: ProcessPoolExecutor | None = None


def _pool(workers: int) -> ProcessPoolExecutor:
    """One pool per process, started on first use; forkserver so no Dagster or DuckDB thread is forked."""
    global _POOL
    if _POOL is None or _POOL._max_workers != workers:
        if _POOL is not None:
            _POOL.shutdown()
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pipelines.stages"])
        _POOL = ProcessPoolExecutor(workers, mp_context=ctx)
        atexit.register(_POOL.shutdown)
    return _POOL


Rows = Sequence[tuple] | pa.Table


def as_tuples(rows: Rows) -> list[tuple]:
    """Rows as Python tuples, whether they come as tuples or as an Arrow table (one tuple per row)."""
    if isinstance(rows, pa.Table):
        return list(zip(*(column.to_pylist() for column in rows.columns), strict=True))
    return list(rows)


def _slice(items: Rows, start: int, size: int) -> Rows:
    if isinstance(items, pa.Table):
        # take, not slice: a pickled slice carries its parent's whole buffers to the worker
        return items.take(pa.array(range(start, min(start + size, items.num_rows)), pa.int64()))
    return list(items[start:start + size])


def release_workers() -> None:
    """Stop the worker processes (they start again on next use): their memory is not needed by later steps."""
    global _POOL
    if _POOL is not None:
        _POOL.shutdown()
        _POOL = None


def chunked_map(fn: Callable[[Rows], R], items: Rows, workers: int | None = None,
                per_document: int = 1) -> list[R]:
    """fn over chunks of items, in worker processes when there are enough items; results in input order.

    items may be an Arrow table: its slices travel to the workers as Arrow buffers, and only the workers turn
    them into Python objects. per_document: how many items make one document's worth of work.
    """
    workers = settings.workers() if workers is None else workers
    count = len(items)
    if workers <= 1 or count < settings.PARALLEL_MIN_DOCUMENTS * per_document:
        return [fn(items)] if count else []
    size = max(4, min(64 * per_document, count // (workers * 8) or 1))
    chunks = [_slice(items, i, size) for i in range(0, count, size)]
    return list(_pool(workers).map(fn, chunks))


def _read_chunk(files: list[tuple[bytes, str]]) -> list[Document]:
    return [read_document(raw, name) for raw, name in files]


def read_documents(files: Sequence[tuple[bytes, str]]) -> list[Document]:
    """(bytes, source_file) pairs read into Documents (decoded, HTML text extracted), in order."""
    return [d for chunk in chunked_map(_read_chunk, files) for d in chunk]


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
        return pa.Table.from_pylist(list(rows.values()), schema=pa.schema([
            ("doc_id", pa.string()), ("removed_fraction", pa.float64()), ("quarantine_reason", pa.string())]))

    def packed(self) -> Cleaned:
        """The same output with its rows turned into Arrow tables (cheap to send between processes)."""
        return Cleaned(quarantined=self.quarantined, removed_fraction=self.removed_fraction, parts=[self.tables()])


def _pieces(p: Paragraph) -> list[dict]:
    return [{"text_start": x.text_start, "src_start": x.src_start, "length": x.length} for x in p.pieces]


def _clean_chunk(docs: Rows) -> Cleaned:
    out = Cleaned()
    for doc_id, source_file, text, meta_json in as_tuples(docs):
        meta = json.loads(meta_json) if meta_json else {}
        spans = [tuple(s) for s in meta["main_spans"]] if "main_spans" in meta else None
        try:
            if "paragraphs" in meta:  # HTML: lines, kinds and reasons were already decided from the markup
                result = clean_html(text, meta)
            else:
                result = clean_text(text, main_spans=spans, language_hint=meta.get("language"))
        except Exception as exc:  # one bad document must not stop a run over thousands: quarantine it
            log.exception("cleaning failed on %s", source_file)
            out.quarantined.append((f"cleaning failed: {type(exc).__name__}: {exc}"[:300], doc_id))
            continue
        add_cleaned(out, doc_id, source_file, text, result, meta)
    return out.packed()


def clean_documents(docs: Rows) -> Cleaned:
    """Clean (doc_id, source_file, source_text, page_meta JSON) documents into article/paragraph/span rows."""
    out = Cleaned()
    for part in chunked_map(_clean_chunk, docs):
        out.parts.extend(part.parts)
        out.quarantined.extend(part.quarantined)
        out.removed_fraction.extend(part.removed_fraction)
    return out


def add_cleaned(out: Cleaned, doc_id: str, source_file: str, text: str, result: CleanResult,
                meta: dict) -> None:
    """Append one document's cleaning result to the stage output."""
    for r in result.removed:
        out.rows["removed_spans"].append({"doc_id": doc_id, "char_start": r.char_start, "char_end": r.char_end,
                                          "reason": r.reason, "text": r.text})
    out.removed_fraction.append((result.removed_fraction, doc_id))
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


def claim_rows(paragraphs: Rows) -> pa.Table:
    """Claims of (paragraph_id, article_id, doc_id, source_file, text, pieces) paragraphs, spans in source_text."""
    parts = chunked_map(_claims_chunk, paragraphs, per_document=12)
    return pa.concat_tables(parts) if parts else to_table("numeric_claims", [])


def _claims_chunk(paragraphs: Rows) -> pa.Table:
    rows = []
    for paragraph_id, article_id, doc_id, source_file, text, pieces in as_tuples(paragraphs):
        para = Paragraph("paragraph", text, 0, 0, [Piece(**p) for p in pieces])
        try:
            claims = extract_claims(text)
        except Exception:  # a paragraph the claim finder cannot read loses its claims, not the whole run
            log.exception("claim extraction failed in %s (%s)", source_file, paragraph_id)
            continue
        for c in claims:
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
