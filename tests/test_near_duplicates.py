"""near_duplicates through the whole job: syndicated copies paired, the seeds not, only new articles hashed."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import near_duplicates as stage
from pipelines.definitions import build_definitions
from pipelines.defs import near_duplicates as dedup_asset
from pipelines.runner import run_pipeline

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

DOCS = Path(__file__).parent / "docs" / "dedup"
COPIES = {"wire_ferry.txt", "site_a_ferry.html", "site_b_ferry.md"}


def pairs(path: Path) -> list[tuple]:
    """(copy file, canonical file, jaccard) of every published pair."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("""
            select a.source_file, c.source_file, n.jaccard
            from near_duplicates n
            join articles a on a.article_id = n.article_id and a.doc_id = n.doc_id
            join articles c on c.article_id = n.canonical_article_id and c.doc_id = n.canonical_doc_id
            order by all""").fetchall()


def unordered(found: list[tuple]) -> set[frozenset]:
    return {frozenset(p[:2]) for p in found}


@pytest.fixture
def signed(monkeypatch) -> list[int]:
    """How many articles each run hashed."""
    seen = []
    sign = stage.sign_articles

    def spy(articles):
        seen.append(articles.num_rows)
        return sign(articles)

    monkeypatch.setattr(stage, "sign_articles", spy)
    return seen


def run(root: Path, warehouse: Path, instance, **kwargs):
    report = run_pipeline(str(root), str(warehouse), instance=instance, **kwargs)
    assert report.success, report.errors or report.failed_blocking
    return report


def test_no_pair_among_the_distinct_articles_of_the_seeds(seeds_warehouse):
    with duckdb.connect(str(seeds_warehouse), read_only=True) as con:
        assert con.execute("select count(*) from near_duplicates").fetchall() == [(0,)]
        unsigned = con.execute("""
            select a.article_id from articles a
            where a.role = 'primary' and a.article_id not in (select article_id from minhash_signatures)""").fetchall()
        assert unsigned == []


def test_syndicated_copies_are_paired_and_a_story_on_the_same_islands_is_not(tmp_path, instance, monkeypatch):
    monkeypatch.setattr(dedup_asset, "BATCH_ARTICLES", 1)  # bodies stream in batches: one article at a time here
    shutil.copytree(DOCS, tmp_path / "in")
    run(tmp_path / "in", tmp_path / "w.duckdb", instance)
    found = pairs(tmp_path / "w.duckdb")
    assert unordered(found) == {frozenset(p) for p in [("wire_ferry.txt", "site_a_ferry.html"),
                                                      ("wire_ferry.txt", "site_b_ferry.md"),
                                                      ("site_a_ferry.html", "site_b_ferry.md")]}
    assert all(0.5 <= j <= 1.0 for *_, j in found)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:  # one run: the smaller id is canonical
        assert con.execute("select count(*) from near_duplicates where canonical_article_id >= article_id"
                           ).fetchall() == [(0,)]


def test_a_run_hashes_only_new_articles_and_pairs_them_with_the_stored_ones(tmp_path, instance, signed):
    root, warehouse = tmp_path / "in", tmp_path / "w.duckdb"
    root.mkdir()
    for name in ("wire_ferry.txt", "island_tourism.txt"):
        shutil.copy(DOCS / name, root / name)
    run(root, warehouse, instance)
    assert pairs(warehouse) == [] and signed == [2]
    for name in ("site_a_ferry.html", "site_b_ferry.md"):
        shutil.copy(DOCS / name, root / name)
    run(root, warehouse, instance)
    assert signed == [2, 2]
    found = pairs(warehouse)
    assert len(found) == 3
    # the wire story came in an earlier run: it is the canonical of both copies
    assert {(a, c) for a, c, _ in found if "wire_ferry.txt" in (a, c)} == {
        ("site_a_ferry.html", "wire_ferry.txt"), ("site_b_ferry.md", "wire_ferry.txt")}

    (root / "wire_ferry.txt").unlink()
    run(root, warehouse, instance)
    assert signed == [2, 2]  # a deletion hashes nothing
    assert unordered(pairs(warehouse)) == {frozenset(("site_a_ferry.html", "site_b_ferry.md"))}

    incremental = pairs(warehouse)
    run(root, warehouse, instance, full=True)
    assert signed[-1] == 3
    assert unordered(pairs(warehouse)) == unordered(incremental)
    assert sorted(j for *_, j in pairs(warehouse)) == sorted(j for *_, j in incremental)


def test_running_the_step_again_keeps_one_row_per_pair(tmp_path, instance):
    shutil.copytree(DOCS, tmp_path / "in")
    run(tmp_path / "in", tmp_path / "w.duckdb", instance)
    staging = tmp_path / "w.staging.duckdb"
    with duckdb.connect(str(staging), read_only=True) as con:
        before = con.execute("select * from near_duplicates order by all").fetchall()
    job = build_definitions(str(tmp_path / "in"), str(tmp_path / "w.duckdb")).resolve_job_def("claimtrail")
    result = job.execute_in_process(instance=instance, raise_on_error=False, asset_selection=[
        dg.AssetKey("minhash_signatures"), dg.AssetKey("near_duplicates")])
    assert result.success
    with duckdb.connect(str(staging), read_only=True) as con:
        assert con.execute("select * from near_duplicates order by all").fetchall() == before
        assert con.execute("select count(*), count(distinct article_id) from minhash_signatures").fetchall() == [
            (4, 4)]
