"""A failed run says why in plain words: one line per failure (what, where, what to do), the summary, no
traceback without --verbose; a blocked gate names its failing rules in full and counts the checks not run."""

import os
import subprocess
import sys
import textwrap

import pytest

from pipelines.quality.suites import load_suites
from tests.conftest import SEEDS
from tests.test_lock import HOLD

pytestmark = pytest.mark.e2e  # runs the command line end to end (Dagster, DuckDB, the gate)

CHECKS = sum(len(s.rules) for s in load_suites())
BLOCKED = textwrap.dedent("""
    import sys
    import pyarrow as pa
    from pipelines import cli, stages
    original = stages.claim_rows
    def doubled(paragraphs):  # the first claim staged twice: claim ids are no longer unique (a run rule)
        table = original(paragraphs)
        return pa.concat_tables([table, table.slice(0, 1)])
    stages.claim_rows = doubled
    sys.exit(cli.main(sys.argv[1:]))
""")


def claimtrail(tmp_path, *args, script=None, **env):
    """The command in its own process, as a user runs it: everything it prints, on both streams."""
    command = [sys.executable, "-c", script, *args] if script else [sys.executable, "-m", "pipelines.cli", *args]
    environment = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home"), **env}
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=600)


def errors(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if line.strip().startswith("error:")]


def assert_plain(done):
    assert done.returncode == 1, (done.stdout, done.stderr)
    text = done.stdout + done.stderr
    assert "Traceback" not in text and 'File "' not in text, text
    assert "NOT published" in done.stderr
    assert len(errors(done.stdout)) == 1, done.stdout
    line = errors(done.stdout)[0]
    assert not line.endswith(":") and "\n" not in line
    return line


def test_a_missing_input_folder_is_one_line_naming_it_and_what_to_set(tmp_path):
    missing = tmp_path / "not-there"
    done = claimtrail(tmp_path, "run", "--input", str(missing), "--warehouse", str(tmp_path / "w.duckdb"))
    line = assert_plain(done)
    assert line == f"error: reading the input folder: input folder {missing} does not exist (set " \
                   "CLAIMTRAIL_INPUT or --input)"
    assert f"checks 0 of {CHECKS} run:" in done.stdout
    assert f"{CHECKS} not run (skipped: the run stopped before the quality gate)" in done.stdout


def test_a_locked_warehouse_is_one_line_naming_the_holder_and_what_to_do(tmp_path):
    path = tmp_path / "w.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), "read_write", "120"], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        done = claimtrail(tmp_path, "run", "--input", str(SEEDS), "--warehouse", str(path),
                          CLAIMTRAIL_LOCK_WAIT="0.5")
    finally:
        holder.kill()
        holder.wait()
    line = assert_plain(done)
    assert line.startswith(f"error: reading the input folder: WarehouseLocked: {path} is locked by ")
    assert f"(PID {holder.pid})" in line and "Close that program's DuckDB connection" in line
    assert line.endswith("(README, 'Operations').")


def test_a_blocked_gate_names_the_rule_in_full_and_counts_what_was_not_run(tmp_path):
    done = claimtrail(tmp_path, "run", "--input", str(SEEDS), "--warehouse", str(tmp_path / "w.duckdb"),
                      script=BLOCKED)
    line = assert_plain(done)
    assert line.startswith("error: publishing blocked by the quality gate: numeric_claims.claim_id_unique: "
                           "failed on 2 of ")
    assert line.endswith(" rows")
    assert f"checks {CHECKS} of {CHECKS} run: {CHECKS - 1} passed, 1 failed (blocking), 0 quarantining, " \
           "0 warnings; 0 not run (skipped)" in done.stdout
    assert "    FAILED numeric_claims.claim_id_unique: 2 unexpected rows of " in done.stdout
    assert "(claim_id is unique)" in done.stdout and "to do: the report lists the offending rows" in done.stdout
    assert "report " in done.stdout


CLEANER_FAILS = textwrap.dedent("""
    import sys
    from pipelines import cli
    from pipelines.stages import parallel
    original = parallel.clean
    def failing(document):  # one document the cleaner cannot read: it is quarantined, the run goes on
        if "Fisheries" in (document.source_text or ""):
            raise ValueError("the cleaner met something new")
        return original(document)
    parallel.clean = failing
    sys.exit(cli.main(sys.argv[1:]))
""")


def test_a_document_the_cleaner_fails_on_is_one_log_line_without_traceback(tmp_path):
    root = tmp_path / "input"
    root.mkdir()
    (root / "a.txt").write_text("Harbour report\n\nFisheries landed 4,200 tonnes this spring, the office said.\n")
    (root / "b.txt").write_text("Ferry news\n\nAbout 800 residents use the ferry every week, the council said.\n")
    done = claimtrail(tmp_path, "run", "--input", str(root), "--warehouse", str(tmp_path / "w.duckdb"),
                      script=CLEANER_FAILS)
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    assert "error: cleaning failed on a.txt: ValueError: the cleaner met something new" in done.stderr.splitlines()
    assert "1 when read or cleaned" in done.stdout
