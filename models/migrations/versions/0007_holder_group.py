"""holder_group: a group known by its members keeps one holder key across articles that name it differently

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holder_group",
        sa.Column("members", sa.Text(), primary_key=True),
        sa.Column("holder", sa.Text(), nullable=False),
    )  # the reader role's grant follows the upgrade, with the views'


def downgrade() -> None:
    op.drop_table("holder_group")
