"""Run the whole job in-process and summarise it: what `claimtrail run` and the tests use."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from pipelines import settings, warehouse
from pipelines.definitions import build_definitions


@dataclass
class CheckLine:
    """One check evaluation of a run."""

    table: str
    name: str
    passed: bool
    severity: str
    unexpected: int
    quarantined: int = 0   # documents this rule quarantined (the check then passed on the rest)


@dataclass
class RunReport:
    """What a run did, for the command line and the tests."""

    run_id: str
    success: bool
    published: bool
    checks: list[CheckLine] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    changes: dict[str, object] = field(default_factory=dict)  # added, changed, unchanged, removed, read, mode
    unchanged: bool = False  # nothing changed in the input: nothing was staged, checked or published
    gate_quarantines: list[tuple[str, str]] = field(default_factory=list)  # (source_file, reason), this run
    gate_quarantined: int = 0   # documents the gate quarantined in this run (the list may be cut)
    input_quarantined: int = 0  # documents read in this run and quarantined before the gate

    @property
    def failed_blocking(self) -> list[CheckLine]:
        return [c for c in self.checks if not c.passed and c.severity == "ERROR"]

    @property
    def quarantining(self) -> list[CheckLine]:
        """The rules that sent documents to quarantine (their checks warn)."""
        return [c for c in self.checks if c.quarantined]


class _SkippedCheckNotice(logging.Filter):
    """Drop Dagster's notice that a skipped check step gated nothing: when nothing changed every step is skipped
    on purpose, and the publish step re-reads the gate's results itself (pipelines.quality.gate.publish_blockers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "emitted no result" not in record.getMessage()


logging.getLogger("dagster._core.execution.plan.active").addFilter(_SkippedCheckNotice())

_CHANGE_KEYS = ("added", "changed", "unchanged", "removed", "read", "quarantined", "mode", "outcome")


def _reason(error) -> str:
    """The message of the first exception in a failure's chain that is ours rather than Dagster's wrapper."""
    seen = error
    while seen is not None:
        if not seen.cls_name.startswith("DagsterExecutionStep") and not seen.cls_name.startswith("DagsterUserCode"):
            head, _, rest = seen.message.strip().partition(": ")
            return f"{seen.cls_name}: {rest}" if head.endswith(seen.cls_name) and rest else seen.message.strip()
        seen = seen.cause
    return error.message.strip()


def _plain(value: object) -> object:
    return getattr(value, "value", value)


def run_pipeline(input_dir: str, warehouse_file: str, instance: dg.DagsterInstance | None = None,
                 log_level: str = "WARNING", full: bool = False, lock_wait: float | None = None) -> RunReport:
    """Materialize the whole graph over input_dir into warehouse_file; never raises for a failed run.

    Incremental unless `full`: only new or changed files are read; unchanged input is a run that does nothing.
    """
    defs = build_definitions(input_dir, warehouse_file, lock_wait=lock_wait)
    job = defs.resolve_job_def("claimtrail")
    result = job.execute_in_process(
        instance=instance or dg.DagsterInstance.get(), raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}},
                    "ops": {"documents": {"config": {"full": full}}}},
    )
    checks = [
        CheckLine(e.asset_key.to_user_string(), e.check_name, e.passed, e.severity.value,
                  int((e.metadata.get("unexpected_count") or dg.IntMetadataValue(0)).value or 0),
                  int((e.metadata.get("quarantined_documents") or dg.IntMetadataValue(0)).value or 0))
        for e in result.get_asset_check_evaluations()
    ]
    gate = next((ev.event_specific_data.materialization.metadata for ev in result.get_asset_materialization_events()
                 if ev.asset_key == dg.AssetKey("quality_gate")), {})
    held = [(h["source_file"], h["reason"]) for h in _plain(gate.get("gate_quarantines")) or []]
    published = any(
        ev.asset_key.path[0] == "published" for ev in result.get_asset_materialization_events()
        if ev.asset_key is not None
    )
    errors = [
        (ev.step_key or "") + ": " + (_reason(ev.event_specific_data.error) if ev.event_specific_data and
                                      ev.event_specific_data.error else "failed")
        for ev in result.get_step_failure_events()
    ]
    doc_events = [ev.event_specific_data.materialization for ev in result.get_asset_materialization_events()
                  if ev.asset_key == dg.AssetKey("documents")]
    doc_events += [ev.event_specific_data.asset_observation for ev in result.get_asset_observation_events()
                   if ev.asset_key == dg.AssetKey("documents")]
    changes = {k: _plain(v) for e in doc_events for k, v in e.metadata.items() if k in _CHANGE_KEYS}
    unchanged = result.success and not any(
        ev.asset_key == dg.AssetKey("documents") for ev in result.get_asset_materialization_events())
    counts = {}
    if Path(warehouse_file).exists():
        try:
            wait = settings.lock_wait() if lock_wait is None else lock_wait
            with warehouse.connect(warehouse_file, read_only=True, wait=wait) as con:
                counts = warehouse.row_counts(con)
        except (duckdb.CatalogException, warehouse.WarehouseLocked):
            counts = {}  # nothing published yet, or someone holds the file
    return RunReport(result.run_id, result.success and (published or unchanged), published, checks, counts, errors,
                     changes, unchanged, held, int(_plain(gate.get("gate_quarantined")) or 0),
                     int(_plain(gate.get("input_quarantined")) or 0))
