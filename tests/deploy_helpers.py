"""Reading what a run left in Prefect through its REST API: the tests of deployments, artifacts and the UI share
these, whether the API is the session's test harness or a real `prefect server start`."""

from __future__ import annotations

import os
import signal
import time
from typing import Any, Callable, TypeVar

import httpx
import pytest

T = TypeVar("T")
SERVER_ENV = "NEWSFACTS_TEST_PREFECT_API_URL"


class RetryWhenBusy(httpx.HTTPTransport):
    """Prefect's server answers 503 to a request that failed on something a retry can get past (its SQLite
    database briefly locked by the runs it serves), and Prefect's own client retries those; so do the tests."""

    WAITS = (0.5, 1.0, 2.0, 4.0)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for wait in self.WAITS:
            response = super().handle_request(request)
            if response.status_code != httpx.codes.SERVICE_UNAVAILABLE:
                return response
            response.close()
            time.sleep(wait)
        return super().handle_request(request)


def api_client(api_url: str) -> httpx.Client:
    return httpx.Client(base_url=api_url.rstrip("/") + "/", timeout=30, transport=RetryWhenBusy())


def harness_api_url() -> str:
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    assert url, "the prefect_api fixture sets PREFECT_API_URL"
    return url


def flow_runs(api: httpx.Client, flow_run_filter: dict[str, Any]) -> list[dict[str, Any]]:
    response = api.post("flow_runs/filter", json={"flow_runs": flow_run_filter, "sort": "START_TIME_DESC"})
    response.raise_for_status()
    return response.json()


def flow_run_named(api: httpx.Client, prefix: str) -> dict[str, Any]:
    """The newest flow run whose name starts with `prefix`."""
    runs = [run for run in flow_runs(api, {"name": {"like_": prefix}}) if run["name"].startswith(prefix)]
    assert runs, f"no flow run named {prefix}…"
    return runs[0]


def artifacts(api: httpx.Client, flow_run_id: str) -> dict[str, dict[str, Any]]:
    """The run's artifacts by key (the latest of each)."""
    response = api.post("artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [flow_run_id]}},
                                                  "sort": "CREATED_DESC"})
    response.raise_for_status()
    latest: dict[str, dict[str, Any]] = {}
    for artifact in response.json():
        latest.setdefault(artifact["key"], artifact)
    return latest


def task_run_names(api: httpx.Client, flow_run_id: str) -> set[str]:
    response = api.post("task_runs/filter", json={"task_runs": {"flow_run_id": {"any_": [flow_run_id]}}})
    response.raise_for_status()
    return {task_run["name"] for task_run in response.json()}


def wait_for(probe: Callable[[], T | None], timeout: float, what: str, every: float = 0.5) -> T:
    """Poll `probe` until it returns something truthy; the server records runs and events asynchronously."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def real_server_url() -> str:
    """The API URL of a real `prefect server start` (.ci/run starts one); skips the test when there is none."""
    url = os.environ.get(SERVER_ENV)
    if not url:
        pytest.skip(f"needs a real Prefect server: set {SERVER_ENV} (.ci/run does)")
    return url.rstrip("/")


def ctrl_c_as_at_a_terminal() -> None:
    """A `preexec_fn` for a command the test stops with SIGINT, as Ctrl-C would: the default disposition, whatever
    this process inherited. A shell starts its background jobs with SIGINT ignored, and a Python started so never
    turns SIGINT into KeyboardInterrupt: the command would not stop, and would go on serving beside later tests."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
