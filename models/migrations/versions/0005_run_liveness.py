"""ingest_run: which process runs it (host, pid, process start), so a killed run can be told from a live one

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ingest_run") as batch_op:
        batch_op.add_column(sa.Column("host", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("pid", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("process_start", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ingest_run") as batch_op:
        batch_op.drop_column("process_start")
        batch_op.drop_column("pid")
        batch_op.drop_column("host")
