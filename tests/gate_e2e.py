"""End-to-end helpers for the gate tests: a copy of the published seeds warehouse, and a blocked-run check."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.quality.report import reports_folder
from pipelines.runner import RunReport, run_pipeline
from pipelines.warehouse import PUBLISHED_TABLES
from tests.conftest import SEEDS


def copy_published(seeds_warehouse: Path, folder: Path) -> Path:
    """A private copy of the warehouse the seeds were published into (a run may then try to replace it)."""
    target = folder / "copy.duckdb"
    shutil.copyfile(seeds_warehouse, target)
    return target


def snapshot(path: Path) -> dict[str, list]:
    """Every published data table's full content, plus the publish log, in a stable order."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {t: con.execute(f"select * from {t} order by all").fetchall() for t in PUBLISHED_TABLES}
        tables["publish_log"] = con.execute("select * from publish_log order by all").fetchall()
    return tables


def quality_rows(path: Path, run_id: str) -> list[tuple]:
    """(expectation, severity, success, unexpected_count, details) rows of one run in quality_runs."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "select expectation, severity, success, unexpected_count, details from quality_runs where run_id = ?"
            " order by expectation", [run_id]).fetchall()


def assert_blocked(path: Path, instance: dg.DagsterInstance, expected: set[str],
                   input_dir: Path = SEEDS) -> RunReport:
    """Run the job; it must fail naming exactly `expected`, publish nothing, and record and report the failure."""
    before = snapshot(path)
    report = run_pipeline(str(input_dir), str(path), instance=instance, full=True)
    assert not report.success and not report.published, report
    assert {c.name for c in report.failed_blocking} == expected
    assert snapshot(path) == before
    failed = {r[0] for r in quality_rows(path, report.run_id) if r[1] == "error" and not r[2]}
    assert failed == expected
    page = (reports_folder(str(path)) / f"{report.run_id}.html").read_text(encoding="utf-8")
    assert "Blocked" in page and all(name in page for name in expected)
    return report


def edit_cleaned(original, edit):
    """Wrap stages.clean_documents so that `edit(rows)` may change its row dicts (table -> list of rows)."""
    from pipelines import stages

    def bad(docs, *args, **kwargs):
        cleaned = original(docs, *args, **kwargs)
        rows = {name: table.to_pylist() for name, table in cleaned.tables().items()}
        edit(rows)
        tables = {name: stages.to_table(name, rows[name]) for name in rows}
        return stages.Cleaned(quarantined=cleaned.quarantined, removed_fraction=cleaned.removed_fraction,
                              parts=[tables])
    return bad


def named_rules(reason: str) -> set[str]:
    """The rules a gate quarantine reason names ('gate: rule (what); rule (what)')."""
    return {part.split(" (", 1)[0] for part in reason.removeprefix("gate: ").split("; ")}


def assert_quarantined(path: Path, instance: dg.DagsterInstance, expected: set[str],
                       input_dir: Path = SEEDS, rows_aside: bool = True) -> tuple[RunReport, str]:
    """Run the job; it must publish, the gate quarantining exactly one document for exactly `expected`: that
    document's rows go to the quarantine schema, the other documents publish as they were, and the run's
    records (quality_runs, the report page) say so. rows_aside: the document had rows (it was cleaned), now in
    the quarantine schema. Returns the report and the quarantined doc_id."""
    before = snapshot(path)
    report = run_pipeline(str(input_dir), str(path), instance=instance, full=True)
    assert report.success and report.published, report.errors or report.failed_blocking
    [(source_file, reason)] = report.gate_quarantines
    assert reason.startswith("gate: ") and named_rules(reason) == expected, reason
    with duckdb.connect(str(path), read_only=True) as con:
        [(doc_id, status, stored)] = con.execute(
            "select doc_id, status, quarantine_reason from documents where source_file = ?", [source_file]).fetchall()
        assert status == "quarantined" and stored == reason
        assert con.execute("select count(*) from documents where status <> 'ok' and doc_id <> ?",
                           [doc_id]).fetchone()[0] == sum(1 for r in before["documents"] if r[8] != "ok")
        for table in PUBLISHED_TABLES[1:]:
            assert con.execute(f"select count(*) from {table} where doc_id = ?", [doc_id]).fetchone()[0] == 0
            # the others publish as they were
            position = [r[0] for r in con.execute(f"select column_name from (describe {table})").fetchall()].index(
                "doc_id")
            now = con.execute(f"select * from {table} where doc_id <> ? order by all", [doc_id]).fetchall()
            assert now == sorted(r for r in before[table] if r[position] != doc_id), table
        aside = con.execute("select count(*) from quarantine.articles where doc_id = ?", [doc_id]).fetchone()[0]
        assert (aside >= 1) == rows_aside
        assert {r[0] for r in con.execute("select rule from quarantine.failures where doc_id = ?",
                                          [doc_id]).fetchall()} == expected
    rows = {r[0]: r for r in quality_rows(path, report.run_id)}
    for rule in expected:
        assert rows[rule][2] is True   # passed on what is published ...
    with duckdb.connect(str(path), read_only=True) as con:
        counted = dict(con.execute("select expectation, quarantined from quality_runs where run_id = ?",
                                   [report.run_id]).fetchall())
    assert {r for r, n in counted.items() if n} == expected   # ... after quarantining one document
    page = (reports_folder(str(path)) / f"{report.run_id}.html").read_text(encoding="utf-8")
    assert "Blocked" not in page and source_file in page and "1 by the gate" in page
    return report, doc_id
