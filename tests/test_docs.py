"""The README's commands and SQL examples run as written, so the docs cannot drift from the code."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from tests.conftest import PROJECT_DIR
from tests.helpers import rows, run_ingest

README = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
SQL_EXAMPLES = re.findall(r"```sql\n(.*?)```", README, flags=re.S)


def test_quick_start_is_the_two_make_commands():
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(make \w+)", quick_start, flags=re.M)
    assert commands == ["make run", "make test"]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_ingests_the_seeds_and_prints_the_summary(tmp_path):
    env = dict(os.environ, NEWSFACTS_STORE_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(["make", "--no-print-directory", "run"], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "files: 1 seen, 1 new" in done.stdout
    assert f"store: {tmp_path / 'data' / 'newsfacts.db'}" in done.stdout
    assert "Traceback" not in done.stderr and "ERROR" not in done.stderr
    again = subprocess.run(["make", "--no-print-directory", "run"], cwd=PROJECT_DIR, env=env,
                           capture_output=True, text=True, timeout=600)
    assert "files: 1 seen, 0 new, 1 unchanged" in again.stdout


@pytest.mark.usefixtures("prefect_api")
@pytest.mark.parametrize("example", SQL_EXAMPLES, ids=[f"sql-{i}" for i in range(len(SQL_EXAMPLES))])
def test_readme_sql_examples_answer_on_the_seed(example, seeds_dir, store_url):
    run_ingest(seeds_dir, store_url)
    statement = re.sub(r"^\s*--.*$", "", example, flags=re.M).strip().rstrip(";")
    assert rows(store_url, statement), f"no rows for README example:\n{example}"
