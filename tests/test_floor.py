"""The scorers' figures never drop below the last release's (tests/floors.json): seeds and the HTML benchmark."""

import json
import re
import subprocess
import sys

import dagster as dg
import pytest

from tests.conftest import FIGURES, ROOT, SEEDS, SHARED

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

FLOORS = json.loads((ROOT / "tests" / "floors.json").read_text())
SCORER = SHARED / "eval" / "score.py"
AEB_SCORER = SHARED / "eval" / "aeb_score.py"
AEB_PAGES = SHARED / "bench" / "aeb" / "html_gz"
_FIELD = re.compile(r"(\w+)=([\d.]+)(?:/(\d+))?")
SEED_KEYS = [k for k in FLOORS if not k.startswith(("_", "aeb_", "wcxb_"))]


def _fields(out: str, prefix: str) -> dict[str, float]:
    line = next(x for x in out.splitlines() if x.startswith(prefix))
    return {k: float(v) for k, v, _ in _FIELD.findall(line)}


@pytest.fixture(scope="module")
def summary(seeds_warehouse) -> dict[str, float]:
    if not SCORER.exists():
        pytest.skip("../shared/eval/score.py is not beside the repo")
    out = subprocess.run(
        [sys.executable, str(SCORER), "--warehouse", str(seeds_warehouse), "--gold", str(SHARED / "eval" / "gold"),
         "--inputs", str(SEEDS)], capture_output=True, text=True, check=True,
    ).stdout
    FIGURES.append(next(x for x in out.splitlines() if x.startswith("SUMMARY")))
    return _fields(out, "SUMMARY")


@pytest.fixture(scope="module")
def aeb(tmp_path_factory) -> dict[str, float]:
    if not AEB_SCORER.exists():
        pytest.skip("../shared/eval/aeb_score.py is not beside the repo")
    from pipelines.runner import run_pipeline

    path = tmp_path_factory.mktemp("aeb") / "aeb.duckdb"
    with dg.DagsterInstance.ephemeral() as inst:
        report = run_pipeline(str(AEB_PAGES), str(path), instance=inst)
    assert report.success, report.errors or report.failed_blocking
    out = subprocess.run([sys.executable, str(AEB_SCORER), "--warehouse", str(path)],
                         capture_output=True, text=True, check=True).stdout
    FIGURES.append(next(x for x in out.splitlines() if x.startswith("AEB")))
    return _fields(out, "AEB")


@pytest.mark.parametrize("name", [k for k in SEED_KEYS if not k.endswith("_max")])
def test_seed_floor(summary, name):
    assert summary[name] >= FLOORS[name], f"{name} fell to {summary[name]} (floor {FLOORS[name]})"


@pytest.mark.parametrize("name", [k for k in SEED_KEYS if k.endswith("_max")])
def test_seed_ceiling(summary, name):
    key = name.removesuffix("_max")
    assert summary[key] <= FLOORS[name], f"{key} rose to {summary[key]} (ceiling {FLOORS[name]})"


def test_aeb_floor(aeb):
    assert aeb["f1"] >= FLOORS["aeb_f1"], f"AEB F1 fell to {aeb['f1']} (floor {FLOORS['aeb_f1']})"
    assert aeb["empty"] <= FLOORS["aeb_empty_max"], f"{aeb['empty']} AEB pages came out empty"
