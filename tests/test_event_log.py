"""The kept-open event log (pipelines/event_log.py): Dagster's own files, in WAL mode, each opened once."""

from __future__ import annotations

import sqlite3

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from pipelines import event_log, settings


@dg.asset
def leaf() -> int:
    """A tiny asset for the instance to record."""
    return 1


@dg.asset_check(asset=leaf)
def leaf_is_one() -> dg.AssetCheckResult:
    """A check, whose events touch three of the storage's databases."""
    return dg.AssetCheckResult(passed=True)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    return settings.ensure_dagster_home(str(tmp_path / "w.duckdb"))


def _run(home) -> str:
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance.event_log_storage, event_log.KeptOpenSqliteEventLogStorage)
        result = dg.materialize([leaf, leaf_is_one], instance=instance)
        assert result.success
        return result.run_id


def test_the_instance_claimtrail_writes_uses_it(home):
    assert "KeptOpenSqliteEventLogStorage" in (home / "dagster.yaml").read_text()
    run_id = _run(home)
    assert (home / "history" / "runs" / f"{run_id}.db").is_file()   # Dagster's own place for the run's events


def test_dagsters_own_storage_reads_what_it_wrote(home):
    run_id = _run(home)
    plain = SqliteEventLogStorage(str(home / "history" / "runs"))
    kinds = [r.event_log_entry.dagster_event_type for r in plain.get_records_for_run(run_id).records
             if r.event_log_entry.is_dagster_event]
    assert dg.DagsterEventType.ASSET_MATERIALIZATION in kinds and dg.DagsterEventType.ASSET_CHECK_EVALUATION in kinds
    assert plain.get_latest_materialization_events([dg.AssetKey("leaf")])[dg.AssetKey("leaf")].run_id == run_id


def test_its_databases_are_in_wal_mode(home):
    run_id = _run(home)
    for name in (run_id, "index"):
        with sqlite3.connect(home / "history" / "runs" / f"{name}.db") as con:
            assert con.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_it_keeps_a_bounded_number_of_databases_open(home, monkeypatch):
    monkeypatch.setattr(event_log, "OPEN_DATABASES", 2)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = [dg.materialize([leaf], instance=instance).run_id for _ in range(3)]
        storage = instance.event_log_storage
        assert len(storage._engines) <= 2
        for run_id in runs:   # a closed one opens again when asked
            assert storage.get_records_for_run(run_id).records


def test_a_wipe_closes_every_database_first(home):
    with dg.DagsterInstance.from_config(str(home)) as instance:
        dg.materialize([leaf], instance=instance)
        instance.event_log_storage.wipe()
        assert {shard for _pid, shard in instance.event_log_storage._engines} <= {"index"}   # no run's file
        assert dg.materialize([leaf], instance=instance).success   # and the storage goes on


def test_a_folder_moved_elsewhere_gets_its_own_path(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "old"))
    old = settings.ensure_dagster_home(str(tmp_path / "w.duckdb"))
    moved = tmp_path / "new"
    old.rename(moved)
    (moved / "claimtrail-warehouse.json").unlink()
    monkeypatch.setenv("DAGSTER_HOME", str(moved))
    settings.ensure_dagster_home(str(tmp_path / "w.duckdb"))
    assert str(moved / "history" / "runs") in (moved / "dagster.yaml").read_text()


def test_a_tuned_dagster_yaml_is_left_alone(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: true\n")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    settings.ensure_dagster_home(str(tmp_path / "w.duckdb"))
    assert (home / "dagster.yaml").read_text() == "telemetry:\n  enabled: true\n"


def test_a_watcher_sees_events_committed_to_the_wal(home):
    import threading

    from dagster._core.storage.dagster_run import DagsterRun

    with dg.DagsterInstance.from_config(str(home)) as instance:
        run = instance.add_run(DagsterRun(job_name="live", run_id="live-run"))   # a run still going
        instance.report_engine_event("first", run)
        storage = instance.event_log_storage
        after_first = storage.get_records_for_run(run.run_id).cursor
        seen = threading.Event()
        storage.watch(run.run_id, after_first, lambda entry, cursor: seen.set())
        try:
            instance.report_engine_event("late", run)   # a commit that touches only the -wal file
            assert seen.wait(10)
        finally:
            storage.dispose()


def test_it_asks_whether_a_table_exists_once_per_process(home, monkeypatch):
    asked: list[str] = []
    real = SqliteEventLogStorage.has_table

    def counting(self, name):
        asked.append(name)
        return real(self, name)

    monkeypatch.setattr(SqliteEventLogStorage, "has_table", counting)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for _ in range(3):
            assert dg.materialize([leaf, leaf_is_one], instance=instance).success
        assert instance.event_log_storage.has_table("asset_check_executions")
        assert not instance.event_log_storage.has_table("no_such_table")
        assert not instance.event_log_storage.has_table("no_such_table")   # a missing table is asked again
    assert asked.count("asset_check_executions") == 1 and asked.count("no_such_table") == 2
