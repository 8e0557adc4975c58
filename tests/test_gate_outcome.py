"""Everywhere a run shows its outcome — the command's summary, the run's report page, the Dagster checks and
the quality_gate asset, quality_runs and publish_log — the gate's quarantines are listed with their reasons and
counted apart from documents quarantined when read."""

from __future__ import annotations

import json

import dagster as dg
import duckdb
import pytest

from pipelines import cli, stages
from pipelines.definitions import build_definitions
from pipelines.quality.report import reports_folder
from tests.gate_e2e import edit_cleaned

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

REASON = 'gate: article_body_free_of_boilerplate ("all rights reserved" in article 0)'


def rights_line_in_the_first_document(rows):
    first = rows["articles"][0]["doc_id"]
    for article in rows["articles"]:
        if article["doc_id"] == first:
            article["body"] += "\nAll rights reserved."


@pytest.fixture
def run(tmp_path, seeds_copy, instance, monkeypatch):
    """The seeds plus an empty file, one document quarantined by the gate: the Dagster result and the paths."""
    (seeds_copy / "empty.txt").write_bytes(b"")
    monkeypatch.setattr(stages, "clean_documents",
                        edit_cleaned(stages.clean_documents, rights_line_in_the_first_document))
    path = tmp_path / "w.duckdb"
    job = build_definitions(str(seeds_copy), str(path)).resolve_job_def("claimtrail")
    result = job.execute_in_process(instance=instance, raise_on_error=False)
    assert result.success
    return result, path, seeds_copy


def test_the_gate_asset_lists_its_quarantines_apart(run):
    result, _, _ = run
    [gate] = [e.event_specific_data.materialization for e in result.get_asset_materialization_events()
              if e.asset_key == dg.AssetKey("quality_gate")]
    meta = gate.metadata
    assert meta["passed"].value is True
    assert meta["gate_quarantined"].value == 1 and meta["input_quarantined"].value == 1
    [held] = meta["gate_quarantines"].value
    assert held["reason"] == REASON and held["source_file"].startswith("000_")
    assert REASON.replace("|", "\\|") in meta["gate_quarantines_table"].value


def test_the_rules_checks_show_what_they_quarantined(run):
    result, _, _ = run
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    rule = checks["article_body_free_of_boilerplate"]
    assert not rule.passed and rule.severity == dg.AssetCheckSeverity.WARN   # a warning, not a block
    assert rule.metadata["quarantined_documents"].value == 1 and rule.metadata["success"].value is True
    assert rule.metadata["scope"].value == "document"
    assert "all rights reserved" in rule.metadata["quarantined"].value
    assert all(e.passed for name, e in checks.items() if name not in ("article_body_free_of_boilerplate",)
               and e.severity == dg.AssetCheckSeverity.ERROR)


def test_quality_runs_and_publish_log_count_them(run):
    result, path, _ = run
    with duckdb.connect(str(path), read_only=True) as con:
        rows = {r[0]: r[1:] for r in con.execute(
            "select expectation, success, scope, quarantined, details from quality_runs where run_id = ?",
            [result.run_id]).fetchall()}
        logged = con.execute("select gate_quarantined, input_quarantined from publish_log where run_id = ?",
                             [result.run_id]).fetchone()
    success, scope, quarantined, details = rows["article_body_free_of_boilerplate"]
    assert success and scope == "document" and quarantined == 1
    assert json.loads(details)["quarantined_documents"][0]["detail"] == '"all rights reserved" in article 0'
    assert rows["doc_id_unique"][1:3] == ("run", 0)
    assert logged == (1, 1)


def test_the_report_page_lists_them_above_the_suites(run):
    result, path, _ = run
    page = (reports_folder(str(path)) / f"{result.run_id}.html").read_text(encoding="utf-8")
    assert "Blocked" not in page and "after the gate quarantined 1 document(s)" in page
    head = page.split("<h2>articles ")[0]
    assert "Quarantined documents <small>1 by the gate, 1 when read or cleaned</small>" in head
    assert "article_body_free_of_boilerplate (&quot;all rights reserved&quot; in article 0)" in head
    assert "empty.txt" in head
    assert 'class="warn">quarantined</td>' in page


def test_the_command_says_it_published_with_quarantines(run, capsys, monkeypatch):
    _, path, folder = run
    monkeypatch.undo()   # cleaning as it is: the new file passes
    (folder / "late.txt").write_text("A late brief\n\nThe ferry carried 310 passengers on Sunday, its owner said.\n")
    code = cli.main(["run", "--input", str(folder), "--warehouse", str(path)])
    out = capsys.readouterr().out
    assert code == 0
    # the earlier quarantine stays (1 by the gate, 1 empty file), this run quarantined nothing new
    assert "(1 quarantined when read, 1 by the gate)" in out and "published" in out
    assert "quarantined in this run" not in out
