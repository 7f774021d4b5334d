"""`newsfacts ingest` killed with SIGKILL leaves no process behind: the temporary Prefect API server it started
(no PREFECT_API_URL) dies with it and its port is free again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from models.liveness import process_start
from tests.conftest import PROJECT_DIR
from tests.helpers import rows
from tests.test_crash_recovery import article_variants

ARTICLES = 40


def descendants(pid: int) -> dict[int, str | None]:
    """Every process below `pid`, with its start (so a reused pid is not mistaken for it)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(text[text.rindex(")") + 2 :].split()[1])
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found[child] = process_start(child)
                frontier.append(child)
    return found


def server_port(pids: dict[int, str | None]) -> int | None:
    for pid in pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"uvicorn" in command and b"--port" in command:
            return int(command[command.index(b"--port") + 1])
    return None


def port_is_free(port: int) -> bool:
    """Whether a server could listen on `port` again. SO_REUSEADDR, as uvicorn sets it: connections the killed
    server left in TIME_WAIT do not hold the port against a new listener."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_killed_cli_takes_the_temporary_prefect_server_with_it(tmp_path, sqlite_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    article_variants(seeds, ARTICLES)
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    # Its own Prefect home: the temporary server's database stays out of the user's ~/.prefect.
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), NEWSFACTS_INGEST_BATCH_SIZE="1")
    cli = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "ingest", "--seeds", str(seeds), "--db", sqlite_url],
        cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    children: dict[int, str | None] = {}
    try:
        children, port = wait_until_storing(cli, sqlite_url)
        cli.send_signal(signal.SIGKILL)  # the command alone, as `kill -9 PID` would
        cli.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (alive(children) or not port_is_free(port)):
            time.sleep(0.1)
        assert alive(children) == [], "processes of the killed command are still running"
        assert port_is_free(port)
    finally:  # leave nothing behind when the test fails
        if cli.poll() is None:
            os.killpg(cli.pid, signal.SIGKILL)
            cli.wait()
        for pid in alive(children):
            os.kill(pid, signal.SIGKILL)


def wait_until_storing(cli: subprocess.Popen, store_url: str) -> tuple[dict[int, str | None], int]:
    """Wait until the command has its server up and has stored a first article; its children and the port."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and cli.poll() is None:
        time.sleep(0.2)
        children = descendants(cli.pid)
        port = server_port(children)
        if port is not None and stored_articles(store_url) > 0:
            assert cli.poll() is None, "the run finished before it could be killed"
            return children, port
    raise AssertionError(f"the command never got to storing (exit code {cli.poll()})")


def stored_articles(store_url: str) -> int:
    try:
        return rows(store_url, "SELECT COUNT(*) AS n FROM article_version")[0]["n"]
    except Exception:  # no store yet
        return 0


def alive(processes: dict[int, str | None]) -> list[int]:
    return [pid for pid, start in processes.items() if start is not None and process_start(pid) == start]
