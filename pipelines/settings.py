"""Where claimtrail reads and writes: defaults, overridable by environment variables (the UI reads these).

Defaults are folders of the project (the folder holding pyproject.toml and workspace.yaml of an editable
install), wherever the command runs; relative paths given in a variable or an option are relative to the
current folder. Without a project (an installed package) the defaults are relative to the current folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipelines.core.limits import MAX_FILE_BYTES, MAX_TEXT_CHARS

DEFAULT_INPUT = "seeds"
DEFAULT_WAREHOUSE = "warehouse/claimtrail.duckdb"
PROJECT_DAGSTER_HOME = ".dagster_home"
INSTANCE_SUFFIX = ".dagster"  # another warehouse file X keeps its Dagster instance in X.dagster/ beside it
_BINDING = "claimtrail-warehouse.json"  # in an instance folder: the warehouse file whose runs it records
# every environment variable claimtrail reads, for --help and the README (tests/test_cli_help.py keeps it complete)
ENVIRONMENT = {
    "CLAIMTRAIL_INPUT": "input folder (default: seeds/ in the project)",
    "CLAIMTRAIL_WAREHOUSE": "published warehouse file (default: warehouse/claimtrail.duckdb in the project)",
    "CLAIMTRAIL_WORKERS": "worker processes for cleaning and claims (default: one per CPU core; 1: none)",
    "CLAIMTRAIL_LOCK_WAIT": "seconds to wait for a warehouse file another process holds (default: 10)",
    "CLAIMTRAIL_DUCKDB_MEMORY": "memory per DuckDB connection of a run before it spills to disk (default: 400MB)",
    "CLAIMTRAIL_MAX_QUARANTINE": "share of the documents read in a run the quality gate may quarantine before it "
                                 "blocks the run, 0.05 or 5% (default: 5%; one document is always allowed)",
    "CLAIMTRAIL_DASK_SCHEDULER": "an existing Dask scheduler for per-document work, tcp://HOST:PORT (default: a local "
                                 "cluster sized to the machine, or in-process for small runs)",
    "CLAIMTRAIL_DASK_TIMEOUT": "seconds to wait for CLAIMTRAIL_DASK_SCHEDULER to answer (default: 30)",
    "CLAIMTRAIL_DASK_DASHBOARD": "where a local cluster serves Dask's dashboard, e.g. :8787 or :0 (default: off)",
    "CLAIMTRAIL_WORKER_MEMORY": "memory one local Dask worker may hold, bytes or with a unit such as 2GiB "
                                "(default: a share of the machine, at most 2 GiB)",
    "CLAIMTRAIL_MAX_FILE_BYTES": "largest input file read, raw or once gunzipped, in bytes; beyond, quarantined with "
                                 "its size (default: 52428800, 50 MiB)",
    "CLAIMTRAIL_MAX_DOCUMENT_CHARS": "most characters of decoded text (an HTML page: markup) one document may hold; "
                                     "beyond, quarantined with its size (default: 33554432, 32 Mi)",
    "CLAIMTRAIL_MAX_REMOVAL": "share of the published documents a run may remove without --allow-removal "
                              "(default: 0.5)",
    "DAGSTER_HOME": "Dagster instance folder, used when it serves the same warehouse (default: one per "
                    "warehouse: .dagster_home/ for the project's, FILE.dagster/ beside any other FILE)",
}
DEFAULT_LOCK_WAIT = 10.0  # seconds a run waits for a warehouse another process holds, before it gives up
DEFAULT_MAX_QUARANTINE = 0.05  # share of a run's documents the quality gate may quarantine before it blocks
PARALLEL_MIN_DOCUMENTS = 48  # below this many documents, worker processes cost more than they save
DEFAULT_MAX_REMOVAL = 0.5  # share of the published documents a run may remove unless told it may
_TELEMETRY_OFF = "telemetry:\n  enabled: false\n"
# runs of the job carry this tag (pipelines/defs/jobs.py): the run queue starts them one at a time
_ONE_RUN_AT_A_TIME = """concurrency:
  runs:
    tag_concurrency_limits:
      - key: claimtrail/warehouse
        limit: 1
"""
# the run's events in Dagster's own SQLite files, each kept open in WAL mode (pipelines/event_log.py)
_KEPT_OPEN_EVENT_LOG = """event_log_storage:
  module: pipelines.event_log
  class: KeptOpenSqliteEventLogStorage
  config:
    base_dir: {runs}
"""
# what earlier releases wrote: nobody has tuned such a file, so it may be brought up to date
_UNTUNED = (_TELEMETRY_OFF, _TELEMETRY_OFF + _ONE_RUN_AT_A_TIME)


def instance_config(home: Path) -> str:
    """The dagster.yaml claimtrail writes into an instance folder: telemetry off, one run at a time, and the event
    log in Dagster's own place ($home/history/runs, spelt out: the storage is told no home of its own)."""
    return _TELEMETRY_OFF + _ONE_RUN_AT_A_TIME + _KEPT_OPEN_EVENT_LOG.format(runs=json.dumps(str(home / "history"
                                                                                                   / "runs")))


def _untuned(text: str) -> bool:
    """Whether a dagster.yaml is one claimtrail wrote (now or in an earlier release, for this folder or a folder
    it was moved from): nobody has tuned it, so it may be rewritten."""
    head = _TELEMETRY_OFF + _ONE_RUN_AT_A_TIME + _KEPT_OPEN_EVENT_LOG.split("{runs}")[0]
    return text in _UNTUNED or (text.startswith(head) and text.count("\n") == head.count("\n") + 1)


def project_root() -> Path | None:
    """The project folder of an editable install (pyproject.toml and workspace.yaml); None when installed."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "workspace.yaml").is_file() else None


def _in_project(relative: str) -> str:
    root = project_root()
    return str(root / relative) if root else relative


def input_dir() -> str:
    """The input folder: CLAIMTRAIL_INPUT or the project's seeds/."""
    return os.environ.get("CLAIMTRAIL_INPUT") or _in_project(DEFAULT_INPUT)


def warehouse_path() -> str:
    """The published warehouse file: CLAIMTRAIL_WAREHOUSE or the project's warehouse/claimtrail.duckdb."""
    return os.environ.get("CLAIMTRAIL_WAREHOUSE") or _in_project(DEFAULT_WAREHOUSE)


def lock_wait() -> float:
    """Seconds to wait for a locked warehouse: CLAIMTRAIL_LOCK_WAIT or 10."""
    return float(os.environ.get("CLAIMTRAIL_LOCK_WAIT", DEFAULT_LOCK_WAIT))


def max_file_bytes() -> int:
    """Largest input file read, raw or once gunzipped: CLAIMTRAIL_MAX_FILE_BYTES or 50 MiB; beyond, quarantined."""
    return int(os.environ.get("CLAIMTRAIL_MAX_FILE_BYTES", MAX_FILE_BYTES))


def max_document_chars() -> int:
    """Most characters of decoded text (an HTML page: decoded markup) one document may hold:
    CLAIMTRAIL_MAX_DOCUMENT_CHARS or 32 Mi; beyond, the document is quarantined with its size."""
    return int(os.environ.get("CLAIMTRAIL_MAX_DOCUMENT_CHARS", MAX_TEXT_CHARS))


def max_removal_share() -> float:
    """Share of the published documents a run may remove without --allow-removal: CLAIMTRAIL_MAX_REMOVAL or 0.5."""
    return float(os.environ.get("CLAIMTRAIL_MAX_REMOVAL", DEFAULT_MAX_REMOVAL))


# the staging file's write-ahead log is checkpointed past this size (pipelines.warehouse.connect): each open replays
# the log, about 2.5 ms per MB, so it stays small; a run taking in ten files adds a few hundred kB
STAGING_WAL = "4MB"


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


def dagster_home_for(warehouse: str) -> Path:
    """The Dagster instance folder of a warehouse file: the project's .dagster_home/ for the project warehouse,
    FILE.dagster/ beside any other FILE, so that the UI of one warehouse never shows another's runs."""
    path = Path(warehouse).resolve()
    if path == Path(_in_project(DEFAULT_WAREHOUSE)).resolve():
        return Path(_in_project(PROJECT_DAGSTER_HOME)).resolve()
    return path.with_name(path.name + INSTANCE_SUFFIX)


def served_warehouse(home: Path) -> str | None:
    """The warehouse file whose runs an instance folder records (None: not bound yet)."""
    try:
        return json.loads((home / _BINDING).read_text(encoding="utf-8"))["warehouse"]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def ensure_dagster_home(warehouse: str | None = None) -> Path:
    """Point DAGSTER_HOME at the instance folder of a warehouse (default: the configured one), telemetry off.

    A DAGSTER_HOME set in the environment is kept when it serves this warehouse or none yet (it is then bound
    to it), unless it is another warehouse's own folder; otherwise the warehouse's own folder is used.
    """
    target = str(Path(warehouse or warehouse_path()).resolve())
    own = dagster_home_for(target)
    given = Path(os.environ["DAGSTER_HOME"]).resolve() if os.environ.get("DAGSTER_HOME") else own
    project_home = Path(_in_project(PROJECT_DAGSTER_HOME)).resolve()
    if given != own and (served_warehouse(given) not in (None, target) or given == project_home):
        given = own  # it records another warehouse's runs
    given.mkdir(parents=True, exist_ok=True)
    config = given / "dagster.yaml"
    wanted = instance_config(given)
    if not config.exists() or (config.read_text(encoding="utf-8") != wanted and _untuned(config.read_text("utf-8"))):
        # a new file, or one claimtrail wrote (an earlier release, a moved folder): nobody has tuned it
        config.write_text(wanted, encoding="utf-8")
    if served_warehouse(given) != target:
        (given / _BINDING).write_text(json.dumps({"warehouse": target}) + "\n", encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(given)
    return given


def dask_scheduler() -> str | None:
    """An existing Dask scheduler for per-document work (tcp://host:port): CLAIMTRAIL_DASK_SCHEDULER, else none."""
    return os.environ.get("CLAIMTRAIL_DASK_SCHEDULER") or None


def dask_timeout() -> float:
    """Seconds to wait for CLAIMTRAIL_DASK_SCHEDULER to answer: CLAIMTRAIL_DASK_TIMEOUT or 30."""
    return float(os.environ.get("CLAIMTRAIL_DASK_TIMEOUT", "30"))


def dask_dashboard() -> str | None:
    """Where a local cluster serves Dask's dashboard: CLAIMTRAIL_DASK_DASHBOARD (':0' picks a free port), else off."""
    return os.environ.get("CLAIMTRAIL_DASK_DASHBOARD") or None


def worker_memory(workers: int) -> int:
    """Bytes one local worker may hold before Dask pauses, then restarts it: CLAIMTRAIL_WORKER_MEMORY (bytes, or
    with a unit: 2GiB), else a share of the machine's memory that leaves one share to the run, at most 2 GiB."""
    value = os.environ.get("CLAIMTRAIL_WORKER_MEMORY")
    if value:
        from dask.utils import parse_bytes

        return int(parse_bytes(value))
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return int(min(2 * 2**30, total // (workers + 1)))
