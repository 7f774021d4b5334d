"""Beyond one machine, on one: the fact store and a Prefect server both on PostgreSQL, the deployments of
config/prefect.yaml in one process work pool, two workers pulling from it, and extraction on a Dask cluster of two
workers started here. A scan (several batches, on Dask) and a run per file race for the same articles; every
article and every version is stored exactly once.

Bounded for CI: 12 small articles; the test took 175 s on 2 shared, busy cores, most of it starting the server, the
workers and their flow-run processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from tests.benchmarks.ingest_throughput import write_variants
from tests.conftest import PROJECT_DIR, _postgres_database
from tests.deploy_helpers import api_client, flow_runs, wait_for
from tests.helpers import rows

pytestmark = [pytest.mark.postgres, pytest.mark.server]
ARTICLES = 12
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prefect(args: list[str], environ: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen([str(Path(sys.executable).with_name("prefect")), *args], stdout=output,
                                stderr=subprocess.STDOUT, env=environ, cwd=PROJECT_DIR, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group, SIGKILL it after a grace period (a worker may ignore SIGTERM)."""
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
            process.wait(timeout=10)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def server_environ(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A Prefect server of the test's own on a PostgreSQL database, without its scheduler (no scheduled scan
    joins the race); the environment that reaches it."""
    database = _postgres_database()
    prefect_db = next(database).replace("postgresql+psycopg://", "postgresql+asyncpg://")
    url = f"http://127.0.0.1:{free_port()}/api"
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "NEWSFACTS_"))}
    environ.update(DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_HOME=str(tmp_path / "home"),
                   PREFECT_API_DATABASE_CONNECTION_URL=prefect_db, PREFECT_API_URL=url,
                   PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false", PYTHONPATH=str(PROJECT_DIR))
    server = prefect(["server", "start", "--host", "127.0.0.1", "--port", url.split(":")[2].split("/")[0]],
                     environ, tmp_path / "server.log")
    try:
        api = api_client(url)
        wait_for(lambda: _healthy(api), 120, "the Prefect server on PostgreSQL")
        yield environ
    finally:
        stop(server)
        next(database, None)


def _healthy(api) -> bool:
    try:
        return api.get("health").status_code == 200
    except Exception:  # not listening yet
        return False


@pytest.fixture
def dask_address() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def run_and_check(environ: dict[str, str], args: list[str], log: Path) -> None:
    done = subprocess.run([str(Path(sys.executable).with_name("prefect")), *args], env=environ, cwd=PROJECT_DIR,
                          stdout=log.open("ab"), stderr=subprocess.STDOUT, timeout=180)
    assert done.returncode == 0, log.read_text()


def test_two_workers_a_dask_cluster_and_postgres_store_each_article_once(
    tmp_path, server_environ, postgres_url, dask_address
):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_variants(seeds, ARTICLES)
    environ = dict(server_environ, NEWSFACTS_SEEDS_DIR=str(seeds), NEWSFACTS_STORE_URL=postgres_url,
                   NEWSFACTS_DASK_ADDRESS=dask_address, NEWSFACTS_INGEST_BATCH_SIZE="3",
                   NEWSFACTS_STORE_DATA_DIR=str(tmp_path / "data"))
    setup = tmp_path / "setup.log"
    run_and_check(environ, ["work-pool", "create", "newsfacts", "--type", "process"], setup)
    run_and_check(environ, ["--no-prompt", "deploy", "--all", "--prefect-file", "config/prefect.yaml"], setup)
    workers = [prefect(["worker", "start", "--pool", "newsfacts", "--limit", "4"], environ,
                       tmp_path / f"worker-{number}.log") for number in (1, 2)]
    try:
        run_and_check(environ, ["deployment", "run", "ingest/scan"], setup)
        for name in sorted(os.listdir(seeds)):
            run_and_check(environ, ["deployment", "run", "ingest/on-new-file", "--param", f"path={name}"], setup)
        api = api_client(environ["PREFECT_API_URL"])

        def all_done() -> list[dict] | None:
            runs = flow_runs(api, {})
            finished = [run for run in runs if run["state_type"] in TERMINAL]
            return runs if len(runs) == 1 + ARTICLES and len(finished) == len(runs) else None

        runs = wait_for(all_done, 600, "every flow run to finish", every=2)
    finally:
        for worker in workers:
            stop(worker)
    assert {run["state_type"] for run in runs} == {"COMPLETED"}, [run["state"] for run in runs]
    # Every run was picked up by a worker, and both workers ran some (a worker's log may also name a run the other
    # one took, so the logs are not a partition; the store checks below prove each article was stored once).
    logs = [(tmp_path / f"worker-{n}.log").read_text() for n in (1, 2)]
    assert all(any(run["id"] in log for log in logs) for run in runs), "a flow run no worker picked up"
    ran = [sum(run["id"] in log for run in runs) for log in logs]
    assert min(ran) > 0, f"runs per worker: {ran}"

    versions = rows(postgres_url, "SELECT a.source_key, v.content_sha256 FROM article a "
                                  "JOIN article_version v ON v.article_id = a.id")
    assert sorted(row["source_key"] for row in versions) == sorted(os.listdir(seeds))
    assert len({(row["source_key"], row["content_sha256"]) for row in versions}) == ARTICLES
    claims = rows(postgres_url, "SELECT claim_id, COUNT(*) AS n FROM claim_history WHERE status = 'current' "
                                "GROUP BY claim_id HAVING COUNT(*) > 1")
    assert claims == []
