"""Schema migrations (Alembic), run from code: a new store is created at the latest revision, an older one is
upgraded when the store opens. Views are derived objects: re-created after an upgrade, or when their definitions
in models/views.py change (a fingerprint in `store_meta` tells), and granted again to the reader role."""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, insert, inspect, select, text

from models.reader import grant_reader
from models.schema import store_meta
from models.views import VIEW_ORDER, create_views, drop_views, views_fingerprint

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported where it is used: reading commands (`newsfacts sql`, `history`) import this module through
# models.store but never migrate, and importing Alembic cost them ~0.1-0.2 s of a 0.4 s budget; opening a store
# that is up to date (every rescan) needs no Alembic either.

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration's revision (Alembic's head, which tests/test_migrations.py checks): bump it with each new
# migration.
SCHEMA_REVISION = "0008"
VIEWS_KEY = "views"
# The PostgreSQL advisory lock under which the store is upgraded: an arbitrary constant ("nfmi" in ASCII).
MIGRATION_LOCK = 0x6E666D69


class MigrationError(Exception):
    """The database's schema cannot be brought up to date automatically; the message says what to run."""


def alembic_config(connection: Connection | None = None) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def current_revision(connection: Connection) -> str | None:
    """The store's schema revision, as Alembic records it (one row of `alembic_version`); None for a new database.
    Read with a plain query: a store already at SCHEMA_REVISION is opened without importing Alembic."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the latest revision and re-create the views. Returns (revision before, after)."""
    with engine.begin() as connection:
        one_opener_at_a_time(connection)
        before = current_revision(connection)
        if before is None and inspect(connection).has_table("claim"):
            raise MigrationError(
                "this database has newsfacts tables but no migration history; back it up and run "
                f"`newsfacts upgrade --stamp {SCHEMA_REVISION}` if it matches the current schema"
            )
        if before != SCHEMA_REVISION:
            from alembic import command

            drop_views(connection)
            command.upgrade(alembic_config(connection), "head")
        refresh_views(connection, force=before != SCHEMA_REVISION)
    return before, SCHEMA_REVISION


def one_opener_at_a_time(connection: Connection) -> None:
    """Runs started together open the store together: on PostgreSQL they would all create the tables of an empty
    database and all but one fail. A lock held to the end of the transaction makes them take turns; the next one
    in then finds the schema up to date. (On SQLite the transaction's BEGIN IMMEDIATE does the same.)"""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def refresh_views(connection: Connection, force: bool = False) -> None:
    """(Re-)create the views when they are missing or their definitions changed; otherwise leave them alone, so
    opening the store takes no lock on them that a running query would have to wait for."""
    fingerprint = views_fingerprint(connection.dialect.name)
    stored = connection.execute(select(store_meta.c.value).where(store_meta.c.key == VIEWS_KEY)).scalar()
    missing = set(VIEW_ORDER) - set(inspect(connection).get_view_names())
    if not force and not missing and stored == fingerprint:
        return
    create_views(connection)
    grant_reader(connection)  # a re-created view has lost its grants
    connection.execute(delete(store_meta).where(store_meta.c.key == VIEWS_KEY))
    connection.execute(insert(store_meta), {"key": VIEWS_KEY, "value": fingerprint})


def stamp(engine: Engine, revision: str) -> None:
    """Record that the database is at `revision` without running anything (for databases made by hand)."""
    from alembic import command

    with engine.begin() as connection:
        command.stamp(alembic_config(connection), revision)
