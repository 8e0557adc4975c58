"""Read one document's rows from a published warehouse (warehouse/show.sql) and write its page."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines import warehouse
from pipelines.pages.document import Row, render_document

CLOSE_MATCHES = 5
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_MAX_NAME = 120


class UnknownDocument(LookupError):
    """No published document has that source file; `matches` are the closest names."""

    def __init__(self, source_file: str, matches: list[str]):
        self.source_file, self.matches = source_file, matches
        near = f"; close matches: {', '.join(matches)}" if matches else "; no close match"
        super().__init__(f"no document {source_file!r} in the warehouse{near}")


@dataclass
class DocumentRows:
    """A document and every row drawn on its page, as plain mappings."""

    document: Row
    articles: list[Row] = field(default_factory=list)
    paragraphs: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    metadata: list[Row] = field(default_factory=list)
    claims: list[Row] = field(default_factory=list)


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: list) -> list[dict]:
    cur = con.execute(warehouse.sql("show.sql", name), params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _relation(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Where a table's rows are as published: the table, or in a staging file its staged_* view (verdicts.sql)."""
    return con.execute(warehouse.sql("staging.sql", "rows_relation")).fetchall()[0][0] + table


def find_document(con: duckdb.DuckDBPyConnection, source_file: str) -> dict:
    """The published document of a source file (or of a path ending with one); UnknownDocument otherwise."""
    name = source_file.replace(os.sep, "/")
    documents = _relation(con, "documents")
    found = _rows(con, "document", [documents, name])
    if not found:
        named = [r["source_file"] for r in _rows(con, "documents_named_by_path", [name, name])]
        if len(named) == 1:
            found = _rows(con, "document", [documents, named[0]])
    if not found:
        base = name.rsplit("/", 1)[-1]
        matches = [r["source_file"] for r in _rows(con, "close_matches", [base, base, CLOSE_MATCHES])]
        raise UnknownDocument(source_file, matches)
    return found[0]


def read_document(con: duckdb.DuckDBPyConnection, source_file: str) -> DocumentRows:
    """Every row of one document's page."""
    doc = find_document(con, source_file)

    def rows(table: str) -> list[dict]:
        return _rows(con, table, [_relation(con, table), doc["doc_id"]])

    return DocumentRows(doc, rows("articles"), rows("paragraphs"), rows("removed_spans"), rows("metadata_spans"),
                        rows("numeric_claims"))


def removal_vocabulary() -> tuple[str, ...]:
    """The removal reasons the gate allows, in the suite's order (it fixes each reason's colour on the pages)."""
    from pipelines.quality.suites import load_suites

    for suite in load_suites():
        for rule in suite.rules if suite.table == "removed_spans" else ():
            kwargs = rule.config.get("kwargs", {})
            if rule.config.get("type") == "expect_column_values_to_be_in_set" and kwargs.get("column") == "reason":
                return tuple(kwargs.get("value_set", ()))
    return ()


def pages_folder(warehouse_file: str) -> Path:
    """Where a warehouse's document pages go: pages/ next to the warehouse file."""
    return Path(warehouse_file).resolve().parent / "pages"


def page_name(source_file: str) -> str:
    """A file name for a document's page: the source file's name made safe, unique per source file."""
    safe = _UNSAFE.sub("_", source_file).strip("._") or "document"
    if safe != source_file or len(safe) > _MAX_NAME:
        # two names made the same by the substitution (a/b.txt, a_b.txt) still get two pages
        safe = f"{safe[:_MAX_NAME]}-{hashlib.sha1(source_file.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return f"{safe}.html"


def write_page(warehouse_file: str, source_file: str, out: str | None = None, wait: float = 10.0) -> Path:
    """Write the page of one published document; returns its path.

    FileNotFoundError when the warehouse file is missing, UnknownDocument for an unknown source file,
    warehouse.WarehouseLocked when another process holds the file for longer than `wait` seconds.
    """
    if not Path(warehouse_file).is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse_file}: run `claimtrail run` first, "
                                "or name one with --warehouse")
    with warehouse.connect(warehouse_file, read_only=True, wait=wait) as con:  # short: runs are not blocked
        return _write(con, warehouse_file, source_file, Path(out) if out else None, removal_vocabulary())


def write_pages(warehouse_file: str, source_files: list[str], folder: Path, wait: float = 10.0) -> dict[str, Path]:
    """Write the pages of several documents into folder over one connection; source_file -> page (an unknown
    source file gets none)."""
    with warehouse.connect(warehouse_file, read_only=True, wait=wait) as con:
        return write_pages_on(con, warehouse_file, source_files, folder)


def write_pages_on(con: duckdb.DuckDBPyConnection, warehouse_file: str, source_files: list[str], folder: Path
                   ) -> dict[str, Path]:
    """write_pages over a connection the caller holds (to warehouse_file, or to its staging file)."""
    reasons, pages = removal_vocabulary(), {}
    for source_file in source_files:
        try:
            pages[source_file] = _write(con, warehouse_file, source_file, folder / page_name(source_file), reasons)
        except UnknownDocument:
            continue
    return pages


def _write(con: duckdb.DuckDBPyConnection, warehouse_file: str, source_file: str, path: Path | None,
           reasons: tuple[str, ...]) -> Path:
    rows = read_document(con, source_file)
    footer = (f"from {Path(warehouse_file).resolve()} at {datetime.now(UTC).isoformat(timespec='seconds')}; "
              "offsets are 0-based, end-exclusive code points into documents.source_text")
    page = render_document(rows.document, rows.articles, rows.paragraphs, rows.removed, rows.metadata,
                           rows.claims, footer=footer, reasons=reasons)
    path = path or pages_folder(warehouse_file) / page_name(str(rows.document["source_file"]))
    if path.is_dir():
        path = path / page_name(str(rows.document["source_file"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # a browser reloading it never sees half a page
    tmp.write_text(page, encoding="utf-8", errors="surrogatepass")
    os.replace(tmp, path)
    return path
