"""The code location loads with everything the UI shows: job, schedule, sensor, checks, descriptions, lineage."""

import dagster as dg
import pytest

from pipelines import definitions
from pipelines.definitions import build_definitions
from pipelines.warehouse import PUBLISHED_TABLES

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

STAGED = ("documents", "articles", "paragraphs", "removed_spans", "metadata_spans", "numeric_claims")


@pytest.fixture(scope="module")
def graph():
    return build_definitions().resolve_asset_graph()


def test_module_level_definitions_load():
    defs = definitions.defs
    assert defs.resolve_job_def("claimtrail").executor_def.name == "in_process"
    assert defs.resolve_schedule_def("claimtrail_daily") and defs.resolve_sensor_def("input_folder_sensor")
    dg.Definitions.validate_loadable(defs)


@pytest.mark.parametrize("key", ["input_files", *STAGED, *(f"published/{t}" for t in PUBLISHED_TABLES)])
def test_every_asset_has_a_one_line_description_a_group_and_kinds(graph, key):
    node = graph.get(dg.AssetKey.from_user_string(key))
    assert node.description and "\n" not in node.description.strip()
    assert node.group_name in {"sources", "staging", "published"}
    assert node.kinds


@pytest.mark.parametrize("table", STAGED)
def test_lineage_runs_from_the_input_files_to_the_published_tables(graph, table):
    published = dg.AssetKey(["published", table])
    ancestors = graph.asset_dep_graph["upstream"]
    seen, todo = set(), [published]
    while todo:
        key = todo.pop()
        for parent in ancestors.get(key, ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    assert {dg.AssetKey("input_files"), dg.AssetKey("documents"), dg.AssetKey(table)} <= seen


def test_staged_tables_are_duckdb_and_checks_are_great_expectations(graph):
    assert all("duckdb" in graph.get(dg.AssetKey(t)).kinds for t in STAGED)
    checks = graph.asset_check_keys
    assert {k.asset_key.to_user_string() for k in checks} >= {"documents", "articles", "numeric_claims"}
    assert any(k.name == "claim_has_source_file" for k in checks)


def test_job_covers_everything_but_the_raw_files():
    job = build_definitions().resolve_job_def("claimtrail")
    keys = {k.to_user_string() for k in job.asset_layer.selected_asset_keys}
    assert "input_files" not in keys
    assert {"documents", "numeric_claims", "published/documents"} <= keys


@pytest.mark.parametrize("key", [*STAGED, "minhash_signatures", "near_duplicates",
                                 *(f"published/{t}" for t in PUBLISHED_TABLES)])
def test_every_table_asset_shows_the_registry_columns_with_their_meaning(graph, key):
    from pipelines import tables

    node = graph.get(dg.AssetKey.from_user_string(key))
    schema = node.metadata["dagster/column_schema"]
    registry = tables.table(key.rpartition("/")[2])
    assert [(c.name, c.type, c.description) for c in schema.columns] == [
        (c.name, c.duckdb_type.lower(), c.description) for c in registry.columns]
    assert node.metadata["dagster/table_name"] == ("main." if key.startswith("published/") else "staging.") + \
        registry.name
