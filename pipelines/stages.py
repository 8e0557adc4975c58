"""The pipeline's stages as plain functions: core results turned into Arrow tables for the warehouse.

Also what makes runs incremental (which files are new, changed, unchanged or gone, by content hash). Per-document
work runs on pipelines.engine (in-process, a local Dask cluster or an existing one): chunks of documents go out,
Arrow tables come back, in input order, so the output does not depend on the engine or the worker count.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import cache, partial
from pathlib import Path

import pyarrow as pa

from pipelines import engine, settings
from pipelines.core.claims import extract_claims
from pipelines.core.cleaning import CleanResult, Paragraph, Piece, clean_text
from pipelines.core.html_clean import clean_html
from pipelines.core.ingest import Document, Limits, oversize_document, read_document
from pipelines.core.ingest import doc_id_for as doc_id_for  # re-exported: tests and callers hash files here
from pipelines.inputs import Skipped, list_inputs, read_input

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parent
PROJECT = PACKAGE.parent

PIECE_TYPE = pa.list_(pa.struct([("text_start", pa.int32()), ("src_start", pa.int32()), ("length", pa.int32())]))
SCHEMAS = {
    "documents": pa.schema([
        ("doc_id", pa.string()), ("source_file", pa.string()), ("source_text", pa.string()),
        ("raw_bytes", pa.binary()), ("encoding", pa.string()), ("media_type", pa.string()),
        ("byte_size", pa.int64()), ("ingested_at", pa.timestamp("us", tz="UTC")), ("status", pa.string()),
        ("quarantine_reason", pa.string()), ("removed_fraction", pa.float64()), ("page_meta", pa.string()),
        ("encoding_confidence", pa.float64()),
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
        ("kind", pa.string()), ("unit_normalized", pa.string()), ("alt_value_low", pa.float64()),
        ("alt_value_high", pa.float64()), ("subject", pa.string()), ("concept", pa.string()),
    ]),
}
CLEANED_TABLES = ("articles", "paragraphs", "removed_spans", "metadata_spans")


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows as an Arrow table with the warehouse schema of `name`."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


def input_files(root: Path) -> Iterator[Path]:
    """The input files below a folder, in a stable order (what pipelines.inputs.list_inputs does not skip)."""
    for rel in list_inputs(root).files:
        yield root.joinpath(*rel.split("/"))


def read_inputs(root: Path) -> list[Document]:
    """Every input file below `root` read into a Document (quarantined ones included)."""
    plan = plan_changes(root, {})
    return read_fresh(plan.fresh)


def listing_digest(root: Path) -> tuple[str, int]:
    """A digest of the input folder's listing (names, sizes, modification times) and its file count.

    Cheap enough to compute every few seconds on 10,000 files; the run itself then decides by content hash.
    """
    digest, count = hashlib.sha256(), 0
    for path in input_files(root):
        try:
            stat = path.stat()
        except OSError:
            continue  # gone since the listing (or a link that broke): the run will say so
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
    core = PACKAGE.joinpath("core")
    return _code_hash([*core.rglob("*.py"), *core.rglob("*.json"), PACKAGE / "stages.py"])


@cache
def suites_version() -> str:
    """Hash of what the gate checks (suites, audit queries, marker lists): a change means checking everything again."""
    return _code_hash([*PROJECT.joinpath("expectations").glob("*.json"), PROJECT / "warehouse" / "audit.sql",
                       PROJECT / "warehouse" / "gate.sql", *PACKAGE.joinpath("quality").glob("*.py")])


@dataclass(frozen=True)
class InputFile:
    """One file of the input folder: its path, content hash, and its bytes when they must be read afresh."""

    source_file: str
    doc_id: str
    raw: bytes | None = None
    size: int | None = None  # set when the file is over the size cap: its bytes are never held


@dataclass
class ChangePlan:
    """What a run has to do, file by file, compared with the published documents."""

    added: list[InputFile] = field(default_factory=list)
    changed: list[InputFile] = field(default_factory=list)
    unchanged: list[InputFile] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)   # (source_file, doc_id) no longer in the input
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (source_file, old doc_id) of changed files
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source_file, file with the same bytes)
    skipped: list[Skipped] = field(default_factory=list)  # entries of the input folder not read, with the reason
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

    def drop_bytes(self) -> None:
        """Forget the files' bytes (once read and staged): the rest of the plan is ids and names."""
        for files in (self.added, self.changed, self.unchanged, self.reread):
            files[:] = [InputFile(f.source_file, f.doc_id, None, f.size) for f in files]

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
                "reread": len(self.reread), "skipped": len(self.skipped)}

    def skipped_counts(self) -> dict[str, int]:
        """Skipped entries per reason key (pipelines.inputs.SKIP_REASONS), most frequent first."""
        counts: dict[str, int] = {}
        for s in self.skipped:
            counts[s.reason] = counts.get(s.reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def removal_refusal(plan: ChangePlan, published: int, max_share: float, root: Path) -> str | None:
    """Why a run must not remove what its plan removes (None when it may): it would remove more than
    `max_share` of the `published` documents, or all of them because the input folder holds no input file."""
    removed = len(plan.removed)
    if not published or not removed:
        return None
    empty = not (plan.added or plan.changed or plan.unchanged or plan.reread or plan.duplicates)
    if not empty and removed / published <= max_share:
        return None
    names = ", ".join(f for f, _ in plan.removed[:5]) + (f" and {removed - 5} more" if removed > 5 else "")
    found = ("holds no input file" + (f" ({len(plan.skipped)} entries skipped)" if plan.skipped else "")
             if empty else f"still holds {len(plan.unchanged) + len(plan.changed) + len(plan.added) + len(plan.reread)}"
                           " input files")
    return (f"refusing to remove {removed} of the {published} published documents ({removed / published:.0%}; a run "
            f"may remove at most {max_share:.0%} unless told it may): {names}. The input folder {root} {found}; is "
            "it the right folder, and mounted? Nothing was changed. If the removal is meant, run again with "
            "--allow-removal (Dagster: ops.documents.config.allow_removal: true); CLAIMTRAIL_MAX_REMOVAL sets the "
            "share.")


def plan_changes(root: Path, published: dict[str, str], full: bool = False,
                 reread: frozenset[str] = frozenset()) -> ChangePlan:
    """Hash every input file and sort it into added, changed or unchanged; published files not found are removed.

    Entries of the folder that are not read (pipelines.inputs: hidden, other types, links out or looping, ...) are
    listed in `skipped` with their reason. Linear in the folder's bytes; memory: the bytes of the files read
    afresh, each at most CLAIMTRAIL_MAX_FILE_BYTES (a bigger file is hashed as a stream and not kept).

    A file whose bytes another file already has is one document, not two (doc_id is the hash of the bytes):
    the copy is listed in `duplicates`, and the path already published for those bytes, else the first in
    order, stands for them. Bytes are kept only for files read afresh, so memory follows the size of the change.
    reread: doc_ids to read again although their bytes did not change (documents the quality gate quarantined,
    when the suites that judged them changed).
    """
    plan, seen = ChangePlan(full=full), set()
    listing = list_inputs(root)
    plan.skipped = listing.skipped
    hashed = []
    cap = settings.max_file_bytes()
    for rel in listing.files:
        found = read_input(root, rel, cap)
        if isinstance(found, Skipped):  # changed since the listing (a link swapped in, a file made unreadable)
            plan.skipped.append(found)
            continue
        hashed.append((rel, found.doc_id, found.raw, None if found.raw is not None else found.size))
    published_paths = {d: f for f, d in published.items()}
    holder: dict[str, str] = {}
    for rel, doc_id, _, _ in hashed:
        if doc_id not in holder or published_paths.get(doc_id) == rel:
            holder[doc_id] = rel
    for rel, doc_id, raw, size in hashed:
        before = published.get(rel)
        if holder[doc_id] != rel:
            plan.duplicates.append((rel, holder[doc_id]))
            continue
        seen.add(rel)
        if before == doc_id and doc_id in reread and not full:
            plan.reread.append(InputFile(rel, doc_id, raw, size))
        elif before == doc_id:
            plan.unchanged.append(InputFile(rel, doc_id, raw if full else None, size))
        elif before is None:
            plan.added.append(InputFile(rel, doc_id, raw, size))
        else:
            plan.changed.append(InputFile(rel, doc_id, raw, size))
            plan.replaced.append((rel, before))
    plan.removed = sorted((f, d) for f, d in published.items() if f not in seen)
    return plan


# --- per-document work on the engine (pipelines/engine.py: in-process, a local Dask cluster or a scheduler) ---

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

    Every field of Document but raw_bytes is a column: text fields as strings, any other as JSON.
    """
    limits = limits or Limits()
    docs = [read_document(raw, name, max_bytes=limits.max_bytes, max_chars=limits.max_chars)
            for raw, name in as_tuples(files)]
    columns = {}
    for f in fields(Document):
        if f.name == "raw_bytes":
            continue
        values = [getattr(d, f.name) for d in docs]
        if f.name in _TEXT_FIELDS:
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
        docs.append(Document(raw_bytes=raw, **kwargs))
    return docs


def read_documents(files: Sequence[tuple[bytes, str]]) -> list[Document]:
    """(bytes, source_file) pairs read into Documents (decoded, HTML text extracted), in order.

    Each file costs time and memory linear in its size, bounded by the CLAIMTRAIL_MAX_* settings.
    """
    limits = Limits(settings.max_file_bytes(), settings.max_document_chars())
    parts = chunked_map(partial(_read_chunk, limits=limits), files, pack=_files_table)
    docs, offset = [], 0
    for part in parts:
        docs.extend(_documents(part, [raw for raw, _ in files[offset:offset + part.num_rows]]))
        offset += part.num_rows
    return docs


def read_fresh(files: Sequence[InputFile]) -> list[Document]:
    """The files a run reads afresh as Documents, in order: a file over the size cap is quarantined unread."""
    docs = iter(read_documents([(f.raw, f.source_file) for f in files if f.raw is not None]))
    cap = settings.max_file_bytes()
    return [next(docs) if f.raw is not None else oversize_document(f.doc_id, f.source_file, f.size or 0, cap)
            for f in files]


def document_rows(docs: Iterable[Document], ingested_at: datetime | None = None) -> pa.Table:
    """Documents as warehouse rows."""
    when = ingested_at or datetime.now(UTC)
    return to_table("documents", [{
        "doc_id": d.doc_id, "source_file": d.source_file, "source_text": d.source_text, "raw_bytes": d.raw_bytes,
        "encoding": d.encoding, "media_type": d.media_type, "byte_size": d.byte_size, "ingested_at": when,
        "status": d.status, "quarantine_reason": d.quarantine_reason, "removed_fraction": None,
        "page_meta": json.dumps(d.page_meta) if d.page_meta else None, "encoding_confidence": d.encoding_confidence,
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
    """Clean (doc_id, source_file, source_text, page_meta JSON) documents into article/paragraph/span rows.

    Linear in the documents' text: measured flat in seconds per MB from 1 to 30 MB pages, 5 MB lines and
    160,000 repeated lines (the repetition index caps its posting lists, pipelines.core.clean.duplicates).
    """
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
    """Claims of (paragraph_id, article_id, doc_id, source_file, text, pieces) paragraphs, spans in source_text.

    Linear in the paragraphs' text: a claim's sentence is bounded (pipelines.core.claims).
    """
    paragraphs = with_decimal_marks(paragraphs)
    parts = chunked_map(_claims_chunk, paragraphs, per_document=12)
    return pa.concat_tables(parts) if parts else to_table("numeric_claims", [])


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
                                                           + [("pieces", PIECE_TYPE)]))
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
            rows.append({
                "claim_id": f"{doc_id}:{span[0]}-{span[1]}", "article_id": article_id,
                "paragraph_id": paragraph_id, "doc_id": doc_id, "source_file": source_file,
                "char_start": span[0], "char_end": span[1], "surface": c.surface, "value_low": c.value_low,
                "value_high": c.value_high, "qualifier": c.qualifier, "unit": c.unit, "sentence": c.sentence,
                "attribution": c.attribution, "kind": c.kind, "unit_normalized": c.unit_normalized,
                "alt_value_low": c.alt_value_low, "alt_value_high": c.alt_value_high, "subject": c.subject,
                "concept": c.concept,
            })
    return to_table("numeric_claims", rows)
