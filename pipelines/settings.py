"""Where claimtrail reads and writes: defaults, overridable by environment variables (the UI reads these)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_INPUT = "seeds"
DEFAULT_WAREHOUSE = "warehouse/claimtrail.duckdb"
DEFAULT_LOCK_WAIT = 10.0  # seconds a run waits for a warehouse another process holds, before it gives up
DEFAULT_MAX_QUARANTINE = 0.05  # share of a run's documents the quality gate may quarantine before it blocks
PARALLEL_MIN_DOCUMENTS = 48  # below this many documents, worker processes cost more than they save
_TELEMETRY_OFF = "telemetry:\n  enabled: false\n"
# runs of the job carry this tag (pipelines/defs/jobs.py): the run queue starts them one at a time
_ONE_RUN_AT_A_TIME = """concurrency:
  runs:
    tag_concurrency_limits:
      - key: claimtrail/warehouse
        limit: 1
"""


def input_dir() -> str:
    """The input folder: CLAIMTRAIL_INPUT or seeds/."""
    return os.environ.get("CLAIMTRAIL_INPUT", DEFAULT_INPUT)


def warehouse_path() -> str:
    """The published warehouse file: CLAIMTRAIL_WAREHOUSE or warehouse/claimtrail.duckdb."""
    return os.environ.get("CLAIMTRAIL_WAREHOUSE", DEFAULT_WAREHOUSE)


def lock_wait() -> float:
    """Seconds to wait for a locked warehouse: CLAIMTRAIL_LOCK_WAIT or 10."""
    return float(os.environ.get("CLAIMTRAIL_LOCK_WAIT", DEFAULT_LOCK_WAIT))


def duckdb_memory() -> str:
    """Memory DuckDB may use per pipeline connection before it spills to disk: CLAIMTRAIL_DUCKDB_MEMORY or 400MB."""
    return os.environ.get("CLAIMTRAIL_DUCKDB_MEMORY", "400MB")


def workers() -> int:
    """Worker processes for cleaning and claims: CLAIMTRAIL_WORKERS, or one per CPU core."""
    value = os.environ.get("CLAIMTRAIL_WORKERS")
    return max(1, int(value)) if value else max(1, len(os.sched_getaffinity(0)))


def max_quarantine() -> float:
    """Share of the documents read in a run the gate may quarantine before it blocks the run:
    CLAIMTRAIL_MAX_QUARANTINE, a fraction (0.05) or a percentage (5%); default 5 %."""
    value = os.environ.get("CLAIMTRAIL_MAX_QUARANTINE", "").strip()
    if not value:
        return DEFAULT_MAX_QUARANTINE
    try:
        share = float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise ValueError(f"CLAIMTRAIL_MAX_QUARANTINE={value!r}: give a share of the documents read, from 0 to 1 "
                         "(0.05) or as a percentage (5%)")
    return share


def staging_path(warehouse: str) -> str:
    """The staging database that sits next to a warehouse file."""
    path = Path(warehouse)
    return str(path.with_name(path.stem + ".staging.duckdb"))


def ensure_dagster_home(default: Path | None = None) -> Path:
    """Point DAGSTER_HOME at a project folder (not the user's home) with telemetry turned off."""
    home = Path(os.environ.get("DAGSTER_HOME") or (default or Path.cwd() / ".dagster_home")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or config.read_text(encoding="utf-8") == _TELEMETRY_OFF:
        # a new file, or the bare one `make` writes: nobody has tuned it, so it may gain the run queue limit
        config.write_text(_TELEMETRY_OFF + _ONE_RUN_AT_A_TIME, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home
