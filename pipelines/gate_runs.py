"""gate_runs: one row per run (times, mode, outcome, counts, failed and skipped rules, report), written at its end."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

import duckdb
import pyarrow as pa

from pipelines.warehouse import run_script, sql, transaction

SCHEMA = pa.schema([
    ("run_id", pa.string()), ("started_at", pa.timestamp("us", tz="UTC")), ("ended_at", pa.timestamp("us", tz="UTC")),
    ("mode", pa.string()), ("outcome", pa.string()), ("published", pa.bool_()), ("counts_of", pa.string()),
    ("documents", pa.int64()), ("articles", pa.int64()), ("claims", pa.int64()), ("quarantined", pa.int64()),
    ("gate_quarantined", pa.int64()), ("checks_run", pa.int32()), ("failed_rules", pa.list_(pa.string())),
    ("warned_rules", pa.list_(pa.string())), ("skipped_rules", pa.list_(pa.string())),
    ("errors", pa.list_(pa.string())), ("report_path", pa.string()),
])


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
    """Create gate_runs (and its column comments) where missing."""
    run_script(con, "gate_runs.sql", "create")


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
