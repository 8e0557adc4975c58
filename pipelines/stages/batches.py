"""Bounded batches of whole documents: what a stage holds at a time, whatever the size of the change.

A stage reads its input a batch at a time (files from the plan; rows from staging, pipelines/stages/stream.py),
works on one batch on the engine, appends the batch's rows to staging and lets it go: memory follows the batch,
time the input. A batch never splits a document (the claims of a document depend on all its paragraphs).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pipelines.stages.changes import InputFile

BATCH_FILES = 2048             # input files read and staged at a time
BATCH_DOCUMENTS = 2048         # documents cleaned at a time
BATCH_PARAGRAPHS = 16384       # paragraphs searched for claims at a time
BATCH_BYTES = 32 * 2**20       # and at most about this many bytes of input per batch (one document may be more)


def file_batches(files: Sequence[InputFile], max_files: int = BATCH_FILES,
                 max_bytes: int = BATCH_BYTES) -> Iterator[list[InputFile]]:
    """The plan's files in order, in runs of at most max_files files or about max_bytes bytes."""
    batch: list[InputFile] = []
    size = 0
    for f in files:
        weight = len(f.raw) if f.raw is not None else (f.size or 0) if f.deferred else 0
        if batch and (len(batch) >= max_files or size + weight > max_bytes):
            yield batch
            batch, size = [], 0
        batch.append(f)
        size += weight
    if batch:
        yield batch
