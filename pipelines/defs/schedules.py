"""A daily schedule: an incremental run every morning, whatever the sensor saw."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.jobs import claimtrail_job

DAILY_CRON = "0 5 * * *"

daily_schedule = dg.ScheduleDefinition(
    name="claimtrail_daily",
    job=claimtrail_job,
    cron_schedule=DAILY_CRON,
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    tags={"claimtrail/trigger": "daily_schedule"},
    description="Every day at 05:00 UTC: take in whatever was added, changed or removed in the input folder.",
)
