"""Document rules quarantine: one corpus holding, for every ERROR document rule, one document that breaks it.
The gate quarantines exactly those documents, each naming its rule(s), keeps their would-be rows in the
quarantine schema, and the rest (checked again) publishes."""

from __future__ import annotations

import pytest

from pipelines.quality.suites import DOCUMENT, ERROR, load_suites
from tests import gate_corpus as c
from tests import gate_world as w
from tests import test_gate_rules_articles as arts
from tests import test_gate_rules_metadata_spans as meta
from tests import test_gate_rules_numeric_claims as claims
from tests import test_gate_rules_paragraphs as paras
from tests import test_gate_rules_removed_spans as spans

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser


def _no_text(rows):
    """An ok document whose text is blank and nothing was made of it."""
    rows["documents"][0]["source_text"] = "  \n"
    for table in ("articles", "paragraphs", "removed_spans", "metadata_spans", "numeric_claims"):
        rows[table] = []


def _kept_twice(rows):
    """A paragraph keeping the start of P2's text again."""
    start = w.at(w.P2)[0]
    arts._add_paragraph(w.P2[:20], (start, start + 20))(rows)


def _signature(**changes):
    def change(rows):
        rows["minhash_signatures"][0].update(changes)
    return change


# one document per case: what breaks it -> the rules its quarantine reason must name (and no other)
CASES = {
    "no_text": (_no_text, {"document_text_or_quarantine_reason", "cleaned_document_kept_or_quarantined"}),
    "hyphen_lost": (spans._drop("removed_spans", spans.HYPHEN), {"document_nothing_lost"}),
    "body_null": (arts._article(body=None), {"article_body_present"}),
    "body_empty": (arts._article(body=""), {"article_body_not_empty"}),
    "language_zz": (arts._article(language="zz"), {"article_language_iso639_1"}),
    "role_unknown": (arts._article(role="secondary"), {"article_role_known"}),
    "article_past_the_end": (arts._article(char_end=len(w.SOURCE) + 10), {"article_span_inside_document"}),
    "paragraph_repeated": (arts._add_paragraph(w.P2, w.at(w.P2)),
                           {"article_paragraphs_not_repeated", "paragraph_source_kept_once"}),
    "title_in_body": (arts._article(title=w.P2), {"article_title_not_in_body"}),
    "rights_line": (arts._body_plus("\nAll rights reserved."), {"article_body_free_of_boilerplate"}),
    "kind_unknown": (paras._paragraph(0, kind="caption"), {"paragraph_kind_known"}),
    "no_pieces": (paras._paragraph(2, pieces=[]), {"paragraph_has_pieces", "document_nothing_lost"}),
    "piece_past_the_end": (paras._piece(2, 0, src_start=len(w.SOURCE) - 5),
                           {"paragraph_pieces_inside_document", "document_nothing_lost", "removed_span_not_kept"}),
    "paragraph_typo": (paras._typo, {"paragraph_pieces_match_source"}),
    "kept_twice": (_kept_twice, {"paragraph_source_kept_once"}),
    "reason_unknown": (spans._span(spans.COOKIE, reason="boilerplate"), {"removed_reason_in_vocabulary"}),
    "reason_missing": (spans._span(spans.COOKIE, reason=None), {"removed_reason_present"}),
    "removed_past_the_end": (spans._past_the_end, {"removed_span_inside_document"}),
    "removed_text_wrong": (spans._span(spans.RELATED, text="Related: elsewhere"), {"removed_text_matches_source"}),
    "removes_kept_paragraph": (spans._add_span(w.P2, "duplicate_paragraph"), {"removed_span_not_kept"}),
    "field_unknown": (meta._span(meta.BYLINE, field="author"), {"metadata_field_known"}),
    "metadata_past_the_end": (meta._span(meta.TITLE, char_start=len(w.SOURCE) - 1, char_end=len(w.SOURCE) + 5,
                                         text="\n"), {"metadata_span_inside_document", "document_nothing_lost"}),
    "metadata_text_wrong": (meta._span(meta.TITLE, text="Harbour traffic halves"), {"metadata_text_matches_source"}),
    "metadata_over_kept": (meta._over(w.P2), {"metadata_span_not_kept"}),
    "metadata_over_removed": (meta._over(w.PAGE), {"metadata_span_not_removed"}),
    "claim_without_source": (claims._claim(claims.ONE_200, source_file=None), {"claim_has_source_file"}),
    "claim_other_source": (claims._claim(claims.ONE_200, source_file="elsewhere.txt"), {"claim_source_is_document"}),
    "claim_shifted": (claims._claim(claims.ONE_200, char_start=w.at("1,200")[0] + 1), {"claim_span_matches_surface"}),
    "claim_low_above_high": (claims._claim(claims.TONNES, value_low=5_000_000.0), {"claim_low_not_above_high"}),
    "claim_qualifier": (claims._claim(claims.ABOUT_600, qualifier="roughly"), {"claim_qualifier_in_vocabulary"}),
    "claim_sentence": (claims._claim(claims.ONE_200, sentence="Officials said traffic grew."),
                       {"claim_sentence_holds_surface"}),
    "claim_in_page_header": (claims._claim_in_page_header, {"claim_outside_removed_spans"}),
    "claim_kind": (claims._claim(claims.WORKERS, kind="headcount"), {"claim_kind_in_vocabulary"}),
    "signature_cut": (_signature(signature=bytes(100)), {"minhash_signature_complete"}),
    "signature_of_few_shingles": (_signature(shingles=7), {"minhash_enough_shingles"}),
}
DOCUMENT_RULES = {r.name for s in load_suites() for r in s.rules if r.scope == DOCUMENT and r.severity == ERROR}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    """The corpus staged, gated and published once for every test of the module."""
    import os

    folder = tmp_path_factory.mktemp("quarantine")
    rows, ids = c.corpus({name: change for name, (change, _) in CASES.items()})
    staged = c.stage(rows, folder / "w.staging.duckdb")
    old = os.environ.get("CLAIMTRAIL_MAX_QUARANTINE")
    os.environ["CLAIMTRAIL_MAX_QUARANTINE"] = "1"   # this corpus is nearly all bad on purpose
    try:
        verdict = c.gate(staged)
    finally:
        if old is None:
            os.environ.pop("CLAIMTRAIL_MAX_QUARANTINE")
        else:
            os.environ["CLAIMTRAIL_MAX_QUARANTINE"] = old
    published = folder / "w.duckdb"
    c.publish(staged, published, verdict)
    return verdict, ids, published


def test_every_document_rule_has_a_case():
    assert {rule for _, rules in CASES.values() for rule in rules} >= DOCUMENT_RULES


def test_the_rest_passes_every_rule_and_publishes(outcome):
    verdict, ids, published = outcome
    assert verdict.passed, [(o.rule, o.sample) for o in verdict.blocking]
    good = ids[c.GOOD]
    assert c.query(published, "select status from documents where doc_id = ?", [good]) == [("ok",)]
    for table, count in (("articles", 1), ("paragraphs", 3), ("removed_spans", 4), ("metadata_spans", 2),
                         ("numeric_claims", 4)):
        assert c.query(published, f"select count(*) from {table} where doc_id = ?", [good]) == [(count,)], table
        assert c.query(published, f"select count(*) from {table} where doc_id <> ?", [good]) == [(0,)], table
    assert c.query(published, "select status, quarantine_reason from documents where source_file = 'empty.txt'") \
        == [("quarantined", "empty file")]   # quarantined when read: left as it was


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_breaking_document_is_quarantined_naming_its_rules(outcome, case):
    _verdict, ids, published = outcome
    expected = CASES[case][1]
    [(status, reason)] = c.query(published, "select status, quarantine_reason from documents where doc_id = ?",
                                 [ids[case]])
    assert status == "quarantined" and reason.startswith("gate: ")
    named = {part.split(" (", 1)[0] for part in reason.removeprefix("gate: ").split("; ")}
    assert named == expected, reason
    failures = c.query(published, "select rule, run_id, source_file from quarantine.failures where doc_id = ?",
                       [ids[case]])
    assert {r[0] for r in failures} == expected and {r[1:] for r in failures} == {("run-1", f"{case}.txt")}
    for table in ("articles", "paragraphs", "removed_spans", "metadata_spans", "numeric_claims"):
        assert c.query(published, f"select count(*) from {table} where doc_id = ?", [ids[case]]) == [(0,)]


def test_quarantined_rows_stay_inspectable(outcome):
    """The would-be rows of a quarantined document are in the quarantine schema, column for column."""
    _, ids, published = outcome
    doc = ids["rights_line"]
    [(body,)] = c.query(published, "select body from quarantine.articles where doc_id = ?", [doc])
    assert body.endswith("All rights reserved.")
    assert c.query(published, "select count(*) from quarantine.numeric_claims where doc_id = ?", [doc]) == [(4,)]
    assert c.query(published, "select count(*) from quarantine.paragraphs where doc_id = ?", [doc]) == [(3,)]
    columns = {t: [r[0] for r in c.query(published, f"select column_name from (describe {t})")]
               for t in ("articles", "quarantine.articles", "numeric_claims", "quarantine.numeric_claims")}
    assert columns["articles"] == columns["quarantine.articles"]
    assert columns["numeric_claims"] == columns["quarantine.numeric_claims"]


def test_reason_says_what_failed(outcome):
    verdict, _ids, _published = outcome
    reasons = {f: r for f, _, r in verdict.quarantined}
    assert reasons["rights_line.txt"] == 'gate: article_body_free_of_boilerplate ("all rights reserved" in article 0)'
    assert reasons["language_zz.txt"] == 'gate: article_language_iso639_1 (language "zz" in article 0)'
    assert reasons["claim_qualifier.txt"] == ('gate: claim_qualifier_in_vocabulary (qualifier "roughly" of claim '
                                              f'"about 600" at {w.at("about 600")[0]}-{w.at("about 600")[1]})')
    assert len(verdict.quarantined) == len(CASES)


def test_each_rule_counts_the_documents_it_quarantined(outcome):
    verdict = outcome[0]
    by_rule = {o.rule: o for o in verdict.outcomes}
    for rule in DOCUMENT_RULES:
        held = {q["source_file"] for q in by_rule[rule].quarantined}
        assert held == {f"{case}.txt" for case, (_, rules) in CASES.items() if rule in rules}, rule
        assert by_rule[rule].success, rule   # on what is left to publish
