"""totp: last used step

Revision ID: 20261125_07
Revises: 20261125_06
Create Date: 2026-11-25 09:40:09.211120
"""

import sqlalchemy as sa
from alembic import op

import server.db


revision = '20261125_07'
down_revision = '20261125_06'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')

