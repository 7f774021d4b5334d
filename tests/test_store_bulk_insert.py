"""The SQLite writer's multi-row inserts: the rows are stored in their order, with the ids one insert per row would
give them, existing keys skipped, whatever the number of rows per statement SQLite's parameter limit allows."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest

from models import schema as t
from models.store import SQLITE_ROWS_PER_INSERT, Store, _bulk_insert


@pytest.mark.parametrize("parameter_limit", [None, 7])  # 7 parameters: 3 rows of 2 columns per statement
def test_rows_across_statements_keep_their_order_and_skip_existing_keys(sqlite_url, parameter_limit):
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    keys = [f"article-{number:04d}" for number in range(2 * SQLITE_ROWS_PER_INSERT + 37)]
    store = Store.open(sqlite_url)
    try:
        with store.engine.begin() as connection:
            if parameter_limit is not None:
                connection.connection.driver_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, parameter_limit)
            columns = ("source_key", "first_seen_at")
            _bulk_insert(connection, t.article, columns, [(key, now) for key in keys[::2]], ignore_existing=True)
            _bulk_insert(connection, t.article, columns, [(key, now) for key in keys], ignore_existing=True)
            stored = connection.exec_driver_sql("SELECT id, source_key, first_seen_at FROM article ORDER BY id").all()
    finally:
        store.close()
    expected = keys[::2] + keys[1::2]
    assert [tuple(row) for row in stored] == [
        (article_id, key, "2026-01-02 03:04:05") for article_id, key in enumerate(expected, start=1)
    ]
