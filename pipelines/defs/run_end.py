"""The end of every run, whatever started it (the CLI, the UI, a schedule, a sensor): its gate_runs row and the
final state of its report page, written by the run itself in its own process, so no daemon is needed.

Dagster has no run-level hook, but with the in-process executor (the job's) a run's resources are started once
before its first step and torn down after its last, whether the steps passed, failed or were skipped: the teardown
of RunEnd is the run's last act. A hook on every asset makes every run of them start that resource (Dagster starts
the resources a step's hooks need).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
from pydantic import Field

from pipelines import gate_runs, run_report, settings
from pipelines import warehouse as store

RUN_END = "run_end"
KEPT_ENDED = 20


class RunEnd(dg.ConfigurableResource):
    """Records the run in gate_runs and rewrites its report with the final outcome once its steps are over."""

    warehouse: str = Field(description="the published warehouse file the run writes")
    lock_wait: float | None = Field(None, description="seconds to wait for another process's lock")

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if context.instance is None or context.run is None:
            return  # a resource built outside a run (a test, build_resources): nothing ended
        try:
            record_end(context.instance, context.run, self.warehouse, self.lock_wait)
        except Exception as exc:  # the run's outcome stands whatever its record does: said, not raised
            context.log.warning(f"the run's end is not recorded (gate_runs, report): {type(exc).__name__}: {exc}")


def record_end(instance: dg.DagsterInstance, run: dg.DagsterRun, warehouse: str, lock_wait: float | None,
               why: str | None = None) -> None:
    """Build the run's report from the events the instance stored and record it (pipelines.run_report.run_ended);
    why: the failure to name when no step failed (the run's process died)."""
    entries = instance.all_logs(run.run_id)
    events = [e.dagster_event for e in entries if e.dagster_event is not None]
    ended_badly = run.status in (dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED)  # marked after its end
    success = not ended_badly and not any(e.is_step_failure or e.is_resource_init_failure or e.is_run_failure
                                          for e in events)
    config = ((run.run_config or {}).get("ops") or {}).get("documents", {}).get("config") or {}
    report = run_report.build_report(run.run_id, events, success, warehouse, bool(config.get("full")), lock_wait,
                                     why=why)
    started = min((e.timestamp for e in entries), default=None)
    run_report.run_ended(report, warehouse,
                         datetime.fromtimestamp(started, UTC) if started else datetime.now(UTC), lock_wait)
    run_report.ENDED[run.run_id] = report  # `claimtrail run` in this process prints these notes, and writes nothing
    for old in list(run_report.ENDED)[:-KEPT_ENDED]:  # runs no run_pipeline asks for (a code server's, a test's)
        del run_report.ENDED[old]


def record_missing(instance: dg.DagsterInstance, run: dg.DagsterRun, warehouse: str, lock_wait: float | None) -> bool:
    """Record a run that has no gate_runs row yet (its process died before its end); whether it had none."""
    if not Path(warehouse).exists():
        return False  # nothing was ever published there: no table to record into
    wait = settings.lock_wait() if lock_wait is None else lock_wait
    with store.connect(warehouse, read_only=True, wait=wait) as con:
        if gate_runs.published_runs(con, [run.run_id]):
            return False
    record_end(instance, run, warehouse, lock_wait, why="the run's process ended before the run did (killed, or out of "
                                                       "memory): nothing of it was published")
    return True


@dg.failure_hook(name="run_end_on_failure", required_resource_keys={RUN_END})
def _needs_run_end(context: dg.HookContext) -> None:
    """Brings RunEnd into every run of the assets (a hook's resources start with the run); says which step failed."""
    context.log.info(f"step {context.step_key} failed: the run's end is recorded when its last step is over")


def with_run_end(assets: Sequence) -> list:
    """The assets (or asset checks), each with the hook that makes its runs record their end."""
    return [_hooked(a) if isinstance(a, dg.AssetsDefinition) else a for a in assets]


def _hooked(a: dg.AssetsDefinition) -> dg.AssetsDefinition:
    hooked = a.with_hooks({_needs_run_end})
    if not isinstance(a, dg.AssetChecksDefinition):
        return hooked
    # with_hooks returns a plain AssetsDefinition; made a checks definition again here (else Dagster does it when
    # it loads the code location, with a BetaWarning on its private execution_type argument in the log)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.BetaWarning)
        return dg.AssetChecksDefinition(**hooked.get_attributes_dict())


def run_end_resources(resources: dict[str, object], lock_wait: float | None) -> dict[str, object]:
    """The resources with RunEnd added, for the same warehouse file."""
    return {**resources, RUN_END: RunEnd(warehouse=resources["warehouse"].database, lock_wait=lock_wait)}
