"""Defaults in the project, not the current folder; one Dagster instance per warehouse file."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipelines import cli, settings
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser


@pytest.fixture
def no_settings(monkeypatch):
    for name in settings.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_the_project_folders_wherever_the_command_runs(no_settings, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert settings.project_root() == ROOT
    assert Path(settings.input_dir()) == ROOT / "seeds"
    assert Path(settings.warehouse_path()) == ROOT / "warehouse" / "claimtrail.duckdb"
    assert settings.dagster_home_for(settings.warehouse_path()) == ROOT / ".dagster_home"


def test_variables_win_and_are_relative_to_the_current_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMTRAIL_WAREHOUSE", "mine/w.duckdb")
    assert settings.warehouse_path() == "mine/w.duckdb"
    assert settings.dagster_home_for(settings.warehouse_path()) == tmp_path / "mine" / "w.duckdb.dagster"


def test_another_warehouse_has_its_instance_beside_it(tmp_path):
    assert settings.dagster_home_for(str(tmp_path / "x.duckdb")) == tmp_path / "x.duckdb.dagster"


def test_an_instance_set_in_the_environment_serves_one_warehouse(tmp_path, monkeypatch):
    home, a, b = tmp_path / "home", str(tmp_path / "a.duckdb"), str(tmp_path / "b.duckdb")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    assert settings.ensure_dagster_home(a) == home  # not bound yet: it is a's from now on
    assert settings.served_warehouse(home) == a
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    assert settings.ensure_dagster_home(b) == tmp_path / "b.duckdb.dagster"  # a's: b gets its own
    assert os.environ["DAGSTER_HOME"] == str(tmp_path / "b.duckdb.dagster")
    assert settings.served_warehouse(home) == a and settings.served_warehouse(tmp_path / "b.duckdb.dagster") == b
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    assert settings.ensure_dagster_home(a) == home
    config = (home / "dagster.yaml").read_text()
    assert "enabled: false" in config and "claimtrail/warehouse" in config


def test_the_projects_instance_never_serves_another_warehouse(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(ROOT / ".dagster_home"))  # as `make` exports it
    other = str(tmp_path / "other.duckdb")
    assert settings.ensure_dagster_home(other) == tmp_path / "other.duckdb.dagster"


def test_the_ui_serves_a_warehouse_with_its_own_instance(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    before = dict(os.environ)
    args = cli.build_parser().parse_args(["ui", "--warehouse", str(tmp_path / "x.duckdb"), "--input",
                                          str(tmp_path), "--port", "3999"])
    command, env, folder = cli.ui_command(args)
    assert command[1:] == ["dev", "-w", str(ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", "3999"]
    assert env["DAGSTER_HOME"] == str(tmp_path / "home")  # not bound yet: it serves x from now on
    assert env["CLAIMTRAIL_WAREHOUSE"] == str(tmp_path / "x.duckdb") and folder == ROOT
    assert dict(os.environ) == before  # the caller's environment is left alone
    args = cli.build_parser().parse_args(["ui", "--warehouse", str(tmp_path / "y.duckdb")])
    assert cli.ui_command(args)[1]["DAGSTER_HOME"] == str(tmp_path / "y.duckdb.dagster")


def _claimtrail(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in settings.ENVIRONMENT}
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def test_snapshot_outside_the_project_is_plain_and_leaves_the_folder_alone(tmp_path):
    done = _claimtrail("snapshot", "copy.duckdb", "--warehouse", "missing.duckdb", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "no warehouse at missing.duckdb" in done.stderr
    done = _claimtrail("snapshot", "copy.duckdb", cwd=tmp_path)  # the project's warehouse, if it has one
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    assert {p.name for p in tmp_path.iterdir()} <= {"copy.duckdb"}


def _view(home: Path) -> dict:
    """What the UI of an instance shows: its runs and each asset's latest materialization, with its metadata."""
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = sorted(r.run_id for r in instance.get_runs())
        latest = {}
        for key in instance.get_asset_keys():
            event = instance.get_latest_materialization_event(key)
            if event is not None:
                meta = event.asset_materialization.metadata
                latest[key.to_user_string()] = (event.run_id, {k: str(getattr(v, "value", v))
                                                               for k, v in meta.items()})
    return {"runs": runs, "latest": latest}


def _one_seed(folder: Path, name: str) -> Path:
    folder.mkdir()
    shutil.copyfile(SEEDS / name, folder / name)
    return folder


def test_a_run_into_another_warehouse_leaves_the_ui_view_of_this_one_unchanged(tmp_path, monkeypatch, capsys):
    project = tmp_path / "project"
    warehouse = project / "warehouse" / "claimtrail.duckdb"
    home = project / ".dagster_home"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("CLAIMTRAIL_WAREHOUSE", str(warehouse))  # the warehouse the UI serves
    monkeypatch.setenv("DAGSTER_HOME", str(home))               # and its instance, as `make ui` has them
    assert cli.main(["run", "--input", str(_one_seed(tmp_path / "a", "000_b941dce12b4c1646.txt"))]) == 0
    served = _view(home)
    assert len(served["runs"]) == 1 and "published/numeric_claims" in served["latest"]

    other = tmp_path / "experiments" / "other.duckdb"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    code = cli.main(["run", "--input", str(_one_seed(tmp_path / "b", "003_15a47851b59303b1.txt")),
                     "--warehouse", str(other)])
    assert code == 0, capsys.readouterr()
    assert _view(home) == served  # the UI of the project warehouse shows what it showed
    elsewhere_view = _view(other.with_name("other.duckdb.dagster"))
    assert len(elsewhere_view["runs"]) == 1 and elsewhere_view["runs"] != served["runs"]
    claims = "published/numeric_claims"
    rows = [view["latest"][claims][1]["dagster/row_count"] for view in (served, elsewhere_view)]
    assert rows[0] != rows[1]  # the two warehouses' figures, each in its own instance
    assert json.loads((home / "claimtrail-warehouse.json").read_text())["warehouse"] == str(warehouse)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    assert settings.ensure_dagster_home() == home  # what `claimtrail ui` (make ui) opens
    assert list(elsewhere.iterdir()) == []  # nothing written in the current folder
