"""A new Prefect home's database, from a copy instead of Prefect's migrations.

On a Prefect home with no database yet, Prefect's server creates one by running its 116 SQLite migrations: about
6.6 CPU s on a 2-core machine (Prefect 3.9.1), while the command's first flow waits for the server. Those migrations
on an empty database always give the same file: its schema and one row, the schema's revision in `alembic_version`.
So the install (`make`) runs them once, into `<venv>/share/newsfacts/prefect-<version>.db`, and the temporary server
of a command (flows/local_api.py) starts with this module's `create_app`: a new home's SQLite database gets a copy
of that file, and then Prefect's own app starts as usual. Its migrations still run: on the copy they find the
schema at their last revision and do nothing (0.6 s, as on any used home); a copy from another revision would be
brought up to date. With no copy made (an install without `make`), or with a database already there, or another
database than a SQLite file, nothing changes.

    python -m flows.prefect_database    # make the copy for the Prefect installed here (what `make` runs)
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def template_path() -> Path:
    """Where the migrated, empty database for the installed Prefect is kept (inside the virtual environment)."""
    return Path(sys.prefix, "share", "newsfacts", f"prefect-{version('prefect')}.db")


def create_app() -> FastAPI:
    """Prefect's API app (uvicorn's factory in the temporary server), once a new home's database is a copy of the
    template."""
    from prefect.server.api.server import create_app as create_prefect_app
    from prefect.settings import get_current_settings

    connection_url = get_current_settings().server.database.connection_url
    database = sqlite_file(connection_url.get_secret_value() if connection_url else None)
    if database is not None:
        copy_if_new(template_path(), database)
    return create_prefect_app()


def sqlite_file(connection_url: str | None) -> Path | None:
    """The file of a SQLite database URL with a plain path; None for other databases, memory and URI forms."""
    from sqlalchemy.engine import make_url

    if not connection_url:
        return None
    url = make_url(connection_url)
    if url.get_backend_name() != "sqlite" or url.query or not url.database:
        return None
    if url.database == ":memory:" or url.database.startswith("file:"):
        return None
    return Path(url.database)


def copy_if_new(template: Path, database: Path) -> bool:
    """Make `database` a copy of `template` if there is no such database yet (and no write-ahead log of one, which
    SQLite would replay into the copy). The copy appears whole or not at all: it is written beside the database and
    linked to its name, which fails if a process made the database meanwhile (two commands starting on one new
    home). Returns whether it copied; when it cannot, Prefect creates the database as it always does."""
    if not template.is_file() or database.exists() or Path(f"{database}-wal").exists():
        return False
    database.parent.mkdir(parents=True, exist_ok=True)
    partial = database.with_name(f".{database.name}.{os.getpid()}.partial")
    try:
        shutil.copyfile(template, partial)
        os.link(partial, database)
    except OSError:  # made meanwhile (FileExistsError), or no room, or a file system without links
        return False
    finally:
        partial.unlink(missing_ok=True)
    return True


def make_template(template: Path) -> None:
    """Run Prefect's migrations on a new, empty database and keep it at `template`, in place of any made before,
    for this or another Prefect version. Runs in a process that has not imported Prefect yet: Prefect reads its
    settings once, at import."""
    template.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=template.parent) as folder:
        database = Path(folder, "prefect.db")
        os.environ["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{database}"
        from prefect.server.database import provide_database_interface

        asyncio.run(provide_database_interface().create_db())
        with sqlite3.connect(database) as connection:  # everything into the file itself: the copy is that file
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        os.replace(database, template)
    for other in template.parent.glob("prefect-*.db"):
        if other != template:
            other.unlink()


def main() -> int:
    template = template_path()
    try:
        make_template(template)
    except OSError as error:
        print(f"could not write {template} ({error}): a new Prefect home will create its own database",
              file=sys.stderr)
        return 1
    print(f"migrated Prefect database for new Prefect homes: {template}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
