"""The job that runs the whole graph: stage, check, publish."""

from __future__ import annotations

import dagster as dg

claimtrail_job = dg.define_asset_job(
    "claimtrail",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets("input_files"),
    description="Ingest the input folder, clean, extract claims, run the quality gate and publish.",
    executor_def=dg.in_process_executor,
)
