"""The publish step: the published tables made equal to the staged ones in one transaction, if the gate allows."""


import dagster as dg
import duckdb

from pipelines import engine, settings, stages
from pipelines import warehouse as store
from pipelines.defs.checks import GATE
from pipelines.defs.columns import table_metadata
from pipelines.defs.ownership import claim_staging, run_owner
from pipelines.defs.resources import LockAwareDuckDB
from pipelines.quality.gate import clearance
from pipelines.quality.suites import load_suites

PUBLISHED = store.PUBLISHED_TABLES


class GateClosed(dg.Failure):
    """Publishing refused: the gate's latest checks did not all pass, or not on exactly what is staged now."""


def _refuse(blockers: list[str]) -> GateClosed:
    return GateClosed(
        description="publishing blocked by the quality gate: " + "; ".join(blockers),
        metadata={"blockers": dg.MetadataValue.json(blockers)},
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["published", name], deps=[name, GATE], kinds={"duckdb"}, skippable=True,
                     metadata=table_metadata(name, "main"),
                     description=f"The published {name} table: what analysts query; changed only by a run whose "
                                 "gate passed on exactly the staged content.")
        for name in PUBLISHED
    ],
    group_name="published",
)
def published_tables(context: dg.AssetExecutionContext, staging: LockAwareDuckDB, warehouse: LockAwareDuckDB):
    """Publish the staged tables atomically, refusing unless every blocking rule passed on exactly them."""
    suites_version = stages.suites_version()
    with staging.get_connection() as con:
        state = claim_staging(context, con)
        cleared = clearance(con, load_suites(), suites_version)
        counts = store.row_counts(con)
    if cleared.blockers:
        raise _refuse(cleared.blockers)
    with warehouse.get_connection() as con:
        last = store.published_state(con).last_run_id
        # only the rows of documents that left or were read afresh move, when the staged tables extend exactly
        # what is published now; otherwise (a full rebuild, another run published meanwhile) everything is copied
        incremental = state.mode == "incremental" and last is not None and state.base_run_id == last
        try:
            with engine.counted_step("publish", store.publish_statements(incremental), "statements") as advance:
                moved = store.publish(con, settings.staging_path(warehouse.database), context.run.run_id,
                                      incremental=incremental, engine_version=stages.engine_version(),
                                      suites_version=suites_version, wait=warehouse.lock_wait,
                                      expected=cleared.fingerprint, owner=run_owner(context), progress=advance)
        except store.StagedContentChanged as exc:
            raise _refuse([str(exc)]) from exc
    try:
        with staging.get_connection() as con:
            store.set_sync_state(con, store.SyncState(context.run.run_id, run_owner(context), False, state.mode))
    except (duckdb.Error, store.WarehouseLocked) as exc:
        # the publish is committed: a full disk here must not report it as not published. The stale sync state
        # is safe: its base is not the last publish, so the next run rebuilds staging from the published tables
        context.log.warning(f"published, but could not mark the staging tables as published ({exc}); the next "
                            "run rebuilds them from the published tables")
    context.log.info(f"published ({'incremental' if incremental else 'full'}): {moved['added']} added, "
                     f"{moved['changed']} changed, {moved['removed']} document versions removed, "
                     f"{counts['gate_quarantined']} documents quarantined by the gate")
    for name in PUBLISHED:
        extra = {"mode": "incremental" if incremental else "full"}
        if name == "documents":
            extra |= {"documents_added": moved["added"], "documents_changed": moved["changed"],
                      "documents_removed": moved["removed"], "quarantined": counts["quarantined"],
                      "gate_quarantined": counts["gate_quarantined"]}
        yield dg.MaterializeResult(asset_key=["published", name],
                                   metadata={"dagster/row_count": counts[name], **extra})
