"""Which run owns the staging tables: a run never mixes its rows with those of another run still going."""

import dagster as dg
import duckdb

from pipelines import warehouse as store
from pipelines.liveness import process_alive

_IN_PROGRESS = (dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.CANCELING)


def run_owner(context: dg.OpExecutionContext) -> str:
    """The run that owns staged work: a re-execution keeps the id of the run it repeats."""
    return context.run.root_run_id or context.run.run_id


def claim_staging(context: dg.OpExecutionContext, con: duckdb.DuckDBPyConnection) -> store.SyncState:
    """Fail if another run that is still going is filling the staging tables; never mix two runs' rows.

    A run whose process is gone (killed: Dagster still shows it STARTED) is no owner: this run takes staging
    over, says so in its log and marks that run failed. Liveness is told by the PID, host and start time the
    owner recorded; an owner on another host, or one that recorded none, counts as alive while Dagster says so.
    """
    state = store.sync_state(con)
    owner = run_owner(context)
    if state.pending and state.owner_run_id and state.owner_run_id != owner:
        other = context.instance.get_run_by_id(state.owner_run_id)
        if other is not None and other.status in _IN_PROGRESS:
            alive = process_alive(state.owner_pid, state.owner_host, state.owner_started)
            if alive is False:
                context.log.warning(
                    f"run {state.owner_run_id} was filling the staging tables but its process (PID "
                    f"{state.owner_pid} on {state.owner_host}) is gone, though Dagster still shows the run "
                    f"{other.status.value}: this run takes the staging tables over and marks that run failed")
                context.instance.report_run_failed(
                    other, f"its process (PID {state.owner_pid}) is gone; run {owner} took the staging tables over")
                return state
            where = f" (PID {state.owner_pid} on {state.owner_host})" if state.owner_pid else ""
            raise dg.Failure(
                description=f"run {state.owner_run_id}{where} is filling the staging tables right now; this run "
                            "stops so that the two runs' rows are never mixed. Wait for it to finish, then run "
                            "again. If that run's process is gone (killed) on another machine, terminate it in the "
                            "UI (Runs, then the run, then Terminate) so that Dagster marks it failed.")
    return state
