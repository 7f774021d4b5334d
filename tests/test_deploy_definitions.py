"""The deployments run the scan on the settings' schedule and the single-file ingest on the watcher's events; the
work-pool route (config/prefect.yaml) defines the same two; `serve` and `watch` say what to do without a server."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta

import pytest
import yaml

from flows.deploy import FILE_DEPLOYMENT, SCAN_DEPLOYMENT, build_deployments
from flows.settings import load_settings
from tests.conftest import PROJECT_DIR

CONFIG = PROJECT_DIR / "config" / "newsfacts.toml"


@pytest.fixture
def settings():
    return load_settings(CONFIG, environ={})


def by_name(deployments):
    return {deployment.name: deployment for deployment in deployments}


def test_scan_runs_on_the_settings_interval_one_at_a_time_and_cron_wins(settings):
    scan = by_name(build_deployments(settings))[SCAN_DEPLOYMENT]
    [schedule] = scan.schedules
    assert schedule.schedule.interval == timedelta(seconds=settings.schedule_interval_seconds)
    assert (scan.concurrency_options.collision_strategy.value, scan.concurrency_limit) == ("CANCEL_NEW", 1)

    scan = by_name(build_deployments(replace(settings, schedule_cron="*/10 * * * *")))[SCAN_DEPLOYMENT]
    [schedule] = scan.schedules
    assert schedule.schedule.cron == "*/10 * * * *"


def test_file_events_start_a_run_for_that_file_only(settings):
    deployments = by_name(build_deployments(settings))
    [trigger] = deployments[FILE_DEPLOYMENT].triggers
    assert trigger.expect == {"seeds.file.created", "seeds.file.changed"}
    assert trigger.match.model_dump() == {"prefect.resource.id": "seeds.file.*"}
    assert trigger.parameters == {"path": "{{ event.payload.path }}"}
    assert not deployments[FILE_DEPLOYMENT].schedules
    [burst] = deployments[SCAN_DEPLOYMENT].triggers
    assert burst.expect == {"seeds.folder.changed"} and not burst.parameters


def test_prefect_yaml_defines_the_same_deployments(settings):
    config = yaml.safe_load((PROJECT_DIR / "config" / "prefect.yaml").read_text(encoding="utf-8"))
    from_yaml = {entry["name"]: entry for entry in config["deployments"]}
    served = by_name(build_deployments(settings))
    assert set(from_yaml) == set(served)
    assert from_yaml[SCAN_DEPLOYMENT]["schedules"] == [{"interval": settings.schedule_interval_seconds}]
    scan = served[SCAN_DEPLOYMENT]
    assert from_yaml[SCAN_DEPLOYMENT]["concurrency_limit"] == {
        "limit": scan.concurrency_limit, "collision_strategy": scan.concurrency_options.collision_strategy.value
    }
    for name, deployment in served.items():
        entry = from_yaml[name]
        assert entry["entrypoint"] == "flows/ingest.py:ingest_flow"
        assert [(set(t["expect"]), t["match"], t.get("parameters")) for t in entry["triggers"]] == [
            (t.expect, t.match.model_dump(), t.parameters) for t in deployment.triggers
        ]


@pytest.mark.parametrize("command", ["serve", "watch"])
def test_serve_and_watch_explain_that_they_need_a_prefect_server(command, tmp_path):
    environ = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    environ.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(PROJECT_DIR))
    finished = subprocess.run(
        [sys.executable, "-m", "flows.cli", command, "--seeds", str(PROJECT_DIR / "seeds")],
        capture_output=True, text=True, env=environ, cwd=PROJECT_DIR, timeout=60,
    )
    assert finished.returncode == 2
    assert "needs a Prefect server" in finished.stderr and "prefect server start" in finished.stderr
