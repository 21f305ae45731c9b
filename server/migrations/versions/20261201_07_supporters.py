"""plan_share: phase limit, what the supporter last saw, the optional e-mail

Revision ID: 20261201_07
Revises: 20261201_06
Create Date: 2026-12-01 18:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "20261201_07"
down_revision = "20261201_06"
branch_labels = None
depends_on = None

COLUMNS = (
    # NULL everywhere for the links made before: every phase, nothing seen yet (so the
    # first opening marks nothing), no e-mail.
    ("phases", sa.JSON()),
    ("seen_version", sa.Integer()),
    ("notify_email", sa.String(length=254)),
    ("action_key", sa.String(length=64)),
    ("notified_version", sa.Integer()),
    ("mailed_at", sa.DateTime(timezone=True)),
    ("mail_stopped_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("plan_share") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_share") as batch:
        for name, _kind in reversed(COLUMNS):
            batch.drop_column(name)
