"""End to end against a real Prefect server: `newsfacts serve` and `newsfacts watch` running, a file dropped into
the seeds folder is stored by a triggered run within seconds, and the scan that follows stores nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from tests.conftest import PROJECT_DIR, SEED_FILE
from tests.deploy_helpers import api_client, artifacts, flow_runs, real_server_url, wait_for
from tests.helpers import rows, table_counts

RUN_TIMEOUT = 90  # drop → stored took 5–10 s on 2 cores
WATCHER_GRACE = timedelta(seconds=20)


def start(command: list[str], log: Path, environ: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "flows.cli", *command], stdout=output, stderr=subprocess.STDOUT,
            env=environ, cwd=PROJECT_DIR, start_new_session=True,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group (serve's flow-run children too), SIGKILL whatever is left after a grace period."""
    for sent, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sent)
            process.wait(timeout=grace)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[httpx.Client, Path, str]]:
    """`newsfacts serve` and `newsfacts watch` on a fresh seeds folder and store, against the real server."""
    url = real_server_url()
    seeds, store_url = tmp_path / "seeds", f"sqlite:///{tmp_path / 'store.db'}"
    seeds.mkdir()
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "NEWSFACTS_"))}
    environ.update(PREFECT_API_URL=url, PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(PROJECT_DIR),
                   DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    where = ["--seeds", str(seeds), "--db", store_url]
    processes = [start(["serve", *where, "--verbose"], tmp_path / "serve.log", environ),
                 start(["watch", *where], tmp_path / "watch.log", environ)]
    try:
        api = api_client(url)
        wait_for(lambda: api.get("deployments/name/ingest/on-new-file").status_code == 200, 60, "the deployments")
        wait_for(lambda: "Watching" in (tmp_path / "watch.log").read_text(), 30, "the watcher")
        yield api, seeds, store_url
    finally:
        for process in processes:
            stop(process)
        for log in ("serve.log", "watch.log"):
            print(f"--- {log}\n{(tmp_path / log).read_text(errors='replace')[-3000:]}")


def finished_run(api: httpx.Client, flow_run_filter: dict) -> dict | None:
    """The newest run matching the filter once it is finished; fails at once when it failed."""
    for run in flow_runs(api, flow_run_filter):
        assert run["state_type"] not in ("FAILED", "CRASHED"), f"{run['name']}: {run['state_name']}"
        if run["state_type"] == "COMPLETED":
            return run
    return None


def test_a_dropped_file_is_stored_by_a_triggered_run_and_the_scan_adds_nothing(served):
    api, seeds, store_url = served
    on_new_file = api.get("deployments/name/ingest/on-new-file").json()
    name = f"dropped-{uuid.uuid4().hex[:8]}.txt"
    dropped_at = datetime.now(timezone.utc)
    (seeds / name).write_text(SEED_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    since_drop = {"deployment_id": {"any_": [on_new_file["id"]]},
                  "expected_start_time": {"after_": dropped_at.isoformat()}}

    def stored_by_triggered_run() -> dict | None:
        if not flow_runs(api, since_drop) and datetime.now(timezone.utc) - dropped_at > WATCHER_GRACE:
            (seeds / name).touch()  # the watcher missed the drop while it was starting up: say it again
        return finished_run(api, {"name": {"like_": f"file-{name}: files 1 new"}})

    run = wait_for(stored_by_triggered_run, RUN_TIMEOUT, f"a completed run that stored {name}", every=2)

    assert run["deployment_id"] == on_new_file["id"] and run["parameters"] == {"path": name}
    assert {"ingest-summary", "ingest-claims"} <= set(artifacts(api, run["id"]))
    assert rows(store_url, "SELECT COUNT(*) AS n FROM current_claims WHERE article = :a", a=name)[0]["n"] > 0
    assert api.get("v2/concurrency_limits/fact-store-writer").json()["limit"] == 1

    scan = api.get("deployments/name/ingest/scan").json()
    created = api.post(f"deployments/{scan['id']}/create_flow_run", json={})
    created.raise_for_status()
    scanned = wait_for(lambda: finished_run(api, {"id": {"any_": [created.json()["id"]]}}), RUN_TIMEOUT, "the scan")
    assert scanned["name"] == "scan-seeds: files 1 unchanged"
    counts = table_counts(store_url)
    assert (counts["article"], counts["article_version"]) == (1, 1)
