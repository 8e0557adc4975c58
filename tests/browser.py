"""A real headless browser for page tests: Debian's chromium, its DOM after load, a screenshot, its network log.

Chromium is driven by its own command-line switches (--dump-dom, --screenshot, --log-net-log), with no driver
library and no browser download. Each call gets a fresh profile and resolves no host name but 127.0.0.1, so
nothing leaves the machine; the net log still records every request the page tries to make, and a trap server
on 127.0.0.1 counts the ones that get through.
"""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
TIMEOUT = 120  # seconds: a hang is a failure, not a stuck test run (no timing is asserted)


@cache
def missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when chromium is installed and starts."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install -y chromium; .ci/run installs it)"
    try:
        subprocess.run([str(CHROMIUM), "--version"], capture_output=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{CHROMIUM} does not start: {exc}"
    return None


@dataclass
class Visit:
    """What the browser saw of one page."""

    dom: str                     # the document after load and any script, serialised
    screenshot: Path
    page_requests: list[str] = field(default_factory=list)  # URLs the page itself asked for
    all_requests: list[str] = field(default_factory=list)   # the same plus the browser's own


def page_requests(net_log: Path) -> tuple[list[str], list[str]]:
    """(requests the page made, every request) from a chromium net log; the browser's own carry no origin."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    every, by_page = [], []
    for event in log.get("events", []):
        params = event.get("params") or {}
        if event.get("type") != start or "url" not in params:
            continue
        every.append(params["url"])
        if params.get("initiator") != "not an origin":
            by_page.append(params["url"])
    return by_page, every


def visit(page: Path, work: Path, size: tuple[int, int] = (1280, 1600)) -> Visit:
    """Open a local page in a fresh headless chromium: its DOM after load, a screenshot and its requests."""
    work.mkdir(parents=True, exist_ok=True)
    profile, shot, net = work / "profile", work / "screenshot.png", work / "net-log.json"
    shutil.rmtree(profile, ignore_errors=True)
    done = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
         f"--log-net-log={net}", f"--screenshot={shot}", "--dump-dom", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    by_page, every = page_requests(net)
    return Visit(done.stdout, shot, by_page, every)


class _Trap(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the http.server API names it so
        self.server.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass  # counted in hits; nothing to print


@contextmanager
def trap_server() -> Iterator[http.server.HTTPServer]:
    """An HTTP server on 127.0.0.1 that records every request (`.hits`); a page must never reach it."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Trap)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
