"""Is the process that owns the staging tables still alive? (PID, host and start time, read from /proc.)

A run killed with kill -9 leaves its Dagster run STARTED for ever; its process, though, is gone. The start time
tells a live owner from an unrelated process that was given the same PID later.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc/PID/stat, field 22); None without /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] == "Z":  # a zombie: killed, not yet reaped by its parent
        return "zombie"
    return fields[19]


def this_process() -> tuple[int, str, str | None]:
    """(PID, host name, start time) of the current process."""
    return os.getpid(), socket.gethostname(), _start_time(os.getpid())


def process_alive(pid: int | None, host: str | None, started: str | None) -> bool | None:
    """True or False when it can be told, None when not (another host, or nothing recorded)."""
    if not pid or not host or host != socket.gethostname():
        return None
    now = _start_time(pid)
    if now is None:
        if Path("/proc/self/stat").exists():
            return False  # /proc works and the PID is not in it: gone
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    if now == "zombie":
        return False
    return started is None or now == started
