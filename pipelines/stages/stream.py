"""A stage's input read from staging in bounded batches of whole documents, in a stated order, on a cursor of its own.

DuckDB cannot sort a result of large texts it cannot hold (an ORDER BY over 100,000 documents' text fails at the
connection's memory limit, spilling or not), so only the keys are sorted: one small row per document (its rowid
range, rows and bytes), in the stage's order. Batches of consecutive documents are then read by rowid range (a
range DuckDB reads without scanning the rest), the batch's query ordering its own rows. The stages write their rows in
that same order, so each stage's input lies in consecutive rowids: reading it costs about one pass, and holding it
one batch. The keys count each document's rows exactly, so a batch read is checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import numpy as np
import pyarrow as pa

from pipelines import interrupts

KEY_COLUMNS = ("doc_id", "lo", "hi", "rows", "weight")  # what a keys query gives, one row per document, in order
EVERY_ROWID = (-(2**63), 2**63 - 1)


def cuts(rows: np.ndarray, weight: np.ndarray, max_rows: int, max_bytes: int) -> list[tuple[int, int]]:
    """(start, end) runs of consecutive documents, each at most max_rows rows and max_bytes bytes (a document
    bigger than that is a run of its own)."""
    out, start, held_rows, held_bytes = [], 0, 0, 0
    for i, (r, w) in enumerate(zip(rows.tolist(), weight.tolist(), strict=True)):
        if i > start and (held_rows + r > max_rows or held_bytes + w > max_bytes):
            out.append((start, i))
            start, held_rows, held_bytes = i, 0, 0
        held_rows += r
        held_bytes += w
    if start < len(rows):
        out.append((start, len(rows)))
    return out


@contextmanager
def reading(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of its own, while the connection itself goes on writing; a stop signal interrupts it
    (pipelines.interrupts). No long read transaction: it would keep DuckDB from checkpointing what the writer
    commits, which then stays in memory."""
    cursor = con.cursor()
    interrupts.register(cursor)
    try:
        yield cursor
    finally:
        interrupts.unregister(cursor)
        cursor.close()


def batches(cursor: duckdb.DuckDBPyConnection, keys_query: str, rows_query: str, max_rows: int,
            max_bytes: int) -> Iterator[pa.Table]:
    """The rows of rows_query, batch by batch of whole documents, in the order keys_query lists the documents.

    keys_query gives (doc_id, lo, hi, rows, weight) per document, in order: its rows' rowid range, exact count
    and bytes. rows_query takes (lo, hi) parameters and reads the registered table `batch_docs` (doc_id); it orders
    its rows itself. A batch that does not come back with the rows counted (a checkpoint moved rowids meanwhile)
    is read again without the range: slower, never wrong. Memory: the keys (about 100 bytes per document) and one
    batch.
    """
    keys = cursor.sql(keys_query).to_arrow_table()
    if not keys.num_rows:
        return
    lo = keys.column("lo").to_numpy()
    hi = keys.column("hi").to_numpy()
    rows = keys.column("rows").to_numpy().astype(np.int64)
    weight = np.nan_to_num(keys.column("weight").to_numpy(zero_copy_only=False).astype(np.float64)).astype(np.int64)
    for start, end in cuts(rows, weight, max_rows, max_bytes):
        cursor.register("batch_docs", keys.select(["doc_id"]).slice(start, end - start))
        try:
            table = cursor.sql(rows_query, params=[int(lo[start:end].min()), int(hi[start:end].max())]).to_arrow_table()
            if table.num_rows != int(rows[start:end].sum()):
                table = cursor.sql(rows_query, params=[EVERY_ROWID[0], EVERY_ROWID[1]]).to_arrow_table()
        finally:
            cursor.unregister("batch_docs")
        yield table
