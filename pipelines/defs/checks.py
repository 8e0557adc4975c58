"""The quality gate as a staging asset, and one Dagster asset check per expectation of expectations/.

The gate (pipelines/quality/quarantine.py) runs every suite on the staged tables, quarantines the documents a
document rule names and checks what is left again; the checks show its outcome on each table, rule by rule. The
publish step, not Dagster's blocking, keeps a failed gate from publishing: it compares the content the gate
passed with what is staged, so it also refuses a run that selects only the publish step.
"""


from datetime import UTC, datetime

import dagster as dg

from pipelines import stages
from pipelines import warehouse as store
from pipelines.defs.assets import STAGING, TABLE_ROWS, _md_table, claim_staging, run_owner
from pipelines.defs.resources import LockAwareDuckDB
from pipelines.quality import gate, report
from pipelines.quality.quarantine import run_gate
from pipelines.quality.suites import ERROR, Rule, Suite, load_suites

GATE = "quality_gate"
STAGED = store.PUBLISHED_TABLES


@dg.asset(
    name=GATE, deps=list(STAGED), group_name=STAGING, kinds={"great_expectations", "duckdb"},
    output_required=False,
    description="The quality gate: document rules on the changed documents (the others passed before under the "
                "same suites and code), documents breaking one quarantined and checked again; run rules set-based "
                "over the whole warehouse.",
)
def quality_gate(context: dg.AssetExecutionContext, staging: LockAwareDuckDB,
                 warehouse: LockAwareDuckDB) -> dg.MaterializeResult:
    """Check the staged tables, quarantine the documents that break a document rule, check the rest again."""
    run_id, suites_version = context.run.run_id, stages.suites_version()
    with warehouse.get_connection() as con:
        counts = gate.published_counts(con)
        published = store.published_state(con)
    # with other suites than the published rows were checked with, every staged document is checked afresh
    all_checked = published.last_run_id is not None and published.suites_version != suites_version
    with staging.get_connection() as con:
        claim_staging(context, con)
        verdict = run_gate(con, load_suites(), run_id, run_owner(context), published=counts,
                           all_checked=all_checked, suites_version=suites_version,
                           engine_version=stages.engine_version())
        summary = report.gate_summary(con, warehouse.database, load_suites())  # counts for the report
    with warehouse.get_connection() as con:
        store.record_quality(con, gate.quality_rows(run_id, datetime.now(UTC), verdict.outcomes))
        results = report.run_results(con, run_id)
        runs = report.recent_runs(con)
    quarantines = report.Quarantines(verdict.quarantined, verdict.input_quarantined)
    try:
        page = report.write_report(report.reports_folder(warehouse.database), run_id, results, load_suites(), runs,
                                   quarantines, summary)
        context.log.info(f"quality report: {page}")
    except OSError as exc:
        context.log.warning(f"could not write the quality report: {exc}")
    context.log.info(f"gate: document rules on {verdict.documents_checked} documents "
                     f"({verdict.documents_carried} carried over, unchanged since they passed); seconds by phase "
                     f"{verdict.seconds}")
    if verdict.quarantined:  # one log event for all: each event is a write to Dagster's event log
        context.log.warning(f"the gate quarantined {len(verdict.quarantined)} documents: "
                            + "; ".join(f"{f}: {r}" for f, _, r in verdict.quarantined[:TABLE_ROWS]))
    for o in verdict.blocking:
        context.log.error(f"{o.suite}.{o.rule} blocks publishing: {gate.failure_message(o)} {o.sample[:2]}")
    held = [(f, r) for f, _, r in verdict.quarantined]
    return dg.MaterializeResult(metadata={
        "passed": verdict.passed,
        "gate_quarantined": len(verdict.quarantined),
        "input_quarantined": len(verdict.input_quarantined),
        # document rules ran on the changed documents only; the others passed before under these suites and code
        "documents_validated": verdict.documents_checked,
        "documents_carried": verdict.documents_carried,
        "gate_seconds": dg.MetadataValue.json(verdict.seconds),
        "gate_quarantines": dg.MetadataValue.json([{"source_file": f, "reason": r} for f, r in held[:200]]),
        "gate_quarantines_table": _md_table(("file", "reason"), held[:TABLE_ROWS], max(0, len(held) - TABLE_ROWS)),
        "blocking": dg.MetadataValue.json([f"{o.suite}.{o.rule}: {gate.failure_message(o)}"
                                           for o in verdict.blocking]),
        "content_fingerprint": verdict.fingerprint[:64],
    })


def _check_result(suite: Suite, rule: Rule, success: bool, unexpected: int, details: dict,
                  quarantined: int) -> dg.AssetCheckResult:
    held = details.get("quarantined_documents") or []
    sample = details.get("sample") or []
    failed = not success
    severity = ERROR if failed and rule.severity == ERROR else "warn"
    return dg.AssetCheckResult(
        asset_key=suite.table, check_name=rule.name, passed=success and not quarantined,
        severity=dg.AssetCheckSeverity.ERROR if severity == ERROR else dg.AssetCheckSeverity.WARN,
        description=(f"quarantined {quarantined} documents; the rest passes. " if quarantined and success else "")
        + rule.description,
        metadata={
            "success": success, "unexpected_count": unexpected,
            "element_count": details.get("element_count", 0), "severity": rule.severity, "scope": rule.scope,
            "suite": suite.name, "quarantined_documents": quarantined,
            "offending_rows": dg.MetadataValue.json(sample),
            "offending_rows_table": dg.MetadataValue.md(report.markdown_sample(sample)),
            **({"quarantined": dg.MetadataValue.md(report.markdown_sample(held))} if held else {}),
            **({"error": details["error"]} if details.get("error") else {}),
        },
    )


def _specs(suite: Suite) -> list[dg.AssetCheckSpec]:
    return [dg.AssetCheckSpec(rule.name, asset=suite.table, additional_deps=[GATE],
                              description=f"[{rule.severity}, {rule.scope}] {rule.description}")
            for rule in suite.rules]


def _fallback(context: dg.AssetCheckExecutionContext, staging: LockAwareDuckDB, suite: Suite,
              published: dict | None) -> dict[str, report.Result]:
    """The gate did not run in this run (the checks were launched on their own): the staged tables as they are."""
    context.log.info(f"no gate result in this run: checking {suite.name} on the staged tables as they are")
    found = {}
    with staging.get_connection() as con:
        for o in gate.run_suite(con, suite, published, {"run_id": run_owner(context)}):
            found[o.rule] = report.Result(o.suite, o.rule, o.severity, o.success, o.unexpected_count,
                                          details={"element_count": o.element_count, "sample": o.sample,
                                                   "error": o.error})
    return found


def gate_checks(suites: tuple[Suite, ...]) -> dg.AssetChecksDefinition:
    """One multi-asset check showing every suite's outcome in the gate of this run, each rule as its own check on
    its suite's table. One step, not one per suite: a step costs more than reading its results on a small change."""

    @dg.multi_asset_check(name="quality_suite", specs=[spec for suite in suites for spec in _specs(suite)],
                          compute_kind="great_expectations", can_subset=True)
    def _check(context: dg.AssetCheckExecutionContext, staging: LockAwareDuckDB, warehouse: LockAwareDuckDB):
        selected = {(k.asset_key.to_user_string(), k.name) for k in context.selected_asset_check_keys}
        wanted = [s for s in suites if any((s.table, r.name) in selected for r in s.rules)]
        with warehouse.get_connection() as con:
            store.ensure_schema(con)
            results = report.run_results(con, context.run.run_id)
            counts = gate.published_counts(con) if not results else None
        for suite in wanted:
            found = {r.expectation: r for r in results if r.suite == suite.name}
            if not found:
                found = _fallback(context, staging, suite, counts if gate.needs_published_counts(suite) else None)
            for rule in suite.rules:
                r = found.get(rule.name)
                if r is None or (suite.table, rule.name) not in selected:
                    continue
                if not r.success:
                    context.log.warning(f"{suite.name}.{rule.name} ({rule.severity}) failed: {r.unexpected_count} "
                                        f"unexpected {(r.details.get('sample') or [])[:2]}")
                yield _check_result(suite, rule, r.success, r.unexpected_count, r.details, r.quarantined)

    return _check


quality_checks = [gate_checks(load_suites())]
