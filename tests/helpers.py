"""Small helpers the tests share: run the real ingest flow, and query the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from flows.ingest import IngestSummary, ingest
from flows.settings import load_settings
from models.query import run_read_only


def run_ingest(seeds_dir: Path, store_url: str, published: date | None = None) -> IngestSummary:
    settings = load_settings().with_overrides(seeds_dir=seeds_dir, store_url=store_url)
    return ingest(settings, published)


def write_article(folder: Path, name: str, published: str, body: str) -> None:
    """An article file with front matter (its name as title, a published day) and one body paragraph."""
    (folder / name).write_text(f"---\ntitle: {name}\npublished: {published}\n---\n{body}\n", encoding="utf-8")


def rows(store_url: str, sql: str, **params: Any) -> list[dict[str, Any]]:
    columns, values = run_read_only(store_url, sql, params)
    return [dict(zip(columns, row)) for row in values]


def scalar(store_url: str, sql: str, **params: Any) -> Any:
    return run_read_only(store_url, sql, params)[1][0][0]


def table_counts(store_url: str) -> dict[str, int]:
    from models.store import Store

    store = Store.open(store_url)
    try:
        return store.row_counts()
    finally:
        store.close()
