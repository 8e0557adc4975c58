"""Two input files with the same bytes are one document: the copy is reported, never a second row."""

import duckdb
import pytest

from pipelines import stages
from pipelines.core.ingest import doc_id_for
from pipelines.runner import run_pipeline

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

STORY = b"Harbour reopens\n\nThe harbour reopened on Monday after 14 weeks of repairs, the port authority said.\n"
OTHER = b"Library extends hours\n\nThe city library will stay open until 9 pm on weekdays from next month.\n"


def test_the_first_copy_stands_for_the_bytes(tmp_path):
    (tmp_path / "a.txt").write_bytes(STORY)
    (tmp_path / "b.txt").write_bytes(STORY)
    plan = stages.plan_changes(tmp_path, {})
    assert [f.source_file for f in plan.added] == ["a.txt"]
    assert plan.duplicates == [("b.txt", "a.txt")]


def test_the_published_copy_keeps_standing_for_the_bytes(tmp_path):
    (tmp_path / "a.txt").write_bytes(STORY)
    (tmp_path / "z.txt").write_bytes(STORY)
    plan = stages.plan_changes(tmp_path, {"z.txt": doc_id_for(STORY)})
    assert [f.source_file for f in plan.unchanged] == ["z.txt"]
    assert plan.duplicates == [("a.txt", "z.txt")] and not plan.added and not plan.removed
    assert plan.nothing_to_do


def test_a_copy_whose_original_is_deleted_takes_over(tmp_path):
    (tmp_path / "b.txt").write_bytes(STORY)
    plan = stages.plan_changes(tmp_path, {"a.txt": doc_id_for(STORY)})
    assert [f.source_file for f in plan.added] == ["b.txt"] and plan.removed == [("a.txt", doc_id_for(STORY))]


def test_duplicate_files_do_not_block_publishing(tmp_path, instance):
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "a.txt").write_bytes(STORY)
    (folder / "copy-of-a.txt").write_bytes(STORY)
    (folder / "other.txt").write_bytes(OTHER)
    path = tmp_path / "w.duckdb"
    report = run_pipeline(str(folder), str(path), instance=instance)
    assert report.success, report.errors or report.failed_blocking
    with duckdb.connect(str(path), read_only=True) as con:
        files = sorted(r[0] for r in con.execute("select source_file from documents").fetchall())
    assert files == ["a.txt", "other.txt"]
    again = run_pipeline(str(folder), str(path), instance=instance)
    assert again.success
