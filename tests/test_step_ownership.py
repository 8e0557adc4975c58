"""No step of the job rewrites a table an earlier step owns (the registry's owner per table, pipelines/tables.py).

Each step's staging function runs on a real staging file through a connection that records every statement; the
tables each statement writes (insert, delete, update, create, alter) are held to the registry's owners. The gate
too: it holds a document by writing its own verdicts, and the publish composes (warehouse/verdicts.sql).
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from pipelines import stages, tables
from pipelines import staging as staged
from pipelines import warehouse as store
from pipelines.quality import scope

_WRITE = re.compile(r"\b(?:insert\s+into|delete\s+from|update|alter\s+table|drop\s+table(?:\s+if\s+exists)?|"
                    r"create(?:\s+or\s+replace)?(?:\s+temp(?:orary)?)?\s+(?:table|view)(?:\s+if\s+not\s+exists)?)"
                    r"\s+([\w.]+)", re.IGNORECASE)
_TEMP = re.compile(r"\bcreate(?:\s+or\s+replace)?\s+temp(?:orary)?\s+(?:table|view)\s+([\w.]+)", re.IGNORECASE)


class Recording:
    """A DuckDB connection that records the text of every statement it runs."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con, self.statements = con, []

    def execute(self, query, *args, **kwargs):
        self.statements.append(query)
        return self._con.execute(query, *args, **kwargs)

    def executemany(self, query, *args, **kwargs):
        self.statements.append(query)
        return self._con.executemany(query, *args, **kwargs)

    def sql(self, query, *args, **kwargs):
        self.statements.append(query)
        return self._con.sql(query, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)

    def written(self) -> set[str]:
        """The registry tables the recorded statements write (temp tables and the attached published file aside)."""
        found = set()
        for statement in self.statements:
            body = "\n".join(line.split("--")[0] for line in statement.splitlines())
            temp = {n.lower() for n in _TEMP.findall(body)}  # this connection's own copies (gate.sql scoped)
            for name in _WRITE.findall(body):
                if name.lower() in temp:
                    continue
                name = name.lower().removeprefix("main.")
                if name.startswith(("temp.", "ct_")):
                    continue
                if name in {t.qualified for t in tables.TABLES}:
                    found.add(name)
        return found


def _rows(name: str, doc_id: str, **values) -> pa.Table:
    return tables.to_table(name, [{"doc_id": doc_id, **values}])


def _earlier(step: str, written: set[str]) -> set[str]:
    """The tables of `written` owned by a step before `step`."""
    at = tables.STEPS.index(step)
    return {t for t in written if tables.owner(t) in tables.STEPS[:at]}


@pytest.fixture
def con(tmp_path: Path):
    with duckdb.connect(str(tmp_path / "w.staging.duckdb")) as raw:
        store.ensure_staging(raw)
        yield Recording(raw)


def _documents(con: Recording, tmp_path: Path, every_mode: bool = False) -> str:
    """Stage one document (full; with every_mode, then by copying the published rows and incrementally): its id."""
    root = tmp_path / "input"
    root.mkdir()
    (root / "a.txt").write_text("Harbour notes\n\nThe quay took 300 ships in a year.\n", encoding="utf-8")
    plan = stages.plan_changes(root, {}, True, frozenset())
    rows = stages.document_rows(stages.read_fresh(plan.fresh))
    published = tmp_path / "w.duckdb"
    with duckdb.connect(str(published)) as w:
        store.ensure_schema(w)
    modes = ((True, store.SyncState()), (False, store.SyncState("r0", "r0", True)),
             (False, store.SyncState("r0", "r0", False)))  # full, a resync by copy, incremental
    for full, state in modes if every_mode else modes[:1]:
        staged.stage_documents(con, plan, rows, state=state, last_run_id="r0", owner="r1", full=full,
                               warehouse=str(published), lock_wait=1.0)
    return plan.fresh[0].doc_id


def test_the_registry_names_an_owner_for_every_staged_table_a_step_writes():
    assert set(tables.OWNERS.values()) <= set(tables.STEPS)
    assert set(tables.OWNERS) <= {t.qualified for t in tables.TABLES}
    for t in tables.TABLES:  # every table of a document's rows is written by one step
        assert t.view or not t.by_document or tables.owner(t.qualified), t.qualified
    assert tables.owner("staging_versions") is None  # bookkeeping: every step renews its tables' tokens


def test_the_documents_step_writes_its_tables_and_forgets_later_ones(con, tmp_path):
    _documents(con, tmp_path, every_mode=True)
    written = con.written()
    assert {"documents", "staging_changes"} <= written
    assert _earlier("documents", written) == set()


def test_the_cleaning_step_writes_its_own_tables_and_its_verdicts_not_documents(con, tmp_path):
    doc = _documents(con, tmp_path)
    con.statements.clear()
    cleaned = {name: _rows(name, doc) for name in tables.CLEANED}
    verdicts = _rows("cleaning_verdicts", doc, removed_fraction=0.25, quarantine_reason="no article text")
    staged.stage_cleaned(con, [(cleaned, verdicts)])
    written = con.written()
    assert written - {"staging_versions"} == {*tables.CLEANED, "cleaning_verdicts"}
    assert _earlier("cleaned_text", written) == set()
    # the documents row stays the documents step's; the row as published carries the verdict
    assert con.execute("select status, removed_fraction from documents").fetchall() == [("ok", None)]
    assert con.execute("select status, quarantine_reason, removed_fraction from staged_documents").fetchall() == [
        ("quarantined", "no article text", 0.25)]


def test_the_claims_and_near_duplicate_steps_write_only_their_tables(con, tmp_path):
    doc = _documents(con, tmp_path)
    con.statements.clear()
    staged.stage_claims(con, _rows("numeric_claims", doc))
    assert con.written() - {"staging_versions"} == {"numeric_claims"}
    con.statements.clear()
    signed = pa.table({"article_id": [f"{doc}:0"], "doc_id": [doc], "shingles": pa.array([30], pa.int32()),
                       "signature": [bytes(512)]})
    staged.stage_near_duplicates(con, signed)
    assert con.written() - {"staging_versions"} == {"minhash_signatures", "near_duplicates"}


def _owned(step: str) -> set[str]:
    return {t for t, o in tables.OWNERS.items() if o == step}


def test_the_gate_writes_only_its_own_tables_even_to_quarantine_a_document(con, tmp_path):
    doc = _documents(con, tmp_path)
    staged.stage_cleaned(con, [({name: _rows(name, doc) for name in tables.CLEANED},
                                _rows("cleaning_verdicts", doc, removed_fraction=0.1))])
    staged.stage_claims(con, _rows("numeric_claims", doc))
    before = {t: con.execute(f"select * from {t} order by all").fetchall()
              for t in ("documents", *tables.CLEANED, "numeric_claims", "staging_changes")}
    con.statements.clear()
    found = scope.open_scope(con, "s", "e", "r1")
    with scope.scoped(con, found):
        pass
    scope.record_checks(con, "r1", "s", "e")
    assert _earlier("quality_gate", con.written()) == set()
    con.statements.clear()
    held = tables.to_table("gate_verdicts", [{"doc_id": doc, "source_file": "a.txt", "run_id": "r1",
                                              "quarantine_reason": "gate: a rule (a row)"}])
    store.quarantine_documents(con, held, tables.empty("quarantine.failures"))
    assert con.written() <= _owned("quality_gate")
    # the earlier steps' rows are as they wrote them; the rows as published are composed from the verdict
    assert before == {t: con.execute(f"select * from {t} order by all").fetchall() for t in before}
    assert con.execute("select status, quarantine_reason from staged_documents").fetchall() == [
        ("quarantined", "gate: a rule (a row)")]
    for name in ("articles", *tables.CLEANED[1:], "numeric_claims"):
        assert con.execute(f"select count(*) from staged_{name}").fetchone()[0] == 0, name
        assert con.execute(f"select count(*) from held_{name}").fetchone()[0] == len(before[name]) == 1, name
    # the scoped copies the document rules read leave the held document out, as the publish does
    with scope.scoped(con, scope.open_scope(con, "s", "e", "r1")):
        assert con.execute("select count(*) from articles").fetchone()[0] == 0
    assert con.execute("select count(*) from articles").fetchone()[0] == 1


def test_the_gate_step_writes_only_its_own_tables(con, tmp_path, monkeypatch):
    """The whole gate (pipelines/quality/quarantine.py run_gate) over a staged document it holds."""
    from pipelines.quality import quarantine
    from pipelines.quality.suites import load_suites

    doc = _documents(con, tmp_path)
    staged.stage_cleaned(con, [({name: _rows(name, doc) for name in tables.CLEANED},
                                _rows("cleaning_verdicts", doc, removed_fraction=0.1))])
    con.statements.clear()
    verdict = quarantine.run_gate(con, load_suites(), "r1", "r1", suites_version="s", engine_version="e")
    assert [d for _, d, _ in verdict.quarantined] == [doc]  # an article of null fields: held
    assert con.written() <= _owned("quality_gate") | {"staging_versions"}
    assert _earlier("quality_gate", con.written()) == set()


def _targets(filename: str, name: str) -> set[str]:
    body = "\n".join(line.split("--")[0] for line in store.sql(filename, name).splitlines())
    return {t.lower().removeprefix("main.") for t in _WRITE.findall(body)}


def test_one_script_forgets_a_documents_rows_in_staging_and_at_an_incremental_publish():
    by_document = {t.qualified for t in tables.SHARED if t.by_document and not t.view}
    assert _targets("forget.sql", "document_rows") == by_document
    staging_only = {t.qualified for t in tables.STAGING_ONLY if t.by_document and not t.view} - {"staging_changes"}
    assert _targets("staging.sql", "forget_gone") == staging_only | {"document_checks"}
    # the block is nowhere else: an incremental publish deletes through it (but for the gate's records, which move
    # whole)
    deleted = re.findall(r"\bdelete\s+from\s+([\w.]+)", store.sql("publish.sql", "publish_delta"))
    assert [t.removeprefix("main.") for t in deleted] == ["document_checks"]


def test_forgetting_a_document_leaves_none_of_its_rows(con, tmp_path):
    doc = _documents(con, tmp_path)
    staged.stage_cleaned(con, [({name: _rows(name, doc) for name in tables.CLEANED},
                                _rows("cleaning_verdicts", doc, removed_fraction=0.1))])
    staged.stage_claims(con, _rows("numeric_claims", doc))
    store.forget_documents(con, [doc])
    for t in tables.in_staging():
        if t.by_document and not t.view and t.name != "staging_changes":
            assert con.execute(f"select count(*) from {t.qualified} where doc_id = ?", [doc]).fetchone()[0] == 0
