"""The change plan: which input files are new, changed, unchanged or gone (by content hash), and what a run may
remove. Also the folder listing's digest the sensor polls."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipelines import engine, settings
from pipelines.inputs import Signature, Skipped, list_inputs, read_input, signature

# bytes of files to read afresh a plan holds at most: beyond, a file's bytes are read again when its batch is
# staged (a full run over 100,000 files must not hold the corpus), checked against the hash planned
KEEP_BYTES = 64 * 2**20


def input_files(root: Path) -> Iterator[Path]:
    """The input files below a folder, in a stable order (what pipelines.inputs.list_inputs does not skip)."""
    for rel in list_inputs(root).files:
        yield root.joinpath(*rel.split("/"))



def listing_digest(root: Path) -> tuple[str, int]:
    """A digest of the input folder's listing (names, sizes, modification times) and its file count.

    Cheap enough to compute every few seconds on 10,000 files; the run itself then decides by content hash.
    """
    digest, count = hashlib.sha256(), 0
    for path in input_files(root):
        try:
            stat = path.stat()
        except OSError:
            continue  # gone since the listing (or a link that broke): the run will say so
        digest.update(f"{path.relative_to(root).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        count += 1
    return digest.hexdigest()[:32], count



@dataclass(frozen=True)
class InputFile:
    """One file of the input folder: its path, content hash, and its bytes when they must be read afresh."""

    source_file: str
    doc_id: str
    raw: bytes | None = None
    size: int | None = None  # set when the file is over the size cap (its bytes are never held), or deferred
    deferred: bool = False  # bytes not kept by the plan (over KEEP_BYTES): read again from the folder when staged


@dataclass
class ChangePlan:
    """What a run has to do, file by file, compared with the published documents."""

    added: list[InputFile] = field(default_factory=list)
    changed: list[InputFile] = field(default_factory=list)
    unchanged: list[InputFile] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)   # (source_file, doc_id) no longer in the input
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (source_file, old doc_id) of changed files
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source_file, file with the same bytes)
    skipped: list[Skipped] = field(default_factory=list)  # entries of the input folder not read, with the reason
    full: bool = False  # every file is read afresh
    reread: list[InputFile] = field(default_factory=list)  # unchanged, but read again (quarantined by the gate)
    root: Path | None = None  # the input folder: deferred files are read from it again
    # the input_stats rows to write: signatures of files read this run, and stored ones that no longer hold
    signatures: list[tuple[str, Signature, str]] = field(default_factory=list)
    stale_signatures: list[str] = field(default_factory=list)
    signature_hits: int = 0  # unchanged files known by their signature, not read

    @property
    def fresh(self) -> list[InputFile]:
        """The files this run reads, cleans and extracts claims from."""
        return self.added + self.changed + self.reread + (self.unchanged if self.full else [])

    @property
    def gone(self) -> list[str]:
        """doc_ids of published versions that leave: deleted files, the old bytes of changed ones, and the
        published rows of files read again."""
        return sorted({d for _, d in self.removed + self.replaced} | {f.doc_id for f in self.reread})

    @property
    def nothing_to_do(self) -> bool:
        return not (self.fresh or self.removed)

    def drop_bytes(self) -> None:
        """Forget the files' bytes (once read and staged): the rest of the plan is ids and names."""
        for files in (self.added, self.changed, self.unchanged, self.reread):
            files[:] = [InputFile(f.source_file, f.doc_id, None, None if f.deferred else f.size) for f in files]

    def signature_rows(self) -> tuple[pa.Table, pa.Table]:
        """(new input_stats rows, source_file of the stored rows to forget) as Arrow tables."""
        rows = pa.table({
            "source_file": pa.array([r for r, _, _ in self.signatures], pa.string()),
            **{name: pa.array([sig[i] for _, sig, _ in self.signatures], pa.int64())
               for i, name in enumerate(("size", "mtime_ns", "ctime_ns", "inode", "device"))},
            "doc_id": pa.array([d for _, _, d in self.signatures], pa.string()),
        })
        return rows, pa.table({"source_file": pa.array(self.stale_signatures, pa.string())})

    def changes(self) -> pa.Table:
        """The fresh documents as staging_changes rows."""
        kinds = [("added", self.added), ("changed", self.changed), ("reread", self.reread)] + (
            [("reprocessed", self.unchanged)] if self.full else [])
        rows = [{"doc_id": f.doc_id, "source_file": f.source_file, "change": k} for k, fs in kinds for f in fs]
        return pa.Table.from_pylist(rows, schema=pa.schema(
            [("doc_id", pa.string()), ("source_file", pa.string()), ("change", pa.string())]))

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed), "unchanged": len(self.unchanged),
                "removed": len(self.removed), "read": len(self.fresh), "duplicates": len(self.duplicates),
                "reread": len(self.reread), "skipped": len(self.skipped)}

    def skipped_counts(self) -> dict[str, int]:
        """Skipped entries per reason key (pipelines.inputs.SKIP_REASONS), most frequent first."""
        counts: dict[str, int] = {}
        for s in self.skipped:
            counts[s.reason] = counts.get(s.reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def removal_refusal(plan: ChangePlan, published: int, max_share: float, root: Path) -> str | None:
    """Why a run must not remove what its plan removes (None when it may): it would remove more than
    `max_share` of the `published` documents, or all of them because the input folder holds no input file."""
    removed = len(plan.removed)
    if not published or not removed:
        return None
    empty = not (plan.added or plan.changed or plan.unchanged or plan.reread or plan.duplicates)
    if not empty and removed / published <= max_share:
        return None
    names = ", ".join(f for f, _ in plan.removed[:5]) + (f" and {removed - 5} more" if removed > 5 else "")
    found = ("holds no input file" + (f" ({len(plan.skipped)} entries skipped)" if plan.skipped else "")
             if empty else f"still holds {len(plan.unchanged) + len(plan.changed) + len(plan.added) + len(plan.reread)}"
                           " input files")
    return (f"refusing to remove {removed} of the {published} published documents ({removed / published:.0%}; a run "
            f"may remove at most {max_share:.0%} unless told it may): {names}. The input folder {root} {found}; is "
            "it the right folder, and mounted? Nothing was changed. If the removal is meant, run again with "
            "--allow-removal (Dagster: ops.documents.config.allow_removal: true); CLAIMTRAIL_MAX_REMOVAL sets the "
            "share.")


def plan_changes(root: Path, published: dict[str, str], full: bool = False,
                 reread: frozenset[str] = frozenset(), keep_bytes: int = KEEP_BYTES,
                 known: Mapping[str, tuple[Signature, str]] | None = None) -> ChangePlan:
    """Hash every input file and sort it into added, changed or unchanged; published files not found are removed.

    Entries of the folder that are not read (pipelines.inputs: hidden, other types, links out or looping, ...) are
    listed in `skipped` with their reason. Linear in the folder's bytes; memory: the bytes of the files read
    afresh up to `keep_bytes` in all (beyond, a file is `deferred`: read again when staged), each at most
    CLAIMTRAIL_MAX_FILE_BYTES (a bigger file is hashed as a stream and not kept), plus ids and names per file.

    A file whose bytes another file already has is one document, not two (doc_id is the hash of the bytes):
    the copy is listed in `duplicates`, and the path already published for those bytes, else the first in
    order, stands for them. Bytes are kept only for files read afresh, so memory follows the size of the change.
    reread: doc_ids to read again although their bytes did not change (documents the quality gate quarantined,
    when the suites that judged them changed). known: source_file -> (signature, doc_id) kept by earlier runs
    (input_stats): a published file whose signature still holds is unchanged without being read (not in a full
    rebuild, which reads every file); the plan lists the signatures to keep and to forget.
    """
    plan, seen = ChangePlan(full=full, root=root), set()
    listing = list_inputs(root)
    plan.skipped = listing.skipped
    hashed = []
    cap, kept = settings.max_file_bytes(), 0
    real_root = os.path.realpath(root)   # once, not per file (it resolves every part of the path)
    known = {} if known is None else known
    held = set()   # known paths whose signature still holds
    for rel in engine.each(listing.files, "input files hashed"):
        was = known.get(rel)
        if was is not None and not full and published.get(rel) == was[1] and was[1] not in reread \
                and signature(root, rel) == was[0]:
            held.add(rel)   # unchanged, known without reading it
            plan.signature_hits += 1
            hashed.append((rel, was[1], None, None, False))
            continue
        found = read_input(root, rel, cap, real_root)
        if isinstance(found, Skipped):  # changed since the listing (a link swapped in, a file made unreadable)
            plan.skipped.append(found)
            continue
        if found.signature is not None and (was is None or was != (found.signature, found.doc_id)):
            plan.signatures.append((rel, found.signature, found.doc_id))
        elif was is not None and was == (found.signature, found.doc_id):
            held.add(rel)
        raw, size, deferred = found.raw, None if found.raw is not None else found.size, False
        if raw is not None and not full and published.get(rel) == found.doc_id and found.doc_id not in reread:
            raw = None  # unchanged: its bytes are not needed (a no-change run holds no file's bytes)
        elif raw is not None and kept + len(raw) > keep_bytes:
            raw, size, deferred = None, len(raw), True
        kept += len(raw) if raw is not None else 0
        hashed.append((rel, found.doc_id, raw, size, deferred))
    published_paths = {d: f for f, d in published.items()}
    holder: dict[str, str] = {}
    for rel, doc_id, *_ in hashed:
        if doc_id not in holder or published_paths.get(doc_id) == rel:
            holder[doc_id] = rel
    for rel, doc_id, raw, size, deferred in hashed:
        before = published.get(rel)
        if holder[doc_id] != rel:
            plan.duplicates.append((rel, holder[doc_id]))
            continue
        seen.add(rel)
        if before == doc_id and doc_id in reread and not full:
            plan.reread.append(InputFile(rel, doc_id, raw, size, deferred))
        elif before == doc_id:
            plan.unchanged.append(InputFile(rel, doc_id, raw, size, deferred) if full
                                  else InputFile(rel, doc_id, None, None if deferred else size))
        elif before is None:
            plan.added.append(InputFile(rel, doc_id, raw, size, deferred))
        else:
            plan.changed.append(InputFile(rel, doc_id, raw, size, deferred))
            plan.replaced.append((rel, before))
    plan.removed = sorted((f, d) for f, d in published.items() if f not in seen)
    renewed = {r for r, _, _ in plan.signatures}
    plan.stale_signatures = sorted(r for r in known if r not in held and r not in renewed)
    return plan
