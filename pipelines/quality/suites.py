"""Load the expectation suites kept as files in expectations/ (GX 1.x suite JSON plus claimtrail meta)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SUITES_DIR = Path(__file__).resolve().parents[2] / "expectations"
ERROR, WARN = "error", "warn"
DOCUMENT, RUN = "document", "run"
_SEVERITY = {"critical": ERROR, "warning": WARN, "info": WARN}
_SCOPES = (DOCUMENT, RUN)
# keys of an expectation that are claimtrail's, not GX's: taken out before GX builds the expectation
_OWN_KEYS = ("scope",)


@dataclass(frozen=True)
class Rule:
    """One expectation of a suite, as the gate and the Dagster checks see it."""

    name: str          # unique check name, from meta.id
    description: str
    severity: str      # error blocks publishing (run scope) or quarantines (document scope), warn is recorded only
    config: dict       # the GX expectation configuration (type, kwargs, meta, severity)
    scope: str = RUN   # document: each failing row names a document, which the gate quarantines; run: blocks

    @property
    def columns(self) -> tuple[str, ...]:
        """The frame columns this rule looks at, then any it names in meta.show: shown with offending rows."""
        kwargs = self.config.get("kwargs", {})
        named = [kwargs.get(k) for k in ("column", "column_A", "column_B")]
        named += kwargs.get("column_list", []) + self.config.get("meta", {}).get("show", [])
        return tuple(dict.fromkeys(c for c in named if c))

    @property
    def detail(self) -> str | None:
        """How a failing row says what failed (a format string over its columns), from meta.detail."""
        return self.config.get("meta", {}).get("detail")

    @property
    def quarantines(self) -> bool:
        """Whether a failure quarantines the documents it names (an ERROR rule of document scope)."""
        return self.severity == ERROR and self.scope == DOCUMENT


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
    # the set-based query whose frame the run rules are validated on: only the rows that may break one (a superset
    # of the offending rows), over the whole warehouse. none: the audit frame itself, for a suite of run rules
    # whose audit query is already one small set-based frame (row counts, the ceiling)
    run_query: str | None = None

    @property
    def document_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.scope == DOCUMENT)

    @property
    def run_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.scope == RUN)


def _rule(suite: str, e: dict) -> Rule:
    scope = e.get("scope")
    if scope not in _SCOPES:
        raise ValueError(f"suite {suite}: expectation {e.get('meta', {}).get('id')!r} needs a scope "
                         f"({' or '.join(_SCOPES)}), not {scope!r}")
    config = {k: v for k, v in e.items() if k not in _OWN_KEYS}
    return Rule(e["meta"]["id"], e["meta"].get("description", e["meta"]["id"]),
                _SEVERITY[e.get("severity", "critical")], config, scope)


def load_suite(path: Path) -> Suite:
    """Read one suite file."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    meta = raw["meta"]
    rules = tuple(_rule(raw["name"], e) for e in raw["expectations"])
    suite = Suite(raw["name"], meta["table"], meta["audit_query"], tuple(meta["reads"]),
                  tuple(meta.get("id_columns", ())), rules, raw, tuple(meta.get("params", ())),
                  meta.get("run_query"))
    if suite.document_rules and "doc_id" not in suite.id_columns:
        raise ValueError(f"suite {suite.name}: document rules need doc_id among its id_columns")
    if suite.document_rules and suite.run_rules and not suite.run_query:
        # its audit frame has a row per row of the changed documents: run rules need the whole warehouse, set-based
        raise ValueError(f"suite {suite.name}: run rules beside document rules need a meta.run_query")
    return suite


@cache
def load_suites(folder: Path = SUITES_DIR) -> tuple[Suite, ...]:
    """Every suite in the folder, in name order."""
    return tuple(load_suite(p) for p in sorted(folder.glob("*.json")))
