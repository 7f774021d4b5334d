"""The README's commands and SQL examples run as written, so the docs cannot drift from the code."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date

import pytest

from models.examples import EXAMPLES
from tests.conftest import PROJECT_DIR, SEED_FILE, _postgres_database
from tests.helpers import rows, run_ingest

README = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
SQL_EXAMPLES = re.findall(r"```sql\n(.*?)```", README, flags=re.S)
POSTGRES_EXAMPLES = re.findall(r"```sql postgresql\n(.*?)```", README, flags=re.S)


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
    sample = README.split("```text\n", 1)[1].split("```", 1)[0]
    for line in sample.splitlines()[:2] + [row for row in sample.splitlines() if row.startswith("Rustem Umerov")]:
        assert line in done.stdout.splitlines(), f"the README's sample output has drifted: {line!r}"
    assert f"store: {tmp_path / 'data' / 'newsfacts.db'}" in done.stdout
    assert "Traceback" not in done.stderr and "ERROR" not in done.stderr and "WARNING" not in done.stderr
    again = subprocess.run(["make", "--no-print-directory", "run"], cwd=PROJECT_DIR, env=env,
                           capture_output=True, text=True, timeout=600)
    assert "files: 1 seen, 0 new, 1 unchanged" in again.stdout


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def documented_store(request, tmp_path_factory, prefect_api):
    """The seed, a later article with a new figure, and a file that fails: every README example has an answer."""
    seeds = tmp_path_factory.mktemp("seeds")
    seed_text = SEED_FILE.read_text(encoding="utf-8")
    (seeds / SEED_FILE.name).write_text(seed_text, encoding="utf-8")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.db'}"
        cleanup = None
    else:
        cleanup = _postgres_database()
        url = next(cleanup)
    run_ingest(seeds, url)
    # A later, shorter article: one paragraph of the seed, with a new figure.
    paragraph = next(line for line in seed_text.splitlines() if "approximately 20%" in line)
    followup = "Fighting continues in eastern Ukraine\n" + paragraph.replace("approximately 20%", "about 19%")
    (seeds / "001_followup.txt").write_text(followup + "\n", encoding="utf-8")
    (seeds / "002_empty.txt").write_text("", encoding="utf-8")
    run_ingest(seeds, url, published=date(2025, 6, 4))
    # Another source for the seed's day that disagrees with it (beyond the 10% an "approximately" allows): a
    # contested claim.
    (seeds / "003_other_source.txt").write_text(
        "Another account of the front\n" + paragraph.replace("approximately 20%", "approximately 25%") + "\n",
        encoding="utf-8")
    run_ingest(seeds, url, published=date(2025, 5, 28))
    yield url
    if cleanup is not None:
        next(cleanup, None)


def statement_of(example: str) -> str:
    return re.sub(r"^\s*--.*$", "", example, flags=re.M).strip().rstrip(";")


def test_readme_shows_exactly_the_canned_examples():
    documented = [statement_of(block) for block in SQL_EXAMPLES]
    assert len(EXAMPLES) >= 8
    assert [statement_of(example.sql) for example in EXAMPLES] == documented


@pytest.mark.parametrize("example", SQL_EXAMPLES, ids=[f"sql-{i}" for i in range(len(SQL_EXAMPLES))])
def test_readme_sql_examples_answer(example, documented_store):
    assert rows(documented_store, statement_of(example)), f"no rows for README example:\n{example}"


@pytest.mark.parametrize("example", POSTGRES_EXAMPLES, ids=[f"pg-{i}" for i in range(len(POSTGRES_EXAMPLES))])
def test_readme_postgresql_examples_answer(example, documented_store):
    if not documented_store.startswith("postgresql"):
        pytest.skip("a PostgreSQL-only example")
    assert rows(documented_store, statement_of(example))
