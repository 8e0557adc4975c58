"""A sensor on the input folder: a run whenever files are added, changed or removed; a failure sensor that records
the end of a run whose process died before it could (pipelines.defs.run_end records every other run)."""


import dagster as dg

from pipelines import stages
from pipelines.defs.jobs import claimtrail_job
from pipelines.defs.resources import InputFolder
from pipelines.defs.run_end import RunEnd, record_missing

# the cursor is "<evaluation count>:<listing digest>": the count makes every run key new, so a folder that
# returns to an earlier state (a file added, then removed) still starts a run
_SEP = ":"


def _parse(cursor: str | None) -> tuple[int, str | None]:
    if not cursor or _SEP not in cursor:
        return 0, None
    count, digest = cursor.split(_SEP, 1)
    return int(count), digest


@dg.sensor(
    job=claimtrail_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.STOPPED,
    description="Watches the input folder (names, sizes, modification times) and starts an incremental run "
                "when a file is added, changed or removed.",
)
def input_folder_sensor(context: dg.SensorEvaluationContext, input_folder: InputFolder):
    """Request a run when the input folder's listing differs from the one seen last (kept in the cursor)."""
    root = input_folder.root()
    if not root.is_dir():
        return dg.SkipReason(f"input folder {root} does not exist")
    count, seen = _parse(context.cursor)
    digest, files = stages.listing_digest(root)
    if digest == seen:
        return dg.SkipReason(f"no file added, changed or removed in {root} ({files} files)")
    cursor = f"{count + 1}{_SEP}{digest}"
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=cursor, tags={"claimtrail/trigger": "input_folder",
                                                          "claimtrail/input_digest": digest})],
        cursor=cursor,
        asset_events=[dg.AssetObservation(asset_key="input_files",
                                          metadata={"files": files, "listing_digest": digest, "folder": str(root)})],
    )


@dg.run_failure_sensor(
    name="unrecorded_run_sensor", default_status=dg.DefaultSensorStatus.RUNNING,
    description="Writes the gate_runs row of a failed run that has none: a run records its own end, unless its "
                "process was killed outright (SIGKILL, out of memory) and Dagster marked it failed later.",
)
def unrecorded_run_sensor(context: dg.RunFailureSensorContext, run_end: RunEnd):
    """Record a failed run's end when the run itself could not (its row is missing from gate_runs)."""
    if record_missing(context.instance, context.dagster_run, run_end.warehouse, run_end.lock_wait):
        context.log.info(f"run {context.dagster_run.run_id} had no gate_runs row: recorded as failed")
