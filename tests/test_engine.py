"""Where per-document work runs, and what comes back from it (the cluster itself: test_dask_cluster.py)."""


import pytest

from pipelines import engine, settings, stages
from pipelines.core.ingest import read_document
from tests.test_incremental import CLINICS, HARBOUR, TRAINS


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("CLAIMTRAIL_DASK_SCHEDULER", raising=False)
    monkeypatch.delenv("CLAIMTRAIL_WORKERS", raising=False)
    engine.release()  # a cluster another test left running


def test_small_jobs_and_one_worker_stay_in_process(monkeypatch):
    threshold = settings.PARALLEL_MIN_DOCUMENTS
    assert engine.where(threshold - 1, workers=4) == "in-process"
    assert engine.where(threshold, workers=4) == "local"
    assert engine.where(threshold, workers=1) == "in-process"
    assert engine.where(12 * threshold - 1, workers=4, per_document=12) == "in-process"
    assert engine.where(0, workers=4) == "in-process"


def test_a_named_scheduler_takes_the_work_whatever_the_worker_setting(monkeypatch):
    monkeypatch.setenv("CLAIMTRAIL_DASK_SCHEDULER", "tcp://127.0.0.1:8786")
    monkeypatch.setenv("CLAIMTRAIL_WORKERS", "1")
    assert engine.where(settings.PARALLEL_MIN_DOCUMENTS) == "scheduler"
    assert engine.where(1) == "in-process"  # below the threshold a network round trip costs more than it saves


def test_in_process_work_is_one_call_over_all_items(monkeypatch):
    monkeypatch.setenv("CLAIMTRAIL_WORKERS", "1")
    calls = []
    out = engine.chunked_map(lambda chunk: calls.append(list(chunk)) or len(chunk), list(range(500)))
    assert out == [500] and len(calls) == 1 and not engine.running()
    assert engine.chunked_map(len, []) == []


def test_documents_come_back_from_arrow_as_read(monkeypatch):
    monkeypatch.setenv("CLAIMTRAIL_WORKERS", "1")
    files = [(HARBOUR.encode(), "a.txt"), (CLINICS.encode(), "b.md"), (TRAINS.encode(), "c.html"),
             (b"\x00\x01binary", "d.txt"), (b"", "e.txt")]
    docs = stages.read_documents(files)
    for doc, (raw, name) in zip(docs, files, strict=True):
        direct = read_document(raw, name)
        assert doc.raw_bytes is raw  # the bytes are not copied back from the workers
        assert (doc.doc_id, doc.source_file, doc.media_type, doc.source_text, doc.encoding,
                doc.quarantine_reason) == (direct.doc_id, direct.source_file, direct.media_type,
                                           direct.source_text, direct.encoding, direct.quarantine_reason)
        assert doc.page_meta == direct.page_meta and doc.page == direct.page
    assert docs[2].page_meta and docs[3].quarantine_reason
