"""Store writes survive what a second try fixes, and a scheduled scan and a triggered run that meet on one file
store it once."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest
from prefect import flow
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from flows.extract import EXTRACTOR_VERSION
from flows.ingest import IngestSummary, ingest, store_task
from flows.pipeline import article_file, extract_files
from flows.records import FileError
from flows.settings import load_settings
from models.store import Store, is_transient
from tests.conftest import SEED_FILE
from tests.helpers import rows, table_counts


def test_transient_errors_are_told_from_bugs():
    locked = OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked"))
    duplicate = IntegrityError("INSERT …", {}, sqlite3.IntegrityError("UNIQUE constraint failed: article_version.id"))
    missing = IntegrityError("INSERT …", {}, sqlite3.IntegrityError("NOT NULL constraint failed: claim.kind"))
    dropped = DBAPIError("SELECT 1", {}, Exception("server closed the connection"), connection_invalidated=True)
    assert is_transient(locked) and is_transient(duplicate)
    assert is_transient(dropped)
    assert not is_transient(missing) and not is_transient(ValueError("a bug"))


class FlakyStore:
    """A store whose first saves fail with `error`, then work."""

    def __init__(self, store: Store, failures: int, error: Exception) -> None:
        self.store, self.failures, self.error, self.calls = store, failures, error, 0

    def save_articles(self, *args: Any) -> Any:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return self.store.save_articles(*args)


@pytest.mark.usefixtures("prefect_api")
@pytest.mark.parametrize(
    "error, stored",
    [(OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked")), True),
     (ValueError("a bug"), False)],
)
def test_the_store_task_retries_transient_errors_only(sqlite_url, error, stored):
    [extraction], _ = extract_files([article_file(SEED_FILE)], 10_000_000)
    store = Store.open(sqlite_url)
    flaky = FlakyStore(store, failures=2, error=error)

    @flow
    def save() -> tuple[dict[str, int], list[FileError]]:
        run_id = store.start_run(None, "seeds")
        return store_task.with_options(retry_delay_seconds=0)(flaky, run_id, [extraction], 1)

    try:
        totals, errors = save()
        if stored:
            assert (totals["files_new"], errors, flaky.calls) == (1, [], 3)
        else:  # not retried: the file's store error, and the run goes on
            [failed] = errors
            assert (failed.stage, failed.message, flaky.calls) == ("store", "The store refused the article: "
                                                                   "ValueError: a bug", 1)
        assert bool(store.live_contents(EXTRACTOR_VERSION)) is stored
    finally:
        store.close()


@pytest.mark.usefixtures("prefect_api")
def test_a_scan_and_a_triggered_run_at_once_store_the_file_once(seeds_dir, store_url):
    settings = load_settings().with_overrides(seeds_dir=seeds_dir, store_url=store_url)
    Store.open(store_url).close()  # the schema exists before the two runs race
    summaries: list[IngestSummary] = []
    failures: list[BaseException] = []

    def run(path: str | None) -> None:
        try:
            summaries.append(ingest(settings, path=path))
        except BaseException as error:  # reported below, with the other run's outcome
            failures.append(error)

    runs = [threading.Thread(target=run, args=(path,)) for path in (None, SEED_FILE.name)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(timeout=120)

    assert not failures, failures
    assert sorted(s.files_new for s in summaries) == [0, 1]
    assert sum(s.files_new + s.files_unchanged for s in summaries) == 2
    counts = table_counts(store_url)
    assert (counts["article"], counts["article_version"]) == (1, 1)
    twice = "SELECT claim_id FROM current_claims GROUP BY claim_id HAVING COUNT(*) > 1"
    assert rows(store_url, twice) == []
