"""The job that runs the whole graph: stage, check, publish."""

from __future__ import annotations

import dagster as dg

# runs of this job write one warehouse: the tag lets a Dagster instance queue them one at a time
# (run_queue tag_concurrency_limits in dagster.yaml); the staging tables are guarded as well
# (defs/ownership.claim_staging)
WAREHOUSE_TAG = "claimtrail/warehouse"

claimtrail_job = dg.define_asset_job(
    "claimtrail",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets("input_files"),
    description="Take in new, changed and deleted input files (all of them with config documents.full), clean, "
                "extract claims, run the quality gate and publish.",
    executor_def=dg.in_process_executor,
    tags={WAREHOUSE_TAG: "main"},
)
