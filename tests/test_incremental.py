"""Incremental runs: only new or changed files are read again, deleted files leave (with a record), and the
result is the same as a full rebuild."""

import gzip
import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow as pa
import pytest

from pipelines import stages
from pipelines.runner import run_pipeline
from pipelines.warehouse import PUBLISHED_TABLES

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

HARBOUR = """Harbour strike enters its third week

By Lena Marsh

PORT ELLIS — More than 1,200 dock workers stayed away from the container terminal on Monday, according to the \
Harbour Workers' Union, as talks with the port authority stalled again.

The union says wages have fallen behind prices for five years in a row. The port authority offered a raise of 3.5% \
over two years, which the union rejected as too little.

Shipping agents estimate that about 40 vessels are waiting outside the harbour. Local hauliers reported losses of \
€2.3 million in the first two weeks of the dispute.

Negotiators are due to meet again on Thursday, when a mediator appointed by the labour ministry will join the talks \
for the first time.
"""
CLINICS = """# Rural clinics face a staffing gap

*An analysis of the regional health plan*

The regional health authority counted 37 clinics in the valley at the start of the year. Nearly half of them have \
no permanent doctor, and patients often travel more than 60 kilometres for an appointment.

## What the plan proposes

The plan sets aside $18 million for housing grants aimed at young doctors. Officials hope to fill at least 25 posts \
by the end of next year.

## What critics say

Nurses' representatives argue that grants alone will not keep staff in small towns. They point out that between \
10 and 15 posts have been vacant for over a decade.
"""
TRAINS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Night trains return to the coast | The Lanhaven Ledger</title>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
</ul></nav></header>
<main><article>
<h1>Night trains return to the coast</h1>
<p class="byline">By Omar Devlin</p>
<p>After a pause of eleven years, a night train will again link the capital with the coastal towns from the spring.
The operator plans three departures a week at first.</p>
<p>Tickets will start at 29 euros for a seat and 79 euros for a bed in a shared compartment. The rail company expects
around 45,000 passengers in the first year.</p>
<p>Tourism offices along the coast welcomed the decision, saying that hotels lost nearly 20% of their winter guests
when the old service was cut.</p>
</article></main>
<footer><p>© 2024 The Lanhaven Ledger</p></footer>
</body></html>
"""
WATER = """Water prices to rise in Kestrel County

The county water board approved an increase of 6% in household tariffs on Tuesday. The board said the money would \
pay for the repair of 140 kilometres of old pipes.

A typical family will pay about 48 euros more a year, according to figures published by the board. Consumer groups \
called the increase unfair and asked for a discount for large households.

The new tariffs take effect in January. The board will review them again after twelve months.
"""
SCHOOLS = """School meals to be free in Sunfield

The town council voted on Wednesday to offer free lunches to all 2,400 pupils of its primary schools from September.

The measure will cost about €1.1 million a year, the council's finance office said. Parents' associations had \
collected more than 3,000 signatures in support of the idea.
"""
FILES = {
    "harbour.txt": HARBOUR.encode(),
    "clinics.md": CLINICS.encode(),
    "trains.html": TRAINS.encode(),
    "archive/water.txt.gz": gzip.compress(WATER.encode(), mtime=0),
}


@dataclass
class World:
    """An input folder and its warehouse, published once."""

    input: Path
    warehouse: Path

    def run(self, instance, **kwargs):
        return run_pipeline(str(self.input), str(self.warehouse), instance=instance, **kwargs)

    def doc_id(self, name: str) -> str:
        return stages.doc_id_for((self.input / name).read_bytes())


def write_files(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


def snapshot(path: Path, skip: tuple[str, ...] = ()) -> dict[str, list]:
    """Every published data table's content in a stable order, without the columns in `skip`."""
    with duckdb.connect(str(path), read_only=True) as con:
        out = {}
        for t in PUBLISHED_TABLES:
            cols = [r[0] for r in con.execute(f"select column_name from (describe {t})").fetchall() if r[0] not in skip]
            out[t] = con.execute(f"select {', '.join(cols)} from {t} order by all").fetchall()
        return out


def _doc_positions(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: [r[0] for r in con.execute(f"select column_name from (describe {t})").fetchall()].index("doc_id")
                for t in PUBLISHED_TABLES}


def rows_of(snap: dict[str, list], path: Path, doc_ids: set[str]) -> dict[str, list]:
    """The rows of a snapshot that belong to the given documents."""
    at = _doc_positions(path)
    return {t: [r for r in rows if r[at[t]] in doc_ids] for t, rows in snap.items()}


def without(snap: dict[str, list], path: Path, doc_ids: set[str]) -> dict[str, list]:
    """The rows of a snapshot that do not belong to the given documents."""
    at = _doc_positions(path)
    return {t: [r for r in rows if r[at[t]] not in doc_ids] for t, rows in snap.items()}


def query(path: Path, sql: str, params=()):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, dagster_home) -> Path:
    """Our four documents, published once (copied for each test: one real run for the whole module)."""
    root = tmp_path_factory.mktemp("baseline")
    write_files(root / "input", FILES)
    with dg.DagsterInstance.ephemeral() as inst:
        report = run_pipeline(str(root / "input"), str(root / "w.duckdb"), instance=inst)
    assert report.success, report.errors or report.failed_blocking
    assert report.changes["added"] == len(FILES)
    return root


@pytest.fixture
def world(baseline, tmp_path) -> World:
    shutil.copytree(baseline, tmp_path / "w")
    return World(tmp_path / "w" / "input", tmp_path / "w" / "w.duckdb")


@pytest.fixture
def processed(monkeypatch) -> dict[str, list[str]]:
    """The files each stage worked on during the test."""
    seen = {"read": [], "cleaned": [], "claims": []}
    read, clean, claims = stages.read_documents, stages.clean_documents, stages.claim_rows

    def spy_read(files):
        seen["read"] += [name for _, name in files]
        return read(files)

    def spy_clean(docs):
        seen["cleaned"] += [d[1] for d in stages.as_tuples(docs)]
        return clean(docs)

    def spy_claims(paragraphs):
        seen["claims"] += sorted({p[3] for p in stages.as_tuples(paragraphs)})
        return claims(paragraphs)

    monkeypatch.setattr(stages.parallel, "read_documents", spy_read)  # read_fresh calls it there
    monkeypatch.setattr(stages, "clean_documents", spy_clean)
    monkeypatch.setattr(stages, "claim_rows", spy_claims)
    return seen


def test_unchanged_input_reprocesses_nothing_and_changes_nothing(world, processed, instance):
    before = snapshot(world.warehouse)
    log_before = query(world.warehouse, "select * from publish_log order by all")
    report = world.run(instance)
    assert report.success and report.unchanged and not report.published
    assert report.changes["unchanged"] == len(FILES) and report.changes["read"] == 0
    assert processed == {"read": [], "cleaned": [], "claims": []}
    assert snapshot(world.warehouse) == before
    assert query(world.warehouse, "select * from publish_log order by all") == log_before


def test_touching_a_file_without_changing_its_bytes_reads_nothing(world, processed, instance):
    path = world.input / "harbour.txt"
    path.write_bytes(path.read_bytes())
    assert world.run(instance).unchanged
    assert processed["read"] == []


@pytest.mark.parametrize("name", ["harbour.txt", "archive/water.txt.gz", "trains.html"])
def test_changing_one_file_reprocesses_exactly_that_file(world, processed, instance, name):
    old_id = world.doc_id(name)
    before = snapshot(world.warehouse)
    data = FILES[name]
    edited = (gzip.compress(gzip.decompress(data).replace(b"6%", b"7%"), mtime=0) if name.endswith(".gz")
              else data.replace(b"Thursday", b"Friday").replace(b"eleven years", b"twelve years"))
    assert edited != data
    (world.input / name).write_bytes(edited)
    report = world.run(instance)
    assert report.success, report.errors or report.failed_blocking
    assert report.changes["changed"] == 1 and report.changes["unchanged"] == len(FILES) - 1
    assert processed["read"] == [name] and processed["cleaned"] == [name]
    assert set(processed["claims"]) <= {name}
    after = snapshot(world.warehouse)
    new_id = world.doc_id(name)
    assert without(after, world.warehouse, {new_id}) == without(before, world.warehouse, {old_id})
    assert rows_of(after, world.warehouse, {old_id}) == {t: [] for t in PUBLISHED_TABLES}
    assert query(world.warehouse, "select count(*) from articles where doc_id = ?", [new_id]) == [(1,)]
    assert query(world.warehouse, "select doc_id, source_file, change, replaced_by from document_removals") == [
        (old_id, name, "replaced", new_id)]
    assert query(world.warehouse, "select mode, documents_changed from publish_log order by published_at desc "
                                  "limit 1") == [("incremental", 1)]


@pytest.mark.parametrize("name", ["clinics.md", "archive/water.txt.gz"])
def test_deleting_a_file_removes_its_rows_and_records_it(world, processed, instance, name):
    gone = world.doc_id(name)
    before = snapshot(world.warehouse)
    claims = query(world.warehouse, "select count(*) from numeric_claims where doc_id = ?", [gone])[0][0]
    (world.input / name).unlink()
    report = world.run(instance)
    assert report.success, report.errors or report.failed_blocking
    assert report.changes["removed"] == 1 and processed["read"] == []
    after = snapshot(world.warehouse)
    assert rows_of(after, world.warehouse, {gone}) == {t: [] for t in PUBLISHED_TABLES}
    assert after == without(before, world.warehouse, {gone})
    assert query(world.warehouse, "select doc_id, source_file, change, replaced_by, articles, numeric_claims "
                                  "from document_removals") == [(gone, name, "deleted", None, 1, claims)]


def test_adding_a_file_reads_only_that_file(world, processed, instance):
    before = snapshot(world.warehouse)
    write_files(world.input, {"schools.txt": SCHOOLS.encode()})
    report = world.run(instance)
    assert report.success, report.errors or report.failed_blocking
    assert processed["read"] == ["schools.txt"] and processed["cleaned"] == ["schools.txt"]
    after = snapshot(world.warehouse)
    assert without(after, world.warehouse, {world.doc_id("schools.txt")}) == before
    assert query(world.warehouse, "select count(*) from numeric_claims where source_file = 'schools.txt'")[0][0] > 0
    assert query(world.warehouse, "select count(*) from document_removals") == [(0,)]


def test_incremental_result_equals_a_full_rebuild(world, processed, instance, tmp_path):
    write_files(world.input, {"schools.txt": SCHOOLS.encode(),
                              "harbour.txt": HARBOUR.replace("Thursday", "Friday").encode()})
    (world.input / "trains.html").unlink()
    assert world.run(instance).success
    fresh = tmp_path / "fresh.duckdb"
    assert run_pipeline(str(world.input), str(fresh), instance=instance).success
    assert snapshot(world.warehouse, skip=("ingested_at",)) == snapshot(fresh, skip=("ingested_at",))
    processed["read"].clear()
    report = world.run(instance, full=True)
    assert report.success and sorted(processed["read"]) == sorted(
        str(p.relative_to(world.input)) for p in world.input.rglob("*") if p.is_file())
    assert snapshot(world.warehouse, skip=("ingested_at",)) == snapshot(fresh, skip=("ingested_at",))
    assert query(world.warehouse, "select mode from publish_log order by published_at desc limit 1") == [("full",)]


def test_a_blocked_change_is_taken_in_by_the_next_good_run(world, processed, instance, monkeypatch):
    before = snapshot(world.warehouse)
    claims = stages.claim_rows

    def broken(paragraphs):
        # every claim staged twice: claim ids no longer unique, a run rule, so nothing of the run is published
        table = claims(paragraphs)
        return pa.concat_tables([table, table])

    write_files(world.input, {"schools.txt": SCHOOLS.encode()})
    monkeypatch.setattr(stages, "claim_rows", broken)
    report = world.run(instance)
    assert not report.success and "claim_id_unique" in {c.name for c in report.failed_blocking}
    assert snapshot(world.warehouse) == before
    monkeypatch.setattr(stages, "claim_rows", claims)
    processed["read"].clear()
    report = world.run(instance)
    assert report.success, report.errors or report.failed_blocking
    assert processed["read"] == ["schools.txt"]
    assert without(snapshot(world.warehouse), world.warehouse, {world.doc_id("schools.txt")}) == before


def test_new_cleaning_code_means_a_full_rebuild(world, processed, instance, monkeypatch):
    monkeypatch.setattr(stages, "engine_version", lambda: "another-engine")
    report = world.run(instance)
    assert report.success, report.errors or report.failed_blocking
    assert sorted(processed["read"]) == sorted(FILES)
    assert "code changed" in str(report.changes["mode"])


def test_cleaning_verdicts_reach_the_documents_table(world, instance):
    write_files(world.input, {"cookies.txt": b"We use cookies to improve your experience. Accept all cookies\n"})
    report = world.run(instance)
    assert report.success, report.errors or report.failed_blocking
    rows = dict(query(world.warehouse, "select source_file, status from documents"))
    assert rows.pop("cookies.txt") == "quarantined" and set(rows.values()) == {"ok"}
    assert query(world.warehouse, "select count(*) from documents where quarantine_reason is null "
                                  "and status = 'quarantined' or removed_fraction is null and status = 'ok'") == [(0,)]
