"""A run whose staging owner is dead (its process gone, though Dagster still shows it STARTED) takes staging over
and goes on; a live owner still stops it. Liveness is the PID, host and start time the owner recorded."""

import socket
import subprocess
import sys

import dagster as dg
import duckdb
import pytest
from dagster._core.utils import make_new_run_id

from pipelines import liveness, settings, warehouse
from pipelines.runner import run_pipeline

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

REPORT = ("Ferry service to resume\n\nThe ferry will sail again from Monday after repairs costing about €450,000, the "
          "harbour office said. Around 800 residents depend on it every week.\n")


@pytest.fixture
def published(tmp_path, instance):
    root = tmp_path / "input"
    root.mkdir()
    (root / "ferry.txt").write_text(REPORT)
    path = tmp_path / "w.duckdb"
    assert run_pipeline(str(root), str(path), instance=instance).success
    (root / "more.txt").write_text(REPORT.replace("Monday", "Tuesday"))
    return root, path


def started_run(instance) -> dg.DagsterRun:
    return instance.add_run(dg.DagsterRun(job_name="claimtrail", run_id=make_new_run_id(),
                                          status=dg.DagsterRunStatus.STARTED))


def own_staging(path, run, pid, started) -> None:
    with duckdb.connect(settings.staging_path(str(path))) as con:
        warehouse.set_sync_state(con, warehouse.SyncState("base", run.run_id, True, "incremental", pid,
                                                          socket.gethostname(), started))


def test_liveness_of_processes():
    pid, host, started = liveness.this_process()
    assert liveness.process_alive(pid, host, started) is True
    assert liveness.process_alive(pid, host, "not-its-start-time") is False  # a reused PID
    assert liveness.process_alive(pid, "another-host", started) is None
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert liveness.process_alive(gone.pid, host, None) is False


def test_a_dead_owner_is_taken_over(published, instance, caplog):
    root, path = published
    other = started_run(instance)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    own_staging(path, other, gone.pid, None)
    report = run_pipeline(str(root), str(path), instance=instance, log_level="INFO")
    assert report.success, report.errors or report.failed_blocking
    assert instance.get_run_by_id(other.run_id).status == dg.DagsterRunStatus.FAILURE
    logs = [e.message for e in instance.all_logs(report.run_id) if e.message]
    assert any("is gone" in m and "takes the staging tables over" in m for m in logs)
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == 2


def test_a_live_owner_still_stops_the_run(published, instance):
    root, path = published
    other = started_run(instance)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        own_staging(path, other, alive.pid, liveness._start_time(alive.pid))
        report = run_pipeline(str(root), str(path), instance=instance, lock_wait=0.5)
    finally:
        alive.kill()
        alive.wait()
    assert not report.success
    assert f"run {other.run_id} (PID {alive.pid} on {socket.gethostname()}) is filling" in " ".join(report.errors)
    assert instance.get_run_by_id(other.run_id).status == dg.DagsterRunStatus.STARTED
    report = run_pipeline(str(root), str(path), instance=instance)  # now its process is gone
    assert report.success, report.errors
