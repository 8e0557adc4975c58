"""Bounded batches: whole documents only, in order, every row once; deferred files read again and checked."""

import duckdb
import numpy as np

from pipelines import stages
from pipelines.stages import InputFile, file_batches, plan_changes, stream

STORIES = [f"Story {i}\n\nThe council counted {100 + i} new homes in the district this spring.\n".encode()
           for i in range(12)]


def test_runs_of_documents_keep_to_rows_and_bytes():
    rows = np.array([5, 1, 9, 2, 3])
    assert stream.cuts(rows, np.zeros(5, dtype=np.int64), 6, 1 << 30) == [(0, 2), (2, 3), (3, 5)]
    assert stream.cuts(rows, np.array([10, 10, 10, 10, 10]), 100, 25) == [(0, 2), (2, 4), (4, 5)]
    assert stream.cuts(np.array([], dtype=np.int64), np.array([], dtype=np.int64), 4, 4) == []
    keys = [str(i) for i in range(10)]
    assert [len(b) for b in file_batches([InputFile(k, k, b"x" * 10) for k in keys], 4, 25)] == [2, 2, 2, 2, 2]


def test_batches_read_by_rowid_range_give_every_row_once_in_order_and_whole_documents():
    con = duckdb.connect()
    # rows of a document together, as the stages write them; the stage's order is by name, not by rowid
    con.execute("create table t as select 'd' || (i // 3)::varchar as doc_id, (10 - i // 3)::varchar as name, i as n, "
                "repeat('x', 100) as body from range(30) r(i)")
    keys = ("select doc_id, min(rowid) as lo, max(rowid) as hi, count(*) as rows, sum(strlen(body)) as weight "
            "from t group by doc_id order by min(name), doc_id")
    rows = ("select doc_id, name, n from t where rowid between ? and ? and doc_id in (select doc_id from batch_docs) "
            "order by name, doc_id, n")
    with stream.reading(con) as cursor:
        out = list(stream.batches(cursor, keys, rows, max_rows=7, max_bytes=1 << 30))
    expected = con.sql("select doc_id, name, n from t order by name, doc_id, n").fetchall()
    assert [r for t in out for r in zip(*(c.to_pylist() for c in t.columns), strict=True)] == expected
    assert len(out) == 5 and all(t.num_rows == 6 for t in out)  # two documents of three rows each per batch
    with stream.reading(con) as cursor:
        assert [t.num_rows for t in stream.batches(cursor, keys, rows, max_rows=100, max_bytes=700)] == [6] * 5


def test_deferred_files_are_read_again_and_a_file_changed_meanwhile_is_quarantined(tmp_path):
    for i, raw in enumerate(STORIES):
        (tmp_path / f"s{i:02d}.txt").write_bytes(raw)
    kept = plan_changes(tmp_path, {})
    plan = plan_changes(tmp_path, {}, keep_bytes=3 * len(STORIES[0]))
    assert sum(f.deferred for f in plan.fresh) == len(STORIES) - 3 and all(not f.deferred for f in kept.fresh)
    (tmp_path / "s11.txt").write_bytes(b"rewritten after the plan hashed it\n")
    docs = [d for batch in file_batches(plan.fresh, 5) for d in stages.read_fresh(batch, tmp_path)]
    expected = stages.read_fresh(kept.fresh, tmp_path)
    assert [d.source_text for d in docs[:-1]] == [d.source_text for d in expected[:-1]]
    assert [d.raw_bytes for d in docs[:-1]] == STORIES[:-1]
    assert docs[-1].doc_id == expected[-1].doc_id and docs[-1].raw_bytes is None
    assert "changed while the run read it" in docs[-1].quarantine_reason


def test_a_no_change_plan_holds_no_bytes(tmp_path):
    for i, raw in enumerate(STORIES):
        (tmp_path / f"s{i:02d}.txt").write_bytes(raw)
    first = plan_changes(tmp_path, {})
    again = plan_changes(tmp_path, {f.source_file: f.doc_id for f in first.fresh})
    assert not again.fresh and len(again.unchanged) == len(STORIES)
    assert all(f.raw is None for f in again.unchanged)


def test_a_batch_whose_rowids_moved_is_read_again_whole():
    con = duckdb.connect()
    con.execute("create table t as select 'd' || (i // 2)::varchar as doc_id, i as n from range(8) r(i)")
    # keys with stale rowid ranges (as after a checkpoint that compacted the table): every batch still comes whole
    keys = "select doc_id, 100 as lo, 101 as hi, count(*) as rows, 1 as weight from t group by doc_id order by doc_id"
    rows = ("select doc_id, n from t where rowid between ? and ? and doc_id in (select doc_id from batch_docs) "
            "order by doc_id, n")
    with stream.reading(con) as cursor:
        out = list(stream.batches(cursor, keys, rows, max_rows=4, max_bytes=1 << 30))
    assert [t.column("n").to_pylist() for t in out] == [[0, 1, 2, 3], [4, 5, 6, 7]]
