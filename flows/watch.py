"""Watch the seeds folder and tell Prefect about each new or changed article file, as an event.

The `on-new-file` deployment (flows/deploy.py) runs the ingest flow for the file each event names: the fast path.
The scheduled scan stays the source of truth, so a missed event (the watcher was down) costs latency, not data.
A burst of many files becomes one folder event instead, which starts one scan: a flow run per file would swamp
Prefect (each costs ~1 s) where a scan takes them in batches.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from flows.names import escape_name, escape_path
from flows.scan import SUPPORTED_SUFFIXES

FILE_CREATED = "seeds.file.created"
FILE_CHANGED = "seeds.file.changed"
FOLDER_CHANGED = "seeds.folder.changed"
FILE_RESOURCE_PREFIX = "seeds.file."
FOLDER_RESOURCE_PREFIX = "seeds.folder."
# More changed files than this in one quiet period become one folder event (one scan).
DEFAULT_BURST = 20
# How often an event the Prefect API did not take is tried again.
RETRY_SECONDS = 5.0


@dataclass(frozen=True)
class SeedEvent:
    """One Prefect event to emit: its name, the resource it concerns, and its payload."""

    event: str
    resource: dict[str, str]
    payload: dict[str, str]


def seed_events(changes: Iterable[tuple[str, Path]], seeds_dir: Path, burst: int = DEFAULT_BURST) -> list[SeedEvent]:
    """The events for one batch of file-system changes, given as (`added` | `modified` | `deleted`, path).

    One event per added or modified article file, keyed by its source key (its path relative to the seeds folder,
    escaped as flows/names.py does, which is what the flow's `path` takes); deleted files
    and unsupported types are ignored (the store keeps what it had). More than `burst` files: one folder event."""
    root = seeds_dir.resolve()
    kinds: dict[str, str] = {}
    for change, path in changes:
        if change == "deleted" or path.suffix.lower() not in SUPPORTED_SUFFIXES or not path.is_file():
            continue
        try:
            key = escape_name(path.resolve().relative_to(root).as_posix())
        except ValueError:  # a link out of the folder: the flow would refuse it too
            continue
        # Added then modified in one quiet period is still a new file.
        kinds[key] = FILE_CREATED if change == "added" or kinds.get(key) == FILE_CREATED else FILE_CHANGED
    if len(kinds) > burst:
        return [SeedEvent(FOLDER_CHANGED, {"prefect.resource.id": f"{FOLDER_RESOURCE_PREFIX}{root}"},
                          {"seeds_dir": escape_path(root), "files": str(len(kinds))})]
    return [
        SeedEvent(kind, {"prefect.resource.id": f"{FILE_RESOURCE_PREFIX}{key}", "prefect.resource.name": key},
                  {"path": key, "seeds_dir": str(root)})
        for key, kind in sorted(kinds.items())
    ]


class EventNotSent(Exception):
    """The Prefect API did not take the event (not running, unreachable, refused it); the message says why."""


def emit(event: SeedEvent) -> None:
    """Send one event to the Prefect API and wait for it to be accepted, or raise EventNotSent. Not
    `prefect.events.emit_event`: it queues the event and returns as if sent, and drops it if the server is down."""
    import httpx
    from prefect.client.orchestration import get_client
    from prefect.events import Event

    body = Event(event=event.event, resource=event.resource, payload=event.payload).model_dump(mode="json")
    try:
        with get_client(sync_client=True) as client:
            client.request("POST", "/events", json=[body]).raise_for_status()
    except (httpx.HTTPError, OSError, RuntimeError) as error:
        raise EventNotSent(str(error) or type(error).__name__) from error


def send_pending(
    pending: list[SeedEvent], on_event: Callable[[SeedEvent], None], on_failure: Callable[[SeedEvent, str], None]
) -> list[SeedEvent]:
    """Send the events in order until one fails; the ones not sent, to try again later (the API is down, so
    trying the rest now would only fail the same way)."""
    for index, event in enumerate(pending):
        try:
            emit(event)
        except EventNotSent as error:
            on_failure(event, str(error))
            return pending[index:]
        on_event(event)
    return []


def watch_seeds(
    seeds_dir: Path, burst: int = DEFAULT_BURST, stop: threading.Event | None = None,
    on_event: Callable[[SeedEvent], None] = lambda event: None,
    on_failure: Callable[[SeedEvent, str], None] = lambda event, reason: None,
    retry_seconds: float = RETRY_SECONDS,
) -> None:
    """Watch the folder (recursively) until `stop` is set or the process is interrupted, sending an event for
    each new or changed article file. `on_event` hears about each one sent, `on_failure` about each attempt that
    failed; an event not sent is tried again every `retry_seconds`, before any newer one."""
    from watchfiles import Change, watch

    names = {Change.added: "added", Change.modified: "modified", Change.deleted: "deleted"}
    pending: list[SeedEvent] = []
    for changes in watch(seeds_dir, stop_event=stop, recursive=True, raise_interrupt=False,
                         yield_on_timeout=True, rust_timeout=int(retry_seconds * 1000)):
        pending += seed_events(((names[change], Path(path)) for change, path in changes), seeds_dir, burst)
        pending = send_pending(pending, on_event, on_failure)
