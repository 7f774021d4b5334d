"""`newsfacts sql` is bounded: a query stops at its deadline (and on the server, not just in the client), an
interrupted client cancels its query, and rows stream to the output in every format, so memory stays flat
whatever the row count. Bounds on time are generous; throughput belongs in benchmarks."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text

from flows.cli import main
from flows.settings import SettingsError, load_settings
from models.store import Store
from tests.conftest import PROJECT_DIR

ENDLESS = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
              "SELECT MAX(i) AS i FROM n",
    "postgresql": "SELECT pg_sleep(600)",
}


def numbers(count: int) -> str:
    """`count` rows from a recursive CTE (the same text on both dialects), each with a short text column."""
    return (f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) "
            "SELECT i, 'row ' || i AS label FROM n")


@pytest.fixture
def empty_store(store_url: str) -> Iterator[str]:
    Store.open(store_url).close()
    yield store_url


def dialect(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "flows.cli", *args]


def running_sleeps(url: str, query: str = ENDLESS["postgresql"]) -> int:
    """Backends of this test's database still running `query`."""
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE query = :query AND datname = current_database() "
            "AND state = 'active' AND pid <> pg_backend_pid()"), {"query": query}).scalar_one()
    engine.dispose()
    return count


def test_a_query_stops_at_its_deadline(empty_store, capsys):
    started = time.monotonic()
    status = main(["sql", ENDLESS[dialect(empty_store)], "--db", empty_store, "--timeout", "1"])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "ran out of time (1 s)" in err and "--timeout" in err
    assert elapsed < 15  # about a second; generous for a loaded machine
    if dialect(empty_store) == "postgresql":
        assert running_sleeps(empty_store) == 0  # stopped on the server, not just in the client


def test_the_deadline_comes_from_settings_and_the_environment(tmp_path):
    config = tmp_path / "config" / "newsfacts.toml"
    config.parent.mkdir()
    config.write_text("[sql]\ntimeout_seconds = 2.5\n", encoding="utf-8")
    assert load_settings(config, environ={}).sql_timeout_seconds == 2.5
    assert load_settings(config, environ={"NEWSFACTS_SQL_TIMEOUT_SECONDS": "7"}).sql_timeout_seconds == 7
    assert load_settings(PROJECT_DIR / "config" / "newsfacts.toml", environ={}).sql_timeout_seconds == 5
    with pytest.raises(SettingsError, match="timeout_seconds"):
        load_settings(config, environ={"NEWSFACTS_SQL_TIMEOUT_SECONDS": "0"})


def test_the_environment_deadline_applies_to_the_command(empty_store, monkeypatch, capsys):
    monkeypatch.setenv("NEWSFACTS_SQL_TIMEOUT_SECONDS", "1")
    assert main(["sql", ENDLESS[dialect(empty_store)], "--db", empty_store]) == 1
    assert "ran out of time (1 s)" in capsys.readouterr().err


def test_a_bad_timeout_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["sql", "SELECT 1", "--timeout", "-1"])
    assert stopped.value.code == 2 and "seconds above 0" in capsys.readouterr().err


def test_sigterm_cancels_the_query_on_the_server(empty_store):
    command = subprocess.Popen(cli("sql", ENDLESS[dialect(empty_store)], "--db", empty_store, "--timeout", "600"),
                               cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        if dialect(empty_store) == "postgresql":
            for _ in range(300):  # until the query runs on the server (the interpreter takes a while to start)
                if running_sleeps(empty_store):
                    break
                time.sleep(0.1)
            assert running_sleeps(empty_store) == 1
        else:
            time.sleep(3)
        command.send_signal(signal.SIGTERM)
        out, err = command.communicate(timeout=30)
    finally:
        command.kill()
    assert command.returncode == 130
    assert err.strip() == "newsfacts: interrupted" and out == ""
    if dialect(empty_store) == "postgresql":
        assert running_sleeps(empty_store) == 0


def test_a_reader_that_stops_early_ends_the_query_on_the_server(postgres_url):
    """`newsfacts sql … | head`: the closed pipe is not an error, and the query still running is cancelled."""
    Store.open(postgres_url).close()
    # The first batch of rows (2,000; each wider than the server's send buffer, so none waits in it) arrives,
    # then the server sleeps: the client meets the closed pipe while the query runs on, sending nothing, where
    # closing the connection alone would not stop it.
    query = ("SELECT i, repeat('x', 9000) AS pad, CASE WHEN i > 2003 THEN pg_sleep(600) END AS pause "
             "FROM generate_series(1, 3000) AS i")
    command = subprocess.Popen(cli("sql", query, "--db", postgres_url, "--format", "csv", "--timeout", "600"),
                               cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert command.stdout.readline().strip() == "i,pad,pause"
        command.stdout.close()
        command.wait(timeout=60)
        err = command.stderr.read()
    finally:
        command.kill()
    assert command.returncode == 0 and "Traceback" not in err
    assert running_sleeps(postgres_url, query) == 0


@pytest.mark.parametrize("output", ["table", "csv", "json"])
def test_every_format_streams_all_rows_intact(empty_store, output, capsys):
    """More rows than the table's width sample, a wider cell after it, and the same rows in every format."""
    query = numbers(2500) + " UNION ALL SELECT 2501, 'a label longer than any before it'"
    assert main(["sql", query, "--db", empty_store, "--format", output]) == 0
    out = capsys.readouterr().out
    if output == "json":
        rows = json.loads(out)
        assert rows[0] == {"i": 1, "label": "row 1"} and len(rows) == 2501
    elif output == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows[-1] == {"i": "2501", "label": "a label longer than any before it"} and len(rows) == 2501
    else:
        lines = out.splitlines()
        assert lines[0].split() == ["i", "label"] and lines[-1] == "(2501 rows)"
        assert lines[-2].split(maxsplit=1) == ["2501", "a label longer than any before it"]


def test_an_empty_result_still_has_its_columns(empty_store, capsys):
    query = "SELECT claim_id, subject FROM current_claims"
    assert main(["sql", query, "--db", empty_store, "--format", "csv"]) == 0
    assert capsys.readouterr().out.strip() == "claim_id,subject"
    assert main(["sql", query, "--db", empty_store, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["sql", query, "--db", empty_store]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "(0 rows)"


def peak_rss_mb(url: str, rows: int, output: str) -> float:
    """The peak memory of `newsfacts sql` writing `rows` rows to /dev/null, in a child process of its own."""
    measure = ("import resource, subprocess, sys; "
               "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
               "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", measure,
                           *cli("sql", numbers(rows), "--db", url, "--format", output, "--timeout", "600")],
                          cwd=PROJECT_DIR, capture_output=True, text=True, timeout=900, check=True)
    status, kilobytes = done.stdout.split()
    assert status == "0", done.stderr
    return int(kilobytes) / 1024


def test_memory_stays_flat_whatever_the_row_count(empty_store):
    baseline = peak_rss_mb(empty_store, 100_000, "csv")
    for output in ("table", "csv", "json"):
        # Ten times the rows: holding them would take well over 100 MB more.
        assert peak_rss_mb(empty_store, 1_000_000, output) < baseline + 25, output
