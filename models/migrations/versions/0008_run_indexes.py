"""Indexes from a run to what it stored: a run's report (its claim counts, the claims it changed) reads the run's
own versions, not every version in the store (one file's run on a 19,042-article store: 0.8 s -> 0.02 s)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_article_version_ingest_run_id", "article_version", ["ingest_run_id"])
    op.create_index("ix_claim_version_observation_id", "claim_version", ["observation_id"])


def downgrade() -> None:
    op.drop_index("ix_claim_version_observation_id", table_name="claim_version")
    op.drop_index("ix_article_version_ingest_run_id", table_name="article_version")
