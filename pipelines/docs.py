"""What the table registry (pipelines/tables.py) documents, written out: comments.sql, WAREHOUSE.md's column tables
and the data dictionary page. `make docs` (python -m pipelines.docs) writes them; tests check the first two are
current, so the database, the contract and the Dagster UI never say different things."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from pipelines import tables

PROJECT = Path(__file__).resolve().parent.parent
COMMENTS_SQL = PROJECT / "warehouse" / "comments.sql"
CONTRACT = PROJECT / "WAREHOUSE.md"
DICTIONARY = PROJECT / "warehouse" / "reports" / "data-dictionary.html"
_BLOCK = re.compile(r"(<!-- columns: (?P<name>[\w.]+) -->\n)(?P<body>.*?)(<!-- end columns -->)", re.DOTALL)


def comments_sql() -> str:
    """warehouse/comments.sql: the comment of every table and column, from the registry."""
    lines = ["-- generated from pipelines/tables.py by `make docs`: edit the registry, not this file", "",
             "-- name: warehouse", "-- every file (after schema.sql)",
             *tables.comment_statements(tables.in_warehouse()), "",
             "-- name: staging", "-- a staging file's own tables (after staging.sql's gate_tables)",
             *tables.comment_statements(tables.STAGING_ONLY)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def column_table(t: tables.Table) -> str:
    """A table's columns as a Markdown table (name, DuckDB type, meaning)."""
    rows = ["| column | type | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{c.name}` | {c.duckdb_type.lower()} | {_cell(c.description)} |" for c in t.columns]
    return "\n".join(rows) + "\n"


def documented() -> dict[str, tables.Table]:
    """Every table and view of either file once, by qualified name (but the views of another table's columns)."""
    return {t.qualified: t for t in tables.TABLES if t not in tables.DERIVED_VIEWS}


def contract(text: str) -> str:
    """WAREHOUSE.md with every `<!-- columns: NAME -->` block rewritten from the registry."""
    known = documented()

    def block(m: re.Match) -> str:
        return m.group(1) + column_table(known[m.group("name")]) + m.group(4)

    return _BLOCK.sub(block, text)


def contract_tables(text: str) -> list[str]:
    """The tables WAREHOUSE.md has a column block for, in order."""
    return [m.group("name") for m in _BLOCK.finditer(text)]


def dictionary_html() -> str:
    """The data dictionary: every table of the warehouse and of a staging file, its columns, types and meanings."""
    style = ("body{font:15px/1.45 system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}"
             "table{border-collapse:collapse;width:100%;margin-bottom:2em}th,td{border:1px solid #ccc;padding:.3em "
             ".5em;text-align:left;vertical-align:top}th{background:#f3f3f3}code{font-size:95%}"
             "nav a{margin-right:.8em}h2 small{font-weight:normal;color:#666}")
    parts = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
             "<title>claimtrail data dictionary</title>", f"<style>{style}</style></head><body>",
             "<h1>claimtrail data dictionary</h1>",
             "<p>Every table and column of the published warehouse and of a staging file, as the database comments "
             "and the Dagster UI describe them (generated from <code>pipelines/tables.py</code>). Offsets are "
             "0-based, end-exclusive code-point offsets into <code>documents.source_text</code>.</p>"]
    known = {t.qualified: t for t in tables.TABLES}
    parts.append("<nav>" + "".join(f'<a href="#{html.escape(n)}">{html.escape(n)}</a>' for n in known) + "</nav>")
    for name, t in known.items():
        where = "staging file only" if t.file == tables.STAGING else "warehouse and staging files"
        kind = "view" if t.view else "table"
        parts.append(f'<h2 id="{html.escape(name)}">{html.escape(name)} <small>{kind}, {where}</small></h2>')
        parts.append(f"<p>{html.escape(t.description)}</p>")
        parts.append("<table><tr><th>column</th><th>type</th><th>meaning</th></tr>")
        parts += [f"<tr><td><code>{html.escape(c.name)}</code></td><td>{html.escape(c.duckdb_type.lower())}</td>"
                  f"<td>{html.escape(c.description)}</td></tr>" for c in t.columns]
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_all() -> list[Path]:
    """Write comments.sql, WAREHOUSE.md's column tables and the data dictionary page; the paths written."""
    COMMENTS_SQL.write_text(comments_sql(), encoding="utf-8")
    CONTRACT.write_text(contract(CONTRACT.read_text(encoding="utf-8")), encoding="utf-8")
    DICTIONARY.parent.mkdir(parents=True, exist_ok=True)
    DICTIONARY.write_text(dictionary_html(), encoding="utf-8")
    return [COMMENTS_SQL, CONTRACT, DICTIONARY]


if __name__ == "__main__":
    for path in write_all():
        print(path.relative_to(PROJECT))
    sys.exit(0)
