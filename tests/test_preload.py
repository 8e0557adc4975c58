"""Slow imports and models loaded early in a background thread: a failure there only logs."""

import logging
import threading

from pipelines import preload, stages
from pipelines.core.model import loader


def test_a_failed_preload_only_logs(caplog):
    def broken():
        raise RuntimeError("no such model")

    with caplog.at_level(logging.DEBUG, logger="pipelines.preload"):
        preload.call_in_background("broken", broken).join()
        preload.in_background("claimtrail_no_such_module").join()
    assert "preloading broken failed: no such model" in caplog.text
    assert "preloading claimtrail_no_such_module failed" in caplog.text


def test_warming_the_readers_loads_what_the_first_document_needs():
    preload.call_in_background(stages.READERS, stages.warm_in_process).join()
    assert loader.load.cache_info().currsize >= 2   # both line models, cached for the first document


def test_finish_waits_for_the_preload_under_way():
    # a step that imports what a preload imports waits for it: two threads importing one package tree at once
    # can be handed a partially initialised module on Python 3.11
    release, done = threading.Event(), []

    def slow():
        release.wait(10)
        done.append(True)

    preload.call_in_background("slow", slow)
    threading.Timer(0.2, release.set).start()
    preload.finish("slow")
    assert done == [True]


def test_finish_without_a_preload_returns_at_once():
    preload.finish("claimtrail_never_started")
    preload.call_in_background("quick", lambda: None).join()
    preload.finish("quick")
    preload.finish("quick")   # waited on once: forgotten


def test_reading_and_cleaning_in_process_wait_for_the_readers_preload(monkeypatch):
    waited = []
    monkeypatch.setattr(preload, "finish", waited.append)
    page = "Harbour works resume\n\nThe council said on Monday that 120 workers will return to the harbour.\n"
    docs = stages.read_documents([(page.encode(), "harbour.txt")])
    stages.clean_documents([(docs[0].doc_id, "harbour.txt", docs[0].source_text, None)])
    assert waited.count(stages.READERS) >= 2
