"""`newsfacts sql` is read-only on both dialects whatever the text says: one statement, no writes, no server files
or programs, no way back to the connection's own role, no other file opened or created. Every refusal is one
line on stderr with exit status 2, and the store is unchanged after it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from flows.cli import main
from models.store import Store
from tests.conftest import _postgres_database
from tests.helpers import table_counts
from tests.synthetic import synthetic_articles

MULTIPLE = {
    "sqlite": "SELECT 1 AS x; DELETE FROM claim_version",
    "postgresql": "SELECT 1 AS x; COMMIT; BEGIN READ WRITE; DELETE FROM claim_version; COMMIT",
}


def save_some_claims(url: str) -> None:
    store = Store.open(url)
    try:
        store.save_articles(None, synthetic_articles(6, 4, 10), "test")
    finally:
        store.close()


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with claims, shared by the module's tests (none of them may change it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.db'}"
    save_some_claims(url)
    return url


@pytest.fixture(scope="module")
def pg_store() -> Iterator[str]:
    """The same on PostgreSQL, reached as the superuser the tests connect as."""
    database = _postgres_database()
    url = next(database)
    save_some_claims(url)
    yield url
    next(database, None)


@pytest.fixture(params=["sqlite_store", "pg_store"])
def store(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue(request.param)


def run_sql(capsys: pytest.CaptureFixture[str], url: str, query: str, *options: str) -> tuple[int, str, str]:
    status = main(["sql", query, "--db", url, *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_line_refusal(status: int, err: str, expected: str) -> None:
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert expected in err


def test_more_than_one_statement_is_refused_and_changes_nothing(store, capsys):
    before = table_counts(store)
    assert before["claim_version"] > 0
    dialect = "postgresql" if store.startswith("postgresql") else "sqlite"
    status, out, err = run_sql(capsys, store, MULTIPLE[dialect])
    assert_one_line_refusal(status, err, "exactly one statement")
    assert out == ""
    assert table_counts(store) == before


@pytest.mark.parametrize("statement", [
    "DELETE FROM claim_version",
    "CREATE TABLE x (i INTEGER)",
    "WITH d AS (DELETE FROM claim RETURNING id) SELECT * FROM d",
    "DROP VIEW current_claims",
])
def test_writes_are_refused_whatever_the_form(store, statement, capsys):
    before = table_counts(store)
    status, _, err = run_sql(capsys, store, statement)
    assert_one_line_refusal(status, err, "newsfacts: ")
    assert table_counts(store) == before


@pytest.mark.parametrize("query", ["SELECT 1 AS one;", "SELECT 1 AS one; -- the end", "-- why\nSELECT 1 AS one ;\n"])
def test_a_trailing_semicolon_or_comment_is_still_one_statement(store, query, capsys):
    status, out, _ = run_sql(capsys, store, query, "--format", "csv")
    assert status == 0 and out.split() == ["one", "1"]


def test_odd_text_is_sent_as_written(store, capsys):
    """No placeholder parsing of a person's text: `%`, `:name` and `?`-free colons reach the database as typed."""
    status, out, _ = run_sql(capsys, store, "SELECT '12:30' AS t, 'a%b' AS p, ':x' AS c", "--format", "json")
    assert status == 0 and json.loads(out) == [{"t": "12:30", "p": "a%b", "c": ":x"}]


# -- PostgreSQL: the role holds, even for a superuser's connection ---------------------------------------------------

@pytest.mark.parametrize("statement, expected", [
    ("SELECT pg_read_file('/etc/hostname')", "permission denied for function pg_read_file"),
    ("SELECT pg_ls_dir('.')", "permission denied for function pg_ls_dir"),
    ("SELECT lo_import('/etc/hostname')", "newsfacts: "),
    ("COPY (SELECT 1) TO PROGRAM 'touch {marker}'", "pg_execute_server_program"),
    ("COPY claim TO '{marker}'", "newsfacts: "),
    ("SET ROLE postgres", "returns no rows"),
    ("RESET ROLE", "returns no rows"),
    ("SELECT set_config('role', 'postgres', true), query_to_xml('SELECT pg_read_file(''/etc/hostname'')', "
     "true, false, '')", "permission denied for function set_config"),
    ("UPDATE pg_settings SET setting = 'postgres' WHERE name = 'role'", "read-only"),
    ("SELECT query_to_xml('RESET ROLE', true, false, '')", "newsfacts: "),
    ("SELECT * FROM alembic_version", "permission denied"),
])
def test_superuser_connection_cannot_escape_the_reader_role(pg_store, statement, expected, tmp_path, capsys):
    marker = tmp_path / "marker"
    before = table_counts(pg_store)
    status, out, err = run_sql(capsys, pg_store, statement.format(marker=marker))
    assert_one_line_refusal(status, err, expected)
    assert out == "" and not marker.exists()
    assert table_counts(pg_store) == before


def test_queries_run_as_the_reader_in_a_read_only_transaction(pg_store, capsys):
    status, out, _ = run_sql(capsys, pg_store, "SELECT current_user AS u, current_setting('transaction_read_only') "
                             "AS ro, (SELECT count(*) FROM current_claims) > 0 AS has_claims", "--format", "json")
    assert status == 0 and json.loads(out) == [{"u": "newsfacts_reader", "ro": "on", "has_claims": True}]


def test_a_superuser_that_cannot_drop_to_the_reader_is_refused(pg_store, monkeypatch, capsys):
    monkeypatch.setattr("models.query.READER_ROLE", "newsfacts_reader_missing")
    status, _, err = run_sql(capsys, pg_store, "SELECT 1")
    assert_one_line_refusal(status, err, "run `newsfacts upgrade`")


def test_a_reader_that_may_call_set_config_is_not_trusted(postgres_url, capsys):
    save_some_claims(postgres_url)
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("GRANT EXECUTE ON FUNCTION set_config(text, text, boolean) TO PUBLIC"))
    engine.dispose()
    status, _, err = run_sql(capsys, postgres_url, "SELECT 1")
    assert_one_line_refusal(status, err, "may still call set_config")
    assert main(["upgrade", "--db", postgres_url]) == 0  # what the message says to do
    assert run_sql(capsys, postgres_url, "SELECT 1 AS one")[0] == 0


def test_views_re_created_or_added_later_stay_readable(postgres_url, capsys):
    save_some_claims(postgres_url)
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE store_meta SET value = 'an older definition' WHERE key = 'views'"))
    Store.open(postgres_url).close()  # re-creates every view
    with engine.begin() as connection:  # a view someone adds by hand, as the store's owner
        connection.execute(text("CREATE VIEW claims_per_kind AS SELECT kind, COUNT(*) AS n FROM claim GROUP BY kind"))
    engine.dispose()
    for view in ("current_claims", "claim_history", "quotes", "claims_per_kind"):
        status, out, err = run_sql(capsys, postgres_url, f"SELECT COUNT(*) AS n FROM {view}", "--format", "json")
        assert status == 0, err
    status, out, _ = run_sql(capsys, postgres_url, "SELECT * FROM claims_as_of('2025-06-01', now())")
    assert status == 0


# -- SQLite: the file, and only the file, read-only --------------------------------------------------------------

@pytest.mark.parametrize("statement", [
    "ATTACH DATABASE '{folder}/other.db' AS e",
    "VACUUM INTO '{folder}/other.db'",
    "PRAGMA query_only = 0",
    "PRAGMA journal_mode = DELETE",
    "SELECT load_extension('{folder}/other')",
    "DETACH DATABASE main",
    "SAVEPOINT s",
])
def test_sqlite_refuses_attach_pragma_writes_and_extensions(sqlite_store, statement, tmp_path, capsys):
    before = table_counts(sqlite_store)
    status, _, err = run_sql(capsys, sqlite_store, statement.format(folder=tmp_path))
    assert_one_line_refusal(status, err, "newsfacts: ")
    assert list(tmp_path.iterdir()) == []
    assert table_counts(sqlite_store) == before


def test_sqlite_reporting_pragmas_still_answer(sqlite_store, capsys):
    status, out, _ = run_sql(capsys, sqlite_store, "PRAGMA table_info(claim)", "--format", "csv")
    assert status == 0 and "claim_key" in out


@pytest.mark.parametrize("folder", ["we#ird?dir", "100%25 sure", "a?mode=rw#x"])
def test_a_store_path_with_url_characters_opens_that_file(folder, tmp_path, capsys):
    path = tmp_path / folder / "store.db"
    path.parent.mkdir()
    save_some_claims(f"sqlite:///{quote(str(path))}")
    files = sorted(p.name for p in tmp_path.rglob("*"))
    status, out, err = run_sql(capsys, str(path), "SELECT COUNT(*) AS n FROM claim", "--format", "json")
    assert status == 0, err
    assert json.loads(out)[0]["n"] > 0
    # No other file opened or created: only the store's own WAL sidecars may appear next to it.
    assert {p.name for p in tmp_path.rglob("*")} - set(files) <= {"store.db-wal", "store.db-shm"}
    status, _, err = run_sql(capsys, str(path), "DELETE FROM claim")
    assert_one_line_refusal(status, err, "read-only")


def test_a_missing_store_is_not_created(tmp_path, capsys):
    status, _, err = run_sql(capsys, str(tmp_path / "none#1?.db"), "SELECT 1")
    assert_one_line_refusal(status, err, "newsfacts ingest")
    assert list(tmp_path.iterdir()) == []
