"""End-to-end pipeline benchmark at growing sizes (1,000, 10,000, ... up to CLAIMTRAIL_BENCH_FILES), all in one go.

At each size: a full run over generated files with syndicated copies planted (bench/syndicate.py), a rerun with
nothing changed and a run taking in 10 new files. Every run is the real job (`claimtrail run`: Dagster, staging,
every quality check, publish) with a Dagster instance kept on disk like the command's, and per-document work on
the engine it would use (a local Dask cluster, or CLAIMTRAIL_DASK_SCHEDULER). Printed: throughput, time per
document, peak memory of the whole process tree (the run and its Dask workers), the ratios that matter
(no-change / full, 10 new files / full, the gate's share of the full run) and near_duplicates precision and
recall on the planted copies. The machine is shared: compare ratios from one go, not absolute times across runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import DEFAULT_DIR, write_corpus
from bench.syndicate import planted_pairs, write_syndicated

ROOT = Path(__file__).resolve().parent.parent
RESULT = "BENCH-RESULT "  # the line a size's process ends with: its figures as JSON
MAX_FILES = int(os.environ.get("CLAIMTRAIL_BENCH_FILES", "10000"))
N_NEW = 10
PLANTED_SHARE = 0.03  # of the files at each size: syndicated copies
STEPS_SHOWN = 5  # the slowest steps of each run, printed (where its time goes)
GOALS = ("goals: peak <= 1.5 GB at 100,000; time per document at 100,000 within 10 % of 10,000; 10 new files "
         "<= 3 % and a no-change rerun <= 2 % of the full run; gate <= 15 % of a full run; near_duplicates "
         "precision and recall >= 0.95")


def sizes(largest: int) -> list[int]:
    """1,000, 10,000, ... below largest, then largest itself."""
    out, n = [], 1000
    while n < largest:
        out.append(n)
        n *= 10
    return [*out, largest]


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


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) of the processes and of their children that have ended and been reaped.

    A live process's children that ended are in its cutime/cstime once reaped; its live children are counted
    on their own: summing the four fields over the live tree counts every process once.
    """
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])   # utime stime cutime cstime (fields 14-17 of stat)
    return total / _TICKS


class PeakMemory:
    """Samples the memory of this process tree in a thread until stopped."""

    def __init__(self, interval: float = 0.1):
        self.interval, self.rss, self.pss = interval, 0, 0
        # (wall clock, PSS of the tree, PSS of this process) at each sample: the peak of each step of a run
        self.samples: list[tuple[float, int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = _memory(_tree(os.getpid()))
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self.samples.append((time.time(), pss, _memory([os.getpid()])[1]))
            self._stop.wait(self.interval)

    def by_step(self, steps: dict[str, tuple[float, float]]) -> dict[str, tuple[int, int]]:
        """(peak PSS of the tree, of this process at that moment) while each step ran, steps by (start, end)."""
        out = {}
        for key, (start, end) in steps.items():
            inside = [(tree, own) for t, tree, own in self.samples if start <= t <= end]
            if inside:
                out[key] = max(inside)
        return out

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Run:
    seconds: float
    report: object
    gate_seconds: float
    cpu_seconds: float   # of the run and its Dask workers: a shared machine's other load moves it less than wall time


def _timed_run(label: str, corpus: Path, warehouse: Path, instance) -> Run:
    from pipelines.runner import run_pipeline

    cpu = _cpu_seconds(_tree(os.getpid()))
    start = time.perf_counter()
    report = run_pipeline(str(corpus), str(warehouse), instance=instance)
    elapsed = time.perf_counter() - start
    cpu = _cpu_seconds(_tree(os.getpid())) - cpu
    # the gate: the quality_gate asset (where GX runs) and the checks that show its outcome
    steps = {s.step_key: s.end_time - s.start_time for s in instance.get_run_step_stats(report.run_id)
             if s.end_time and s.start_time}
    gate_step = steps.get("quality_gate", 0.0)
    gate = gate_step + sum(t for k, t in steps.items() if k.endswith("_suite"))
    state = "published" if report.published else "nothing changed" if report.unchanged else "NOT published"
    ch = report.changes
    print(f"    {label:<16} {elapsed:8.1f} s   {state}; read {ch.get('read', 0)}, added {ch.get('added', 0)}, "
          f"changed {ch.get('changed', 0)}, unchanged {ch.get('unchanged', 0)}; gate {gate:.1f} s "
          f"(quality_gate step {gate_step:.1f} s, its checks {gate - gate_step:.1f} s); CPU {cpu:.1f} s")
    slowest = sorted(steps.items(), key=lambda kv: -kv[1])[:STEPS_SHOWN]
    print("      slowest steps: " + ", ".join(f"{k} {t:.1f} s" for k, t in slowest))
    for c in report.failed_blocking:
        print(f"      blocked by {c.table}.{c.name}: {c.unexpected} unexpected rows")
    for e in report.errors:
        print(f"      error: {e.splitlines()[0][:200]}")
    return Run(elapsed, report, gate, cpu)


def near_duplicate_scores(warehouse: Path, groups: list[list[str]]) -> tuple[float, float, int, int]:
    """(precision, recall, pairs found, pairs planted) of the published near_duplicates, by file pairs."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = {frozenset(r) for r in con.execute("""
            select a.source_file, c.source_file from near_duplicates n
            join articles a on a.article_id = n.article_id
            join articles c on c.article_id = n.canonical_article_id""").fetchall()}
    planted = planted_pairs(groups)
    hits = len(found & planted)
    return hits / len(found) if found else 1.0, hits / len(planted) if planted else 1.0, len(found), len(planted)


def _load() -> str:
    """The machine's load averages (1, 5, 15 minutes): the benchmark's figures depend on them."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _one_size(n: int, root: Path, instance) -> dict:
    from pipelines import engine

    corpus = DEFAULT_DIR / f"{n}-{os.getpid()}"  # two benchmarks at once must not write the same folder
    shutil.rmtree(corpus, ignore_errors=True)
    start = time.perf_counter()
    planted = round(n * PLANTED_SHARE)
    paths = write_corpus(corpus, n - planted)
    groups = write_syndicated(corpus, planted)
    size = sum(p.stat().st_size for p in paths) + sum((corpus / f).stat().st_size for g in groups for f in g)
    print(f"  {n} files ({size / 1e6:.1f} MB, {sum(map(len, groups))} of them syndicated copies of {len(groups)} "
          f"stories), written in {time.perf_counter() - start:.1f} s")
    warehouse = root / f"bench_{n}.duckdb"
    with PeakMemory() as peak:
        full = _timed_run("full run", corpus, warehouse, instance)
    if not full.report.published:  # the figures below would describe a failure: say so and stop at this size
        print(f"    full run at {n:,} did not publish (peak {peak.pss / 2**30:.2f} GB PSS): no figures at this size")
        shutil.rmtree(corpus, ignore_errors=True)
        return {"n": n, "failed": True}
    docs = full.report.counts.get("documents", n)
    spans = {s.step_key: (s.start_time, s.end_time) for s in instance.get_run_step_stats(full.report.run_id)
             if s.end_time and s.start_time}
    print("    peak memory by step (all processes; the run's own process): " + ", ".join(
        f"{k} {tree / 2**30:.2f} GB ({own / 2**30:.2f})" for k, (tree, own) in peak.by_step(spans).items()))
    # the full run's figures first: a long benchmark stopped during the reruns still has them
    print(f"    {n / full.seconds:.0f} documents/s, {1000 * full.seconds / n:.1f} ms per document ({docs} published), "
          f"peak {peak.pss / 2**30:.2f} GB (PSS over all processes; RSS sum {peak.rss / 2**30:.2f} GB); "
          f"engine: {', '.join(sorted(set(engine.USAGE.where)))}; load average {_load()}", flush=True)
    rerun = _timed_run("no-change rerun", corpus, warehouse, instance)
    write_corpus(corpus, N_NEW, start=n)
    new = _timed_run(f"{N_NEW} new files", corpus, warehouse, instance)
    precision, recall, found, expected = near_duplicate_scores(warehouse, groups)
    out = {"n": n, "full": full.seconds, "per_doc_ms": 1000 * full.seconds / n,
           "cpu_ms": 1000 * full.cpu_seconds / n, "peak": peak.pss,
           "rss": peak.rss, "rerun": rerun.seconds, "new": new.seconds, "gate": full.gate_seconds,
           "new_gate": new.gate_seconds, "precision": precision, "recall": recall}
    print(f"    no-change rerun {100 * rerun.seconds / full.seconds:.1f} % of the full run; {N_NEW} new files "
          f"{100 * new.seconds / full.seconds:.1f} % (gate {new.gate_seconds:.1f} s of its {new.seconds:.1f} s); "
          f"gate {100 * full.gate_seconds / full.seconds:.1f} % of the full run; load average {_load()}", flush=True)
    print(f"    near_duplicates: {found} pairs found, {expected} planted: precision {precision:.3f}, "
          f"recall {recall:.3f}")
    shutil.rmtree(corpus, ignore_errors=True)
    for leftover in root.glob(f"bench_{n}*"):
        leftover.unlink()
    return out


def _size_in_own_process(n: int) -> None:
    """One size's three runs in this process (started by main for that size alone); its figures last, as JSON."""
    import dagster as dg

    from pipelines import engine, settings

    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-") as tmp:
        os.environ["DAGSTER_HOME"] = str(Path(tmp) / "dagster_home")  # runs kept on disk, not in the project's
        settings.ensure_dagster_home()
        with dg.DagsterInstance.get() as instance:
            out = _one_size(n, Path(tmp), instance)
    engine.release()
    print(RESULT + json.dumps(out), flush=True)


def _run_size(n: int) -> dict:
    """Run one size in a fresh Python process, its lines shown as they come; its figures, or failed."""
    child = subprocess.Popen([sys.executable, "-m", "bench.bench_pipeline", "--size", str(n)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    out: dict = {"n": n, "failed": True}
    for line in child.stdout:
        if line.startswith(RESULT):
            out = json.loads(line[len(RESULT):])
        else:
            print(line, end="", flush=True)
    if child.wait() != 0:
        print(f"    the run at {n:,} files exited with {child.returncode}: no figures at this size")
        return {"n": n, "failed": True}
    return out


def main() -> None:
    """Generate the corpora, run the three scenarios at each size, print the figures."""
    from pipelines import settings

    where = settings.dask_scheduler() or f"a local Dask cluster of {settings.workers()} worker processes"
    # each size in a process of its own, as `claimtrail run` and Dagster's run launcher run each run: what one
    # size's runs leave in the process (imports warmed, caches, freed memory not given back) is not counted in the
    # next size's peak
    print(f"pipeline: sizes {', '.join(f'{n:,}' for n in sizes(MAX_FILES))} (CLAIMTRAIL_BENCH_FILES={MAX_FILES}); "
          f"per-document work on {where} from {settings.PARALLEL_MIN_DOCUMENTS} documents; each size in a "
          "process of its own")
    results = []
    for n in sizes(MAX_FILES):
        results.append(_run_size(n))
        if results[-1].get("failed"):
            break
    results = [r for r in results if not r.get("failed")]
    by_n = {r["n"]: r for r in results}
    print("  time per document: " + ", ".join(f"{r['n']:,}: {r['per_doc_ms']:.1f} ms (CPU {r['cpu_ms']:.1f} ms)"
                                            for r in results))
    if 10_000 in by_n and max(by_n) > 10_000:
        big, ten = by_n[max(by_n)], by_n[10_000]
        print(f"  time per document at {big['n']:,} / at 10,000: {big['per_doc_ms'] / ten['per_doc_ms']:.2f} "
              f"(CPU time per document: {big['cpu_ms'] / ten['cpu_ms']:.2f})")
    print(f"  {GOALS}")


if __name__ == "__main__":  # Dask's worker processes import this module again: they must not run the benchmark
    if sys.argv[1:2] == ["--size"]:
        _size_in_own_process(int(sys.argv[2]))
    else:
        main()
