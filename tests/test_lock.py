"""A warehouse held by another process: the run waits a little, then fails naming the holder; nothing half-done."""

import subprocess
import sys
import textwrap

import dagster as dg
import duckdb
import pytest
from dagster._core.utils import make_new_run_id

from pipelines import settings, warehouse
from pipelines.runner import run_pipeline
from pipelines.warehouse import PUBLISHED_TABLES

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

REPORT = """Ferry service to resume in Marrow Bay

The ferry between Marrow Bay and the islands will sail again from Monday after repairs costing about €450,000, \
the harbour office said.

Around 800 residents depend on the crossing every week, according to the island council. Two extra sailings will \
be added in the summer.
"""
HOLD = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read_only")
    print("holding", flush=True)
    time.sleep(float(sys.argv[3]))
    con.close()
""")


@pytest.mark.parametrize(("message", "holder"), [
    ('IO Error: Could not set lock on file "/data/w.duckdb": Conflicting lock is held in /usr/bin/python3.11 '
     '(PID 4242). However, you would be able to open this database in read-only mode', ("/usr/bin/python3.11", 4242)),
    ('IO Error: Could not set lock on file "w.duckdb": Conflicting lock is held in /opt/duckdb cli/duckdb (PID 7). '
     'See also https://duckdb.org/docs/current/connect/concurrency', ("/opt/duckdb cli/duckdb", 7)),
    ('IO Error: Could not set lock on file "w.duckdb": Resource temporarily unavailable', (None, None)),
    ("IO Error: No space left on device", None),
])
def test_the_lock_holder_is_read_from_duckdbs_message(message, holder):
    assert warehouse.lock_holder(message) == holder


def snapshot(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"select * exclude (pieces) from {t} order by all").fetchall()
                if t == "paragraphs" else con.execute(f"select * from {t} order by all").fetchall()
                for t in PUBLISHED_TABLES}


@pytest.fixture
def published(tmp_path, instance):
    root = tmp_path / "input"
    root.mkdir()
    (root / "ferry.txt").write_text(REPORT)
    path = tmp_path / "w.duckdb"
    report = run_pipeline(str(root), str(path), instance=instance)
    assert report.success, report.errors or report.failed_blocking
    return root, path


def hold(path, mode: str, seconds: float) -> subprocess.Popen:
    """Another process with the file open, as a user's session would have it."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), mode, str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


@pytest.mark.parametrize("mode", ["read_only", "read_write"])
def test_a_held_warehouse_fails_the_run_naming_the_holder(published, instance, mode):
    root, path = published
    before = snapshot(path)
    (root / "more.txt").write_text(REPORT.replace("Monday", "Tuesday"))
    holder = hold(path, mode, 30)
    try:
        report = run_pipeline(str(root), str(path), instance=instance, lock_wait=0.5)
    finally:
        holder.kill()
        holder.wait()
    assert not report.success and not report.published
    message = " ".join(report.errors)
    assert "is locked by" in message and f"PID {holder.pid}" in message
    assert "Close that program's DuckDB connection" in message
    assert snapshot(path) == before


def test_a_lock_released_in_time_only_delays_the_run(published, instance):
    root, path = published
    (root / "more.txt").write_text(REPORT.replace("Monday", "Tuesday"))
    holder = hold(path, "read_only", 1.0)
    try:
        report = run_pipeline(str(root), str(path), instance=instance, lock_wait=20)
    finally:
        holder.wait()
    assert report.success, report.errors or report.failed_blocking
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == 2


def test_connect_gives_up_after_the_wait(tmp_path):
    path = tmp_path / "held.duckdb"
    duckdb.connect(str(path)).close()
    holder = hold(path, "read_write", 30)
    try:
        with pytest.raises(warehouse.WarehouseLocked) as raised:
            warehouse.connect(str(path), wait=0.3)
    finally:
        holder.kill()
        holder.wait()
    assert raised.value.pid == holder.pid and raised.value.waited >= 0.3


def test_a_long_session_on_a_snapshot_leaves_runs_alone(published, instance, tmp_path):
    root, path = published
    mine = tmp_path / "mine.duckdb"
    warehouse.snapshot(str(path), str(mine))
    with pytest.raises(FileExistsError):
        warehouse.snapshot(str(path), str(mine))
    holder = hold(mine, "read_write", 30)
    try:
        (root / "more.txt").write_text(REPORT.replace("Monday", "Tuesday"))
        report = run_pipeline(str(root), str(path), instance=instance, lock_wait=0.5)
    finally:
        holder.kill()
        holder.wait()
    assert report.success, report.errors or report.failed_blocking
    with duckdb.connect(str(mine), read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == 1


def test_a_run_never_mixes_its_rows_with_a_run_still_filling_staging(published, instance):
    root, path = published
    other = instance.add_run(dg.DagsterRun(job_name="claimtrail", run_id=make_new_run_id(),
                                           status=dg.DagsterRunStatus.STARTED))
    with duckdb.connect(settings.staging_path(str(path))) as con:
        warehouse.set_sync_state(con, warehouse.SyncState("base", other.run_id, True, "incremental"))
    (root / "more.txt").write_text(REPORT.replace("Monday", "Tuesday"))
    report = run_pipeline(str(root), str(path), instance=instance, lock_wait=0.5)
    assert not report.success
    assert f"run {other.run_id} is filling the staging tables" in " ".join(report.errors)
    instance.report_run_failed(other)
    report = run_pipeline(str(root), str(path), instance=instance, lock_wait=0.5)
    assert report.success, report.errors or report.failed_blocking
