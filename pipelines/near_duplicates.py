"""The near-duplicates stage: article bodies to MinHash signatures (on the engine), then pairs as Arrow tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

import numpy as np
import pyarrow as pa

from pipelines import engine, tables
from pipelines.core.dedup import PARAMS, Article, find_near_duplicates, from_blobs, shingles, signatures, to_blobs
from pipelines.core.dedup.minhash import streamed_signature
from pipelines.core.dedup.shingles import shingle_stream

SCHEMAS = {name: tables.arrow_schema(name) for name in ("minhash_signatures", "near_duplicates")}  # registry


LONG_BODY = 1 << 20  # characters: a longer body is shingled as a stream (its set of shingles would be ~25x it)


def _sign_chunk(articles: pa.Table) -> pa.Table:
    """(article_id, doc_id, body) rows to signature rows; bodies too short to compare are left out.

    Linear in the bodies; memory bounded per body: a body over LONG_BODY characters is read as a stream of
    shingles (streamed_signature) rather than a set of them.
    """
    ids, docs, counts, sigs = [], [], [], []
    short: list[tuple[int, set[bytes]]] = []
    for article_id, doc_id, body in zip(*(c.to_pylist() for c in articles.columns), strict=True):
        if body and len(body) > LONG_BODY:
            signature, count = streamed_signature(shingle_stream(body, PARAMS.shingle_words))
        else:
            found = shingles(body or "", PARAMS.shingle_words)
            signature, count = None, len(found)
        if count < PARAMS.min_shingles:
            continue
        if signature is None:
            short.append((len(sigs), found))
        ids.append(article_id)
        docs.append(doc_id)
        counts.append(count)
        sigs.append(signature)
    if short:
        for (i, _), row in zip(short, signatures([found for _, found in short]), strict=True):
            sigs[i] = row
    return pa.table([pa.array(ids, pa.string()), pa.array(docs, pa.string()), pa.array(counts, pa.int32()),
                     pa.array(to_blobs(np.array(sigs)) if sigs else [], pa.binary())],
                     schema=SCHEMAS["minhash_signatures"])


def sign_articles(articles: pa.Table) -> pa.Table:
    """Signature rows for (article_id, doc_id, body) articles, in input order (per-document work: the engine)."""
    parts = engine.chunked_map(_sign_chunk, articles, stage="articles signed", unit="articles")
    return pa.concat_tables(parts) if parts else SCHEMAS["minhash_signatures"].empty_table()


def signature_matrix(blobs: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A binary column of signatures as one (n, num_perm) array, read from its buffer without a copy per row."""
    array = blobs.combine_chunks() if isinstance(blobs, pa.ChunkedArray) else blobs
    if not len(array):
        return np.empty((0, PARAMS.num_perm), dtype=np.uint32)
    if array.null_count:
        raise ValueError("a stored signature is null")
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32, count=len(array) + 1, offset=array.offset * 4)
    width = PARAMS.num_perm * 4
    if not (np.diff(offsets) == width).all():
        raise ValueError(f"stored signatures are not {width} bytes each: made with other MinHash parameters")
    data = memoryview(array.buffers()[2])[offsets[0]:offsets[-1]]
    return from_blobs(data)


def _articles(table: pa.Table) -> list[Article]:
    return [Article(a, d, t) for a, d, t in zip(*(table.column(c).to_pylist()
                                                   for c in ("article_id", "doc_id", "ingested_at")), strict=True)]


class _OnDemand(Sequence):
    """The stored articles, each made only when asked for: a pair names a few of them among thousands."""

    def __init__(self, table: pa.Table):
        self._columns = [table.column(c) for c in ("article_id", "doc_id", "ingested_at")]
        self._n = table.num_rows

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):  # an int index only (what find_near_duplicates asks)
        return Article(*(c[i].as_py() for c in self._columns))


def pair_rows(new: pa.Table, old: pa.Table) -> pa.Table:
    """Near-duplicate rows among the new signatures and between them and the old ones.

    Both tables: (article_id, doc_id, ingested_at, signature); new ones are this run's, old ones were stored.
    """
    pairs = find_near_duplicates(_articles(new), signature_matrix(new.column("signature")),
                                 _OnDemand(old), signature_matrix(old.column("signature")))
    return pa.Table.from_pylist([asdict(p) for p in pairs], schema=SCHEMAS["near_duplicates"])
