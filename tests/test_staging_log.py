"""The staging file leaves its commits in DuckDB's write-ahead log; the published warehouse checkpoints each one."""

import os

from pipelines import settings, warehouse
from pipelines.defs.resources import make_resources


def _write(path, defer: bool) -> None:
    with warehouse.connect(str(path), defer_checkpoints=defer) as con:
        con.execute("create table if not exists t (x integer)")
        con.execute("insert into t values (1), (2)")


def test_a_deferred_connection_leaves_its_commits_in_the_log_and_they_are_kept(tmp_path):
    path = tmp_path / "s.duckdb"
    _write(path, defer=True)
    assert os.path.getsize(f"{path}.wal") > 0           # closed without a checkpoint
    with warehouse.connect(str(path), read_only=True) as con:   # replayed on open: nothing lost
        assert con.execute("select count(*) from t").fetchall() == [(2,)]


def test_the_warehouse_checkpoints_so_that_a_copy_of_the_file_alone_is_complete(tmp_path):
    path = tmp_path / "w.duckdb"
    _write(path, defer=False)
    assert not os.path.exists(f"{path}.wal") or os.path.getsize(f"{path}.wal") == 0


def test_only_the_staging_resource_defers(tmp_path):
    resources = make_resources(str(tmp_path / "in"), str(tmp_path / "w.duckdb"))
    assert resources["staging"].defer_checkpoints and not resources["warehouse"].defer_checkpoints
    assert resources["staging"].connection_config["checkpoint_threshold"] == settings.STAGING_WAL
