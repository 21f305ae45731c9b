"""reach: overmacht on a late cancellation, the calendar without address

Revision ID: 20261201_03
Revises: 20261125_09
Create Date: 2026-12-01 16:00:00
"""

import sqlalchemy as sa
from alembic import op


revision = '20261201_03'
down_revision = '20261125_09'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # server_default: the rows already there get a value; none of them was overmacht.
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('force_majeure', sa.Boolean(), nullable=False, server_default=sa.false()))
    # Existing links keep showing what they showed.
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.add_column(sa.Column('with_place', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.drop_column('with_place')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_column('force_majeure')
