"""An event the Prefect API did not take is said so and kept to send again; it is not reported as sent."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.watch import FILE_CREATED, SeedEvent, send_pending
from tests.conftest import PROJECT_DIR
from tests.deploy_helpers import api_client, ctrl_c_as_at_a_terminal, harness_api_url, real_server_url, wait_for

pytestmark = pytest.mark.usefixtures("prefect_api")


def test_an_event_not_sent_is_kept_and_sent_when_the_server_answers(tmp_path):
    key = f"delivery-{tmp_path.name}.txt"
    event = SeedEvent(FILE_CREATED, {"prefect.resource.id": f"seeds.file.{key}"}, {"path": key})
    sent: list[SeedEvent] = []
    failures: list[str] = []

    with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        pending = send_pending([event], sent.append, lambda _event, reason: failures.append(reason))
    assert pending == [event] and sent == [] and failures and "refused" in failures[0].lower()

    assert send_pending(pending, sent.append, lambda _event, reason: failures.append(reason)) == []
    assert sent == [event]
    api = api_client(harness_api_url())

    def received() -> list[dict]:
        response = api.post("events/filter", json={"filter": {"any_resource": {"id": [f"seeds.file.{key}"]}}})
        response.raise_for_status()
        return response.json()["events"]

    [stored] = wait_for(received, 30, "the event to reach the server")
    assert stored["event"] == FILE_CREATED and stored["payload"] == {"path": key}


def test_watch_prints_an_event_once_the_server_took_it(tmp_path):
    url = real_server_url()
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "NEWSFACTS_"))}
    environ.update(PREFECT_API_URL=url, PREFECT_HOME=str(tmp_path / "home"), PYTHONPATH=str(PROJECT_DIR))
    watcher = subprocess.Popen([sys.executable, "-m", "flows.cli", "watch", "--seeds", str(seeds)], env=environ,
                               cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=ctrl_c_as_at_a_terminal)
    try:
        time.sleep(8)  # imports, the health check, the watch starting
        (seeds / "dropped.txt").write_text("Dropped\nA new article.\n", encoding="utf-8")
        ready, _, _ = select.select([watcher.stdout], [], [], 30)
        line = watcher.stdout.readline() if ready else ""
    finally:
        watcher.send_signal(signal.SIGINT)
        _, err = watcher.communicate(timeout=30)
    assert line.strip() == "sent seeds.file.created dropped.txt", err
