"""Typed claim values: the number, a range's upper end, the approx marker, the normalised unit and scale of each
observation, and the change verb that tells a change from a disagreement

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from models.views import drop_views

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = (
    ("value_num", sa.Float()),
    ("value_upper", sa.Float()),
    ("value_approx", sa.String(length=4)),
    ("value_unit", sa.String(length=32)),
    ("value_scale", sa.Float()),
    ("change_cue", sa.String(length=32)),
)


def upgrade() -> None:
    # Views read claim_observation; the store re-creates them after every upgrade.
    with op.batch_alter_table("claim_observation") as table:
        for name, type_ in COLUMNS:
            table.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    drop_views(op.get_bind())  # they read these columns; the store re-creates the views it needs
    with op.batch_alter_table("claim_observation") as table:
        for name, _type in reversed(COLUMNS):
            table.drop_column(name)
