"""Every suite's rules on crafted rows, from one table of cases: each bad row fails exactly its rule(s) (audit SQL
+ GX), good rows pass, and in a real run a document breaking a document rule is quarantined. The cases live
beside their suite's own tests in tests/test_gate_rules_*.py."""

from __future__ import annotations

import pytest

from pipelines import stages
from tests import gate_world as w
from tests import test_gate_rules_articles as articles
from tests import test_gate_rules_dedup as dedup
from tests import test_gate_rules_documents as documents
from tests import test_gate_rules_metadata_spans as metadata
from tests import test_gate_rules_numeric_claims as claims
from tests import test_gate_rules_paragraphs as paragraphs
from tests import test_gate_rules_removed_spans as removed
from tests.gate_e2e import assert_quarantined, copy_published, edit_cleaned

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

# (suite, its cases (name, change, rules that fail), how many rows each failing rule names: None for at least one)
SUITE_CASES = [
    ("documents", documents.CASES, None),
    ("articles", articles.CASES, None),
    ("paragraphs", paragraphs.CASES, None),
    ("removed_spans", removed.SPAN_CASES, 1),
    ("metadata_spans", metadata.CASES, 1),
    ("numeric_claims", claims.CASES, None),
    ("minhash_signatures", dedup.MINHASH_CASES, None),
    ("near_duplicates", dedup.NEAR_DUPLICATE_CASES, None),
]
BAD = [(suite, change, expected, rows) for suite, cases, rows in SUITE_CASES for _, change, expected in cases]
BAD_IDS = [f"{suite}-{name}" for suite, cases, _ in SUITE_CASES for name, _, _ in cases]
FINE = [(s, change) for s, _, change in dedup.FINE] + [("articles", change) for _, change in articles.FINE]
FINE_IDS = [f"{s}-{name}" for s, name, _ in dedup.FINE] + [f"articles-{name}" for name, _ in articles.FINE]


@pytest.mark.parametrize("suite", [*dict.fromkeys(s for s, _, _ in SUITE_CASES), "document_cleaning"])
def test_good_rows_pass(suite):
    assert w.failing(w.world(), suite) == set()


@pytest.mark.parametrize(("suite", "change", "expected", "rows"), BAD, ids=BAD_IDS)
def test_bad_row_fails_its_rule(suite, change, expected, rows):
    world = w.world()
    change(world)
    outcomes = w.outcomes(world, suite)
    assert {o.rule for o in outcomes if not o.success} == expected
    for o in outcomes:
        if not o.success:
            assert o.severity == "error" and o.sample and o.error is None
            assert o.unexpected_count == rows if rows else o.unexpected_count >= 1


@pytest.mark.parametrize(("suite", "change"), FINE, ids=FINE_IDS)
def test_good_variants_pass(suite, change):
    world = w.world()
    change(world)
    assert w.failing(world, suite) == set()


def _edited(edit):
    return lambda original: edit_cleaned(original, edit)


# end to end on the seeds: (what breaks, which stage functions are wrapped, the rules the quarantine names,
# whether the document had rows to set aside)
QUARANTINES = [
    ("article_in_no_language", {"clean_documents": _edited(articles.language_zz)}, {"article_language_iso639_1"},
     True),
    ("document_without_text", {"document_rows": documents.text_lost, "clean_documents": documents.text_never_cleaned},
     {"document_text_or_quarantine_reason", "cleaned_document_kept_or_quarantined"}, False),
    ("unknown_metadata_field", {"clean_documents": _edited(metadata.unknown_field)}, {"metadata_field_known"}, True),
    ("claim_with_unknown_qualifier", {"claim_rows": claims.bad_qualifier}, {"claim_qualifier_in_vocabulary"}, True),
    ("paragraph_off_its_source", {"clean_documents": _edited(paragraphs.one_letter_changed)},
     {"paragraph_pieces_match_source"}, True),
    ("lost_text", {"clean_documents": _edited(removed.drop_a_removed_span)}, {"document_nothing_lost"}, True),
]


@pytest.mark.parametrize(("wraps", "expected", "rows_aside"), [q[1:] for q in QUARANTINES],
                         ids=[q[0] for q in QUARANTINES])
def test_breaking_document_is_quarantined(seeds_warehouse, tmp_path, instance, monkeypatch, wraps, expected,
                                          rows_aside):
    for name, wrap in wraps.items():
        monkeypatch.setattr(stages, name, wrap(getattr(stages, name)))
    assert_quarantined(copy_published(seeds_warehouse, tmp_path), instance, expected, rows_aside=rows_aside)
