"""Run rules block: a failure no single document explains (ids twice, rows of no document or article, a row
no quarantine can take) stops the whole publish, and the published warehouse stays as it was."""

from __future__ import annotations

import pyarrow as pa
import pytest

from pipelines import stages
from pipelines.quality.gate import clearance
from pipelines.quality.suites import ERROR, RUN, load_suites
from tests import gate_corpus as c
from tests import gate_world as w
from tests import test_gate_rules_articles as arts
from tests import test_gate_rules_dedup as dedup
from tests import test_gate_rules_documents as docs
from tests import test_gate_rules_metadata_spans as meta
from tests import test_gate_rules_numeric_claims as claims
from tests import test_gate_rules_paragraphs as paras
from tests.gate_e2e import assert_blocked, copy_published

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

# what breaks the harbour document -> the rule that must block
CASES = {
    "doc_id_missing": (docs._set("documents", docs.DOC, doc_id=None), "doc_id_not_null"),
    "doc_id_twice": (docs._set("documents", docs.QUARANTINED, doc_id=w.DOC), "doc_id_unique"),
    "no_source_file": (docs._set("documents", docs.DOC, source_file=None), "document_has_source_file"),
    "article_id_twice": (arts._duplicate_article, "article_id_unique"),
    "paragraph_id_twice": (paras._duplicate_id, "paragraph_id_unique"),
    "paragraph_of_no_article": (paras._paragraph(0, article_id="nope:0"), "paragraph_article_exists"),
    "metadata_of_no_article": (meta._span(meta.TITLE, article_id="nope:0"), "metadata_article_exists"),
    "claim_id_twice": (claims._duplicate_claim, "claim_id_unique"),
    "article_signed_twice": (dedup._signature_twice, "minhash_article_unique"),
    "signature_of_no_article": (dedup._signature(article_id=f"{w.DOC}:9"), "minhash_article_exists"),
    "pair_listed_twice": (dedup._pair_twice, "near_duplicate_pair_unique"),
    "pair_of_no_article": (dedup._pair(article_id=f"{dedup.COPY}:7"), "near_duplicate_articles_exist"),
    "pair_within_one_document": (dedup._pair_within_one_document, "near_duplicate_of_another_document"),
    "pair_not_similar": (dedup._pair(jaccard=0.2), "near_duplicate_similar"),
    "pair_canonical_read_later": (dedup._canonical_read_later, "near_duplicate_canonical_first"),
    # document rules whose failing rows name no document the gate could quarantine
    "article_of_no_document": (arts._article(doc_id="nope"), "article_span_inside_document"),
    "status_unknown": (docs._set("documents", docs.DOC, status="pending"), "document_text_or_quarantine_reason"),
    "quarantined_without_reason": (docs._set("documents", docs.QUARANTINED, quarantine_reason=""),
                                   "document_text_or_quarantine_reason"),
}
RUN_RULES = {r.name for s in load_suites() for r in s.rules if r.scope == RUN and r.severity == ERROR}


def test_every_run_rule_has_a_case():
    # the ceiling has its own tests (test_gate_ceiling.py)
    assert RUN_RULES - {"gate_quarantine_within_ceiling"} <= {rule for _, rule in CASES.values()}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_run_rule_failure_blocks_the_publish(tmp_path, case):
    change, rule = CASES[case]
    rows = w.world()
    change(rows)
    staged = c.stage(rows, tmp_path / "w.staging.duckdb")
    verdict = c.gate(staged)
    assert not verdict.passed and rule in {o.rule for o in verdict.blocking}
    with staged.connect() as con:
        blockers = clearance(con, load_suites()).blockers
    assert any(b.startswith(f"{next(o.suite for o in verdict.blocking if o.rule == rule)}.{rule}: failed")
               for b in blockers), blockers


def duplicate_first_claim(original):
    """Wrap claim_rows so that its first claim is staged twice: claim ids are no longer unique."""
    def bad(paragraphs, *args, **kwargs):
        table = original(paragraphs, *args, **kwargs)
        return pa.concat_tables([table, table.slice(0, 1)]) if table.num_rows else table
    return bad


def test_run_rule_failure_leaves_the_published_warehouse_unchanged(seeds_warehouse, tmp_path, instance,
                                                                   monkeypatch):
    path = copy_published(seeds_warehouse, tmp_path)
    monkeypatch.setattr(stages, "claim_rows", duplicate_first_claim(stages.claim_rows))
    report = assert_blocked(path, instance, {"claim_id_unique"})
    assert not report.gate_quarantines   # a run rule quarantines nothing: it blocks
    assert any("claim_id_unique" in e for e in report.errors)
