"""Where per-document work runs: in this process, on a local Dask cluster, or on an existing Dask scheduler.

The cluster starts in a background thread (about 7 s on a busy machine: processes, then our code on each); until
it is up the first documents are worked on in this process, so a stage's count moves from its first document.
Work goes out in chunks (Arrow slices where the items are a table, so large text and bytes travel as Arrow
buffers), a bounded number in flight at a time, and comes back in input order: the rows never depend on the engine
or the number of workers. Below settings.PARALLEL_MIN_DOCUMENTS documents, or with CLAIMTRAIL_WORKERS=1 and no
scheduler, everything stays in this process. CLAIMTRAIL_DASK_SCHEDULER=tcp://host:port sends the chunks to a
cluster someone else started (dask-jobqueue on SLURM, dask-kubernetes, `dask scheduler` + `dask worker`).
"""

from __future__ import annotations

import atexit
import importlib
import logging
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import pyarrow as pa

from pipelines import progress, settings

if TYPE_CHECKING:  # distributed is imported on first use: it takes about a second and most runs are small
    from distributed import Client, LocalCluster

log = logging.getLogger(__name__)
R = TypeVar("R")
Rows = Sequence | pa.Table
IN_FLIGHT_PER_THREAD = 2  # chunks queued per worker thread: enough to keep it busy, little held in memory
CHUNKS_PER_THREAD = 8     # chunks per worker thread over a job, so a slow chunk does not hold up the end
MAX_CHUNK_DOCUMENTS = 64  # documents per chunk at most: bounds what one task holds and sends back
PROGRESS_CHUNK_DOCUMENTS = 16  # documents per in-process chunk of a tracked stage: its count moves often
WORK_WHILE_STARTING = True     # work on the first documents here while the cluster starts (tests turn it off)
_NOISY = ("distributed", "tornado", "asyncio", "bokeh")
KEPT_USAGE = 1000


@dataclass
class Usage:
    """What the engine did since the process started: for logs, the benchmark and the tests."""

    local_chunks: int = 0
    cluster_chunks: int = 0
    head_chunks: int = 0      # chunks worked on in this process while the cluster started
    clusters_started: int = 0
    where: list[str] = field(default_factory=list)  # one entry per chunked_map call: in-process, local, scheduler


USAGE = Usage()


@dataclass
class _Engine:
    client: Client
    cluster: LocalCluster | None  # None when the scheduler is someone else's
    key: str                      # the scheduler address asked for, or the local cluster's size
    warm: dict[str, Future] = field(default_factory=dict)  # modules the workers import (or imported) ahead of work

    def threads(self) -> int:
        """Worker threads the scheduler knows now (at least one: an adaptive cluster may still be starting)."""
        return max(1, sum(self.client.nthreads().values()))


_ENGINE: _Engine | None = None
_STARTING: tuple[str, Future] | None = None  # the engine being started in the background: its key, its future
_LOCK = threading.Lock()


def slice_rows(items: Rows, start: int, size: int) -> Rows:
    """Rows start..start+size of a list or an Arrow table."""
    if isinstance(items, pa.Table):
        # take, not slice: a pickled slice carries its parent's whole buffers to the worker
        return items.take(pa.array(range(start, min(start + size, items.num_rows)), pa.int64()))
    return list(items[start:start + size])


def _quiet() -> None:
    for name in _NOISY:
        logging.getLogger(name).setLevel(logging.ERROR)


def _local_cluster(workers: int) -> LocalCluster:
    import dask
    from distributed import LocalCluster

    # spawned processes (never forked from a process with Dagster and DuckDB threads), one thread each: the
    # work is pure Python, so threads would only contend for the GIL
    dask.config.set({"distributed.worker.multiprocessing-method": "spawn",
                     "distributed.admin.tick.limit": "10s",  # a busy shared machine is not a bug report
                     "distributed.worker.memory.monitor-interval": "500ms"})
    dashboard = settings.dask_dashboard()
    # the scheduler serves HTTP (health, metrics) even without a dashboard: on a free port, not 8787
    quiet = {} if dashboard else {"scheduler_kwargs": {"dashboard": False, "dashboard_address": "127.0.0.1:0"}}
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        memory_limit=settings.worker_memory(workers), dashboard_address=dashboard,
                        silence_logs=logging.ERROR, **quiet)


def _key(workers: int) -> str:
    return settings.dask_scheduler() or f"local:{workers}"


def _open(key: str, workers: int, warm: str | None) -> _Engine:
    """A client on the scheduler named by the settings, or on a new local cluster; `warm`: a module every worker
    imports now (our code takes seconds to load: better while this process still works than on the first task)."""
    _quiet()
    import dask
    from distributed import Client

    # Dask keeps the last 1,000 messages under 1 MB of each comm for debugging: chunks of documents are such
    # messages, so the client (and an in-process scheduler) held up to 1,000 chunks of text, 10 MB per 2,048 files
    dask.config.set({"distributed.admin.low-level-log-length": 0})

    from pipelines import worker_logs

    address = settings.dask_scheduler()
    if address:
        client = Client(address, timeout=settings.dask_timeout(), set_as_default=False)
        opened = _Engine(client, None, key)
        log.info("per-document work goes to the Dask scheduler at %s (%d threads)", address, opened.threads())
    else:
        cluster = _local_cluster(workers)
        opened = _Engine(Client(cluster, set_as_default=False), cluster, key)
        USAGE.clusters_started += 1
        log.info("started a local Dask cluster of %d worker processes", workers)
    worker_logs.attach(opened.client)  # the workers' log lines in the run's format
    if warm:
        _warmed(opened, warm).result()
    return opened


def _done(engine: _Engine) -> Future:
    ready: Future = Future()
    ready.set_result(engine)
    return ready


def _warmed(engine: _Engine, module: str | None) -> Future:
    """The engine once its workers imported `module` (done at once when they have, or module is None): a step whose
    code the workers have not loaded yet (near-duplicate signing after cleaning) works here meanwhile."""
    with _LOCK:
        if module is None or module in engine.warm:
            return engine.warm.get(module) or _done(engine)
        ready = engine.warm[module] = Future()

    def load() -> None:
        try:
            engine.client.run(_warm, module)
        except Exception as exc:  # the work itself says what is wrong with the workers
            log.debug("workers could not preload %s: %s", module, exc)
        ready.set_result(engine)

    threading.Thread(target=load, name="claimtrail-dask-warm", daemon=True).start()
    return ready


def _warm(module: str) -> None:
    """Runs on each worker: import the module whose function the work will call."""
    try:
        importlib.import_module(module)
    except ImportError as exc:  # a function of a module workers cannot import fails on its task, said there
        log.debug("workers could not import %s ahead of the work: %s", module, exc)


def _start(workers: int, warm: str | None = None) -> Future:
    """The engine for `workers` (a future of _Engine): the running one, the one starting, or one started now in a
    background thread (a different setting stops the old one first)."""
    global _STARTING
    key = _key(workers)
    with _LOCK:
        running = _ENGINE if _ENGINE is not None and _ENGINE.key == key else None
        starting = _STARTING[1] if _STARTING is not None and _STARTING[0] == key else None
    if running is not None:
        return _warmed(running, warm)
    if starting is not None:
        return starting
    release()
    future: Future = Future()
    with _LOCK:
        _STARTING = (key, future)
    threading.Thread(target=_starter, args=(future, key, workers, warm), name="claimtrail-dask-start",
                     daemon=True).start()
    return future


def _starter(future: Future, key: str, workers: int, warm: str | None) -> None:
    global _ENGINE, _STARTING
    try:
        opened = _open(key, workers, warm)
    except BaseException as exc:  # handed to whoever waits on the future (the stage, release)
        with _LOCK:
            _STARTING = None
        future.set_exception(exc)
        return
    with _LOCK:
        _ENGINE, _STARTING = opened, None
    future.set_result(opened)


def _engine(workers: int) -> _Engine:
    """The process's engine, started on first use (or again after release, or when the setting changed)."""
    return _start(workers).result()


def running() -> bool:
    """Whether this process holds an engine now, or is starting one (a client, and a local cluster's workers if it
    started one)."""
    return _ENGINE is not None or _STARTING is not None


def release() -> None:
    """Close the client and stop a local cluster's worker processes (an existing cluster keeps running); an engine
    still starting is waited for, then stopped."""
    global _ENGINE
    with _LOCK:
        starting = _STARTING
    if starting is not None:
        try:
            starting[1].result()
        except Exception as exc:  # it never started: nothing to stop (the stage that needed it said why)
            log.warning("the Dask engine did not start: %s", exc)
    with _LOCK:
        engine, _ENGINE = _ENGINE, None
    if engine is None:
        return
    try:
        engine.client.close()
    finally:
        if engine.cluster is not None:
            engine.cluster.close()


atexit.register(release)


def where(count: int, workers: int | None = None, per_document: int = 1) -> str:
    """Where count items would run: in-process, local (a local cluster) or scheduler (an existing one)."""
    workers = settings.workers() if workers is None else workers
    if count == 0 or count < settings.PARALLEL_MIN_DOCUMENTS * per_document:
        return "in-process"
    if settings.dask_scheduler():
        return "scheduler"
    return "in-process" if workers <= 1 else "local"


def chunked_map(fn: Callable[[Rows], R], items: Rows, workers: int | None = None, per_document: int = 1,
                pack: Callable[[Rows], Rows] | None = None, stage: str | None = None,
                unit: str = "documents") -> list[R]:
    """fn over chunks of items, on the engine when there are enough items; results in input order.

    per_document: how many items make one document's worth of work. pack turns a chunk into what travels (an
    Arrow table, say), one chunk at a time, so the whole input is never converted or sent at once. stage: a name
    to show the work's progress under (pipelines.progress), counted in items (`unit`) as chunks finish.
    """
    workers = settings.workers() if workers is None else workers
    count = len(items)
    place = where(count, workers, per_document)
    USAGE.where.append(place)
    del USAGE.where[:-KEPT_USAGE]  # a long-lived code server makes many runs: keep the recent ones
    if not count:
        return []
    with _tracked(stage, count, unit) as tracker:
        if place == "in-process":
            if tracker is None:
                USAGE.local_chunks += 1
                return [fn(items)]
            # tracked: in chunks, so that the count moves; the same rows as one call (callers join the parts)
            size = PROGRESS_CHUNK_DOCUMENTS * per_document
            results = []
            for i in range(0, count, size):
                part = items.slice(i, size) if isinstance(items, pa.Table) else items[i:i + size]
                results.append(fn(part))
                tracker.advance(len(part))
            USAGE.local_chunks += len(results)
            return results
        pending = _start(workers, _module_of(fn))
        start = 0
        results: list[R] = []
        # while workers start and load the code, the first documents are worked on here: the count moves from the
        # first document; the line says what it waits on until the first result from a worker
        status = _starting(workers) if not _started(workers) else "Dask workers loading the code"
        with progress.waiting(tracker if not pending.done() else None, status):
            head_spans = ramp(count, PROGRESS_CHUNK_DOCUMENTS * per_document, per_document, 1)
            for i, n in head_spans if WORK_WHILE_STARTING else ():
                if pending.done():
                    break
                results.append(fn(slice_rows(items, i, n) if not isinstance(items, pa.Table) else items.slice(i, n)))
                start = i + n
                if tracker:
                    tracker.advance(n, status=tracker.waiting)
            head = len(results)
            USAGE.head_chunks += head
            if start >= count:
                return results
            engine = pending.result()
            threads = engine.threads()
            rest = count - start
            size = max(4, min(MAX_CHUNK_DOCUMENTS * per_document, rest // (threads * CHUNKS_PER_THREAD) or 1))
            spans = [(start + i, n) for i, n in ramp(rest, size, per_document, threads)]  # small chunks first
            chunks = ((pack or _same)(slice_rows(items, i, n)) for i, n in spans)
            moved = (lambda i: tracker.advance(spans[i][1])) if tracker else None
            results.extend(_bounded_map(engine.client, fn, chunks, IN_FLIGHT_PER_THREAD * threads, moved))
        USAGE.cluster_chunks += len(results) - head
        return results


def _module_of(fn: Callable) -> str | None:
    """The module that defines fn (a partial's function), for workers to import ahead of the work."""
    return getattr(getattr(fn, "func", fn), "__module__", None)


def ramp(count: int, size: int, first: int, threads: int) -> list[tuple[int, int]]:
    """(start, length) of the chunks of count items: one round of `threads` chunks of `first` items, then rounds
    of twice as many up to `size`, so the first results come back after one document's work, not a full chunk's;
    the rest in chunks of `size` (few tasks, little overhead)."""
    spans, start, n = [], 0, max(1, min(first, size))
    while start < count:
        for _ in range(threads):
            if start >= count:
                break
            spans.append((start, min(n, count - start)))
            start += n
        n = min(size, n * 2)
    return spans


def _started(workers: int) -> bool:
    return _ENGINE is not None and _ENGINE.key == (settings.dask_scheduler() or f"local:{workers}")


def _starting(workers: int) -> str:
    address = settings.dask_scheduler()
    return f"connecting to the Dask scheduler at {address}" if address else f"starting {workers} Dask workers"


def each(items: Sequence[R], stage: str, unit: str = "files",
         name: Callable[[R], str] | None = None) -> Iterator[R]:
    """items one by one, the stage's progress shown as each is done (for loops that run in this process);
    name(item): what to call the item just done on the progress line."""
    with progress.track(stage, len(items), unit=unit, extra=dagster_log()) as tracker:
        for item in items:
            yield item
            tracker.advance(note=name(item) if name else "")


@contextmanager
def counted_step(stage: str, total: int, unit: str) -> Iterator[Callable[[int, str], None]]:
    """One long step that says how far it is: the block is given `advance(total, note)`, called after each part."""
    with progress.track(stage, total, unit=unit, extra=dagster_log()) as tracker:
        def advance(total: int, note: str) -> None:
            tracker.total = total
            tracker.advance(note=note)
        yield advance


@contextmanager
def step(stage: str) -> Iterator[None]:
    """One long step with no count of its own (a single pass): shown when it starts and ends."""
    with progress.track(stage, 1, extra=dagster_log()) as tracker:
        yield
        tracker.advance()


@contextmanager
def _tracked(stage: str | None, total: int, unit: str) -> Iterator[progress.Tracker | None]:
    if stage is None:
        yield None
        return
    with progress.track(stage, total, unit=unit, extra=dagster_log()) as tracker:
        yield tracker


def dagster_log() -> tuple[progress.Sink, ...]:
    """A sink writing to the Dagster log of the step running now (none outside a step, or without Dagster)."""
    if "dagster" not in sys.modules:  # this module never imports Dagster itself
        return ()
    import dagster as dg

    try:
        context = dg.OpExecutionContext.get()
    except dg.DagsterInvariantViolationError:  # not inside a step (a test, a benchmark)
        return ()
    return (progress.LogSink(context.log.info),) if context is not None else ()


def _same(rows: Rows) -> Rows:
    return rows


def _bounded_map(client: Client, fn: Callable[[Rows], R], chunks: Iterator[Rows], window: int,
                 finished: Callable[[int], None] | None = None) -> list[R]:
    """Submit chunks keeping at most `window` unfinished; gather each result as it ends, put back in order.
    finished(i) is told when chunk i is back (progress)."""
    from distributed import as_completed

    results: dict[int, R] = {}
    index = {}
    numbered = enumerate(chunks)
    done = as_completed(loop=client.loop)

    def submit_next() -> None:
        for i, chunk in numbered:
            future = client.submit(fn, chunk, pure=False)
            index[future] = i
            done.add(future)
            return

    for _ in range(window):
        submit_next()
    try:
        for future in done:
            i = index.pop(future)
            results[i] = future.result()
            future.release()
            if finished:
                finished(i)
            submit_next()
    except BaseException:
        for future in list(index):
            future.cancel()
        raise
    return [results[i] for i in range(len(results))]
