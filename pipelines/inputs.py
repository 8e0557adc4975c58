"""The input folder: which files a run takes in, which it skips and why, and reading them safely.

Never reads a file whose real path lies outside the input folder (a symbolic link out of it, or a file swapped
for one between listing and reading: the real path is checked on the open file descriptor). Symbolic links to
folders are not followed; loops, broken links, hidden entries, FIFOs and devices, and files of other types are
skipped, each with its reason. A file over the size cap is hashed as a stream and not held in memory.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.core.ingest import media_type_for

# why a file of the input folder is not read, with the words the summary uses
SKIP_REASONS = {
    "hidden": "hidden (name starts with a dot)",
    "unsupported_type": "not a text, Markdown or HTML file",
    "symlink_outside": "symbolic link to outside the input folder",
    "symlink_loop": "symbolic link loop",
    "broken_symlink": "broken symbolic link",
    "symlink_folder": "symbolic link to a folder (not followed)",
    "not_a_file": "not a regular file (FIFO, socket or device)",
    "bad_name": "name is not valid UTF-8 (rename the file)",
    "unreadable": "unreadable",
}
_READ_CHUNK = 1 << 20
# a file written this recently before it was read may change again within its clock's resolution without its
# times showing it (git's "racy" entries): its signature is not kept, and it is read again next run
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Skipped:
    """An entry of the input folder that is not read: its path (relative, / separators), reason key and detail."""

    source_file: str
    reason: str
    detail: str = ""

    def describe(self) -> str:
        return SKIP_REASONS[self.reason] + (f" ({self.detail})" if self.detail else "")


@dataclass
class Listing:
    """The files a run takes in, in a stable order, and what it skipped."""

    root: Path
    files: list[str] = field(default_factory=list)       # relative paths, / separators
    skipped: list[Skipped] = field(default_factory=list)

    def skipped_counts(self) -> dict[str, int]:
        """Skipped entries per reason key, most frequent first."""
        return dict(Counter(s.reason for s in self.skipped).most_common())


Signature = tuple[int, int, int, int, int]   # size, mtime_ns, ctime_ns, inode, device


@dataclass(frozen=True)
class ReadFile:
    """A file's content hash and size; its bytes unless it is over the cap; its signature when it can be kept."""

    doc_id: str
    size: int
    raw: bytes | None
    signature: Signature | None = None


def _signature(st: os.stat_result) -> Signature:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


def signature(root: Path, source_file: str) -> Signature | None:
    """A listed file's signature as it is now (not following links): None unless it is a regular file.

    Equal to the one read_input kept means the same bytes: a write moves the modification and status change
    times (a tool may set the first back, not the second), a file put in its place has another inode.
    """
    try:
        st = os.lstat(os.path.join(root, *source_file.split("/")))
    except OSError:
        return None
    return _signature(st) if stat.S_ISREG(st.st_mode) else None


class FolderProblem(RuntimeError):
    """The input folder itself cannot be used: kind is missing, not_a_folder or unreadable."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def display_name(name: str) -> str:
    """A path as text that can be stored and logged: bytes that are not UTF-8 shown as \\xNN escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _bad_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.walk gives undecodable bytes as surrogates
        return True
    return False


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def check_folder(root: Path) -> None:
    """Raise FolderProblem naming what is wrong with the input folder, if anything is."""
    try:
        st = os.stat(root)
    except FileNotFoundError:
        raise FolderProblem(f"input folder {root} does not exist (set CLAIMTRAIL_INPUT or --input)",
                            "missing") from None
    except OSError as exc:
        raise FolderProblem(f"input folder {root} cannot be opened: {exc.strerror}", "unreadable") from None
    if not stat.S_ISDIR(st.st_mode):
        raise FolderProblem(f"input folder {root} is not a folder but a file (set CLAIMTRAIL_INPUT or --input to "
                            "a folder)", "not_a_folder")
    if not os.access(root, os.R_OK | os.X_OK):
        raise FolderProblem(f"input folder {root} cannot be read: permission denied", "unreadable")


def list_inputs(root: Path) -> Listing:
    """Every entry below root sorted into files to read and skipped entries. Linear in the number of entries.

    os.walk rather than Path.rglob: one scandir per folder instead of a Path object and a stat per entry,
    which is most of a rerun's time on 10,000 unchanged files.
    """
    check_folder(root)
    real_root = os.path.realpath(root)
    listing = Listing(root)
    found: list[tuple[str, ...]] = []

    def walk_error(exc: OSError) -> None:
        listing.skipped.append(Skipped(_rel(root, exc.filename or str(root)), "unreadable", exc.strerror or ""))

    for folder, dirs, files in os.walk(root, onerror=walk_error):
        rel = os.path.relpath(folder, root)
        parts = () if rel == "." else tuple(Path(rel).parts)
        keep = []
        for d in dirs:
            name = "/".join((*parts, d))
            full = os.path.join(folder, d)
            if _bad_name(d):
                listing.skipped.append(Skipped(display_name(name), "bad_name", "folder"))
            elif d.startswith("."):
                listing.skipped.append(Skipped(name, "hidden", "folder"))
            elif os.path.islink(full):
                listing.skipped.append(_link_verdict(name, full, real_root, folder=True))
            else:
                keep.append(d)
        dirs[:] = keep
        for f in files:
            name = "/".join((*parts, f))
            full = os.path.join(folder, f)
            verdict = _file_verdict(name, f, full, real_root)
            if verdict is None:
                found.append((*parts, f))
            else:
                listing.skipped.append(verdict)
    listing.files = ["/".join(p) for p in sorted(found)]
    listing.skipped.sort(key=lambda s: s.source_file)
    return listing


def _rel(root: Path, path: str) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _link_verdict(name: str, full: str, real_root: str, folder: bool) -> Skipped | None:
    """Why a symbolic link is skipped, or None for a link to a regular file inside the folder."""
    try:
        st = os.stat(full)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Skipped(name, "symlink_loop")
        return Skipped(name, "broken_symlink", f"to {os.readlink(full)}")
    real = os.path.realpath(full)
    if not _within(real, real_root):
        return Skipped(name, "symlink_outside", f"to {real}")
    if folder or stat.S_ISDIR(st.st_mode):
        return Skipped(name, "symlink_folder", "its files are read where they are" if _within(real, real_root)
                       else "")
    return None


def _file_verdict(name: str, base: str, full: str, real_root: str) -> Skipped | None:
    """Why a folder entry that is not a folder is skipped, or None when it is an input file to read."""
    if _bad_name(base):
        return Skipped(display_name(name), "bad_name")
    if base.startswith("."):
        return Skipped(name, "hidden", "file")
    if os.path.islink(full) and (found := _link_verdict(name, full, real_root, folder=False)) is not None:
        return found
    if not os.path.isfile(full):
        return Skipped(name, "not_a_file")
    if media_type_for(base) is None:
        lower = base.lower()
        suffix = Path(lower.removesuffix(".gz")).suffix or (".gz" if lower.endswith(".gz") else "no extension")
        return Skipped(name, "unsupported_type", suffix)
    return None


def read_input(root: Path, source_file: str, max_bytes: int, real_root: str | None = None) -> ReadFile | Skipped:
    """One listed file's hash, size and (under the cap) bytes; Skipped if it turns out unsafe or unreadable.

    The real path is taken from the open descriptor (/proc/self/fd), so a file replaced by a link between
    listing and reading is caught too; O_NONBLOCK keeps a FIFO put in its place from blocking the run.
    Memory: at most max_bytes + one read chunk, whatever the file's size. real_root: the folder's real path, when
    the caller resolved it once for many files.
    """
    path = os.path.join(root, *source_file.split("/"))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Skipped(source_file, "symlink_loop")
        return Skipped(source_file, "unreadable", exc.strerror or str(exc))
    try:
        real = _fd_path(fd, path)
        if not _within(real, real_root or os.path.realpath(root)):
            return Skipped(source_file, "symlink_outside", f"to {real}")
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return Skipped(source_file, "not_a_file")
        started = time.time_ns()
        found = _read_fd(fd, max_bytes)
        after = os.fstat(fd)
        if _signature(after) != _signature(st) or max(st.st_mtime_ns, st.st_ctime_ns) > started - RACY_NS:
            return found   # written during the read, or too recently: no signature kept
        return ReadFile(found.doc_id, found.size, found.raw, _signature(st))
    except OSError as exc:
        return Skipped(source_file, "unreadable", exc.strerror or str(exc))
    finally:
        os.close(fd)


def _fd_path(fd: int, path: str) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:  # no /proc (not Linux): the path as resolved now
        return os.path.realpath(path)


def _read_fd(fd: int, max_bytes: int) -> ReadFile:
    """Hash and size of an open file, and its bytes when they fit the cap (doc_id as ingest.doc_id_for)."""
    digest, kept, size = hashlib.sha256(), bytearray(), 0
    while chunk := os.read(fd, _READ_CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if size <= max_bytes:
            kept += chunk
        elif kept:
            kept = bytearray()  # over the cap: hash the rest as a stream, keep nothing
    doc_id = digest.hexdigest()[:16]
    return ReadFile(doc_id, size, bytes(kept) if size <= max_bytes else None)
