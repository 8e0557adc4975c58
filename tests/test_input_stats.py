"""Unchanged files known by their signature (size, times, inode): not read again, and any write is still seen."""

import os
import time

import duckdb
import pytest

from pipelines import inputs, settings
from pipelines.core.ingest import doc_id_for
from pipelines.runner import run_pipeline
from pipelines.stages import changes

REPORT = b"Valley report\n\nThe water board counted 340 leaking pipes in the northern districts this spring.\n"
OTHER = b"Valley report\n\nThe water board counted 341 leaking pipes in the northern districts this spring.\n"


@pytest.fixture
def not_racy(monkeypatch):
    """Files written by a test are milliseconds old: let their signatures be kept."""
    monkeypatch.setattr(inputs, "RACY_NS", 0)


@pytest.fixture
def reads(monkeypatch):
    """The files plan_changes opens and hashes, by name."""
    seen: list[str] = []
    real = changes.read_input

    def counting(root, rel, *args, **kwargs):
        seen.append(rel)
        return real(root, rel, *args, **kwargs)

    monkeypatch.setattr(changes, "read_input", counting)
    return seen


def _known(plan: changes.ChangePlan) -> dict:
    return {rel: (sig, doc_id) for rel, sig, doc_id in plan.signatures}


def _folder(tmp_path, **files: bytes):
    root = tmp_path / "input"
    root.mkdir()
    for name, data in files.items():
        (root / f"{name}.txt").write_bytes(data)
    return root


def test_a_file_read_once_is_known_by_its_signature_and_not_read_again(tmp_path, not_racy, reads):
    root = _folder(tmp_path, a=REPORT, b=OTHER)
    first = changes.plan_changes(root, {})
    assert sorted(reads) == ["a.txt", "b.txt"] and len(first.signatures) == 2
    published = {f.source_file: f.doc_id for f in first.added}
    reads.clear()
    second = changes.plan_changes(root, published, known=_known(first))
    assert reads == [] and second.signature_hits == 2
    assert [f.source_file for f in second.unchanged] == ["a.txt", "b.txt"] and not second.fresh
    assert second.signatures == [] and second.stale_signatures == []


def test_a_rewrite_that_keeps_size_and_modification_time_is_still_seen(tmp_path, not_racy, reads):
    root = _folder(tmp_path, a=REPORT)
    first = changes.plan_changes(root, {})
    st = os.stat(root / "a.txt")
    time.sleep(0.01)
    (root / "a.txt").write_bytes(OTHER)                        # same size
    os.utime(root / "a.txt", ns=(st.st_atime_ns, st.st_mtime_ns))  # the modification time set back (cp -p, rsync -t)
    reads.clear()
    second = changes.plan_changes(root, {"a.txt": doc_id_for(REPORT)}, known=_known(first))
    assert reads == ["a.txt"]                                  # the status change time moved: read again
    assert [f.doc_id for f in second.changed] == [doc_id_for(OTHER)]
    assert _known(second)["a.txt"][1] == doc_id_for(OTHER)    # and its new signature kept


def test_a_file_replaced_by_a_link_to_the_same_bytes_is_read_again(tmp_path, not_racy, reads):
    root = _folder(tmp_path, a=REPORT)
    (tmp_path / "input" / "keep").mkdir()
    first = changes.plan_changes(root, {})
    os.rename(root / "a.txt", root / "keep" / "a.txt")
    (root / "a.txt").symlink_to(root / "keep" / "a.txt")
    reads.clear()
    changes.plan_changes(root, {"a.txt": doc_id_for(REPORT)}, known=_known(first))
    assert "a.txt" in reads


def test_a_file_written_just_before_it_was_read_gets_no_signature(tmp_path):
    root = _folder(tmp_path, a=REPORT)            # milliseconds old: its times may not show the next write
    plan = changes.plan_changes(root, {})
    assert plan.signatures == [] and [f.source_file for f in plan.added] == ["a.txt"]


def test_a_full_rebuild_reads_every_file_whatever_is_known(tmp_path, not_racy, reads):
    root = _folder(tmp_path, a=REPORT)
    first = changes.plan_changes(root, {})
    reads.clear()
    full = changes.plan_changes(root, {"a.txt": doc_id_for(REPORT)}, full=True, known=_known(first))
    assert reads == ["a.txt"] and full.signature_hits == 0 and full.unchanged[0].raw == REPORT


def test_a_signature_known_for_other_bytes_than_the_published_ones_is_read(tmp_path, not_racy, reads):
    root = _folder(tmp_path, a=REPORT)
    first = changes.plan_changes(root, {})
    reads.clear()   # the file was read but not published as these bytes (its run was blocked, or failed)
    plan = changes.plan_changes(root, {"a.txt": doc_id_for(OTHER)}, known=_known(first))
    assert reads == ["a.txt"] and [f.raw for f in plan.changed] == [REPORT]


def test_signatures_of_files_that_left_are_forgotten(tmp_path, not_racy):
    root = _folder(tmp_path, a=REPORT, b=OTHER)
    first = changes.plan_changes(root, {})
    (root / "b.txt").unlink()
    plan = changes.plan_changes(root, {f.source_file: f.doc_id for f in first.added}, known=_known(first))
    assert plan.stale_signatures == ["b.txt"] and [r for r, _ in plan.removed] == ["b.txt"]


def _stats(warehouse) -> dict:
    with duckdb.connect(settings.staging_path(str(warehouse)), read_only=True) as con:
        return {r[0]: r[1:] for r in con.execute("select source_file, mtime_ns, doc_id from input_stats").fetchall()}


def test_runs_keep_the_signatures_and_a_touched_file_is_renewed_not_reread(tmp_path, not_racy, instance):
    root = _folder(tmp_path, a=REPORT, b=OTHER)
    warehouse = tmp_path / "w.duckdb"
    assert run_pipeline(str(root), str(warehouse), instance=instance).published
    kept = _stats(warehouse)
    assert set(kept) == {"a.txt", "b.txt"} and kept["a.txt"][1] == doc_id_for(REPORT)
    os.utime(root / "a.txt", ns=(time.time_ns(), time.time_ns() - 5_000_000_000))   # touched, not changed
    again = run_pipeline(str(root), str(warehouse), instance=instance)
    assert again.unchanged and not again.published             # the hash says unchanged: nothing to do
    assert _stats(warehouse)["a.txt"][0] == os.stat(root / "a.txt").st_mtime_ns   # and its new signature kept
