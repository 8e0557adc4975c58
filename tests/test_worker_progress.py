"""Work on a local Dask cluster: every stage says so from its first line (workers starting), its count moves as the
first small chunks come back, and what our code logs on a worker reaches the run's log as one line."""

import logging
import threading
import time

import pytest

from pipelines import cli, engine, progress
from pipelines.engine import ramp


class Recorder:
    """Every snapshot a stage sends, in order."""

    def __init__(self):
        self.events: list[progress.Snapshot] = []

    def show(self, snapshot: progress.Snapshot) -> None:
        self.events.append(snapshot)

    def stage(self, name: str) -> list[progress.Snapshot]:
        return [s for s in self.events if s.stage == name]


def test_chunks_start_with_one_document_per_thread_and_grow():
    spans = ramp(100, 16, 1, 2)
    assert spans[:6] == [(0, 1), (1, 1), (2, 2), (4, 2), (6, 4), (10, 4)]
    assert max(n for _, n in spans) == 16
    starts = [0] + [a + n for a, n in spans]
    assert [a for a, _ in spans] == starts[:-1] and starts[-1] == 100  # every item once, in order


def test_chunks_of_many_items_per_document_start_with_one_document():
    spans = ramp(50, 24, 12, 1)
    assert spans[:3] == [(0, 12), (12, 24), (36, 14)]


def _log_on_worker(rows):
    """Runs on a worker: one warning with an exception, as the cleaning step logs a document it cannot clean."""
    try:
        raise ValueError("no article in it\nsecond line of the message")
    except ValueError:
        logging.getLogger("pipelines.test_worker").exception("cleaning failed on %s", "doc-on-a-worker.html")
    return list(rows)


def _wait_for(lines: list[str], seconds: float = 60) -> None:
    """Forwarded records arrive on the client's event loop thread: wait for one (a bound, not a measure)."""
    deadline = time.monotonic() + seconds
    while not lines and time.monotonic() < deadline:
        time.sleep(0.1)


class Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self.setFormatter(cli._one_line())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.mark.e2e
def test_a_local_cluster_shows_its_start_counts_as_chunks_return_and_logs_one_line(monkeypatch, capfd):
    monkeypatch.setenv("CLAIMTRAIL_WORKERS", "2")
    monkeypatch.delenv("CLAIMTRAIL_DASK_SCHEDULER", raising=False)
    monkeypatch.setattr(engine, "WORK_WHILE_STARTING", False)  # every item on a worker
    engine.release()
    recorder, handler = Recorder(), Lines()
    logger = logging.getLogger("pipelines")
    logger.addHandler(handler)
    try:
        with progress.showing(recorder):
            out = engine.chunked_map(_log_on_worker, list(range(120)), stage="items done", unit="items")
        _wait_for(handler.lines)
        assert engine.USAGE.where[-1] == "local"
    finally:
        logger.removeHandler(handler)
        engine.release()
    assert [x for part in out for x in part] == list(range(120))
    events = recorder.stage("items done")
    first, waiting = events[0], [s for s in events if s.status]
    assert (first.done, first.final) == (0, False)  # the stage's first line comes before any result
    assert waiting and waiting[0].status == "starting 2 Dask workers" and all(s.done == 0 for s in waiting)
    moves = [s.done for s in events if s.done and not s.final]
    assert moves[0] == 1 and len(moves) > 10 and moves == sorted(moves) and moves[-1] == 120  # chunk by chunk
    assert handler.lines and all(line == "error: cleaning failed on doc-on-a-worker.html: ValueError: no article "
                                         "in it" for line in handler.lines)
    assert "Traceback" not in capfd.readouterr().err  # the worker printed none of its own


def test_a_waiting_stage_is_shown_again_while_it_waits():
    recorder = Recorder()
    beat = threading.Event()

    class Beats(Recorder):
        redraws = True  # a terminal, say

        def show(self, snapshot):
            recorder.show(snapshot)
            if snapshot.status and len(recorder.events) >= 3:
                beat.set()

    with progress.track("files read", 10, unit="files", extra=(Beats(),)) as tracker, \
            progress.waiting(tracker, "starting 2 Dask workers", interval=0.01):
        assert beat.wait(30)  # ticks came while the block held this thread
    statuses = [s.status for s in recorder.events]
    assert statuses[0] == "" and statuses[1] == "starting 2 Dask workers" and statuses[-2:] == ["", ""]
    assert progress.format_line(recorder.events[1]).startswith("files read: 0/10 files (0%), starting 2 Dask "
                                                               "workers (")


def test_a_log_says_when_a_wait_begins_and_ends():
    lines: list[str] = []
    now = [0.0]
    tracker = progress.Tracker("claims", 100, [progress.LogSink(lines.append)], unit="paragraphs",
                               clock=lambda: now[0])
    now[0] = 0.1
    tracker.wait("starting 2 Dask workers")
    now[0] = 0.5
    tracker.tick()  # a log is not redrawn
    tracker.wait("")
    tracker.advance(10)
    assert lines == ["claims: 0/100 paragraphs (0%)",
                     "claims: 0/100 paragraphs (0%), starting 2 Dask workers (100 ms)",
                     "claims: 0/100 paragraphs (0%)"]


def test_a_traceback_as_text_gives_its_exception_line():
    from pipelines.worker_logs import traceback_line

    text = ('Traceback (most recent call last):\n  File "x.py", line 1, in f\n    raise KeyError(1)\nKeyError: 1\n\n'
            'During handling of the above exception, another exception occurred:\n\nTraceback (most recent call '
            'last):\n  File "x.py", line 3, in g\n    raise ValueError("bad\\nworse")\nValueError: bad\nworse\n')
    assert traceback_line(text) == "ValueError: bad"


def _slow_here(rows):
    """Runs here or on a worker: in this process each chunk takes until the workers are up (a bound, not a
    measure), so the first chunk is done here and the rest go to the workers."""
    from distributed import get_worker

    try:
        get_worker()
    except ValueError:  # not on a worker: here
        deadline = time.monotonic() + 300
        while engine._ENGINE is None and time.monotonic() < deadline:
            time.sleep(0.05)
    return list(rows)


@pytest.mark.e2e
def test_while_workers_start_the_count_moves_from_the_first_item_done_here(monkeypatch):
    monkeypatch.setenv("CLAIMTRAIL_WORKERS", "2")
    monkeypatch.delenv("CLAIMTRAIL_DASK_SCHEDULER", raising=False)
    engine.release()
    recorder = Recorder()
    try:
        with progress.showing(recorder):
            out = engine.chunked_map(_slow_here, list(range(120)), stage="items done", unit="items")
    finally:
        engine.release()
    assert [x for part in out for x in part] == list(range(120))
    events = recorder.stage("items done")
    moved = [s for s in events if s.done and not s.final]
    assert (events[0].done, events[1].status) == (0, "starting 2 Dask workers")
    # the first count: one item, done in this process while the workers start (said on the same line)
    assert (moved[0].done, moved[0].status) == (1, "starting 2 Dask workers")
    assert progress.format_line(moved[0]).startswith("items done: 1/120 items (0%), ")
    assert "starting 2 Dask workers (" in progress.format_line(moved[0])
    after = [s for s in moved if not s.status]
    assert after and after[0].done < 120 and [s.done for s in moved] == sorted(s.done for s in moved)
    assert moved[-1].done == 120
