"""The schema comes from Alembic migrations: they build exactly the tables the code uses, an older store is upgraded
when it opens, and a store the migrations do not know gets the exact command to run."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from models.migrate import SCHEMA_REVISION, alembic_config
from models.schema import metadata
from models.store import Store, StoreError, create_store_engine
from models.views import VIEW_ORDER


def test_the_schema_revision_is_the_newest_migration():
    """A store at SCHEMA_REVISION opens without Alembic: it must be the head of the migration scripts."""
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_REVISION


def test_migrations_build_the_schema_the_code_uses(store_url):
    Store.open(store_url).close()
    engine = create_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
        views = {name for name in VIEW_ORDER
                 if connection.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar() == 0}
    engine.dispose()
    assert differences == []
    assert views == set(VIEW_ORDER)  # every view exists (and is empty on a new store)


def test_an_older_store_is_upgraded_when_it_opens(store_url):
    engine = create_store_engine(store_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    engine.dispose()

    store = Store.open(store_url)
    with store.engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    store.close()
    assert revision == SCHEMA_REVISION != "0001"


def test_views_are_re_created_when_missing_or_changed(sqlite_url):
    Store.open(sqlite_url).close()
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("DROP VIEW quotes"))
    Store.open(sqlite_url).close()  # a missing view is re-created
    with engine.connect() as connection:
        names = set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'view'")).scalars())
    assert set(VIEW_ORDER) <= names
    with engine.begin() as connection:
        connection.execute(text("UPDATE store_meta SET value = 'an older definition' WHERE key = 'views'"))
    Store.open(sqlite_url).close()
    with engine.connect() as connection:
        fingerprint = connection.execute(text("SELECT value FROM store_meta WHERE key = 'views'")).scalar()
    engine.dispose()
    assert fingerprint != "an older definition"


def test_a_store_without_migration_history_names_the_command_to_run(sqlite_url):
    engine = create_engine(sqlite_url)
    metadata.create_all(engine)
    engine.dispose()
    with pytest.raises(StoreError, match=r"newsfacts upgrade --stamp " + SCHEMA_REVISION):
        Store.open(sqlite_url)


def test_the_reader_role_migration_goes_down_and_up(postgres_url):
    Store.open(postgres_url).close()
    engine = create_store_engine(postgres_url)
    privileges = text("SELECT has_table_privilege('newsfacts_reader', 'claim_version', 'SELECT'), "
                      "has_function_privilege('newsfacts_reader', 'set_config(text, text, boolean)', 'EXECUTE')")
    with engine.begin() as connection:
        assert tuple(connection.execute(privileges).one()) == (True, False)
        command.downgrade(alembic_config(connection), "0003")
        assert tuple(connection.execute(privileges).one()) == (False, True)
    engine.dispose()
    Store.open(postgres_url).close()
    with engine.begin() as connection:
        assert tuple(connection.execute(privileges).one()) == (True, False)
    engine.dispose()
