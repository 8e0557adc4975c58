"""Staging assets: input files -> documents -> articles, paragraphs, spans -> numeric_claims."""


from collections import Counter

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import stages, warehouse
from pipelines.defs.resources import InputFolder

STAGING = "staging"
input_files = dg.AssetSpec(
    "input_files", description="Raw files in the input folder (text, Markdown, HTML, gzipped or not).",
    group_name="sources", kinds={"file"},
)


@dg.asset(deps=[input_files], group_name=STAGING, kinds={"duckdb"})
def documents(context: dg.AssetExecutionContext, input_folder: InputFolder,
              staging: DuckDBResource) -> dg.MaterializeResult:
    """One row per input file: raw bytes kept, text decoded, bad files quarantined with a reason."""
    docs = stages.read_inputs(input_folder.root())
    rows = stages.document_rows(docs)
    with staging.get_connection() as con:
        warehouse.ensure_staging(con)
        warehouse.replace_rows(con, "documents", rows)
    quarantined = {d.source_file: d.quarantine_reason for d in docs if d.quarantine_reason}
    for name, reason in quarantined.items():
        context.log.warning(f"quarantined {name}: {reason}")
    return dg.MaterializeResult(metadata={
        "dagster/row_count": len(docs), "quarantined": len(quarantined),
        "bytes": sum(d.byte_size for d in docs), "input_folder": str(input_folder.root()),
    })


@dg.multi_asset(
    specs=[
        dg.AssetSpec("articles", deps=["documents"], kinds={"duckdb"},
                     description="Articles found in each document, with title, byline, date and language."),
        dg.AssetSpec("paragraphs", deps=["documents"], kinds={"duckdb"},
                     description="Kept paragraphs of each article body, with their spans in the source."),
        dg.AssetSpec("removed_spans", deps=["documents"], kinds={"duckdb"},
                     description="Everything cleaning took out of the source text, with a reason."),
        dg.AssetSpec("metadata_spans", deps=["documents"], kinds={"duckdb"},
                     description="Source spans kept as article metadata (title, byline, date, notes)."),
    ],
    group_name=STAGING,
)
def cleaned_text(context: dg.AssetExecutionContext, staging: DuckDBResource):
    """Clean every document into articles, paragraphs, removed spans and metadata spans."""
    with staging.get_connection() as con:
        docs = con.execute(warehouse.sql("staging.sql", "documents_to_clean")).fetchall()
        cleaned = stages.clean_documents(docs)
        tables = cleaned.tables()
        con.execute("begin")
        for name, rows in tables.items():
            con.execute(warehouse.sql("staging.sql", f"clear_{name}"))
            if rows.num_rows:
                warehouse.load_rows(con, name, rows)
            warehouse.mark_staged(con, name)
        warehouse.execute_many(con, warehouse.sql("staging.sql", "set_removed_fraction"), cleaned.removed_fraction)
        warehouse.execute_many(con, warehouse.sql("staging.sql", "quarantine_document"), cleaned.quarantined)
        con.execute("commit")
    for reason, doc_id in cleaned.quarantined:
        context.log.warning(f"quarantined {doc_id}: {reason}")
    by_reason = Counter()
    for r in cleaned.rows["removed_spans"]:
        by_reason[r["reason"]] += r["char_end"] - r["char_start"]
    yield dg.MaterializeResult(asset_key="articles", metadata={
        "dagster/row_count": tables["articles"].num_rows, "documents_quarantined": len(cleaned.quarantined)})
    yield dg.MaterializeResult(asset_key="paragraphs", metadata={
        "dagster/row_count": tables["paragraphs"].num_rows})
    yield dg.MaterializeResult(asset_key="removed_spans", metadata={
        "dagster/row_count": tables["removed_spans"].num_rows, "removed_chars_by_reason": dict(by_reason)})
    yield dg.MaterializeResult(asset_key="metadata_spans", metadata={
        "dagster/row_count": tables["metadata_spans"].num_rows})


@dg.asset(deps=["articles", "paragraphs"], group_name=STAGING, kinds={"duckdb"})
def numeric_claims(staging: DuckDBResource) -> dg.MaterializeResult:
    """Every number asserted as a quantity in a primary article body, with its exact source span."""
    with staging.get_connection() as con:
        paras = con.execute(warehouse.sql("staging.sql", "paragraphs_for_claims")).fetchall()
        rows = stages.claim_rows(paras)
        warehouse.replace_rows(con, "numeric_claims", rows)
    per_doc = Counter(rows.column("source_file").to_pylist())
    lines = [f"| {f} | {n} |" for f, n in sorted(per_doc.items(), key=str)]
    table = "| source_file | claims |\n| --- | --- |\n" + "\n".join(lines)
    return dg.MaterializeResult(metadata={
        "dagster/row_count": rows.num_rows, "claims_per_document": dg.MetadataValue.md(table)})
