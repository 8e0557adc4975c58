"""A run that would remove most of the published documents (an empty, unmounted or wrong input folder) refuses,
saying what it would remove, unless removal is allowed; the published warehouse stays as it was."""

import shutil

import duckdb
import pytest

from pipelines.runner import run_pipeline
from pipelines.warehouse import PUBLISHED_TABLES

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

STORIES = {
    f"story_{i}.txt": f"Harbour report {i}\n\nThe ferry carried {1200 + i} passengers on Sunday, the harbour "
                      f"office said. Repairs to pier {i} will cost about €{40 + i},000.\n"
    for i in range(3)
}


def snapshot(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in PUBLISHED_TABLES} | {
            "files": sorted(r[0] for r in con.execute("select source_file from documents").fetchall())}


@pytest.fixture
def published(tmp_path, instance):
    root = tmp_path / "input"
    root.mkdir()
    for name, text in STORIES.items():
        (root / name).write_text(text)
    path = tmp_path / "w.duckdb"
    report = run_pipeline(str(root), str(path), instance=instance)
    assert report.success, report.errors or report.failed_blocking
    return root, path


def test_an_empty_folder_refuses_to_wipe_the_warehouse(published, instance):
    root, path = published
    before = snapshot(path)
    for f in root.iterdir():
        f.unlink()
    (root / "notes.pdf").write_bytes(b"%PDF")
    report = run_pipeline(str(root), str(path), instance=instance)
    assert not report.success and not report.published
    message = " ".join(report.errors)
    assert "refusing to remove 3 of the 3 published documents" in message
    assert "story_0.txt" in message and "holds no input file (1 entries skipped)" in message
    assert "--allow-removal" in message
    assert snapshot(path) == before
    allowed = run_pipeline(str(root), str(path), instance=instance, allow_removal=True)
    assert allowed.success, allowed.errors
    assert snapshot(path)["documents"] == 0


def test_a_missing_folder_refuses_and_names_the_folder(published, instance):
    root, path = published
    before = snapshot(path)
    shutil.rmtree(root)
    report = run_pipeline(str(root), str(path), instance=instance)
    assert not report.success
    assert f"input folder {root} does not exist" in report.errors[0]
    assert "the 3 published documents stay as they are" in report.errors[0]
    assert snapshot(path) == before


def test_removing_more_than_half_needs_permission(published, instance, monkeypatch):
    root, path = published
    (root / "story_0.txt").unlink()
    (root / "story_1.txt").unlink()
    report = run_pipeline(str(root), str(path), instance=instance)
    assert not report.success and "refusing to remove 2 of the 3 published documents (67%" in report.errors[0]
    assert "still holds 1 input files" in report.errors[0]
    monkeypatch.setenv("CLAIMTRAIL_MAX_REMOVAL", "0.7")
    report = run_pipeline(str(root), str(path), instance=instance)
    assert report.success, report.errors
    assert snapshot(path)["files"] == ["story_2.txt"]


def test_removing_a_few_files_needs_nothing(published, instance):
    root, path = published
    (root / "story_0.txt").unlink()
    report = run_pipeline(str(root), str(path), instance=instance)
    assert report.success, report.errors
    assert snapshot(path)["files"] == ["story_1.txt", "story_2.txt"]
