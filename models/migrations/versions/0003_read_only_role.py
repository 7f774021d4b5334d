"""newsfacts_reader: the role `newsfacts sql` runs every query as (PostgreSQL only; nothing on SQLite)

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

from models.reader import create_reader_role, grant_reader, revoke_reader

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        create_reader_role(connection)
        # The tables only: the views are re-created (and granted) after every upgrade, see models/migrate.py.
        grant_reader(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        revoke_reader(connection)
