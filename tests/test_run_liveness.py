"""How a SQLite store tells a killed run's process from a live one. (PostgreSQL's run locks, and both dialects
end to end, are tested in tests/test_crash_recovery.py.)"""

from __future__ import annotations

import subprocess
import sys

from models.liveness import local_run_is_alive, process_start, this_process


def test_a_process_is_alive_until_it_ends():
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    start = process_start(child.pid)
    host = this_process().host
    try:
        assert start is not None and local_run_is_alive(host, child.pid, start)
    finally:
        child.stdin.close()
        child.wait()
    assert not local_run_is_alive(host, child.pid, start)


def test_a_reused_pid_is_not_the_run():
    me = this_process()
    assert local_run_is_alive(me.host, me.pid, me.start)
    assert not local_run_is_alive(me.host, me.pid, "another boot:1")


def test_a_run_on_another_host_is_left_alone_and_one_from_before_liveness_is_gone():
    assert local_run_is_alive("elsewhere.invalid", 1, "some boot:1")
    assert not local_run_is_alive(None, None, None)
