"""Dask workers' log records in the run's own format: ours are handled by the process that runs the job, Dask's own
are one line each on the worker.

A worker is another process: a record our code logs there (a document that could not be cleaned) would reach its
stderr as a bare message and a whole traceback, whatever the command line or Dagster does with the same record in
the job's process. Dask's `Client.forward_logging` sends the records of the `pipelines` loggers back to the client,
where the same loggers and handlers as in-process work handle them (the CLI's one-line warnings, tracebacks with
--verbose). Dask's own records (distributed.*) stay on the worker, formatted by OneLine: a level, the logger and
the message, an exception as its last line, never a traceback across many lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from distributed import Client

FORWARDED = "pipelines"        # our loggers: handled in the job's process
DASK_LOGGERS = ("distributed",)  # Dask's on the worker: one line each
PLUGIN = "claimtrail-one-line-logs"


def exception_line(exc: BaseException) -> str:
    """An exception as one line: its type and the first line of its message."""
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


def traceback_line(exc_text: str) -> str:
    """The exception line of a traceback that came as text (a record from another process): the line after its
    last frame (the first line of the last exception's message)."""
    lines = [line for line in exc_text.splitlines() if line.strip()]
    frames = [i for i, line in enumerate(lines) if line.startswith(" ")]
    after = frames[-1] + 1 if frames else 0
    return lines[after].strip() if after < len(lines) else (lines[-1].strip() if lines else "")


class OneLine(logging.Formatter):
    """A log record as one line: 'warning: message: ValueError: why', no traceback (the run's own log format)."""

    def __init__(self, exception: Callable[[BaseException], str] = exception_line, name: bool = False):
        super().__init__()
        self.exception, self.name = exception, name

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f": {self.exception(record.exc_info[1])}"
        elif record.exc_text:  # forwarded from a worker: the traceback came as text
            text += f": {traceback_line(record.exc_text)}"
        where = f"{record.name}: " if self.name else ""
        return " ".join(f"{record.levelname.lower()}: {where}{text}".split("\n"))


def _one_line_dask_logs() -> None:
    formatter = OneLine(name=True)
    for name in DASK_LOGGERS:
        for handler in logging.getLogger(name).handlers:
            handler.setFormatter(formatter)


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # distributed is a dependency; this keeps the formatter importable without it
    WorkerPlugin = object


class OneLineLogs(WorkerPlugin):
    """On every worker (and every worker that joins later): Dask's own log lines one line each."""

    def setup(self, worker) -> None:
        _one_line_dask_logs()


def attach(client: Client) -> None:
    """Workers of `client` log like the run: ours forwarded to this process, Dask's one line each."""
    client.register_plugin(OneLineLogs(), name=PLUGIN)
    client.forward_logging(FORWARDED, level=logging.WARNING)
    _one_line_dask_logs()  # a local cluster's nannies log in this process
