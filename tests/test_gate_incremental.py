"""A document the gate quarantined stays quarantined, and costs nothing, on incremental runs: it is read again
only when its bytes, the cleaning code (engine_version) or the suites (suites_version) change."""

from __future__ import annotations

import shutil

import dagster as dg
import pytest

from pipelines import stages
from pipelines.runner import run_pipeline
from tests.gate_e2e import edit_cleaned
from tests.test_incremental import CLINICS, FILES, SCHOOLS, query, write_files
from tests.test_incremental import processed as processed  # the fixture, shared

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

HELD = "clinics.md"


def rights_line_in_clinics(rows):
    """The clinics story's article ends on a rights line: the gate quarantines that document."""
    clinic = {r["doc_id"] for r in rows["articles"] if r["source_file"] == HELD}
    for article in rows["articles"]:
        if article["doc_id"] in clinic:
            article["body"] += "\nAll rights reserved."


@pytest.fixture(scope="module")
def quarantined_once(tmp_path_factory, dagster_home):
    """Our four documents published once, the clinics story quarantined by the gate."""
    root = tmp_path_factory.mktemp("held")
    write_files(root / "input", FILES)
    with pytest.MonkeyPatch.context() as mp, dg.DagsterInstance.ephemeral() as inst:
        mp.setattr(stages, "clean_documents", edit_cleaned(stages.clean_documents, rights_line_in_clinics))
        report = run_pipeline(str(root / "input"), str(root / "w.duckdb"), instance=inst)
    assert report.success and report.published, report.errors or report.failed_blocking
    assert [f for f, _ in report.gate_quarantines] == [HELD]
    return root


@pytest.fixture
def world(quarantined_once, tmp_path):
    shutil.copytree(quarantined_once, tmp_path / "w")
    return tmp_path / "w" / "input", tmp_path / "w" / "w.duckdb"


def held(path) -> list[tuple]:
    return query(path, "select status, quarantine_reason from documents where source_file = ?", [HELD])


def test_the_quarantined_document_is_published_as_quarantined(world):
    _, path = world
    [(status, reason)] = held(path)
    assert status == "quarantined" and reason.startswith("gate: article_body_free_of_boilerplate")
    assert query(path, "select count(*) from articles where source_file = ?", [HELD]) == [(0,)]
    assert query(path, "select count(*) from quarantine.articles where source_file = ?", [HELD]) == [(1,)]


def test_nothing_changed_reads_nothing_and_keeps_it_quarantined(world, processed, instance):
    folder, path = world
    report = run_pipeline(str(folder), str(path), instance=instance)
    assert report.success and report.unchanged and processed["read"] == []
    assert held(path)[0][0] == "quarantined"


def test_another_file_changing_leaves_it_quarantined_and_unread(world, processed, instance):
    folder, path = world
    write_files(folder, {"schools.txt": SCHOOLS.encode()})
    report = run_pipeline(str(folder), str(path), instance=instance)
    assert report.success and report.published, report.errors or report.failed_blocking
    assert processed["read"] == ["schools.txt"] and report.gate_quarantined == 0
    assert held(path)[0][0] == "quarantined"
    # its would-be rows and why are carried over by the incremental publish
    assert query(path, "select count(*) from quarantine.articles where source_file = ?", [HELD]) == [(1,)]
    assert query(path, "select rule from quarantine.failures where source_file = ?", [HELD]) == [
        ("article_body_free_of_boilerplate",)]


def test_new_bytes_read_it_again(world, processed, instance):
    folder, path = world
    write_files(folder, {HELD: CLINICS.replace("37 clinics", "38 clinics").encode()})
    report = run_pipeline(str(folder), str(path), instance=instance)
    assert report.success, report.errors or report.failed_blocking
    assert processed["read"] == [HELD]
    assert held(path) == [("ok", None)]
    assert query(path, "select count(*) from quarantine.articles") == [(0,)]


def test_new_suites_read_it_again(world, processed, instance, monkeypatch):
    folder, path = world
    monkeypatch.setattr(stages, "suites_version", lambda: "other-suites")
    report = run_pipeline(str(folder), str(path), instance=instance)
    assert report.success, report.errors or report.failed_blocking
    assert processed["read"] == [HELD] and report.changes.get("unchanged") == len(FILES) - 1
    assert held(path) == [("ok", None)]   # the fixed cleaning no longer leaves the rights line
    assert query(path, "select count(*) from quarantine.failures") == [(0,)]


def test_new_cleaning_code_reads_everything_again(world, processed, instance, monkeypatch):
    folder, path = world
    monkeypatch.setattr(stages, "engine_version", lambda: "other-engine")
    report = run_pipeline(str(folder), str(path), instance=instance)
    assert report.success, report.errors or report.failed_blocking
    assert sorted(processed["read"]) == sorted(FILES)
    assert held(path) == [("ok", None)]
