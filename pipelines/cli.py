"""The `claimtrail` command: `run` the job in-process, or try the claim finder with `claims`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from pipelines import settings


def _run(args: argparse.Namespace) -> int:
    settings.ensure_dagster_home()
    from pipelines.runner import run_pipeline  # imports Dagster: only when running

    report = run_pipeline(args.input, args.warehouse, full=args.full)
    c, ch = report.counts, report.changes
    print(f"claimtrail run {report.run_id}")
    print(f"  input {args.input} -> warehouse {args.warehouse}")
    if ch:
        print(f"  files {ch.get('added', 0)} added, {ch.get('changed', 0)} changed, "
              f"{ch.get('unchanged', 0)} unchanged, "
              f"{ch.get('removed', 0)} removed; {ch.get('read', 0)} read ({ch.get('mode') or ch.get('outcome')})")
    if c:
        held = c.get("gate_quarantined", 0)
        print(f"  documents {c.get('documents', 0)} ({c.get('quarantined', 0) - held} quarantined when read, "
              f"{held} by the gate), articles {c.get('articles', 0)}, paragraphs {c.get('paragraphs', 0)}, "
              f"removed spans {c.get('removed_spans', 0)}, claims {c.get('numeric_claims', 0)}")
    if report.unchanged:
        print("  nothing changed: the published warehouse is already up to date (no check needed)")
        return 0
    passed = sum(1 for x in report.checks if x.passed)
    warned = [x for x in report.checks if not x.passed and x.severity != "ERROR" and not x.quarantined]
    print(f"  checks {len(report.checks)}: {passed} passed, {len(report.failed_blocking)} failed (blocking), "
          f"{len(report.quarantining)} quarantining, {len(warned)} warnings")
    for x in report.failed_blocking:
        print(f"    FAILED {x.table}.{x.name}: {x.unexpected} unexpected rows")
    for x in report.quarantining:
        print(f"    quarantine {x.table}.{x.name}: {x.quarantined} documents")
    for x in warned:
        print(f"    warn   {x.table}.{x.name}: {x.unexpected} unexpected rows")
    _print_quarantines(report)
    for e in report.errors:
        print(f"  error: {e.splitlines()[0] if e else e}")
    page = _report_page(args.warehouse, report.run_id)
    if page:
        print(f"  report {page}")
    if report.success:
        print(f"  published, {report.gate_quarantined} documents quarantined by the gate (not published; their "
              "rows are in the quarantine schema)" if report.gate_quarantined else "  published")
        return 0
    print("  NOT published: the previous warehouse is unchanged", file=sys.stderr)
    return 1


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
    run.set_defaults(func=_run)
    snap = sub.add_parser("snapshot", help="copy the published warehouse to a new file for long query sessions")
    snap.add_argument("to", help="the new file (must not exist)")
    snap.add_argument("--warehouse", default=settings.warehouse_path(), help="warehouse file (default: %(default)s)")
    snap.set_defaults(func=_snapshot)
    claims = sub.add_parser("claims", help="read passages (one per line) on stdin, print their claims as JSON lines")
    claims.set_defaults(func=_claims)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
