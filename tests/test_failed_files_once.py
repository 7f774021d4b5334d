"""A run whose files failed is told apart at a glance (a named Completed state, an event for automations), and a
file that failed is neither processed nor recorded again until its content changes, or `--retry-failed`."""

from __future__ import annotations

import pytest

from flows.ingest import COMPLETED_WITH_FAILURES, FILES_FAILED_EVENT
from tests.deploy_helpers import api_client, flow_run_named, harness_api_url, wait_for
from tests.helpers import rows, run_ingest

pytestmark = pytest.mark.usefixtures("prefect_api")


@pytest.fixture
def bad_seeds(seeds_dir):
    (seeds_dir / "empty.txt").write_bytes(b"")
    (seeds_dir / "broken.json").write_text('{"title": "Half an article", "text": ')
    return seeds_dir


def failed_events(api, seeds_dir) -> list[dict]:
    response = api.post("events/filter", json={"filter": {"event": {"name": [FILES_FAILED_EVENT]}, "any_resource": {
        "id": [f"newsfacts.seeds.{seeds_dir}"]}}})
    response.raise_for_status()
    return response.json()["events"]


def test_a_run_with_failed_files_is_completed_with_failures_and_says_so_by_event(bad_seeds, sqlite_url):
    summary = run_ingest(bad_seeds, sqlite_url)

    assert summary.files_failed == 2
    api = api_client(harness_api_url())
    run = flow_run_named(api, f"scan-{bad_seeds.name}")
    assert run["state"]["type"] == "COMPLETED" and run["state"]["name"] == COMPLETED_WITH_FAILURES
    [event] = wait_for(lambda: failed_events(api, bad_seeds), 30, "the files-failed event")
    assert event["payload"]["files_failed"] == 2
    assert {error["file"] for error in event["payload"]["errors"]} == {"empty.txt", "broken.json"}
    assert any(related["prefect.resource.id"] == f"prefect.flow-run.{run['id']}" for related in event["related"])


def test_an_unchanged_bad_file_is_not_processed_or_recorded_again(bad_seeds, store_url):
    run_ingest(bad_seeds, store_url)
    again = run_ingest(bad_seeds, store_url)
    third = run_ingest(bad_seeds, store_url)

    assert (again.files_failed, again.files_failed_before) == (0, 2)
    assert (third.files_failed, third.files_failed_before) == (0, 2)
    errors = rows(store_url, "SELECT source_key, ingest_run_id FROM ingest_error ORDER BY source_key")
    assert [row["source_key"] for row in errors] == ["broken.json", "empty.txt"]
    assert {row["ingest_run_id"] for row in errors} == {1}  # the run that met them first


def test_a_changed_bad_file_is_tried_again(bad_seeds, sqlite_url):
    run_ingest(bad_seeds, sqlite_url)
    (bad_seeds / "broken.json").write_text('{"title": "Still broken", "text": ')

    summary = run_ingest(bad_seeds, sqlite_url)

    assert [error["file"] for error in summary.errors] == ["broken.json"] and summary.files_failed_before == 1
    assert len(rows(sqlite_url, "SELECT id FROM ingest_error WHERE source_key = 'broken.json'")) == 2


def test_retry_failed_processes_them_again_without_a_second_row(bad_seeds, sqlite_url):
    from flows.ingest import ingest
    from flows.settings import load_settings

    run_ingest(bad_seeds, sqlite_url)
    settings = load_settings().with_overrides(seeds_dir=bad_seeds, store_url=sqlite_url)

    summary = ingest(settings, retry_failed=True)

    assert summary.files_failed == 2 and summary.files_failed_before == 0
    assert len(rows(sqlite_url, "SELECT id FROM ingest_error")) == 2
