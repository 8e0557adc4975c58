"""Worker processes (a local Dask cluster): the same rows, in the same order, as in one process, whether the
workers do all the work or this process does the first documents while they start."""

import pickle
import time

import pyarrow as pa
import pytest

from pipelines import engine, settings, stages
from tests.test_incremental import CLINICS, HARBOUR, SCHOOLS, TRAINS, WATER

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

FILES = [(HARBOUR.encode(), "a/harbour.txt"), (CLINICS.encode(), "clinics.md"), (TRAINS.encode(), "trains.html"),
         (WATER.encode(), "water.txt"), (SCHOOLS.encode(), "schools.txt"), (b"", "empty.txt")]


def pipeline(monkeypatch, workers: int, head: bool = False):
    """Read, clean and find claims in FILES with `workers` processes (parallel even for a handful of files);
    head: this process works on the first documents while the workers start (else the workers do it all)."""
    monkeypatch.setenv("CLAIMTRAIL_WORKERS", str(workers))
    monkeypatch.setattr(engine, "WORK_WHILE_STARTING", head)
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


def test_the_first_documents_done_here_while_workers_start_give_the_same_rows(monkeypatch):
    engine.release()
    one = pipeline(monkeypatch, 1)
    assert pipeline(monkeypatch, 2, head=True) == one  # however the work split between here and the workers
    engine.release()


def test_work_hands_over_to_the_workers_once_they_are_up_in_input_order(monkeypatch):
    monkeypatch.setenv("CLAIMTRAIL_WORKERS", "2")
    monkeypatch.setattr(settings, "PARALLEL_MIN_DOCUMENTS", 0)
    engine.release()
    head, cluster = engine.USAGE.head_chunks, engine.USAGE.cluster_chunks
    out = stages.chunked_map(_double_once_up, list(range(300)))
    assert [x for chunk in out for x in chunk] == [2 * x for x in range(300)]
    assert engine.USAGE.head_chunks - head == 1  # the first chunk here (it waited for the workers), the rest there
    assert engine.USAGE.cluster_chunks > cluster and len(out) == 1 + engine.USAGE.cluster_chunks - cluster
    assert out[0] == [0]  # one document first: the count moves after one document's work
    engine.release()


def _double_once_up(chunk: list[int]) -> list[int]:
    """_double; in the run process, only once the workers are up (so the handover happens after this chunk)."""
    deadline = time.monotonic() + 300  # a bound, not a measure
    while engine._ENGINE is None and not _on_worker() and time.monotonic() < deadline:
        time.sleep(0.05)
    return _double(chunk)


def _on_worker() -> bool:
    from distributed import get_worker

    try:
        get_worker()
    except ValueError:
        return False
    return True


def test_chunks_keep_input_order(monkeypatch):
    monkeypatch.setenv("CLAIMTRAIL_WORKERS", "2")
    monkeypatch.setattr(engine, "WORK_WHILE_STARTING", False)
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
