"""The expectation suites in expectations/: well formed, and in step with the code's vocabularies."""

import pandas as pd
import pytest

from pipelines.core.claims import QUALIFIERS
from pipelines.core.cleaning import REMOVAL_REASONS
from pipelines.quality.gate import validate
from pipelines.quality.suites import ERROR, load_suites

SUITES = {s.name: s for s in load_suites()}


def _rule(suite, name):
    return next(r for r in SUITES[suite].rules if r.name == name)


def test_rule_names_are_unique_and_described():
    names = [r.name for s in SUITES.values() for r in s.rules]
    assert len(names) == len(set(names))
    assert all(r.description for s in SUITES.values() for r in s.rules)


def test_first_expectation_is_every_claim_has_a_source_file():
    first = SUITES["numeric_claims"].rules[0]
    assert first.name == "claim_has_source_file" and first.severity == ERROR


def test_vocabularies_match_the_code():
    reasons = _rule("removed_spans", "removed_reason_in_vocabulary").config["kwargs"]["value_set"]
    assert set(reasons) == set(REMOVAL_REASONS)
    qualifiers = _rule("numeric_claims", "claim_qualifier_in_vocabulary").config["kwargs"]["value_set"]
    assert set(qualifiers) == set(QUALIFIERS)


GOOD_CLAIM = {"claim_id": "d:1-4", "source_file": "a.txt", "surface": "120", "value_low": 120.0,
              "value_high": 120.0, "qualifier": None, "source_is_document": True, "span_text": "120",
              "sentence_holds_surface": True}


@pytest.mark.parametrize(("change", "failing"), [
    ({}, set()),
    ({"source_file": None}, {"claim_has_source_file"}),
    ({"source_is_document": False}, {"claim_source_is_document"}),
    ({"span_text": "121"}, {"claim_span_matches_surface"}),
    ({"value_low": 200.0}, {"claim_low_not_above_high"}),
    ({"qualifier": "roughly"}, {"claim_qualifier_in_vocabulary"}),
    ({"sentence_holds_surface": False}, {"claim_sentence_holds_surface"}),
])
def test_claim_rules_catch_their_bad_row(change, failing):
    rows = [dict(GOOD_CLAIM, claim_id="d:9-12"), dict(GOOD_CLAIM, **change)]
    outcomes = validate(SUITES["numeric_claims"], pd.DataFrame(rows))
    assert {o.rule for o in outcomes if not o.success} == failing
    for o in outcomes:
        if not o.success:
            assert o.unexpected_count == 1 and o.sample and o.sample[0]["claim_id"] == "d:1-4"
