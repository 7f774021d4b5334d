"""Prefect's temporary API server for one command, started early and bound to die with it.

With no PREFECT_API_URL, Prefect 3.9.1 runs flows against a uvicorn subprocess it starts on first use
(`prefect.server.api.server.SubprocessASGIServer`) and stops from an atexit hook. Two costs made that the slowest
part of a short ingest: the command imported the whole server (several seconds of CPU, only to start a process that
imports it again), and it waited for the server before doing anything else. And a process killed with SIGKILL runs
no atexit hook, so that server used to outlive it (~230 MB and a port, indefinitely).

Here the same server (Prefect's app, by way of flows/prefect_database.py, which first gives a new Prefect home its
database; the same environment) is started before this process has even imported Prefect: the command goes on
with its own imports while the server boots, and waits for it only when the flow is about to run. This process then
talks to it as to any server, through PREFECT_API_URL. The server is started with the Linux parent-death signal:
the kernel kills it the moment the command dies, however it dies; a command that ends normally stops it as Prefect
would (SIGTERM, five seconds to finish writing, then SIGKILL).
"""

from __future__ import annotations

import atexit
import ctypes
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterator

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# How uvicorn exits when its port was taken between choosing it and binding it.
PORT_TAKEN_EXIT_CODE = 3
STOP_SECONDS = 5  # what Prefect's own server gets to finish its writes before it is killed


@dataclass
class LocalAPI:
    """A temporary Prefect API server started by this process: its process and its API's URL."""

    process: subprocess.Popen[bytes]
    url: str
    environment: dict[str, str] = field(repr=False)
    # what the server prints (see _start), shown only when it fails
    output: IO[bytes] = field(repr=False)

    def connect(self) -> None:
        """Point this process's Prefect at the server and return once it answers; or, when Prefect's settings
        say that runs go to another API after all (a PREFECT_API_URL in the active profile) or to none, stop the
        server."""
        from prefect.settings import get_current_settings

        settings = get_current_settings()
        if settings.api.url or not settings.server.ephemeral.enabled:
            self.stop()
            return
        use_api(self.url)
        self.wait_until_up(settings.server.ephemeral.startup_timeout_seconds)

    def wait_until_up(self, startup_seconds: float) -> None:
        """Return once the API answers its health check; start it again on another port if its port was taken."""
        deadline = time.monotonic() + startup_seconds
        while time.monotonic() < deadline:
            if self.process.poll() == PORT_TAKEN_EXIT_CODE:
                self.process, self.url, self.output = _start(self.environment)
                use_api(self.url)
            elif self.process.poll() is not None:
                raise RuntimeError(f"Prefect's temporary API server exited with code {self.process.returncode}:\n"
                                   f"{_last_lines(self.output)}")
            elif _answers(self.url):
                return
            time.sleep(0.1)
        raise RuntimeError(f"Prefect's temporary API server did not answer within {startup_seconds:.0f} s "
                           "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS gives it longer)")

    def stop(self) -> None:
        if self.process.poll() not in (None, 0):  # it died before the end of the run: say what it said
            print(f"Prefect's temporary API server exited with code {self.process.returncode}:\n"
                  f"{_last_lines(self.output)}", file=sys.stderr)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# The server this process started, if any: flows/ingest.py asks whether the API in use is this one.
_started: LocalAPI | None = None


def start_local_api() -> LocalAPI | None:
    """Start the temporary API server, bound to this process, unless PREFECT_API_URL names a server (or this is
    not Linux). Returns at once, without importing Prefect, so that the server's boot (seconds of importing) runs
    beside this process's own imports: call `LocalAPI.connect` once Prefect is imported, before the first flow
    runs. The server reads Prefect's settings as this process will (same environment, profile and folder).

    Must run in the main thread: Linux sends the parent-death signal when the thread that forked the child ends."""
    global _started
    if os.environ.get("PREFECT_API_URL") or not sys.platform.startswith("linux"):
        return None
    # What Prefect's SubprocessASGIServer gives its server: no UI and the ephemeral server's set of services. And
    # no registering of Prefect's block types on start: the runs of this command use none, and on a new Prefect
    # home it cost ~2.4 of the server's ~12 CPU s of boot, while the flow waited for it. With the memo off too,
    # nothing records them as registered, so the Prefect server a user starts on the same home (for its UI)
    # registers them as it always does.
    environment = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                   "PREFECT__SERVER_FINAL": "1", "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
                   "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false"}
    process, url, output = _start(environment)
    _started = LocalAPI(process, url, environment, output)
    atexit.register(_started.stop)
    return _started


def is_local_api(url: str | None) -> bool:
    """Whether `url` is the temporary server this process started (a run there has no other process to share
    the store with)."""
    return _started is not None and url == _started.url


@contextmanager
def flow_run_settings() -> Iterator[None]:
    """Prefect's settings for the flow runs of this command: when they go to the temporary server, no flow-run
    heartbeats. A heartbeat tells a server that watches for runs gone silent that the run still lives; this server
    dies with the command, so nothing is left to watch. And at the end of each flow run, Prefect 3.9.1 waits for its
    heartbeat thread to wake from a one-second sleep: half a second on average with nothing else to do."""
    from prefect.settings import get_current_settings, temporary_settings

    if not is_local_api(get_current_settings().api.url):
        yield
        return
    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield


def use_api(url: str) -> None:
    """Point Prefect in this process, every thread included, at the API at `url`."""
    from prefect.context import refresh_global_settings_context

    os.environ["PREFECT_API_URL"] = url
    refresh_global_settings_context()


def _start(environment: dict[str, str]) -> tuple[subprocess.Popen[bytes], str, IO[bytes]]:
    """The server's process, its API's URL and a file with what it prints. That goes to the file, not to the
    command's terminal: stopped at the end of a run on a busy machine, the server may be cut off mid-write, and
    the traceback it then prints (a rollback it could not finish) says nothing to the user. It is shown when the
    server fails to start or dies before the run ends."""
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", _site_of("prefect"),
        "--factory", "flows.prefect_database:create_app", "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "error", "--lifespan", "on",
    ]
    output = tempfile.TemporaryFile()
    process = subprocess.Popen(command, env=environment, preexec_fn=die_with_parent(), stdout=output,
                               stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}/api", output


def _last_lines(output: IO[bytes], lines: int = 20) -> str:
    output.seek(0)
    return b"".join(output.readlines()[-lines:]).decode("utf-8", "replace")


def _site_of(package: str) -> str:
    """The folder `package` is installed in, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed here: `make run` installs what the project needs")
    return str(Path(next(iter(spec.submodule_search_locations))).parent)


def _free_port() -> int:
    """A port no one listens on now (the system's pick); uvicorn exits with PORT_TAKEN_EXIT_CODE if that
    changed before it binds."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# No proxy: the server is on this machine, whatever a proxy setting in the environment says.
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _answers(url: str) -> bool:
    try:
        with _direct.open(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


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
