"""The gate's cost follows the change: on a rerun, document rules validate only the documents read afresh (or not
yet passed under these suites and code); the others are carried over, as quality_runs and document_checks record.
Run rules still cover the whole warehouse. Counts come from the recorded metadata, never from timing."""

from __future__ import annotations

import json
import shutil

import dagster as dg
import pytest

from pipelines import stages
from pipelines.runner import run_pipeline
from tests.gate_e2e import edit_cleaned
from tests.test_incremental import FILES, query, write_files

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

# a story of our own, new to the folder on the rerun
FERRIES = """Island ferries add a winter crossing

The ferry company will run a second daily crossing to the northern islands from November, the harbour office \
said on Friday. Last winter about 2,400 passengers a week used the single crossing, and at least 300 of them \
were turned away on busy days.

The new sailing leaves the mainland at six in the evening. Tickets cost 14 euros, the same as the morning boat.
"""
NEW = "ferries.txt"


@pytest.fixture(scope="module")
def published_once(tmp_path_factory, dagster_home):
    """Our four documents, published once: every one of them checked by the document rules."""
    root = tmp_path_factory.mktemp("scope")
    write_files(root / "input", FILES)
    with dg.DagsterInstance.ephemeral() as inst:
        report = run_pipeline(str(root / "input"), str(root / "w.duckdb"), instance=inst)
    assert report.success and report.published, report.errors or report.failed_blocking
    return root, report.run_id


@pytest.fixture
def world(published_once, tmp_path):
    root, first_run = published_once
    shutil.copytree(root, tmp_path / "w")
    return tmp_path / "w" / "input", tmp_path / "w" / "w.duckdb", first_run


def scope_of(path, run_id) -> set[tuple]:
    """(scope, documents_checked, documents_carried) of a run's quality_runs rows."""
    return set(query(path, "select scope, documents_checked, documents_carried from quality_runs where run_id = ?",
                     [run_id]))


def element_count(path, run_id, rule) -> int:
    [(details,)] = query(path, "select details from quality_runs where run_id = ? and expectation = ?", [run_id, rule])
    return json.loads(details)["element_count"]


def test_the_first_run_checks_every_document_and_records_it(world):
    _, path, first_run = world
    assert scope_of(path, first_run) == {("document", len(FILES), 0), ("run", None, None)}
    checks = query(path, "select run_id, suites_version, engine_version, status from document_checks")
    assert sorted(checks) == sorted([(first_run, stages.suites_version(), stages.engine_version(), "ok")] * len(FILES))


def test_one_new_document_is_the_only_one_validated(world, instance):
    folder, path, first_run = world
    write_files(folder, {NEW: FERRIES.encode()})
    report = run_pipeline(str(folder), str(path), instance=instance)
    assert report.success and report.published, report.errors or report.failed_blocking
    assert scope_of(path, report.run_id) == {("document", 1, len(FILES)), ("run", None, None)}
    # the document rules' frames held the new document's rows only: one documents row, one article
    assert element_count(path, report.run_id, "document_text_or_quarantine_reason") == 1
    assert element_count(path, report.run_id, "article_language_iso639_1") == 1
    [(claims,)] = query(path, "select count(*) from numeric_claims where source_file = ?", [NEW])
    assert element_count(path, report.run_id, "claim_qualifier_in_vocabulary") == claims > 0
    # run rules spoke for the whole warehouse
    [(documents,)] = query(path, "select count(*) from documents")
    assert documents == len(FILES) + 1 and element_count(path, report.run_id, "doc_id_unique") == documents
    by_run = dict(query(path, "select run_id, count(*) from document_checks group by run_id"))
    assert by_run == {first_run: len(FILES), report.run_id: 1}


def rights_line_in(source_file: str):
    def edit(rows):
        for article in rows["articles"]:
            if article["source_file"] == source_file:
                article["body"] += "\nAll rights reserved."
    return edit


def test_a_bad_new_document_is_still_quarantined(world, instance, monkeypatch):
    folder, path, _ = world
    write_files(folder, {NEW: FERRIES.encode()})
    monkeypatch.setattr(stages, "clean_documents", edit_cleaned(stages.clean_documents, rights_line_in(NEW)))
    report = run_pipeline(str(folder), str(path), instance=instance)
    assert report.success and report.published, report.errors or report.failed_blocking
    assert [f for f, _ in report.gate_quarantines] == [NEW]
    assert scope_of(path, report.run_id) == {("document", 1, len(FILES)), ("run", None, None)}
    [(status, reason)] = query(path, "select status, quarantine_reason from documents where source_file = ?", [NEW])
    assert status == "quarantined" and reason.startswith("gate: article_body_free_of_boilerplate")
    assert query(path, "select status from document_checks where run_id = ?", [report.run_id]) == [("quarantined",)]
    # the others publish as they were
    assert query(path, "select count(*) from documents where status = 'ok'") == [(len(FILES),)]


def test_new_suites_validate_every_document_again(world, instance, monkeypatch):
    folder, path, _ = world
    monkeypatch.setattr(stages, "suites_version", lambda: "other-suites")
    report = run_pipeline(str(folder), str(path), instance=instance)
    assert report.success and report.published, report.errors or report.failed_blocking
    assert scope_of(path, report.run_id) == {("document", len(FILES), 0), ("run", None, None)}
    assert element_count(path, report.run_id, "document_text_or_quarantine_reason") == len(FILES)
    assert set(query(path, "select run_id, suites_version from document_checks")) == {(report.run_id, "other-suites")}


def test_new_cleaning_code_validates_every_document_again(world, instance, monkeypatch):
    folder, path, _ = world
    monkeypatch.setattr(stages, "engine_version", lambda: "other-engine")
    report = run_pipeline(str(folder), str(path), instance=instance)
    assert report.success and report.published, report.errors or report.failed_blocking
    assert scope_of(path, report.run_id) == {("document", len(FILES), 0), ("run", None, None)}


def test_document_rules_over_parts_of_the_documents_find_what_they_find_at_once(world):
    """The gate reads the checked documents a part at a time (bounded memory): the same outcome per rule."""
    import duckdb

    from pipelines import settings
    from pipelines.quality.gate import merge_outcomes, run_document_rules
    from pipelines.quality.scope import open_scope, parts
    from pipelines.quality.suites import load_suites

    _, path, _ = world
    con = duckdb.connect(settings.staging_path(str(path)))
    scope = open_scope(con, None, None)  # no versions: every document is checked
    suites = load_suites()

    def outcomes(size: int) -> list[tuple]:
        found = [[o for s in suites for o in run_document_rules(con, s)] for _ in parts(con, scope, size)]
        return [(o.suite, o.rule, o.success, o.unexpected_count, o.element_count, sorted(o.failures))
                for o in merge_outcomes(found)], len(found)

    con.execute("select 1 union all select 2").fetchone()  # an unfinished result, as the gate's scope counts leave
    whole, one_part = outcomes(100)
    split, many = outcomes(1)
    assert one_part == 1 and many == scope.checked > 1
    assert split == whole and any(count for *_, count, _ in whole)
    assert con.execute("select count(*) from documents").fetchone()[0] == scope.checked  # shadows gone
    con.close()
