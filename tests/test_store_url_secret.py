"""A store URL's password never leaves the settings: not in Prefect's database (flow run parameters and names,
logs, artifacts), not in its result storage, not in the store's own tables, not on the console."""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from flows.cli import main
from models import schema
from tests.conftest import PG_ENV
from tests.deploy_helpers import api_client, harness_api_url, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("prefect_api")]


@pytest.fixture
def secret_store() -> Iterator[tuple[str, str]]:
    """A store owned by a new role with a password: (its URL with the password, the password)."""
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (set by .ci/run)")
    suffix = uuid.uuid4().hex[:12]
    role, database, password = f"nf_secret_{suffix}", f"nf_secret_{suffix}", f"SECRET{uuid.uuid4().hex}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'"))
        connection.execute(text(f'CREATE DATABASE "{database}" OWNER {role}'))
    url = make_url(admin_url).set(username=role, password=password, database=database)
    try:
        yield url.render_as_string(hide_password=False), password
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            connection.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()


def prefect_database_text() -> str:
    """Everything in the Prefect API's database, as SQL text."""
    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL

    url = make_url(str(PREFECT_SERVER_DATABASE_CONNECTION_URL.value()))
    with sqlite3.connect(url.database) as connection:
        return "\n".join(connection.iterdump())


def result_storage_text() -> str:
    folder = Path(os.environ["PREFECT_LOCAL_STORAGE_PATH"])
    return "\n".join(path.read_bytes().decode("utf-8", "replace") for path in folder.rglob("*") if path.is_file())


def store_text(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return "\n".join(str(row) for table in schema.metadata.sorted_tables
                             for row in connection.execute(select(table)))
    finally:
        engine.dispose()


def run_logs(flow_run_id: str) -> list[dict]:
    with api_client(harness_api_url()) as api:
        response = api.post("logs/filter", json={"logs": {"flow_run_id": {"any_": [flow_run_id]}}})
        response.raise_for_status()
        return response.json()


def test_the_password_is_nowhere_after_a_run(secret_store, seeds_dir, capsys):
    url, password = secret_store
    (seeds_dir / "broken.json").write_text('{"title": "Half an article", "text": ')  # an error to record

    assert main(["ingest", "--seeds", str(seeds_dir), "--db", url]) == 1

    console = capsys.readouterr()
    [run_id] = [row[0] for row in _store_rows(url, "SELECT flow_run_id FROM ingest_run")]
    # Logs reach the API in the background: wait for the run's last one.
    logs = wait_for(lambda: [log for log in run_logs(run_id) if "ingest done" in log["message"]] and run_logs(run_id),
                    timeout=30, what="the run's logs")
    assert any("broken.json" in log["message"] for log in logs)
    with api_client(harness_api_url()) as api:
        flow_run = api.get(f"flow_runs/{run_id}").json()
    assert set(flow_run["parameters"]) <= {"published", "path", "retry_failed"}
    for where, found in {
        "console": console.out + console.err, "Prefect database": prefect_database_text(),
        "result storage": result_storage_text(), "store": store_text(url),
        "flow run": str(flow_run), "logs": str(logs),
    }.items():
        assert password not in found, f"the password is in the {where}"
    assert "broken.json" in store_text(url)  # the store was written: the search looked where the run wrote


def _store_rows(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()
