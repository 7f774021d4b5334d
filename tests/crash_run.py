"""Run a `newsfacts` command that kills itself with SIGKILL at a chosen point, so a crash test knows exactly
where the run died: `run(POINT, ["ingest", "--seeds", DIR, "--db", URL])` as a process's target. The crash tests
start these processes from a fork server that has imported this module (and so Prefect and the flow) once.

POINT is one of
    extract:N   on entering the Nth extraction batch
    store:N     inside the Nth store transaction, after all its writes, before its commit
    migrate     after the schema migrations ran on open, before their transaction commits
    none        never: a run to race the killed ones

The hooks wrap functions in this process only; the code under test is unchanged. One thing is switched off:
Prefect's writer slot (`uses_prefect_server` → False). It is a courtesy between runs, not what keeps the store
right, and the lease of a run killed while holding it would make every later run wait 30 s on the test API,
which never reclaims leases.
"""

from __future__ import annotations

import os
import signal
import sys
from functools import wraps
from multiprocessing.synchronize import Barrier
from typing import Any, Callable, NoReturn

from alembic import command

import flows.ingest
from flows import pipeline
from flows.cli import main as newsfacts
from models.store import Store


def kill_self() -> NoReturn:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable: SIGKILL cannot be caught")


def kill_on_call(owner: Any, name: str, number: int, after: bool) -> None:
    """Replace `owner.name` by a wrapper that kills the process on its `number`th call, before or after the call."""
    original: Callable[..., Any] = getattr(owner, name)
    calls = 0

    @wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == number and not after:
            kill_self()
        result = original(*args, **kwargs)
        if calls == number and after:
            kill_self()
        return result

    setattr(owner, name, wrapper)


def arm(point: str) -> None:
    name, _, count = point.partition(":")
    if name == "extract":
        kill_on_call(pipeline, "extract_batch", int(count), after=False)
        # Extraction is cached on content: a run after another on the same files would not reach the kill point.
        flows.ingest.extract_task = flows.ingest.extract_task.with_options(refresh_cache=True)
    elif name == "store":
        kill_on_call(Store, "_sync_claims", int(count), after=True)  # the last step of a batch's transaction
    elif name == "migrate":
        kill_on_call(command, "upgrade", 1, after=True)  # models/migrate.py runs it inside its transaction
    elif name != "none":
        raise SystemExit(f"unknown kill point {point!r}")


def start_together(barrier: Barrier) -> None:
    """Runs racing each other wait for all of them to have read what is stored before any goes on: they then all
    have the same work to do, so each reaches its kill point however the scheduler orders them."""
    original = Store.live_contents

    @wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> dict[str, str]:
        contents = original(*args, **kwargs)
        barrier.wait(timeout=60)
        return contents

    Store.live_contents = wrapper  # type: ignore[method-assign]


def run(point: str, arguments: list[str], barrier: Barrier | None = None) -> NoReturn:
    flows.ingest.uses_prefect_server = lambda: False
    arm(point)
    if barrier is not None:
        start_together(barrier)
    sys.exit(newsfacts(arguments))
