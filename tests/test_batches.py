"""Bounded batches: whole documents only, in order, every row once; deferred files read again and checked."""

import pyarrow as pa

from pipelines import stages
from pipelines.stages import InputFile, file_batches, plan_changes, whole_documents

STORIES = [f"Story {i}\n\nThe council counted {100 + i} new homes in the district this spring.\n".encode()
           for i in range(12)]


def _batches(keys: list[str], size: int) -> list[pa.RecordBatch]:
    table = pa.table({"doc_id": keys, "n": list(range(len(keys)))})
    return table.to_batches(max_chunksize=size)


def test_batches_hold_whole_documents_in_order():
    keys = ["a"] * 5 + ["b"] + ["c"] * 9 + ["d", "d"] + ["e"] * 3
    out = list(whole_documents(_batches(keys, 2), "doc_id", max_rows=4, max_bytes=1 << 30))
    assert [n for t in out for n in t.column("n").to_pylist()] == list(range(len(keys)))
    assert len(out) > 2
    for t in out:
        ids = t.column("doc_id").to_pylist()
        assert all(ids.count(k) == keys.count(k) for k in set(ids))  # no document split between two batches


def test_batches_without_a_key_cut_by_rows_and_bytes():
    keys = [str(i) for i in range(10)]
    out = list(whole_documents(_batches(keys, 3), None, max_rows=4))
    assert [t.num_rows for t in out] == [6, 4]  # cut once 4 rows are held (batches of 3 come in)
    assert [len(b) for b in file_batches([InputFile(k, k, b"x" * 10) for k in keys], 4, 25)] == [2, 2, 2, 2, 2]
    assert list(whole_documents([], "doc_id", 4)) == []


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
