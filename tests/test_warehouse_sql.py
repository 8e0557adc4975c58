"""SQL lives in warehouse/*.sql: named queries, lowercase, parameters bound with ?."""

import re

import duckdb
import pytest

from pipelines.warehouse import SQL_DIR, ensure_schema, queries

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

SQL_FILES = sorted(p.name for p in SQL_DIR.glob("*.sql"))


@pytest.mark.parametrize("name", SQL_FILES)
def test_sql_is_lowercase_and_never_formatted(name):
    text = (SQL_DIR / name).read_text()
    code = "\n".join(line.split("--")[0] for line in text.splitlines())
    code = re.sub(r"'[^']*'", "''", code)  # string literals may hold anything
    assert code == code.lower()
    assert "{" not in code and "%s" not in code


@pytest.mark.parametrize("name", [n for n in SQL_FILES if n != "schema.sql"])
def test_named_queries_parse(name):
    assert queries(name), f"{name} has no named queries"


def test_the_span_audits_share_their_source_chain_written_once():
    text = (SQL_DIR / "audit.sql").read_text()
    assert text.count("from audited t") == 1 and len(re.findall(r"^-- include: span_sources$", text, re.M)) == 2
    for name in ("audit_removed_spans", "audit_metadata_spans"):
        body = queries("audit.sql")[name]
        assert "-- include:" not in body and body.count("from audited t") == 1, name
        assert "row_number()" not in body  # a window over all rows ran a hostile set out of memory


def test_schema_has_the_published_contract():
    """Every table and column of the contract (WAREHOUSE.md), with comments."""
    contract = {
        "documents": {"doc_id", "source_file", "source_text", "raw_bytes", "encoding", "media_type", "byte_size",
                      "ingested_at"},
        "articles": {"article_id", "doc_id", "source_file", "ordinal", "title", "subtitle", "byline",
                     "published_date", "language", "role", "translation_of", "body", "char_start", "char_end"},
        "paragraphs": {"paragraph_id", "article_id", "ordinal", "kind", "text", "char_start", "char_end"},
        "removed_spans": {"doc_id", "char_start", "char_end", "reason", "text"},
        "numeric_claims": {"claim_id", "article_id", "paragraph_id", "doc_id", "source_file", "char_start",
                           "char_end", "surface", "value_low", "value_high", "qualifier", "unit", "sentence",
                           "attribution"},
        "quality_runs": {"run_id", "checked_at", "table_name", "expectation", "success", "unexpected_count",
                         "details"},
    }
    con = duckdb.connect()
    ensure_schema(con)
    ensure_schema(con)  # idempotent
    for table, cols in contract.items():
        have = {r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_name = ?", [table]).fetchall()}
        assert cols <= have, (table, cols - have)
        comment = con.execute("select comment from duckdb_tables() where table_name = ?", [table]).fetchone()[0]
        assert comment
