"""Which documents the gate's document rules check in a run: the changed ones; the others passed before, unchanged.

A document is carried (not checked again) when document_checks records that it passed under the current suites
and engine versions, with its current status, and it was not read afresh this run. The audit queries stay as they
are: on a scoped connection, temp tables of the same names holding only the checked documents' rows shadow the
staged tables (warehouse/gate.sql), so each document rule costs what the change costs; the rows of documents the
gate holds (gate_verdicts) are left out of them, as a publish leaves them out. Run rules never read a scoped
connection: they read the rows as published (warehouse/verdicts.sql's staged_* views).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from pipelines.warehouse import run_script, sql


@dataclass(frozen=True)
class Scope:
    """How many staged documents the document rules check in this run, and how many are carried over."""

    checked: int
    carried: int

    @property
    def everything(self) -> bool:
        return self.carried == 0


def open_scope(con: duckdb.DuckDBPyConnection, suites_version: str | None,
               engine_version: str | None, owner: str | None = None) -> Scope:
    """Decide the run's scope (the temp table gate_scope on this connection); with no versions, every document.
    owner: the run owning the staged work, whose gate's holds (an earlier attempt of the step) are checked again."""
    con.execute(sql("gate.sql", "scope"), [suites_version, engine_version, owner])
    checked, carried = con.execute(sql("gate.sql", "scope_counts")).fetchone()
    return Scope(int(checked), int(carried))


@contextmanager
def scoped(con: duckdb.DuckDBPyConnection, scope: Scope) -> Iterator[None]:
    """Within the block, the staged tables' names read the rows of the checked documents only, as published: the
    documents the gate holds left out (when every document is checked and none is held, nothing is copied).
    Nothing may write to the staged tables meanwhile."""
    held = con.execute(sql("gate.sql", "held_count")).fetchall()[0][0]
    if scope.everything and not held:
        yield
        return
    run_script(con, "gate.sql", "unscope")
    try:
        run_script(con, "gate.sql", "composed" if scope.everything else "scoped")
        yield
    finally:
        run_script(con, "gate.sql", "unscope")


PART_DOCUMENTS = 2048  # checked documents the document rules read at a time: bounds the frames GX holds
SCOPED_TABLES = ("documents", "articles", "paragraphs", "removed_spans", "metadata_spans", "numeric_claims",
                 "minhash_signatures")


def parts(con: duckdb.DuckDBPyConnection, scope: Scope, size: int | None = None) -> Iterator[int]:
    """Shadow the staged tables with the rows of one part of the checked documents after another (at most `size`
    documents each, in the order the stages wrote them, each part read by rowid range), yielding each part's
    number; or all of them at once, as scoped, when they are `size` (PART_DOCUMENTS) or fewer. Memory: one part's
    rows."""
    size = size or PART_DOCUMENTS
    if scope.checked <= size:
        with scoped(con, scope):
            yield 0
        return
    # execute, not sql(): the connection may hold an unfinished result (scope_counts' fetchone)
    order = pa.table({"doc_id": pa.array([d for (d,) in con.execute(sql("gate.sql", "scope_order")).fetchall()],
                                         pa.string())})
    run_script(con, "gate.sql", "unscope")
    try:
        for number, start in enumerate(range(0, order.num_rows, size)):
            con.register("gate_part", order.slice(start, size))
            try:
                ranges = {name: (lo, hi) for name, lo, hi in con.execute(sql("gate.sql", "part_ranges")).fetchall()}
                for table in SCOPED_TABLES:
                    con.execute(sql("gate.sql", f"scoped_part_{table}"), list(ranges[table]))
            finally:
                con.unregister("gate_part")
            yield number
            run_script(con, "gate.sql", "unscope")
    finally:
        run_script(con, "gate.sql", "unscope")


def candidates(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """doc_id -> source_file of the documents the gate may quarantine: kept so far, and checked in this run."""
    return dict(con.execute(sql("gate.sql", "checked_documents")).fetchall())


def record_checks(con: duckdb.DuckDBPyConnection, run_id: str, suites_version: str | None,
                  engine_version: str | None) -> None:
    """Remember that the checked documents passed, as they are now, under these suites and this code."""
    run_script(con, "gate.sql", "forget_checks")
    con.execute(sql("gate.sql", "record_checks"), [run_id, suites_version, engine_version])
