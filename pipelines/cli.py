"""The `claimtrail` command: `run` the job in-process, or try the claim finder with `claims`."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence

from pipelines import settings
from pipelines.inputs import SKIP_REASONS


def _run(args: argparse.Namespace) -> int:
    settings.ensure_dagster_home()
    from pipelines.runner import run_pipeline  # imports Dagster: only when running

    try:
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
        staged = "staged by this run (not published): " if report.counts_staged else ""
        print(f"  {staged}documents {c.get('documents', 0)} ({c.get('quarantined', 0)} quarantined), "
              f"articles {c.get('articles', '-')}, paragraphs {c.get('paragraphs', '-')}, "
              f"removed spans {c.get('removed_spans', '-')}, claims {c.get('numeric_claims', '-')}")
    if report.unchanged:
        print("  nothing changed: the published warehouse is already up to date (no check needed)")
        return 0
    if report.checks:
        passed = sum(1 for x in report.checks if x.passed)
        warned = [x for x in report.checks if not x.passed and x.severity != "ERROR"]
        print(f"  checks {len(report.checks)}: {passed} passed, {len(report.failed_blocking)} failed (blocking), "
              f"{len(warned)} warnings")
        for x in report.failed_blocking:
            print(f"    FAILED {x.table}.{x.name}: {x.unexpected} unexpected rows")
        for x in warned:
            print(f"    warn   {x.table}.{x.name}: {x.unexpected} unexpected rows")
    for e in report.errors:
        print(f"  error: {e if args.verbose else e.splitlines()[0]}")
    page = _report_page(args.warehouse, report.run_id)
    if page:
        print(f"  report {page}")
    if report.success:
        print("  published")
        return 0
    print("  NOT published: the previous warehouse is unchanged", file=sys.stderr)
    if report.interrupted:
        return 128 + signal.Signals[report.interrupted].value
    return 1


def _report_page(warehouse_file: str, run_id: str) -> str | None:
    """The run's quality report page, when the check step wrote one."""
    from pipelines.quality.report import page_name, reports_folder

    page = reports_folder(warehouse_file) / page_name(run_id)
    return str(page) if page.exists() else None


def _snapshot(args: argparse.Namespace) -> int:
    from pipelines import warehouse

    try:
        warehouse.snapshot(args.warehouse, args.to, settings.lock_wait())
    except (FileExistsError, warehouse.WarehouseLocked) as exc:
        print(f"claimtrail snapshot: {exc}", file=sys.stderr)
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = argparse.ArgumentParser(prog="claimtrail", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest, clean, extract claims, check and publish")
    run.add_argument("--input", default=settings.input_dir(), help="input folder (default: %(default)s)")
    run.add_argument("--warehouse", default=settings.warehouse_path(), help="warehouse file (default: %(default)s)")
    run.add_argument("--full", action="store_true",
                     help="read every file again and rebuild every table (default: only new and changed files)")
    run.add_argument("--allow-removal", action="store_true",
                     help="let the run remove more than CLAIMTRAIL_MAX_REMOVAL (default half) of the published "
                          "documents, or all of them when the input folder is empty or missing (default: refuse)")
    run.add_argument("--verbose", action="store_true",
                     help="print Dagster's log of the run and the full error of a failed step, tracebacks included")
    run.set_defaults(func=_run)
    snap = sub.add_parser("snapshot", help="copy the published warehouse to a new file for long query sessions")
    snap.add_argument("to", help="the new file (must not exist)")
    snap.add_argument("--warehouse", default=settings.warehouse_path(), help="warehouse file (default: %(default)s)")
    snap.set_defaults(func=_snapshot)
    claims = sub.add_parser("claims", help="read passages (one per line) on stdin, print their claims as JSON lines")
    claims.set_defaults(func=_claims)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Exception as exc:  # a failure outside any step (a warehouse folder that cannot be made, ...)
        if getattr(args, "verbose", False):
            raise
        from pipelines.runner import first_line

        print(f"claimtrail {args.command}: error: {first_line(exc)} (--verbose for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
