"""A run's claim counts are what the store holds once the run is done, however many batches it took: a version
one batch made and a later batch of the same run replaced is not counted twice."""

from __future__ import annotations

import shutil

import pytest

from models import schema
from models.store import Store, _run_changes, _run_status_counts
from tests.conftest import SEED_FILE
from tests.helpers import rows, run_ingest, scalar, write_article

pytestmark = pytest.mark.usefixtures("prefect_api")

# The claims a run's articles hold a live version of, each once; "changed" when an earlier run had a version too.
LIVE_CLAIMS = """
SELECT COUNT(DISTINCT v.claim_id) FROM claim_version v
JOIN claim_observation o ON o.id = v.observation_id
JOIN article_version a ON a.id = o.article_version_id
WHERE"""
IN_RUN = """ a.ingest_run_id = :run AND v.retracted_at IS NULL
  AND {earlier} EXISTS (
    SELECT 1 FROM claim_version e
    JOIN claim_observation eo ON eo.id = e.observation_id
    JOIN article_version ea ON ea.id = eo.article_version_id
    WHERE e.claim_id = v.claim_id AND ea.ingest_run_id <> :run)
"""


def test_a_multi_batch_scan_counts_what_the_store_holds(seeds_dir, sqlite_url, monkeypatch):
    article = seeds_dir / SEED_FILE.name
    run_ingest(seeds_dir, sqlite_url)
    article.write_text(article.read_text(encoding="utf-8").replace("over 50,000", "over 60,000"), "utf-8")
    shutil.copy(SEED_FILE, seeds_dir / "zz-copy.txt")  # the next batch says 50,000 again
    monkeypatch.setenv("NEWSFACTS_INGEST_BATCH_SIZE", "1")

    summary = run_ingest(seeds_dir, sqlite_url)

    run = scalar(sqlite_url, "SELECT MAX(id) FROM ingest_run")
    assert summary.claims_changed == scalar(sqlite_url, LIVE_CLAIMS + IN_RUN.format(earlier=""), run=run)
    assert summary.claims_new == scalar(sqlite_url, LIVE_CLAIMS + IN_RUN.format(earlier="NOT"), run=run)
    [stored] = rows(sqlite_url, "SELECT claims_new, claims_changed FROM ingest_run WHERE id = :run", run=run)
    assert (stored["claims_new"], stored["claims_changed"]) == (summary.claims_new, summary.claims_changed)


def test_a_claim_two_articles_give_counts_once_in_all_and_once_for_each(tmp_path, sqlite_url, monkeypatch):
    """Two new articles of one run that give one claim two values a week apart (a history of two versions): each
    article's line counts it, the run's total counts it once."""
    seeds = tmp_path / "two-reports"
    seeds.mkdir()
    for name, published, revenue in (("report-a.txt", "2024-03-01", 5), ("report-b.txt", "2024-03-08", 6)):
        write_article(seeds, name, published, f"Acme Corp's revenue rose to ${revenue} million last year.")
    monkeypatch.setenv("NEWSFACTS_INGEST_BATCH_SIZE", "1")
    summary = run_ingest(seeds, sqlite_url)

    store = Store.open(sqlite_url)
    try:
        counts = store.run_counts(scalar(sqlite_url, "SELECT MAX(id) FROM ingest_run"))
    finally:
        store.close()
    assert scalar(sqlite_url, "SELECT COUNT(*) FROM claim WHERE subject = 'Acme Corp' AND predicate = 'revenue'") == 1
    assert counts.per_article == {"report-a.txt": {"new": 1, "changed": 0}, "report-b.txt": {"new": 1, "changed": 0}}
    assert counts.totals == {"new": 1, "changed": 0}
    assert (summary.claims_new, summary.claims_changed) == (1, 0)


def test_a_runs_report_reads_the_run_not_the_whole_store(sqlite_url):
    """Counting what a run did, and listing the claims it changed, start from the run's own article versions (by
    index), so a one-file run on a store of millions of versions costs what one file costs."""
    store = Store.open(sqlite_url)
    try:
        with store.engine.connect() as connection:
            for query in (_run_changes(1), _run_changes(1, first=200), _run_status_counts(1)):
                sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
                plan = [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
                assert any("ix_article_version_ingest_run_id" in step for step in plan), plan
                scanned = [step.split()[1] for step in plan if step.startswith("SCAN")]
                assert not set(scanned) & set(schema.metadata.tables), plan  # a scan of the query's own table only
    finally:
        store.close()
