"""The input folder: what is read, what is skipped and why; nothing outside the folder is ever read."""

import os

import pytest

from pipelines import inputs, stages
from pipelines.core.ingest import doc_id_for

STORY = b"Harbour news\n\nThe ferry carried 1,200 passengers on Sunday, the harbour office said.\n"
SECRET = b"root:x:0:0:a secret line that must never be published\n"


@pytest.fixture
def folder(tmp_path):
    """An input folder with one of everything, and a secret file beside it."""
    root = tmp_path / "input"
    (root / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD.txt").write_bytes(b"ref: main")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "other.txt").write_bytes(STORY + b"elsewhere")
    (root / "story.txt").write_bytes(STORY)
    (root / "sub" / "page.html").write_bytes(b"<html><body><p>A page of the harbour news.</p></body></html>")
    (root / ".hidden.txt").write_bytes(STORY)
    (root / "report.pdf").write_bytes(b"%PDF-1.4")
    (root / "notes.docx").write_bytes(b"PK\x03\x04")
    (root / "data.json").write_bytes(b"{}")
    (root / "README").write_bytes(b"no extension")
    (root / "out.txt").symlink_to(tmp_path / "secret.txt")
    (root / "out_dir").symlink_to(tmp_path / "elsewhere")
    (root / "in.txt").symlink_to(root / "story.txt")
    (root / "in_dir").symlink_to(root / "sub")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "broken.txt").symlink_to(root / "nothing-here.txt")
    os.mkfifo(root / "pipe.txt")
    (root / "naïve – name (1) [x].md").write_bytes(STORY)
    return root


def test_every_entry_is_read_or_skipped_with_its_reason(folder):
    listing = inputs.list_inputs(folder)
    assert listing.files == ["in.txt", "naïve – name (1) [x].md", "story.txt", "sub/page.html"]
    reasons = {s.source_file: s.reason for s in listing.skipped}
    assert reasons == {
        ".git": "hidden", ".hidden.txt": "hidden", "report.pdf": "unsupported_type", "notes.docx": "unsupported_type",
        "data.json": "unsupported_type", "README": "unsupported_type", "out.txt": "symlink_outside",
        "out_dir": "symlink_outside", "in_dir": "symlink_folder", "loop.txt": "symlink_loop",
        "broken.txt": "broken_symlink", "pipe.txt": "not_a_file",
    }
    assert listing.skipped_counts()["unsupported_type"] == 4
    assert next(s for s in listing.skipped if s.source_file == "report.pdf").describe().endswith("(.pdf)")


def test_a_symlink_out_of_the_folder_is_never_read(folder):
    plan = stages.plan_changes(folder, {})
    read = [f.raw for f in plan.fresh]
    assert all(SECRET not in raw for raw in read)
    assert any(s.source_file == "out.txt" and s.reason == "symlink_outside" for s in plan.skipped)
    # a link inside the folder to a file inside it is one more name for the same bytes: a duplicate
    assert ("in.txt", "story.txt") in plan.duplicates or ("story.txt", "in.txt") in plan.duplicates


def test_a_file_swapped_for_a_link_after_the_listing_is_caught(folder, tmp_path):
    target = folder / "story.txt"
    target.unlink()
    target.symlink_to(tmp_path / "secret.txt")
    found = inputs.read_input(folder, "story.txt", 1 << 20)
    assert isinstance(found, inputs.Skipped) and found.reason == "symlink_outside"


def test_reads_give_the_hash_and_cap_the_bytes(folder):
    found = inputs.read_input(folder, "story.txt", 1 << 20)
    assert found.raw == STORY and found.doc_id == doc_id_for(STORY) and found.size == len(STORY)
    big = inputs.read_input(folder, "story.txt", 10)
    assert big.raw is None and big.size == len(STORY) and big.doc_id == doc_id_for(STORY)


def test_a_file_over_the_cap_is_quarantined_unread(folder, monkeypatch):
    monkeypatch.setenv("CLAIMTRAIL_MAX_FILE_BYTES", "20")
    plan = stages.plan_changes(folder, {})
    docs = {d.doc_id: d for d in stages.read_fresh(plan.fresh)}
    doc = docs[doc_id_for(STORY)]  # read as in.txt or story.txt: the same bytes
    assert doc.raw_bytes is None and doc.byte_size == len(STORY) and doc.doc_id == doc_id_for(STORY)
    assert "file too large" in doc.quarantine_reason and str(len(STORY)) in doc.quarantine_reason


@pytest.mark.parametrize(("make", "kind"), [
    (lambda p: None, "missing"),
    (lambda p: p.write_text("a file, not a folder"), "not_a_folder"),
])
def test_a_bad_input_folder_is_named(tmp_path, make, kind):
    path = tmp_path / "input"
    make(path)
    with pytest.raises(inputs.FolderProblem) as raised:
        inputs.list_inputs(path)
    assert raised.value.kind == kind and str(path) in str(raised.value)
    assert ("does not exist" if kind == "missing" else "is not a folder") in str(raised.value)
