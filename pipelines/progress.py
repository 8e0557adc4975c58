"""Progress of the long stages: counts out of a total, rate and time left, for a terminal, a log or Dagster's log.

Pure: no Dagster, no DuckDB. A stage is a Tracker (stage name, total, a clock); sinks decide how often to show it:
a terminal redraws one line, a log (a pipe, CI, Dagster's event log) gets a plain line when the stage starts,
every LOG_INTERVAL seconds and when it ends. Sinks throttle on the tracker's own clock, so tests inject a clock
and never sleep.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, TextIO

TTY_INTERVAL = 0.1    # seconds between redraws of a terminal line: smooth, yet cheap
LOG_INTERVAL = 10.0   # seconds between plain lines in a log: enough to see a stage move, not a flood
Clock = Callable[[], float]


@dataclass(frozen=True)
class Snapshot:
    """Where a stage is: done out of total after elapsed seconds."""

    stage: str
    done: int
    total: int
    elapsed: float
    unit: str = ""
    note: str = ""       # the item just finished (a suite's name), when there is one worth naming
    final: bool = False  # the stage ended
    status: str = ""     # what the stage waits on before its count can move ("starting 2 Dask workers")

    @property
    def rate(self) -> float | None:
        """Items per second so far (None before anything is done or any time passed)."""
        return self.done / self.elapsed if self.done and self.elapsed > 0 else None

    @property
    def eta(self) -> float | None:
        """Seconds left at the rate so far (None while the rate is unknown)."""
        rate = self.rate
        return max(0, self.total - self.done) / rate if rate else None


def duration(seconds: float) -> str:
    """A duration for people: '850 ms', '12 s', '3 min 05 s', '1 h 02 min'."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.0f} s" if seconds >= 10 else f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def _rate(rate: float, unit: str) -> str:
    if rate < 1:  # slow items (a suite over a big corpus): time per item reads better than 0.1/s
        return f"{duration(1 / rate)} each"
    per = f"{rate:,.0f}" if rate >= 10 else f"{rate:.1f}"
    return f"{per} {unit}/s" if unit else f"{per}/s"


def format_line(s: Snapshot) -> str:
    """One line: 'documents cleaned: 120/2,000 (6%), 35.2/s, 53 s left' or, at the end, '...: 2,000 in 57 s'."""
    unit = f" {s.unit}" if s.unit else ""
    if s.final and s.note:
        return f"{s.stage}: {s.note} at {s.done:,}/{s.total:,}{unit} after {duration(s.elapsed)}"
    if s.final:
        rate = f", {_rate(s.rate, s.unit)}" if s.rate and s.total > 1 else ""
        what = f"{s.done:,}{unit}" if s.total > 1 or s.unit else "done"
        return f"{s.stage}: {what} in {duration(s.elapsed)}{rate}"
    if s.total <= 1 and not s.unit:
        return f"{s.stage}: started" if s.elapsed < 1 else f"{s.stage}: working ({duration(s.elapsed)})"
    share = f" ({100 * s.done // s.total}%)" if s.total else ""
    parts = [f"{s.stage}: {s.done:,}/{s.total:,}{unit}{share}"]
    if s.rate:
        parts.append(_rate(s.rate, s.unit))
    if s.eta is not None and s.done < s.total:
        parts.append(f"{duration(s.eta)} left")
    if s.note:
        parts.append(f"last {s.note}")
    if s.status:
        parts.append(f"{s.status} ({duration(s.elapsed)})")
    return ", ".join(parts)


class Sink(Protocol):
    """Something that shows progress."""

    def show(self, snapshot: Snapshot) -> None: ...


class LogSink:
    """Plain lines: the stage's start, one every `interval` seconds, its end. For pipes, CI and Dagster's log."""

    def __init__(self, emit: Callable[[str], None], interval: float = LOG_INTERVAL):
        self.emit, self.interval = emit, interval
        self._last: dict[str, float] = {}

        self._status: dict[str, str] = {}

    def show(self, s: Snapshot) -> None:
        last = self._last.get(s.stage)
        if not s.final and last is not None and s.total and s.done >= s.total:
            return  # all done: the stage's last line follows
        news = s.status != self._status.get(s.stage, "")  # a wait begins or ends: said at once
        if s.final or last is None or news or s.elapsed - last >= self.interval:
            self._last[s.stage], self._status[s.stage] = s.elapsed, s.status
            self.emit(format_line(s))
            if s.final:
                self._last.pop(s.stage, None)
                self._status.pop(s.stage, None)


class TerminalSink:
    """A line redrawn in place on a terminal (at most every TTY_INTERVAL s); plain log lines on anything else."""

    def __init__(self, stream: TextIO, tty: bool | None = None):
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self._plain = LogSink(self._line)
        self._drawn: dict[str, float] = {}

    @property
    def redraws(self) -> bool:
        """Whether the line is redrawn in place (worth redrawing while a stage waits)."""
        return self.tty

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def show(self, s: Snapshot) -> None:
        if not self.tty:
            self._plain.show(s)
            return
        last = self._drawn.get(s.stage)
        if not s.final and last is not None and s.elapsed - last < TTY_INTERVAL:
            return
        self._drawn[s.stage] = s.elapsed
        # \r and erase-to-end: the new line may be shorter than the one it replaces
        self.stream.write("\r\x1b[K" + format_line(s) + ("\n" if s.final else ""))
        self.stream.flush()
        if s.final:
            self._drawn.pop(s.stage, None)


class Tracker:
    """One stage's progress, sent to every sink as it moves."""

    def __init__(self, stage: str, total: int, sinks: list[Sink], *, unit: str = "",
                 clock: Clock = time.monotonic):
        self.stage, self.total, self.unit, self.sinks, self.clock = stage, total, unit, sinks, clock
        self.done = 0
        self.started = clock()
        self.finished = False
        self.waiting = ""  # the status shown while the count cannot move yet
        self._send()

    def snapshot(self, note: str = "", final: bool = False) -> Snapshot:
        return Snapshot(self.stage, self.done, self.total, self.clock() - self.started, self.unit, note, final,
                        "" if final else self.waiting)

    def _send(self, note: str = "", final: bool = False) -> None:
        snap = self.snapshot(note, final)
        for sink in self.sinks:
            sink.show(snap)

    def advance(self, n: int = 1, note: str = "", status: str = "") -> None:
        """n more items done; status: what the stage still waits on (workers starting while this process works),
        '' when the wait is over."""
        self.done += n
        self.waiting = status
        self._send(note)

    def wait(self, status: str) -> None:
        """Say what the stage waits on before its count can move ('' when the wait is over)."""
        self.waiting = status
        self._send()

    def tick(self) -> None:
        """Redraw the stage as it is on the sinks that redraw (a terminal): the time it has been waiting moves on.
        Called from a heartbeat thread, so never on a log (Dagster's is written from the step's thread)."""
        if not self.finished:
            snap = self.snapshot()
            for sink in self.sinks:
                if getattr(sink, "redraws", False):
                    sink.show(snap)

    def finish(self, note: str = "") -> None:
        """The stage ended (said once, whatever the count reached); note: why it ended early ('stopped')."""
        if not self.finished:
            self.finished = True
            self._send(note, final=True)


_SINKS: list[Sink] = []


@contextmanager
def showing(sink: Sink) -> Iterator[Sink]:
    """Send every stage started in the block to sink too (the command line's terminal, say)."""
    _SINKS.append(sink)
    try:
        yield sink
    finally:
        _SINKS.remove(sink)


@contextmanager
def track(stage: str, total: int, *, unit: str = "", extra: tuple[Sink, ...] = (),
          clock: Clock = time.monotonic) -> Iterator[Tracker]:
    """A stage shown on the sinks registered with `showing` and on `extra`, ended (a final line) with the block:
    a block that failed ends it as 'stopped', so a terminal line is never left half drawn."""
    tracker = Tracker(stage, total, [*_SINKS, *extra], unit=unit, clock=clock)
    try:
        yield tracker
    except BaseException:
        tracker.finish("stopped")
        raise
    tracker.finish()


HEARTBEAT = 1.0  # seconds between redraws of a stage that waits: it shows it is alive from its first second


@contextmanager
def waiting(tracker: Tracker | None, status: str, interval: float = HEARTBEAT) -> Iterator[None]:
    """Until the tracker's count first moves or the block ends, it shows `status` and is shown again every
    `interval` seconds (from a thread: the block may hold the main thread for long, starting workers say)."""
    if tracker is None:
        yield
        return
    tracker.wait(status)
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(interval) and tracker.waiting:
            tracker.tick()

    thread = threading.Thread(target=beat, name="claimtrail-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        if tracker.waiting:
            tracker.wait("")
