"""Read-only SQL for people: `newsfacts sql` and the docs' examples run through here.

Whatever the text says, it runs as exactly one statement, reads only, stops at a deadline, and its rows stream:
- One statement: SQLite's driver refuses a second one; on PostgreSQL the text goes by the extended protocol
  (psycopg's stream()), where the server itself refuses more than one.
- Read-only: SQLite opens the file read-only, with query_only and an authorizer that allows reads alone
  (models/store.py). PostgreSQL runs it in a READ ONLY transaction as the role newsfacts_reader, which may SELECT
  from the store and nothing else (models/reader.py); a superuser session that cannot drop to it is refused.
- Deadline: SQLite's progress handler interrupts the statement; PostgreSQL's statement_timeout cancels it on the
  server, and psycopg cancels it there when the client is interrupted (KeyboardInterrupt).
- Streaming: rows are fetched in batches as the caller iterates; nothing holds the whole result.
The deadline covers the whole run, output included: a slow reader of the rows uses up the same time.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from itertools import chain
from typing import TYPE_CHECKING, Any, Iterator

from models.reader import READER_ROLE, SET_CONFIG
from models.sqlite_file import StoreError, connect_read_only, plain_sqlite_path

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect

Row = tuple[Any, ...]
FETCH_SIZE = 2000  # rows per round trip on PostgreSQL
PROGRESS_STEPS = 10_000  # SQLite VM steps between deadline checks (well under a millisecond)
INTERNAL_TIMEOUT = 60.0  # for the project's own queries (after an ingest, the docs' examples)
ONE_STATEMENT = "`newsfacts sql` runs exactly one statement; remove the others (or the `;` between them)"
NO_ROWS = "that statement returns no rows; `newsfacts sql` runs read-only queries"
READ_ONLY = "the store is read-only here ({}); `newsfacts sql` never changes data"


class QueryError(Exception):
    """The query could not run as given; the message (one line) says why."""


class QueryStopped(QueryError):
    """The query was stopped at its deadline."""


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() >= self.at


@contextmanager
def stream_read_only(
    url: str, sql: str, timeout: float, params: dict[str, Any] | None = None
) -> Iterator[tuple[list[str], Iterator[Row]]]:
    """(columns, rows) of one read-only statement; rows are fetched as they are iterated, within `timeout` seconds.
    `params` are for the project's own queries (`:name`); a person's text is sent as it is, never parsed."""
    deadline = _Deadline(timeout)
    database = plain_sqlite_path(url)
    with _sqlite_file(database) if database is not None else _engine_connection(url) as (driver, error_type, dialect):
        try:
            try:
                if dialect is not None:
                    columns, rows = _start_postgres(driver, sql, params, deadline, dialect)
                else:
                    columns, rows = _start_sqlite(driver, sql, params, deadline)
            except error_type as error:
                raise _explain(error, deadline) from error
            yield columns, _translated(rows, error_type, deadline)
        finally:
            if dialect is not None:
                _cancel_if_running(driver)


# The driver's connection, the driver's error class, and the SQLAlchemy dialect for PostgreSQL (None for SQLite).
Opened = tuple[Any, type[Exception], "Dialect | None"]


@contextmanager
def _sqlite_file(database: str) -> Iterator[Opened]:
    """A plain SQLite file, through the standard library: `newsfacts sql` then never imports SQLAlchemy."""
    try:
        connection = connect_read_only(database)
    except StoreError as error:
        raise QueryError(str(error)) from error
    except sqlite3.Error as error:
        raise QueryError(f"cannot open the store: {_first_line(error)}") from error
    try:
        yield connection, sqlite3.Error, None
    finally:
        connection.close()  # never reused: a query connection ends with its query


@contextmanager
def _engine_connection(url: str) -> Iterator[Opened]:
    """PostgreSQL, or a SQLite URL with options, through the store's read-only engine."""
    from sqlalchemy.exc import DBAPIError

    from models.store import create_store_engine

    try:
        engine = create_store_engine(url, read_only=True)
    except StoreError as error:
        raise QueryError(str(error)) from error
    try:
        connection = engine.raw_connection()
    except DBAPIError as error:
        engine.dispose()
        raise QueryError(f"cannot open the store: {_first_line(error.orig)}") from error
    postgres = engine.dialect.name == "postgresql"
    try:
        yield connection.driver_connection, engine.dialect.loaded_dbapi.Error, engine.dialect if postgres else None
    finally:
        connection.invalidate()  # never reused: a query connection ends with its query
        engine.dispose()


def run_read_only(
    url: str, sql: str, params: dict[str, Any] | None = None, timeout: float = INTERNAL_TIMEOUT
) -> tuple[list[str], list[Row]]:
    """The whole result at once, for small answers."""
    with stream_read_only(url, sql, timeout, params) as (columns, rows):
        return columns, list(rows)


def _start_sqlite(
    driver: Any, sql: str, params: dict[str, Any] | None, deadline: _Deadline
) -> tuple[list[str], Iterator[Row]]:
    driver.set_progress_handler(deadline.passed, PROGRESS_STEPS)
    cursor = driver.cursor()
    cursor.execute(sql, params or ())  # the driver refuses a second statement
    if cursor.description is None:
        raise QueryError(NO_ROWS)
    return [column[0] for column in cursor.description], iter(cursor)


def _start_postgres(
    driver: Any, sql: str, params: dict[str, Any] | None, deadline: _Deadline, dialect: "Dialect"
) -> tuple[list[str], Iterator[Row]]:
    from psycopg import ClientCursor, pq
    from sqlalchemy import text

    driver.rollback()
    driver.autocommit = True  # the transaction below is ours, begun and never committed
    cursor = driver.cursor()
    cursor.execute("BEGIN READ ONLY")
    cursor.execute(f"SET LOCAL statement_timeout = {max(1, round(deadline.seconds * 1000))}")
    _drop_to_reader(cursor)
    if params:  # the project's own values, bound on the client so what follows is one text either way
        compiled = text(sql).compile(dialect=dialect)
        sql = ClientCursor(driver).mogrify(compiled.string, compiled.construct_params(params))
    # stream() always uses the extended protocol, even without parameters: one statement, rows as they come.
    rows = cursor.stream(sql, size=FETCH_SIZE if pq.version() >= 170000 else 1)
    first = next(rows, None)  # sends the statement: its errors, and its columns, are known from here
    if first is None:
        return _describe(driver, sql), iter(())
    return [column.name for column in cursor.description], chain([first], rows)


def _cancel_if_running(driver: Any) -> None:
    """Cancel a query the server is still working on when the caller stopped reading (an error writing the
    output, Ctrl-C between two batches): closing the connection alone would leave it running until it next
    sends rows, or until statement_timeout."""
    from psycopg import Error, pq

    if not driver.closed and driver.info.transaction_status == pq.TransactionStatus.ACTIVE:
        try:
            driver.cancel_safe(timeout=5)
        except Error:
            pass  # the server did not take the request: closing the connection next ends the query all the same


def _describe(driver: Any, sql: str) -> list[str]:
    """The column names of a statement that returned no rows (stream() keeps none then): parsed, not run again."""
    from psycopg import pq

    encoding = driver.info.encoding
    prepared = driver.pgconn.prepare(b"", sql.encode(encoding))
    if prepared.status != pq.ExecStatus.COMMAND_OK:
        raise QueryError(_first_line(prepared.get_error_message(encoding)))
    described = driver.pgconn.describe_prepared(b"")
    return [described.fname(index).decode(encoding) for index in range(described.nfields)]


def _drop_to_reader(cursor: Any) -> None:
    """SET LOCAL ROLE newsfacts_reader, or refuse a superuser session that cannot safely drop to it. A session
    that is not a superuser's and cannot drop reads with its own rights, still in a read-only transaction."""
    superuser, reader, member, reader_sets_config = cursor.execute(
        f"""SELECT s.rolsuper, r.oid IS NOT NULL, COALESCE(pg_has_role(session_user, r.oid, 'MEMBER'), false),
                   COALESCE(has_function_privilege(r.oid, '{SET_CONFIG}', 'EXECUTE'), false)
            FROM pg_roles s LEFT JOIN pg_roles r ON r.rolname = %s WHERE s.rolname = session_user""",
        (READER_ROLE,),
    ).fetchone()
    if superuser and not reader:
        raise QueryError(
            f"this connection is a superuser's and the role {READER_ROLE} is missing, so a query could read "
            "server files: run `newsfacts upgrade` as a superuser (it creates the role), or connect as a "
            "less privileged user")
    if superuser and reader_sets_config:
        raise QueryError(
            f"this connection is a superuser's and {READER_ROLE} may still call set_config, so a query could "
            "switch back to the superuser: run `newsfacts upgrade` as a superuser")
    if reader and member:
        cursor.execute(f"SET LOCAL ROLE {READER_ROLE}")


def _translated(rows: Iterator[Row], driver_error: type[Exception], deadline: _Deadline) -> Iterator[Row]:
    """The rows, with a driver error met while fetching (a deadline, a division by zero) as a QueryError."""
    try:
        yield from rows
    except driver_error as error:
        raise _explain(error, deadline) from error


def _explain(error: Exception, deadline: _Deadline) -> Exception:
    """One line a person can act on, for a driver error."""
    message = _first_line(error)
    sqlstate = getattr(error, "sqlstate", None)
    if message == "interrupted" or sqlstate == "57014":
        if deadline.passed() or "statement timeout" in message:
            return QueryStopped(
                f"the query ran out of time ({deadline.seconds:g} s) and was stopped: make it cheaper (a LIMIT, "
                "a WHERE), or allow more with --timeout SECONDS")
        return KeyboardInterrupt()  # Ctrl-C inside SQLite's progress handler surfaces as "interrupted"
    if "didn't produce a result" in message:
        return QueryError(NO_ROWS)
    if "one statement at a time" in message or "multiple commands into a prepared statement" in message:
        return QueryError(ONE_STATEMENT)
    if "authoriz" in message or sqlstate == "25006" or "readonly" in message or "query_only" in message:
        return QueryError(READ_ONLY.format(message))
    if sqlstate == "42501":
        return QueryError(
            f"{message}: queries run as {READER_ROLE}, which may only read the store's tables and views "
            "(if this is one of them, run `newsfacts upgrade`)")
    return QueryError(message)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


# What `newsfacts ingest` shows after a run that stored articles: the newest article versions, the run's claims by
# kind (those whose current version it recorded: its new and changed claims, whatever batch they came in), and
# samples of the quotes and figures of its last batch (a sample need not read the whole run: on a first ingest of
# 19,042 stories that costs 0.5 s a query).
FOUND_QUERIES = {
    "articles": """
        SELECT title, published, published_source FROM article_version
        WHERE superseded_at IS NULL ORDER BY recorded_at DESC, id DESC LIMIT :limit""",
    "kinds": """
        SELECT kind, COUNT(*) AS claims FROM current_claims
        WHERE article_version_id IN (SELECT id FROM article_version
                                     WHERE ingest_run_id = (SELECT MAX(ingest_run_id) FROM article_version))
        GROUP BY kind ORDER BY kind""",
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


def latest_findings(url: str, limit: int = 8) -> dict[str, tuple[list[str], list[Row]]]:
    """The latest run's articles, claim counts by kind, quotes and figures (see FOUND_QUERIES), each as (columns,
    rows)."""
    return {name: run_read_only(url, sql, {"limit": limit}) for name, sql in FOUND_QUERIES.items()}
