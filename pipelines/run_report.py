"""What a run did, from its Dagster events, and the record of its end (gate_runs, the report's final state).

Used by `claimtrail run` (pipelines.runner) and by every run itself when its last step is over
(pipelines.defs.run_end), so both tell a run the same way; no import of the job's definitions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from pipelines import gate_runs, settings, warehouse
from pipelines.quality.suites import load_suites


@dataclass
class CheckLine:
    """One check evaluation of a run."""

    table: str
    name: str
    passed: bool
    severity: str
    unexpected: int
    quarantined: int = 0   # documents this rule quarantined (the check then passed on the rest)
    element_count: int = 0  # rows the rule looked at


@dataclass
class StepFailure:
    """One failed step of a run, in plain words."""

    step: str     # Dagster's step key
    what: str     # the reason, one line: what failed, where, what to do

    @property
    def stage(self) -> str:
        """What the step does, for people who do not know its key."""
        if self.step.endswith("_suite"):
            return f"the {self.step.removesuffix('_suite')} checks"
        return STEP_NAMES.get(self.step, self.step)


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
    counts_staged: bool = False  # counts are the run's own staged tables (it did not publish), not the warehouse's
    interrupted: str | None = None  # SIGINT or SIGTERM when the run was stopped by a signal
    skipped: dict[str, int] = field(default_factory=dict)  # entries of the input folder not read, per reason
    failures: list[StepFailure] = field(default_factory=list)  # the errors, by step (errors says them as lines)
    not_run: list[str] = field(default_factory=list)  # table.rule of every check of the suites this run did not run
    mode: str = "incremental"  # full, incremental, publish-only or checks-only
    notes: list[str] = field(default_factory=list)  # what went wrong after the run (it did not change the outcome)

    @property
    def outcome(self) -> str:
        """published, nothing changed, blocked, failed or stopped."""
        if self.interrupted:
            return "stopped"
        if self.published:
            return "published"
        if self.unchanged and self.success:
            return "nothing changed"
        blocked = any("blocked by the quality gate" in f.what for f in self.failures)
        return "blocked" if self.failed_blocking or blocked else "failed"

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

_CHANGE_KEYS = ("added", "changed", "unchanged", "removed", "read", "quarantined", "mode", "outcome", "skipped")
# what the operating system says when the machine, not the data, is the problem: named first in a failure
_SYSTEM_CAUSES = re.compile(r"No space left on device|Read-only file system|Permission denied|Disk quota exceeded|"
                            r"Input/output error|Too many open files|Cannot allocate memory|Out of Memory",
                            re.IGNORECASE)
CHECK_STEP = "quality_suite"  # the step of the asset checks (pipelines/defs/checks.py), when run without the job
STEP_NAMES = {"documents": "reading the input folder", "cleaned_text": "cleaning", "numeric_claims": "finding claims",
              "quality_gate": "the quality gate", "published_tables": "publishing",
              "near_duplicates": "near-duplicate detection", "run": "the run"}
_COUNT_ASSETS = {"documents": "documents", "articles": "articles", "paragraphs": "paragraphs",
                 "removed_spans": "removed_spans", "metadata_spans": "metadata_spans",
                 "numeric_claims": "numeric_claims"}


def _chain(error) -> list:
    """A failure's errors, outermost first, through explicit causes and the exceptions they were raised in."""
    found, todo = [], [error]
    while todo:
        e = todo.pop(0)
        if e is None or any(e is f for f in found):
            continue
        found.append(e)
        todo += [e.cause, getattr(e, "context", None)]
    return found


def _wrapper(e) -> bool:
    return e.cls_name.startswith(("DagsterExecutionStep", "DagsterUserCode", "DagsterExecutionInterrupted"))


def _describe(e) -> str:
    message = e.message.strip()
    head, _, rest = message.partition(": ")
    if head.endswith(e.cls_name) and rest:
        # a Failure's text (GateClosed is one) is ours already, written to be read as it is
        return rest if e.cls_name in ("Failure", "GateClosed") else f"{e.cls_name}: {rest}"
    return message


def _reason(error) -> str:
    """One line naming why a step failed: the operating system's complaint (a full disk, a read-only file system)
    when one is anywhere in the chain, else the first exception that is ours rather than Dagster's wrapper."""
    chain = _chain(error)
    for e in chain:
        found = _SYSTEM_CAUSES.search(e.message)
        if found and not _wrapper(e):
            text = _describe(e).splitlines()[0]
            return text if found.group(0) in text else f"{found.group(0)}: {text}"
    ours = [e for e in chain if not _wrapper(e)]
    return _describe(ours[0] if ours else error)


def _plain(value: object) -> object:
    return getattr(value, "value", value)


# run_id -> the report the job itself recorded at its end, for run_pipeline in the same process (popped there)
ENDED: dict[str, RunReport] = {}


def build_report(run_id: str, events: Sequence[dg.DagsterEvent], success: bool, warehouse_file: str,
                 full: bool = False, lock_wait: float | None = None, signame: str | None = None,
                 why: str | None = None) -> RunReport:
    """What a run did, from its Dagster events: those of execute_in_process or those the instance stored; why: the
    failure to name when no step failed and the run's own events name none."""
    events = [e for e in events if e is not None]
    checks = [
        CheckLine(e.asset_key.to_user_string(), e.check_name, e.passed, e.severity.value,
                  _int(e.metadata, "unexpected_count"), _int(e.metadata, "quarantined_documents"),
                  _int(e.metadata, "element_count"))
        for e in (ev.event_specific_data for ev in events
                  if ev.event_type_value == dg.DagsterEventType.ASSET_CHECK_EVALUATION.value)
    ]
    ran = {(c.table, c.name) for c in checks}
    not_run = [f"{s.table}.{r.name}" for s in load_suites() for r in s.rules if (s.table, r.name) not in ran]
    materialized = [ev for ev in events if ev.is_step_materialization and ev.asset_key is not None]
    gate = next((ev.event_specific_data.materialization.metadata for ev in materialized
                 if ev.asset_key == dg.AssetKey("quality_gate")), {})
    held = [(h["source_file"], h["reason"]) for h in _plain(gate.get("gate_quarantines")) or []]
    published = any(ev.asset_key.path[0] == "published" for ev in materialized)
    failures = [
        StepFailure(ev.step_key or "", _reason(ev.event_specific_data.error) if ev.event_specific_data and
                    ev.event_specific_data.error else "failed")
        for ev in events if ev.is_step_failure
    ]
    if not success and not failures:
        failures = [StepFailure("run", _reason(e)) for e in _run_failures(events)] or [
            StepFailure("run", why or "failed before any step ran")]
    errors = [f"{f.step}: {f.what}" for f in failures]
    doc_events = [ev.event_specific_data.materialization for ev in materialized
                  if ev.asset_key == dg.AssetKey("documents")]
    doc_events += [ev.event_specific_data.asset_observation for ev in events
                   if ev.is_asset_observation and ev.asset_key == dg.AssetKey("documents")]
    changes = {k: _plain(v) for e in doc_events for k, v in e.metadata.items() if k in _CHANGE_KEYS}
    skipped = next((dict(_plain(e.metadata["skipped_by_reason"])) for e in doc_events
                    if "skipped_by_reason" in e.metadata), {})
    unchanged = success and not any(ev.asset_key == dg.AssetKey("documents") for ev in materialized)
    staged = not (published or unchanged)
    counts = _staged_counts(materialized) if staged else \
        _published_by_run(materialized) or _published_counts(warehouse_file, lock_wait)
    if signame:
        errors.insert(0, f"stopped by {signame}: nothing was published, the warehouse is as it was")
        failures.insert(0, StepFailure("run", errors[0]))
    report = RunReport(run_id, success and (published or unchanged) and not signame, published,
                       checks, counts, errors, changes, unchanged, held, int(_plain(gate.get("gate_quarantined")) or 0),
                       int(_plain(gate.get("input_quarantined")) or 0), counts_staged=staged, interrupted=signame,
                       skipped=skipped, failures=failures, not_run=[] if unchanged else not_run)
    steps = {ev.step_key for ev in events if ev.event_type_value == dg.DagsterEventType.STEP_START.value}
    if steps and steps <= {CHECK_STEP}:  # asset checks alone (the UI's check panel, `dagster asset check`)
        report.mode, report.not_run = "checks-only", not_run
        return report
    report.mode = "full" if full or str(changes.get("mode") or "").startswith(("full", "first run")) else \
        "incremental" if any(ev.step_key == "documents" for ev in events) else "publish-only"
    return report


def run_ended(report: RunReport, warehouse_file: str, started: datetime, lock_wait: float | None) -> None:
    """Record the run in gate_runs; a warehouse that cannot be written (held, full) becomes a note, not an error."""
    from pipelines.quality.report import page_name, reports_folder

    page = reports_folder(warehouse_file) / page_name(report.run_id)
    row = gate_runs.GateRun(
        report.run_id, started, datetime.now(UTC), report.mode, report.outcome, report.published,
        "staged" if report.counts_staged else "published", report.counts.get("documents"),
        report.counts.get("articles"), report.counts.get("numeric_claims"), report.counts.get("quarantined"),
        report.gate_quarantined, len(report.checks), [f"{c.table}.{c.name}" for c in report.failed_blocking],
        [f"{c.table}.{c.name}" for c in report.checks if not c.passed and c.severity != "ERROR" and not c.quarantined],
        report.not_run, report.errors, str(page) if page.exists() else None)
    wait = settings.lock_wait() if lock_wait is None else lock_wait
    try:
        with warehouse.connect(warehouse_file, wait=wait) as con:
            gate_runs.record(con, row)
    except (duckdb.Error, OSError, warehouse.WarehouseLocked) as exc:
        report.notes.append(f"the run is not recorded in gate_runs: {first_line(exc)}")
    if page.exists():
        from pipelines.quality.report import finish_report

        try:
            finish_report(warehouse_file, settings.staging_path(warehouse_file), report.run_id, report.outcome,
                          load_suites(), wait)
        except (duckdb.Error, OSError, warehouse.WarehouseLocked) as exc:
            report.notes.append(f"the report shows the run as the gate left it: {first_line(exc)}")


def _int(metadata: dict, key: str) -> int:
    return int((metadata.get(key) or dg.IntMetadataValue(0)).value or 0)


def first_line(exc: BaseException) -> str:
    """One line naming an exception raised outside the job: the system's complaint first when there is one."""
    seen: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and e not in seen:
        seen.append(e)
        e = e.__cause__ or e.__context__
    for e in seen:
        text = f"{type(e).__name__}: {e}"
        found = _SYSTEM_CAUSES.search(text)
        if found:
            first = text.splitlines()[0]
            return first if found.group(0) in first else f"{found.group(0)}: {first}"
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


def _run_failures(events: Sequence[dg.DagsterEvent]) -> list:
    """The errors of the run's own failure events (a resource that could not start, an interrupt)."""
    out = []
    for ev in events:
        data = ev.event_specific_data
        error = getattr(data, "error", None)
        if ev.event_type_value in ("PIPELINE_FAILURE", "RUN_FAILURE") and error is not None:
            out.append(error)
    return out


def _staged_counts(materialized) -> dict[str, int]:
    """Row counts of the run's own staged tables, from its materializations (what it would have published)."""
    counts: dict[str, int] = {}
    for ev in materialized:
        name = ev.asset_key.path[-1]
        meta = ev.event_specific_data.materialization.metadata
        if ev.asset_key.path[0] != "published" and name in _COUNT_ASSETS and "dagster/row_count" in meta:
            counts[name] = int(_plain(meta["dagster/row_count"]))
            if "quarantined_total" in meta:
                counts["quarantined"] = int(_plain(meta["quarantined_total"]))
    return counts


def _published_by_run(materialized) -> dict[str, int] | None:
    """Row counts of the published tables as this run's publish left them (its materializations of every
    published table), without opening the warehouse; None when it did not publish them all."""
    counts: dict[str, int] = {}
    for ev in materialized:
        path = ev.asset_key.path
        meta = ev.event_specific_data.materialization.metadata
        if path[0] == "published" and "dagster/row_count" in meta:
            counts[path[-1]] = int(_plain(meta["dagster/row_count"]))
            for key in ("quarantined", "gate_quarantined"):
                if key in meta:
                    counts[key] = int(_plain(meta[key]))
    return counts if set(warehouse.PUBLISHED_TABLES) | {"quarantined", "gate_quarantined"} <= set(counts) else None


def _published_counts(warehouse_file: str, lock_wait: float | None) -> dict[str, int]:
    if not Path(warehouse_file).exists():
        return {}
    try:
        wait = settings.lock_wait() if lock_wait is None else lock_wait
        with warehouse.connect(warehouse_file, read_only=True, wait=wait) as con:
            return warehouse.row_counts(con)
    except (duckdb.CatalogException, warehouse.WarehouseLocked):
        return {}  # nothing published yet, or someone holds the file
