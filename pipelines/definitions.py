"""The claimtrail code location (loaded by `dagster dev -w workspace.yaml`)."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.assets import cleaned_text, documents, input_files, numeric_claims
from pipelines.defs.checks import quality_checks, quality_gate
from pipelines.defs.jobs import claimtrail_job
from pipelines.defs.near_duplicates import near_duplicates
from pipelines.defs.publish import published_tables
from pipelines.defs.resources import make_resources
from pipelines.defs.run_end import run_end_resources, with_run_end
from pipelines.defs.schedules import daily_schedule
from pipelines.defs.sensors import input_folder_sensor, unrecorded_run_sensor

ASSETS = [input_files, documents, cleaned_text, numeric_claims, near_duplicates, quality_gate,
          published_tables]


def build_definitions(input_dir: str | None = None, warehouse: str | None = None,
                      lock_wait: float | None = None) -> dg.Definitions:
    """Definitions for one input folder and warehouse file (defaults from the environment)."""
    return dg.Definitions(
        assets=with_run_end(ASSETS),  # every run records its end (gate_runs, report), whatever started it
        asset_checks=with_run_end(quality_checks),  # a run of the checks alone too
        jobs=[claimtrail_job],
        schedules=[daily_schedule],
        sensors=[input_folder_sensor, unrecorded_run_sensor],
        resources=run_end_resources(make_resources(input_dir, warehouse, lock_wait), lock_wait),
        executor=dg.in_process_executor,
    )


defs = build_definitions()
