"""ingest_error keeps one row per failure: duplicates of (file, stage, content) that every scan used to add go,
and a unique index keeps them from coming back

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The first row of each failure stays: it says when the file first failed. Rows with no content hash (a file
    # that could not be read) are compared as equal, as record_errors does.
    op.execute(
        """
        DELETE FROM ingest_error WHERE id NOT IN (
            SELECT MIN(id) FROM ingest_error GROUP BY source_key, stage, COALESCE(content_sha256, '')
        )
        """
    )
    op.create_index("ux_ingest_error_once", "ingest_error", ["source_key", "stage", "content_sha256"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_ingest_error_once", table_name="ingest_error")
