"""End-to-end pipeline benchmark: a full run over 10,000 generated files, a rerun with nothing changed, 10 new files.

Every run is the real job (`claimtrail run`: Dagster, staging, every quality check, publish) with a Dagster instance
kept on disk like the command's. Peak memory is sampled over the whole process tree (the run and its workers).
The corpus is generated under bench/.corpus/ (git-ignored); CLAIMTRAIL_BENCH_FILES changes its size.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import DEFAULT_DIR, write_corpus

N_FILES = int(os.environ.get("CLAIMTRAIL_BENCH_FILES", "10000"))
N_NEW = 10
GOALS = "goals: >= 170 documents/s, peak <= 1.5 GB, no-change rerun <= 10 % of the full run, 10 new files <= 10 s"


def _tree(pid: int) -> list[int]:
    """pid and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _memory(pids: list[int]) -> tuple[int, int]:
    """(RSS, PSS) in bytes summed over processes; PSS counts pages shared between them once."""
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


class PeakMemory:
    """Samples the memory of this process tree in a thread until stopped."""

    def __init__(self, interval: float = 0.1):
        self.interval, self.rss, self.pss = interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = _memory(_tree(os.getpid()))
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _timed_run(label: str, corpus: Path, warehouse: Path, instance) -> tuple[float, object]:
    from pipelines.runner import run_pipeline

    start = time.perf_counter()
    report = run_pipeline(str(corpus), str(warehouse), instance=instance)
    elapsed = time.perf_counter() - start
    state = "published" if report.published else "nothing changed" if report.unchanged else "NOT published"
    ch = report.changes
    print(f"  {label:<16} {elapsed:8.1f} s   {state}; files read {ch.get('read', 0)}, added {ch.get('added', 0)}, "
          f"changed {ch.get('changed', 0)}, unchanged {ch.get('unchanged', 0)}")
    for c in report.failed_blocking:
        print(f"      blocked by {c.table}.{c.name}: {c.unexpected} unexpected rows")
    for e in report.errors:
        print(f"      error: {e.splitlines()[0][:200]}")
    return elapsed, report


def main() -> None:
    """Generate the corpus, run the three scenarios, print the figures."""
    import dagster as dg

    from pipelines import settings

    corpus = DEFAULT_DIR
    shutil.rmtree(corpus, ignore_errors=True)
    start = time.perf_counter()
    paths = write_corpus(corpus, N_FILES)
    size = sum(p.stat().st_size for p in paths)
    print(f"pipeline: {N_FILES} generated files, {size / 1e6:.1f} MB in {corpus} "
          f"({time.perf_counter() - start:.1f} s to write); {settings.workers()} worker processes")
    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-") as tmp:
        os.environ["DAGSTER_HOME"] = str(Path(tmp) / "dagster_home")  # runs kept on disk, not in the project's
        settings.ensure_dagster_home()
        warehouse = Path(tmp) / "bench.duckdb"
        with dg.DagsterInstance.get() as instance:
            with PeakMemory() as peak:
                full, report = _timed_run("full run", corpus, warehouse, instance)
            docs = report.counts.get("documents", N_FILES)
            rerun, _ = _timed_run("no-change rerun", corpus, warehouse, instance)
            write_corpus(corpus, N_NEW, start=N_FILES)
            new, _ = _timed_run(f"{N_NEW} new files", corpus, warehouse, instance)
        print(f"  full run: {N_FILES / full:.0f} documents/s end to end including the gate "
              f"({docs} documents published), peak memory {peak.pss / 2**30:.2f} GB "
              f"(PSS over all processes; RSS sum {peak.rss / 2**30:.2f} GB)")
        print(f"  no-change rerun: {rerun:.1f} s = {100 * rerun / full:.1f} % of the full run")
        print(f"  {N_NEW} new files: {new:.1f} s")
        print(f"  {GOALS}")


if __name__ == "__main__":
    main()
