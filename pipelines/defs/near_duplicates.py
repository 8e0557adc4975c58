"""Near-duplicate articles across the corpus: MinHash signatures of new articles, looked up against stored ones."""

import dagster as dg
import pyarrow as pa

from pipelines import engine
from pipelines import near_duplicates as stage
from pipelines import staging as staged
from pipelines import warehouse as store
from pipelines.core.dedup import PARAMS
from pipelines.defs.assets import STAGING
from pipelines.defs.columns import table_metadata
from pipelines.defs.ownership import claim_staging
from pipelines.defs.resources import LockAwareDuckDB
from pipelines.stages import stream

PREVIEW_PAIRS = 10
BATCH_ARTICLES = 5000  # article bodies read, sent out and signed at a time
BATCH_BYTES = 32 * 2**20  # and at most about this many bytes of them
DESCRIPTIONS = {
    "minhash_signatures": "MinHash signature of each primary article (word shingles): new articles only are hashed.",
    "near_duplicates": "Pairs of articles of different documents with near-duplicate bodies (syndicated or "
                       "reposted copies), with estimated Jaccard and the canonical one.",
}


def _meta(table: str) -> dict:
    return table_metadata(table, "staging")


@dg.multi_asset(
    specs=[dg.AssetSpec(name, deps=["articles"], kinds={"duckdb", "python"}, skippable=True, metadata=_meta(name),
                        description=description) for name, description in DESCRIPTIONS.items()],
    group_name=STAGING,
)
def near_duplicates(context: dg.AssetExecutionContext, staging: LockAwareDuckDB):
    """Sign the articles of documents read afresh and pair them with every stored article they nearly repeat.

    Signing: time linear in the new bodies, memory one batch of them. Pairing: the new signatures against every
    stored one in LSH bands, memory linear in the number of articles (516 bytes of signature each, no text).
    """
    started = not engine.running()
    with staging.get_connection() as con:
        claim_staging(context, con)
        # bodies come in batches of whole documents (pipelines/stages/stream.py): memory follows the batch, not the
        # size of the change; only the signatures (516 bytes an article) are kept
        parts, read = [], 0
        with stream.reading(con) as cursor:
            for batch in stream.batches(cursor, store.sql("dedup.sql", "articles_to_sign_keys"),
                                        store.sql("dedup.sql", "articles_to_sign"), BATCH_ARTICLES, BATCH_BYTES):
                parts.append(stage.sign_articles(batch))
                read += batch.num_rows
        signed = pa.concat_tables(parts) if parts else stage.SCHEMAS["minhash_signatures"].empty_table()
        if started:  # the claims step released the workers already: do not keep the ones started here
            engine.release()
        with engine.step("near-duplicate pairs"):  # one in-process pass over the signatures' bands
            pairs, compared = staged.stage_near_duplicates(con, signed)
        signatures, total_pairs = con.execute(store.sql("dedup.sql", "counts")).fetchone()
        preview = con.execute(store.sql("dedup.sql", "pair_preview"), [PREVIEW_PAIRS]).fetchall()
    yield dg.MaterializeResult(asset_key="minhash_signatures", metadata={
        "dagster/row_count": signatures, "new_rows": signed.num_rows, "articles_read": read,
        "too_short_to_compare": read - signed.num_rows, "compared_with": compared,
        "shingle_words": PARAMS.shingle_words, "num_perm": PARAMS.num_perm, "threshold": PARAMS.threshold,
    })
    lines = ["| jaccard | canonical | copy |", "| --- | --- | --- |"] + [
        f"| {j:.2f} | `{cf}` {ct or ''} | `{sf}` {st or ''} |".replace("\n", " ") for j, cf, ct, sf, st in preview]
    yield dg.MaterializeResult(asset_key="near_duplicates", metadata={
        "dagster/row_count": total_pairs, "new_rows": pairs.num_rows,
        "new_pairs": dg.MetadataValue.md("\n".join(lines) if preview else "(no new pair)"),
    })
