"""Load the expectation suites kept as files in expectations/ (GX 1.x suite JSON plus claimtrail meta)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SUITES_DIR = Path(__file__).resolve().parents[2] / "expectations"
ERROR, WARN = "error", "warn"
_SEVERITY = {"critical": ERROR, "warning": WARN, "info": WARN}


@dataclass(frozen=True)
class Rule:
    """One expectation of a suite, as the gate and the Dagster checks see it."""

    name: str          # unique check name, from meta.id
    description: str
    severity: str      # error blocks publishing, warn is recorded only
    config: dict       # the GX expectation configuration (type, kwargs, meta, severity)

    @property
    def columns(self) -> tuple[str, ...]:
        """The frame columns this rule looks at, then any it names in meta.show: shown with offending rows."""
        kwargs = self.config.get("kwargs", {})
        named = [kwargs.get(k) for k in ("column", "column_A", "column_B")]
        named += kwargs.get("column_list", []) + self.config.get("meta", {}).get("show", [])
        return tuple(dict.fromkeys(c for c in named if c))


@dataclass(frozen=True)
class Suite:
    """A table's suite: its rules and how to build the frame they validate."""

    name: str
    table: str
    audit_query: str
    reads: tuple[str, ...]
    id_columns: tuple[str, ...]
    rules: tuple[Rule, ...]
    raw: dict
    params: tuple[str, ...] = ()   # named values bound, in order, to the audit query's ? placeholders


def load_suite(path: Path) -> Suite:
    """Read one suite file."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    meta = raw["meta"]
    rules = tuple(
        Rule(e["meta"]["id"], e["meta"].get("description", e["meta"]["id"]),
             _SEVERITY[e.get("severity", "critical")], e)
        for e in raw["expectations"]
    )
    return Suite(raw["name"], meta["table"], meta["audit_query"], tuple(meta["reads"]),
                 tuple(meta.get("id_columns", ())), rules, raw, tuple(meta.get("params", ())))


@cache
def load_suites(folder: Path = SUITES_DIR) -> tuple[Suite, ...]:
    """Every suite in the folder, in name order."""
    return tuple(load_suite(p) for p in sorted(folder.glob("*.json")))
