"""The expectation suites in expectations/: well formed, in step with the code, and every ERROR rule tested."""

import json
import re
import string

import pytest

from pipelines.core.claims import QUALIFIERS
from pipelines.core.claims.kinds import KINDS
from pipelines.core.clean import METADATA_FIELDS, PARAGRAPH_KINDS, REMOVAL_REASONS, ROLES
from pipelines.quality import gate, markers
from pipelines.quality.suites import DOCUMENT, ERROR, RUN, WARN, load_suites
from pipelines.warehouse import queries
from tests import gate_world, test_gate_rules

SUITES = {s.name: s for s in load_suites()}
RULES = {r.name: (s, r) for s in SUITES.values() for r in s.rules}


def _rule(name):
    return RULES[name][1]


def test_rule_names_are_unique_and_described():
    names = [r.name for s in SUITES.values() for r in s.rules]
    assert len(names) == len(set(names))
    assert all(r.description and r.severity in (ERROR, WARN) for s in SUITES.values() for r in s.rules)


def test_first_expectation_is_every_claim_has_a_source_file():
    first = SUITES["numeric_claims"].rules[0]
    assert first.name == "claim_has_source_file" and first.severity == ERROR


def test_the_three_warnings_are_warnings():
    assert {n for n, (_, r) in RULES.items() if r.severity == WARN} == {
        "document_mostly_kept", "article_digits_have_claims", "row_count_stable"}


@pytest.mark.parametrize(("rule", "vocabulary"), [
    ("removed_reason_in_vocabulary", REMOVAL_REASONS),
    ("claim_qualifier_in_vocabulary", QUALIFIERS),
    ("paragraph_kind_known", PARAGRAPH_KINDS),
    ("article_role_known", ROLES),
    ("metadata_field_known", METADATA_FIELDS),
    ("claim_kind_in_vocabulary", KINDS),
])
def test_vocabularies_match_the_code(rule, vocabulary):
    assert set(_rule(rule).config["kwargs"]["value_set"]) == set(vocabulary)


def test_languages_are_the_iso_639_1_codes():
    codes = _rule("article_language_iso639_1").config["kwargs"]["value_set"]
    assert len(codes) == len(set(codes)) == 184 and all(re.fullmatch("[a-z]{2}", c) for c in codes)
    assert {"en", "it", "fr", "sq", "sr", "ar", "zh", "he", "yi"} <= set(codes)
    assert not {"zz", "xx", "iw", "ji", "in", "jw", "mo"} & set(codes)  # not codes, or withdrawn ones


def test_every_language_the_detector_can_say_is_a_code():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    detector = LanguageIdentifier.from_pickled_model(MODEL_FILE)
    assert set(detector.nb_classes) <= set(_rule("article_language_iso639_1").config["kwargs"]["value_set"])


@pytest.mark.parametrize("suite", SUITES.values(), ids=SUITES.keys())
def test_suite_is_wired(suite):
    assert suite.audit_query in queries("audit.sql")
    assert suite.table in gate_world.TABLES and suite.table in suite.reads
    assert set(suite.reads) <= set(gate_world.TABLES)
    con = gate_world.load(gate_world.world())
    frame = gate.audit_frame(con, suite, {})
    assert set(suite.id_columns) <= set(frame.columns)
    for rule in suite.document_rules:
        assert set(rule.columns) <= set(frame.columns), rule.name
    if suite.run_query:   # run rules read its set-based frame of suspects
        assert suite.run_query in queries("audit.sql")
        frame = gate.audit_frame(con, suite, {}, query=suite.run_query)
    for rule in suite.run_rules:
        assert set(rule.columns) <= set(frame.columns), rule.name


def test_params_count_matches_placeholders():
    for suite in SUITES.values():
        query = re.sub(r"--[^\n]*", "", queries("audit.sql")[suite.audit_query])
        assert query.count("?") == len(gate.audit_params(suite, {})), suite.name


def test_every_rule_is_a_check_on_its_table_after_the_gate():
    """One Dagster check per expectation, on the suite's table, run after the quality gate: none is Dagster-
    blocking (it would have to run before the gate), the publish step refuses what failed (test_gate*.py)."""
    from pipelines.defs.checks import GATE, quality_checks

    specs = {spec.name: spec for check in quality_checks for spec in check.check_specs}
    assert set(specs) == set(RULES)
    for name, spec in specs.items():
        suite, rule = RULES[name]
        assert spec.asset_key.to_user_string() == suite.table and not spec.blocking
        assert {d.asset_key.to_user_string() for d in spec.additional_deps} == {GATE}
        assert spec.description.startswith(f"[{rule.severity}, {rule.scope}] ")


def test_every_rule_has_a_scope_and_document_rules_name_documents():
    for suite in SUITES.values():
        con = gate_world.load(gate_world.world())
        for rule in suite.rules:
            query = suite.run_query if rule.scope == RUN and suite.run_query else suite.audit_query
            frame = gate.audit_frame(con, suite, {}, query=query)
            assert rule.scope in (DOCUMENT, RUN), rule.name
            if rule.scope == DOCUMENT:
                assert "doc_id" in frame.columns, suite.name
            if rule.detail:   # what a quarantine reason says comes from the frame's own columns
                fields = {f for _, f, _, _ in string.Formatter().parse(rule.detail) if f}
                assert fields <= set(frame.columns), (rule.name, fields - set(frame.columns))


def test_a_rule_without_a_scope_is_refused(tmp_path):
    from pipelines.quality.suites import load_suite

    (tmp_path / "x.json").write_text(json.dumps({
        "name": "x", "meta": {"table": "documents", "audit_query": "audit_documents", "reads": ["documents"]},
        "expectations": [{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "doc_id"},
                          "meta": {"id": "x"}, "severity": "critical"}]}))
    with pytest.raises(ValueError, match="needs a scope"):
        load_suite(tmp_path / "x.json")


def test_every_error_rule_has_a_failing_case():
    """Every ERROR expectation is proved by at least one crafted bad row (tests/test_gate_rules.py's table)."""
    proved = {rule for _, cases, _ in test_gate_rules.SUITE_CASES for case in cases for rule in case[2]}
    proved |= {"document_nothing_lost", "cleaned_document_kept_or_quarantined"}  # test_gate_rules_removed_spans
    proved |= {"gate_quarantine_within_ceiling"}  # test_gate_ceiling
    errors = {n for n, (_, r) in RULES.items() if r.severity == ERROR}
    assert errors <= proved, errors - proved


# the boilerplate markers


def test_markers_are_written_normalised_and_once():
    for groups in (markers.MARKERS, markers.LABELS):
        for phrases in groups.values():
            for phrase in phrases:
                assert markers.normalise(phrase) == phrase
    flat = [p for g in markers.MARKERS.values() for p in g]
    assert len(flat) == len(set(flat))


@pytest.mark.parametrize(("text", "found"), [
    ("© 2024 The Harbour Review. All Rights Reserved.", "all rights reserved"),
    ("Tutti i diritti riservati", "tutti i diritti riservati"),
    ("Wir verwenden Cookies, um die Seite zu verbessern", "wir verwenden cookies"),
    ("Ihre E-Mail-Adresse wird nicht veröffentlicht.", "ihre e mail adresse wird nicht veröffentlicht"),
    ("Share on\u00a0Facebook", "share on facebook"),
    ("Intro.\n  — Read more —  \nOutro.", "read more"),
    ("Intro.\nКомментарии\nOutro.", "комментарии"),
    ("The union said workers would share on Fridays.", None),
    ("The band's lawyer argued that the phrase all rights reserved on the sleeve covered streaming.", None),
    ("Since comments are closed on posts about the flood, readers have sent more than 1,200 letters.", None),
    ("An audit found that only 40 of 250 council sites offered a skip to main content link.", None),
    ("Intro.\nComments? Rants? Clear to commit?\nOutro.", None),
    ("Intro.\nYour email address will not be published. Required fields are marked *\nOutro.",
     "your email address will not be published"),
    ("Comments are closed.", "comments are closed"),
    ("She wanted to read more about the port before the vote.", None),
    ("all rights reservedly", None),
    ("sharethis", None),
])
def test_python_and_sql_markers_agree(text, found):
    assert (markers.normalise(markers.find_marker(text)) if markers.find_marker(text) else None) == found
    rows = gate_world.world()
    rows["articles"][0]["body"] = text
    frame = gate.audit_frame(gate_world.load(rows), SUITES["articles"], {})
    in_sql = frame.loc[0, "boilerplate_marker"]
    assert (markers.normalise(in_sql) if isinstance(in_sql, str) else None) == found
