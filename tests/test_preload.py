"""Slow imports and models loaded early in a background thread: a failure there only logs."""

import logging

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
    preload.call_in_background("readers", stages.warm_in_process).join()
    assert loader.load.cache_info().currsize >= 2   # both line models, cached for the first document
