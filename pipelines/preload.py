"""Slow imports made early, in a background thread, while the run's main thread waits on other work.

`import great_expectations` takes 3 to 10 s: made while workers find claims, the gate's first suite is counted
within a second of the gate's start instead of after the import. A failed preload only logs: the import the code
makes when it needs the module raises the real error there.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
from collections.abc import Mapping

log = logging.getLogger(__name__)


def in_background(module: str, env: Mapping[str, str] | None = None) -> threading.Thread:
    """Import `module` in a daemon thread (env: variables set first unless already set, as its user would)."""
    for name, value in (env or {}).items():
        os.environ.setdefault(name, value)

    def load() -> None:
        try:
            importlib.import_module(module)
        except Exception as exc:  # said again, with its traceback, by the import that needs it
            log.debug("preloading %s failed: %s", module, exc)

    thread = threading.Thread(target=load, name=f"claimtrail-preload-{module}", daemon=True)
    thread.start()
    return thread
