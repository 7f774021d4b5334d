"""Where a run reads and where it writes come from the settings, never from run parameters: anyone who can start a
run on the Prefect API sets those. A deployed run has three parameters, `published`, `path` and `retry_failed`,
and the flow refuses any other."""

from __future__ import annotations

import pytest
from prefect.exceptions import SignatureMismatchError

from flows.deploy import build_deployments
from flows.ingest import ingest_flow
from flows.settings import load_settings
from tests.conftest import PROJECT_DIR
from tests.helpers import rows

PARAMETERS = {"published", "path", "retry_failed"}


@pytest.fixture
def settings():
    return load_settings(PROJECT_DIR / "config" / "newsfacts.toml", environ={})


def test_the_flow_and_its_deployments_take_no_folder_and_no_store(settings):
    assert set(ingest_flow.parameters.properties) == PARAMETERS
    for deployment in build_deployments(settings):
        assert set(deployment._parameter_openapi_schema.properties) == PARAMETERS, deployment.name


@pytest.mark.parametrize("parameters", [{"db_url": "sqlite:////tmp/anywhere.db"}, {"seeds_dir": "/etc"}])
def test_a_run_that_names_a_folder_or_a_store_is_refused(parameters):
    # The engine validates a run's parameters against the flow before it runs it (a deployed run included).
    with pytest.raises(SignatureMismatchError):
        ingest_flow.validate_parameters(parameters)


@pytest.mark.usefixtures("prefect_api")
def test_a_deployed_run_reads_the_folder_and_store_from_the_environment(seeds_dir, sqlite_url, monkeypatch):
    # What `newsfacts serve` and a worker hand their runs: NEWSFACTS_* variables, not parameters.
    monkeypatch.setenv("NEWSFACTS_SEEDS_DIR", str(seeds_dir))
    monkeypatch.setenv("NEWSFACTS_STORE_URL", sqlite_url)
    summary = ingest_flow()
    assert (summary["files_seen"], summary["files_new"]) == (1, 1)
    assert len(rows(sqlite_url, "SELECT source_key FROM article")) == 1
