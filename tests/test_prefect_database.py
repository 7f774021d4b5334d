"""A new Prefect home's database starts as a copy of the install's migrated, empty one (flows/prefect_database.py):
whole or not at all, never over a database or a write-ahead log already there, only for a SQLite file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from flows.prefect_database import copy_if_new, sqlite_file, template_path


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "template.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
        connection.execute("INSERT INTO alembic_version VALUES ('head')")
    connection.close()
    return path


def test_a_new_home_gets_the_whole_template_and_nothing_else(tmp_path, template):
    database = tmp_path / "home" / "prefect.db"
    assert copy_if_new(template, database)
    assert database.read_bytes() == template.read_bytes()
    assert sorted(path.name for path in database.parent.iterdir()) == ["prefect.db"]  # no partial copy left


def test_a_database_already_there_is_left_as_it_is(tmp_path, template):
    database = tmp_path / "prefect.db"
    database.write_bytes(b"the user's runs")
    assert not copy_if_new(template, database)
    assert database.read_bytes() == b"the user's runs"


def test_a_leftover_write_ahead_log_leaves_the_database_to_prefect(tmp_path, template):
    database = tmp_path / "prefect.db"
    Path(f"{database}-wal").write_bytes(b"pages of a database that is gone")
    assert not copy_if_new(template, database)
    assert not database.exists()


def test_without_a_template_prefect_creates_the_database(tmp_path):
    database = tmp_path / "prefect.db"
    assert not copy_if_new(tmp_path / "missing.db", database)
    assert not database.exists()


def test_a_database_made_during_the_copy_wins(tmp_path, template, monkeypatch):
    """Two commands starting on one new home: the second one's copy must not replace the first one's database."""
    database = tmp_path / "prefect.db"

    def copy_while_another_command_creates_it(source: Path, target: Path) -> None:
        database.write_bytes(b"made by the other command")
        target.write_bytes(source.read_bytes())

    monkeypatch.setattr(shutil, "copyfile", copy_while_another_command_creates_it)
    assert not copy_if_new(template, database)
    assert database.read_bytes() == b"made by the other command"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["prefect.db", "template.db"]


@pytest.mark.parametrize(("url", "expected"), [
    ("sqlite+aiosqlite:////home/ann/.prefect/prefect.db", Path("/home/ann/.prefect/prefect.db")),
    ("sqlite:///relative/prefect.db", Path("relative/prefect.db")),
    ("sqlite+aiosqlite:///:memory:", None),
    ("sqlite+aiosqlite:///file:prefect?mode=memory&cache=shared&uri=true", None),
    ("postgresql+asyncpg://prefect@db.example/prefect", None),
    (None, None),
])
def test_only_a_sqlite_file_is_given_a_copy(url, expected):
    assert sqlite_file(url) == expected


def test_the_install_made_the_template_at_prefects_last_revision():
    """`make` runs Prefect's migrations once, to their last revision (the template of another
    Prefect version would not be used: its name holds the version)."""
    template = template_path()
    assert template.is_file(), "make installs it: run `make` (or `python -m flows.prefect_database`)"
    from alembic.script import ScriptDirectory
    from prefect.server.database import alembic_commands, orm_models

    scripts = ScriptDirectory.from_config(alembic_commands.alembic_config())
    scripts.version_locations = [str(orm_models.AioSqliteORMConfiguration().versions_dir)]  # as Prefect's env.py does
    heads = scripts.get_heads()
    with sqlite3.connect(template) as connection:
        assert [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")] == heads
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    connection.close()
    assert set(orm_models.Base.metadata.tables) <= tables  # every table the server's models use
