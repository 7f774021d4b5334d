"""An event the Prefect API did not take is said so and kept to send again; it is not reported as sent."""

from __future__ import annotations

import pytest
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.watch import FILE_CREATED, SeedEvent, send_pending
from tests.deploy_helpers import api_client, harness_api_url, wait_for

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
