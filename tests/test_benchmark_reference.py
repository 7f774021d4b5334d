"""The corpus benchmark's reference (tests/benchmarks/plain_pipeline.py) does the work `newsfacts ingest` does, but
Prefect's part: the same rows in every store table and the same run record, so that "Prefect's share" (the
command's time over the reference's) measures orchestration and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import PROJECT_DIR
from tests.helpers import rows, table_counts
from tests.test_crash_recovery import article_variants

RUN_RECORD = "SELECT status, files_seen, files_new, files_failed, claims_new, claims_changed FROM ingest_run"


def test_plain_pipeline_stores_what_the_command_stores(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    article_variants(seeds, 5)
    (seeds / "empty.txt").write_text("")  # a file that fails: an error for both, nothing stored
    command_url, plain_url = f"sqlite:///{tmp_path / 'command.db'}", f"sqlite:///{tmp_path / 'plain.db'}"
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), NEWSFACTS_INGEST_BATCH_SIZE="2",
               NEWSFACTS_STORE_DATA_DIR=str(tmp_path / "data"))
    ingest = subprocess.run([sys.executable, "-m", "flows.cli", "ingest", "--seeds", str(seeds), "--db", command_url],
                            cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 1, ingest.stderr  # the run went through; one file failed
    plain = subprocess.run([sys.executable, "-m", "tests.benchmarks.plain_pipeline", str(seeds), plain_url],
                           cwd=PROJECT_DIR, env=env | {"NEWSFACTS_STORE_DATA_DIR": str(tmp_path / "plain-data")},
                           capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0, plain.stderr

    counts = table_counts(command_url)
    assert counts["claim_version"] > 0
    assert table_counts(plain_url) == counts
    command_run, plain_run = rows(command_url, RUN_RECORD), rows(plain_url, RUN_RECORD)
    assert plain_run == command_run
    assert int(plain.stdout) == command_run[0]["claims_new"]
    # the file hashes the next rescan reads, kept as the flow keeps them
    assert list((tmp_path / "plain-data").glob("scan-state-*.json"))
