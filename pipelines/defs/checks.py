"""Asset checks: one per expectation of the suites in expectations/, blocking when its severity is error."""


from datetime import UTC, datetime

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import warehouse as store
from pipelines.quality import gate, report
from pipelines.quality.suites import ERROR, Suite, load_suites


def _check_result(suite: Suite, outcome: gate.Outcome) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=suite.table, check_name=outcome.rule, passed=outcome.success,
        severity=dg.AssetCheckSeverity.ERROR if outcome.severity == ERROR else dg.AssetCheckSeverity.WARN,
        description=outcome.description,
        metadata={
            "success": outcome.success, "unexpected_count": outcome.unexpected_count,
            "element_count": outcome.element_count, "severity": outcome.severity, "suite": suite.name,
            "offending_rows": dg.MetadataValue.json(outcome.sample),
            "offending_rows_table": dg.MetadataValue.md(report.markdown_sample(outcome.sample)),
            **({"error": outcome.error} if outcome.error else {}),
        },
    )


def suite_check(suite: Suite) -> dg.AssetChecksDefinition:
    """A multi-asset check running one suite; each rule is its own (blocking when error) check."""
    specs = [
        dg.AssetCheckSpec(rule.name, asset=suite.table, description=f"[{rule.severity}] {rule.description}",
                          blocking=rule.severity == ERROR)
        for rule in suite.rules
    ]

    @dg.multi_asset_check(name=f"{suite.name}_suite", specs=specs, compute_kind="great_expectations")
    def _check(context: dg.AssetCheckExecutionContext, staging: DuckDBResource, warehouse: DuckDBResource):
        run_id = context.run.run_id
        published = None
        if gate.needs_published_counts(suite):
            with warehouse.get_connection() as con:
                published = gate.published_counts(con)
        with staging.get_connection() as con:
            outcomes = gate.run_suite(con, suite, published)
            gate.record_gate(con, run_id, suite, outcomes)
        with warehouse.get_connection() as con:
            store.record_quality(con, gate.quality_rows(run_id, datetime.now(UTC), outcomes))
            results = report.run_results(con, run_id)
            runs = report.recent_runs(con)
        try:
            # the run's page is rewritten after each suite, so it is current whichever check ran last
            page = report.write_report(report.reports_folder(warehouse.database), run_id, results, load_suites(), runs)
            context.log.info(f"quality report: {page}")
        except OSError as exc:
            context.log.warning(f"could not write the quality report: {exc}")
        for outcome in outcomes:
            if not outcome.success:
                context.log.warning(f"{suite.name}.{outcome.rule} ({outcome.severity}) failed: "
                                    f"{outcome.unexpected_count} unexpected {outcome.sample[:2]}")
            yield _check_result(suite, outcome)

    return _check


quality_checks = [suite_check(s) for s in load_suites()]
