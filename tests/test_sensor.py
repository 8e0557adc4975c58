"""The input-folder sensor: a run when files are added, changed or removed, none when nothing changed."""

import os

import dagster as dg
import pytest

from pipelines.definitions import build_definitions
from pipelines.defs.resources import InputFolder
from pipelines.defs.sensors import input_folder_sensor

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser


def evaluate(folder, cursor, instance):
    """One sensor tick over `folder`, with the cursor the previous tick left."""
    context = dg.build_sensor_context(cursor=cursor, instance=instance,
                                      resources={"input_folder": InputFolder(path=str(folder))})
    return input_folder_sensor(context)


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "input"
    (root / "sub").mkdir(parents=True)
    (root / "one.txt").write_text("The ferry carried 300 passengers on its first crossing.\n")
    (root / "sub" / "two.md").write_text("# Notes\n\nAbout 12 boats stayed in port.\n")
    return root


def settle(folder, instance) -> str:
    """The cursor after the sensor has seen the folder as it is."""
    first = evaluate(folder, None, instance)
    assert isinstance(first, dg.SensorResult) and len(first.run_requests) == 1
    return first.cursor


def test_nothing_changed_requests_no_run(folder, instance):
    cursor = settle(folder, instance)
    result = evaluate(folder, cursor, instance)
    assert isinstance(result, dg.SkipReason)
    assert "no file added, changed or removed" in result.skip_message


def write(path, text, bump=0):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if bump:  # file systems with coarse clocks: make the change visible in the modification time too
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + bump))


@pytest.mark.parametrize("change", [
    lambda root: write(root / "three.html", "<p>A new page with 40 readers.</p>"),
    lambda root: write(root / "sub" / "deeper" / "four.txt.gz", "not really gzip"),
    lambda root: write(root / "one.txt", "The ferry carried 310 passengers on its first crossing.\n", bump=10**9),
    lambda root: (root / "sub" / "two.md").unlink(),
    lambda root: (root / "one.txt").rename(root / "renamed.txt"),
], ids=["added", "added_nested", "changed", "removed", "renamed"])
def test_a_change_requests_one_run(folder, instance, change):
    cursor = settle(folder, instance)
    change(folder)
    result = evaluate(folder, cursor, instance)
    assert isinstance(result, dg.SensorResult)
    assert len(result.run_requests) == 1 and result.cursor != cursor
    request = result.run_requests[0]
    assert request.tags["claimtrail/trigger"] == "input_folder"
    assert isinstance(evaluate(folder, result.cursor, instance), dg.SkipReason)


def test_ignored_files_do_not_start_runs(folder, instance):
    cursor = settle(folder, instance)
    write(folder / "notes.docx", "not an input type")
    write(folder / ".hidden.txt", "hidden")
    assert isinstance(evaluate(folder, cursor, instance), dg.SkipReason)


def test_returning_to_an_earlier_state_still_starts_a_run(folder, instance):
    start = settle(folder, instance)
    write(folder / "extra.txt", "Five hundred people came.")
    added = evaluate(folder, start, instance)
    (folder / "extra.txt").unlink()
    removed = evaluate(folder, added.cursor, instance)
    assert isinstance(removed, dg.SensorResult) and len(removed.run_requests) == 1
    assert removed.run_requests[0].run_key != added.run_requests[0].run_key


def test_missing_folder_is_skipped_with_a_reason(tmp_path, instance):
    result = evaluate(tmp_path / "nowhere", None, instance)
    assert isinstance(result, dg.SkipReason) and "does not exist" in result.skip_message


def test_sensor_targets_the_job_and_reports_the_input_files(folder, instance):
    defs = build_definitions(str(folder), str(folder.parent / "w.duckdb"))
    sensor = defs.resolve_sensor_def("input_folder_sensor")
    assert sensor.job_name == "claimtrail"
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    result = evaluate(folder, None, instance)
    observation = result.asset_events[0]
    assert observation.asset_key == dg.AssetKey("input_files") and observation.metadata["files"].value == 2
