"""Write-audit-publish: a run rule failure is blocked, named, and leaves the published warehouse unchanged; a
document rule failure quarantines its document and the rest publishes."""

import dagster as dg
import duckdb
import pyarrow as pa
import pytest

from pipelines import cli, stages
from pipelines.definitions import build_definitions
from pipelines.runner import run_pipeline
from pipelines.warehouse import PUBLISHED_TABLES

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser


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


def duplicate_first_claim(original):
    """Wrap claim_rows so that its first claim is staged twice: claim ids are no longer unique (a run rule)."""
    def bad(paragraphs):
        table = original(paragraphs)
        return pa.concat_tables([table, table.slice(0, 1)])
    return bad


def test_claim_without_source_file_is_never_published(published, seeds_copy, instance, monkeypatch):
    """The document holding it is quarantined (a document rule); the others publish."""
    path, _ = published
    (seeds_copy / "new.txt").write_text("A new brief\n\nOfficials counted 42 new arrivals last week.\n")
    monkeypatch.setattr(stages, "claim_rows", claim_without_source(stages.claim_rows))
    report = run_pipeline(str(seeds_copy), str(path), instance=instance, full=True)
    assert report.success and report.published, report.errors or report.failed_blocking
    [(held, reason)] = report.gate_quarantines
    assert reason.startswith("gate: claim_has_source_file (claim ") and reason.endswith(" has no source file)")
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select count(*) from numeric_claims where source_file is null").fetchone()[0] == 0
        assert con.execute("select count(*) from numeric_claims where source_file = ?", [held]).fetchone()[0] == 0
        assert con.execute("select count(*) from quarantine.numeric_claims where source_file is null"
                           ).fetchone()[0] == 1
        assert con.execute("select count(distinct source_file) from numeric_claims").fetchone()[0] >= 4
        assert con.execute("select status from documents where source_file = ?", [held]).fetchone() == (
            "quarantined",)
        failed = con.execute("select expectation from quality_runs where run_id = ? and not success",
                             [report.run_id]).fetchall()
    assert failed == []   # every rule passes on what was published


def test_duplicate_claim_ids_block_publishing(published, seeds_copy, instance, monkeypatch):
    path, before = published
    monkeypatch.setattr(stages, "claim_rows", duplicate_first_claim(stages.claim_rows))
    report = run_pipeline(str(seeds_copy), str(path), instance=instance, full=True)
    assert not report.success and not report.published
    assert [c.name for c in report.failed_blocking] == ["claim_id_unique"]
    assert snapshot(path) == before
    with duckdb.connect(str(path), read_only=True) as con:
        failed = con.execute(
            "select expectation from quality_runs where run_id = ? and not success", [report.run_id]).fetchall()
    assert failed == [("claim_id_unique",)]


def test_publish_alone_refuses_after_a_failed_gate(published, seeds_copy, instance, monkeypatch):
    path, before = published
    monkeypatch.setattr(stages, "claim_rows", duplicate_first_claim(stages.claim_rows))
    assert not run_pipeline(str(seeds_copy), str(path), instance=instance, full=True).success
    monkeypatch.undo()
    job = build_definitions(str(seeds_copy), str(path)).resolve_job_def("claimtrail")
    result = job.execute_in_process(
        instance=instance, raise_on_error=False,
        asset_selection=[dg.AssetKey(["published", t]) for t in PUBLISHED_TABLES],
    )
    assert not result.success
    failure = result.get_step_failure_events()[0].event_specific_data.error
    assert "claim_id_unique" in str(failure.message) + str(failure.cause)
    assert snapshot(path) == before


def test_cli_exits_non_zero_naming_the_expectation(published, seeds_copy, monkeypatch, capsys):
    path, before = published
    monkeypatch.setattr(stages, "claim_rows", duplicate_first_claim(stages.claim_rows))
    code = cli.main(["run", "--input", str(seeds_copy), "--warehouse", str(path), "--full"])
    out = capsys.readouterr()
    assert code != 0
    assert "FAILED numeric_claims.claim_id_unique" in out.out
    assert "NOT published" in out.err
    assert snapshot(path) == before


def test_cli_exits_zero_when_it_published_with_quarantines(published, seeds_copy, monkeypatch, capsys):
    path, _ = published
    monkeypatch.setattr(stages, "claim_rows", claim_without_source(stages.claim_rows))
    code = cli.main(["run", "--input", str(seeds_copy), "--warehouse", str(path), "--full"])
    out = capsys.readouterr().out
    assert code == 0
    assert "(0 quarantined when read, 1 by the gate)" in out
    assert "quarantine numeric_claims.claim_has_source_file: 1 documents" in out
    assert "quarantined in this run: 1 by the gate, 0 when read or cleaned" in out
    assert "gate: claim_has_source_file (claim " in out
    assert "published, 1 documents quarantined by the gate" in out


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
