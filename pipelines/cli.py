"""The `claimtrail` command: `run` the job in-process, `show` a document, `snapshot`, `ui`, try `claims`."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from importlib import metadata
from pathlib import Path

from pipelines import cli_help, settings
from pipelines.inputs import SKIP_REASONS


def _run(args: argparse.Namespace) -> int:
    settings.ensure_dagster_home(args.warehouse)  # the warehouse's own instance: its UI shows only its runs
    from pipelines import progress
    from pipelines.runner import run_pipeline  # imports Dagster: only when running

    try:
        # progress on stderr (stdout is the summary): redrawn on a terminal, a line per stage otherwise; with
        # --verbose Dagster's own log shows it
        with (progress.showing(progress.TerminalSink(sys.stderr)) if not args.verbose else nullcontext(),
              nullcontext() if args.verbose else _one_line_logs()):
            report = run_pipeline(args.input, args.warehouse, full=args.full, allow_removal=args.allow_removal,
                                  log_level="INFO" if args.verbose else "CRITICAL")
    except KeyboardInterrupt as exc:  # a signal before or after the job itself ran
        print(f"claimtrail run: stopped by {exc or 'SIGINT'}: nothing was published, the warehouse is as it was",
              file=sys.stderr)
        return 130
    c, ch = report.counts, report.changes
    print(f"claimtrail run {report.run_id}")
    print(f"  input {args.input} -> warehouse {args.warehouse}")
    if ch:
        print(f"  files {ch.get('added', 0)} added, {ch.get('changed', 0)} changed, "
              f"{ch.get('unchanged', 0)} unchanged, "
              f"{ch.get('removed', 0)} removed; {ch.get('read', 0)} read ({ch.get('mode') or ch.get('outcome')})")
    if report.skipped:
        print(f"  skipped {sum(report.skipped.values())} entries of the input folder: "
              + ", ".join(f"{n} {SKIP_REASONS.get(r, r)}" for r, n in report.skipped.items()))
    if c:
        held = c.get("gate_quarantined", 0)
        staged = "staged by this run (not published): " if report.counts_staged else ""
        print(f"  {staged}documents {c.get('documents', 0)} ({c.get('quarantined', 0) - held} quarantined when "
              f"read, {held} by the gate), articles {c.get('articles', '-')}, paragraphs {c.get('paragraphs', '-')}, "
              f"removed spans {c.get('removed_spans', '-')}, claims {c.get('numeric_claims', '-')}")
    if report.unchanged:
        print("  nothing changed: the published warehouse is already up to date (no check needed)")
        return 0
    _print_checks(report)
    _print_quarantines(report)
    for f in report.failures:
        where = "" if f.step == "run" or f.what.lower().startswith(f.stage.lower()) else f"{f.stage}: "
        print(f"  error: {where}{f.what if args.verbose else one_line(f.what)}")
    for note in report.notes:
        print(f"  note: {note}")
    page = _report_page(args.warehouse, report.run_id)
    if page:
        print(f"  report {page}")
    if report.success:
        print(f"  published, {report.gate_quarantined} documents quarantined by the gate (not published; their "
              "rows are in the quarantine schema)" if report.gate_quarantined else "  published")
        return 0
    if report.failed_blocking:
        print("  to do: the report lists the offending rows of each failed rule; fix the input or the code, then "
              "run again")
    print("  NOT published: the previous warehouse is unchanged" if Path(args.warehouse).exists() else
          "  NOT published: nothing is published yet", file=sys.stderr)
    if report.interrupted:
        return 128 + signal.Signals[report.interrupted].value
    return 1


def _one_line() -> logging.Formatter:
    """A log record as one line: its message and the first line of its exception (the system's complaint first),
    no traceback; a record a Dask worker forwarded carries its exception as text, and gets its last line."""
    from pipelines.runner import first_line
    from pipelines.worker_logs import OneLine

    return OneLine(first_line)


@contextmanager
def _one_line_logs() -> Iterator[None]:
    """Our own warnings (a document that could not be cleaned) as one line each, tracebacks only with --verbose."""
    logger = logging.getLogger("pipelines")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_one_line())
    handler.setLevel(logging.WARNING)
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved


def one_line(text: str, limit: int = 600) -> str:
    """A message on one line, whole up to `limit` characters, else cut after its last full sentence."""
    text = " ".join(part.strip() for part in text.splitlines() if part.strip())
    if len(text) <= limit:
        return text
    cut = text.rfind(". ", 0, limit)
    return (text[:cut + 1] if cut > 0 else text[:limit] + "…") + " (--verbose for the rest)"


def _print_checks(report) -> None:
    """The checks run, what they found, and how many of the suites' checks were not run (skipped)."""
    from pipelines.quality.suites import load_suites

    ran = len(report.checks)
    if not ran and not report.not_run:
        return
    total = ran + len(report.not_run)
    passed = sum(1 for x in report.checks if x.passed)
    warned = [x for x in report.checks if not x.passed and x.severity != "ERROR" and not x.quarantined]
    line = (f"  checks {ran} of {total} run: {passed} passed, {len(report.failed_blocking)} failed (blocking), "
            f"{len(report.quarantining)} quarantining, {len(warned)} warnings")
    if report.not_run or not report.success:  # a failed run always says it, 0 included
        why = " (skipped: the run stopped before the quality gate)" if not ran else " (skipped)"
        line += f"; {len(report.not_run)} not run{why}"
    print(line)
    rules = {(s.table, r.name): r for s in load_suites() for r in s.rules}
    for x in report.failed_blocking:
        rule = rules.get((x.table, x.name))
        of = f" of {x.element_count}" if x.element_count else ""
        print(f"    FAILED {x.table}.{x.name}: {x.unexpected} unexpected rows{of}"
              + (f" ({rule.description})" if rule else ""))
    for x in report.quarantining:
        print(f"    quarantine {x.table}.{x.name}: {x.quarantined} documents")
    for x in warned:
        print(f"    warn   {x.table}.{x.name}: {x.unexpected} unexpected rows")
    if ran and report.not_run:
        shown = report.not_run[:10]
        print(f"    not run: {', '.join(shown)}" + (f" and {len(report.not_run) - 10} more" if len(report.not_run) > 10
                                                   else ""))


def _print_quarantines(report, shown: int = 20) -> None:
    """This run's quarantined documents: the gate's with their reasons, counted apart from those set aside when
    read (empty, binary, nothing but boilerplate)."""
    if not (report.gate_quarantined or report.input_quarantined):
        return
    print(f"  quarantined in this run: {report.gate_quarantined} by the gate, {report.input_quarantined} when read "
          "or cleaned")
    for source_file, reason in report.gate_quarantines[:shown]:
        print(f"    {source_file}: {reason}")
    if report.gate_quarantined > shown:
        print(f"    ... and {report.gate_quarantined - shown} more (the report, or quarantine.failures)")


def _report_page(warehouse_file: str, run_id: str) -> str | None:
    """The run's quality report page, when the check step wrote one."""
    from pipelines.quality.report import page_name, reports_folder

    page = reports_folder(warehouse_file) / page_name(run_id)
    return str(page) if page.exists() else None


def _snapshot(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines import warehouse

    if not Path(args.warehouse).is_file():
        print(f"claimtrail snapshot: no warehouse at {args.warehouse}: run `claimtrail run` first, or name one "
              "with --warehouse", file=sys.stderr)
        return 1
    try:
        warehouse.snapshot(args.warehouse, args.to, settings.lock_wait())
    except (FileExistsError, warehouse.WarehouseLocked) as exc:
        print(f"claimtrail snapshot: {exc}", file=sys.stderr)
        return 1
    except (duckdb.Error, OSError) as exc:
        print(f"claimtrail snapshot: could not copy {args.warehouse} to {args.to}: "
              f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 1
    print(f"{args.warehouse} copied to {args.to}: query it as long as you like, runs are not blocked")
    return 0


def _claims(_args: argparse.Namespace) -> int:
    from pipelines.core import claims

    records = getattr(claims, "claims_as_records", None)
    for line in sys.stdin:
        text = line.rstrip("\n")
        found = records(text) if records else [c.__dict__ for c in claims.extract_claims(text)]
        print(json.dumps({"text": text, "claims": found}, ensure_ascii=False))
    return 0


def _show(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines import warehouse
    from pipelines.pages.load import UnknownDocument, write_page

    try:
        page = write_page(args.warehouse, args.source_file, args.out, settings.lock_wait())
    except UnknownDocument as exc:
        print(f"claimtrail show: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, warehouse.WarehouseLocked) as exc:
        print(f"claimtrail show: {exc}", file=sys.stderr)
        return 1
    except (duckdb.Error, OSError) as exc:
        print(f"claimtrail show: could not read {args.warehouse}: "
              f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 1
    print(page)
    return 0


def ui_command(args: argparse.Namespace) -> tuple[list[str], dict[str, str], Path]:
    """The `dagster dev` command line, environment and folder that serve the UI for one warehouse."""
    env = dict(os.environ)
    env["CLAIMTRAIL_INPUT"] = str(Path(args.input).resolve())
    env["CLAIMTRAIL_WAREHOUSE"] = str(Path(args.warehouse).resolve())
    saved = os.environ.get("DAGSTER_HOME")
    try:
        env["DAGSTER_HOME"] = str(settings.ensure_dagster_home(args.warehouse))
    finally:  # leave this process's environment as it was
        if saved is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = saved
    root = settings.project_root()
    where = ["-w", str(root / "workspace.yaml")] if root else ["-m", "pipelines.definitions"]
    dagster = Path(sys.executable).with_name("dagster")
    command = [str(dagster) if dagster.exists() else "dagster", "dev", *where, "-h", args.host, "-p", str(args.port)]
    return command, env, root or Path.cwd()


def _ui(args: argparse.Namespace) -> int:
    command, env, folder = ui_command(args)
    print(f"Dagster UI on http://{args.host}:{args.port} for {env['CLAIMTRAIL_WAREHOUSE']} "
          f"(instance {env['DAGSTER_HOME']})", flush=True)
    try:
        os.chdir(folder)
        os.execvpe(command[0], command, env)  # dagster dev itself: Ctrl-C and signals reach it unwrapped
    except OSError as exc:
        print(f"claimtrail ui: could not start dagster: {exc}", file=sys.stderr)
    return 1


def _version() -> str:
    try:
        return metadata.version("claimtrail")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _command(sub, name: str, text: dict[str, str]) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=text["help"], description=text["description"], epilog=text["epilog"],
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def _warehouse_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", default=settings.warehouse_path(), metavar="FILE",
                        help="the published warehouse file (default: %(default)s; CLAIMTRAIL_WAREHOUSE)")


def build_parser() -> argparse.ArgumentParser:
    """The command line: every subcommand with its description, examples, environment and exit codes."""
    parser = argparse.ArgumentParser(prog=cli_help.PROG, description=cli_help.MAIN["description"],
                                     epilog=cli_help.MAIN["epilog"],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = _command(sub, "run", cli_help.RUN)
    run.add_argument("--input", default=settings.input_dir(), metavar="DIR",
                     help="the input folder (default: %(default)s; CLAIMTRAIL_INPUT)")
    _warehouse_option(run)
    run.add_argument("--full", action="store_true",
                     help="read every file again and rebuild every table (default: only new and changed files)")
    run.add_argument("--allow-removal", action="store_true",
                     help="let the run remove more than CLAIMTRAIL_MAX_REMOVAL (default half) of the published "
                          "documents, or all of them when the input folder is empty or missing (default: refuse)")
    run.add_argument("--verbose", action="store_true",
                     help="print Dagster's log of the run and the full error of a failed step, tracebacks included")
    run.set_defaults(func=_run)
    show = _command(sub, "show", cli_help.SHOW)
    show.add_argument("source_file", metavar="SOURCE_FILE", help="the document's source_file")
    _warehouse_option(show)
    show.add_argument("--out", metavar="PATH",
                      help="where to write the page, a file or a folder (default: pages/ next to the warehouse)")
    show.set_defaults(func=_show)
    snap = _command(sub, "snapshot", cli_help.SNAPSHOT)
    snap.add_argument("to", metavar="NEW_FILE", help="the new file (must not exist)")
    _warehouse_option(snap)
    snap.set_defaults(func=_snapshot)
    claims = _command(sub, "claims", cli_help.CLAIMS)
    claims.set_defaults(func=_claims)
    ui = _command(sub, "ui", cli_help.UI)
    ui.add_argument("--input", default=settings.input_dir(), metavar="DIR",
                    help="the input folder (default: %(default)s; CLAIMTRAIL_INPUT)")
    _warehouse_option(ui)
    ui.add_argument("--host", default="127.0.0.1", help="address to serve on (default: %(default)s)")
    ui.add_argument("--port", type=int, default=3000, help="port (default: %(default)s)")
    ui.set_defaults(func=_ui)
    return parser


# below this many free bytes a storage error (sqlite's "disk I/O error", DuckDB's failed writes) is a full disk
FULL_DISK_BYTES = 1 << 20


def full_disk(args: argparse.Namespace) -> str | None:
    """The folder of the warehouse or of its Dagster instance that has (almost) no space left, if one has."""
    warehouse = getattr(args, "warehouse", None)
    folders = [Path(warehouse).resolve().parent] if warehouse else []
    if os.environ.get("DAGSTER_HOME"):
        folders.append(Path(os.environ["DAGSTER_HOME"]))
    for folder in folders:
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            continue  # a folder not made yet: its parent's turn comes with the warehouse's
        if free < FULL_DISK_BYTES:
            return f"{folder} ({free:,} bytes free)"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except Exception as exc:  # a failure outside any step (a warehouse folder that cannot be made, ...)
        if getattr(args, "verbose", False):
            raise
        from pipelines.runner import first_line

        full = full_disk(args)
        if full:  # Dagster's own storage failing on a full disk says only "disk I/O error": name the cause
            print(f"error: No space left on device: {full}; the published warehouse is unchanged. Free space there "
                  f"and run again ({first_line(exc)})")
        print(f"claimtrail {args.command}: error: {first_line(exc)} (--verbose for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
