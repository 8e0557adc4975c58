"""Run the whole job in-process and summarise it: what `claimtrail run` and the tests use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from pipelines import warehouse
from pipelines.definitions import build_definitions


@dataclass
class CheckLine:
    """One check evaluation of a run."""

    table: str
    name: str
    passed: bool
    severity: str
    unexpected: int


@dataclass
class RunReport:
    """What a run did, for the command line and the tests."""

    run_id: str
    success: bool
    published: bool
    checks: list[CheckLine] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def failed_blocking(self) -> list[CheckLine]:
        return [c for c in self.checks if not c.passed and c.severity == "ERROR"]


def run_pipeline(input_dir: str, warehouse_file: str, instance: dg.DagsterInstance | None = None,
                 log_level: str = "WARNING") -> RunReport:
    """Materialize the whole graph over input_dir into warehouse_file; never raises for a failed run."""
    defs = build_definitions(input_dir, warehouse_file)
    job = defs.resolve_job_def("claimtrail")
    result = job.execute_in_process(
        instance=instance or dg.DagsterInstance.get(), raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
    )
    checks = [
        CheckLine(e.asset_key.to_user_string(), e.check_name, e.passed,
                  e.severity.value, int((e.metadata.get("unexpected_count") or dg.IntMetadataValue(0)).value or 0))
        for e in result.get_asset_check_evaluations()
    ]
    published = any(
        ev.asset_key.path[0] == "published" for ev in result.get_asset_materialization_events()
        if ev.asset_key is not None
    )
    errors = [
        (ev.step_key or "") + ": " + (ev.event_specific_data.error.message.strip() if ev.event_specific_data and
                                      ev.event_specific_data.error else "failed")
        for ev in result.get_step_failure_events()
    ]
    counts = {}
    if Path(warehouse_file).exists():
        with duckdb.connect(warehouse_file, read_only=True) as con:
            try:
                counts = warehouse.row_counts(con)
            except duckdb.CatalogException:
                counts = {}  # nothing published yet
    return RunReport(result.run_id, result.success and published, published, checks, counts, errors)
