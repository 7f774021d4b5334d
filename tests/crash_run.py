"""Run a `newsfacts` command that kills itself with SIGKILL at a chosen point, so a crash test knows exactly
where the run died:

    python -m tests.crash_run POINT -- ingest --seeds DIR --db URL

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
from typing import Any, Callable, NoReturn


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
    from alembic import command

    from flows import pipeline
    from models.store import Store

    name, _, count = point.partition(":")
    if name == "extract":
        kill_on_call(pipeline, "extract_batch", int(count), after=False)
    elif name == "store":
        kill_on_call(Store, "_sync_claims", int(count), after=True)  # the last step of a batch's transaction
    elif name == "migrate":
        kill_on_call(command, "upgrade", 1, after=True)  # models/migrate.py runs it inside its transaction
    elif name != "none":
        raise SystemExit(f"unknown kill point {point!r}")


def main(argv: list[str]) -> int:
    point, separator, *command = argv
    assert separator == "--", __doc__
    import flows.ingest
    from flows.cli import main as newsfacts

    flows.ingest.uses_prefect_server = lambda: False
    arm(point)
    return newsfacts(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
