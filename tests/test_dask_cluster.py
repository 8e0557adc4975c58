"""A real Dask cluster (a scheduler and two workers on 127.0.0.1, started as `dask` commands): the whole job run
through CLAIMTRAIL_DASK_SCHEDULER publishes exactly the tables of a run in one process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import engine, settings
from pipelines.runner import run_pipeline
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

DASK = Path(sys.executable).with_name("dask")
# columns that name a run or a moment: they differ between any two runs, whatever the engine
VOLATILE = {"run_id", "ingested_at", "checked_at", "published_at", "removed_at", "quarantined_at",
            "started_at", "ended_at", "report_path"}  # gate_runs: when the run ran, its report named by its id
STARTUP = 60.0


def _wait_for(path: Path, procs: list[subprocess.Popen]) -> dict:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size:
            return json.loads(path.read_text())
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError(f"{p.args[:2]} exited with {p.returncode}")
        time.sleep(0.2)
    raise TimeoutError(f"no scheduler file {path} after {STARTUP} s")


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1; yields the scheduler's tcp address."""
    tmp = tmp_path_factory.mktemp("dask")
    info_file = tmp / "scheduler.json"
    procs: list[subprocess.Popen] = []
    logs = (tmp / "scheduler.log").open("wb")
    try:
        procs.append(subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(info_file)], stdout=logs, stderr=subprocess.STDOUT, cwd=ROOT))
        address = _wait_for(info_file, procs)["address"]
        for i in range(2):
            procs.append(subprocess.Popen(
                [str(DASK), "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                 "--host", "127.0.0.1", "--memory-limit", "2GiB", "--name", f"w{i}"],
                stdout=logs, stderr=subprocess.STDOUT, cwd=ROOT))
        from distributed import Client

        with Client(address, timeout=STARTUP, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=STARTUP)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        logs.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds and our own test documents (text, Markdown, HTML, gzipped) in one input folder."""
    root = tmp_path_factory.mktemp("corpus") / "input"
    shutil.copytree(SEEDS, root / "seeds")
    shutil.copytree(ROOT / "tests" / "docs", root / "docs")
    return root


def tables(path: Path) -> dict[str, list[tuple]]:
    """Every table of a warehouse file, rows in a stable order, without run ids and timestamps."""
    with duckdb.connect(str(path), read_only=True) as con:
        # main's tables by their names, others (the quarantine schema) by schema and name
        names = [r[1] if r[0] == "main" else f"{r[0]}.{r[1]}" for r in con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = current_database() "
            "order by 1, 2").fetchall()]
        out = {}
        for name in names:
            cols = [r[0] for r in con.execute(f"select column_name from (describe {name})").fetchall()
                    if r[0] not in VOLATILE]
            out[name] = con.execute(f"select {', '.join(cols)} from {name} order by all").fetchall()
        return out


def _run(corpus: Path, warehouse: Path) -> None:
    with dg.DagsterInstance.ephemeral() as inst:
        report = run_pipeline(str(corpus), str(warehouse), instance=inst)
    assert report.success and report.published, report.errors or report.failed_blocking


def test_the_job_on_a_dask_cluster_publishes_the_same_tables_as_one_process(scheduler, corpus, tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("CLAIMTRAIL_WORKERS", "1")
    monkeypatch.delenv("CLAIMTRAIL_DASK_SCHEDULER", raising=False)
    _run(corpus, tmp_path / "one.duckdb")
    assert engine._ENGINE is None

    monkeypatch.setenv("CLAIMTRAIL_DASK_SCHEDULER", scheduler)
    monkeypatch.setattr(settings, "PARALLEL_MIN_DOCUMENTS", 0)  # a small corpus, sent to the cluster all the same
    monkeypatch.setattr(engine, "WORK_WHILE_STARTING", False)  # every document on it (tests/test_incremental_workers
    # checks the rows stay the same when this process works on the first ones while the client connects)
    start = len(engine.USAGE.where)
    before = engine.USAGE.cluster_chunks
    _run(corpus, tmp_path / "cluster.duckdb")
    assert engine.USAGE.cluster_chunks - before >= 4
    assert set(engine.USAGE.where[start:]) == {"scheduler"}
    assert engine._ENGINE is None  # released after the claims step

    from distributed import Client

    with Client(scheduler, set_as_default=False) as client:
        ran = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
        workers = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert {"read_chunk", "clean_chunk", "claims_chunk"} <= set(ran)  # task names lose their leading _
    assert len(workers) == 2 and all(n > 0 for n in workers.values())  # both workers did some of it

    one, cluster = tables(tmp_path / "one.duckdb"), tables(tmp_path / "cluster.duckdb")
    assert one["articles"] and one["numeric_claims"]
    assert cluster.keys() == one.keys()
    for name in one:
        assert cluster[name] == one[name], name
