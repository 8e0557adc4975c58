"""The scorer's figures on the seeds never drop below the last release's (tests/floors.json)."""

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS, SHARED

FLOORS = json.loads((ROOT / "tests" / "floors.json").read_text())
SCORER = SHARED / "eval" / "score.py"
_FIELD = re.compile(r"(\w+)=([\d.]+)(?:/(\d+))?")


@pytest.fixture(scope="module")
def summary(seeds_warehouse) -> dict[str, float]:
    if not SCORER.exists():
        pytest.skip("../shared/eval/score.py is not beside the repo")
    out = subprocess.run(
        [sys.executable, str(SCORER), "--warehouse", str(seeds_warehouse), "--gold", str(SHARED / "eval" / "gold"),
         "--inputs", str(SEEDS)], capture_output=True, text=True, check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("SUMMARY"))
    return {k: float(v) for k, v, _ in _FIELD.findall(line)}


@pytest.mark.parametrize("name", [k for k in FLOORS if not k.startswith("_") and not k.endswith("_max")])
def test_floor(summary, name):
    assert summary[name] >= FLOORS[name], f"{name} fell to {summary[name]} (floor {FLOORS[name]})"


@pytest.mark.parametrize("name", [k for k in FLOORS if k.endswith("_max")])
def test_ceiling(summary, name):
    key = name.removesuffix("_max")
    assert summary[key] <= FLOORS[name], f"{key} rose to {summary[key]} (ceiling {FLOORS[name]})"
