"""A SQLite store opened read-only with the standard library alone: what `newsfacts sql` needs, without the
third of a second SQLAlchemy takes to import. models/store.py's read-only engines open their connections here
too, so both ways of reading refuse the same things.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

# The store URL of a plain SQLite file, as flows/settings.py writes it (the path percent-quoted); a URL with
# query options or another driver goes through SQLAlchemy instead.
_PLAIN_SQLITE_URL = re.compile(r"sqlite:///(?P<path>[^?#]+)")


class StoreError(Exception):
    """The store cannot be opened or used; the message says what to do."""


def plain_sqlite_path(url: str) -> str | None:
    """The file of a plain `sqlite:///path` URL (as SQLAlchemy reads it); None for any other URL."""
    match = _PLAIN_SQLITE_URL.fullmatch(url)
    return unquote(match.group("path")) if match else None


def require_store_file(database: str) -> None:
    if not Path(database).is_file():
        raise StoreError(f"There is no store at {database} yet. Run `newsfacts ingest` first.")


def connect_read_only(database: str, timeout: float = 30) -> sqlite3.Connection:
    """The store file opened read-only, with the read-only rules of `set_up_read_only`."""
    require_store_file(database)
    # Percent-quoted, so a `#`, `?` or `%` in the path cannot end it and open another file.
    connection = sqlite3.connect(f"file:{quote(database)}?mode=ro", uri=True, timeout=timeout)
    # REGEXP, as SQLAlchemy's SQLite dialect gives every connection it opens: queries may use it either way.
    connection.create_function("regexp", 2, _regexp, deterministic=True)
    set_up_read_only(connection)
    return connection


def set_up_read_only(connection: sqlite3.Connection) -> None:
    """Autocommit (the caller decides on transactions), and reads alone: query_only, no extensions, and an
    authorizer that denies every write, ATTACH, DDL and pragma that sets anything before the statement runs."""
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()
    if hasattr(connection, "enable_load_extension"):  # absent when Python's SQLite cannot load any
        connection.enable_load_extension(False)
    connection.set_authorizer(_read_only_authorizer)


def _regexp(pattern: str | None, value: Any) -> bool | None:
    if value is None:
        return None
    return re.search(pattern, value) is not None


# What a read-only SQLite connection may do; everything else (writes, ATTACH, DETACH, DDL, savepoints) is denied
# before the statement runs. BEGIN/COMMIT stay allowed: a read transaction changes nothing, and SQLAlchemy opens one.
_READ_ACTIONS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE,
                           sqlite3.SQLITE_TRANSACTION})
# Pragmas that only report, even when given an argument (a table name); any other pragma may not take a value.
_REPORTING_PRAGMAS = frozenset({"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
                                "foreign_key_list", "function_list", "pragma_list"})


def _read_only_authorizer(action: int, argument1: str | None, argument2: str | None, *_: Any) -> int:
    if action in _READ_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_DENY if argument2 == "load_extension" else sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (argument2 is None or (argument1 or "").lower() in _REPORTING_PRAGMAS):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY
