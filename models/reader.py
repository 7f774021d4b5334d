"""PostgreSQL only: `newsfacts_reader`, the role `newsfacts sql` runs every query as.

It holds USAGE on the store's schema and SELECT on its tables and views, nothing else. A superuser session that
drops to it with SET ROLE could climb back inside the query itself (`set_config('role', 'postgres', true)`,
then `query_to_xml('…pg_read_file…')`), because SET ROLE checks the session user, not the current one: so EXECUTE
on set_config is taken from PUBLIC in the store's database (superusers keep it; the database owner gets it back,
so its pg_dump still works).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# SQLAlchemy and the schema are imported where they are used: `newsfacts sql` on a SQLite store imports this
# module for the role's name alone, and starts faster without them.
if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

READER_ROLE = "newsfacts_reader"
SET_CONFIG = "pg_catalog.set_config(text, text, boolean)"


def create_reader_role(connection: Connection) -> None:
    """Create the role when this session may (superuser or CREATEROLE); otherwise an administrator does, and
    `newsfacts sql` says so. Roles belong to the whole cluster: another store may have created it already."""
    from sqlalchemy import text

    superuser, create_role = connection.execute(
        text("SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).one()
    if not (superuser or create_role):
        return
    connection.exec_driver_sql(f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
                CREATE ROLE {READER_ROLE} NOLOGIN;
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- another store's migration won the race
        END $$""")
    if superuser:
        connection.exec_driver_sql(f"REVOKE EXECUTE ON FUNCTION {SET_CONFIG} FROM PUBLIC")
        owner = connection.execute(text(
            "SELECT quote_ident(r.rolname) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba "
            "WHERE d.datname = current_database() AND NOT r.rolsuper")).scalar()
        if owner:
            connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {SET_CONFIG} TO {owner}")
    else:
        # SET ROLE needs membership; a superuser has it implicitly.
        connection.exec_driver_sql(f"GRANT {READER_ROLE} TO CURRENT_USER")


def set_up_reader(engine: Engine) -> None:
    """Create (if this session may) and grant the role again: what `newsfacts upgrade` does after migrating, so
    a store whose role went missing, or whose set_config grant came back, is put right by running it."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        create_reader_role(connection)
        grant_reader(connection)


def grant_reader(connection: Connection) -> None:
    """SELECT on the store's tables and views as they exist now, and on whatever this role creates in the schema
    later (default privileges), so a re-created or new view stays readable."""
    from sqlalchemy import inspect, text

    from models.schema import metadata
    from models.views import VIEW_ORDER

    if connection.dialect.name != "postgresql" or not reader_exists(connection):
        return
    schema = connection.execute(text("SELECT quote_ident(current_schema())")).scalar_one()
    present = set(inspect(connection).get_table_names()) | set(inspect(connection).get_view_names())
    names = [name for name in [*metadata.tables, *VIEW_ORDER] if name in present]
    has_usage = connection.execute(
        text("SELECT has_schema_privilege(:role, current_schema(), 'USAGE')"), {"role": READER_ROLE}
    ).scalar()
    if not has_usage:
        connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {READER_ROLE}")
    if names:
        connection.exec_driver_sql(f"GRANT SELECT ON {', '.join(names)} TO {READER_ROLE}")
    connection.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {READER_ROLE}")


def revoke_reader(connection: Connection) -> None:
    """Undo grant_reader and give set_config back to PUBLIC; the role itself stays (other stores may use it)."""
    from sqlalchemy import text

    if not reader_exists(connection):
        return
    schema = connection.execute(text("SELECT quote_ident(current_schema())")).scalar_one()
    connection.exec_driver_sql(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE SELECT ON TABLES FROM {READER_ROLE}")
    connection.exec_driver_sql(f"REVOKE SELECT ON ALL TABLES IN SCHEMA {schema} FROM {READER_ROLE}")
    connection.exec_driver_sql(f"REVOKE USAGE ON SCHEMA {schema} FROM {READER_ROLE}")
    if connection.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar():
        connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {SET_CONFIG} TO PUBLIC")


def reader_exists(connection: Connection) -> bool:
    from sqlalchemy import text

    return bool(connection.execute(
        text("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = :role)"), {"role": READER_ROLE}
    ).scalar())
