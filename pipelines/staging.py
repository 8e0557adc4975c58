"""What each step writes into the staging file, one transaction per step (no Dagster here: the assets call these).

The staged tables always hold the complete would-be published result: the rows of unchanged documents as they
are published, plus the rows of the documents this run reads afresh, minus deleted files. A step's rows replace
only its own rows of the documents read afresh, so a re-executed step starts again from the step before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines import near_duplicates as dedup
from pipelines import settings, stages
from pipelines import warehouse as store
from pipelines.inputs import FolderProblem
from pipelines.liveness import this_process
from pipelines.stages import ChangePlan


class Refused(Exception):
    """The run must not go on: what it would do is unsafe or impossible, and nothing was changed."""

    def __init__(self, description: str, metadata: dict | None = None):
        super().__init__(description)
        self.description = description
        self.metadata = metadata or {}


@dataclass
class RunPlan:
    """What the documents step does: the change plan, whether it is a full rebuild, and why."""

    plan: ChangePlan
    full: bool
    why: str
    fresh_checks: bool  # the suites changed since the last publish: the gate's quarantined documents are reread

    @property
    def skip(self) -> bool:
        """Nothing to read, remove or check again: the rest of the run is skipped."""
        return self.plan.nothing_to_do and not self.full and not self.fresh_checks


def plan_run(root: Path, published: store.PublishedState, *, full: bool, allow_removal: bool,
             known: dict | None = None) -> RunPlan:
    """Compare the input folder with the published documents by content hash: what this run reads and removes.

    A full rebuild when asked for, or when the cleaning or claims code changed since the last publish. Refused
    (Refused, nothing changed) when the folder cannot be read, or the run would remove more than
    CLAIMTRAIL_MAX_REMOVAL of the published documents (all of them from an empty or missing folder), unless
    `allow_removal`. Linear in the folder's bytes, but for the published files whose signature (size, times,
    inode) still holds in `known` (input_stats): they are not read.
    """
    why = "full rebuild asked for" if full else "incremental"
    if not published.last_run_id:
        why = "first run: nothing published yet"
    if not full and published.last_run_id and published.engine_version != stages.engine_version():
        full, why = True, "full rebuild: the cleaning or claims code changed since the last publish"
    fresh_checks = published.last_run_id is not None and published.suites_version != stages.suites_version()
    try:
        # a document the gate quarantined is read again when the suites that judged it change (bytes and code:
        # above)
        plan = stages.plan_changes(root, published.documents, full, published.gate_quarantined if fresh_checks
                                   else frozenset(), known=known)
    except FolderProblem as exc:
        if not (published.documents and allow_removal and exc.kind in ("missing", "not_a_folder")):
            kept = f"; the {len(published.documents)} published documents stay as they are" \
                if published.documents else ""
            raise Refused(f"{exc}{kept}") from None
        plan = stages.ChangePlan(full=full, removed=sorted(published.documents.items()))  # removal allowed
    refusal = stages.removal_refusal(plan, len(published.documents), settings.max_removal_share(), root)
    if refusal and not allow_removal:
        raise Refused(refusal, {"would_remove": len(plan.removed), "published": len(published.documents)})
    return RunPlan(plan, full, why, fresh_checks)


def known_signatures(con: duckdb.DuckDBPyConnection) -> dict:
    """source_file -> (signature, doc_id) of the input files as earlier runs read them (input_stats)."""
    rows = con.execute(store.sql("staging.sql", "input_stats")).fetchall()
    return {r[0]: (tuple(r[1:6]), r[6]) for r in rows}


def keep_signatures(con: duckdb.DuckDBPyConnection, plan: ChangePlan) -> None:
    """Write the plan's new input_stats rows and forget the stale ones, in one transaction (nothing when none)."""
    if not plan.signatures and not plan.stale_signatures:
        return
    rows, gone = plan.signature_rows()
    con.register("incoming", rows)
    con.register("gone", gone)
    try:
        with store.transaction(con):
            con.execute(store.sql("staging.sql", "update_input_stats"))
    finally:
        con.unregister("incoming")
        con.unregister("gone")


def load(con: duckdb.DuckDBPyConnection, filename: str, query: str, rows: pa.Table) -> None:
    """Run one named insert of `filename` over `rows` (registered as `incoming`)."""
    con.register("incoming", rows)
    try:
        con.execute(store.sql(filename, query))
    finally:
        con.unregister("incoming")


def stage_documents(con: duckdb.DuckDBPyConnection, plan: ChangePlan, rows: pa.Table | Iterable[pa.Table], *,
                    state: store.SyncState, last_run_id: str | None, owner: str, full: bool, warehouse: str,
                    lock_wait: float) -> bool:
    """Stage the documents step's result in one transaction; True when the staged tables were rebuilt by copying
    the unchanged documents' published rows (the staged ones held another state than the last publish).

    Incremental when the staged tables are the published ones: only what leaves is taken out. `state` is the
    staging file's sync state as the run found it (warehouse.sync_state), `owner` the run now filling it. `rows`:
    one table, or batches of rows appended as they come, each in a transaction of its own (DuckDB holds the rows a
    transaction appends in memory until it commits, whatever its memory limit); the sync state says `pending` from
    the first one, so a run that stops half-way is rebuilt from the published tables by the next.
    """
    resync = full or last_run_id is None or state.pending or state.base_run_id != last_run_id
    copy = resync and not full and last_run_id is not None
    with store.published_attached(con, warehouse if copy else None, lock_wait), store.transaction(con):
        if resync:  # rebuild from the published tables: the staged ones hold another state
            store.run_script(con, "staging.sql", "clear_all")
            if copy:
                store.copy_published(con, [f.doc_id for f in plan.unchanged])
        else:  # the staged tables are the published ones: take out what leaves
            store.forget_documents(con, plan.gone)
        con.execute(store.sql("staging.sql", "clear_changes"))
        load(con, "staging.sql", "insert_changes", plan.changes())
        store.set_sync_state(con, store.SyncState(last_run_id, owner, True, "full" if full else "incremental",
                                                  *this_process()))
    _append(con, "documents", rows)
    with store.transaction(con):
        store.mark_all_staged(con)
    return copy


def _append(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table | Iterable[pa.Table]) -> int:
    """Append rows, batch by batch, each batch in a transaction of its own (memory: one batch); rows appended."""
    new = 0
    for part in [rows] if isinstance(rows, pa.Table) else rows:
        if part.num_rows:
            with store.transaction(con):
                store.load_rows(con, table, part)
            new += part.num_rows
    return new


def stage_cleaned(con: duckdb.DuckDBPyConnection, parts: Iterable[tuple[dict[str, pa.Table], pa.Table]]
                  ) -> dict[str, int]:
    """Replace the cleaning step's rows and verdicts of the documents read afresh; the new rows per table.

    `parts`: (rows per table, verdicts) batch by batch, each batch's rows appended in a transaction of its own as
    it comes (memory: one batch); a step stopped half-way starts again from the documents when re-executed, and
    the gate checks the tables only once the last transaction marks them staged. The verdicts go to the step's
    own table (cleaning_verdicts): the documents rows stay the documents step's, and the publish copies them with
    the verdicts applied (warehouse/verdicts.sql's staged_documents).
    """
    new = dict.fromkeys(stages.CLEANED_TABLES, 0)
    verdicts = []
    with store.transaction(con):
        store.run_script(con, "staging.sql", "forget_fresh_cleaned")
    for tables, batch_verdicts in parts:
        with store.transaction(con):
            for name, rows in tables.items():
                if rows.num_rows:
                    store.load_rows(con, name, rows)
                    new[name] += rows.num_rows
        verdicts.append(batch_verdicts)  # a few bytes per document: applied once the documents are read
    with store.transaction(con):
        if verdicts:
            store.load_rows(con, "cleaning_verdicts", pa.concat_tables(verdicts))
        for name in (*new, "cleaning_verdicts"):
            store.mark_staged(con, name)
    return new


def stage_claims(con: duckdb.DuckDBPyConnection, rows: pa.Table | Iterable[pa.Table]) -> int:
    """Replace the claims of the documents read afresh (`rows`: one table, or batches appended as they come, each in
    a transaction of its own); the number of new rows."""
    with store.transaction(con):
        store.run_script(con, "staging.sql", "forget_fresh_claims")
    new = _append(con, "numeric_claims", rows)
    with store.transaction(con):
        store.mark_staged(con, "numeric_claims")
    return new


def stage_near_duplicates(con: duckdb.DuckDBPyConnection, signed: pa.Table) -> tuple[pa.Table, int]:
    """Replace the signatures of the articles read afresh and pair them with every stored signature, in one
    transaction; the new pairs and how many stored signatures they were compared with."""
    with store.transaction(con):
        store.run_script(con, "dedup.sql", "forget_fresh")
        if signed.num_rows:
            load(con, "dedup.sql", "insert_signatures", signed)
        new = con.sql(store.sql("dedup.sql", "fresh_signatures")).to_arrow_table()
        old = con.sql(store.sql("dedup.sql", "stored_signatures")).to_arrow_table()
        pairs = dedup.pair_rows(new, old)
        if pairs.num_rows:
            load(con, "dedup.sql", "insert_pairs", pairs)
        store.mark_staged(con, "minhash_signatures")
        store.mark_staged(con, "near_duplicates")
    return pairs, old.num_rows
