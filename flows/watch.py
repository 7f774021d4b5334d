"""Watch the seeds folder and tell Prefect about each new or changed article file, as an event.

The `on-new-file` deployment (flows/deploy.py) runs the ingest flow for the file each event names: the fast path.
The scheduled scan stays the source of truth, so a missed event (the watcher was down) costs latency, not data.
A burst of many files becomes one folder event instead, which starts one scan: a flow run per file would swamp
Prefect (each costs ~1 s) where a scan takes them in batches.
"""

from __future__ import annotations

import logging
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

log = logging.getLogger(__name__)


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


def emit(event: SeedEvent) -> bool:
    """Send one event to the Prefect API; False when this process emits no events (no API configured)."""
    from prefect.events import emit_event

    return emit_event(event=event.event, resource=event.resource, payload=event.payload) is not None


def watch_seeds(
    seeds_dir: Path, burst: int = DEFAULT_BURST, stop: threading.Event | None = None,
    on_event: Callable[[SeedEvent], None] | None = None,
) -> None:
    """Watch the folder (recursively) until `stop` is set or the process is interrupted, emitting an event for
    each new or changed article file; `on_event` hears about each one sent."""
    from watchfiles import Change, watch

    names = {Change.added: "added", Change.modified: "modified", Change.deleted: "deleted"}
    for changes in watch(seeds_dir, stop_event=stop, recursive=True, raise_interrupt=False):
        for event in seed_events(((names[change], Path(path)) for change, path in changes), seeds_dir, burst):
            if not emit(event):
                log.warning("no Prefect API to send %s to: set PREFECT_API_URL", event.event)
            elif on_event is not None:
                on_event(event)
