"""Dagster's SQLite run history is written with synchronous=NORMAL in WAL mode, and other SQLite files keep theirs."""

import sqlite3

import dagster as dg
import sqlalchemy as sa

from pipelines import instance_sync

NORMAL, FULL = 1, 2


def _sync_of(path) -> int:
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=sa.pool.NullPool)
    with engine.connect() as con:
        value = con.execute(sa.text("pragma synchronous")).scalar()
    engine.dispose()
    return value


def test_a_wal_file_is_opened_with_normal_sync(tmp_path):
    instance_sync.install()
    path = tmp_path / "wal.db"
    with sqlite3.connect(path) as con:
        con.execute("pragma journal_mode=wal")
    assert _sync_of(path) == NORMAL


def test_a_file_in_another_journal_mode_keeps_full_sync(tmp_path):
    instance_sync.install()
    path = tmp_path / "rollback.db"
    sqlite3.connect(path).close()
    assert _sync_of(path) == FULL


def test_installing_twice_adds_one_listener():
    instance_sync.install()
    instance_sync.install()
    assert sa.event.contains(sa.engine.Engine, "connect", instance_sync._relax)


def test_the_code_location_writes_dagster_events_with_normal_sync(tmp_path, monkeypatch):
    import pipelines.definitions  # noqa: F401  (loading the code location installs it)

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")

    @dg.asset
    def one() -> int:
        return 1

    with dg.DagsterInstance.get() as instance:
        result = dg.materialize([one], instance=instance)
        with instance.event_log_storage.run_connection(result.run_id) as con:
            assert con.execute(sa.text("pragma journal_mode")).scalar() == "wal"
            assert con.execute(sa.text("pragma synchronous")).scalar() == NORMAL
