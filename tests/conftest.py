"""Shared fixtures: a private DAGSTER_HOME, the seeds, and one pipeline run over them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipelines import settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


# a test that asks for a Dagster instance or the seeds' warehouse runs the job or Dagster: end-to-end, whatever
# its module's marks (so a new test file cannot slip such a test into the fast tier)
_E2E_FIXTURES = {"instance", "seeds_warehouse"}


# scorer lines the floor tests measured, printed at the end of the session (CI logs show this run's figures)
FIGURES: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:
    """The figures behind the floor tests, as measured in this session."""
    if FIGURES:
        terminalreporter.section("figures measured by the floor tests")
        for line in FIGURES:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(items):
    for item in items:
        if _E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory) -> Path:
    """Dagster writes only below a temporary project folder, telemetry off."""
    home = tmp_path_factory.mktemp("dagster_home")
    old = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    settings.ensure_dagster_home()
    yield home
    if old is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = old


@pytest.fixture
def instance() -> dg.DagsterInstance:
    with dg.DagsterInstance.ephemeral() as inst:
        yield inst


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A private copy of seeds/ that a test may change."""
    target = tmp_path / "input"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory, dagster_home) -> Path:
    """The seeds run once through the whole job into a temporary warehouse."""
    from pipelines.runner import run_pipeline

    path = tmp_path_factory.mktemp("warehouse") / "claimtrail.duckdb"
    with dg.DagsterInstance.ephemeral() as inst:
        report = run_pipeline(str(SEEDS), str(path), instance=inst)
    assert report.success, report.errors or report.failed_blocking
    return path
