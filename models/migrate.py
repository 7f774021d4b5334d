"""Schema migrations (Alembic), run from code: a new store is created at the latest revision, an older one is
upgraded when the store opens. Views are derived objects: they are re-created after every upgrade."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from models.views import create_views, drop_views

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class MigrationError(Exception):
    """The database's schema cannot be brought up to date automatically; the message says what to run."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revision"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the latest revision and re-create the views. Returns (revision before, after)."""
    with engine.begin() as connection:
        before = current_revision(connection)
        if before is None and inspect(connection).has_table("claim"):
            raise MigrationError(
                "this database has newsfacts tables but no migration history; back it up and run "
                f"`newsfacts upgrade --stamp {head_revision()}` if it matches the current schema"
            )
        if before != head_revision():
            drop_views(connection)
            command.upgrade(alembic_config(connection), "head")
        create_views(connection)
    return before, head_revision()


def stamp(engine: Engine, revision: str) -> None:
    """Record that the database is at `revision` without running anything (for databases made by hand)."""
    with engine.begin() as connection:
        command.stamp(alembic_config(connection), revision)
