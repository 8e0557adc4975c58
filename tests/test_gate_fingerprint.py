"""The publish step publishes only the content the gate passed: a fingerprint of every staged row (a hash
aggregate per table, in SQL), not a version token. A staged row edited after the checks is refused."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from pipelines import warehouse
from pipelines.definitions import build_definitions
from pipelines.runner import run_pipeline
from pipelines.settings import staging_path
from tests import gate_corpus as c
from tests import gate_world as w
from tests.gate_e2e import snapshot

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

EDITS = {
    "document_text": "update documents set source_text = source_text || ' ' where status = 'ok'",
    "document_bytes": "update documents set raw_bytes = raw_bytes || '\\x00'::blob where status = 'ok'",
    "article_body": "update articles set body = body || '!'",
    "paragraph_piece": "update paragraphs set pieces = [] where ordinal = 0",
    "removed_reason": "update removed_spans set reason = 'footer' where reason = 'related_link'",
    "metadata_text": "update metadata_spans set text = upper(text)",
    "claim_value": "update numeric_claims set value_low = value_low + 1 where surface = '1,200'",
    "claim_deleted": "delete from numeric_claims where surface = '300'",
    "claim_duplicated": "insert into numeric_claims select * from numeric_claims where surface = '300'",
    "quarantined_row": "insert into quarantine.articles select * from articles",
    "quarantine_reason": "insert into quarantine.failures (doc_id, rule) values ('x', 'y')",
    "changes": "delete from staging_changes",
}


@pytest.fixture
def staged(tmp_path):
    return c.stage(w.world(), tmp_path / "w.staging.duckdb")


def _fingerprint(staged) -> str:
    with staged.connect() as con:
        return warehouse.content_fingerprint(con)


def test_the_same_content_has_the_same_fingerprint(staged, tmp_path):
    again = c.stage({t: list(reversed(rows)) for t, rows in w.world().items()}, tmp_path / "again.duckdb")
    assert _fingerprint(staged) == _fingerprint(staged) == _fingerprint(again)   # row order does not count


@pytest.mark.parametrize("edit", EDITS.values(), ids=list(EDITS))
def test_any_edit_changes_the_fingerprint(staged, edit):
    before = _fingerprint(staged)
    with staged.connect() as con:
        con.execute(edit)
    assert _fingerprint(staged) != before


def test_publish_refuses_content_other_than_what_passed(staged, tmp_path):
    verdict = c.gate(staged)
    assert verdict.passed
    with staged.connect() as con:
        con.execute(EDITS["claim_value"])
    target = tmp_path / "w.duckdb"
    with duckdb.connect(str(target)) as con, pytest.raises(warehouse.StagedContentChanged, match="changed after"):
        warehouse.publish(con, str(staged.path), "run-1", expected=verdict.fingerprint)
    assert c.query(target, "select count(*) from documents") == [(0,)]


def _publish_only(path, input_dir, instance):
    job = build_definitions(str(input_dir), str(path)).resolve_job_def("claimtrail")
    return job.execute_in_process(instance=instance, raise_on_error=False,
                                  asset_selection=[dg.AssetKey(["published", t]) for t in warehouse.PUBLISHED_TABLES])


def test_publish_only_run_after_tampering_refuses(tmp_path, seeds_copy, instance):
    path = tmp_path / "w.duckdb"
    assert run_pipeline(str(seeds_copy), str(path), instance=instance).success
    assert _publish_only(path, seeds_copy, instance).success   # untouched: the content that passed, again
    before = snapshot(path)
    with duckdb.connect(staging_path(str(path))) as con:
        con.execute("update numeric_claims set value_low = value_low * 10, value_high = value_high * 10 "
                    "where claim_id = (select min(claim_id) from numeric_claims)")
    result = _publish_only(path, seeds_copy, instance)
    assert not result.success
    failure = result.get_step_failure_events()[0].event_specific_data.error
    text = str(failure.message) + str(failure.cause)
    assert "GateClosed" in text and "changed after the quality gate checked them" in text
    assert snapshot(path) == before
