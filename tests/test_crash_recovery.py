"""A run killed mid-way leaves the store consistent, and the next run completes the work without duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from models.store import Store
from tests.conftest import PROJECT_DIR, SEED_FILE
from tests.helpers import rows, run_ingest, table_counts

pytestmark = pytest.mark.usefixtures("prefect_api")

ARTICLES = 120


def article_variants(folder, count: int) -> None:
    text = SEED_FILE.read_text(encoding="utf-8")
    for number in range(count):
        variant = text.replace("approximately 20%", f"approximately {number % 40 + 1}%")
        variant = variant.replace("50,000 troops", f"{50_000 + number * 100:,} troops")
        (folder / f"{number:04d}.txt").write_text(variant, encoding="utf-8")


def test_killed_run_leaves_a_consistent_store_and_the_next_run_finishes(tmp_path, sqlite_url):
    from prefect.settings import PREFECT_API_URL

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    article_variants(seeds, ARTICLES)
    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), NEWSFACTS_INGEST_BATCH_SIZE="4")
    writer = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "ingest", "--seeds", str(seeds), "--db", sqlite_url],
        cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        stored = 0
        while time.monotonic() < deadline and writer.poll() is None:
            time.sleep(0.2)
            try:
                stored = rows(sqlite_url, "SELECT COUNT(*) AS n FROM article_version")[0]["n"]
            except Exception:  # the store is not created yet
                continue
            if stored >= 8:
                break
        assert writer.poll() is None, "the run finished before it could be interrupted"
        os.killpg(writer.pid, signal.SIGKILL)
    finally:
        writer.wait(timeout=30)
    assert 0 < stored < ARTICLES

    # Consistent: every stored article version has its claims, every claim its one current version.
    assert rows(sqlite_url, """SELECT av.id FROM article_version av
                               WHERE NOT EXISTS (SELECT 1 FROM claim_observation o WHERE o.article_version_id = av.id)""") == []
    store = Store.open(sqlite_url)
    try:
        assert store.rebuild()[1] == [], "stored timelines must match the evidence"
    finally:
        store.close()

    summary = run_ingest(seeds, sqlite_url)
    assert summary.files_unchanged + summary.files_new == ARTICLES and summary.files_failed == 0
    assert rows(sqlite_url, "SELECT COUNT(*) AS n FROM article_version")[0]["n"] == ARTICLES
    before = table_counts(sqlite_url)
    again = run_ingest(seeds, sqlite_url)
    assert again.files_new == 0
    after = table_counts(sqlite_url)
    after.pop("ingest_run"), before.pop("ingest_run")
    assert after == before
