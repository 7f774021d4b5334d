"""`newsfacts sql` answers queries in three formats and never changes the store."""

from __future__ import annotations

import csv
import io
import json

import pytest

from flows.cli import main
from tests.helpers import run_ingest, table_counts

pytestmark = pytest.mark.usefixtures("prefect_api")


@pytest.fixture
def store(seeds_dir, store_url):
    run_ingest(seeds_dir, store_url)
    return store_url


def test_table_csv_and_json_agree(store, capsys):
    query = "SELECT speaker, quote FROM quotes WHERE direct = 1 ORDER BY speaker"
    assert main(["sql", query, "--db", store]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["speaker", "quote"] and table[-1] == "(4 rows)"

    assert main(["sql", query, "--db", store, "--format", "csv"]) == 0
    from_csv = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main(["sql", query, "--db", store, "--format", "json"]) == 0
    from_json = json.loads(capsys.readouterr().out)
    assert from_csv == from_json and len(from_json) == 4


@pytest.mark.parametrize(
    "statement",
    ["DELETE FROM claim_version", "UPDATE claim SET subject = 'x'", "DROP VIEW current_claims",
     "INSERT INTO article (source_key, first_seen_at) VALUES ('x', '2025-01-01')"],
)
def test_writes_are_refused_and_change_nothing(store, statement, capsys):
    before = table_counts(store)
    assert main(["sql", statement, "--db", store]) == 2
    assert "read-only" in capsys.readouterr().err
    assert table_counts(store) == before


def test_friendly_error_for_a_missing_store(tmp_path, capsys):
    assert main(["sql", "SELECT 1", "--db", str(tmp_path / "nothing.db")]) == 2
    assert "newsfacts ingest" in capsys.readouterr().err
    assert not (tmp_path / "nothing.db").exists()
