"""newsfacts_reader: the role `newsfacts sql` runs every query as (PostgreSQL only; nothing on SQLite)

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

from models.reader import create_reader_role, grant_reader, revoke_reader

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        create_reader_role(connection)
        grant_reader(connection)  # the views are dropped now; re-created and granted after the upgrade


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        revoke_reader(connection)
