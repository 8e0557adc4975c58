"""DuckDB access: named queries from warehouse/*.sql, schema set-up, batch loads and the atomic publish."""

from __future__ import annotations

import hashlib
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

import duckdb
import pyarrow as pa

from pipelines import tables

SQL_DIR = Path(__file__).resolve().parent.parent / "warehouse"
PUBLISHED_TABLES = tables.PUBLISHED
# the tables whose rows a quarantined document would have had: kept in the quarantine schema, column for column
QUARANTINE_TABLES = tables.QUARANTINED
_NAME = re.compile(r"^-- name: (\w+)\s*$", re.MULTILINE)
_INCLUDE = re.compile(r"^-- include: (\w+)\s*$", re.MULTILINE)  # a named part of the same file, put in place
# DuckDB's message when another process holds the file: 'Could not set lock on file "x": Conflicting lock is
# held in /usr/bin/python3 (PID 123)'; the holder part is missing on some platforms
_LOCK = re.compile(r'Could not set lock on file "(?P<path>[^"]*)"(?:: Conflicting lock is held in '
                   r'(?P<program>.*?) \(PID (?P<pid>\d+)\))?')
T = TypeVar("T")


class WarehouseLocked(RuntimeError):
    """A DuckDB file stayed locked by another process for longer than the run is willing to wait."""

    def __init__(self, path: str, program: str | None, pid: int | None, waited: float, read_only: bool):
        self.path, self.program, self.pid, self.waited = path, program, pid, waited
        holder = f"{Path(program).name} (PID {pid})" if pid else "another process"
        what = "read" if read_only else "write"
        super().__init__(
            f"{path} is locked by {holder}: could not open it to {what} after waiting {waited:.1f} s. "
            f"Nothing was published; the warehouse is as it was. Close that program's DuckDB connection "
            f"(a notebook, the duckdb CLI, a query script) or wait for its run to finish, then run again"
            + (f" (to see it: ps -p {pid} -o pid,etime,args)" if pid else "")
            + ". Query without blocking runs: short read-only connections, or a copy (README, 'Operations')."
        )


def lock_holder(message: str) -> tuple[str | None, int | None] | None:
    """(program, pid) of the process DuckDB says holds a file lock; None when the message is not about a lock."""
    found = _LOCK.search(message)
    if found is None:
        return None
    return found["program"], int(found["pid"]) if found["pid"] else None


def with_lock_retry(fn: Callable[[], T], path: str, wait: float, read_only: bool = False) -> T:
    """Call fn, retrying with backoff while `path` is locked by another process, for up to `wait` seconds."""
    start, delay = time.monotonic(), 0.05
    while True:
        try:
            return fn()
        except duckdb.IOException as exc:
            holder = lock_holder(str(exc))
            if holder is None:
                raise
            waited = time.monotonic() - start
            if waited >= wait:
                raise WarehouseLocked(path, holder[0], holder[1], waited, read_only) from exc
            time.sleep(min(delay, max(0.0, wait - waited)))
            delay = min(delay * 2, 1.0)


def connect(path: str, read_only: bool = False, wait: float = 10.0,
            config: Mapping[str, object] | None = None, defer_checkpoints: bool = False
            ) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file, waiting up to `wait` seconds for another process's lock; WarehouseLocked after that.

    defer_checkpoints: closing leaves what was committed in the file's write-ahead log (durable: the next open
    replays it) instead of checkpointing it; DuckDB checkpoints once the log passes its `checkpoint_threshold`.
    Closing after a small append to a table of large rows otherwise rewrites that table's last row group (0.2 s
    for ten documents in a staging file of 10,000), and a run opens the staging file a dozen times. Only for the
    staging file, which no one copies: a copy of the published warehouse must hold its last publish by itself.
    """
    con = with_lock_retry(lambda: duckdb.connect(path, read_only=read_only, config=dict(config or {})),
                          path, wait, read_only)
    if defer_checkpoints and not read_only:
        con.execute("pragma disable_checkpoint_on_shutdown")
    return con


@cache
def queries(filename: str) -> Mapping[str, str]:
    """The named queries of one SQL file (`-- name: x` starts query x; a line `-- include: y` stands for the text
    of part y of the same file, written once for the queries that share it)."""
    text = (SQL_DIR / filename).read_text(encoding="utf-8")
    parts = _NAME.split(text)
    named = {name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)}

    def expand(body: str) -> str:  # a part may include another (span_sources includes source_chunks)
        return _INCLUDE.sub(lambda m: expand(named[m.group(1)]), body)

    return {name: expand(body) for name, body in named.items()}


def sql(filename: str, name: str) -> str:
    """One named query."""
    return queries(filename)[name]


def run_script(con: duckdb.DuckDBPyConnection, filename: str, name: str | None = None) -> None:
    """Run a whole SQL file, or one named block of it, statement by statement (no parameters)."""
    text = sql(filename, name) if name else (SQL_DIR / filename).read_text(encoding="utf-8")
    con.execute(text)


@cache
def _schema_hash() -> str:
    """Hash of what sets a file up: schema.sql and the comments generated from the table registry."""
    return hashlib.sha256((SQL_DIR / "schema.sql").read_bytes() + (SQL_DIR / "comments.sql").read_bytes()
                          ).hexdigest()[:16]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the warehouse tables (with their comments) where missing, in one transaction; a no-op when current."""
    try:
        if con.execute(sql("publish.sql", "schema_version")).fetchall() == [(_schema_hash(),)]:
            return
    except duckdb.CatalogException:
        pass  # a new file, or one made before schema versions were kept
    with transaction(con):
        run_script(con, "schema.sql")
        _follow_main_columns(con)
        run_script(con, "comments.sql", "warehouse")
        con.execute(sql("publish.sql", "set_schema_version"), [_schema_hash()])


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _follow_main_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Give the quarantine tables every column their main table gained since they were made (DDL, no data)."""
    for table, column, kind in con.execute(sql("publish.sql", "quarantine_missing_columns"),
                                           [list(QUARANTINE_TABLES)]).fetchall():
        # identifiers cannot be ? parameters: these come from the catalog, quoted
        con.execute(f"alter table quarantine.{_quote(table)} add column {_quote(column)} {kind}")


@cache
def _staging_hash() -> str:
    """Hash of what sets a staging file up: the warehouse schema, the gate's tables, the verdict views, comments."""
    parts = (_schema_hash(), sql("staging.sql", "gate_tables"), (SQL_DIR / "verdicts.sql").read_text("utf-8"),
             sql("comments.sql", "staging"))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]


def ensure_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Create the warehouse tables and the gate's bookkeeping tables in a staging database; a no-op when current
    (every step of a run calls it, and the scripts cost more than a small run's own work)."""
    try:
        if con.execute(sql("staging.sql", "staging_version")).fetchall() == [(_staging_hash(),)]:
            return
    except duckdb.CatalogException:
        pass  # a new file, or one made before staging versions were kept
    ensure_schema(con)
    run_script(con, "staging.sql", "gate_tables")
    run_script(con, "verdicts.sql")
    run_script(con, "comments.sql", "staging")
    con.execute(sql("staging.sql", "set_staging_version"), [_staging_hash()])


def load_rows(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """Append an Arrow table to a warehouse table in one statement."""
    con.register("incoming", rows)
    try:
        con.execute(sql("staging.sql", f"insert_{table}"))
    finally:
        con.unregister("incoming")


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """Replace the whole content of a staged table and mark it as a new version for the gate."""
    with transaction(con):
        con.execute(sql("staging.sql", f"clear_{table}"))
        if rows.num_rows:
            load_rows(con, table, rows)
        mark_staged(con, table)


def execute_many(con: duckdb.DuckDBPyConnection, query: str, rows: Sequence[Sequence]) -> None:
    """executemany that accepts an empty batch (DuckDB refuses one)."""
    if rows:
        con.executemany(query, rows)


def mark_staged(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Give a staged table a new version token: gate results about older versions no longer count."""
    con.execute(sql("staging.sql", "unmark_staged"), [table])
    con.execute(sql("staging.sql", "mark_staged"), [table, uuid.uuid4().hex])


def content_fingerprint(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> str:
    """A fingerprint of everything a publish copies: per table, its row count and two order-free aggregates of
    the hash of every whole row (sum and xor), in one linear pass. `catalog`: an attached staging database."""
    if catalog is None:
        return con.execute(sql("staging.sql", "content_fingerprint")).fetchone()[0]
    home = con.execute("select current_database()").fetchone()[0]
    con.execute(f"use {_quote(catalog)}")
    try:
        return con.execute(sql("staging.sql", "content_fingerprint")).fetchone()[0]
    finally:
        con.execute(f"use {_quote(home)}")


def quarantine_documents(con: duckdb.DuckDBPyConnection, held: pa.Table, failures: pa.Table) -> None:
    """Hold documents: the gate's verdicts on them (`held`: doc_id, source_file, run_id, quarantine_reason) and why
    (`failures`, quarantine.failures rows), in one transaction, into the gate's own tables; their rows stay where
    the earlier steps wrote them, and the publish composes (warehouse/verdicts.sql)."""
    con.register("held", held)
    con.register("held_failures", failures)
    try:
        con.execute("begin")
        try:
            con.execute(sql("staging.sql", "quarantine_documents"))
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    finally:
        con.unregister("held")
        con.unregister("held_failures")


_COUNTED = ("documents", "documents", *PUBLISHED_TABLES[1:])


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the main tables (of a staging file: their rows as a publish copies them)."""
    prefix = con.execute(sql("staging.sql", "rows_relation")).fetchone()[0]
    cur = con.execute(sql("staging.sql", "count_staged_rows")) if prefix else \
        con.execute(sql("staging.sql", "count_rows"), list(_COUNTED))
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


@dataclass(frozen=True)
class SyncState:
    """Which published state the staged tables extend (base_run_id) and which run is filling them (owner_run_id,
    and its process: PID, host and the process's start time, so that a reused PID is not taken for it)."""

    base_run_id: str | None = None
    owner_run_id: str | None = None
    pending: bool = False
    mode: str | None = None
    owner_pid: int | None = None
    owner_host: str | None = None
    owner_started: str | None = None


@dataclass(frozen=True)
class PublishedState:
    """What the published warehouse holds: each file's current version, and the last publish."""

    documents: dict[str, str]          # source_file -> doc_id
    last_run_id: str | None = None
    engine_version: str | None = None
    suites_version: str | None = None
    gate_quarantined: frozenset[str] = frozenset()  # doc_ids the quality gate quarantined




def published_state(con: duckdb.DuckDBPyConnection) -> PublishedState:
    """Read the published documents and the last publish from a warehouse connection."""
    ensure_schema(con)
    docs = dict(con.execute(sql("publish.sql", "published_documents")).fetchall())
    last = con.execute(sql("publish.sql", "latest_publish")).fetchone()
    held = frozenset(r[0] for r in con.execute(sql("publish.sql", "gate_quarantined_documents")).fetchall())
    return PublishedState(docs, *(last or (None, None, None)), gate_quarantined=held)


def sync_state(con: duckdb.DuckDBPyConnection) -> SyncState:
    """The staging database's sync state (empty on a new staging file)."""
    rows = con.execute(sql("staging.sql", "sync_state")).fetchall()  # fetchall: no result left open
    return SyncState(*rows[0]) if rows else SyncState()


def set_sync_state(con: duckdb.DuckDBPyConnection, state: SyncState) -> None:
    """Replace the staging database's sync state."""
    con.execute(sql("staging.sql", "clear_sync_state"))
    con.execute(sql("staging.sql", "insert_sync_state"),
                [state.base_run_id, state.owner_run_id, state.pending, state.mode, state.owner_pid,
                 state.owner_host, state.owner_started])


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """begin ... commit, rolled back on any error; the error raised is the one that happened, never a failed
    rollback's ("no transaction is active": DuckDB aborts a transaction itself on a fatal error, a full disk)."""
    con.execute("begin")
    try:
        yield
        con.execute("commit")
    except BaseException:
        with suppress(duckdb.Error):  # already rolled back by DuckDB: the original error says why
            con.execute("rollback")
        raise


def _ids(doc_ids: Sequence[str]) -> pa.Table:
    return pa.table({"doc_id": pa.array(list(doc_ids), pa.string())})


@contextmanager
def published_attached(con: duckdb.DuckDBPyConnection, published_path: str | None,
                       wait: float) -> Iterator[None]:
    """The published file attached read-only as `published` (outside any transaction: DuckDB wants it so)."""
    if published_path is None:
        yield
        return
    with_lock_retry(lambda: con.execute(sql("staging.sql", "attach_published"), [published_path]),
                    published_path, wait, read_only=True)
    with _detaching(con, sql("staging.sql", "detach_published")):
        yield


@contextmanager
def _detaching(con: duckdb.DuckDBPyConnection, detach: str) -> Iterator[None]:
    """Run `detach` after the block; when the block failed, a failing detach does not hide why it failed."""
    try:
        yield
    except BaseException:
        with suppress(duckdb.Error):  # the block's own error (a full disk, an interrupt) is the one to report
            con.execute(detach)
        raise
    con.execute(detach)


def copy_published(con: duckdb.DuckDBPyConnection, kept: Sequence[str]) -> None:
    """Fill emptied staged tables with the rows of the `kept` documents from the attached published file."""
    con.register("kept", _ids(kept))
    try:
        con.execute(sql("staging.sql", "copy_published"))
    finally:
        con.unregister("kept")


def forget_documents(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> None:
    """Delete every staged row of the given document versions."""
    if not doc_ids:
        return
    con.register("gone", _ids(doc_ids))
    try:
        run_script(con, "forget.sql", "document_rows")
        con.execute(sql("staging.sql", "forget_gone"))
    finally:
        con.unregister("gone")


def mark_all_staged(con: duckdb.DuckDBPyConnection) -> None:
    """A new version token for every staged table."""
    for table in PUBLISHED_TABLES:
        mark_staged(con, table)


class StagedContentChanged(RuntimeError):
    """The staged tables are not the content the quality gate passed: they changed after it checked them."""


Progress = Callable[[int, str], None]
"""Told (total, what was just done) after each statement of a publish: the step's count moves as tables copy."""


def _counting(progress: Progress | None, total: int) -> Callable[[str], None]:
    done = progress or (lambda _total, _note: None)
    return lambda note: done(total, note)


def _run_counted(con: duckdb.DuckDBPyConnection, text: str, step: Callable[[str], None]) -> None:
    """A script statement by statement, each counted once done (the table it writes as the note)."""
    for statement in duckdb.extract_statements(text):
        con.execute(statement)
        step(_written(statement.query))


def _written(query: str) -> str:
    """The table a copying statement writes ('main.articles'), or '' for another statement."""
    found = re.match(r"\s*(?:insert\s+into|delete\s+from)\s+([\w.]+)", query, re.IGNORECASE)
    return found.group(1) if found else ""


def publish_statements(incremental: bool) -> int:
    """How many counted steps a publish takes: fingerprint and change counts, every statement, the log entry."""
    scripts = (["publish_delta_gone"], ["document_rows"], ["publish_delta"]) if incremental else (["publish"],)
    files = ("publish.sql", "forget.sql", "publish.sql") if incremental else ("publish.sql",)
    statements = sum(len(duckdb.extract_statements(sql(f, n[0]))) for f, n in zip(files, scripts, strict=True))
    return statements + 3  # the fingerprint check, the change counts and removals, the publish_log row


def publish(con: duckdb.DuckDBPyConnection, staging_path: str, run_id: str, *, incremental: bool = False,
            engine_version: str | None = None, suites_version: str | None = None,
            wait: float = 10.0, expected: str | None = None, owner: str | None = None,
            progress: Progress | None = None) -> dict[str, int]:
    """Make the published tables equal to the staged ones in one transaction, recording removed documents.

    incremental: only rows of documents that left or were read afresh move (valid when the staged tables extend
    the currently published state); otherwise every table is replaced. expected: the content fingerprint the gate
    passed; the staged file, attached read-only (so no writer can change it meanwhile), must still have it.
    owner: the run owning the staged work, whose gate quarantines publish_log counts (and an incremental publish
    moves). progress: told after each statement, so a long publish shows which table it copies.
    """
    step = _counting(progress, publish_statements(incremental))
    ensure_schema(con)
    with_lock_retry(lambda: con.execute(sql("publish.sql", "attach_staging"), [staging_path]),
                    staging_path, wait, read_only=True)
    with _detaching(con, sql("publish.sql", "detach_staging")):
        if expected is not None:
            found = content_fingerprint(con, "ct_staging")
            if found != expected:
                raise StagedContentChanged(
                    "the staged tables changed after the quality gate checked them (content fingerprint "
                    f"{found[:24]}... is not the {expected[:24]}... that passed): nothing was published; run the "
                    "job again so that the gate checks what is staged now")
        step("content fingerprint")
        added, changed = con.execute(sql("publish.sql", "change_counts")).fetchone()
        with transaction(con):
            con.execute(sql("publish.sql", "record_removals"), [run_id])
            step("removals recorded")
            if incremental:  # the versions that leave or move, forgotten as in staging, then the staged rows in
                con.execute(sql("publish.sql", "publish_delta_gone"), [owner or run_id])
                step("documents that move")
                _run_counted(con, sql("forget.sql", "document_rows"), step)
                _run_counted(con, sql("publish.sql", "publish_delta"), step)
            else:
                _run_counted(con, sql("publish.sql", "publish"), step)
            con.execute(sql("publish.sql", "log_publish"), [
                run_id, "incremental" if incremental else "full", engine_version, suites_version, added, changed,
                run_id, owner or run_id])
            removed = con.execute(sql("publish.sql", "removed_count"), [run_id]).fetchone()[0]
            step("publish_log")
    return {"added": added, "changed": changed, "removed": removed}


def snapshot(source: str, target: str, wait: float = 10.0) -> None:
    """Copy a warehouse into a new file (holding the source's lock only while copying), for long query sessions."""
    if Path(target).exists():
        raise FileExistsError(f"{target} exists: pick a new file name or remove it first")
    con = duckdb.connect()
    try:
        with_lock_retry(lambda: con.execute(sql("publish.sql", "attach_live"), [source]), source, wait, True)
        try:
            con.execute(sql("publish.sql", "attach_snapshot"), [target])
            con.execute(sql("publish.sql", "copy_snapshot"))
            con.execute(sql("publish.sql", "detach_snapshot"))
        finally:
            con.execute(sql("publish.sql", "detach_live"))
    finally:
        con.close()


def record_quality(con: duckdb.DuckDBPyConnection, rows: pa.Table) -> None:
    """Append gate results to quality_runs."""
    ensure_schema(con)
    con.register("incoming", rows)
    try:
        con.execute(sql("publish.sql", "record_quality"))
    finally:
        con.unregister("incoming")
