"""Everyday mistakes get one line on stderr that says what to do next, exit status 2, and no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from flows.cli import main
from tests.conftest import PROJECT_DIR
from tests.deploy_helpers import ctrl_c_as_at_a_terminal, real_server_url

DEAD_API = "http://127.0.0.1:9/api"  # nothing listens on the discard port


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("url", ["mysql://user:secret@db/news", "foo://bar"])
def test_a_store_that_is_not_sqlite_or_postgresql(seeds_dir, capsys, url):
    err = one_line_error(capsys, ["ingest", "--seeds", str(seeds_dir), "--db", url])
    assert "SQLite or PostgreSQL" in err and "secret" not in err


def test_a_folder_as_the_store(seeds_dir, tmp_path, capsys):
    err = one_line_error(capsys, ["ingest", "--seeds", str(seeds_dir), "--db", str(tmp_path)])
    assert "is a folder" in err and f"--db {tmp_path / 'newsfacts.db'}" in err


def test_an_unreachable_postgresql(seeds_dir, capsys):
    started = time.monotonic()
    err = one_line_error(capsys, ["ingest", "--seeds", str(seeds_dir), "--db", "postgresql://nf@127.0.0.1:9/nf"])
    assert "cannot open the store" in err and "Connection refused" in err
    assert time.monotonic() - started < 10  # before any Prefect server is started


def test_a_file_as_the_seeds_folder(seeds_dir, sqlite_url, capsys):
    article = next(seeds_dir.iterdir())
    err = one_line_error(capsys, ["ingest", "--seeds", str(article), "--db", sqlite_url])
    assert "is a file" in err and f"--seeds {seeds_dir}" in err


def test_extract_on_a_missing_path(tmp_path, capsys):
    err = one_line_error(capsys, ["extract", str(tmp_path / "missing.txt")])
    assert err == f"newsfacts: no such file or folder: {tmp_path / 'missing.txt'}"


def test_sql_on_a_missing_store_suggests_the_same_db(tmp_path, capsys):
    store = str(tmp_path / "other.db")
    err = one_line_error(capsys, ["sql", "--db", store, "SELECT 1"])
    assert f"`newsfacts ingest --db {store}`" in err


def test_upgrade_stamp_with_an_unknown_revision(sqlite_url, capsys):
    err = one_line_error(capsys, ["upgrade", "--db", sqlite_url, "--stamp", "nonsense"])
    assert "nonsense" in err and "models/migrations/versions" in err


@pytest.mark.parametrize("command", ["serve", "watch"])
def test_serve_and_watch_with_no_server(seeds_dir, capsys, command):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: DEAD_API}):
        err = one_line_error(capsys, [command, "--seeds", str(seeds_dir)])
    assert f"no Prefect server answers at {DEAD_API}" in err and "prefect server start" in err


def test_ctrl_c_stops_serve_quietly(seeds_dir, tmp_path):
    url = real_server_url()
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "NEWSFACTS_"))}
    environ.update(PREFECT_API_URL=url, PREFECT_HOME=str(tmp_path / "home"), PYTHONPATH=str(PROJECT_DIR))
    serve = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "serve", "--seeds", str(seeds_dir), "--db", str(tmp_path / "s.db")],
        env=environ, cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=ctrl_c_as_at_a_terminal,
    )
    try:
        time.sleep(15)  # serving: deployments created, polling for runs
        serve.send_signal(signal.SIGINT)
        out, err = serve.communicate(timeout=60)
    finally:
        serve.kill()  # never left serving beside the next tests, whatever happened
    assert serve.returncode == 0, err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 3, err
