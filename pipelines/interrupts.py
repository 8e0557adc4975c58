"""SIGINT and SIGTERM stop a run within seconds, even in the middle of a long DuckDB query.

Python runs signal handlers only between bytecodes of the main thread, and a main thread inside one long DuckDB
query (or waiting on worker processes) runs none for minutes. So while a run is going, signal.set_wakeup_fd makes
the interpreter's C-level handler write the signal's number to a pipe, and a watcher thread reading that pipe at
once interrupts every open DuckDB connection (con.interrupt(), DuckDB's own way to cancel a query) and calls what
else registered to be stopped (on_stop). The query then fails in the main thread, its transaction is rolled back,
Dagster's handler (which maps SIGTERM to SIGINT during execution) raises at the next bytecode and marks the run
failed; a main thread waiting on the engine's workers is woken the same way, and a local cluster ends with the
process. The published warehouse stays as it was, since it only ever changes in one committed transaction.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # duckdb itself is not loaded here: worker processes import this module too
    import duckdb

log = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_connections: dict[int, duckdb.DuckDBPyConnection] = {}
_stoppers: dict[str, Callable[[], None]] = {}
_lock = threading.Lock()


def register(con: duckdb.DuckDBPyConnection) -> None:
    """A connection to interrupt when the run is stopped (until unregistered)."""
    with _lock:
        _connections[id(con)] = con


def unregister(con: duckdb.DuckDBPyConnection) -> None:
    with _lock:
        _connections.pop(id(con), None)


def on_stop(name: str, stopper: Callable[[], None]) -> None:
    """Something else to stop at once when the run is stopped (the worker processes), by name."""
    with _lock:
        _stoppers[name] = stopper


def stop_everything() -> None:
    """Interrupt every registered DuckDB connection and call every stopper; safe from any thread."""
    import duckdb

    with _lock:
        connections, stoppers = list(_connections.values()), list(_stoppers.values())
    for con in connections:
        try:
            con.interrupt()
        except duckdb.Error as exc:  # closed meanwhile: nothing to interrupt
            log.debug("could not interrupt a DuckDB connection: %s", exc)
    for stopper in stoppers:
        try:
            stopper()
        except Exception:  # a stopper failing must not keep the others from running
            log.exception("stopping on a signal")


class Stopped:
    """What the watcher saw: the first stop signal received, if any."""

    def __init__(self) -> None:
        self.signum: int | None = None

    @property
    def name(self) -> str | None:
        return signal.Signals(self.signum).name if self.signum else None


def _raise_interrupt(signum: int, _frame) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def _watch(read_fd: int, stopped: Stopped) -> None:
    while True:
        try:
            data = os.read(read_fd, 64)
        except OSError:
            return
        if not data:
            return
        for signum in data:
            if signum in STOP_SIGNALS:
                if stopped.signum is None:
                    stopped.signum = signum
                stop_everything()


@contextmanager
def stopping_on_signals() -> Iterator[Stopped]:
    """While the block runs, SIGINT or SIGTERM interrupt DuckDB and stop workers at once (see the module).

    SIGTERM, whose default would end the process before any cleanup, raises KeyboardInterrupt like SIGINT
    outside Dagster's execution (where Dagster's own handler takes both). Only in the main thread: elsewhere
    the block runs unwatched.
    """
    stopped = Stopped()
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    previous = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    for s in STOP_SIGNALS:
        if previous[s] in (signal.SIG_DFL, None):  # SIG_IGN is respected: whoever started us chose it
            signal.signal(s, _raise_interrupt)  # a Python handler, so the C handler writes to the pipe
    old_fd = signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    watcher = threading.Thread(target=_watch, args=(read_fd, stopped), name="claimtrail-signals", daemon=True)
    watcher.start()
    def restore() -> None:
        for s, handler in previous.items():
            with suppress(TypeError, ValueError):
                signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(old_fd)

    try:
        yield stopped
    finally:
        try:
            restore()
        except KeyboardInterrupt:  # the signal's own handler ran in the middle of restoring: restore again
            restore()
            raise
        finally:
            os.close(write_fd)  # the watcher reads end of file and returns
            watcher.join(timeout=5)
            os.close(read_fd)
