"""Whether the process that runs an ingest is still alive, so that a run killed mid-way (kill -9, OOM, power
loss) is marked `interrupted` by the next run instead of staying `running` for ever.

Each dialect has its own test, because a SQLite store and a PostgreSQL store are shared differently:

- SQLite: the store is a local file, so its runs are processes on this host. `ingest_run` records the host, the
  pid and the process's start (boot id + start time in clock ticks, from /proc): a run is gone when no process
  with that pid and that start exists. The start tells a reused pid from the run's own process.
- PostgreSQL: runs may be on other machines, where a pid says nothing. Each run holds a session advisory lock on
  its id for its whole life (see Store.start_run); PostgreSQL drops the lock when the run's connection ends,
  which happens at once when its process is killed (the kernel closes the socket). So a run whose lock another
  session can take is gone. Chosen over a heartbeat column: no thread writing every few seconds, no age threshold
  to tune, and a killed run is recognised at once instead of after the threshold. A machine that vanishes without
  closing its sockets is noticed when the server's TCP keepalive gives up (RUN_LOCK_KEEPALIVE below).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

# The first key of every run lock: an arbitrary constant ("nfru" in ASCII) that keeps these advisory locks apart
# from other applications' locks on the same database. The second key is the run id.
RUN_LOCK_SPACE = 0x6E667275
# Server-side keepalive for the session holding a run lock: a vanished client is dropped (and its run lock freed)
# after about 60 + 3 × 10 s of silence, not the kernel's default two hours.
RUN_LOCK_KEEPALIVE = {"tcp_keepalives_idle": 60, "tcp_keepalives_interval": 10, "tcp_keepalives_count": 3}


@dataclass(frozen=True)
class ProcessIdentity:
    host: str
    pid: int
    start: str | None  # None where there is no /proc: then the pid alone is checked

    def as_row(self) -> dict[str, object]:
        return {"host": self.host, "pid": self.pid, "process_start": self.start}


def this_process() -> ProcessIdentity:
    return ProcessIdentity(socket.gethostname(), os.getpid(), process_start(os.getpid()))


def process_start(pid: int) -> str | None:
    """`<boot id>:<start ticks>` of a live process; None when it is gone, a zombie, or there is no /proc."""
    try:
        boot_id = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The fields after the command name, which is in parentheses and may itself hold spaces or parentheses.
    fields = stat[stat.rindex(")") + 2 :].split()
    state, start_ticks = fields[0], fields[19]
    return None if state in ("Z", "X") else f"{boot_id}:{start_ticks}"


def pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def local_run_is_alive(host: str | None, pid: int | None, start: str | None) -> bool:
    """For SQLite stores. A run recorded on another host is taken as alive: it cannot be checked from here.
    A run without a pid was recorded before liveness was (schema 0003) and is taken as gone."""
    if pid is None:
        return False
    if host != socket.gethostname():
        return True
    if start is None:
        return pid_exists(pid)
    return process_start(pid) == start


def take_run_lock(connection: Connection, run_id: int) -> None:
    """Hold the run's advisory lock for the life of this session (PostgreSQL only)."""
    for setting, value in RUN_LOCK_KEEPALIVE.items():
        connection.execute(text(f"SET {setting} = {int(value)}"))
    connection.execute(text("SELECT pg_advisory_lock(:space, :run)"), {"space": RUN_LOCK_SPACE, "run": run_id})


def release_run_lock(connection: Connection, run_id: int) -> None:
    connection.execute(text("SELECT pg_advisory_unlock(:space, :run)"), {"space": RUN_LOCK_SPACE, "run": run_id})


def remote_run_is_gone(connection: Connection, run_id: int) -> bool:
    """For PostgreSQL stores: whether the run's lock is free, i.e. its owner's session has ended. The lock taken
    to find out is given back at once; the run id is never reused, so nobody can be waiting for it."""
    taken = connection.execute(
        text("SELECT pg_try_advisory_lock(:space, :run)"), {"space": RUN_LOCK_SPACE, "run": run_id}
    ).scalar_one()
    if taken:
        release_run_lock(connection, run_id)
    return bool(taken)
