"""Slow imports made early, in a background thread, while the run's main thread waits on other work.

`import great_expectations` takes 3 to 10 s: made while workers find claims, the gate's first suite is counted
within a second of the gate's start instead of after the import. A failed preload only logs: the import the code
makes when it needs the module raises the real error there.

A step that imports a preloaded module itself first waits for its preload (`finish`): on Python 3.11, two threads
importing one package tree at once can trip the import system's deadlock detector and be handed a partially
initialised module (CPython gh-83065, fixed only in later versions), as the gate once was ("partially initialized
module 'sqlalchemy.orm.exc'", while GX was still being preloaded).

The threads are not daemons: a process that ends (a run stopped by SIGTERM) waits for an import under way
instead of ending the thread inside it at shutdown: inside a C++ library that aborts the whole process
("terminate called ... exception not rethrown", seen once in tests/test_faults.py's SIGTERM test).
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)
_RUNNING: dict[str, threading.Thread] = {}   # the preloads started, by name, until a step waits on one
_LOCK = threading.Lock()


def in_background(module: str, env: Mapping[str, str] | None = None) -> threading.Thread:
    """Import `module` in a background thread (env: variables set first unless already set, as its user would)."""
    for name, value in (env or {}).items():
        os.environ.setdefault(name, value)
    return call_in_background(module, lambda: importlib.import_module(module))


def call_in_background(name: str, fn: Callable[[], object]) -> threading.Thread:
    """Run `fn` (imports and caches a step will need) in a background thread; a failure only logs, as above."""

    def run() -> None:
        try:
            fn()
        except Exception as exc:  # the step that needs it meets the real error, with its traceback
            log.debug("preloading %s failed: %s", name, exc)

    thread = threading.Thread(target=run, name=f"claimtrail-preload-{name}", daemon=False)
    with _LOCK:
        _RUNNING[name] = thread
    thread.start()
    return thread


def finish(name: str) -> None:
    """Wait until the preload of `name` (a module or a call_in_background name), if one was started, has ended."""
    with _LOCK:
        thread = _RUNNING.pop(name, None)
    if thread is not None and thread is not threading.current_thread():
        thread.join()
