"""Bad files cost one clear error each (logged, stored, summarised) and the run goes on."""

from __future__ import annotations

import pytest

from flows.cli import main
from tests.helpers import rows, run_ingest

pytestmark = pytest.mark.usefixtures("prefect_api")


@pytest.fixture
def messy_seeds(seeds_dir, tmp_path):
    (seeds_dir / "empty.txt").write_bytes(b"")
    (seeds_dir / "blank.md").write_text("   \n\n  \t\n")
    (seeds_dir / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (seeds_dir / "broken.json").write_text('{"title": "Half an article", "text": ')
    (seeds_dir / "notes.csv").write_text("a,b\n1,2\n")
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret title\nNothing under seeds/ may lead here.\n")
    (seeds_dir / "link.txt").symlink_to(outside)
    (seeds_dir / "latin1.txt").write_bytes("Caf\xe9 talks\nThe minister said the caf\xe9 was closed on Monday.\n".encode("latin-1"))
    return seeds_dir


def test_each_bad_file_is_one_error_and_the_good_ones_are_stored(messy_seeds, store_url):
    summary = run_ingest(messy_seeds, store_url)

    failed = {error["file"] for error in summary.errors}
    assert failed == {"empty.txt", "blank.md", "binary.txt", "broken.json"}
    assert summary.files_failed == 4 and summary.files_new == 2  # the seed and the latin-1 article
    assert {item["file"] for item in summary.skipped} >= {"notes.csv", "link.txt"}
    stored = rows(store_url, "SELECT source_key, stage, message FROM ingest_error ORDER BY source_key")
    assert {row["source_key"] for row in stored} == failed
    assert all(row["message"] and "Traceback" not in row["message"] for row in stored)
    titles = {row["title"] for row in rows(store_url, "SELECT title FROM article_version")}
    assert "Café talks" in titles and "Secret title" not in titles


def test_cli_reports_failures_and_exits_1(messy_seeds, sqlite_url, capsys):
    assert main(["ingest", "--seeds", str(messy_seeds), "--db", sqlite_url]) == 1
    out = capsys.readouterr().out
    assert "4 failed" in out and "failed empty.txt" in out and "failed binary.txt" in out
