"""The numeric_claims suite's cases (run by tests/test_gate_rules.py), and the WARN suites on the numeric_claims
asset (article_claims, row_counts): recorded, never blocking."""

import json

import dagster as dg
import duckdb
import pyarrow as pa
import pytest

from pipelines.definitions import build_definitions
from tests import gate_world as w
from tests.conftest import SEEDS
from tests.gate_e2e import copy_published, quality_rows, snapshot

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

ONE_200, ABOUT_600, TONNES, WORKERS = range(4)


def _claim(index: int, **changes):
    def change(rows):
        rows["numeric_claims"][index].update(changes)
    return change


def _duplicate_claim(rows):
    rows["numeric_claims"].append(dict(rows["numeric_claims"][TONNES]))


def _claim_in_page_header(rows):
    s = w.at(w.PAGE)[0] + w.PAGE.index("2")
    rows["numeric_claims"].append(dict(rows["numeric_claims"][WORKERS], claim_id=f"{w.DOC}:{s}-{s + 1}",
                                       char_start=s, char_end=s + 1, surface="2", sentence=w.PAGE))


def _claim_straddling_cookie_line(rows):
    start = w.at(w.COOKIE)[1] - 3
    end = w.at(w.TITLE)[0] + 7
    text = w.SOURCE[start:end]
    rows["numeric_claims"].append(dict(rows["numeric_claims"][WORKERS], claim_id=f"{w.DOC}:{start}-{end}",
                                       char_start=start, char_end=end, surface=text, sentence=text))


CASES = [
    ("source_file_missing", _claim(ONE_200, source_file=None), {"claim_has_source_file"}),
    ("source_file_not_a_document", _claim(ONE_200, source_file="elsewhere.txt"), {"claim_source_is_document"}),
    ("span_shifted", _claim(ONE_200, char_start=w.at("1,200")[0] + 1), {"claim_span_matches_surface"}),
    ("surface_not_the_source", _claim(WORKERS, surface="3OO"), {"claim_span_matches_surface",
                                                                "claim_sentence_holds_surface"}),
    ("low_above_high", _claim(TONNES, value_low=5_000_000.0), {"claim_low_not_above_high"}),
    ("qualifier_unknown", _claim(ABOUT_600, qualifier="roughly"), {"claim_qualifier_in_vocabulary"}),
    ("qualifier_not_normalised", _claim(ABOUT_600, qualifier="About"), {"claim_qualifier_in_vocabulary"}),
    ("sentence_without_surface", _claim(ONE_200, sentence="Officials said traffic grew."),
     {"claim_sentence_holds_surface"}),
    ("sentence_missing", _claim(ONE_200, sentence=None), {"claim_sentence_holds_surface"}),
    ("kind_unknown", _claim(WORKERS, kind="headcount"), {"claim_kind_in_vocabulary"}),
    ("kind_missing", _claim(WORKERS, kind=None), {"claim_kind_in_vocabulary"}),
    ("claim_id_repeated", _duplicate_claim, {"claim_id_unique"}),
    ("claim_inside_removed_page_header", _claim_in_page_header, {"claim_outside_removed_spans"}),
    ("claim_overlapping_removed_cookie_line", _claim_straddling_cookie_line, {"claim_outside_removed_spans"}),
]


def test_offending_claim_names_the_removed_span():
    rows = w.world()
    _claim_in_page_header(rows)
    found = next(o for o in w.outcomes(rows, "numeric_claims") if o.rule == "claim_outside_removed_spans")
    s, e = w.at(w.PAGE)
    assert found.sample[0]["removed_span"] == f"page_header_footer {s}-{e}" and found.sample[0]["surface"] == "2"


# WARN: a primary article whose body has digits but no claim at all


def _no_claims(rows):
    rows["numeric_claims"] = []


def test_article_with_digits_and_no_claims_warns():
    rows = w.world()
    _no_claims(rows)
    outcomes = w.outcomes(rows, "article_claims")
    assert [(o.rule, o.severity, o.unexpected_count) for o in outcomes if not o.success] == [
        ("article_digits_have_claims", "warn", 1)]
    assert any(ch.isdigit() for ch in outcomes[0].sample[0]["digits_in"])


@pytest.mark.parametrize("change", [
    lambda rows: rows["articles"][0].update(body="No figure here, only words.\nAnd more words."),
    lambda rows: rows["articles"][0].update(role="translation"),
], ids=["no_digits", "translation"])
def test_articles_without_digits_or_claims_to_find_do_not_warn(change):
    rows = w.world()
    _no_claims(rows)
    change(rows)
    assert w.failing(rows, "article_claims") == set()


# WARN: row counts moving more than half from the last published run (documents 2, articles 1, claims 4 staged)


@pytest.mark.parametrize(("published", "moved"), [
    (None, set()),
    ({"documents": 2, "articles": 1, "numeric_claims": 4}, set()),
    ({"documents": 3, "articles": 1, "numeric_claims": 3}, set()),
    ({"documents": 2, "articles": 1, "numeric_claims": 9}, {"numeric_claims"}),
    ({"documents": 2, "articles": 3, "numeric_claims": 4}, {"articles"}),
    ({"documents": 1, "articles": 1, "numeric_claims": 4}, {"documents"}),
    ({"documents": 0, "articles": 0, "numeric_claims": 0}, {"documents", "articles", "numeric_claims"}),
], ids=["first_run", "same", "within_half", "claims_fell", "articles_fell", "documents_doubled", "from_nothing"])
def test_row_counts_moving_more_than_half_warn(published, moved):
    [outcome] = w.outcomes(w.world(), "row_counts", published)
    assert outcome.rule == "row_count_stable" and outcome.severity == "warn"
    assert outcome.success == (not moved)
    assert {r["table_name"] for r in outcome.sample} == moved


# end to end


def bad_qualifier(original):
    """Wrap claim_rows so that its first claim has a qualifier outside the vocabulary."""
    def bad(paragraphs, *args, **kwargs):
        table = original(paragraphs, *args, **kwargs)
        rows = table.to_pylist()
        rows[0]["qualifier"] = "roughly"
        return pa.Table.from_pylist(rows, schema=table.schema)
    return bad


@pytest.fixture
def published_copy(seeds_warehouse, tmp_path):
    return copy_published(seeds_warehouse, tmp_path)


def test_warnings_never_block_and_are_recorded(published_copy, tmp_path, instance):
    """Only 2 of the 5 published seed files come back: row counts fall by more than half; the run publishes."""
    folder = tmp_path / "fewer"
    folder.mkdir()
    for f in sorted(SEEDS.iterdir())[:2]:
        (folder / f.name).write_bytes(f.read_bytes())
    before = snapshot(published_copy)
    job = build_definitions(str(folder), str(published_copy)).resolve_job_def("claimtrail")
    # removing 3 of 5 documents needs permission (the removal guard); the warnings are what is tested here
    result = job.execute_in_process(instance=instance, raise_on_error=False,
                                    run_config={"ops": {"documents": {"config": {"allow_removal": True}}}})
    assert result.success
    evaluation = next(e for e in result.get_asset_check_evaluations() if e.check_name == "row_count_stable")
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
    meta = evaluation.metadata
    assert meta["success"].value is False and meta["unexpected_count"].value >= 1
    assert {r["table_name"] for r in meta["offending_rows"].value} >= {"documents"}
    assert snapshot(published_copy) != before  # published all the same
    with duckdb.connect(str(published_copy), read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == 2
    [row] = [r for r in quality_rows(published_copy, result.run_id) if r[0] == "row_count_stable"]
    assert row[1] == "warn" and row[2] is False and row[3] >= 1
    assert "documents" in json.dumps(json.loads(row[4])["sample"])
