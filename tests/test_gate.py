"""Write-audit-publish: bad staged data is blocked, named, and leaves the published warehouse unchanged."""

import dagster as dg
import duckdb
import pyarrow as pa
import pytest

from pipelines import cli, stages
from pipelines.definitions import build_definitions
from pipelines.runner import run_pipeline
from pipelines.warehouse import PUBLISHED_TABLES


def snapshot(path) -> dict[str, list]:
    """Every published data table's full content, in a stable order."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in PUBLISHED_TABLES}


def claim_without_source(original):
    """Wrap claim_rows so that its first claim loses its source file."""
    def bad(paragraphs):
        table = original(paragraphs)
        rows = table.to_pylist()
        rows[0]["source_file"] = None
        return pa.Table.from_pylist(rows, schema=table.schema)
    return bad


@pytest.fixture
def published(tmp_path, seeds_copy, instance):
    """A warehouse with one good published run, and its content."""
    path = tmp_path / "w.duckdb"
    report = run_pipeline(str(seeds_copy), str(path), instance=instance)
    assert report.success
    return path, snapshot(path)


def test_claim_without_source_file_blocks_publishing(published, seeds_copy, instance, monkeypatch):
    path, before = published
    (seeds_copy / "new.txt").write_text("A new brief\n\nOfficials counted 42 new arrivals last week.\n")
    monkeypatch.setattr(stages, "claim_rows", claim_without_source(stages.claim_rows))
    report = run_pipeline(str(seeds_copy), str(path), instance=instance, full=True)
    assert not report.success and not report.published
    assert [c.name for c in report.failed_blocking] == ["claim_has_source_file"]
    assert snapshot(path) == before
    with duckdb.connect(str(path), read_only=True) as con:
        failed = con.execute(
            "select expectation from quality_runs where run_id = ? and not success", [report.run_id]).fetchall()
    assert failed == [("claim_has_source_file",)]


def test_publish_alone_refuses_after_a_failed_gate(published, seeds_copy, instance, monkeypatch):
    path, before = published
    monkeypatch.setattr(stages, "claim_rows", claim_without_source(stages.claim_rows))
    assert not run_pipeline(str(seeds_copy), str(path), instance=instance, full=True).success
    monkeypatch.undo()
    job = build_definitions(str(seeds_copy), str(path)).resolve_job_def("claimtrail")
    result = job.execute_in_process(
        instance=instance, raise_on_error=False,
        asset_selection=[dg.AssetKey(["published", t]) for t in PUBLISHED_TABLES],
    )
    assert not result.success
    failure = result.get_step_failure_events()[0].event_specific_data.error
    assert "claim_has_source_file" in str(failure.message) + str(failure.cause)
    assert snapshot(path) == before


def test_cli_exits_non_zero_naming_the_expectation(published, seeds_copy, monkeypatch, capsys):
    path, before = published
    monkeypatch.setattr(stages, "claim_rows", claim_without_source(stages.claim_rows))
    code = cli.main(["run", "--input", str(seeds_copy), "--warehouse", str(path), "--full"])
    out = capsys.readouterr()
    assert code != 0
    assert "claim_has_source_file" in out.out
    assert "NOT published" in out.err
    assert snapshot(path) == before


def test_cli_run_succeeds_on_good_input(tmp_path, seeds_copy, capsys):
    code = cli.main(["run", "--input", str(seeds_copy), "--warehouse", str(tmp_path / "ok.duckdb")])
    out = capsys.readouterr().out
    assert code == 0
    assert "published" in out and "documents 5" in out


def test_bad_files_are_quarantined_and_the_run_goes_on(tmp_path, seeds_copy, instance):
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (seeds_copy / "only-cookies.txt").write_text(
        "We use cookies to improve your experience. Accept all cookies\n")
    path = tmp_path / "q.duckdb"
    report = run_pipeline(str(seeds_copy), str(path), instance=instance)
    assert report.success, report.errors
    with duckdb.connect(str(path), read_only=True) as con:
        rows = dict(con.execute(
            "select source_file, quarantine_reason from documents where status = 'quarantined'").fetchall())
    assert "empty" in rows["empty.txt"] and "binary" in rows["blob.txt"]
