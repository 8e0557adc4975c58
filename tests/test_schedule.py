"""The daily schedule: one incremental run of the whole job a day."""

from datetime import UTC, datetime

import dagster as dg
import pytest
from dagster._utils.schedules import cron_string_iterator

from pipelines.definitions import build_definitions
from pipelines.defs.schedules import daily_schedule

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser


@pytest.mark.parametrize("when", [datetime(2026, 3, 1, 5, 0, tzinfo=UTC), datetime(2026, 12, 31, 5, 0, tzinfo=UTC)])
def test_each_tick_requests_one_run_of_the_job(when, instance):
    context = dg.build_schedule_context(instance=instance, scheduled_execution_time=when)
    result = daily_schedule.evaluate_tick(context)
    assert len(result.run_requests) == 1
    request = result.run_requests[0]
    assert request.tags["claimtrail/trigger"] == "daily_schedule"
    assert not request.run_config.get("ops", {}).get("documents", {}).get("config", {}).get("full")


def test_it_runs_once_a_day_in_utc():
    assert daily_schedule.cron_schedule == "0 5 * * *"
    assert daily_schedule.execution_timezone == "UTC"
    ticks = cron_string_iterator(datetime(2026, 5, 1, tzinfo=UTC).timestamp(), daily_schedule.cron_schedule,
                                 daily_schedule.execution_timezone)
    first, second = next(ticks), next(ticks)
    assert (first.hour, (second - first).total_seconds()) == (5, 86400)


def test_schedule_is_in_the_code_location(tmp_path):
    defs = build_definitions(str(tmp_path), str(tmp_path / "w.duckdb"))
    schedule = defs.resolve_schedule_def("claimtrail_daily")
    assert schedule.job_name == "claimtrail"
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
