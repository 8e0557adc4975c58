"""gate_runs: one row per run, written when it ends, whatever the outcome; every column commented."""

import shutil

import dagster as dg
import duckdb
import pyarrow as pa
import pytest

from pipelines import gate_runs, stages
from pipelines.definitions import build_definitions
from pipelines.quality import report
from pipelines.quality.suites import load_suites
from pipelines.runner import run_pipeline
from tests.conftest import SEEDS

pytestmark = pytest.mark.e2e  # runs the job end to end and reads gate_runs

CHECKS = sum(len(s.rules) for s in load_suites())
WRITES: list[str] = []  # run ids, one per write of a gate_runs row


def doubled(original):
    def bad(paragraphs):  # the first claim staged twice: claim ids are no longer unique (a run rule)
        table = original(paragraphs)
        return pa.concat_tables([table, table.slice(0, 1)])
    return bad


@pytest.fixture(scope="module")
def runs(tmp_path_factory, dagster_home):
    """Four runs into one warehouse: published, nothing changed, blocked, input folder missing (each write of a
    row counted)."""
    folder = tmp_path_factory.mktemp("gate_runs")
    root, path = folder / "input", str(folder / "w.duckdb")
    shutil.copytree(SEEDS, root)
    with dg.DagsterInstance.ephemeral() as instance, pytest.MonkeyPatch.context() as counting:
        original = gate_runs.record

        def counted(con, row):
            WRITES.append(row.run_id)
            original(con, row)

        counting.setattr(gate_runs, "record", counted)
        first = run_pipeline(str(root), path, instance=instance)
        same = run_pipeline(str(root), path, instance=instance)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(stages, "claim_rows", doubled(stages.claim_rows))
            blocked = run_pipeline(str(root), path, instance=instance, full=True)
        missing = run_pipeline(str(folder / "gone"), path, instance=instance)
    with duckdb.connect(path, read_only=True) as con:
        rows = {r.run_id: r for r in gate_runs.latest(con, 10)}
        comments = con.execute("select column_name, comment from duckdb_columns() where table_name = 'gate_runs'"
                               ).fetchall()
    return {"first": first, "same": same, "blocked": blocked, "missing": missing}, rows, comments


def test_one_row_per_run_newest_first(runs):
    reports, rows, _ = runs
    assert set(rows) == {r.run_id for r in reports.values()}
    assert all(r.started_at <= r.ended_at for r in rows.values())


def test_a_published_run_has_its_counts_and_report(runs):
    reports, rows, _ = runs
    row = rows[reports["first"].run_id]
    assert (row.mode, row.outcome, row.published, row.counts_of) == ("full", "published", True, "published")
    assert (row.documents, row.articles, row.claims, row.quarantined) == (
        reports["first"].counts["documents"], reports["first"].counts["articles"],
        reports["first"].counts["numeric_claims"], 0)
    assert row.documents == 5 and row.claims > 0 and row.checks_run == CHECKS
    assert row.failed_rules == [] and row.skipped_rules == [] and row.errors == []
    assert row.report_path and row.report_path.endswith(f"{reports['first'].run_id}.html")


def test_an_unchanged_run_is_recorded_as_such(runs):
    reports, rows, _ = runs
    row = rows[reports["same"].run_id]
    assert (row.mode, row.outcome, row.published, row.checks_run) == ("incremental", "nothing changed", False, 0)


def test_a_blocked_run_names_its_failed_rules(runs):
    reports, rows, _ = runs
    row = rows[reports["blocked"].run_id]
    assert (row.mode, row.outcome, row.published, row.counts_of) == ("full", "blocked", False, "staged")
    assert row.failed_rules == ["numeric_claims.claim_id_unique"] and row.skipped_rules == []
    assert row.claims == reports["first"].counts["numeric_claims"] + 1
    assert len(row.errors) == 1 and "blocked by the quality gate" in row.errors[0]


def test_a_run_that_stopped_before_the_gate_records_every_rule_as_skipped(runs):
    reports, rows, _ = runs
    row = rows[reports["missing"].run_id]
    assert (row.outcome, row.published, row.checks_run) == ("failed", False, 0)
    assert len(row.skipped_rules) == CHECKS and "numeric_claims.claim_id_unique" in row.skipped_rules
    assert len(row.errors) == 1 and "does not exist" in row.errors[0]


def test_every_column_is_commented(runs):
    _, _, comments = runs
    assert {name for name, _ in comments} == {f.name for f in gate_runs.SCHEMA}
    assert [name for name, comment in comments if not comment] == []


def test_the_cli_path_writes_each_row_once(runs):
    reports, _, _ = runs
    assert sorted(WRITES) == sorted(r.run_id for r in reports.values())


def test_a_run_started_outside_the_cli_records_its_end(tmp_path, dagster_home):
    """The job executed through Dagster's own API, as the UI, a schedule or a sensor start it (no runner, no
    daemon): the run writes its gate_runs row and rewrites its report with its final outcome itself."""
    root, path = tmp_path / "input", str(tmp_path / "w.duckdb")
    shutil.copytree(SEEDS, root)
    defs = build_definitions(str(root), path)
    job = defs.resolve_job_def("claimtrail")
    # the checks alone, as the UI's asset-check panel or `dagster asset check` run them
    only = dg.define_asset_job("checks_only", selection=dg.AssetSelection.all_asset_checks())
    checks_job = dg.Definitions.merge(defs, dg.Definitions(jobs=[only])).resolve_job_def("checks_only")
    with dg.DagsterInstance.ephemeral() as instance:
        first = job.execute_in_process(instance=instance, raise_on_error=False)
        checked = checks_job.execute_in_process(instance=instance, raise_on_error=False)
        assert checked.success and {e.step_key for e in checked.all_events if e.step_key} == {"quality_suite"}
        shutil.rmtree(root)
        gone = job.execute_in_process(instance=instance, raise_on_error=False)
        assert first.success and not gone.success
        recorded = died_without_a_row(instance, job, path, [first.run_id, gone.run_id])
    with duckdb.connect(path, read_only=True) as con:
        rows = {r.run_id: r for r in gate_runs.latest(con, 10)}
    assert set(rows) == {first.run_id, checked.run_id, gone.run_id, recorded}
    alone = rows[checked.run_id]
    assert (alone.mode, alone.outcome, alone.published, alone.checks_run, alone.documents) == (
        "checks-only", "nothing changed", False, CHECKS, 5)
    dead = rows[recorded]
    assert (dead.outcome, dead.published, dead.checks_run) == ("failed", False, 0)
    assert len(dead.errors) == 1 and "process ended before the run did" in dead.errors[0]
    row = rows[first.run_id]
    assert (row.mode, row.outcome, row.published, row.documents, row.checks_run) == ("full", "published", True, 5,
                                                                                      CHECKS)
    page = report.reports_folder(path) / report.page_name(first.run_id)
    assert row.report_path == str(page) and page.is_file()
    assert "<p>Outcome: <b>published</b></p>" in page.read_text(encoding="utf-8")  # the final state, not the gate's
    refused = rows[gone.run_id]
    assert (refused.outcome, refused.published, refused.checks_run) == ("failed", False, 0)
    assert len(refused.errors) == 1 and refused.started_at <= refused.ended_at


def died_without_a_row(instance: dg.DagsterInstance, job, path: str, recorded: list[str]) -> str:
    """A run whose process died (no end recorded), marked failed as Dagster does later: the failure sensor writes
    its row; it leaves the runs that recorded their own end alone."""
    from pipelines.defs.run_end import RunEnd
    from pipelines.defs.sensors import unrecorded_run_sensor

    def fire(run: dg.DagsterRun, event: dg.DagsterEvent) -> None:
        with dg.build_run_status_sensor_context(
                sensor_name="unrecorded_run_sensor", dagster_event=event, dagster_instance=instance, dagster_run=run,
                resources={"run_end": RunEnd(warehouse=path)}) as context:
            unrecorded_run_sensor(context.for_run_failure())

    run = instance.create_run_for_job(job_def=job)
    instance.report_run_failed(run)
    failed = [e.dagster_event for e in instance.all_logs(run.run_id)
              if e.dagster_event is not None and e.dagster_event.event_type == dg.DagsterEventType.RUN_FAILURE]
    fire(instance.get_run_by_id(run.run_id), failed[0])
    with duckdb.connect(path, read_only=True) as con:
        before = {r.run_id: r.ended_at for r in gate_runs.latest(con, 10)}
    fire(instance.get_run_by_id(recorded[1]), failed[0])  # recorded already: left as it is
    with duckdb.connect(path, read_only=True) as con:
        assert {r.run_id: r.ended_at for r in gate_runs.latest(con, 10)} == before
    return run.run_id
