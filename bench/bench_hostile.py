"""Seconds per MB of input through the whole job, for ordinary files and for hostile shapes: a 5 MB line without a
full stop and a 30 MB HTML page. Linear stages give about the same figure for all three.

Each case is a first run of the real job (Dagster, staging, every quality check, publish) into a fresh warehouse,
measured in one go, one after the other, with the peak memory of the process tree. A run has a fixed cost (start-up,
nine suites, the publish) whatever its size, measured on a one-file run and taken off: the figure compared is the
marginal seconds per MB. Usage: python -m bench.bench_hostile
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_pipeline import PeakMemory
from bench.corpus import write_corpus
from bench.hostile import _big_page, _long_line, _stream

ORDINARY_FILES = int(os.environ.get("CLAIMTRAIL_BENCH_ORDINARY", "3000"))


def _claims_bounded() -> bool:
    from pipelines.core.claims import extract_claims

    line = ", ".join(f"the harbour saw {i} ships and {i + 1} boats" for i in range(400))
    return all(len(c.sentence or "") <= 2000 for c in extract_claims(line))


def _case(label: str, folder: Path, tmp: Path, instance, fixed: float = 0.0) -> float | None:
    """One first run over `folder`: prints its size, time, seconds per MB (less the fixed cost) and peak memory."""
    from pipelines.runner import run_pipeline

    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6
    warehouse = tmp / f"{folder.name}.duckdb"
    with PeakMemory() as peak:
        start = time.perf_counter()
        report = run_pipeline(str(folder), str(warehouse), instance=instance, log_level="ERROR")
        elapsed = time.perf_counter() - start
    state = "published" if report.published else "NOT published: " + "; ".join(e.splitlines()[0] for e in report.errors)
    per_mb = (elapsed - fixed) / size
    print(f"  {label:<26} {size:6.1f} MB {elapsed:7.1f} s  {per_mb:5.2f} s/MB  peak {peak.pss / 2**30:.2f} GB"
          f"  ({state})", flush=True)
    return per_mb if report.published else None


def main() -> None:
    """Write the inputs, run the job on each, print seconds per MB."""
    import dagster as dg

    from pipelines import settings
    from pipelines.runner import run_pipeline

    print(f"hostile shapes: seconds per MB through the whole job, fixed cost of a run taken off "
          f"({settings.workers()} worker processes)")
    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-hostile-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["DAGSTER_HOME"] = str(tmp / "dagster_home")
        settings.ensure_dagster_home()
        one, ordinary, line, page = tmp / "one", tmp / "ordinary", tmp / "line", tmp / "page"
        write_corpus(one, 1)
        write_corpus(ordinary, ORDINARY_FILES)
        page.mkdir()
        _stream(_big_page(30))(page / "page_30mb.html")
        figures = {}
        with dg.DagsterInstance.get() as instance:
            start = time.perf_counter()
            run_pipeline(str(one), str(tmp / "one.duckdb"), instance=instance, log_level="ERROR")
            fixed = time.perf_counter() - start
            print(f"  {'fixed cost (one file)':<26} {fixed:17.1f} s", flush=True)
            figures["ordinary"] = _case(f"{ORDINARY_FILES} ordinary files", ordinary, tmp, instance, fixed)
            if _claims_bounded():
                line.mkdir()
                _stream(_long_line(5))(line / "line_5mb.txt")
                figures["line"] = _case("5 MB line, no full stop", line, tmp, instance, fixed)
            else:
                print(f"  {'5 MB line, no full stop':<26} skipped: a claim's sentence is still the whole line (the "
                      "claims code bounds it: issue 11, item 3)")
            figures["page"] = _case("30 MB HTML page", page, tmp, instance, fixed)
        shutil.rmtree(tmp / "dagster_home", ignore_errors=True)
    base = figures["ordinary"]
    if base:
        ratios = ", ".join(f"{k} {v / base:.1f}x" for k, v in figures.items() if v and k != "ordinary")
        print(f"  per MB against ordinary files: {ratios} (1.0x = linear)")


if __name__ == "__main__":
    main()
