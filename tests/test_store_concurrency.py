"""Four processes ingesting the same articles in different orders leave one consistent timeline per claim:
no duplicate current version, no overlapping valid intervals, and the same timeline a sequential run gives."""

from __future__ import annotations

import multiprocessing
import random

import pytest

from models.store import Store
from tests.helpers import rows
from tests.synthetic import synthetic_articles

ARTICLES, CLAIMS_PER_ARTICLE, SLOTS, BATCH = 200, 20, 300, 10

LIVE_TIMELINE = """
    SELECT c.claim_key, v.value, v.valid_from, v.valid_to
    FROM claim_version v JOIN claim c ON c.id = v.claim_id
    WHERE v.retracted_at IS NULL
    ORDER BY c.claim_key, v.valid_from
"""


def ingest_in_order(url: str, order_seed: int | None) -> None:
    articles = synthetic_articles(ARTICLES, CLAIMS_PER_ARTICLE, SLOTS)
    if order_seed is not None:
        random.Random(order_seed).shuffle(articles)
    store = Store.open(url)
    try:
        for start in range(0, len(articles), BATCH):
            store.save_articles(None, articles[start : start + BATCH], "test")
    finally:
        store.close()


def test_four_concurrent_writers_agree_with_a_sequential_run(store_url, tmp_path):
    Store.open(store_url).close()  # create the schema once, before the race
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=ingest_in_order, args=(store_url, seed)) for seed in (1, 2, 3, 4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=600)
    assert [writer.exitcode for writer in writers] == [0, 0, 0, 0]

    duplicates = rows(store_url, """
        SELECT claim_id, COUNT(*) AS n FROM claim_version
        WHERE valid_to IS NULL AND retracted_at IS NULL GROUP BY claim_id HAVING COUNT(*) > 1""")
    assert duplicates == []
    overlaps = rows(store_url, """
        SELECT a.claim_id FROM claim_version a JOIN claim_version b
          ON a.claim_id = b.claim_id AND a.id < b.id
        WHERE a.retracted_at IS NULL AND b.retracted_at IS NULL
          AND a.valid_from < COALESCE(b.valid_to, '9999-12-31')
          AND b.valid_from < COALESCE(a.valid_to, '9999-12-31')""")
    assert overlaps == []
    assert rows(store_url, "SELECT COUNT(*) AS n FROM article_version")[0]["n"] == ARTICLES

    store = Store.open(store_url)
    try:
        assert store.rebuild()[1] == [], "the stored timelines must equal a full re-derivation"
    finally:
        store.close()

    sequential_url = f"sqlite:///{tmp_path / 'sequential.db'}"
    ingest_in_order(sequential_url, None)
    concurrent = [tuple(map(str, row.values())) for row in rows(store_url, LIVE_TIMELINE)]
    sequential = [tuple(map(str, row.values())) for row in rows(sequential_url, LIVE_TIMELINE)]
    assert concurrent == sequential
