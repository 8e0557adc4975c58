"""Run the whole job in-process and summarise it: what `claimtrail run` and the tests use."""

from __future__ import annotations

from datetime import UTC, datetime

import dagster as dg

from pipelines import interrupts
from pipelines.definitions import build_definitions
from pipelines.run_report import (  # noqa: F401  (the names callers know from here)
    ENDED,
    STEP_NAMES,
    CheckLine,
    RunReport,
    StepFailure,
    build_report,
    first_line,
    run_ended,
)


def run_pipeline(input_dir: str, warehouse_file: str, instance: dg.DagsterInstance | None = None,
                 log_level: str = "WARNING", full: bool = False, lock_wait: float | None = None,
                 allow_removal: bool = False) -> RunReport:
    """Materialize the whole graph over input_dir into warehouse_file; never raises for a failed run.

    Incremental unless `full`: only new or changed files are read; unchanged input is a run that does nothing.
    SIGINT or SIGTERM stop it within seconds (pipelines.interrupts): the report then says which signal.
    """
    started = datetime.now(UTC)
    defs = build_definitions(input_dir, warehouse_file, lock_wait=lock_wait)
    job = defs.resolve_job_def("claimtrail")
    with interrupts.stopping_on_signals() as stopped:
        result = job.execute_in_process(
            instance=instance or dg.DagsterInstance.get(), raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}},
                        "ops": {"documents": {"config": {"full": full, "allow_removal": allow_removal}}}},
        )
    report = build_report(result.run_id, result.all_events, result.success, warehouse_file, full, lock_wait,
                          stopped.name)
    ended = ENDED.pop(result.run_id, None)  # the job recorded its own end (pipelines.defs.run_end): one writer
    if ended is not None and ended.outcome == report.outcome:
        report.notes += ended.notes
    else:  # it could not (it stopped before its resources started) or did not know (the signal that stopped it)
        run_ended(report, warehouse_file, started, lock_wait)
    return report
