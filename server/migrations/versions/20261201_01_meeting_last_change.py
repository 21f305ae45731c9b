"""meeting.last_change: what the last time-or-place change was

Revision ID: 20261201_01
Revises: 20261125_09
Create Date: 2026-12-01 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "20261201_01"
down_revision = "20261125_09"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Meetings changed before this release keep "": they still show "gewijzigd".
    op.add_column(
        "meeting",
        sa.Column("last_change", sa.String(length=16), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.drop_column("last_change")
