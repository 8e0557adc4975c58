"""The pipeline benchmark's CPU time of a process tree counts children that ended as well as live ones."""

import os
import subprocess
import sys

from bench.bench_pipeline import _cpu_seconds, _tree

# the child burns 0.5 s of CPU; /proc counts in clock ticks (1/100 s), so the tests ask for a little less
BURN = "import time\nwhile time.process_time() < 0.5:\n    pass\n"


def test_an_ended_child_is_counted():
    before = _cpu_seconds(_tree(os.getpid()))
    subprocess.run([sys.executable, "-c", BURN], check=True)   # run, ended and reaped by this process
    assert _cpu_seconds(_tree(os.getpid())) - before >= 0.4


def test_a_live_child_is_counted():
    child = subprocess.Popen([sys.executable, "-c", BURN + "import sys\nsys.stdin.read()\n"],
                             stdin=subprocess.PIPE)
    try:
        spent = 0.0
        while spent < 0.4 and child.poll() is None:   # until it has burnt its share (it then waits on stdin)
            spent = _cpu_seconds([child.pid])
        assert child.pid in _tree(os.getpid())
        assert spent >= 0.4
    finally:
        child.communicate(b"")
