"""Dagster's SQLite run history written with `synchronous=NORMAL`: a run's events cost a write each, not five fsyncs.

Dagster's default instance keeps runs and their events in SQLite files in WAL mode, and opens a connection for
every event (no pool) at SQLite's default `synchronous=FULL`: each event then waits for a commit fsync and, as
the connection closes, a checkpoint's fsyncs. On this project's disks that is ~55 ms per connection, ~10 s of a
small incremental run of 263 events (55 asset checks planned and evaluated, steps, materializations). In WAL mode
`synchronous=NORMAL` cannot corrupt the database (SQLite's recommended setting for WAL): a power cut may lose
the last events written, never the file. Files in another journal mode are left at their setting.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

_installed = False


def _relax(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        mode = cursor.execute("pragma journal_mode").fetchone()
        if mode and str(mode[0]).lower() == "wal":
            cursor.execute("pragma synchronous = normal")
    finally:
        cursor.close()


def install() -> None:
    """Every SQLite connection SQLAlchemy opens in this process from now on: NORMAL sync when in WAL mode."""
    global _installed
    if not _installed:
        event.listen(Engine, "connect", _relax)
        _installed = True
