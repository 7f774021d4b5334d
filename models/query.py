"""Read-only SQL for people: `newsfacts sql` and the docs' examples run through here.

Read-only is enforced by the database, not by inspecting the text: SQLite opens the file with mode=ro and
query_only; PostgreSQL runs every transaction with default_transaction_read_only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, StatementError

from models.store import StoreError, create_store_engine


class QueryError(Exception):
    """The query could not run; the message says why."""


def run_read_only(url: str, sql: str, params: dict[str, Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    try:
        engine = create_store_engine(url, read_only=True)
    except StoreError as error:
        raise QueryError(str(error)) from error
    try:
        with engine.connect() as connection:
            result = connection.execute(text(sql), params or {})
            if not result.returns_rows:
                raise QueryError("that statement returns no rows; `newsfacts sql` runs read-only queries")
            return list(result.keys()), [tuple(row) for row in result]
    except (DBAPIError, StatementError) as error:
        message = str(getattr(error, "orig", error)).strip().splitlines()[0]
        if "readonly" in message or "read-only" in message or "query_only" in message:
            message = f"the store is read-only here ({message}); `newsfacts sql` never changes data"
        raise QueryError(message) from error
    finally:
        engine.dispose()


# What `newsfacts ingest` shows after a run: the newest article versions and what they hold.
FOUND_QUERIES = {
    "articles": """
        SELECT title, published, published_source FROM article_version
        WHERE superseded_at IS NULL ORDER BY recorded_at DESC, id DESC LIMIT :limit""",
    "kinds": """
        SELECT kind, COUNT(*) AS claims FROM current_claims
        WHERE recorded_at >= (SELECT MAX(recorded_at) FROM claim_version) GROUP BY kind ORDER BY kind""",
    "quotes": """
        SELECT speaker, cue, quote FROM quotes
        WHERE direct = 1 AND claim_id IN (SELECT claim_id FROM claim_version
                                          WHERE recorded_at >= (SELECT MAX(recorded_at) FROM claim_version))
        ORDER BY article, span_start LIMIT :limit""",
    "figures": """
        SELECT subject, value, attributed_to, hedge FROM current_claims
        WHERE kind = 'quantity' AND recorded_at >= (SELECT MAX(recorded_at) FROM claim_version)
        ORDER BY article, span_start LIMIT :limit""",
}


def latest_findings(url: str, limit: int = 8) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """The latest run's articles, claim counts by kind, quotes and figures, each as (columns, rows)."""
    return {name: run_read_only(url, sql, {"limit": limit}) for name, sql in FOUND_QUERIES.items()}
