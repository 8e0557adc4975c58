"""Asset checks: one per expectation of the suites in expectations/, blocking when its severity is error."""


from datetime import UTC, datetime

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import warehouse as store
from pipelines.quality import gate
from pipelines.quality.suites import ERROR, Suite, load_suites


def _check_result(suite: Suite, outcome: gate.Outcome) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=suite.table, check_name=outcome.rule, passed=outcome.success,
        severity=dg.AssetCheckSeverity.ERROR if outcome.severity == ERROR else dg.AssetCheckSeverity.WARN,
        description=outcome.description,
        metadata={
            "unexpected_count": outcome.unexpected_count, "element_count": outcome.element_count,
            "severity": outcome.severity, "offending_rows": dg.MetadataValue.json(outcome.sample),
            **({"error": outcome.error} if outcome.error else {}),
        },
    )


def suite_check(suite: Suite) -> dg.AssetChecksDefinition:
    """A multi-asset check running one suite; each rule is its own (blocking when error) check."""
    specs = [
        dg.AssetCheckSpec(rule.name, asset=suite.table, description=rule.description,
                          blocking=rule.severity == ERROR)
        for rule in suite.rules
    ]

    @dg.multi_asset_check(name=f"{suite.name}_suite", specs=specs, compute_kind="great_expectations")
    def _check(context: dg.AssetCheckExecutionContext, staging: DuckDBResource, warehouse: DuckDBResource):
        with staging.get_connection() as con:
            outcomes = gate.run_suite(con, suite)
            gate.record_gate(con, context.run.run_id, suite, outcomes)
        with warehouse.get_connection() as con:
            store.record_quality(con, gate.quality_rows(context.run.run_id, datetime.now(UTC), outcomes))
        for outcome in outcomes:
            if not outcome.success:
                context.log.warning(f"{suite.name}.{outcome.rule} ({outcome.severity}) failed: "
                                    f"{outcome.unexpected_count} unexpected {outcome.sample[:2]}")
            yield _check_result(suite, outcome)

    return _check


quality_checks = [suite_check(s) for s in load_suites()]
