"""A run killed with SIGKILL anywhere (during extraction, inside a store transaction, during a migration on open),
alone or racing other runs, on SQLite and PostgreSQL: the next run leaves the store equal to the store of one
uninterrupted run, and the killed runs are marked `interrupted`, not left `running`.

Kill points are exact: tests/crash_run.py makes the ingest command kill itself at the point named.
"""

from __future__ import annotations

import multiprocessing
import signal
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Iterator

import pytest

from models.migrate import alembic_config, current_revision
from models.query import run_read_only
from models.store import Store, create_store_engine
from tests.conftest import SEED_FILE
from tests.crash_run import run as crash_run
from tests.helpers import rows, run_ingest

pytestmark = pytest.mark.usefixtures("prefect_api")

ARTICLES, BATCH = 4, "2"  # two batches: a kill in the second leaves one committed before it
# What a person sees in the store. Ids, system times (`*_at`) and claim keys (made from entity ids) differ between
# equal stores and are left out; retracted versions too, as their number depends on the order articles arrived in.
CONTENT_QUERIES = {
    "current_claims": "SELECT * FROM current_claims",
    "claim_history": "SELECT * FROM claim_history WHERE retracted_at IS NULL",
    "entities": "SELECT type, name, mentions, article_versions FROM entities",
    "articles": """SELECT a.source_key, v.content_sha256 FROM article a JOIN article_version v ON v.article_id = a.id
                   WHERE v.superseded_at IS NULL""",
}


def article_variants(folder: Path, count: int) -> None:
    text = SEED_FILE.read_text(encoding="utf-8")
    for number in range(count):
        variant = text.replace("approximately 20%", f"approximately {number % 40 + 1}%")
        variant = variant.replace("50,000 troops", f"{50_000 + number * 100:,} troops")
        (folder / f"{number:04d}.txt").write_text(variant, encoding="utf-8")


def store_contents(store_url: str) -> dict[str, list[tuple[str, ...]]]:
    contents = {}
    for name, sql in CONTENT_QUERIES.items():
        columns, values = run_read_only(store_url, sql)
        keep = [i for i, column in enumerate(columns)
                if not (column in ("id", "claim_key") or column.endswith("_id") or column.endswith("_at"))]
        contents[name] = sorted(tuple(str(row[i]) for i in keep) for row in values)
    return contents


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "seeds"
    folder.mkdir()
    article_variants(folder, ARTICLES)
    return folder


def skip_writer_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in tests/crash_run.py: the next run must not wait for a slot a killed run's lease still holds."""
    monkeypatch.setattr("flows.ingest.uses_prefect_server", lambda: False)


@pytest.fixture(autouse=True)
def without_writer_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    skip_writer_slot(monkeypatch)


@pytest.fixture(scope="module")
def uninterrupted(
    prefect_api: None, seeds: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[tuple[str, ...]]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('uninterrupted') / 'store.db'}"
    with pytest.MonkeyPatch.context() as monkeypatch:
        skip_writer_slot(monkeypatch)
        run_ingest(seeds, url)
    return store_contents(url)


@pytest.fixture(scope="module")
def runs(prefect_api: None) -> Iterator[BaseContext]:
    """Where the killed runs start: a fork server that has imported Prefect and the flow once, so each run costs
    its own work and not Prefect's 2-3 s import. Its environment is fixed when it starts, hence set here."""
    from prefect.settings import PREFECT_API_URL

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())
        monkeypatch.setenv("NEWSFACTS_INGEST_BATCH_SIZE", BATCH)
        # The kill points are in the run's own process: its stages run there, not on Dask workers.
        monkeypatch.setenv("NEWSFACTS_DASK_WORKERS", "1")
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tests.crash_run"])
        yield context


def start_ingest(
    runs: BaseContext, point: str, seeds: Path, store_url: str, barrier: Barrier | None = None
) -> BaseProcess:
    arguments = ["ingest", "--seeds", str(seeds), "--db", store_url]
    process = runs.Process(target=crash_run, args=(point, arguments, barrier))
    process.start()
    return process


def finish(run: BaseProcess, point: str) -> None:
    """Wait for a run; it must have died at its kill point, or completed when it had none."""
    run.join(timeout=180)
    expected = 0 if point == "none" else -signal.SIGKILL
    assert run.exitcode == expected, f"{point}: exit code {run.exitcode} (its output is in the captured stderr)"


def run_statuses(store_url: str) -> list[str]:
    return [row["status"] for row in rows(store_url, "SELECT status FROM ingest_run ORDER BY id")]


def schema_revision(store_url: str) -> str | None:
    engine = create_store_engine(store_url)
    try:
        with engine.connect() as connection:
            return current_revision(connection)
    finally:
        engine.dispose()


def old_schema_store(store_url: str) -> None:
    """A store made by the first release, so the next open has to migrate it."""
    from alembic import command

    engine = create_store_engine(store_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0001")
    finally:
        engine.dispose()


def assert_consistent(store_url: str) -> None:
    """Every stored article version has its claims; every timeline matches its evidence."""
    assert rows(store_url, """SELECT av.id FROM article_version av WHERE NOT EXISTS
                              (SELECT 1 FROM claim_observation o WHERE o.article_version_id = av.id)""") == []
    store = Store.open(store_url)
    try:
        assert store.rebuild()[1] == [], "stored timelines must match the evidence"
    finally:
        store.close()


@pytest.mark.parametrize("point", ["extract:2", "store:2", "migrate"])
def test_killed_run_then_next_run_equals_an_uninterrupted_run(
    point: str, store_url: str, seeds: Path, runs: BaseContext, uninterrupted: dict
) -> None:
    if point == "migrate":
        old_schema_store(store_url)
    finish(start_ingest(runs, point, seeds, store_url), point)

    if point == "migrate":
        assert schema_revision(store_url) == "0001", "a killed migration must roll back whole"
    else:
        assert run_statuses(store_url) == ["running"]  # what the killed run left: the next run must fix it
        assert_consistent(store_url)

    summary = run_ingest(seeds, store_url)
    assert summary.files_failed == 0 and summary.files_new + summary.files_unchanged == ARTICLES
    assert store_contents(store_url) == uninterrupted
    assert run_statuses(store_url) == ([] if point == "migrate" else ["interrupted"]) + ["completed"]
    assert rows(store_url, "SELECT id FROM ingest_run WHERE finished_at IS NULL") == []


def test_four_runs_at_once_three_killed_then_next_run_equals_an_uninterrupted_run(
    store_url: str, seeds: Path, runs: BaseContext, uninterrupted: dict
) -> None:
    points = ("store:1", "store:2", "extract:2", "none")
    barrier = runs.Barrier(len(points))
    started = [start_ingest(runs, point, seeds, store_url, barrier) for point in points]
    for run, point in zip(started, points):
        finish(run, point)
    assert_consistent(store_url)

    killed = sum(point != "none" for point in points)
    run_ingest(seeds, store_url)
    assert store_contents(store_url) == uninterrupted
    assert sorted(run_statuses(store_url)) == ["completed"] * (len(points) - killed + 1) + ["interrupted"] * killed


def test_a_live_run_is_not_marked_interrupted(store_url: str) -> None:
    """Two runs at once in one process (two store handles): starting the second leaves the first running."""
    first, second = Store.open(store_url), Store.open(store_url)
    try:
        running = first.start_run(None, "seeds")
        second.finish_run(second.start_run(None, "seeds"), "completed", {})
        assert run_statuses(store_url) == ["running", "completed"]
        assert second.mark_interrupted_runs() == []
        first.finish_run(running, "completed", {})
    finally:
        first.close()
        second.close()
