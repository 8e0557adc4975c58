"""The table registry (pipelines/tables.py) is the schema DuckDB creates, and the one source of its documentation.

Column for column and type for type against warehouse/schema.sql and staging.sql as DuckDB runs them (the
catalog, duckdb_columns()), every table and column commented with the registry's text, and the generated files
(comments.sql, WAREHOUSE.md's column tables) current. Fast: two small DuckDB files, no pipeline run.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from pipelines import docs, stages, tables, warehouse

SHARED_CONTRACT = Path(__file__).resolve().parent.parent.parent / "shared" / "WAREHOUSE.md"
_CATALOG = """
select schema_name, table_name, column_name, data_type, comment
from duckdb_columns()
where database_name = current_database() and not internal
order by schema_name, table_name, column_index
"""
_RELATIONS = """
select schema_name, table_name, comment, 'table' from duckdb_tables() where database_name = current_database()
union all
select schema_name, view_name, comment, 'view' from duckdb_views()
where database_name = current_database() and not internal
"""


def _name(schema: str, table: str) -> str:
    return table if schema == "main" else f"{schema}.{table}"


@pytest.fixture(scope="module", params=["warehouse", "staging"])
def made(request, tmp_path_factory):
    """(registry tables of that file, its catalog columns, its relations) for a file DuckDB set up from the SQL."""
    path = tmp_path_factory.mktemp(request.param) / f"w.{request.param}.duckdb"
    with duckdb.connect(str(path)) as con:
        if request.param == "staging":
            warehouse.ensure_staging(con)
            expected = tables.in_staging()
        else:
            warehouse.ensure_schema(con)
            expected = tables.in_warehouse()
        columns = con.execute(_CATALOG).fetchall()
        relations = con.execute(_RELATIONS).fetchall()
    return expected, columns, relations


def test_the_files_hold_exactly_the_registry_tables(made):
    expected, _, relations = made
    assert sorted(_name(s, t) for s, t, _, _ in relations) == sorted(t.qualified for t in expected)
    kinds = {_name(s, t): kind for s, t, _, kind in relations}
    assert {t.qualified: "view" if t.view else "table" for t in expected} == kinds


def test_columns_and_types_are_the_registry(made):
    expected, columns, _ = made
    found: dict[str, list[tuple[str, str]]] = {}
    for schema, table, column, kind, _ in columns:
        found.setdefault(_name(schema, table), []).append((column, kind))
    for t in expected:
        assert found[t.qualified] == [(c.name, c.duckdb_type) for c in t.columns], t.qualified


def test_every_table_and_column_has_the_registry_comment(made):
    expected, columns, relations = made
    by_name = {t.qualified: t for t in expected}
    missing = [f"{_name(s, t)}.{c}" for s, t, c, _, comment in columns if not comment]
    assert missing == []
    for schema, table, column, _, comment in columns:
        assert comment == by_name[_name(schema, table)].column(column).description, f"{table}.{column}"
    for schema, table, comment, _ in relations:
        assert comment == by_name[_name(schema, table)].description, table


def test_the_arrow_schemas_are_the_registry():
    for name, schema in stages.SCHEMAS.items():
        assert schema == tables.arrow_schema(name), name
    assert set(stages.SCHEMAS) >= set(tables.PUBLISHED) - {"minhash_signatures", "near_duplicates"}
    assert stages.CLEANED_TABLES == tables.CLEANED
    assert warehouse.PUBLISHED_TABLES == tables.PUBLISHED
    # the cleaning step's verdicts, as it stages them
    cleaned = stages.Cleaned(quarantined=[("no article text", "d1")], removed_fraction=[(0.25, "d2")])
    assert cleaned.verdicts().schema == tables.arrow_schema("cleaning_verdicts")
    assert cleaned.verdicts().to_pylist() == [
        {"doc_id": "d2", "removed_fraction": 0.25, "quarantine_reason": None},
        {"doc_id": "d1", "removed_fraction": None, "quarantine_reason": "no article text"}]


def test_every_column_has_a_description_and_names_are_unique():
    for t in tables.TABLES:
        assert t.description.strip(), t.qualified
        assert len(set(t.column_names)) == len(t.columns), t.qualified
        for c in t.columns:
            assert c.description.strip() and "\n" not in c.description, f"{t.qualified}.{c.name}"
    assert len({t.qualified for t in tables.TABLES}) == len(tables.TABLES)


def test_comments_sql_is_generated_from_the_registry():
    assert docs.COMMENTS_SQL.read_text(encoding="utf-8") == docs.comments_sql(), "run `make docs`"


def test_the_contract_lists_every_table_and_column_of_the_registry():
    text = docs.CONTRACT.read_text(encoding="utf-8")
    assert docs.contract(text) == text, "WAREHOUSE.md's column tables are stale: run `make docs`"
    assert sorted(docs.contract_tables(text)) == sorted(docs.documented())
    for t in tables.TABLES:
        for c in t.columns:
            assert f"| `{c.name}` |" in text, f"{t.qualified}.{c.name}"


def _contract_names(text: str) -> dict[str, set[str]]:
    """The column names a contract text gives per `## table` section (table cells and backticked lists)."""
    out: dict[str, set[str]] = {}
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        table, body = section.split(" ", 1)
        lines = body.splitlines()
        names: set[str] = set()
        if len(lines) > 1 and lines[1].startswith("`"):  # a section without a table opens with its column list
            names |= {re.sub(r"\s*\(.*", "", n).strip() for n in lines[1].strip("`").split("`")[0].split(",")}
        for line in lines:
            if line.startswith("| ") and not line.startswith(("| column", "| ---", "| `")):
                names |= {n.strip() for n in line.split("|")[1].split(",")}
        out[table] = names
    return out


@pytest.mark.skipif(not SHARED_CONTRACT.exists(), reason="the original contract lives beside the repo")
def test_every_name_of_the_original_contract_is_kept():
    original = _contract_names(SHARED_CONTRACT.read_text(encoding="utf-8"))
    assert set(original) >= {"documents", "articles", "paragraphs", "removed_spans", "numeric_claims", "quality_runs"}
    ours = docs.CONTRACT.read_text(encoding="utf-8")
    for table, names in original.items():
        assert f"## {table} — " in ours
        assert names and names <= set(tables.table(table).column_names), (table, names)


def test_the_data_dictionary_page_lists_every_table_and_column_escaped():
    page = docs.dictionary_html()
    assert page.startswith("<!doctype html>") and "<script" not in page
    for t in tables.TABLES:
        assert f'<h2 id="{t.qualified}">' in page
        for c in t.columns:
            assert f"<td><code>{c.name}</code></td>" in page
    assert "gate: &lt;rule&gt;" in page  # descriptions are escaped, not markup
