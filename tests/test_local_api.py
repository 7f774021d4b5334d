"""`newsfacts ingest` with no PREFECT_API_URL runs its flow on a temporary Prefect server of its own: the run, its
tasks and its artifacts land in the Prefect database of the user's PREFECT_HOME (a Prefect UI started later on it
shows them), the server is gone when the command ends, and the run takes the one-process path (no writer slot) and
sends no heartbeats (nothing outlives the command to watch for them)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from flows.prefect_database import template_path
from tests.conftest import PROJECT_DIR
from tests.deploy_helpers import api_client, flow_run_named, harness_api_url
from tests.test_crash_recovery import article_variants


def test_ingest_without_a_server_records_its_run_in_prefects_database(tmp_path, sqlite_url):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    article_variants(seeds, 3)
    home = tmp_path / "prefect"
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), NEWSFACTS_INGEST_BATCH_SIZE="2")
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "ingest", "--seeds", str(seeds), "--db", sqlite_url],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr

    with sqlite3.connect(home / "prefect.db") as prefect_db:
        runs = prefect_db.execute("SELECT id, state_type, name FROM flow_run").fetchall()
        assert len(runs) == 1
        run_id, state, name = runs[0]
        assert state == "COMPLETED" and name.startswith("scan-seeds: files 3 new")
        tasks = {row[0] for row in prefect_db.execute(
            "SELECT name FROM task_run WHERE flow_run_id = ? AND state_type = 'COMPLETED'", (run_id,))}
        assert {"read-batch-1", "extract-batch-1", "store-batch-2"} <= tasks
        artifacts = {row[0] for row in prefect_db.execute("SELECT key FROM artifact WHERE flow_run_id = ?", (run_id,))}
        assert {"ingest-summary", "ingest-progress"} <= artifacts
        heartbeats = prefect_db.execute(
            "SELECT COUNT(*) FROM events WHERE event = 'prefect.flow-run.heartbeat'").fetchone()
        assert heartbeats == (0,)  # and the flow's end did not wait for a heartbeat thread to wake
        limits = prefect_db.execute("SELECT name FROM concurrency_limit_v2").fetchall()
        assert limits == []  # one process on its own server: nothing to share the store's writer slot with
        # Block types are left to the Prefect server a user starts on this home (its UI lists them): the temporary
        # one neither registers them nor records them as registered, which would make that server skip them.
        assert prefect_db.execute("SELECT COUNT(*) FROM block_type").fetchone() == (0,)
    # It began as the install's migrated copy (flows/prefect_database.py), whose schema is Prefect's own.
    assert schema_of(home / "prefect.db") == schema_of(template_path())
    memo = home / "memo_store.toml"
    assert not memo.exists() or "block_auto_registration" not in memo.read_text()

    assert processes_with(f"PREFECT_HOME={home}") == []  # the server went with the command


def test_flows_run_against_another_server_keep_their_heartbeats():
    """A server that outlives the run can tell a run gone silent (killed, its machine lost) by its heartbeats."""
    from prefect.settings import get_current_settings

    from flows.local_api import flow_run_settings

    before = get_current_settings().flows.heartbeat_frequency
    with flow_run_settings():
        assert get_current_settings().flows.heartbeat_frequency == before is not None


def schema_of(database: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:  # (a missing file is not made)
        rows = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    connection.close()
    return rows


def processes_with(variable: str) -> list[int]:
    """The processes alive now whose environment holds `variable` (NAME=value)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if variable.encode() in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:  # gone, or not ours to read
            continue
    return found


@pytest.mark.usefixtures("prefect_api")
def test_a_profiles_api_url_takes_the_run_though_a_temporary_server_was_started(tmp_path, sqlite_url):
    """The temporary server starts before the command reads Prefect's settings; when the active profile names a
    server after all, the run goes there, and the temporary one does not outlive the command."""
    seeds = tmp_path / f"seeds-{uuid.uuid4().hex[:8]}"
    seeds.mkdir()
    article_variants(seeds, 1)
    home = tmp_path / "prefect"
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(f'active = "elsewhere"\n\n[profiles.elsewhere]\nPREFECT_API_URL = "{harness_api_url()}"\n')
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PREFECT_PROFILES_PATH=str(profiles))
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "ingest", "--seeds", str(seeds), "--db", sqlite_url],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr

    with api_client(harness_api_url()) as api:
        run = flow_run_named(api, f"scan-{seeds.name}")
    assert run["state_type"] == "COMPLETED"
    assert processes_with(f"PREFECT_HOME={home}") == []
