"""Prefect's temporary API server, bound to die with the command that started it.

With no PREFECT_API_URL, Prefect 3.9.1 runs flows against a uvicorn subprocess it starts on first use
(`prefect.server.api.server.SubprocessASGIServer`) and stops from an atexit hook. A process killed with SIGKILL
runs no atexit hook, so that server used to outlive it (~230 MB and a port, indefinitely). Here the same server
is started up front, from the main thread, with the Linux parent-death signal set in the child: the kernel kills
the server the moment the command dies, however it dies. Prefect's own code then finds and reuses this instance
(the instance registry keyed by port, None for the default server, is the hook `prefect_test_harness` uses too).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from functools import partial
from typing import Any, Callable, Iterator

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def start_local_api() -> None:
    """Start the temporary API server now, bound to this process, when runs would use one (no PREFECT_API_URL).

    Must run in the main thread: Linux sends the parent-death signal when the thread that forked the child ends."""
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled or not sys.platform.startswith("linux"):
        return
    # Imported only now: the server's code takes seconds to import, for nothing when runs use a real server.
    from prefect.server.api.server import SubprocessASGIServer

    if SubprocessASGIServer._instances.get(None) is None:
        _bound_server_class()()  # registers itself as the default server, which Prefect's clients look up
    SubprocessASGIServer().start()


def _bound_server_class() -> type:
    from prefect.server.api.server import SubprocessASGIServer

    class BoundASGIServer(SubprocessASGIServer):
        """Prefect's server, command and all; only its process is started with the parent-death signal."""

        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            with popen_with(preexec_fn=die_with_parent()):
                return super()._run_uvicorn_command()

    return BoundASGIServer


@contextmanager
def popen_with(**options: Any) -> Iterator[None]:
    """Give every subprocess.Popen call made inside the block these extra options. Used around one call made
    from the main thread before any flow runs, so no other thread's child can pick them up."""
    original = subprocess.Popen
    subprocess.Popen = partial(original, **options)  # type: ignore[misc]
    try:
        yield
    finally:
        subprocess.Popen = original  # type: ignore[misc]


def die_with_parent(death_signal: int = signal.SIGKILL) -> Callable[[], None]:
    """A preexec_fn: the child gets `death_signal` when its parent dies. SIGKILL, because the server keeps no
    state outside its SQLite database, which survives a kill, and a graceful shutdown could hang on a client that
    will never answer. libc is loaded here, before the fork: the child should only make the one system call."""
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def in_child() -> None:
        libc.prctl(PR_SET_PDEATHSIG, death_signal)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return in_child
