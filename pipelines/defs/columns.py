"""The UI's column schemas, from the table registry: the same descriptions as the database comments."""

import dagster as dg

from pipelines import tables


def column_schema(table: str) -> dg.TableSchema:
    """A table's columns, DuckDB types and meanings, as Dagster shows them on an asset."""
    return dg.TableSchema(columns=[dg.TableColumn(c.name, c.duckdb_type.lower(), description=c.description)
                                   for c in tables.table(table).columns])


def table_metadata(table: str, schema: str) -> dict:
    """An asset's definition metadata for a warehouse table: its column schema and where it lives."""
    return {"dagster/column_schema": column_schema(table), "dagster/table_name": f"{schema}.{table}"}
