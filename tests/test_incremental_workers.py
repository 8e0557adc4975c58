"""Worker processes (a local Dask cluster): the same rows, in the same order, as in one process."""

import pickle

import pyarrow as pa
import pytest

from pipelines import engine, settings, stages
from tests.test_incremental import CLINICS, HARBOUR, SCHOOLS, TRAINS, WATER

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

FILES = [(HARBOUR.encode(), "a/harbour.txt"), (CLINICS.encode(), "clinics.md"), (TRAINS.encode(), "trains.html"),
         (WATER.encode(), "water.txt"), (SCHOOLS.encode(), "schools.txt"), (b"", "empty.txt")]


def pipeline(monkeypatch, workers: int):
    """Read, clean and find claims in FILES with `workers` processes (parallel even for a handful of files)."""
    monkeypatch.setenv("CLAIMTRAIL_WORKERS", str(workers))
    monkeypatch.setattr(settings, "PARALLEL_MIN_DOCUMENTS", 0)
    docs = stages.read_documents(FILES * 3)
    cleaned = stages.clean_documents([(d.doc_id, d.source_file, d.source_text,
                                       d.page_meta)
                                      for d in docs if d.status == "ok"])
    tables = cleaned.tables()
    paragraphs = [(p["paragraph_id"], p["article_id"], p["doc_id"], "f", p["text"], p["pieces"])
                  for p in tables["paragraphs"].to_pylist()]
    claims = stages.claim_rows(paragraphs)
    return ([(d.doc_id, d.source_file, d.status, d.source_text) for d in docs],
            {t: v.to_pylist() for t, v in tables.items()}, cleaned.quarantined, cleaned.removed_fraction,
            claims.to_pylist())


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_give_the_same_result_as_one_process(monkeypatch, workers):
    one = pipeline(monkeypatch, 1)
    before = engine.USAGE.cluster_chunks
    many = pipeline(monkeypatch, workers)
    assert engine._ENGINE is not None and len(engine._ENGINE.client.nthreads()) == workers
    assert engine.USAGE.cluster_chunks > before
    assert many == one
    assert one[4] and one[1]["articles"]


def test_chunks_keep_input_order(monkeypatch):
    monkeypatch.setenv("CLAIMTRAIL_WORKERS", "2")
    monkeypatch.setattr(settings, "PARALLEL_MIN_DOCUMENTS", 0)
    items = list(range(300))
    out = stages.chunked_map(_double, items)
    assert len(out) > 1
    assert [x for chunk in out for x in chunk] == [2 * x for x in items]


def _double(chunk: list[int]) -> list[int]:
    return [2 * x for x in chunk]


def test_an_arrow_chunk_carries_only_its_own_rows():
    table = pa.table({"text": ["a long paragraph " * 50] * 2000, "n": list(range(2000))})
    chunk = engine.slice_rows(table, 1990, 20)
    assert chunk.column("n").to_pylist() == list(range(1990, 2000))
    assert len(pickle.dumps(chunk)) * 50 < len(pickle.dumps(table))
