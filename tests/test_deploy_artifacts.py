"""A run leaves in the Prefect UI what a person needs to follow it: a name saying what it did, a task run per stage
and batch, the summary, a table of the claims it added or changed, and progress while a long scan runs."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest

from tests.conftest import SEED_FILE
from tests.deploy_helpers import api_client, artifacts, flow_run_named, harness_api_url, task_run_names, wait_for
from tests.helpers import run_ingest

pytestmark = pytest.mark.usefixtures("prefect_api")


@pytest.fixture
def named_seeds(tmp_path: Path) -> Path:
    """A seeds folder with a name no other run has, so its runs can be found by name."""
    folder = tmp_path / f"seeds-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / "talks.txt")
    return folder


def test_run_name_task_runs_summary_and_claims_table(named_seeds, sqlite_url):
    summary = run_ingest(named_seeds, sqlite_url)
    api = api_client(harness_api_url())

    run = flow_run_named(api, f"scan-{named_seeds.name}")
    assert run["name"] == f"scan-{named_seeds.name}: files 1 new; claims {summary.claims_new} new"
    stages = {f"{stage}-batch-1" for stage in ("read", "extract", "store")}
    wait_for(lambda: task_run_names(api, run["id"]) >= stages, 30, "the task runs to be recorded")
    found = artifacts(api, run["id"])
    assert "| 1 | 1 | 0 | 0 | 0 |" in found["ingest-summary"]["data"]
    claims = json.loads(found["ingest-claims"]["data"])
    assert len(claims) >= summary.claims_new > 0
    assert {row["status"] for row in claims} == {"new"} and {row["source"] for row in claims} == {"talks\\.txt"}
    assert list(claims[0])[:4] == ["subject", "change", "valid_from", "source"]  # what changed leads
    assert "ingest-progress" not in found  # one batch: nothing to follow


def test_claims_table_shows_what_a_changed_article_changed(named_seeds, sqlite_url):
    run_ingest(named_seeds, sqlite_url)
    article = named_seeds / "talks.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("50,000 troops", "60,000 troops"), "utf-8")

    summary = run_ingest(named_seeds, sqlite_url)

    assert summary.claims_changed >= 1
    api = api_client(harness_api_url())
    run = flow_run_named(api, f"scan-{named_seeds.name}")
    claims = json.loads(artifacts(api, run["id"])["ingest-claims"]["data"])
    [troops] = [row for row in claims if row["kind"] == "quantity" and "troops" in row["change"]]
    assert troops["status"] == "changed"
    assert troops["change"].index("50,000") < troops["change"].index(" → ") < troops["change"].index("60,000")


def test_claims_table_cells_are_escaped_and_cut_to_a_readable_width():
    from flows.ingest import CLAIMS_TABLE_WIDTHS, claims_table

    row = {"status": "changed", "kind": "quantity", "subject": "troops", "predicate": "count",
           "object": "said " * 100, "value": ">60,000 troops", "previous_value": "*50,000* troops",
           "valid_from": "2025-06-01", "article": "a_b|c.txt"}

    [cells] = claims_table([row])

    assert cells["change"] == "\\*50,000\\* troops → \\>60,000 troops"  # not emphasis, not a quote
    assert cells["source"] == "a\\_b\\|c\\.txt"
    assert len(cells["detail"]) == CLAIMS_TABLE_WIDTHS["detail"] and cells["detail"].endswith("…")


def test_a_scan_of_several_batches_reports_its_progress(named_seeds, sqlite_url, monkeypatch):
    shutil.copy(SEED_FILE, named_seeds / "copy.txt")
    monkeypatch.setenv("NEWSFACTS_INGEST_BATCH_SIZE", "1")

    run_ingest(named_seeds, sqlite_url)

    api = api_client(harness_api_url())
    run = flow_run_named(api, f"scan-{named_seeds.name}")
    progress = artifacts(api, run["id"])["ingest-progress"]
    assert progress["type"] == "progress" and float(progress["data"]) == 100.0
    assert {"store-batch-1", "store-batch-2"} <= task_run_names(api, run["id"])
