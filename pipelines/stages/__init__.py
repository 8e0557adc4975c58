"""The pipeline's stages as plain functions, between the pure core and the Dagster assets.

One module per concern: the change plan (`changes`: which files are new, changed, unchanged or gone, by content
hash), code versions (`versions`), per-document work mapped over the engine (`parallel`: read, clean, find
claims), the bounded batches it works in (`batches`) and the rows it makes (`rows`: Arrow tables with the
registry's schemas). Callers use the names below.
"""

from pipelines.core.ingest import doc_id_for
from pipelines.stages.batches import BATCH_BYTES, BATCH_DOCUMENTS, BATCH_PARAGRAPHS, file_batches
from pipelines.stages.changes import ChangePlan, InputFile, input_files, listing_digest, plan_changes, removal_refusal
from pipelines.stages.parallel import (
    READERS,
    Rows,
    as_tuples,
    chunked_map,
    claim_rows,
    clean_documents,
    read_documents,
    read_fresh,
    read_inputs,
    release_workers,
    warm_in_process,
)
from pipelines.stages.rows import CLEANED_TABLES, SCHEMAS, Cleaned, document_rows, to_table
from pipelines.stages.versions import PACKAGE, PROJECT, engine_version, suites_version

__all__ = [
    "BATCH_BYTES", "BATCH_DOCUMENTS", "BATCH_PARAGRAPHS", "CLEANED_TABLES", "PACKAGE", "PROJECT", "READERS", "SCHEMAS",
    "ChangePlan", "Cleaned", "InputFile", "Rows", "as_tuples", "chunked_map", "claim_rows",
    "clean_documents", "doc_id_for", "document_rows", "engine_version", "file_batches", "input_files",
    "listing_digest", "plan_changes", "read_documents", "read_fresh", "read_inputs", "release_workers",
    "removal_refusal", "suites_version", "to_table", "warm_in_process",
]
