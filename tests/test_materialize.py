"""The whole graph materialized over seeds/ into a temporary warehouse."""

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import ASSETS, build_definitions
from pipelines.defs.checks import quality_checks
from pipelines.defs.resources import make_resources
from tests.conftest import SEEDS

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser


def test_materialize_whole_graph(tmp_path, instance):
    warehouse = tmp_path / "w.duckdb"
    result = dg.materialize(
        [a for a in ASSETS if isinstance(a, dg.AssetsDefinition)] + quality_checks,
        resources=make_resources(str(SEEDS), str(warehouse)), instance=instance,
    )
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert evaluations and all(e.passed for e in evaluations if e.severity == dg.AssetCheckSeverity.ERROR)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        docs = con.execute("select count(*) from documents").fetchone()[0]
        assert docs == len(list(SEEDS.iterdir()))
        assert con.execute("select count(*) from articles").fetchone()[0] >= docs
        assert con.execute("select count(*) from numeric_claims where source_file is null").fetchone()[0] == 0
        runs = con.execute("select count(*), count(distinct expectation) from quality_runs").fetchone()
        assert runs[0] == len(evaluations) and runs[1] == len(evaluations)
        assert con.execute("select count(*) from publish_log").fetchone()[0] == 1


def test_definitions_load():
    defs = build_definitions()
    job = defs.resolve_job_def("claimtrail")
    assert job.executor_def.name == "in_process"
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"documents", "articles", "paragraphs", "removed_spans", "numeric_claims",
            "published/numeric_claims"} <= keys
    checks = defs.resolve_asset_graph().asset_check_keys
    assert any(k.name == "claim_has_source_file" for k in checks)


def test_seed_claims_point_at_their_source(seeds_warehouse):
    with duckdb.connect(str(seeds_warehouse), read_only=True) as con:
        bad = con.execute("""
            select count(*) from numeric_claims c join documents d using (doc_id)
            where substr(d.source_text, c.char_start + 1, c.char_end - c.char_start) <> c.surface
        """).fetchone()[0]
        assert bad == 0
        assert con.execute("select count(*) from numeric_claims").fetchone()[0] > 0
