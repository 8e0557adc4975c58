"""Corpora for the gate's quarantine tests: copies of gate_world's harbour document under new ids, each
broken by one change, staged into a real DuckDB file; the gate run over them and the result published."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines import warehouse
from pipelines.quality.quarantine import Verdict, run_gate
from pipelines.quality.suites import load_suites
from tests import gate_world as w

GOOD = "good.txt"


def renamed(rows: dict[str, list[dict]], doc_id: str, source_file: str) -> dict[str, list[dict]]:
    """The rows of gate_world's harbour document (w.DOC) as those of another document: every id that starts
    with w.DOC starts with doc_id, and harbour.txt is source_file. The quarantined empty file is left out."""
    out: dict[str, list[dict]] = {}
    for table, table_rows in rows.items():
        out[table] = []
        for row in table_rows:
            if row.get("doc_id") == w.QUARANTINED:
                continue
            new = {}
            for key, value in row.items():
                if isinstance(value, str) and value.startswith(w.DOC):
                    value = doc_id + value[len(w.DOC):]
                elif key == "source_file" and value == "harbour.txt":
                    value = source_file
                new[key] = value
            out[table].append(new)
    return out


def corpus(changes: dict[str, object]) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Rows of one good document, gate_world's quarantined empty file, and one document per change (the name
    of the change -> a function that breaks a fresh world's harbour document). Returns the rows and the doc_id
    of each change's document (the good one under GOOD)."""
    ids = {GOOD: "g00d0000" + "0" * 8}
    rows = renamed(w.world(), ids[GOOD], GOOD)
    rows["documents"].append(next(d for d in w.world()["documents"] if d["doc_id"] == w.QUARANTINED))
    for n, (name, change) in enumerate(changes.items()):
        broken = w.world()
        change(broken)
        ids[name] = f"bad{n:05d}" + "0" * 8
        for table, table_rows in renamed(broken, ids[name], f"{name}.txt").items():
            rows.setdefault(table, []).extend(table_rows)
    return rows, ids


@dataclass
class Staged:
    """A staging file holding a corpus, every document of it read in this run."""

    path: Path

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.path))


def stage(rows: dict[str, list[dict]], path: Path) -> Staged:
    """Write the rows into a new staging file, as the stages would leave them for the gate."""
    with duckdb.connect(str(path)) as con:
        warehouse.ensure_staging(con)
        for table in w.TABLES:
            if rows.get(table):
                w.load_table(con, table, rows[table])
        con.execute("insert into staging_changes select doc_id, source_file, 'added' from documents")
    return Staged(path)


def gate(staged: Staged, run_id: str = "run-1") -> Verdict:
    """The gate over the staged file, as the quality_gate asset runs it."""
    with staged.connect() as con:
        return run_gate(con, load_suites(), run_id, run_id)


def publish(staged: Staged, target: Path, verdict: Verdict, run_id: str = "run-1") -> None:
    """Publish the staged file into target, insisting on the content the gate passed."""
    with duckdb.connect(str(target)) as con:
        warehouse.publish(con, str(staged.path), run_id, expected=verdict.fingerprint, owner=run_id)


def query(path: Path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()
