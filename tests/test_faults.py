"""Faults of the real command: kill -9 and SIGTERM in the middle of a run, a full disk. The published warehouse
stays as it was, the message names the cause, and the next run publishes with no help."""

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from bench.corpus import write_corpus
from pipelines import interrupts, settings
from pipelines.runner import run_pipeline
from pipelines.warehouse import PUBLISHED_TABLES
from tests.conftest import SEEDS

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

ROOT = Path(__file__).resolve().parent.parent
GENEROUS = 180  # seconds: a stopped run must be gone long before this, on however busy a machine


def snapshot(path: Path) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in PUBLISHED_TABLES} | {
            "runs": con.execute("select count(*) from publish_log").fetchone()[0]}


def command(input_dir: Path, warehouse: Path, *extra: str) -> subprocess.Popen:
    """`claimtrail run` in a process of its own, recording into the warehouse's own (persistent) instance."""
    env = {**os.environ, "CLAIMTRAIL_WORKERS": "2", "DAGSTER_HOME": str(settings.dagster_home_for(str(warehouse)))}
    return subprocess.Popen([sys.executable, "-m", "pipelines.cli", "run", "--input", str(input_dir),
                             "--warehouse", str(warehouse), *extra], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


@contextmanager
def warehouse_instance(warehouse: Path) -> Iterator[dg.DagsterInstance]:
    """The Dagster instance the command records into for this warehouse (this process's DAGSTER_HOME untouched)."""
    saved = os.environ.get("DAGSTER_HOME")
    try:
        home = settings.ensure_dagster_home(str(warehouse))
    finally:
        if saved is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = saved
    with dg.DagsterInstance.from_config(str(home)) as instance:
        yield instance


def wait_for_step(instance: dg.DagsterInstance, known: set[str], proc: subprocess.Popen, wanted) -> str:
    """Wait until the command's run has started a step that `wanted(step_key)` accepts; returns its run id."""
    deadline = time.monotonic() + GENEROUS
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        for run in instance.get_runs(limit=5):
            if run.run_id in known:
                continue
            for event in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_START):
                if wanted(event.step_key or ""):
                    return run.run_id
        time.sleep(0.05)
    raise AssertionError("the run never reached the step")


@pytest.fixture
def world(tmp_path):
    """A published warehouse (the seeds) and 400 new files waiting in the input folder."""
    root = tmp_path / "input"
    shutil.copytree(SEEDS, root)
    path = tmp_path / "w.duckdb"
    with warehouse_instance(path) as instance:
        assert run_pipeline(str(root), str(path), instance=instance).success
    write_corpus(root / "new", 400)
    return root, path


def test_after_kill_9_the_next_run_publishes_with_no_help(world):
    root, path = world
    before = snapshot(path)
    with warehouse_instance(path) as instance:
        known = {r.run_id for r in instance.get_runs()}
        proc = command(root, path)
        killed = wait_for_step(instance, known, proc, lambda key: key in ("cleaned_text", "numeric_claims"))
        proc.kill()
        proc.communicate(timeout=GENEROUS)
        assert snapshot(path) == before
        assert instance.get_run_by_id(killed).status == dg.DagsterRunStatus.STARTED  # as Dagster last saw it
        report = run_pipeline(str(root), str(path), instance=instance, log_level="INFO")
        assert report.success, report.errors or report.failed_blocking
        assert instance.get_run_by_id(killed).status == dg.DagsterRunStatus.FAILURE
        logs = " ".join(e.message for e in instance.all_logs(report.run_id) if e.message)
        assert f"run {killed} was filling the staging tables but its process" in logs
    assert snapshot(path)["documents"] == before["documents"] + 400


def test_sigterm_stops_the_run_and_the_next_one_publishes(world):
    root, path = world
    before = snapshot(path)
    with warehouse_instance(path) as instance:
        known = {r.run_id for r in instance.get_runs()}
        proc = command(root, path)
        stopped = wait_for_step(instance, known, proc, lambda key: key.endswith("_suite") or key == "numeric_claims")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=GENEROUS)  # no timing beyond this generous bound
        assert proc.returncode == 128 + signal.SIGTERM, (out, err)
        assert "stopped by SIGTERM" in out + err and "Traceback" not in out + err
        assert snapshot(path) == before
        assert instance.get_run_by_id(stopped).status in (dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED)
        report = run_pipeline(str(root), str(path), instance=instance)
        assert report.success, report.errors or report.failed_blocking
    assert snapshot(path)["documents"] == before["documents"] + 400


def test_a_signal_interrupts_a_long_duckdb_query():
    before = signal.getsignal(signal.SIGTERM)  # an earlier in-process Dagster run may have installed its own
    con = duckdb.connect()
    interrupts.register(con)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    caught = []
    try:
        with interrupts.stopping_on_signals() as stopped:
            timer.start()
            try:
                # minutes of work for DuckDB, which holds the main thread in C the whole time
                con.execute("select count(*) from range(1000000000) a, range(1000) b "
                            "where (a.range * b.range) % 7 = 3")
            except (duckdb.InterruptException, RuntimeError) as exc:  # the watcher thread interrupted it
                caught.append(exc)  # (a call: Python's own handler, pending since the signal, raises here)
    except KeyboardInterrupt as exc:
        caught.append(exc)
    finally:
        timer.cancel()
        interrupts.unregister(con)
        con.close()
    assert caught and stopped.name == "SIGTERM"
    assert signal.getsignal(signal.SIGTERM) == before  # the handler that was there is back


def _filler(root: Path, megabytes: int) -> None:
    rng = random.Random(11)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randrange(3, 10))) for _ in range(5000)]
    for i in range(megabytes * 10):
        paragraphs = (" ".join(rng.choice(words) for _ in range(60)) + "." for _ in range(25))
        (root / f"filler_{i:03d}.txt").write_text(f"Filler report {i}\n\n" + "\n\n".join(paragraphs) + "\n")


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_disk_is_named_in_the_first_line(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        root = tmp_path / "input"
        shutil.copytree(SEEDS, root)
        path = disk / "w.duckdb"
        first = command(root, path)
        out, err = first.communicate(timeout=GENEROUS)
        assert first.returncode == 0, (out, err)
        before = snapshot(path)
        _filler(root, 30)
        proc = command(root, path)
        out, err = proc.communicate(timeout=GENEROUS)
        assert proc.returncode == 1, (out, err)
        errors = [line for line in out.splitlines() if line.strip().startswith("error:")]
        assert errors and "No space left on device" in errors[0], (out, err[-3000:])
        assert "Traceback" not in out + err
        counts = [line for line in out.splitlines() if "documents" in line and "quarantined" in line]
        assert all("staged by this run (not published)" in line for line in counts), out  # not the warehouse's
        assert snapshot(path) == before
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
