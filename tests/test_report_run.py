"""The run report as a run leaves it: its own outcome in the list of runs, its counts, zero counts plain, and a
page for each quarantined or mostly removed document, linked from the report."""

import re
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pytest

from pipelines import stages
from pipelines.quality import report
from pipelines.quality.suites import load_suites
from pipelines.runner import run_pipeline

SUITES = load_suites()


def claim_without_source(original):
    def bad(paragraphs):  # the first claim loses its source file: a document rule quarantines its document
        table = original(paragraphs)
        rows = table.to_pylist()
        rows[0]["source_file"] = None
        return pa.Table.from_pylist(rows, schema=table.schema)
    return bad


@pytest.fixture(scope="module")
def run(tmp_path_factory, dagster_home):
    """One run over the seeds whose gate quarantines a document and publishes the rest."""
    import shutil

    from tests.conftest import SEEDS

    folder = tmp_path_factory.mktemp("report_run")
    root, path = folder / "input", folder / "w.duckdb"
    shutil.copytree(SEEDS, root)
    with dg.DagsterInstance.ephemeral() as instance, pytest.MonkeyPatch.context() as patch:
        patch.setattr(stages, "claim_rows", claim_without_source(stages.claim_rows))
        done = run_pipeline(str(root), str(path), instance=instance)
    assert done.success and done.published and done.gate_quarantined == 1, done.errors
    page = report.reports_folder(str(path)) / report.page_name(done.run_id)
    return done, page, page.read_text(encoding="utf-8")


def this_run_row(html: str) -> str:
    return re.search(r"<tr><td><code><b>[^<]+</b> \(this run\)</code>.*?</tr>", html).group(0)


@pytest.mark.e2e  # reads a whole run's report
def test_the_run_is_published_in_its_own_list_of_runs(run):
    _, _, html = run
    assert this_run_row(html).endswith("<td>published</td></tr>")
    assert "<p>Outcome: <b>published</b></p>" in html


@pytest.mark.e2e  # reads a whole run's report
def test_the_page_counts_documents_articles_claims_and_quarantines(run):
    done, _, html = run
    c = done.counts
    assert (f"published: documents <b>{c['documents']}</b>, articles <b>{c['articles']}</b>, claims "
            f"<b>{c['numeric_claims']}</b>, quarantined <b>{c['quarantined']}</b> (1 by the gate in this run, 0 when "
            "read or cleaned)") in html


@pytest.mark.e2e  # reads a whole run's report
def test_zero_failures_and_warnings_are_not_coloured(run):
    _, _, html = run
    assert '<span class="fail">0' not in html and '<span class="warn">0' not in html
    assert "0 failed (blocking), 0 warnings" in html
    row = this_run_row(html)
    assert 'class="fail"' not in row and 'class="warn"' not in row


@pytest.mark.e2e  # reads a whole run's report
def test_the_quarantined_document_links_to_its_page(run):
    done, page, html = run
    [(held, _)] = done.gate_quarantines
    link = re.search(rf"<code>{re.escape(held)}</code>.*?<a href=\"(pages/[^\"]+)\">page</a>", html).group(1)
    target = page.parent / link
    assert target.is_file()
    text = target.read_text(encoding="utf-8")
    assert held in text and "quarantined" in text


def test_the_gate_page_before_the_end_links_the_command():
    summary = report.Summary({"documents": 3, "articles": 2, "numeric_claims": 0, "quarantined": 1},
                             warehouse="/data/my warehouse.duckdb", mostly_removed=[("menus/only.html", 0.93)])
    quarantines = report.Quarantines([("bad doc.txt", "abc", "gate: claim_has_source_file (x)")], [("e.txt", "empty")])
    html = report.render("run-9", [], SUITES, [report.RunLine("run-9", "now", 0, 0, 0, False)], quarantines, summary)
    assert "<code>claimtrail show &#x27;bad doc.txt&#x27; --warehouse &#x27;/data/my warehouse.duckdb&#x27;</code>" \
        in html
    assert "<code>claimtrail show e.txt --warehouse" in html
    assert "<code>menus/only.html</code></td><td class=\"n\">93%</td><td><code>claimtrail show menus/only.html" in html
    assert this_run_row(html).endswith("<td>checked; the publish step follows</td></tr>")
    assert "staged by this run: documents <b>3</b>, articles <b>2</b>, claims <b>0</b>, quarantined <b>1</b>" in html


def test_a_blocked_run_is_blocked_in_its_list_of_runs():
    html = report.render("run-8", [report.Result("numeric_claims", "claim_id_unique", "error", False, 2)], SUITES,
                         [report.RunLine("run-8", "now", 1, 1, 0, False)], summary=report.Summary(outcome="blocked"))
    row = this_run_row(html)
    assert row.endswith("<td>blocked</td></tr>") and '<span class="fail">1</span>' in row


def test_mostly_removed_share_is_the_rules():
    assert report.mostly_removed_share(SUITES) == 0.5


@pytest.mark.e2e  # reads a whole run's report
def test_page_files_sit_next_to_the_report(run):
    _, page, _ = run
    assert Path(page.parent / "pages").is_dir()
