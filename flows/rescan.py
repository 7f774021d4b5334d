"""A rescan that reads only what it must: a file whose size and modification time are those it had when it was
last read, and whose content hash then is the one the store holds, is unchanged without being read again.

What each file hashed to is kept per machine, next to the SQLite store (`[store] data_dir`), one file per seeds
folder; the store stays the truth of what is stored, so a lost or stale state file costs reading, never a wrong
answer. This module imports neither Prefect nor Dask: `newsfacts ingest` uses it to find out, in well under a
second, that a scan has nothing to do, before it starts any flow run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from flows.names import escape_path
from flows.records import ArticleFile
from flows.settings import Settings

# source key → [size, mtime, content hash] when it was last read
FileState = dict[str, list]


@dataclass
class Rescan:
    """A scan split into the files to read and those known unchanged from their size and time alone."""

    to_read: list[ArticleFile]
    unchanged: int


def state_path(data_dir: Path, seeds_dir: Path) -> Path:
    folder_id = hashlib.sha256(str(seeds_dir.resolve()).encode()).hexdigest()[:16]
    return data_dir / f"scan-state-{folder_id}.json"


def load_state(path: Path) -> FileState:
    """The saved state; empty when there is none or it cannot be read (everything is then read)."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save_state(path: Path, state: FileState) -> None:
    """Write the state whole, by rename: a crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".scan-state-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(state, out, separators=(",", ":"))
    os.replace(temporary, path)


def split_unchanged(files: Iterable[ArticleFile], state: FileState, stored: dict[str, str]) -> Rescan:
    """Files to read, and the count of those whose size, time and last hash say the store holds them already."""
    to_read: list[ArticleFile] = []
    unchanged = 0
    for file in files:
        known = state.get(file.source_key)
        if known and known[0] == file.size and known[1] == file.mtime and stored.get(file.source_key) == known[2]:
            unchanged += 1
        else:
            to_read.append(file)
    return Rescan(to_read, unchanged)


def remember(state: FileState, read: Iterable[tuple[ArticleFile, str]]) -> None:
    """Record what each file read hashed to, with the size and time the scan saw before reading it: a file
    written in between then looks changed next time, and is read again."""
    for file, sha in read:
        state[file.source_key] = [file.size, file.mtime, sha]


@dataclass
class UnchangedScan:
    """What `newsfacts ingest` prints for a scan that found nothing to do: the ingest summary's counts."""

    store: str
    files_seen: int
    files_skipped: int
    files_new: int = 0
    files_failed: int = 0
    files_failed_before: int = 0
    claims_new: int = 0
    claims_changed: int = 0
    errors: tuple = ()

    @property
    def files_unchanged(self) -> int:
        return self.files_seen


@dataclass
class ScanWork:
    """A scan with something to do, and the files it will read at most, in order (before the store says which it
    holds already): enough to tell whether the stages are worth a Dask cluster, and which files come first."""

    to_read: list[ArticleFile]

    @property
    def files_to_read(self) -> int:
        return len(self.to_read)


def known_unchanged(settings: Settings) -> UnchangedScan | ScanWork:
    """The counts of a scan when a scan of the seeds folder would find nothing new, changed or failed
    before (recorded in the store as a run of its own, with no Prefect flow run); else the work it has."""
    from flows.extract_version import EXTRACTOR_VERSION
    from flows.scan import discover
    from models.store import Store

    files, skipped = discover(settings.seeds_dir, settings.allow_hard_links)
    state = load_state(state_path(settings.data_dir, settings.seeds_dir))
    if len(state) < len(files):  # files the state has never seen: there is work, no need to ask the store
        return ScanWork(split_unchanged(files, state, _as_stored(state)).to_read)
    store = Store.open(settings.store_url)
    try:
        to_read = split_unchanged(files, state, store.live_contents(EXTRACTOR_VERSION)).to_read
        if to_read:
            return ScanWork(to_read)
        run_id = store.start_run(None, escape_path(settings.seeds_dir))
        store.finish_run(run_id, "completed", {"files_seen": len(files), "files_unchanged": len(files)})
    finally:
        store.close()
    return UnchangedScan(settings.store_location, len(files), len(skipped))


def _as_stored(state: FileState) -> dict[str, str]:
    """The hashes the state remembers, taken as what the store holds: for an estimate, never for a decision."""
    return {key: known[2] for key, known in state.items()}
