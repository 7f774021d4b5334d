"""`newsfacts browse` serves the store read-only in Datasette, with the README's questions as canned queries."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from models.examples import EXAMPLES
from models.views import VIEW_ORDER
from tests.conftest import PROJECT_DIR
from tests.helpers import run_ingest

pytest.importorskip("datasette")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.load(response)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.usefixtures("prefect_api")
def test_canned_queries_answer_and_the_store_stays_read_only(seeds_dir, tmp_path):
    database = tmp_path / "store.db"
    run_ingest(seeds_dir, f"sqlite:///{database}")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "browse", "--db", str(database), "--port", str(port)],
        cwd=PROJECT_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/{database.stem}"
        said = get_json(f"{base}/what_a_person_said.json?_shape=array&speaker=Sergei+Lavrov")
        assert [row["cue"] for row in said] == ["announced", "stated"]
        assert get_json(f"{base}/what_a_person_said.json?_shape=array&speaker=Nobody") == []
        on_a_day = get_json(f"{base}/true_on_a_day.json?_shape=array&day=2025-06-01")
        assert on_a_day and all(row["valid_from"] <= "2025-06-01" for row in on_a_day)
        listed = get_json(f"{base}.json")
        assert {query["name"] for query in listed["queries"]} == {example.name for example in EXAMPLES}
        described = get_json(f"http://127.0.0.1:{port}/-/metadata.json")
        assert described["title"].startswith("newsfacts")
        tables = described["databases"][database.stem]["tables"]
        assert all(tables[view]["description"] for view in VIEW_ORDER)
        assert tables["alembic_version"]["hidden"]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}.json?sql=DELETE+FROM+claim_version", timeout=10)
        assert refused.value.code == 400
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_browse_explains_what_to_do_without_a_store(tmp_path, capsys):
    from flows.cli import main

    assert main(["browse", "--db", str(tmp_path / "none.db")]) == 2
    assert f"newsfacts ingest --db {tmp_path / 'none.db'}" in capsys.readouterr().err


def test_canned_queries_are_the_readme_sql_with_named_parameters():
    by_name = {example.name: example for example in EXAMPLES}

    assert "speaker = :speaker" in by_name["what_a_person_said"].canned_sql
    assert by_name["true_on_a_day"].canned_sql.count(":day") == 2 and "2025" not in by_name["true_on_a_day"].canned_sql
    assert by_name["figure_changes"].canned_sql == by_name["figure_changes"].sql  # nothing to fill in
