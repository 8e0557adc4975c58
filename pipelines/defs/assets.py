"""Staging assets: input files -> documents -> articles, paragraphs, spans -> numeric_claims.

The staged tables always hold the complete would-be published result: the rows of unchanged documents as they
are published, plus the rows of the documents this run reads afresh (new or changed files), minus deleted files.
So the quality gate checks the whole result while the work follows the size of the change. When nothing changed,
`documents` materializes nothing and the rest of the run is skipped.
"""


from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
from pydantic import Field

from pipelines import preload, stages
from pipelines import staging as staged
from pipelines import warehouse as store
from pipelines.defs.columns import table_metadata
from pipelines.defs.ownership import claim_staging, run_owner
from pipelines.defs.resources import InputFolder, LockAwareDuckDB
from pipelines.stages import stream

STAGING = "staging"
PREVIEW_ARTICLES = 3
PREVIEW_CHARS = 400
TABLE_ROWS = 20

input_files = dg.AssetSpec(
    "input_files", description="Raw files in the input folder (text, Markdown, HTML, gzipped or not).",
    group_name="sources", kinds={"folder"},
)


def _meta(table: str) -> dict:
    return table_metadata(table, "staging")


class DocumentsConfig(dg.Config):
    """How much of the input folder a run reads, and how much of the published warehouse it may remove."""

    full: bool = Field(False, description="Read every file again and rebuild every table (a full rebuild).")
    allow_removal: bool = Field(
        False, description="Let the run remove more than CLAIMTRAIL_MAX_REMOVAL (default 0.5) of the published "
                           "documents, or all of them when the input folder is empty or missing. Without it such a "
                           "run refuses, saying what it would remove (an unmounted folder must not wipe the "
                           "warehouse).")


def _md_table(header: tuple[str, ...], rows: list[tuple], more: int = 0) -> dg.MetadataValue:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(v).replace("|", "\\|").replace("\n", " ") for v in r) + " |" for r in rows]
    if more:
        lines.append(f"\n… and {more} more")
    return dg.MetadataValue.md("\n".join(lines))


@dg.asset(
    deps=[input_files], group_name=STAGING, kinds={"duckdb", "python"}, output_required=False,
    metadata=_meta("documents"),
    description="One row per input file: bytes kept, text decoded, bad files quarantined; only new or changed "
                "files are read again.",
)
def documents(context: dg.AssetExecutionContext, config: DocumentsConfig, input_folder: InputFolder,
              staging: LockAwareDuckDB, warehouse: LockAwareDuckDB) -> Iterator[dg.MaterializeResult]:
    """Compare the input folder with the published documents by content hash and stage the difference.

    Refuses (nothing changed) when it would remove more than CLAIMTRAIL_MAX_REMOVAL of the published documents, or
    all of them from an empty or missing folder, unless config.allow_removal. Time linear in the folder's bytes;
    memory: ids and names per file, plus one batch of files (pipelines.stages.batches) read and staged at a time.
    """
    root = input_folder.root()
    # a small change is read and cleaned in this process: its first document's imports and models load meanwhile
    preload.call_in_background(stages.READERS, stages.warm_in_process)
    with warehouse.get_connection() as con:
        published = store.published_state(con)
    with staging.get_connection() as con:
        store.ensure_staging(con)
        # a published file whose size, times and inode are as when it was last read is not read again
        known = staged.known_signatures(con)   # a full rebuild reads every file, and renews them
        try:
            run = staged.plan_run(root, published, full=config.full, allow_removal=config.allow_removal,
                                  known=known)
        except staged.Refused as exc:
            raise dg.Failure(description=exc.description, metadata=exc.metadata) from None
        del known
        plan, full = run.plan, run.full
        counts = plan.counts()
        skipped = {"skipped_by_reason": dg.MetadataValue.json(plan.skipped_counts())} if plan.skipped else {}
        if plan.skipped:  # one log event, not one per file
            context.log.warning(f"{len(plan.skipped)} entries of {root} not read: "
                                + "; ".join(f"{s.source_file}: {s.describe()}" for s in plan.skipped[:TABLE_ROWS]))
        if run.skip:
            staged.keep_signatures(con, plan)   # a file touched but not changed: its new signature
            context.log.info(f"nothing changed in {root}: {counts['unchanged']} files as published, nothing to do")
            context.log_event(dg.AssetObservation(asset_key="documents", metadata={
                **counts, **skipped, "input_folder": str(root), "outcome": "nothing changed: run skipped"}))
            return
        quarantined: list[tuple[str, str]] = []
        read = {"bytes": 0}
        when = datetime.now(UTC)  # one ingest time for the run (near_duplicates' canonical rule reads it)

        def batches() -> Iterator:
            # read, decode and stage a bounded batch of files at a time: what the log and metadata need is kept,
            # the Python documents go once their Arrow rows are made
            # in the order the cleaning step reads them: each step's input then lies in consecutive rowids
            for files in stages.file_batches(sorted(plan.fresh, key=lambda f: f.source_file)):
                docs = stages.read_fresh(files, plan.root)
                quarantined.extend((d.source_file, d.quarantine_reason) for d in docs if d.quarantine_reason)
                read["bytes"] += sum(d.byte_size for d in docs)
                rows = stages.document_rows(docs, when)
                del docs
                yield rows

        state = claim_staging(context, con)
        staged.keep_signatures(con, plan)
        copy = staged.stage_documents(con, plan, batches(), state=state, last_run_id=published.last_run_id,
                                      owner=run_owner(context), full=full, warehouse=warehouse.database,
                                      lock_wait=warehouse.lock_wait)
        total = store.row_counts(con)
    plan.drop_bytes()
    yield _documents_result(context, run, total, copy, quarantined, read["bytes"], root, skipped)


def _documents_result(context: dg.AssetExecutionContext, run: staged.RunPlan, total: dict[str, int], copy: bool,
                      quarantined: list[tuple[str, str]], bytes_read: int, root: Path, skipped: dict
                      ) -> dg.MaterializeResult:
    """The documents step's log lines and metadata: counts, mode, changed, quarantined and skipped files."""
    plan, full, why, counts = run.plan, run.full, run.why, run.plan.counts()
    if quarantined:  # one log event, not one per file: each event is a write to Dagster's event log
        context.log.warning(f"{len(quarantined)} files quarantined: "
                            + "; ".join(f"{n}: {r}" for n, r in quarantined[:TABLE_ROWS]))
    if plan.duplicates:  # same bytes as another input file: one document, the copy is only reported
        context.log.warning(f"{len(plan.duplicates)} files repeat another file's bytes and are not read again: "
                            + "; ".join(f"{a} = {b}" for a, b in plan.duplicates[:TABLE_ROWS]))
    changes = [(f.source_file, "added") for f in plan.added] + [(f.source_file, "changed") for f in plan.changed]
    changes += [(f, "removed") for f, _ in plan.removed]
    changes.sort()
    return dg.MaterializeResult(metadata={
        "dagster/row_count": total["documents"], **counts, **skipped, "quarantined": len(quarantined),
        "quarantined_total": total["quarantined"],
        "mode": why if full or not copy else f"{why} (staged tables rebuilt from the published ones)",
        "bytes_read": bytes_read, "input_folder": str(root),
        "changes": _md_table(("file", "change"), changes[:TABLE_ROWS], max(0, len(changes) - TABLE_ROWS)),
        **({"quarantined_files": _md_table(("file", "reason"), quarantined[:TABLE_ROWS],
                                           max(0, len(quarantined) - TABLE_ROWS))} if quarantined else {}),
        **({"skipped_files": _md_table(("file", "why not read"), [(x.source_file, x.describe())
                                                                  for x in plan.skipped[:TABLE_ROWS]],
                                       max(0, len(plan.skipped) - TABLE_ROWS))} if plan.skipped else {}),
    })


CLEANED = {
    "articles": "Articles found in each document, with title, byline, date, language and body.",
    "paragraphs": "Kept paragraphs of each article body, with their spans in the source text.",
    "removed_spans": "Everything cleaning took out of the source text, with a reason.",
    "metadata_spans": "Source spans kept as article metadata (title, byline, date, notes).",
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(name, deps=["documents"], kinds={"duckdb", "python"}, skippable=True, metadata=_meta(name),
                     description=description)
        for name, description in CLEANED.items()
    ],
    group_name=STAGING,
)
def cleaned_text(context: dg.AssetExecutionContext, staging: LockAwareDuckDB):
    """Clean the documents read afresh into articles, paragraphs, removed spans and metadata spans.

    Time linear in their text; memory bounded by one batch (pipelines.stages.batches: BATCH_DOCUMENTS documents or
    about BATCH_BYTES of text) streamed from staging, cleaned on the engine and appended, whatever the change.
    """
    quarantined: list[tuple[str, str]] = []
    cleaned_docs = 0

    def parts(con) -> Iterator:
        nonlocal cleaned_docs
        with stream.reading(con) as cursor:
            for docs in stream.batches(cursor, store.sql("staging.sql", "documents_to_clean_keys"),
                                       store.sql("staging.sql", "documents_to_clean"), stages.BATCH_DOCUMENTS,
                                       stages.BATCH_BYTES):
                cleaned = stages.clean_documents(docs)
                cleaned_docs += docs.num_rows
                quarantined.extend(cleaned.quarantined)
                yield cleaned.tables(), cleaned.verdicts()

    with staging.get_connection() as con:
        claim_staging(context, con)
        new_rows = staged.stage_cleaned(con, parts(con))
        total = store.row_counts(con)
        by_reason = con.execute(store.sql("staging.sql", "fresh_removed_chars")).fetchall()
        preview = con.execute(store.sql("staging.sql", "article_preview"),
                              [PREVIEW_CHARS, PREVIEW_ARTICLES]).fetchall()
    if quarantined:
        context.log.warning(f"{len(quarantined)} documents quarantined by cleaning: "
                            + "; ".join(f"{d}: {r}" for r, d in quarantined[:TABLE_ROWS]))
    cards = [f"**{title or '(no title)'}** — `{source}` ({lang})\n\n> {body.replace(chr(10), ' ')}…"
             for source, title, lang, body in preview]
    yield dg.MaterializeResult(asset_key="articles", metadata={
        "dagster/row_count": total["articles"], "new_rows": new_rows["articles"],
        "quarantined_total": total["quarantined"],
        "documents_cleaned": cleaned_docs, "documents_quarantined": len(quarantined),
        "preview": dg.MetadataValue.md("\n\n".join(cards) or "(no new article)"),
    })
    yield dg.MaterializeResult(asset_key="paragraphs", metadata={
        "dagster/row_count": total["paragraphs"], "new_rows": new_rows["paragraphs"]})
    yield dg.MaterializeResult(asset_key="removed_spans", metadata={
        "dagster/row_count": total["removed_spans"], "new_rows": new_rows["removed_spans"],
        "removed_chars_by_reason": _md_table(("reason", "chars", "spans"), by_reason),
        "removed_chars": sum(r[1] for r in by_reason),
    })
    yield dg.MaterializeResult(asset_key="metadata_spans", metadata={
        "dagster/row_count": total["metadata_spans"], "new_rows": new_rows["metadata_spans"]})


@dg.asset(
    deps=["articles", "paragraphs"], group_name=STAGING, kinds={"duckdb", "python"}, output_required=False,
    metadata=_meta("numeric_claims"),
    description="Every number asserted as a quantity in a primary article body, with its exact source span.",
)
def numeric_claims(context: dg.AssetExecutionContext, staging: LockAwareDuckDB) -> Iterator[dg.MaterializeResult]:
    """Extract the claims of the paragraphs of documents read afresh.

    Time linear in their text; memory bounded by one batch of whole documents' paragraphs (BATCH_PARAGRAPHS or
    about BATCH_BYTES) streamed from staging, searched on the engine and appended, whatever the change.
    """
    def parts(con) -> Iterator:
        with stream.reading(con) as cursor:
            for paras in stream.batches(cursor, store.sql("staging.sql", "paragraphs_for_claims_keys"),
                                        store.sql("staging.sql", "paragraphs_for_claims"), stages.BATCH_PARAGRAPHS,
                                        stages.BATCH_BYTES):
                yield stages.claim_rows(paras)

    # the gate's GX import takes seconds: made now, while this thread mostly waits on the workers
    preload.in_background("great_expectations", {"GX_ANALYTICS_ENABLED": "False"})
    with staging.get_connection() as con:
        claim_staging(context, con)
        new_rows = staged.stage_claims(con, parts(con))
        stages.release_workers()  # the last step that needs them: the gate and the publish get their memory
        total = store.row_counts(con)
        per_doc = con.execute(store.sql("staging.sql", "fresh_claims_per_document")).fetchall()
    top = sorted(per_doc, key=lambda r: (-r[1], r[0]))
    counts = [n for _, n in per_doc]
    yield dg.MaterializeResult(metadata={
        "dagster/row_count": total["numeric_claims"], "new_rows": new_rows,
        "documents": len(per_doc), "claims_per_document_mean": round(sum(counts) / len(counts), 2) if counts else 0,
        "documents_without_claims": sum(1 for n in counts if n == 0),
        "claims_per_document": _md_table(("source_file", "claims"), top[:TABLE_ROWS], max(0, len(top) - TABLE_ROWS)),
    })
