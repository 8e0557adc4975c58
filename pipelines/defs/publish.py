"""The publish step: staged tables copied to the published warehouse in one transaction, if the gate allows."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines import warehouse as store
from pipelines.quality.gate import publish_blockers
from pipelines.quality.suites import load_suites

PUBLISHED = ("documents", "articles", "paragraphs", "removed_spans", "metadata_spans", "numeric_claims")


class GateClosed(dg.Failure):
    """Publishing refused: the latest checks on the staged tables did not all pass."""


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["published", name], deps=[name], kinds={"duckdb"},
                     description=f"The published {name} table, replaced only by a run whose checks passed.")
        for name in PUBLISHED
    ],
    group_name="published",
)
def published_tables(context: dg.AssetExecutionContext, staging: DuckDBResource, warehouse: DuckDBResource):
    """Publish the staged tables atomically, refusing unless every blocking check passed on exactly them."""
    with staging.get_connection() as con:
        blockers = publish_blockers(con, load_suites())
        counts = store.row_counts(con)
    if blockers:
        raise GateClosed(
            description="publishing blocked by the quality gate: " + "; ".join(blockers),
            metadata={"blockers": dg.MetadataValue.json(blockers)},
        )
    staging_file = settings.staging_path(warehouse.database)
    with warehouse.get_connection() as con:
        store.publish(con, staging_file, context.run.run_id)
    for name in PUBLISHED:
        yield dg.MaterializeResult(asset_key=["published", name], metadata={"dagster/row_count": counts[name]})
