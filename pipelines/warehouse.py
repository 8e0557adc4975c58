"""DuckDB access: named queries from warehouse/*.sql, schema set-up, batch loads and the atomic publish."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

SQL_DIR = Path(__file__).resolve().parent.parent / "warehouse"
PUBLISHED_TABLES = ("documents", "articles", "paragraphs", "removed_spans", "metadata_spans", "numeric_claims")
_NAME = re.compile(r"^-- name: (\w+)\s*$", re.MULTILINE)


@cache
def queries(filename: str) -> Mapping[str, str]:
    """The named queries of one SQL file (`-- name: x` starts query x)."""
    text = (SQL_DIR / filename).read_text(encoding="utf-8")
    parts = _NAME.split(text)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def sql(filename: str, name: str) -> str:
    """One named query."""
    return queries(filename)[name]


def run_script(con: duckdb.DuckDBPyConnection, filename: str, name: str | None = None) -> None:
    """Run a whole SQL file, or one named block of it, statement by statement (no parameters)."""
    text = sql(filename, name) if name else (SQL_DIR / filename).read_text(encoding="utf-8")
    con.execute(text)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the warehouse tables (with their comments) where missing."""
    run_script(con, "schema.sql")


def ensure_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Create the warehouse tables and the gate's bookkeeping tables in a staging database."""
    ensure_schema(con)
    run_script(con, "staging.sql", "gate_tables")


def load_rows(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """Append an Arrow table to a warehouse table in one statement."""
    con.register("incoming", rows)
    try:
        con.execute(sql("staging.sql", f"insert_{table}"))
    finally:
        con.unregister("incoming")


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """Replace the whole content of a staged table and mark it as a new version for the gate."""
    con.execute("begin")
    try:
        con.execute(sql("staging.sql", f"clear_{table}"))
        if rows.num_rows:
            load_rows(con, table, rows)
        mark_staged(con, table)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def execute_many(con: duckdb.DuckDBPyConnection, query: str, rows: Sequence[Sequence]) -> None:
    """executemany that accepts an empty batch (DuckDB refuses one)."""
    if rows:
        con.executemany(query, rows)


def mark_staged(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Give a staged table a new version token: gate results about older versions no longer count."""
    con.execute(sql("staging.sql", "unmark_staged"), [table])
    con.execute(sql("staging.sql", "mark_staged"), [table, uuid.uuid4().hex])


def fingerprint(con: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> str:
    """The versions of the given staged tables, as one string."""
    return con.execute(sql("staging.sql", "fingerprint"), [list(tables)]).fetchone()[0]


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the main tables."""
    cur = con.execute(sql("staging.sql", "count_rows"))
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


def publish(con: duckdb.DuckDBPyConnection, staging_path: str, run_id: str) -> None:
    """Copy every staged table into the published database in one transaction."""
    ensure_schema(con)
    con.execute(sql("publish.sql", "attach_staging"), [staging_path])
    try:
        con.execute("begin")
        try:
            con.execute(sql("publish.sql", "publish"))
            con.execute(sql("publish.sql", "log_publish"), [run_id])
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    finally:
        con.execute(sql("publish.sql", "detach_staging"))


def record_quality(con: duckdb.DuckDBPyConnection, rows: pa.Table) -> None:
    """Append gate results to quality_runs."""
    ensure_schema(con)
    con.register("incoming", rows)
    try:
        con.execute(sql("publish.sql", "record_quality"))
    finally:
        con.unregister("incoming")
