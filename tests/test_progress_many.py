"""A 2,000-file run on two Dask workers, as `claimtrail run` makes it: every stage's count moves after at most one
document's work, the first one while the workers still start (done in the run's own process), and then at least
every chunk of MAX_CHUNK_DOCUMENTS documents. Asserted on the order and size of the progress events the run sent,
never on how long they took (the seconds are printed, for the record)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from pipelines import engine

pytestmark = pytest.mark.e2e  # a whole run with a Dask cluster: minutes on a shared machine

FILES = 2000
WORKERS = 2
# stages counted per document (or per item: files, suites), and how many items one document's work makes
PER_DOCUMENT = {"input files hashed": 1, "files read": 1, "documents cleaned": 1, "articles signed": 1,
                "claims": 12, "gate": 1, "publish": 1}  # publish: one statement (a table copied) at a time
STEPS = {"near-duplicate pairs"}  # one pass over the signatures' bands: shown when it starts and ends


def record(argv: list[str], out: Path) -> int:
    """Run the command line with a sink that keeps every progress event (and whether GX was loaded then)."""
    import time

    from pipelines import cli, progress

    events: list[dict] = []

    class Keep:
        def show(self, s: progress.Snapshot) -> None:
            gx = sys.modules.get("great_expectations")
            events.append({"stage": s.stage, "done": s.done, "total": s.total, "elapsed": s.elapsed,
                           "status": s.status, "final": s.final, "at": time.monotonic(),
                           "gx_loaded": gx is not None and not getattr(gx.__spec__, "_initializing", False)})

    with progress.showing(Keep()):
        code = cli.main(argv)
    out.write_text(json.dumps(events))
    return code


def trackers(events: list[dict]) -> list[list[dict]]:
    """The events of each stage run, in the order they ended (a stage's events end with its final one)."""
    open_: dict[str, list[dict]] = {}
    ended = []
    for e in events:
        open_.setdefault(e["stage"], []).append(e)
        if e["final"]:
            ended.append(open_.pop(e["stage"]))
    assert not open_, f"stages never ended: {sorted(open_)}"
    return ended


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[list[list[dict]], str]:
    root = tmp_path_factory.mktemp("many")
    write_corpus(root / "in", FILES)
    out = root / "events.json"
    env = {**os.environ, "CLAIMTRAIL_WORKERS": str(WORKERS), "PYTHONPATH": str(Path(__file__).parent.parent)}
    env.pop("CLAIMTRAIL_DASK_SCHEDULER", None)
    done = subprocess.run([sys.executable, "-m", "tests.test_progress_many", "run", "--input", str(root / "in"),
                           "--warehouse", str(root / "w.duckdb"), str(out)],
                          capture_output=True, text=True, env=env, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return trackers(json.loads(out.read_text())), done.stderr


def test_every_stage_counts_after_one_document_and_says_so_from_its_first_line(run):
    stages, _ = run
    seen = {t[0]["stage"] for t in stages}
    assert set(PER_DOCUMENT) | STEPS <= seen, seen
    for events in stages:
        stage, first = events[0]["stage"], events[0]
        moves = [e for e in events if e["done"] and not e["final"]]
        print(f"{stage}: {first['total']} items, first count {moves[0]['done'] if moves else '-'} after "
              f"{moves[0]['elapsed'] if moves else events[-1]['elapsed']:.2f} s, ended after "
              f"{events[-1]['elapsed']:.1f} s" + (f" (GX loaded at its start: {first['gx_loaded']})"
                                                  if stage == "gate" else ""))
        assert first["done"] == 0 and not first["final"], stage  # shown before any result
        if stage in STEPS:
            continue
        assert moves, stage
        assert moves[0]["done"] <= PER_DOCUMENT[stage], (stage, moves[0])  # after one document's work
        steps = [b["done"] - a["done"] for a, b in zip([first, *moves], moves, strict=False)]
        assert max(steps) <= engine.MAX_CHUNK_DOCUMENTS * PER_DOCUMENT[stage], (stage, max(steps))
        assert events[-1]["done"] == events[-1]["total"], stage


def test_files_are_counted_here_while_the_workers_start(run):
    stages, _ = run
    read = next(t for t in stages if t[0]["stage"] == "files read")
    assert read[1]["status"] == f"starting {WORKERS} Dask workers"
    moves = [e for e in read if e["done"] and not e["final"]]
    assert moves[0]["status"] == f"starting {WORKERS} Dask workers"  # counted before any worker was up
    assert any(not e["status"] for e in moves)  # then the workers took over


def test_the_run_prints_no_traceback(run):
    _, err = run
    assert "Traceback" not in err


if __name__ == "__main__":  # the run itself, in its own process: python -m tests.test_progress_many ARGV... OUT
    sys.exit(record(sys.argv[1:-1], Path(sys.argv[-1])))
