"""The gate's HTML report: one offline page per run (and latest.html) with every suite and expectation."""

import re

import duckdb
import pytest

from pipelines.quality import gate, report
from pipelines.quality.suites import load_suites
from pipelines.warehouse import ensure_schema, record_quality
from tests import gate_world as w

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

SUITES = load_suites()


def results_of(outcomes, run_id="run-1"):
    """Outcomes recorded in quality_runs and read back, as the checks do."""
    from datetime import UTC, datetime

    with duckdb.connect() as con:
        ensure_schema(con)
        record_quality(con, gate.quality_rows(run_id, datetime.now(UTC), outcomes))
        record_quality(con, gate.quality_rows("another-run", datetime.now(UTC), outcomes))
        return report.run_results(con, run_id)


def failing_world():
    rows = w.world()
    rows["articles"][0]["body"] += "\n  Share:  "  # a share-bar label on a line of its own
    rows["articles"][0]["title"] = 'Harbour <b>traffic</b> & "doubles"'  # shown with the row: must be escaped
    rows["documents"][0]["removed_fraction"] = 0.9
    return rows


@pytest.fixture(scope="module")
def outcomes():
    rows = failing_world()
    return w.outcomes(rows, "articles") + w.outcomes(rows, "document_cleaning") + w.outcomes(rows, "documents")


def test_page_shows_every_suite_and_expectation(outcomes):
    page = report.render("run-1", results_of(outcomes), SUITES)
    for suite in SUITES:
        assert f"<h2>{suite.name} " in page
        for rule in suite.rules:
            assert f"<code>{rule.name}</code></td><td>{rule.severity}</td>" in page


def test_page_marks_pass_fail_warn_and_not_run(outcomes):
    page = report.render("run-1", results_of(outcomes), SUITES)

    def status(rule):
        return re.search(rf"<code>{rule}</code></td><td>\w+</td><td class=\"(\w+)\">", page).group(1)

    assert status("article_body_free_of_boilerplate") == "fail"
    assert status("document_mostly_kept") == "warn"
    assert status("article_language_iso639_1") == "pass"
    assert status("claim_has_source_file") == "skip"  # that suite has not run (yet) in this run
    assert "Blocked" in page and "article_body_free_of_boilerplate" in page.split("</p>", 5)[3]


def test_offending_rows_are_shown_escaped(outcomes):
    page = report.render("run-1", results_of(outcomes), SUITES)
    assert "1 of 1 offending rows" in page
    assert "Harbour &lt;b&gt;traffic&lt;/b&gt; &amp; &quot;doubles&quot;" in page and "<b>traffic" not in page


def test_page_works_offline(outcomes):
    page = report.render("run-1", results_of(outcomes), SUITES)
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert '<meta charset="utf-8">' in page and page.count("<style>") == 1


def test_a_clean_run_says_so():
    outcomes = [o for name in ("documents", "articles") for o in w.outcomes(w.world(), name)]
    page = report.render("run-2", results_of(outcomes, "run-2"), [s for s in SUITES if s.name in
                                                                  ("documents", "articles")])
    assert "Every blocking expectation passed" in page and 'class="fail"' not in page.replace(
        '<span class="fail">0 failed', "")


def test_only_the_latest_result_of_an_expectation_counts(outcomes):
    from datetime import UTC, datetime, timedelta

    passed = w.outcomes(w.world(), "articles")
    with duckdb.connect() as con:
        ensure_schema(con)
        now = datetime.now(UTC)
        record_quality(con, gate.quality_rows("r", now, outcomes))
        record_quality(con, gate.quality_rows("r", now + timedelta(seconds=1), passed))
        results = {(r.suite, r.expectation): r for r in report.run_results(con, "r")}
    assert results[("articles", "article_body_free_of_boilerplate")].success


def test_write_report_writes_the_run_and_latest(tmp_path, outcomes):
    folder = tmp_path / "reports"
    page = report.write_report(folder, "run/../1", results_of(outcomes), SUITES)
    assert page.parent == folder and page.name == "run_.._1.html"
    assert (folder / "latest.html").read_text(encoding="utf-8") == page.read_text(encoding="utf-8")
    assert not list(folder.glob(".*.tmp"))


def test_markdown_sample_for_the_ui():
    text = report.markdown_sample([{"id": "a|b", "text": "two\nlines", "n": None}])
    assert text.splitlines()[0] == "| id | text | n |" and "a\\|b" in text and "two lines" in text
    assert report.markdown_sample([]) == "(none)"


def test_a_pipeline_run_leaves_its_report(seeds_warehouse):
    folder = report.reports_folder(str(seeds_warehouse))
    latest = (folder / "latest.html").read_text(encoding="utf-8")
    with duckdb.connect(str(seeds_warehouse), read_only=True) as con:
        run_id = con.execute("select run_id from publish_log order by published_at desc limit 1").fetchone()[0]
        checked = con.execute("select count(*) from quality_runs where run_id = ?", [run_id]).fetchone()[0]
    assert (folder / f"{run_id}.html").read_text(encoding="utf-8") == latest
    assert checked == sum(len(s.rules) for s in SUITES)
    assert "Every blocking expectation passed" in latest and 'class="skip"' not in latest


def test_recent_runs_link_the_other_pages(outcomes):
    from datetime import UTC, datetime, timedelta

    with duckdb.connect() as con:
        ensure_schema(con)
        now = datetime.now(UTC)
        record_quality(con, gate.quality_rows("old-run", now - timedelta(hours=1), outcomes))
        record_quality(con, gate.quality_rows("new-run", now, w.outcomes(w.world(), "articles")))
        con.execute("insert into publish_log (run_id, published_at) values ('new-run', now())")
        runs = report.recent_runs(con)
    assert [(r.run_id, r.failed > 0, r.warned > 0, r.published) for r in runs] == [
        ("new-run", False, False, True), ("old-run", True, True, False)]
    page = report.render("new-run", [], SUITES, runs)
    assert '<a href="old-run.html">old-run</a>' in page and "<b>new-run</b> (this run)" in page
    assert "blocked" in page.split("Recent runs")[1]
