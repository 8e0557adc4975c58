"""gate_runs: one row per run (times, mode, outcome, counts, failed and skipped rules, report), written at its end."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

import duckdb
import pyarrow as pa

from pipelines import tables
from pipelines.warehouse import ensure_schema, sql, transaction

SCHEMA = tables.arrow_schema("gate_runs")


@dataclass
class GateRun:
    """One row of gate_runs."""

    run_id: str
    started_at: datetime
    ended_at: datetime
    mode: str                 # full, incremental or publish-only
    outcome: str              # published, nothing changed, blocked, failed or stopped
    published: bool
    counts_of: str            # published or staged
    documents: int | None = None
    articles: int | None = None
    claims: int | None = None
    quarantined: int | None = None
    gate_quarantined: int | None = None
    checks_run: int = 0
    failed_rules: list[str] = field(default_factory=list)
    warned_rules: list[str] = field(default_factory=list)
    skipped_rules: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    report_path: str | None = None


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create gate_runs (with the warehouse's other tables and every column comment) where missing."""
    ensure_schema(con)


def record(con: duckdb.DuckDBPyConnection, row: GateRun) -> None:
    """Write a run's row (replacing an earlier one of the same run: a re-executed run ends again)."""
    ensure_table(con)
    con.register("incoming", pa.Table.from_pylist([asdict(row)], schema=SCHEMA))
    try:
        with transaction(con):
            con.execute(sql("gate_runs.sql", "forget"), [row.run_id])
            con.execute(sql("gate_runs.sql", "insert"))
    finally:
        con.unregister("incoming")


def latest(con: duckdb.DuckDBPyConnection, limit: int = 1) -> list[GateRun]:
    """The latest runs' rows, newest first (empty when the table does not exist yet)."""
    try:
        cur = con.execute(sql("gate_runs.sql", "latest"), [limit])
    except duckdb.CatalogException:
        return []
    names = [d[0] for d in cur.description]
    return [GateRun(**dict(zip(names, r, strict=True))) for r in cur.fetchall()]


def published_runs(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> dict[str, tuple[bool, str]]:
    """run_id -> (published, outcome) of those of run_ids that have a row."""
    try:
        rows = con.execute(sql("gate_runs.sql", "published_runs"), [run_ids]).fetchall()
    except duckdb.CatalogException:
        return {}
    return {r[0]: (bool(r[1]), r[2]) for r in rows}
